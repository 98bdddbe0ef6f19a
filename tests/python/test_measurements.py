"""Measurement files read honestly: the separators and decimal commas Swedish
spreadsheets write, a row longer than its header refused, the file's encoding,
and an empty table."""

import json
import math

import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort.cli import main

HEADER = "indicator,unit,period,value"


def write(tmp_path, content, name="m.csv"):
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def strategy_file(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps(small_strategy()), encoding="utf-8")
    return p


# ------------------------------------------------------------------ reading that works


def test_comma_semicolon_note_and_quoted_decimal_comma(tmp_path):
    comma = write(tmp_path, f'{HEADER},note\ni1,a,2021,82.5,"a note, with a comma"\ni2,a,2021,"10,5",\n')
    f = sk.load_measurements(comma).frame
    assert f["value"].tolist() == [82.5, 10.5]
    assert f["note"].tolist()[0] == "a note, with a comma" and pd.isna(f["note"].iloc[1])
    semi = write(tmp_path, "indicator;unit;period;value;note\ni1;a;2021;82,5;\ni2;a;2021;1 000,5;x\n", "semi.csv")
    assert sk.load_measurements(semi).frame["value"].tolist() == [82.5, 1000.5]


def test_a_short_row_is_a_missing_value(tmp_path):
    # fewer cells than the header: the cells left out are empty, as before
    p = write(tmp_path, f"{HEADER},note\ni1,a,2021,82\ni2,a,2021\n")
    f = sk.load_measurements(p).frame
    assert f["value"].iloc[0] == 82 and math.isnan(f["value"].iloc[1])


@pytest.mark.parametrize(
    "cell, number",
    [
        ("1", 1.0),
        (" 2,5 ", 2.5),
        ("1 000,5", 1000.5),
        ("1\u00a0000", 1000.0),
        ("12\u202f345 678,9", 12345678.9),
        ("−3", -3.0),
        ("−1 000", -1000.0),
        ("1 000.25", 1000.25),
        (",5", 0.5),
        ("1e5", 1e5),
        ("", None),
        ("  ", None),
    ],
)
def test_numbers_as_spreadsheets_write_them(tmp_path, cell, number):
    p = write(tmp_path, f'indicator;unit;period;value\ni1;a;2021;"{cell}"\ni2;a;2021;7\n')
    values = sk.load_measurements(p).frame["value"].tolist()
    assert values[1] == 7.0
    assert math.isnan(values[0]) if number is None else values[0] == number


@pytest.mark.parametrize("cell", ["1 00", "1.000,5", "1,2,3", "nan", "1_000", "0x10", "٣"])
def test_text_that_is_not_a_number_is_refused(tmp_path, cell):
    p = write(tmp_path, f'indicator;unit;period;value\ni2;a;2021;7\ni1;a;2021;"{cell}"\n')
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}, row 3, column 'value': {cell!r} is not a number; write a number, or leave the cell empty for a "
        "missing value"
    )


# ------------------------------------------------------------------ a decimal comma in a comma-separated file


def test_unquoted_decimal_comma_is_refused_naming_the_row(tmp_path):
    # today (before issue 8) the first row was read as shifted columns:
    # indicator 'a', unit '2021', period '82', value 5
    p = write(tmp_path, f"{HEADER}\ni1,a,2021,82,5\ni2,a,2021,10,0\n")
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}, row 2: 5 cells but the header has 4 (i1,a,2021,82,5); a decimal comma in a comma-separated file "
        'is probably the cause: use ";" as the separator (as Swedish Excel saves CSV) or quote the number ("82,5")'
    )


def test_long_row_after_good_rows_and_blank_lines_names_the_editor_line(tmp_path):
    # a quoted note over two lines and a blank line: the row is named by the line it starts on
    # (pandas alone reads this row as value 82, note "5")
    p = write(tmp_path, f'{HEADER},note\ni1,a,2020,80,"two\nlines"\n\ni1,a,2021,82,5,\n')
    with pytest.raises(
        sk.MeasurementError,
        match=r"m\.csv, row 5: 6 cells but the header has 5 "
        r"\(i1,a,2021,82,5,\); a decimal comma .* \(\"82,5\"\); if not, "
        r"remove the separators after the last column$",
    ):
        sk.load_measurements(p)


