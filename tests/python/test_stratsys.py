"""Stratsys-style import: one row per value (date; unit code; measure code;
measure column code; value) to measurements, with the shared id mapping."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort.stratsys import period_of, read_stratsys

DATA = Path(__file__).resolve().parents[1] / "data" / "stratsys"
SV = DATA / "sv.csv"
EN = DATA / "en.csv"
OUTCOME = {("M101", "Utfall"): "i1"}


def frame(rows, note=True):
    df = pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"] + (["note"] if note else []))
    df["value"] = df["value"].astype("float64")
    return df


def test_swedish_excel_file_by_tertial_exact_table():
    mapping = {("M101", "Utfall"): "i1", ("M102", "Utfall"): {"indicator": "i3", "scale": 0.001}}
    m = read_stratsys(SV, mapping, period="tertial")
    expected = frame(
        [
            ("i1", "KS", "2023-T1", 12.5, None),
            ("i1", "KS", "2023-T2", 14.25, "Efter sommaren"),
            ("i1", "KS", "2023-T3", np.nan, "Ej rapporterat"),  # an empty cell is missing, never 0
            ("i3", "KS", "2023-T3", 1.2345, None),  # "1 234,5" x 0.001
            ("i1", "BUN", "2023-T3", -3.0, None),
            ("i1", "SBN", "2023-T3", 7.0, None),
        ]
    )
    pd.testing.assert_frame_equal(m.frame, expected, check_dtype=False, atol=1e-12)
    assert m.skipped.to_dict("records") == [
        {"reason": "measure and column not in mapping", "id": "M101/Mål", "rows": 1}
    ]
    assert m.source == str(SV)


def test_comma_file_with_english_headers_and_units():
    m = read_stratsys(EN, OUTCOME, units={"KS": "a", "BUN": "b"})
    pd.testing.assert_frame_equal(
        m.frame,
        frame([("i1", "a", "2022", 11.0), ("i1", "a", "2023", 13.5), ("i1", "b", "2023", 9.0)], note=False),
        check_dtype=False,
    )


def test_units_left_out_are_skipped_and_counted():
    m = read_stratsys(SV, OUTCOME, units=pd.DataFrame({"code": ["KS"], "unit": ["a"]}), period="tertial")
    assert m.frame["unit"].unique().tolist() == ["a"] and len(m) == 3
    s = {(r.reason, r.id): r.rows for r in m.skipped.itertuples()}
    assert s == {
        ("measure and column not in mapping", "M101/Mål"): 1,
        ("measure and column not in mapping", "M102/Utfall"): 1,
        ("unit not in units", "BUN"): 1,
        ("unit not in units", "SBN"): 1,
    }


@pytest.mark.parametrize(
    "date, kind, expected",
    [
        ("2023-04-30", "year", "2023"),
        ("2023-04-30", "half_year", "2023-H1"),
        ("2023-04-30", "tertial", "2023-T1"),
        ("2023-04-30", "quarter", "2023-Q2"),
        ("2023-04-30", "month", "2023-M04"),
        ("2023-05-01", "tertial", "2023-T2"),
        ("2023-08-31", "tertial", "2023-T2"),
        ("2023-09-01", "tertial", "2023-T3"),
        ("2023-06-30", "half_year", "2023-H1"),
        ("2023-07-01", "half_year", "2023-H2"),
        ("2023-03-31", "quarter", "2023-Q1"),
        ("2023-10-01", "quarter", "2023-Q4"),
        ("2023-12-31", "month", "2023-M12"),
        ("2023-12-31 00:00:00", "tertial", "2023-T3"),
        ("2023", "year", "2023"),
        ("2023-1-5", "month", "2023-M01"),
    ],
)
def test_dates_to_periods(date, kind, expected, tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(f"Datum;Enhetskod;Måttkod;Måttkolumnkod;Värde\n{date};KS;M101;Utfall;1\n", encoding="utf-8")
    assert read_stratsys(p, OUTCOME, period=kind).frame["period"].tolist() == [expected]


def test_period_of():
    assert [period_of(2024, m, "tertial") for m in range(1, 13)] == ["2024-T1"] * 4 + ["2024-T2"] * 4 + ["2024-T3"] * 4


def test_dataframe_input_with_timestamps_numbers_and_mapping_frame():
    df = pd.DataFrame(
        {
            "Date": [pd.Timestamp("2023-05-31"), "2023-12-31"],
            "unit_code": [12, 13.0],
            "Measure-Code": ["M1", "M1"],
            "MEASURE COLUMN CODE": ["U", "U"],
            "value": [1.5, "2,5"],
        }
    )
    mapping = pd.DataFrame({"measure": ["M1"], "column": ["U"], "indicator": ["i1"], "scale": [2]})
    m = read_stratsys(df, mapping, period="half_year")
    pd.testing.assert_frame_equal(
        m.frame, frame([("i1", "12", "2023-H1", 3.0), ("i1", "13", "2023-H2", 5.0)], note=False), check_dtype=False
    )


def test_tab_separated_and_explicit_sep(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text(
        "Datum\tEnhetskod\tMåttkod\tMåttkolumnkod\tVärde\n2023-12-31\tKS\tM101\tUtfall\t4,5\n", encoding="utf-8"
    )
    assert read_stratsys(p, OUTCOME).frame["value"].tolist() == [4.5]
    assert read_stratsys(p, OUTCOME, sep="\t").frame["value"].tolist() == [4.5]


def test_cp1252_file_needs_the_encoding(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes("Datum;Enhetskod;Måttkod;Måttkolumnkod;Värde\n2023-12-31;KS;M101;Utfall;3,5\n".encode("cp1252"))
    with pytest.raises(
        sk.MeasurementError,
        match=r"excel\.csv: line 1, column 18: invalid UTF-8 byte 0xE5 \(byte 17 "
        r"of the file\); .* where 0xE5 is 'å': read it with "
        r"encoding=\"cp1252\", or save the file as UTF-8$",
    ):
        read_stratsys(p, OUTCOME)
    assert read_stratsys(p, OUTCOME, encoding="cp1252").frame["value"].tolist() == [3.5]
    with pytest.raises(sk.ArgumentError, match=r"encoding='cp9999': unknown text encoding"):
        read_stratsys(p, OUTCOME, encoding="cp9999")


def test_strict_mapping_and_strategy_checks():
    with pytest.raises(
        sk.MeasurementError,
        match=r"mapping\[\('M101', 'Mal'\)\]: measure 'M101' column 'Mal' "
        r"\(mapped to 'i2'\) does not occur in .*sv\.csv",
    ):
        read_stratsys(SV, {**OUTCOME, ("M101", "Mal"): "i2"}, period="tertial")
    assert len(read_stratsys(SV, {**OUTCOME, ("M101", "Mal"): "i2"}, period="tertial", strict=False)) == 5
    s = sk.Strategy.from_dict(small_strategy())
    with pytest.raises(sk.MeasurementError, match=r"maps to indicator 'x', which is not in the strategy"):
        read_stratsys(SV, {("M101", "Utfall"): "x"}, strategy=s)
    with pytest.raises(
        sk.MeasurementError,
        match=r"units\['KS'\]: 'KS' maps to unit 'ks', which is not in the "
        "strategy",
    ):
        read_stratsys(SV, OUTCOME, units={"KS": "ks"}, strategy=s)


def test_a_mapping_key_without_column():
    with pytest.raises(
        sk.MeasurementError,
        match=r"mapping\['M101'\]: the key has no column; key each entry by "
        r"\(measure, column\)",
    ):
        read_stratsys(SV, {"M101": "i1"})


def test_two_dates_in_one_period_name_both_rows():
    with pytest.raises(
        sk.MeasurementError,
        match=r"sv\.csv, row 4: indicator 'i1', unit 'KS', period '2023' is "
        r"already given at .*sv\.csv, row 2; .*two dates in one year: "
        "choose a finer period=",
    ):
        read_stratsys(SV, OUTCOME)


HEADER = "Datum;Enhetskod;Måttkod;Måttkolumnkod;Värde\n"
BAD = {
    "fixture: not a number": (
        None,
        "bad-value.csv",
        {},
        r"bad-value\.csv, row 3, column 'Värde': 'tolv' is not a "
        "number",
    ),
    "fixture: not a date": (
        None,
        "bad-date.csv",
        {},
        r"bad-date\.csv, row 3, column 'Datum': '31/12/2023' is not a "
        "date; write it as YYYY-MM-DD",
    ),
    "missing column": (
        "Datum;Enhetskod;Måttkod;Värde\n2023-12-31;KS;M101;1\n",
        None,
        {},
        r"x\.csv, row 1: no column for the column \(expected 'måttkolumnkod' or 'measure column "
        r"code'\)",
    ),
    "two columns for one field": (
        "Datum;date;Enhetskod;Måttkod;Måttkolumnkod;Värde\n",
        None,
        {},
        r"x\.csv, row 1: columns 'Datum' and 'date' both give the date",
    ),
    "empty unit code": (
        HEADER + "2023-12-31;KS;M101;Utfall;1\n2023-12-31; ;M101;Utfall;2\n",
        None,
        {},
        r"x\.csv, row 3, column 'Enhetskod': the cell is empty",
    ),
    "ragged row": (
        HEADER + "2023-12-31;KS;M101;Utfall;1;extra\n",
        None,
        {},
        r"x\.csv, row 2: 6 cells, but the header has 5",
    ),
    "decimal comma in a comma file": (
        'date,unit code,measure code,measure column code,value\n2023-12-31,KS,M101,Utfall,"1,5"\n',
        None,
        {},
        r"x\.csv, row 2, column 'value': '1,5' has a decimal comma in a "
        "comma-separated file",
    ),
    "no month for a tertial": (
        HEADER + "2023;KS;M101;Utfall;1\n",
        None,
        {"period": "tertial"},
        r"x\.csv, row 2, column 'Datum': '2023' has no month, which period='tertial' needs",
    ),
    "impossible date": (
        HEADER + "2023-02-30;KS;M101;Utfall;1\n",
        None,
        {},
        r"x\.csv, row 2, column 'Datum': '2023-02-30' is not a valid date",
    ),
    "infinite value": (
        HEADER + "2023-12-31;KS;M101;Utfall;1e999\n",
        None,
        {},
        r"x\.csv, row 2, column 'Värde': '1e999': the value must be finite",
    ),
    "a blank line keeps row numbers": (
        HEADER + "2023-12-31;KS;M101;Utfall;1\n\n2023-12-31;BUN;M101;Utfall;x\n",
        None,
        {},
        r"x\.csv, row 4, column 'Värde': 'x' is not a number",
    ),
    "empty file": ("\n", None, {}, r"x\.csv: the file is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input(case, tmp_path):
    text, fixture, kwargs, pattern = BAD[case]
    if fixture is None:
        p = tmp_path / "x.csv"
        p.write_text(text, encoding="utf-8")
    else:
        p = DATA / fixture
    with pytest.raises(sk.MeasurementError, match=pattern):
        read_stratsys(p, OUTCOME, **kwargs)


def test_bad_arguments():
    with pytest.raises(sk.ArgumentError, match="period='week': expected one of year, half_year, tertial"):
        read_stratsys(SV, OUTCOME, period="week")
    with pytest.raises(sk.ArgumentError, match="sep='|'"):
        read_stratsys(SV, OUTCOME, sep="|")
    with pytest.raises(sk.ArgumentError, match="expected a file path or a DataFrame, got list"):
        read_stratsys([], OUTCOME)
    with pytest.raises(sk.MeasurementError, match="no such file"):
        read_stratsys(DATA / "nowhere.csv", OUTCOME)


def test_dataframe_errors_name_the_index_label():
    df = pd.DataFrame(
        {
            "date": ["2023-12-31"],
            "unit code": ["KS"],
            "measure code": ["M101"],
            "measure column code": ["Utfall"],
            "value": ["abc"],
        },
        index=[7],
    )
    with pytest.raises(sk.MeasurementError, match=r"DataFrame, row 7, column 'value': 'abc' is not a number"):
        read_stratsys(df, OUTCOME)
    with pytest.raises(sk.MeasurementError, match=r"DataFrame columns: no column for the value"):
        read_stratsys(df.drop(columns="value"), OUTCOME)


def test_stratsys_to_evaluation():
    strategy = sk.Strategy.from_dict(small_strategy())
    m = read_stratsys(EN, OUTCOME, units={"KS": "a", "BUN": "b"}, strategy=strategy)
    t = sk.evaluate(strategy, m).table().set_index(["unit", "node", "period"])
    assert t.loc[("a", "i1", "2023"), "score"] == pytest.approx(13.5)  # bounded 0..100
    assert t.loc[("kommun", "i1", "2023"), "score"] == pytest.approx((13.5 + 9.0) / 2)  # mean over units
