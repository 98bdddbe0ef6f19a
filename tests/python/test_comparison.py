"""Comparison with other municipalities (issue 10, point 5): the comparison
units' rows kept apart from the evaluation, their values, a unit's position in
a peer group (computed here by hand), the Kolada reader keeping the ids asked
for, the report's comparison column, the workbook's sheet and the command line.

The Kolada fixture tests/data/kolada/compare.json has made-up values (see the
README there): Gävle (2180), riket (0000), Region Gävleborg (0021) and five
peer municipalities (0380, 0580, 1880, 1980, 2281); 1480 is not asked for."""

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort.cli import main
from styrkort.comparison import COUNTRY, Comparand, Comparison, parse_compare, split_comparison
from styrkort.kolada import read_kolada
from styrkort.report import build, render_report

DATA = Path(__file__).resolve().parents[1] / "data" / "kolada"
FIXTURE = DATA / "compare.json"
STRATEGY = DATA / "compare-strategy.json"
KPIS = {"N00945": "i_utbildning", "N03937": "i_arbetsloshet"}
PEERS = ["0380", "0580", "1880", "1980", "2281"]
COMPARE = "riket,0021:Region Gävleborg,jämförelsegrupp=" + "+".join(PEERS)


# -- what to compare with -----------------------------------------------------------------------


def test_the_text_form():
    got = parse_compare(" riket , 2181:Sandviken,grupp=0380+1880;2281, G124026")
    assert got == (
        Comparand("0000", ("0000",)),
        Comparand("2181", ("2181",), name="Sandviken"),
        Comparand("grupp", ("0380", "1880", "2281"), group=True),
        Comparand("G124026", ("G124026",)),
    )
    assert parse_compare("RIKET")[0].key == COUNTRY == "0000"


def test_the_dict_and_list_forms():
    assert parse_compare({"0000": "Riket", "0021": None, "jämförelsegrupp": ["0380", "1880"]}) == (
        Comparand("0000", ("0000",), name="Riket"),
        Comparand("0021", ("0021",)),
        Comparand("jämförelsegrupp", ("0380", "1880"), group=True),
    )
    assert parse_compare(["0000", "g=1+2"]) == (Comparand("0000", ("0000",)), Comparand("g", ("1", "2"), group=True))
    assert parse_compare({"Riket": None}) == (Comparand("0000", ("0000",)),)
    assert parse_compare(None) == () and parse_compare([]) == ()


@pytest.mark.parametrize(
    "spec, message",
    [
        ("0000,,2181", r"^compare item 2: an empty item; write ID, ID:NAME, NAME=ID\+ID\+\.\.\. or riket"),
        ("=0380+1880", r"a peer group needs a name before '='"),
        ("grupp=", r"the peer group 'grupp' has no ids after '='"),
        ("grupp=0380++1880", r"an empty id in the peer group 'grupp'"),
        ("2181:", r"write ID:NAME, e\.g\. '2181:Sandviken'"),
        ("0000,riket", r"^compare: the id '0000' is given twice$"),
        ("g=1+1", r"^compare: the peer group 'g' has 1 twice$"),
        ({"0180": 180}, r"expected a name \(for the id '0180'\) or a list of ids"),
        ({"g": ["0380", 180]}, r"compare\['g'\]\[1\]: expected an id as text \(as text, with its leading zeros"),
        ({"g": []}, r"the peer group 'g' has no ids"),
        ([180], r"compare\[0\]: expected an id as text"),
        (180, r"compare: expected ids as text"),
    ],
)
def test_malformed_compare(spec, message):
    with pytest.raises(sk.ArgumentError, match=message):
        parse_compare(spec)


# -- positions and values by hand ---------------------------------------------------------------


def hand_strategy():
    return sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Hand",
            "units": [{"id": "kommun"}, {"id": "a", "parent": "kommun"}],
            "nodes": [
                {"id": "g", "kind": "goal"},
                {"id": "hi", "kind": "indicator", "parents": ["g"]},  # higher is better by default
                {"id": "lo", "kind": "indicator", "parents": ["g"], "direction": "lower_is_better"},
                {
                    "id": "band",
                    "kind": "indicator",
                    "parents": ["g"],
                    "direction": "band",
                    "band": [2, 3],
                    "tolerance": 1,
                },
            ],
        }
    )