def test_long_row_in_a_semicolon_file_and_empty_extra_cells(tmp_path):
    p = write(tmp_path, "indicator;unit;period;value\ni1;a;2021;82\ni2;a;2021;10;5\n")
    with pytest.raises(
        sk.MeasurementError,
        match=r"m\.csv, row 3: 5 cells but the header has 4 \(i2;a;2021;10;5\); "
        r"check the separator \(';'\) and the quoting$",
    ):
        sk.load_measurements(p)
    p = write(tmp_path, "indicator;unit;period;value\ni1;a;2021;82;\n")
    with pytest.raises(
        sk.MeasurementError,
        match=r"row 2: 5 cells but the header has 4 \(i1;a;2021;82;\); remove "
        r"the separators after the last column, or name the column in the "
        r"header$",
    ):
        sk.load_measurements(p)


def test_funds_share_the_reader(tmp_path):
    p = write(tmp_path, "id,programme,status,applied\nx,ESF+,applied,1000,5\n", "funds.csv")
    with pytest.raises(sk.FundsError, match=r"funds\.csv, row 2: 5 cells but the header has 4 .*decimal comma"):
        sk.load_funds(p)


# ------------------------------------------------------------------ line ends and the header's names


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_carriage_return_line_ends_keep_every_column(tmp_path, end):
    # pandas alone, given a lone CR before the header, read "\r;a" as one column
    # "a" and dropped the first column's values
    rows = [";" + HEADER.replace(",", ";"), "x;i1;a;2021;82,5"]
    p = write(tmp_path, end + end.join(rows) + end)
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}, row 3, column 1: 'x' is in a column without a name in the header (row 2); name the column, or remove it"
    )
    p = write(tmp_path, end + end.join(rows[:1] + [";i1;a;2021;82,5", ";i2;a;2021;7"]) + end)
    f = sk.load_measurements(p).frame
    assert list(f.columns) == ["indicator", "unit", "period", "value"]
    assert f["value"].tolist() == [82.5, 7.0] and f["indicator"].tolist() == ["i1", "i2"]


def test_an_empty_column_without_a_name_is_dropped_and_a_name_twice_refused(tmp_path):
    # a separator after the last column, as spreadsheets export it
    f = sk.load_measurements(write(tmp_path, f"{HEADER};\ni1;a;2021;3;\n".replace(",", ";"))).frame
    assert list(f.columns) == ["indicator", "unit", "period", "value"] and f["value"].tolist() == [3.0]
    p = write(tmp_path, f"{HEADER},unit\ni1,a,2021,3,b\n")
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == f"{p}, row 1: the column 'unit' is in the header twice (columns 2 and 5); keep one"
    p = write(tmp_path, "id,project,id\nf1,p,f2\n")
    with pytest.raises(sk.FundsError, match=r"row 1: the column 'id' is in the header twice \(columns 1 and 3\)"):
        sk.load_funds(p)


# ------------------------------------------------------------------ encodings

CP1252 = f"{HEADER},note\ni1,a,2022,1,Gävle år\n".encode("cp1252")


def test_invalid_utf8_names_byte_value_offset_and_suggests_cp1252(tmp_path):
    p = write(tmp_path, CP1252)
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}: line 2, column 14: invalid UTF-8 byte 0xE4 (byte 46 of the file); the file looks like Windows "
        "text (cp1252 or latin-1), where 0xE4 is 'ä': read it with encoding=\"cp1252\" (on the command line "
        "--encoding cp1252), or save the file as UTF-8"
    )


def test_encoding_is_honoured(tmp_path):
    p = write(tmp_path, CP1252)
    for enc in ("cp1252", "latin-1", "Windows-1252"):
        m = sk.load_measurements(p, encoding=enc)
        assert m.frame["note"].tolist() == ["Gävle år"]
    assert sk.Measurements.from_csv(p, encoding="cp1252").frame["value"].tolist() == [1.0]
    utf8 = write(tmp_path, "\ufeff" + f"{HEADER},note\ni1,a,2022,1,Gävle\n", "u.csv")
    assert sk.load_measurements(utf8, encoding="utf-8").frame["note"].tolist() == ["Gävle"]  # BOM dropped


