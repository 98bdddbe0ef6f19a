"""Every kind of bad input gets a clear error naming the place and the rule,
exit status 1 from the CLI, and no traceback."""

import json
import subprocess
import sys

import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort.cli import main

GOOD_CSV = "indicator,unit,period,value\ni1,a,2022,40\ni2,a,2022,10\n"


def run_cli(tmp_path, capsys, strategy_text, csv_text=GOOD_CSV, command="evaluate"):
    sp = tmp_path / "strategy.json"
    if isinstance(strategy_text, bytes):
        sp.write_bytes(strategy_text)
    else:
        sp.write_text(strategy_text, encoding="utf-8")
    mp = tmp_path / "m.csv"
    if isinstance(csv_text, bytes):
        mp.write_bytes(csv_text)
    else:
        mp.write_text(csv_text, encoding="utf-8")
    args = (
        ["validate", str(sp)]
        if command == "validate"
        else ["evaluate", str(sp), str(mp), "--out", str(tmp_path / "o.csv")]
    )
    code = main(args)
    err = capsys.readouterr().err
    return code, err


def changed(**kw):
    d = small_strategy()
    for path, value in kw.items():
        node, key = path.split("__")
        for n in d["nodes"]:
            if n["id"] == node:
                n[key] = value
    return d


STRATEGY_CASES = {
    "malformed JSON": (
        '{\n  "nodes": [\n    {"id": "v" "kind": "vision"}\n  ]\n}',
        ["line 3, column", "malformed JSON"],
    ),
    "empty file": ("   \n", ["strategy.json", "empty"]),
    "invalid UTF-8": (b'{"name": "G\xe4vle", "nodes": []}', ["line 1, column 12", "byte 11", "invalid UTF-8"]),
    "unknown parent": (
        json.dumps(changed(g1__parents=["nowhere"])),
        ["$.nodes[1].parents[0]", "unknown parent 'nowhere'"],
    ),
    "cycle": (json.dumps(changed(vision__parents=["g1"])), ["cycle", "g1 -> vision -> g1"]),
    "duplicate id": (
        json.dumps({**small_strategy(), "nodes": small_strategy()["nodes"] + [{"id": "g1", "kind": "goal"}]}),
        ["$.nodes[6]", "duplicate node id 'g1'", "first at $.nodes[1]"],
    ),
    "thresholds in the wrong order": (
        json.dumps(changed(i2__status_rule={"method": "sdg_dashboard", "green": 40, "red": 10})),
        ["$.nodes[4].status_rule", "wrong order", "lower_is_better", "green (40) must be < red (10)"],
    ),
    "negative weight": (
        json.dumps(changed(g2__parents=[{"id": "vision", "weight": -1}])),
        ["$.nodes[2].parents[0].weight", "negative", ">= 0"],
    ),
    "unknown key": (json.dumps(changed(g1__colour="red")), ["$.nodes[1]", 'unknown key "colour"']),
    "unknown period": (
        json.dumps({**small_strategy(), "periods": ["2022", "2023"]}),
        ["$.nodes[5].baseline.period", "unknown period '2020'"],
    ),
    "band without tolerance": (json.dumps(changed(i1__direction="band", i1__band=[1, 2])), ["tolerance", "i1"]),
    "assessment without comment": (
        json.dumps(
            {**small_strategy(), "assessments": [{"node": "g1", "unit": "a", "period": "2022", "status": "green"}]}
        ),
        ["$.assessments[0].comment", "needs a comment"],
    ),
}


@pytest.mark.parametrize("case", sorted(STRATEGY_CASES))
def test_bad_strategy(case, tmp_path, capsys):
    text, expected = STRATEGY_CASES[case]
    code, err = run_cli(tmp_path, capsys, text)
    assert code == 1, err
    assert "Traceback" not in err
    for part in expected:
        assert part in err, f"{part!r} not in {err!r}"
    assert not (tmp_path / "o.csv").exists()


