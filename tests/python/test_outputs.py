"""Outputs an analyst opens: CSV for Swedish Excel, numbers rounded to a stated
precision, the forecast as a period, amounts without scientific notation, CSV
injection neutralised, files written whole; and the command line's printed tables
and help (issue 10, points 2, 9 and 11)."""

import json
import math
import os
import re

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort import _io
from styrkort import allocation as al
from styrkort.cli import _parser, main
from styrkort.evaluation import _forecast_periods

BOM = b"\xef\xbb\xbf"


# -- one CSV writer: injection, dialects, atomic ----------------------------------------
def test_csv_cells_that_look_like_formulas_get_an_apostrophe_numbers_do_not(tmp_path):
    frame = pd.DataFrame(
        {
            "text": ["=SUM(A1:A9)", "+46 26 17 80 00", "-x", "@cmd", "\tTAB", "\rCR", "ok", "a=b", None],
            "number": [-5.0, 1.5, -0.25, 0.0, 2.0, 3.0, 4.0, 5.0, float("nan")],
            "kind": pd.Categorical(["=HYPERLINK()", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]),
        }
    )
    out = _io.write_csv(frame, tmp_path / "t.csv")
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert b'"\'\rCR"' in out.read_bytes()  # a carriage return in a cell is quoted: the row stays one row
    assert back["text"].tolist() == [
        "'=SUM(A1:A9)",
        "'+46 26 17 80 00",
        "'-x",
        "'@cmd",
        "'\tTAB",
        "'\rCR",
        "ok",
        "a=b",
        "",
    ]
    assert back["number"].tolist() == ["-5.0", "1.5", "-0.25", "0.0", "2.0", "3.0", "4.0", "5.0", ""]
    assert back["kind"].tolist()[:2] == ["'=HYPERLINK()", "ok"]
    assert frame["text"].iloc[0] == "=SUM(A1:A9)"  # the caller's table is not changed


def test_csv_dialects_swedish_plain_and_explicit(tmp_path):
    frame = pd.DataFrame({"namn": ["Gävle", "Åre"], "värde": [82.5, -1234.75]})
    sv = _io.write_csv(frame, tmp_path / "sv.csv", lang="sv").read_bytes()
    assert sv.startswith(BOM)
    assert sv[len(BOM) :].decode("utf-8") == "namn;värde\r\nGävle;82,5\r\nÅre;-1234,75\r\n"  # RFC 4180
    en = _io.write_csv(frame, tmp_path / "en.csv", lang="en").read_bytes()
    assert en.decode("utf-8") == "namn,värde\r\nGävle,82.5\r\nÅre,-1234.75\r\n"
    explicit = _io.write_csv(frame, tmp_path / "x.csv", sep=";", decimal=",").read_bytes()
    assert explicit == sv  # ';' brings the BOM a Swedish Excel user expects
    with pytest.raises(sk.ArgumentError, match="separator and the decimal mark are both ','"):
        _io.write_csv(frame, tmp_path / "bad.csv", sep=",", decimal=",")
    with pytest.raises(sk.ArgumentError, match="unknown language 'de'"):
        _io.write_csv(frame, tmp_path / "bad.csv", lang="de")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old\n", encoding="utf-8")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(sk.ArgumentError, match=r"r\.json: cannot be written \(No space left on device\)"):
        _io.write_json(target, '{"new": 1}')
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_write_atomic_without_overwrite_refuses_an_existing_file(tmp_path):
    p = _io.write_atomic(tmp_path / "a.json", "1\n", overwrite=False)
    assert p.read_text(encoding="utf-8") == "1\n"
    with pytest.raises(sk.ArgumentError, match=r"a\.json: already exists"):
        _io.write_atomic(p, "2\n", overwrite=False)
    assert p.read_text(encoding="utf-8") == "1\n" and sorted(x.name for x in tmp_path.iterdir()) == ["a.json"]


# -- the evaluation's outputs -----------------------------------------------------------
def test_forecast_periods_in_the_kind_of_the_row():
    periods = ["2024-T1", "2024", "2023-M05", "2023-Q2", "läsår", "2024-T3", "2023-T3", "2020"]
    t = pd.DataFrame(
        {
            "period": pd.Categorical(periods, categories=periods),
            # 2023.5 is mid-2024 (a year is read at its end: 2024 spans (2023, 2024])
            "forecast": [2023.5, 2023.5, 2023.5, 2023.5, 2023.5, 2024.0, 2023.0004, np.nan],
        }
    )
    assert _forecast_periods(t).tolist() == [
        "2024-T2",  # (2023.333, 2023.667]
        "2024",
        "2024-M06",  # (2023.417, 2023.5]
        "2024-Q2",  # (2023.25, 2023.5]
        "2024",  # an id of no known form: the year
        "2024-T3",  # the end of 2024
        "2023-T3",  # float noise past the end of 2023 still counts to it
        None,
    ]