def hand_measurements():
    nan = math.nan
    rows = [
        # hi 2023: kommun 10 among 12, 10, 8, –, 15; a 12
        ("hi", "kommun", "2023", 10),
        ("hi", "a", "2023", 12),
        ("hi", "p1", "2023", 12),
        ("hi", "p2", "2023", 10),
        ("hi", "p3", "2023", 8),
        ("hi", "p4", "2023", nan),
        ("hi", "p5", "2023", 15),
        ("hi", "0000", "2023", 11.5),
        # hi 2022: the unit has no value
        ("hi", "kommun", "2022", nan),
        ("hi", "p1", "2022", 9),
        # lo 2023: kommun 5 among 4, 6, 5, 3, 7
        ("lo", "kommun", "2023", 5),
        ("lo", "p1", "2023", 4),
        ("lo", "p2", "2023", 6),
        ("lo", "p3", "2023", 5),
        ("lo", "p4", "2023", 3),
        ("lo", "p5", "2023", 7),
        ("lo", "0000", "2023", nan),
        # lo 2022: no member has a value
        ("lo", "kommun", "2022", 6),
        ("lo", "p1", "2022", nan),
        # band [2, 3] 2023: distances kommun 0.5, a 0; members 0, 1, 0, 1, 0.5
        ("band", "kommun", "2023", 3.5),
        ("band", "a", "2023", 2.2),
        ("band", "p1", "2023", 2.5),
        ("band", "p2", "2023", 1.0),
        ("band", "p3", "2023", 2.0),
        ("band", "p4", "2023", 4.0),
        ("band", "p5", "2023", 3.5),
    ]
    return pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"])


@pytest.fixture(scope="module")
def hand():
    return split_comparison(
        hand_measurements(),
        {"0000": "Riket", "grupp": ["p1", "p2", "p3", "p4", "p5"]},
        strategy=hand_strategy(),
    )


def test_positions_by_hand_with_ties_direction_and_band(hand):
    _, c = hand
    got = {
        (r.unit, r.indicator, r.period): (
            None if pd.isna(r.position) else int(r.position),
            None if pd.isna(r.of) else int(r.of),
            None if pd.isna(r.tied) else bool(r.tied),
        )
        for r in c.positions.itertuples()
    }
    assert got == {
        # 12 and 15 are better; 10 is shared with p2; 4 members have a value, plus the unit
        ("kommun", "hi", "2023"): (3, 5, True),
        # only 15 is better; 12 is shared with p1
        ("a", "hi", "2023"): (2, 5, True),
        # the unit has no value: no position (never a place of its own)
        ("kommun", "hi", "2022"): (None, None, None),
        # lower is better: 4 and 3 are better; 5 is shared with p3
        ("kommun", "lo", "2023"): (3, 6, True),
        # no member has a value: no position (not "1 of 1")
        ("kommun", "lo", "2022"): (None, None, None),
        # band: distance 0.5; p1 and p3 (inside, 0) are better, p5 shares 0.5
        ("kommun", "band", "2023"): (3, 6, True),
        # inside the band: the first place, shared with p1 and p3
        ("a", "band", "2023"): (1, 6, True),
    }
    assert c.positions["comparison"].unique().tolist() == ["grupp"]
    assert c.positions.columns.tolist() == [
        "unit",
        "indicator",
        "period",
        "comparison",
        "value",
        "position",
        "of",
        "tied",
    ]


def test_shared_places_skip_the_next():
    """Two members share place 1 above the unit: the unit is third, not second."""
    s = hand_strategy()
    m = pd.DataFrame(
        [("hi", "kommun", "2023", 5.0), ("hi", "x", "2023", 9.0), ("hi", "y", "2023", 9.0), ("hi", "z", "2023", 1.0)],
        columns=["indicator", "unit", "period", "value"],
    )
    _, c = split_comparison(m, "g=x+y+z", strategy=s)
    r = c.positions.iloc[0]
    assert (int(r.position), int(r.of), bool(r.tied)) == (3, 4, False)