def test_no_cp1252_suggestion_for_other_bytes(tmp_path):
    # a UTF-8 file with one stray byte: read as cp1252 its letters would be garbled
    p = write(tmp_path, f"{HEADER},note\ni1,a,2022,1,Gävle\ni2,a,2022,1,".encode("utf-8") + b"\xff\n")
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}: line 3, column 13: invalid UTF-8 byte 0xFF (byte 64 of the file); save the file as UTF-8"
    )


def test_bytes_invalid_in_the_given_encoding(tmp_path):
    p = write(tmp_path, f"{HEADER}\ni1,a,2022,1\n".encode() + b"\x81\n")
    with pytest.raises(
        sk.MeasurementError,
        match=r"m\.csv: line 3, column 1: byte 0x81 \(byte 40 of the file\) is "
        r"not valid cp1252; check the encoding",
    ):
        sk.load_measurements(p, encoding="cp1252")


@pytest.mark.parametrize("name", ["utf9", "base64", ""])
def test_unknown_encoding_is_an_argument_error(tmp_path, name):
    p = write(tmp_path, f"{HEADER}\ni1,a,2022,1\n")
    with pytest.raises(
        sk.ArgumentError,
        match=rf"encoding='{name}': unknown text encoding; give e\.g\. \"utf-8\", "
        r"\"cp1252\"",
    ):
        sk.load_measurements(p, encoding=name)


def test_strategy_file_gets_no_encoding_option(tmp_path):
    # a strategy has no encoding argument: the message says what the bytes are and to save as UTF-8
    p = write(tmp_path, '{"name": "Gävle"}'.encode("cp1252"), "s.json")
    with pytest.raises(sk.StrategyError) as e:
        sk.load_strategy(p)
    assert str(e.value) == (
        f"{p}: line 1, column 12: invalid UTF-8 byte 0xE4 (byte 11 of the file); the file looks "
        "like Windows text (cp1252 or latin-1), where 0xE4 is 'ä': save the file as UTF-8"
    )


# ------------------------------------------------------------------ an empty table


def test_empty_table_with_unit_column_has_no_values(tmp_path):
    # before issue 8: "the measurements have no unit column but the strategy has 3 units"
    s = sk.Strategy.from_dict(small_strategy())
    for m in (
        sk.load_measurements(write(tmp_path, f"{HEADER},note\n")),
        sk.Measurements.from_frame(pd.DataFrame(columns=["indicator", "unit", "period", "value"])),
    ):
        assert len(m) == 0
        ev = sk.evaluate(s, m)
        t = ev.table()
        indicators = t[t["node"].isin(["i1", "i2", "i3"])]
        assert len(indicators) == 3 * 3 * len(ev.periods) > 0
        assert indicators["value"].isna().all()
        assert set(indicators["status"]) == {"not_assessable"}


# ------------------------------------------------------------------ the command line


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_decimal_comma_error(tmp_path, capsys):
    p = write(tmp_path, f"{HEADER}\ni1,a,2021,82,5\n")
    code, _, err = run(["evaluate", strategy_file(tmp_path), p, "--out", tmp_path / "o.csv"], capsys)
    assert code == 1
    assert err == (
        f"styrkort: error: {p}, row 2: 5 cells but the header has 4 (i1,a,2021,82,5); a decimal comma in "
        'a comma-separated file is probably the cause: use ";" as the separator (as Swedish Excel saves '
        'CSV) or quote the number ("82,5")\n'
    )
    assert not (tmp_path / "o.csv").exists()