def test_evaluation_csv_is_rounded_with_the_forecast_as_a_period(tmp_path, gavle_eval):
    path = gavle_eval.to_csv(tmp_path / "r.csv", lang="sv")
    raw = path.read_bytes()
    assert raw.startswith(BOM) and raw[len(BOM) :].split(b"\r\n")[0].count(b";") > 10
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"forecast_period": str})
    full = gavle_eval.table(dropna=True)
    assert "time" not in back.columns and "forecast" not in back.columns
    assert len(back) == len(full)
    assert np.allclose(back["score"], full["score"].round(1), equal_nan=True)
    assert np.allclose(back["value"], full["value"].round(3), equal_nan=True)
    assert np.allclose(back["coverage"], full["coverage"].round(3), equal_nan=True)
    # a score has at most one decimal in the file
    scores = raw.decode("utf-8-sig").split("\r\n")[1].split(";")
    assert scores[back.columns.get_loc("score")] == f"{full['score'].iloc[0]:.1f}".replace(".", ",")
    # the forecast: a yearly period whose span (Y − 1, Y] holds the time, by hand for one row
    i = int(np.flatnonzero(full["forecast"].to_numpy() > full["time"].to_numpy() + 0.01)[0])
    f = float(full["forecast"].iloc[i])
    assert back["forecast_period"].iloc[i] == str(math.ceil(f - 1e-3))
    yearly = full["forecast"].notna() & full["period"].astype(str).str.fullmatch(r"\d{4}")
    expected = [str(math.ceil(x - 1e-3)) for x in full.loc[yearly, "forecast"]]
    assert back.loc[yearly.to_numpy(), "forecast_period"].tolist() == expected


def test_evaluation_json_keeps_every_digit(tmp_path, gavle_eval):
    doc = json.loads(gavle_eval.to_json(tmp_path / "r.json"))
    full = gavle_eval.table(dropna=True)
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == doc
    tertial = [r for r in doc["results"] if r["period"] == "2020-T1"]
    assert tertial and tertial[0]["time"] == float(gavle_eval.period_times[gavle_eval.periods.index("2020-T1")])
    scores = [r["score"] for r in doc["results"]]
    assert scores == [None if math.isnan(x) else float(x) for x in full["score"]]  # bit for bit
    assert any(x is not None and x != round(x, 1) for x in scores)  # more digits than the CSV's


def test_cli_evaluate_writes_swedish_csv_when_asked(tmp_path, capsys):
    strategy, values = sk.examples.path("gavle/strategy.json"), sk.examples.path("gavle/measurements.csv")
    sv, plain, explicit = tmp_path / "sv.csv", tmp_path / "plain.csv", tmp_path / "explicit.csv"
    assert main(["evaluate", str(strategy), str(values), "--out", str(sv), "--lang", "sv"]) == 0
    assert capsys.readouterr().out.startswith(f"{sv}: ")
    assert main(["evaluate", str(strategy), str(values), "--out", str(plain)]) == 0
    assert main(["evaluate", str(strategy), str(values), "--out", str(explicit), "--sep", ";", "--decimal", ","]) == 0
    assert sv.read_bytes().startswith(BOM + b"unit;node;kind;name;period;value;")
    assert plain.read_bytes().startswith(b"unit,node,kind,name,period,value,")
    assert explicit.read_bytes() == sv.read_bytes()
    a = pd.read_csv(sv, sep=";", decimal=",", encoding="utf-8-sig")
    b = pd.read_csv(plain)
    pd.testing.assert_frame_equal(a, b)
    capsys.readouterr()
    assert main(["evaluate", str(strategy), str(values), "--out", str(tmp_path / "r.json"), "--sep", ";"]) == 1
    assert "--sep: only for a .csv output, not r.json" in capsys.readouterr().err


# -- allocation tables: amounts, not scientific notation; sums kept ----------------------
def test_round_to_sum_keeps_the_rounded_total():
    assert al.round_to_sum([100 / 3, 100 / 3, 100 / 3]).tolist() == [33.34, 33.33, 33.33]
    # tenths 1.25, 1.25, 7.5: rounded down 1, 1, 7 lack one tenth, which goes to the largest remainder (.5)
    assert al.round_to_sum([0.125, 0.125, 0.75], 1).tolist() == [0.1, 0.1, 0.8]
    assert al.round_to_sum([0.5, 0.5], 0).tolist() == [1.0, 0.0]  # a tie: the first in table order
    assert al.round_to_sum([1.0, 2.0, 3.0]).tolist() == [1.0, 2.0, 3.0]
    rng = np.random.default_rng(3)
    for _ in range(200):
        x = rng.uniform(0, 5e6, size=int(rng.integers(1, 12)))
        r = al.round_to_sum(x)
        cents = np.round(r * 100).astype(np.int64)
        assert cents.sum() == round(float(x.sum()) * 100)
        assert np.all(np.abs(r - x) < 0.01 + 1e-9)