def test_values_medians_and_missing_stay_missing(hand):
    _, c = hand
    v = c.values.set_index(["indicator", "period", "comparison"])
    assert v.loc[("hi", "2023", "0000"), "value"] == 11.5
    assert v.loc[("hi", "2023", "0000"), "name"] == "Riket"
    assert v.loc[("hi", "2023", "grupp"), ["value", "n", "members"]].tolist() == [11.0, 4, 5]  # median of 8 10 12 15
    assert v.loc[("lo", "2023", "grupp"), "value"] == 5.0  # median of 3 4 5 6 7
    assert v.loc[("band", "2023", "grupp"), "value"] == 2.5  # median of 1 2 2.5 3.5 4
    # missing stays missing, never zero: a null value, nobody's value, and no row at all
    for key in [("lo", "2023", "0000"), ("lo", "2022", "grupp"), ("band", "2023", "0000"), ("hi", "2022", "0000")]:
        assert math.isnan(v.loc[key, "value"]), key
        assert v.loc[key, "n"] == 0
    assert not (c.values["value"] == 0).any()
    assert c.values.columns.tolist() == ["indicator", "period", "comparison", "name", "group", "value", "n", "members"]


def test_the_own_rows_are_evaluated_without_the_comparison_rows(hand):
    own, c = hand
    assert sorted(own.frame["unit"].unique()) == ["a", "kommun"]
    assert len(own) == 7 and len(c.measurements) == 19
    assert own.row_numbers.tolist() == [0, 1, 8, 10, 17, 19, 20]
    ev = sk.evaluate(hand_strategy(), own)  # no error for the comparison units
    assert set(ev.unit_ids) == {"kommun", "a"}


def test_at_gives_what_the_report_shows(hand):
    _, c = hand
    riket, grupp = c.at("hi", "2023", "kommun")
    assert (riket["comparand"].key, riket["value"], riket["position"]) == ("0000", 11.5, None)
    assert (grupp["value"], grupp["n"], grupp["members"], grupp["position"], grupp["of"], grupp["tied"]) == (
        11.0,
        4,
        5,
        3,
        5,
        True,
    )
    riket, grupp = c.at("lo", "2022", "kommun")
    assert riket["value"] is None and grupp["value"] is None and grupp["position"] is None and grupp["n"] == 0


def test_unknown_compare_ids_name_them_and_the_ids_there_are():
    with pytest.raises(sk.ArgumentError) as e:
        split_comparison(hand_measurements(), "0000,9999,g=p1+p9", strategy=hand_strategy())
    assert str(e.value) == (
        "compare: no measurements for 9999, p9 in DataFrame; the measurements' units besides the strategy's "
        "are p1, p2, p3, p4, p5, 0000. Comparison rows have the comparison id as their unit "
        "(read_kolada(..., compare=...) keeps them so)"
    )
    own_only = hand_measurements().query("unit in ['kommun', 'a']")
    with pytest.raises(sk.ArgumentError, match=r"the measurements have no units besides the strategy's \(kommun, a\)"):
        split_comparison(own_only, "0000", strategy=hand_strategy())


def test_a_unit_of_the_strategy_is_no_comparison_unit():
    with pytest.raises(sk.ArgumentError, match=r"^compare: 'a' is a unit of the strategy; .*its units are kommun, a"):
        split_comparison(hand_measurements(), "0000,a", strategy=hand_strategy())