def test_cli_invalid_utf8_suggests_the_option(tmp_path, capsys):
    p = write(tmp_path, CP1252)
    code, _, err = run(["evaluate", strategy_file(tmp_path), p, "--out", tmp_path / "o.csv"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "invalid UTF-8 byte 0xE4 (byte 46 of the file)" in err and "--encoding cp1252" in err


def test_cli_encoding_evaluate_report_excel(tmp_path, capsys):
    s, p = strategy_file(tmp_path), write(tmp_path, CP1252)
    code, out, err = run(["evaluate", s, p, "--out", tmp_path / "o.csv", "--encoding", "cp1252"], capsys)
    assert code == 0, err
    table = pd.read_csv(tmp_path / "o.csv", dtype={"period": str})
    assert table.query("node == 'i1' and unit == 'a' and period == '2022'")["value"].tolist() == [1.0]
    code, _, err = run(["report", s, p, "--out", tmp_path / "r.html", "--encoding", "cp1252"], capsys)
    assert code == 0, err
    code, _, err = run(["excel", s, p, "--out", tmp_path / "r.xlsx", "--encoding", "cp1252"], capsys)
    assert code == 0, err
    for command, out_file in (("evaluate", "o.csv"), ("report", "r.html"), ("excel", "r.xlsx")):
        code, _, err = run([command, s, p, "--out", tmp_path / out_file], capsys)
        assert code == 1 and "invalid UTF-8 byte 0xE4" in err, command


def test_cli_unknown_encoding_and_encoding_without_file(tmp_path, capsys):
    s, p = strategy_file(tmp_path), write(tmp_path, CP1252)
    code, _, err = run(["evaluate", s, p, "--out", tmp_path / "o.csv", "--encoding", "utf9"], capsys)
    assert code == 1
    assert err == (
        'styrkort: error: --encoding utf9: unknown text encoding; give e.g. "utf-8", "cp1252" (Windows, '
        'older Excel) or "latin-1"\n'
    )
    code, _, err = run(["excel", s, p, "--out", tmp_path / "r.xlsx", "--encoding", "base64"], capsys)
    assert code == 1 and err.startswith("styrkort: error: --encoding base64: unknown text encoding")
    code, _, err = run(["report", "--out", tmp_path / "r.html", "--encoding", "cp1252"], capsys)
    assert code == 1
    assert err == "styrkort: error: --encoding needs MEASUREMENTS (the embedded example is UTF-8)\n"


def test_cli_help_names_the_encoding(capsys):
    for command in ("evaluate", "report", "excel"):
        assert main([command, "--help"]) == 0
        assert "--encoding NAME text encoding of the measurements CSV" in " ".join(capsys.readouterr().out.split())


def test_cli_empty_table_is_evaluated(tmp_path, capsys):
    # before issue 8: exit 1, "the measurements have no unit column"; the results
    # file leaves out rows with neither a value nor a score, so it has none
    p = write(tmp_path, f"{HEADER}\n")
    code, out, err = run(["evaluate", strategy_file(tmp_path), p, "--out", tmp_path / "o.json"], capsys)
    assert code == 0, err
    # the first line; the warnings follow (the boards have no target for the summed i3)
    assert out.splitlines()[0] == f"{tmp_path / 'o.json'}: 0 rows (6 nodes, 3 units, 2 periods)"
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["results"] == []


def test_a_subset_keeps_its_rows_numbers_in_messages(tmp_path):
    """Rows taken out of a file (comparison units) do not shift the line an
    error names: the evaluation's message and its row are the file's."""
    p = write(tmp_path, f"{HEADER}\ni1,a,2023,1\ni1,x,2023,2\ni1,x,2022,3\ni9,b,2023,4\ni1,b,2023,5\n")
    m = sk.load_measurements(p)
    assert m.row_numbers.tolist() == [2, 3, 4, 5, 6]
    keep = (m.frame["unit"] != "x").to_numpy()
    sub = m.subset(keep)
    assert sub.row_numbers.tolist() == [2, 5, 6] and sub.source == m.source
    assert sub.subset(sub.frame["unit"].eq("b").to_numpy()).row_numbers.tolist() == [5, 6]
    with pytest.raises(sk.MeasurementError) as e:
        sk.evaluate(sk.Strategy.from_dict(small_strategy()), sub)
    assert str(e.value).startswith(f"{p}, row 5: unknown indicator 'i9'")
    assert (e.value.row, e.value.column, e.value.source) == (5, "indicator", str(p))
    with pytest.raises(sk.MeasurementError, match=r"subset needs one True/False per row \(5\)"):
        m.subset([True, False])