def test_split_budget_amounts_in_cents_that_sum_to_the_budget():
    areas = pd.DataFrame({"id": ["a", "b", "c"], "weight": [1.0, 1.0, 1.0]})
    split = al.split_budget(areas, 3_282_291.67)
    assert split.table["amount"].tolist() == [1_094_097.23, 1_094_097.22, 1_094_097.22]
    assert round(split.table["amount"].sum() * 100) == 328_229_167
    shown = split.table.to_string()
    assert "1094097.23" in shown and "e+" not in shown
    raw = al.split_budget(areas, 3_282_291.67, decimals=None).table["amount"]
    assert raw.iloc[0] == pytest.approx(3_282_291.67 / 3, abs=1e-6) and raw.iloc[0] != 1_094_097.23


def test_leverage_split_total_is_own_plus_external_to_the_cent():
    areas = pd.DataFrame({"id": ["a", "b"], "weight": [2.0, 1.0], "grants": [[("eu", 0.6, 1e9)], [("esf", 0.5, 1e9)]]})
    t = al.split_budget(areas, 1_000_000 / 3, "leverage").table
    assert (t["total"] == (t["own"] + t["external"]).round(2)).all()
    assert round(t["own"].sum() * 100) == round(1_000_000 / 3 * 100)
    assert all(round(x * 100) == x * 100 for x in t[["own", "external", "total"]].to_numpy().ravel())


# -- the command line's printed allocation ------------------------------------------------
def test_cli_allocate_prints_names_method_and_swedish_numbers(tmp_path, capsys):
    out = tmp_path / "split.csv"
    assert main(["allocate", "--lang", "sv", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    words = " ".join(printed.split(" "))
    for text in (
        "2\u00a0400\u00a0000 kr i egna medel och 500 personaldagar att fördela för 2021",
        "rangordningscentroid (ROC)",
        "d'Hondts metod",
        "hävstång",
        "Fokusområde",
        "Egna medel",
        "Näringslivsprogram",
        "Övriga insatser (stöd till andra verksa…",
        "Belopp i hela kr, vikter med tre decimaler.",
        f"{out}: 5 fokusområden",
    ):
        assert text in words.replace("\n", " "), text
    row = next(line for line in printed.splitlines() if line.startswith("Näringslivsprogram"))
    assert re.split(" +", row) == [
        "Näringslivsprogram",
        "1",
        "0,457",
        "1\u00a0000\u00a0000",
        "450\u00a0000",
        "1\u00a0450\u00a0000",
        "Tak",
        "229",
    ]
    assert not any(f"fa{k}" in printed for k in range(1, 6))  # names, not ids
    t = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert t["own"].sum() == 2_400_000 and t["weight"].tolist() == [0.457, 0.257, 0.157, 0.09, 0.04]


def test_cli_allocate_in_english(capsys):
    assert main(["allocate", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    words = " ".join(printed.split())
    assert "2,400,000 kr of own money and 500 staff days to split for 2021" in printed
    assert "rank-order centroid (ROC)" in words and "D'Hondt method" in words
    row = next(line for line in printed.splitlines() if line.startswith("Utbildning"))
    assert row.split() == ["Utbildning", "4", "0.090", "100,000", "400,000", "500,000", "Floor", "45"]
    total = next(line for line in printed.splitlines() if line.startswith("Total "))
    assert total.split() == ["Total", "2,400,000", "1,450,000", "3,850,000", "500"]


def test_cli_allocate_json_keeps_every_digit(tmp_path, capsys):
    out = tmp_path / "split.json"
    assert main(["allocate", "--out", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    weights = al.priority_weights(sk.examples.gavle_strategy())
    assert [r["weight"] for r in rows] == weights.tolist()  # 0.45666666666666667, not 0.457


# -- help wrapped at words --------------------------------------------------------------
def _subparsers():
    parser = _parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return parser, action.choices


def test_help_wraps_at_word_boundaries_at_80_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    parser, commands = _subparsers()
    for name, sub in [("styrkort", parser), *commands.items()]:
        text = sub.format_help()
        tokens = set(text.split())
        for action in sub._actions:
            if action.help and action.help != "==SUPPRESS==":
                words = (action.help % {"default": action.default, "prog": sub.prog}).split()
                missing = [w for w in words if w not in tokens]
                assert not missing, f"{name} {action.option_strings}: cut words {missing}"
        for line in text.splitlines():
            assert len(line) <= 80 or len(line.split()) == 1 or line.startswith("usage"), (name, line)


def test_printed_words_have_the_same_keys_in_every_language():
    from styrkort._display import words

    for table in (words.CLI, words.TEMPLATE):
        assert set(table["sv"]) == set(table["en"])
        for key, value in table["sv"].items():
            if isinstance(value, dict):
                assert set(value) == set(table["en"][key]), key