def test_bad_comparison_rows_name_the_row(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("indicator,unit,period,value\nhi,kommun,2023,1\nhi,0000,2023,2\nxx,0000,2023,3\n", encoding="utf-8")
    with pytest.raises(sk.MeasurementError, match=r"m\.csv, row 4: unknown indicator 'xx' for the comparison unit"):
        split_comparison(sk.load_measurements(p), "riket", strategy=hand_strategy())
    p.write_text("indicator,unit,period,value\nhi,0000,2023,2\nhi,kommun,2023,1\nhi,0000,2023,3\n", encoding="utf-8")
    with pytest.raises(
        sk.MeasurementError, match=r"m\.csv, row 4: .*unit '0000', period '2023' is already given in row 2"
    ):
        split_comparison(sk.load_measurements(p), "riket", strategy=hand_strategy())


def test_errors_in_the_own_rows_keep_their_line_numbers(tmp_path):
    """The comparison rows are taken off, but an error the evaluation finds
    names the line of the file, not the position among the rows left."""
    p = tmp_path / "m.csv"
    p.write_text(
        "indicator,unit,period,value\nhi,kommun,2023,1\nhi,0000,2023,2\nlo,0000,2023,2\nzz,kommun,2023,3\n",
        encoding="utf-8",
    )
    own, _ = split_comparison(sk.load_measurements(p), "riket", strategy=hand_strategy())
    assert own.row_numbers.tolist() == [2, 5]
    with pytest.raises(sk.MeasurementError) as e:
        sk.evaluate(hand_strategy(), own)
    assert str(e.value).startswith(f"{p}, row 5: unknown indicator 'zz'")
    assert e.value.row == 5 and e.value.column == "indicator"


def test_an_area_left_out_of_compare_is_named():
    with pytest.raises(sk.MeasurementError) as e:
        split_comparison(
            hand_measurements(), {"0000": "Riket", "grupp": ["p1", "p2", "p3", "p5"]}, strategy=hand_strategy()
        )
    assert str(e.value) == (
        "DataFrame, row 5: unit 'p4' is neither a unit of the strategy nor compared with (compare: 0000, grupp); "
        "add it to compare, e.g. to a peer group, or leave its rows out"
    )
    assert (e.value.row, e.value.column) == (5, "unit")


def test_nothing_to_compare_leaves_the_measurements():
    m = sk.Measurements.from_frame(hand_measurements().query("unit in ['kommun', 'a']"))
    own, c = split_comparison(m, None, strategy=hand_strategy())
    assert own is m and not c and len(c) == 0 and c.values.empty and c.positions.empty


# -- Kolada ----------------------------------------------------------------------------------------


def test_read_kolada_keeps_the_whole_country_when_asked():
    without = read_kolada(FIXTURE, KPIS, units={"2180": "gavle"})
    assert without.frame["unit"].unique().tolist() == ["gavle"]
    skipped = without.skipped.set_index(["reason", "id"])["rows"]
    assert skipped[("area not in units", "0000")] == 4
    m = read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare="riket")
    assert m.frame["unit"].unique().tolist() == ["gavle", "0000"]
    riket = m.frame[m.frame["unit"] == "0000"].set_index(["indicator", "period"])["value"]
    assert riket.to_dict() == {
        ("i_utbildning", "2022"): 46.9,
        ("i_utbildning", "2023"): 47.5,
        ("i_arbetsloshet", "2022"): 7.0,
        ("i_arbetsloshet", "2023"): 6.6,
    }
    assert "0000" not in set(m.skipped["id"])
    full = read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare=COMPARE)
    assert sorted(full.frame["unit"].unique()) == sorted(["gavle", "0000", "0021", *PEERS])
    assert set(full.skipped["id"]) == {"1480"}  # not asked for
    null = full.frame.query("unit == '2281' and period == '2022' and indicator == 'i_utbildning'")
    assert math.isnan(null["value"].iloc[0]) and null["note"].iloc[0] == "Källa: Kolada; status: Missing"


