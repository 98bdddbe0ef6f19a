"""Excel: result tables out (styled, safe), strategies and measurements in,
and a clear error naming file, sheet, row and column for every bad workbook."""

import math
import os
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

import styrkort as sk
from styrkort import excel as xl
from styrkort import report


# -- helpers ----------------------------------------------------------------------
def _cell(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def rows_of(frame):
    """A DataFrame as sheet rows: the header, then the values (NaN as an empty cell)."""
    return [list(frame.columns)] + [[_cell(v) for v in row] for row in frame.itertuples(index=False)]


class Formula(str):
    """Text openpyxl binds by its look: a formula ("=…") or an error value ("#DIV/0!"); other text is
    written as text."""


def workbook(path, sheets):
    """Write sheets (name -> list of rows, the first the header) with openpyxl."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for i, r in enumerate(rows, start=1):
            for j, v in enumerate(r, start=1):
                if v is None:
                    continue
                cell = ws.cell(i, j, v)
                if isinstance(v, str) and not isinstance(v, Formula):
                    cell.data_type = "s"  # openpyxl would take "=..." for a formula
    wb.save(path)
    return path


MEASUREMENTS_HEADER = ["indicator", "unit", "period", "value", "note"]


def measurements_book(tmp_path, rows, header=MEASUREMENTS_HEADER, name="m.xlsx", sheet="measurements"):
    return workbook(tmp_path / name, {sheet: [header] + rows})


SMALL_NODES = [
    ["id", "kind", "name", "parent", "direction", "target_value", "target_period"],
    ["vision", "vision", "Vision", None, None, None, None],
    ["g1", "goal", "Mål 1", "vision", None, None, None],
    ["i1", "indicator", "Indikator 1", "g1", "higher_is_better", 10, "2020"],
]


def small_book(tmp_path, **sheets):
    content = {"nodes": [list(r) for r in SMALL_NODES]}
    content.update(sheets)
    return workbook(tmp_path / "strategi.xlsx", content)


def error_of(kind, fn, *args, **kw):
    with pytest.raises(kind) as e:
        fn(*args, **kw)
    return str(e.value)


# -- strategy round trip ------------------------------------------------------------
def test_gavle_strategy_round_trips_through_tables_and_a_workbook(tmp_path):
    s = sk.examples.gavle_strategy()
    sheets = xl.strategy_sheets(s)
    # the example exercises every sheet, including a second parent with its own weight and the
    # target paths (yearly milestones, per-unit baselines and targets) in the targets sheet
    assert set(sheets) == {"strategy", "nodes", "links", "units", "periods", "activities", "assessments", "targets"}
    assert sheets["links"].to_dict("records") == [{"child": "i_kh_omvarld", "parent": "mal_int", "weight": 0.5}]
    # tables -> Strategy
    meta = dict(zip(sheets["strategy"]["key"], sheets["strategy"]["value"]))
    assert meta["defaults.node_status_rule.method"] == "share_green"
    # tables -> workbook written by openpyxl -> Strategy
    path = workbook(tmp_path / "strategi.xlsx", {k: rows_of(v) for k, v in sheets.items()})
    back = xl.read_strategy_excel(path)
    assert back.to_dict() == s.to_dict()
    # and through the package's own writer
    path2 = xl.write_strategy_excel(tmp_path / "strategi2.xlsx", s)
    assert xl.read_strategy_excel(path2).to_dict() == s.to_dict()


def test_strategy_tables_match_from_tables(tmp_path):
    s = sk.examples.gavle_strategy()
    t = xl.strategy_sheets(s)
    meta = dict(zip(t["strategy"]["key"], t["strategy"]["value"]))
    defaults = {}
    for k, v in meta.items():
        if k.startswith("defaults."):
            node = defaults
            *head, last = k.split(".")[1:]
            for p in head:
                node = node.setdefault(p, {})
            node[last] = v
    again = sk.Strategy.from_tables(
        t["nodes"],
        units=t["units"],
        periods=t["periods"],
        links=t["links"],
        activities=t["activities"],
        assessments=t["assessments"],
        targets=t["targets"],
        defaults=defaults,
        name=meta["name"],
        organisation=meta["organisation"],
    )
    assert again.to_dict() == s.to_dict()


def test_strategy_sheet_ids_typed_as_numbers_and_blank_rows(tmp_path):
    nodes = [list(r) for r in SMALL_NODES]
    nodes[3][6] = 2020  # a period typed as a number
    nodes.insert(3, [None] * 7)  # an empty row between nodes is skipped
    path = workbook(
        tmp_path / "s.xlsx",
        {"nodes": nodes, "strategy": [["key", "value"], ["name", "Liten"], ["defaults.carry_forward", "1,5"]]},
    )
    s = xl.read_strategy_excel(path)
    d = s.to_dict()
    assert d["name"] == "Liten"
    assert d["defaults"]["carry_forward"] == 1.5
    assert [n for n in d["nodes"] if n["id"] == "i1"][0]["target"] == {"value": 10.0, "period": "2020"}


# -- measurements round trip ---------------------------------------------------------
def assert_same_measurements(got, frame):
    assert list(got.columns) == ["indicator", "unit", "period", "value", "note"]
    cols = ["indicator", "unit", "period", "note"]
    assert (
        got[cols].astype(object).where(got[cols].notna(), None).values.tolist()
        == frame[cols].astype(object).where(frame[cols].notna(), None).values.tolist()
    )
    v, w = got["value"].to_numpy(), frame["value"].to_numpy(dtype=float)
    assert np.array_equal(np.isnan(v), np.isnan(w))
    assert np.array_equal(v[~np.isnan(v)], w[~np.isnan(w)])  # bit for bit


def test_measurements_round_trip_is_exact(tmp_path):
    m = sk.examples.gavle_measurements()
    # a workbook as another program writes it
    path = workbook(tmp_path / "matningar.xlsx", {"measurements": rows_of(m.frame)})
    back = xl.read_measurements_excel(path)
    assert back.source == f"{path}, sheet 'measurements'"
    assert_same_measurements(back.frame, m.frame)
    a = sk.evaluate(sk.examples.gavle_strategy(), m).table()
    b = sk.evaluate(sk.examples.gavle_strategy(), back).table()
    assert np.array_equal(a["score"].to_numpy(), b["score"].to_numpy(), equal_nan=True)
    # through the package's own writer: a missing value stays missing, formula-like text stays text and
    # numbers that need 17 digits (openpyxl alone writes 16) come back bit for bit
    frame = m.frame.copy()
    frame.loc[len(frame)] = ["i_fa1_projekt", "ks", "2020-T1", np.nan, None]
    frame.loc[len(frame)] = ["i_fa1_projekt", "ks", "2020-T2", 0.1 + 0.2, "=inte en formel"]
    frame.loc[len(frame)] = ["i_fa1_projekt", "ks", "2020-T3", 1 / 3, "@kommentar"]
    path = xl.write_measurements_excel(tmp_path / "egen.xlsx", sk.Measurements(frame))
    got = xl.read_measurements_excel(path).frame
    assert_same_measurements(got, frame)
    assert got["value"].iloc[-2] == 0.1 + 0.2 and got["value"].iloc[-1] == 1 / 3
    assert math.isnan(got["value"].iloc[-3]) and got["note"].iloc[-2] == "=inte en formel"


def test_measurements_ids_as_numbers_and_decimal_commas(tmp_path):
    path = measurements_book(
        tmp_path,
        [["i1", "u", 2018, "12,5", None], ["i1", "u", 2019.0, 7, None], ["i1", "u", "2020", None, "saknas"]],
        header=["Indicator", "unit", " period ", "VALUE", "note"],
    )
    got = xl.read_measurements_excel(path).frame
    assert got["period"].tolist() == ["2018", "2019", "2020"]
    assert got["value"].iloc[0] == 12.5 and got["value"].iloc[1] == 7.0 and math.isnan(got["value"].iloc[2])


def test_unknown_indicator_is_reported_at_its_excel_row(tmp_path):
    path = measurements_book(
        tmp_path,
        [
            ["i_fa1_projekt", "ks", "2018", 3, None],
            ["i_fa1_projekt", "ks", "2019", 4, None],
            ["okand", "ks", "2019", 4, None],
        ],
    )
    m = xl.read_measurements_excel(path)
    msg = error_of(sk.MeasurementError, sk.evaluate, sk.examples.gavle_strategy(), m)
    assert msg.startswith(f"{path}, sheet 'measurements', row 4: unknown indicator 'okand'")


# -- export ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gavle_book(tmp_path_factory, gavle_eval):
    import styrkort.action_plan as action_plan

    folder = tmp_path_factory.mktemp("export")
    sheets = xl.evaluation_sheets(gavle_eval)
    sheets["activities"] = action_plan.follow_up(gavle_eval.strategy).activities
    sheets["funds"] = sk.examples.gavle_funds()
    sheets["allocation"] = sk.allocation.allocate_focus_areas(gavle_eval.strategy, sk.examples.gavle_allocation())
    sheets["Etiketter"] = pd.DataFrame(
        {
            "name": [
                '=HYPERLINK("http://example.org","klicka")',
                "+46 26 17 80 00",
                "-1",
                "@SUM(A1)",
                "#N/A",
                "vanlig text",
            ],
            "value": [1.5, np.nan, 0.0, -2.0, np.nan, 3.0],
        }
    )
    path = xl.write_workbook(folder / "uppfoljning.xlsx", sheets, lang="sv")
    return path, sheets


def test_export_sheets_headers_and_layout(gavle_book):
    path, sheets = gavle_book
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Poäng",
        "Status",
        "Trender",
        "Varningar",
        "Handlingsplan",
        "Externa medel",
        "Fördelning",
        "Etiketter",
    ]
    ws = wb["Status"]
    assert [c.value for c in ws[1]] == [
        "Enhet",
        "Nod",
        "Typ",
        "Namn",
        "Period",
        "Status",
        "Beräknad status",
        "Kommentar",
        "Skäl",
        "Manuell",
    ]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{len(sheets['statuses']) + 1}"
    assert ws.max_row == len(sheets["statuses"]) + 1
    # a column name not in the dictionary: "_" as a space, capital first letter
    ws = wb["Handlingsplan"]
    header = [c.value for c in ws[1]]
    assert "Fokusområdets namn" in header and "Kostnadsavvikelse" in header
    assert xl._header("grant_cash_flow", "en") == "Grant cash flow"
    # column widths are fitted to the longest text, within limits
    names = wb["Status"]
    assert names.column_dimensions["D"].width == 60  # long node names are capped
    assert 8 <= names.column_dimensions["A"].width < 20


def test_export_numbers_missing_and_formats(gavle_book, gavle_eval):
    path, sheets = gavle_book
    wb = openpyxl.load_workbook(path)
    ws = wb["Poäng"]
    scores = sheets["scores"]
    col = {c.value: c.column for c in ws[1]}
    for i in (0, 5, len(scores) - 1):
        row = scores.iloc[i]
        score = ws.cell(i + 2, col["Poäng"]).value
        assert (score is None) if math.isnan(row["score"]) else score == row["score"]
    # a goal has no value of its own: the cell is empty, never 0
    goal_rows = np.flatnonzero((scores["kind"] == "goal").to_numpy())
    assert len(goal_rows) > 0
    assert all(ws.cell(i + 2, col["Värde"]).value is None for i in goal_rows)
    assert ws.cell(2, col["Täckning"]).number_format == "0.0%"
    assert ws.cell(2, col["Poäng"]).number_format == "0.0"
    # the status words are in Swedish; kinds too
    st = wb["Status"]
    words = {c.value for c in st["F"][1:]}
    assert words <= set(report.LABELS["sv"]["status_word"].values())
    assert {"Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"} <= words
    assert st["C2"].value == report.LABELS["sv"]["kind_name"][sheets["statuses"]["kind"].iloc[0]]
    alloc = wb["Fördelning"]
    acol = {c.value: c.column for c in alloc[1]}
    assert alloc.cell(2, acol["Egna medel"]).number_format == "#,##0"
    assert alloc.cell(2, acol["Egna medel"]).value == sheets["allocation"].table["own"].iloc[0]


def test_export_status_cells_are_coloured(gavle_book):
    path, sheets = gavle_book
    wb = openpyxl.load_workbook(path)
    st = wb["Status"]
    statuses = sheets["statuses"]["status"].astype(str).tolist()
    green = statuses.index("green") + 2
    red = statuses.index("red") + 2
    cell = st.cell(green, 6)
    assert cell.value == "Uppfyllt"
    assert cell.fill.fill_type == "solid"
    assert cell.fill.fgColor.rgb == "FF" + report.STATUS_COLOURS["green"][0].lstrip("#").upper()
    assert cell.font.color.rgb == "FF" + report.STATUS_COLOURS["green"][1].lstrip("#").upper()
    assert st.cell(red, 6).value == "Ej uppfyllt"
    assert st.cell(red, 6).fill.fgColor.rgb == "FF" + report.STATUS_COLOURS["red"][0].lstrip("#").upper()
    # the manual assessment of fa2 in 2020: status yellow, computed status coloured by its own value
    s = sheets["statuses"]
    k = np.flatnonzero(((s["node"] == "fa2") & (s["period"] == "2020") & (s["unit"] == "gavle")).to_numpy())[0]
    assert st.cell(k + 2, 6).fill.fgColor.rgb == "FF" + report.STATUS_COLOURS["yellow"][0].lstrip("#").upper()
    computed = str(s["computed_status"].iloc[k])
    assert st.cell(k + 2, 7).fill.fgColor.rgb == "FF" + report.STATUS_COLOURS[computed][0].lstrip("#").upper()
    assert st.cell(k + 2, 8).value.startswith("Delvis uppfyllt")
    # activities have their own colours and words
    ws = wb["Handlingsplan"]
    col = [c.value for c in ws[1]].index("Status") + 1
    acts = sheets["activities"]
    i = acts["status"].tolist().index("delayed")
    cell = ws.cell(i + 2, col)
    assert cell.value == "Försenad"
    assert cell.fill.fgColor.rgb == "FF" + report.ACTIVITY_COLOURS["delayed"][0].lstrip("#").upper()
    # other columns are not filled
    assert ws.cell(i + 2, 1).fill.fill_type is None
    # grants: the report's words, granted in the colour of a fulfilled goal, rejected in that of a failed one
    from styrkort._display.words import SECTIONS as SECTION_LABELS

    ws = wb["Externa medel"]
    header = [c.value for c in ws[1]]
    col = header.index("Status") + 1
    assert "Co-financing rate" not in header and "Medfinansieringsgrad" in header
    grants = sheets["funds"].table
    for status, colour in (("granted", report.STATUS_COLOURS["green"]), ("rejected", report.STATUS_COLOURS["red"])):
        i = grants["status"].tolist().index(status)
        cell = ws.cell(i + 2, col)
        assert cell.value == SECTION_LABELS["sv"]["fund_status"][status]
        assert cell.fill.fgColor.rgb == "FF" + colour[0].lstrip("#").upper()
    rate = ws.cell(2, header.index("Medfinansieringsgrad") + 1)
    assert rate.number_format == "0.0%" and rate.value == grants["rate"].iloc[0]


def test_export_text_is_never_a_formula(gavle_book):
    path, sheets = gavle_book
    wb = openpyxl.load_workbook(path)  # formulas would come back as data_type "f"
    ws = wb["Etiketter"]
    names = sheets["Etiketter"]["name"].tolist()
    for i, text in enumerate(names):
        cell = ws.cell(i + 2, 1)
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@"))
    assert ws["B3"].value is None and ws["B4"].value == 0  # NaN empty, 0 stays 0
    with zipfile.ZipFile(path) as z:
        sheet_xml = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any(re.search(rb"<f[ >]", z.read(n)) for n in sheet_xml)
        assert not any(b't="e"' in z.read(n) for n in sheet_xml)


def test_export_in_english_and_result_objects(tmp_path, gavle_eval):
    split = sk.allocation.allocate_focus_areas(gavle_eval.strategy, sk.examples.gavle_allocation())
    sheets = {**xl.evaluation_sheets(gavle_eval, latest=True, unit="gavle"), "allocation": split}
    path = xl.write_workbook(tmp_path / "followup.xlsx", sheets, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Scores", "Statuses", "Trends", "Warnings", "Allocation"]
    assert [c.value for c in wb["Trends"][1]] == [
        "Unit",
        "Node",
        "Name",
        "Period",
        "Value",
        "Target",
        "Trend",
        "Ratio of observed to required pace",
        "SDG arrow",
        "Forecast",  # the period whose span holds the forecast ("2024"), not a time in years
    ]
    assert {c.value for c in wb["Statuses"]["A"][1:]} == {"gavle"}
    # latest: one row per node for the unit
    assert wb["Statuses"].max_row - 1 == len(sheets["statuses"]) == sheets["statuses"]["node"].nunique()
    forecasts = [c.value for c in wb["Trends"]["J"][1:] if c.value is not None]
    assert forecasts and all(isinstance(f, str) and re.fullmatch(r"\d{4}", f) for f in forecasts)
    arrows = {c.value for c in wb["Trends"]["I"][1:]}
    assert arrows <= {f"{report.ARROWS[k]} {w}".strip() for k, w in report.LABELS["en"]["arrow_word"].items()}
    binding = [c.value for c in wb["Allocation"]["H"][1:]]
    assert set(binding) <= set(report.LABELS["en"]["binding_word"].values())


def test_labels_have_the_same_keys_in_every_language():
    assert set(xl.HEADERS["sv"]) == set(xl.HEADERS["en"])
    assert set(xl.SHEET_TITLES["sv"]) == set(xl.SHEET_TITLES["en"])


def test_evaluation_sheets_leave_out_rows_where_nothing_was_measured(gavle_eval):
    sheets = xl.evaluation_sheets(gavle_eval)
    full = gavle_eval.table()
    kept = full["value"].notna() | full["score"].notna() | (full["coverage"].fillna(0) > 0) | full["comment"].notna()
    assert len(sheets["statuses"]) == int(kept.sum()) < len(full)
    assert (sheets["trends"]["value"].notna()).all()
    assert set(sheets["trends"]["node"]) == set(gavle_eval.strategy.indicators["id"])
    msg = error_of(sk.ArgumentError, xl.evaluation_sheets, gavle_eval, unit="stockholm")
    assert "unknown unit 'stockholm'" in msg and "gavle" in msg


# -- writing: refusals ------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, rule",
    [
        ("x" * 32, "has 32 characters; Excel allows at most 31"),
        ("Mål/utfall", "the character '/' is not allowed"),
        ("'citat'", "apostrophe"),
        ("", "it is empty"),
        ("History", "reserves"),
    ],
)
def test_bad_sheet_names_are_named(tmp_path, name, rule):
    msg = error_of(sk.ArgumentError, xl.write_workbook, tmp_path / "a.xlsx", {name: pd.DataFrame({"a": [1]})})
    assert f"sheet name {name!r} is not valid in Excel" in msg and rule in msg
    assert not (tmp_path / "a.xlsx").exists()


def test_duplicate_sheet_names_ignoring_case(tmp_path):
    msg = error_of(
        sk.ArgumentError,
        xl.write_workbook,
        tmp_path / "a.xlsx",
        {"Data": pd.DataFrame({"a": [1]}), "DATA": pd.DataFrame({"a": [2]})},
    )
    assert "'DATA'" in msg and "repeats the sheet 'Data'" in msg
    # "scores" becomes "Poäng" in Swedish, so a sheet of that name clashes with it
    msg = error_of(
        sk.ArgumentError,
        xl.write_workbook,
        tmp_path / "a.xlsx",
        {"scores": pd.DataFrame({"a": [1]}), "poäng": pd.DataFrame({"a": [2]})},
    )
    assert "repeats the sheet 'Poäng'" in msg


def test_refuses_to_overwrite_an_input(tmp_path):
    src = measurements_book(tmp_path, [["i1", "u", "2020", 1, None]], name="in.xlsx")
    before = src.read_bytes()
    msg = error_of(sk.ArgumentError, xl.write_workbook, src, {"a": pd.DataFrame({"a": [1]})}, inputs=[src])
    assert str(src) in msg and "overwrite an input" in msg
    assert src.read_bytes() == before
    msg = error_of(sk.ArgumentError, xl.write_workbook, tmp_path / "out.csv", {"a": pd.DataFrame({"a": [1]})})
    assert ".xlsx" in msg
    msg = error_of(sk.ArgumentError, xl.write_workbook, tmp_path / "nej" / "out.xlsx", {"a": pd.DataFrame()})
    assert "does not exist" in msg


def test_a_failed_write_leaves_the_old_file_and_no_half_file(tmp_path, monkeypatch):
    out = tmp_path / "ut.xlsx"
    out.write_bytes(b"old contents")

    def broken_save(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    msg = error_of(sk.ArgumentError, xl.write_workbook, out, {"a": pd.DataFrame({"a": [1.0]})})
    assert str(out) in msg and "No space left on device" in msg
    assert out.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut.xlsx"]


def test_text_excel_cannot_store_names_the_cell(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "name": ["ok", "bad\x01text"]})
    msg = error_of(sk.ArgumentError, xl.write_workbook, tmp_path / "a.xlsx", {"Lista": frame})
    assert "sheet 'Lista', row 3, column B (name)" in msg and "U+0001" in msg
    assert list(tmp_path.iterdir()) == []


def test_write_arguments(tmp_path):
    assert "unknown language 'de'" in error_of(
        sk.ArgumentError, xl.write_workbook, tmp_path / "a.xlsx", {"a": pd.DataFrame()}, lang="de"
    )
    assert "at least one sheet" in error_of(sk.ArgumentError, xl.write_workbook, tmp_path / "a.xlsx", {})
    assert "expected a pandas DataFrame" in error_of(
        sk.ArgumentError, xl.write_workbook, tmp_path / "a.xlsx", {"a": [1, 2]}
    )


def test_infinity_and_lists_are_shown_not_lost(tmp_path):
    frame = pd.DataFrame({"leverage": [2.0, np.inf], "directions": [["a", "b"], []]})
    wb = openpyxl.load_workbook(xl.write_workbook(tmp_path / "a.xlsx", {"x": frame}, lang="en"))
    ws = wb["x"]
    assert [c.value for c in ws[1]] == ["Leverage", "Directions"]
    assert ws["A2"].value == 2 and ws["A2"].number_format == "0.00" and ws["A3"].value == "∞"
    assert ws["B2"].value == "a; b" and ws["B3"].value is None


# -- reading: bad workbooks ------------------------------------------------------------------
def test_missing_file(tmp_path):
    p = tmp_path / "finns_inte.xlsx"
    assert error_of(sk.MeasurementError, xl.read_measurements_excel, p) == f"{p}: no such file"
    assert error_of(sk.StrategyError, xl.read_strategy_excel, p) == f"{p}: no such file"


def test_csv_renamed_to_xlsx(tmp_path):
    p = tmp_path / "matningar.xlsx"
    p.write_text("indicator;unit;period;value\ni1;u;2020;1,5\n", encoding="utf-8")
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}: is not an Excel workbook") and "CSV" in msg


def test_corrupt_and_foreign_zip_files(tmp_path):
    good = measurements_book(tmp_path, [["i1", "u", "2020", 1, None]])
    truncated = tmp_path / "trasig.xlsx"
    truncated.write_bytes(good.read_bytes()[:300])
    assert error_of(sk.MeasurementError, xl.read_measurements_excel, truncated).startswith(
        f"{truncated}: is not an Excel workbook"
    )
    other = tmp_path / "annan.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, other)
    assert msg.startswith(f"{other}: not a valid Excel workbook")
    old = tmp_path / "gammal.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "old Excel format (.xls)" in error_of(sk.MeasurementError, xl.read_measurements_excel, old)
    # a damaged sheet inside a valid package
    with zipfile.ZipFile(good) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    damaged = tmp_path / "skadad.xlsx"
    with zipfile.ZipFile(damaged, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b[: len(b) // 2] if n == "xl/worksheets/sheet1.xml" else b)
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, damaged)
    assert msg.startswith(f"{damaged}, sheet 'measurements': the sheet cannot be read")


def test_missing_sheet_names_the_sheets_that_exist(tmp_path):
    p = workbook(tmp_path / "m.xlsx", {"Blad1": [["a"]], "Mätningar": [["indicator"]]})
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}: no sheet 'measurements'") and "'Blad1', 'Mätningar'" in msg
    assert xl.read_measurements_excel(
        measurements_book(tmp_path, [["i", "u", "2020", 1, None]], sheet="Data"), sheet="data"
    ).frame["value"].tolist() == [1.0]
    s = workbook(tmp_path / "s.xlsx", {"noder": [["id", "kind"]]})
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}: no sheet 'nodes'") and "'noder'" in msg


def test_missing_and_unknown_columns(tmp_path):
    p = measurements_book(tmp_path, [["i1", "u", 1]], header=["indicator", "unit", "value"])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg == (
        f"{p}, sheet 'measurements': missing column 'period'; the sheet has the columns 'indicator', 'unit', 'value'"
    )
    p = measurements_book(
        tmp_path, [["i1", "u", "2020", 1, "x"]], header=["indicator", "unit", "period", "value", "kommentar"]
    )
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 1, column E: unknown column 'kommentar'")
    s = small_book(tmp_path, units=[["id", "namn"], ["gavle", "Gävle"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'units', row 1, column B: unknown column 'namn'")


def test_wrong_types_in_cells(tmp_path):
    import datetime

    p = measurements_book(tmp_path, [["i1", "u", "2020", 1, None], ["i1", "u", "2021", "ett", None]])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 3, column D (value): 'ett' is not a number")
    p = measurements_book(tmp_path, [["i1", "u", datetime.datetime(2020, 1, 1), 1, None]])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 2, column C (period): a date is not an id")
    p = measurements_book(tmp_path, [["i1", "u", "2020", True, None]])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 2, column D (value): TRUE/FALSE is not a number")
    nodes = [list(r) for r in SMALL_NODES]
    nodes[3][5] = "tio"
    s = workbook(tmp_path / "s.xlsx", {"nodes": nodes})
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'nodes', row 4, column F (target_value): 'tio' is not a number")


def test_formula_without_a_saved_result(tmp_path):
    # openpyxl writes formulas without calculating them, as many programs do
    p = measurements_book(tmp_path, [["i1", "u", "2020", 2, None], ["i1", "u", "2021", Formula("=D2*2"), None]])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 3, column D (value): the formula =D2*2 has no saved result")
    assert "open and save the file in Excel or LibreOffice" in msg


def test_formula_with_a_saved_result_is_read(tmp_path):
    p = measurements_book(tmp_path, [["i1", "u", "2020", 2, None], ["i1", "u", "2021", Formula("=D2*2"), None]])
    with zipfile.ZipFile(p) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>D2*2</f><v></v>" in sheet or "<f>D2*2</f><v />" in sheet
    parts["xl/worksheets/sheet1.xml"] = re.sub(r"<f>D2\*2</f><v ?/?>(</v>)?", "<f>D2*2</f><v>4</v>", sheet).encode()
    calculated = tmp_path / "beraknad.xlsx"
    with zipfile.ZipFile(calculated, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    assert xl.read_measurements_excel(calculated).frame["value"].tolist() == [2.0, 4.0]


def test_excel_error_values(tmp_path):
    p = measurements_book(tmp_path, [["i1", "u", "2020", Formula("#DIV/0!"), None]])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 2, column D (value): the cell holds the Excel error #DIV/0!")


def test_merged_cells(tmp_path):
    p = tmp_path / "sammanslagen.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measurements"
    for r in [MEASUREMENTS_HEADER, ["i1", "u", "2020", 1, None], ["i1", "u", "2021", 2, None]]:
        ws.append(r)
    ws.merge_cells("A2:A3")
    wb.save(p)
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements': the cells A2:A3 are merged") and "unmerge" in msg


def test_blank_and_repeated_header_cells(tmp_path):
    p = measurements_book(tmp_path, [["i1", "u", "2020", 1]], header=["indicator", None, "period", "value"])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 1, column B: the header cell is empty")
    p = measurements_book(
        tmp_path, [["i1", "u", "2020", 1, 2]], header=["indicator", "unit", "period", "value", "Value"]
    )
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 1, column E: the column 'Value' appears twice")
    p = measurements_book(tmp_path, [["i1", "u", "2020", 1, None, "extra"]])
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 2, column F: a value in a column without a header")
    p = workbook(tmp_path / "tom.xlsx", {"measurements": [[None], ["i1", "u", "2020", 1]]})
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 1: the header row is empty")


def test_empty_row_between_measurements(tmp_path):
    p = measurements_book(
        tmp_path, [["i1", "u", "2020", 1, None], [None] * 5, ["i1", "u", "2021", 2, None], [None] * 5, [None] * 5]
    )
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}, sheet 'measurements', row 3: the row is empty")
    # empty rows at the end are not rows
    p = measurements_book(tmp_path, [["i1", "u", "2020", 1, None], [None] * 5, [None] * 5], name="slut.xlsx")
    assert len(xl.read_measurements_excel(p)) == 1


def test_strategy_rule_errors_name_sheet_row_and_column(tmp_path):
    nodes = [list(r) for r in SMALL_NODES]
    nodes[3][4] = "upp"
    s = workbook(tmp_path / "strategi.xlsx", {"nodes": nodes})
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'nodes', row 4, column E (direction): unknown value \"upp\"")
    # a parent on the links sheet
    s = small_book(tmp_path, links=[["child", "parent", "weight"], ["i1", "vision", 0.5], ["i1", "okand", 1]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'links', row 3, column B (parent): unknown parent 'okand'")
    s = small_book(tmp_path, links=[["child", "parent", "weight"], ["i1", "vision", -1]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'links', row 2, column C (weight): negative")
    s = small_book(tmp_path, links=[["child", "parent"], ["ingen", "vision"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'links', row 2, column A (child): unknown node 'ingen'")
    # a column the sheet does not have
    nodes = [list(r) for r in SMALL_NODES]
    nodes[0][6] = "baseline_value"
    s = workbook(tmp_path / "strategi.xlsx", {"nodes": nodes})
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'nodes', row 4, column baseline_period (not in the sheet)")
    # units, activities and assessments
    s = small_book(tmp_path, units=[["id", "parent"], ["kommun", None], ["ks", "kommun"], ["x", "okand"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'units', row 4, column B (parent): unknown parent unit 'okand'")
    s = small_book(tmp_path, activities=[["id", "name", "status"], ["a1", "Resa", "klar"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'activities', row 2, column C (status): unknown value \"klar\"")
    s = small_book(tmp_path, activities=[["id", "gas_expected", "gas_attained"], ["a1", "Tre besök", 1.5]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'activities', row 2, column C (gas_attained): expected a whole number")
    s = small_book(tmp_path, assessments=[["node", "period", "status"], ["g1", "2020", "green"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'assessments', row 2, column comment (not in the sheet)")


def test_strategy_sheet_errors(tmp_path):
    s = small_book(tmp_path, strategy=[["key", "value"], ["name", "X"], ["defaults.aggregation.method", "medel"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(
        f"{s}, sheet 'strategy', row 3, column B (value) (defaults.aggregation.method): unknown value \"medel\""
    )
    s = small_book(tmp_path, strategy=[["key", "value"], ["namn", "X"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'strategy', row 2, column A (key): unknown key 'namn'")
    s = small_book(tmp_path, strategy=[["key", "value"], ["defaults.carry_forward", "två"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'strategy', row 2, column B (value): 'två' is not a number")
    s = small_book(tmp_path, strategy=[["key", "value"], ["name", "X"], ["name", "Y"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'strategy', row 3, column A (key): the key 'name' appears twice")
    s = small_book(tmp_path, strategy=[["nyckel", "value"]])
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, s)
    assert msg.startswith(f"{s}, sheet 'strategy', row 1, column A: unknown column 'nyckel'")


def test_hostile_xml_is_refused_without_fetching(tmp_path):
    good = measurements_book(tmp_path, [["i1", "u", "2020", 1, None]])
    with zipfile.ZipFile(good) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    secret = tmp_path / "hemlig.txt"
    secret.write_text("HEMLIGT", encoding="utf-8")
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"^<\?xml[^>]*\?>", "", sheet)
    # the first string cell (the header "indicator") is replaced by an entity
    cell = re.search(r'<c r="A1"[^>]*>.*?</c>', sheet).group(0)
    laughs = "".join(f'<!ENTITY e{i + 1} "{("&e%d;" % i) * 10}">' for i in range(9))
    for doctype, entity in [
        (f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;"),
        (f'<!DOCTYPE worksheet [<!ENTITY e0 "ha">{laughs}]>', "&e9;"),
    ]:
        hostile = tmp_path / "fientlig.xlsx"
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            + doctype
            + sheet.replace(cell, f'<c r="A1" t="inlineStr"><is><t>{entity}</t></is></c>')
        )
        with zipfile.ZipFile(hostile, "w") as z:
            for n, b in parts.items():
                z.writestr(n, text.encode() if n == "xl/worksheets/sheet1.xml" else b)
        msg = error_of(sk.MeasurementError, xl.read_measurements_excel, hostile)
        assert msg.startswith(f"{hostile}: the part xl/worksheets/sheet1.xml declares a DTD (<!DOCTYPE>)")
        assert "HEMLIGT" not in msg
    # also in the parts openpyxl parses itself (with lxml, when installed), after a comment
    book = parts["xl/workbook.xml"].decode()
    book = re.sub(r"^<\?xml[^>]*\?>", "", book)
    hostile = tmp_path / "bok.xlsx"
    with zipfile.ZipFile(hostile, "w") as z:
        for n, b in parts.items():
            z.writestr(
                n,
                (
                    '<?xml version="1.0"?>\n<!-- <a> -->\n<!DOCTYPE workbook [<!ENTITY xxe SYSTEM '
                    f'"file://{secret}">]>' + book
                ).encode()
                if n == "xl/workbook.xml"
                else b,
            )
    msg = error_of(sk.StrategyError, xl.read_strategy_excel, hostile)
    assert msg.startswith(f"{hostile}: the part xl/workbook.xml declares a DTD")


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    p = measurements_book(tmp_path, [["i1", "u", "2020", 1, None]])
    monkeypatch.setattr(xl._read, "MAX_UNPACKED_BYTES", 1000)
    msg = error_of(sk.MeasurementError, xl.read_measurements_excel, p)
    assert msg.startswith(f"{p}: unpacks to") and "more than the" in msg


def test_reading_leaves_no_open_files(tmp_path):
    p = measurements_book(tmp_path, [["i1", "u", "2020", 1, None]])
    before = set(os.listdir(f"/proc/{os.getpid()}/fd"))
    for _ in range(3):
        xl.read_measurements_excel(p)
        with pytest.raises(sk.MeasurementError):
            xl.read_measurements_excel(p, sheet="saknas")
    assert set(os.listdir(f"/proc/{os.getpid()}/fd")) <= before


# -- every result table of a follow-up (result_sheets, the CLI's `excel`) ----------------------------------------


def test_result_sheets_and_cli_excel(tmp_path, capsys):
    import openpyxl

    import styrkort as sk
    from styrkort.cli import main
    from styrkort.excel import result_sheets

    ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    fu = sk.follow_up(ev.strategy, year=2020)
    funds = sk.examples.gavle_funds()
    sheets = result_sheets(ev, follow_up=fu, funds=funds)
    assert list(sheets) == [
        "scores",
        "statuses",
        "trends",
        "warnings",
        "activities",
        "follow_up",
        "funds",
        "funds_compilation",
        "liquidity",
    ]
    assert len(sheets["activities"]) == 16 and sheets["activities"]["directions"].map(type).eq(str).all()
    assert sheets["liquidity"]["need"].max() == pytest.approx(funds.liquidity().peak)
    with pytest.raises(sk.ArgumentError, match="give at least one"):
        result_sheets()

    out = tmp_path / "uppfoljning.xlsx"
    assert main(["excel", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Poäng",
        "Status",
        "Trender",
        "Varningar",
        "Handlingsplan",
        "Uppföljning handlingsplan",
        "Externa medel",
        "Sammanställning medel",
        "Förfinansiering",
        "Fördelning",
        "Valda projekt",
    ]
    ws = wb["Uppföljning handlingsplan"]
    header = [c.value for c in ws[1]]
    t_col = header.index("GAS T-värde") + 1
    fa1 = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "fa1"][0]
    assert fa1[t_col - 1] == pytest.approx(50 - 40 / (0.7 * 9 + 0.3 * 25) ** 0.5)
    assert main(["excel", "--out", str(tmp_path / "x.html")]) == 1
    assert "use .xlsx" in capsys.readouterr().err
    s, m = sk.examples.path("gavle/strategy.json"), sk.examples.path("gavle/measurements.csv")
    assert main(["excel", str(s), str(m), "--out", str(tmp_path / "m.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames[:3] == ["Poäng", "Status", "Trender"]