MEASUREMENT_CASES = {
    "non-numeric value": (
        "indicator,unit,period,value\ni1,a,2022,40\ni2,a,2022,abc\n",
        ["m.csv, row 3", "'abc' is not a number"],
    ),
    "infinite value": ("indicator,unit,period,value\ni1,a,2022,inf\n", ["m.csv, row 2", "infinite"]),
    "unknown unit": ("indicator,unit,period,value\ni1,a,2022,1\ni1,x,2022,2\n", ["m.csv, row 3", "unknown unit 'x'"]),
    "unknown indicator": ("indicator,unit,period,value\nzz,a,2022,1\n", ["m.csv, row 2", "unknown indicator 'zz'"]),
    "goal given as indicator": (
        "indicator,unit,period,value\ng1,a,2022,1\n",
        ["row 2", "'g1' is a goal, not an indicator"],
    ),
    "unknown period": ("indicator,unit,period,value\ni1,a,22/23,1\n", ["m.csv, row 2", "unknown period '22/23'"]),
    "duplicate row": (
        "indicator,unit,period,value\ni1,a,2022,1\ni2,a,2022,1\ni1,a,2022,2\n",
        ["m.csv, row 4", "second value", "row 2"],
    ),
    "missing column": ("indicator,unit,value\ni1,a,1\n", ["missing column 'period'"]),
    "empty cell": ("indicator,unit,period,value\n,a,2022,1\n", ["row 2", "'indicator' is empty"]),
    "invalid UTF-8": (
        b"indicator,unit,period,value\ni1,\xff,2022,1\n",
        ["line 2, column 4", "invalid UTF-8 byte 0xFF (byte 31 of the file)", "save the file as UTF-8"],
    ),
    "cp1252 text": (
        "indicator,unit,period,value,note\ni1,a,2022,1,Gävle\n".encode("cp1252"),
        [
            "line 2, column 14",
            "invalid UTF-8 byte 0xE4 (byte 46 of the file)",
            "where 0xE4 is 'ä'",
            "--encoding cp1252",
        ],
    ),
    "decimal comma in a comma file": (
        "indicator,unit,period,value\ni1,a,2022,40\ni2,a,2022,10,5\n",
        [
            "m.csv, row 3: 5 cells but the header has 4 (i2,a,2022,10,5)",
            "a decimal comma in a comma-separated file is probably the cause",
            'use ";" as the separator',
            'quote the number ("82,5")',
        ],
    ),
    "empty file": ("", ["m.csv", "empty"]),
}


@pytest.mark.parametrize("case", sorted(MEASUREMENT_CASES))
def test_bad_measurements(case, tmp_path, capsys):
    csv, expected = MEASUREMENT_CASES[case]
    code, err = run_cli(tmp_path, capsys, json.dumps(small_strategy()), csv)
    assert code == 1, err
    assert "Traceback" not in err
    for part in expected:
        assert part in err, f"{part!r} not in {err!r}"


def test_unknown_period_when_periods_are_declared(tmp_path, capsys):
    d = small_strategy(periods=["2020", "2022", "2024"])
    code, err = run_cli(tmp_path, capsys, json.dumps(d), "indicator,unit,period,value\ni1,a,2023,1\n")
    assert code == 1 and "row 2" in err and "unknown period '2023'" in err


def test_output_never_overwrites_an_input(tmp_path, capsys):
    sp = tmp_path / "s.json"
    sp.write_text(json.dumps(small_strategy()), encoding="utf-8")
    mp = tmp_path / "m.csv"
    mp.write_text(GOOD_CSV, encoding="utf-8")
    before = mp.read_bytes()
    assert main(["evaluate", str(sp), str(mp), "--out", str(mp)]) == 1
    assert "overwrite an input" in capsys.readouterr().err
    assert mp.read_bytes() == before
    assert main(["evaluate", str(sp), str(mp), "--out", str(tmp_path / "o.xlsx")]) == 1
    assert "unsupported output type" in capsys.readouterr().err


def test_missing_file_and_directory(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.json")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 1
    assert "is a directory" in capsys.readouterr().err


def test_console_script_prints_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "styrkort", "validate", str(bad)], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.startswith("styrkort: error:") and "Traceback" not in r.stderr
    assert "line 1, column" in r.stderr


def test_tables_errors_name_table_row_and_column():
    import pandas as pd

    nodes = pd.DataFrame({"id": ["v", "g"], "kind": ["vision", "goal"], "parent": [None, "x"]})
    with pytest.raises(sk.StrategyError, match=r"nodes table, row 1.*unknown parent 'x'"):
        sk.Strategy.from_tables(nodes)
    nodes = pd.DataFrame({"id": ["v"], "kind": ["vision"], "priority": ["first"]})
    with pytest.raises(sk.StrategyError, match=r"nodes table, row 0, column 'priority': 'first' is not a number"):
        sk.Strategy.from_tables(nodes)
    with pytest.raises(sk.StrategyError, match="unknown column 'colour'"):
        sk.Strategy.from_tables(pd.DataFrame({"id": ["v"], "kind": ["vision"], "colour": ["x"]}))


def test_errors_share_one_base():
    for cls in (sk.StrategyError, sk.MeasurementError, sk.ArgumentError):
        assert issubclass(cls, sk.Error) and issubclass(cls, ValueError)
    with pytest.raises(sk.Error):
        sk.Strategy.from_json_text("[]")