def test_read_kolada_compare_errors():
    with pytest.raises(sk.MeasurementError, match=r"^compare: 2181, 9999 do not occur in .*compare\.json"):
        read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare="riket,2181,9999")
    assert len(read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare="riket,2181", strict=False)) == 8
    with pytest.raises(sk.MeasurementError, match=r"^compare: 0000 is in units too \(at units\['0000'\]\)"):
        read_kolada(FIXTURE, KPIS, units={"2180": "gavle", "0000": "sverige"}, compare="riket")
    with pytest.raises(sk.MeasurementError, match=r"compare '21/80': '21/80' is not a Kolada municipality"):
        read_kolada(FIXTURE, KPIS, compare="21/80")
    strategy = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "units": [{"id": "2180"}],
            "nodes": [{"id": "i_utbildning", "kind": "indicator"}],
        }
    )
    with pytest.raises(sk.MeasurementError, match=r"^compare: 2180 is a unit of the strategy"):
        read_kolada(FIXTURE, {"N00945": "i_utbildning"}, compare="2180", strategy=strategy)


# -- the report --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strategy():
    return sk.load_strategy(STRATEGY)


@pytest.fixture(scope="module")
def kolada(strategy):
    return read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare=COMPARE, strategy=strategy)


def _text(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def _indicators(doc):
    m = re.search(r'<section id="indicators".*?</section>', doc, re.S)
    assert m
    return m.group(0)


class _Spans(HTMLParser):
    """The text of each element with ``data-comparison``, by that key."""

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], {}

    def handle_starttag(self, tag, attrs):
        key = dict(attrs).get("data-comparison")
        self.stack.append(key)
        if key is not None:
            self.found[key] = []

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        for key in {k for k in self.stack if k is not None}:
            self.found[key].append(data)


def _compare_cell(doc, node):
    """The comparison cell of an indicator's row: its period and the text per comparison."""
    row = re.search(rf'<tr data-node="{node}">.*?</tr>', _indicators(doc), re.S)
    assert row, node
    cell = re.search(r'<td class="num compare" data-period="([^"]*)">(.*?)</td>', row.group(0), re.S)
    assert cell, node
    parser = _Spans()
    parser.feed(cell.group(2))
    return cell.group(1), {k: re.sub(r"\s+", " ", " ".join(v)).strip() for k, v in parser.found.items()}


def test_report_shows_the_comparison_column(strategy, kolada):
    doc = build(strategy, kolada, compare=COMPARE, period="2023").render()
    section = _indicators(doc)
    assert '<th class="num">Utfall</th><th class="num compare">Jämförelse</th><th class="num">Poäng</th>' in section
    assert "Jämförelsedata: Källa: Kolada; status: Missing." in section
    period, cells = _compare_cell(doc, "i_utbildning")
    assert period == "2023"
    assert cells["0000"] == "Riket 47,5"
    assert cells["0021"] == "Region Gävleborg 38,2"
    assert cells["jämförelsegrupp"] == "jämförelsegrupp, median 48 delad plats 4 av 6"
    period, cells = _compare_cell(doc, "i_arbetsloshet")
    assert (period, cells["0000"]) == ("2023", "Riket 6,6")
    assert cells["jämförelsegrupp"] == "jämförelsegrupp, median 7,4 delad plats 4 av 6"  # lower is better
    assert 'title="0380, 0580, 1880, 1980, 2281"' in section


def test_report_in_english(strategy, kolada):
    doc = build(strategy, kolada, compare=COMPARE, period="2023").render(lang="en")
    assert '<th class="num compare">Comparison</th>' in doc
    _, cells = _compare_cell(doc, "i_utbildning")
    assert cells["0000"] == "Sweden 47.5"
    assert cells["jämförelsegrupp"] == "jämförelsegrupp, median 48 shared position 4 of 6"
    assert "Comparison data: Källa: Kolada; status: Missing." in doc


def test_the_comparison_is_for_the_period_of_the_outcome_shown(strategy, kolada):
    """Without Gävle's 2023 values the outcome is 2022's: so are the comparison
    values, and 2281's missing 2022 value is not counted."""
    m = sk.Measurements.from_frame(kolada.frame.query("not (unit == 'gavle' and period == '2023')"))
    doc = build(strategy, m, compare=COMPARE).render()  # 2023 is no period of the evaluation now
    period, cells = _compare_cell(doc, "i_utbildning")
    assert period == "2022"
    assert cells["0000"] == "Riket 46,9"
    assert cells["jämförelsegrupp"] == "jämförelsegrupp, median 49,1 plats 5 av 5 1 av 5 saknar värde"
    period, cells = _compare_cell(doc, "i_arbetsloshet")
    assert (period, cells["jämförelsegrupp"]) == ("2022", "jämförelsegrupp, median 7,9 plats 5 av 6")
    # the default period (2026, the targets') shows the latest outcome, 2023, and its comparison
    period, cells = _compare_cell(build(strategy, kolada, compare=COMPARE).render(), "i_utbildning")
    assert (period, cells["0000"]) == ("2023", "Riket 47,5")


def test_user_names_are_escaped(strategy, kolada):
    evil = "<b>x</b>"
    m = kolada.frame.replace({"unit": {"0000": evil}})
    doc = build(strategy, m, compare={evil: "<i>Riket</i>", "0021": None, "<g>": PEERS}, period="2023").render()
    assert "<b>x</b>" not in doc and "<i>Riket</i>" not in doc and "<g>" not in doc
    assert (
        'data-comparison="&lt;b&gt;x&lt;/b&gt;"' in doc
        and '<span class="cmp-name">&lt;i&gt;Riket&lt;/i&gt;</span>' in doc
    )
    assert '<span class="cmp-name">&lt;g&gt;, median</span>' in doc


def test_without_comparison_the_indicator_table_is_unchanged(strategy, kolada):
    own = sk.Measurements.from_frame(kolada.frame[kolada.frame["unit"] == "gavle"])
    plain = _indicators(build(strategy, own, period="2023").render())
    assert "compare" not in plain and "Jämförelse" not in plain
    assert '<col style="width:19%">' in plain  # the widths without comparison (the name column)
    with_comparison = _indicators(build(strategy, kolada, compare=COMPARE, period="2023").render())
    stripped = re.sub(r'<p class="intro compare-intro">.*?</p>', "", with_comparison, flags=re.S)
    stripped = re.sub(r'<th class="num compare">.*?</th>', "", stripped)
    stripped = re.sub(r'<td class="num compare"[^>]*>.*?</td>', "", stripped, flags=re.S)

    def no_widths(x):
        return re.sub(r"<colgroup>.*?</colgroup>", "", x)

    assert no_widths(stripped) == no_widths(plain)
    # and the evaluation is the same: the comparison rows are not part of it
    a = build(strategy, own, period="2023").evaluation.table()
    b = build(strategy, kolada, compare=COMPARE, period="2023").evaluation.table()
    pd.testing.assert_frame_equal(a, b)


def test_render_report_refuses_another_comparison(strategy, kolada):
    ev = build(strategy, kolada, compare=COMPARE).evaluation
    with pytest.raises(sk.ArgumentError, match=r"comparison must be a styrkort\.comparison\.Comparison, got dict"):
        render_report(ev, comparison={"0000": "Riket"})


def test_build_names_unknown_ids(strategy, kolada):
    with pytest.raises(
        sk.ArgumentError, match=r"^compare: no measurements for 2181 in .*besides the strategy's are 0000"
    ):
        build(strategy, kolada, compare="riket,2181")
    with pytest.raises(sk.ArgumentError, match=r"the measurements have no units besides the strategy's"):
        build(compare="riket")  # the embedded example has no comparison units


# -- the workbook and the command line ----------------------------------------------------------------


def test_workbook_comparison_sheet(strategy, kolada, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    f = build(strategy, kolada, compare=COMPARE, period="2023")
    table = f.sheets()["comparison"]
    row = table.set_index(["indicator", "period", "comparison"]).loc[("i_arbetsloshet", "2023", "jämförelsegrupp")]
    assert (row["value"], row["n"], row["members"], row["own_value"], row["position"], row["of"], row["tied"]) == (
        7.4,
        5,
        5,
        8.1,
        4,
        6,
        True,
    )
    assert table["unit"].unique().tolist() == ["gavle"] and len(table) == 12
    out = f.write_excel(tmp_path / "u.xlsx")
    ws = openpyxl.load_workbook(out)["Jämförelse"]
    head = [c.value for c in ws[1]]
    assert head == [
        "Indikator",
        "Period",
        "Jämförelse",
        "Namn",
        "Värde",
        "Antal",
        "Antal i gruppen",
        "Enhet",
        "Enhetens värde",
        "Plats",
        "Av",
        "Delad plats",
    ]
    first = [c.value for c in ws[2]]
    assert first[:5] == ["i_utbildning", "2022", "0000", None, 46.9]
    assert first[9:] == [None, None, None]  # a comparison unit has no position: empty cells, never 0
    group = [c.value for c in ws[4]]
    assert group[2] == "jämförelsegrupp" and group[4] == pytest.approx(49.1) and group[9:11] == [5, 5]


@pytest.fixture
def files(strategy, kolada, tmp_path):
    csv = tmp_path / "matningar.csv"
    kolada.frame.to_csv(csv, index=False)
    return STRATEGY, csv


def test_cli_report_and_excel_with_compare(files, tmp_path, capsys):
    s, csv = files
    out = tmp_path / "rapport.html"
    assert main(["report", str(s), str(csv), "--out", str(out), "--period", "2023", "--compare", COMPARE]) == 0
    printed = capsys.readouterr().out
    assert "compared with 0000, 0021, jämförelsegrupp (peer group of 5)" in printed
    _, cells = _compare_cell(out.read_text(encoding="utf-8"), "i_utbildning")
    assert cells["0000"] == "Riket 47,5" and cells["jämförelsegrupp"].endswith("delad plats 4 av 6")
    pytest.importorskip("openpyxl")
    xlsx = tmp_path / "u.xlsx"
    assert main(["excel", str(s), str(csv), "--out", str(xlsx), "--compare", COMPARE]) == 0
    import openpyxl

    assert "Jämförelse" in openpyxl.load_workbook(xlsx).sheetnames


def test_cli_unknown_compare_id_is_one_line(files, tmp_path, capsys):
    s, csv = files
    code = main(["report", str(s), str(csv), "--out", str(tmp_path / "r.html"), "--compare", "0000,2182"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("styrkort: error: compare: no measurements for 2182 in ")
    assert "besides the strategy's are 0000, 0021, 0380, 0580, 1880, 1980, 2281" in err
    code = main(["report", str(s), str(csv), "--out", str(tmp_path / "r.html"), "--compare", "grupp="])
    assert code == 1 and "the peer group 'grupp' has no ids after '='" in capsys.readouterr().err
    # an area left out of --compare is named, with what to do
    code = main(["report", str(s), str(csv), "--out", str(tmp_path / "r.html"), "--compare", "riket,0021"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"styrkort: error: {csv}, row 5: unit '0380' is neither a unit of the strategy nor compared with "
        "(compare: 0000, 0021); add it to compare, e.g. to a peer group, or leave its rows out\n"
    )
    # without --compare the comparison units are unknown units, as before
    assert main(["report", str(s), str(csv), "--out", str(tmp_path / "r.html")]) == 1
    assert "unknown unit '0000'" in capsys.readouterr().err


def test_words_in_both_languages():
    from styrkort._display.words import COMPARISON

    assert set(COMPARISON["sv"]) == set(COMPARISON["en"])
    assert COMPARISON["sv"]["position"].format(position=3, of=12) == "plats 3 av 12"
    assert COMPARISON["en"]["position"].format(position=3, of=12) == "position 3 of 12"


def test_repr():
    m = hand_measurements().query("unit not in ['p3', 'p4', 'p5']")
    _, c = split_comparison(m, {"0000": "Riket", "grupp": ["p1", "p2"]}, strategy=hand_strategy())
    assert repr(c) == "<styrkort.Comparison Riket (0000), grupp (2 members); 10 rows>"
    assert isinstance(c, Comparison) and bool(c) and np.isnan(c.values["value"]).sum() >= 1
