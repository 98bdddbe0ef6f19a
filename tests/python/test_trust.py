"""Numbers a board can trust (issue 8) through the public API and the CLI:
target paths and per-unit targets in JSON and tables, warnings as data,
reasons, comments without a status, checked overrides, the safe coverage
default. Every expected number is computed by hand in a comment."""

import json
import math

import pandas as pd
import pytest

import styrkort as sk
from styrkort.cli import main


def rows(*items):
    return pd.DataFrame(items, columns=["indicator", "unit", "period", "value"])


def cell(ev, node, unit, period, column="score"):
    t = ev.table(node=node, unit=unit, period=period)
    assert len(t) == 1, (node, unit, period)
    return t[column].iloc[0]


# A municipality with two boards, 2021-2024: a rate (mean over units) with a
# target path, and a count summed over the boards.
def strategy_dict():
    return {
        "format": "styrkort-strategy/1",
        "name": "Egen strategi",
        "periods": ["2021", "2022", "2023", "2024"],
        "units": [
            {"id": "kommun", "name": "Kommunen"},
            {"id": "kf", "name": "Kulturnämnden", "parent": "kommun", "weight": 1},
            {"id": "bu", "name": "Barn- och utbildningsnämnden", "parent": "kommun", "weight": 3},
        ],
        "nodes": [
            {"id": "fa", "kind": "focus_area", "name": "Kompetens", "priority": 1},
            {
                "id": "andel",
                "kind": "indicator",
                "name": "Andel utbildade",
                "parents": ["fa"],
                "unit_aggregation": "mean",
                "baseline": {"value": 40, "period": "2021"},
                "target": {
                    "value": 80,
                    "period": "2024",
                    "interpolation": "step",
                    "milestones": [{"period": "2022", "value": 50}, {"period": "2023", "value": 65}],
                },
            },
            {
                "id": "antal",
                "kind": "indicator",
                "name": "Antal utbildade",
                "parents": ["fa"],
                "unit_aggregation": "sum",
                "normalisation": "ratio",
                "target": {"value": 200, "period": "2024"},
                "by_unit": [{"unit": "bu", "target": {"value": 150, "period": "2024"}}],
            },
        ],
    }


@pytest.fixture()
def ev():
    m = rows(
        ("andel", "kommun", "2022", 45),
        ("andel", "kommun", "2023", 65),
        ("antal", "kf", "2023", 40),
        ("antal", "bu", "2023", 120),
    )
    return sk.evaluate(sk.Strategy.from_dict(strategy_dict()), m)


def test_target_column_follows_the_path_and_the_units(ev):
    # step: the 2022 milestone (50) holds in 2022, 65 in 2023
    assert cell(ev, "andel", "kommun", "2022", "target") == 50
    assert cell(ev, "andel", "kommun", "2023", "target") == 65
    # the rate's boards inherit the path; the count's board bu has its own, kf none
    assert cell(ev, "andel", "kf", "2023", "target") == 65
    assert cell(ev, "antal", "bu", "2023", "target") == 150
    assert math.isnan(cell(ev, "antal", "kf", "2023", "target"))
    assert cell(ev, "antal", "kommun", "2023", "target") == 200
    # progress against the milestone: 100*(45-40)/(50-40) = 50 (yellow); 2023 met: 100 (green)
    assert cell(ev, "andel", "kommun", "2022") == pytest.approx(50.0)
    assert cell(ev, "andel", "kommun", "2023", "status") == "green"
    # ratio: kommun 100*(40+120)/200 = 80; bu 100*120/150 = 80
    assert cell(ev, "antal", "kommun", "2023") == pytest.approx(80.0)
    assert cell(ev, "antal", "bu", "2023") == pytest.approx(80.0)
    assert cell(ev, "antal", "kf", "2023", "status") == "not_assessable"


def test_warnings_are_a_tidy_table_and_in_the_json(ev, tmp_path):
    w = ev.warnings
    assert list(w.columns) == ["code", "node", "unit", "period", "message"]
    missing = w[w["code"] == "missing_target"]
    # kf has no target for the summed count; the unit is named, the period is every one
    assert missing[["node", "unit"]].values.tolist() == [["antal", "kf"]]
    assert missing["period"].isna().all()
    assert "target_share" in missing["message"].iloc[0]
    doc = json.loads(ev.to_json(tmp_path / "r.json"))
    assert [x["code"] for x in doc["warnings"]] == list(w["code"].astype(str))
    assert doc["warnings"][0]["unit"] == w["unit"].iloc[0]


def test_every_status_has_its_reason(ev):
    t = ev.table(period="2023", unit="kommun").set_index("node")
    assert t.loc["andel", "reason"] == "score 100 ≥ 75"
    assert t.loc["antal", "reason"] == "score 80 ≥ 75"
    kf = ev.table(period="2023", unit="kf").set_index("node")
    assert kf.loc["antal", "reason"] == "no target for this unit"
    assert kf.loc["andel", "reason"] == "no value"
    # fa for kf: 'antal' has data (1 of 2 indicators, enough) but no score (no target), 'andel' no value
    assert kf.loc["fa", "reason"] == "none of its 2 parts has a score"
    kf22 = ev.table(period="2022", unit="kf").set_index("node")
    assert kf22.loc["fa", "reason"] == "0 of 2 indicators with data (0 %) < 50 % required"
    assert (ev.table()["reason"] != "").all()


def test_target_paths_and_unit_targets_from_tables_round_trip():
    s = sk.Strategy.from_dict(strategy_dict())
    t = s.to_tables()
    targets = t["targets"]
    # the path of 'andel' (two milestones and the final target) and bu's target of 'antal'
    assert targets[["indicator", "unit", "period", "value"]].astype(object).where(targets.notna(), None)[
        ["indicator", "period", "value"]
    ].values.tolist() == [
        ["andel", "2022", 50.0],
        ["andel", "2023", 65.0],
        ["andel", "2024", 80.0],
        ["antal", "2024", 150.0],
    ]
    back = sk.Strategy.from_tables(t["nodes"], units=t["units"], periods=t["periods"], targets=targets)
    assert back.to_dict()["nodes"] == s.to_dict()["nodes"]


def test_targets_table_with_baselines_and_errors_naming_the_row():
    nodes = pd.DataFrame(
        [
            {"id": "fa", "kind": "focus_area"},
            {
                "id": "n",
                "kind": "indicator",
                "parent": "fa",
                "unit_aggregation": "sum",
                "target_interpolation": "linear",
            },
        ]
    )
    units = pd.DataFrame([{"id": "k"}, {"id": "a", "parent": "k"}])
    targets = pd.DataFrame(
        [
            {"indicator": "n", "unit": "a", "kind": "baseline", "period": "2021", "value": 10},
            {"indicator": "n", "unit": "a", "period": "2022", "value": 14},
            {"indicator": "n", "unit": "a", "period": "2024", "value": 30},
        ]
    )
    s = sk.Strategy.from_tables(nodes, units=units, targets=targets)
    entry = s.to_dict()["nodes"][1]["by_unit"][0]
    assert entry == {
        "unit": "a",
        "baseline": {"value": 10.0, "period": "2021"},
        "target": {"value": 30.0, "period": "2024", "milestones": [{"value": 14.0, "period": "2022"}]},
    }
    # linear from the baseline 10 (2021) to 14 (2022): 2022's value 12 scores 100*(12-10)/(14-10) = 50
    ev = sk.evaluate(s, rows(("n", "a", "2022", 12)))
    assert cell(ev, "n", "a", "2022") == pytest.approx(50.0)
    bad = targets.copy()
    bad.loc[1, "indicator"] = "fa"
    with pytest.raises(sk.StrategyError, match=r"targets table, row 1, column 'indicator': a focus_area"):
        sk.Strategy.from_tables(nodes, units=units, targets=bad)
    bad = targets.copy()
    bad.loc[2, "kind"] = "goal"
    with pytest.raises(sk.StrategyError, match=r"targets table, row 2, column 'kind'"):
        sk.Strategy.from_tables(nodes, units=units, targets=bad)


def test_excel_strategy_workbook_carries_the_targets(tmp_path):
    pytest.importorskip("openpyxl")
    from styrkort import excel

    s = sk.Strategy.from_dict(strategy_dict())
    path = excel.write_strategy_excel(tmp_path / "strategi.xlsx", s)
    back = excel.read_strategy_excel(path)
    assert back.to_dict()["nodes"] == s.to_dict()["nodes"]


def test_no_silent_min_max_and_validate_says_so(tmp_path, capsys):
    d = strategy_dict()
    d["nodes"].append({"id": "nytt", "kind": "indicator", "parents": ["fa"]})
    s = sk.Strategy.from_dict(d)
    w = sk.strategy_warnings(s)
    assert w["code"].tolist() == ["missing_target"] and w["node"].tolist() == ["nytt"]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 warning:" in out and "missing_target: indicator 'nytt' has no target" in out
    ev = sk.evaluate(s, rows(("nytt", "kf", "2023", 3), ("nytt", "bu", "2023", 5)))
    assert cell(ev, "nytt", "bu", "2023", "status") == "not_assessable"
    # min-max named explicitly compares the boards: bu 100
    assert (
        cell(
            sk.Evaluator(s, rows(("nytt", "kf", "2023", 3), ("nytt", "bu", "2023", 5))).evaluate(
                normalisation={"nytt": "minmax"}
            ),
            "nytt",
            "bu",
            "2023",
        )
        == 100
    )


def test_cli_prints_the_count_and_the_first_warnings(tmp_path, capsys):
    d = strategy_dict()
    path = tmp_path / "s.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    # every board lacks both values of 'andel' in 2023: the boards' fa rest on 1 of 2 indicators
    m = tmp_path / "m.csv"
    m.write_text(
        "indicator,unit,period,value\n"
        + "".join(f"antal,{u},{p},{v}\n" for u in ("kf", "bu") for p, v in (("2021", 1), ("2022", 2), ("2023", 3))),
        encoding="utf-8",
    )
    assert main(["evaluate", str(path), str(m), "--out", str(tmp_path / "o.csv")]) == 0
    some = capsys.readouterr().out.splitlines()
    n = int(some[1].split()[0])
    assert n > 5 and some[1].endswith("(the first 5; --warnings all prints every one):")
    assert len(some) == 2 + 5
    assert main(["evaluate", str(path), str(m), "--out", str(tmp_path / "o.csv"), "--warnings", "all"]) == 0
    every = capsys.readouterr().out.splitlines()
    assert every[1] == f"{n} warnings:" and len(every) == 2 + n


def test_comment_without_status_and_manual_status():
    d = strategy_dict()
    d["assessments"] = [
        {"node": "fa", "unit": "kommun", "period": "2023", "comment": "Bra fart i år."},
        {"node": "andel", "unit": "kommun", "period": "2022", "status": "green", "comment": "Bedömt i dialog."},
    ]
    ev = sk.evaluate(sk.Strategy.from_dict(d), rows(("andel", "kommun", "2022", 45)))
    fa = ev.table(node="fa", unit="kommun", period="2023").iloc[0]
    assert fa["comment"] == "Bra fart i år." and not fa["manual"]
    assert fa["status"] == fa["computed_status"]
    a = ev.table(node="andel", unit="kommun", period="2022").iloc[0]
    assert a["manual"] and a["status"] == "green" and a["computed_status"] == "yellow"
    assert a["reason"] == "manual: Bedömt i dialog. (computed: yellow)"
    assert len(ev.overrides) == 1


def test_overrides_are_checked_like_the_strategy():
    s = sk.Strategy.from_dict(strategy_dict())
    e = sk.Evaluator(s, rows(("andel", "kommun", "2022", 45)))
    with pytest.raises(sk.ArgumentError, match='uses normalisation bounded and needs "bounds"'):
        e.evaluate(normalisation={"andel": "bounded"})
    # on a node: every indicator below it is checked
    with pytest.raises(sk.ArgumentError, match="bounded"):
        e.evaluate(normalisation={"fa": "bounded"})


def test_coverage_default_and_lowering_it():
    d = strategy_dict()
    m = rows(("antal", "kf", "2023", 40), ("antal", "bu", "2023", 120))  # 1 of 2 indicators for kommun
    ev = sk.evaluate(sk.Strategy.from_dict(d), m)
    # kommun: 'antal' only (1 of 2 = 50 %): meets the 50 % default, with a low_coverage warning (< 80 %)
    assert cell(ev, "fa", "kommun", "2023", "status") == "green"
    assert (
        (ev.warnings["code"] == "low_coverage") & (ev.warnings["node"] == "fa") & (ev.warnings["unit"] == "kommun")
    ).sum() == 1
    d["nodes"].append({"id": "tredje", "kind": "indicator", "parents": ["fa"], "bounds": {"worst": 0, "best": 1}})
    ev = sk.evaluate(sk.Strategy.from_dict(d), m)  # now 1 of 3 = 33 %: no status
    assert cell(ev, "fa", "kommun", "2023", "status") == "not_assessable"
    d["defaults"] = {"min_indicator_coverage": 0.3}
    ev = sk.evaluate(sk.Strategy.from_dict(d), m)
    assert cell(ev, "fa", "kommun", "2023", "status") == "green"


def test_not_scored_in_a_table():
    nodes = pd.DataFrame(
        [
            {"id": "index", "kind": "vision"},
            {"id": "g13", "kind": "goal", "parent": "index"},
            {"id": "g14", "kind": "goal", "parent": "index", "not_scored": "land"},
            {"id": "c", "kind": "indicator", "parent": "g13", "worst": 0, "best": 100},
            {"id": "o", "kind": "indicator", "parent": "g14", "worst": 0, "best": 100},
        ]
    )
    units = pd.DataFrame([{"id": u, "peer_group": "r"} for u in ("sea1", "sea2", "land")])
    m = pd.DataFrame(
        {
            "indicator": ["c", "c", "c", "o", "o", "o"],
            "unit": ["sea1", "sea2", "land"] * 2,
            "period": "2024",
            "value": [50, 70, 90, 40, 80, 10],
        }
    )
    ev = sk.evaluate(sk.Strategy.from_tables(nodes, units=units), m)
    g14 = ev.table(node="g14", unit="land").iloc[0]
    # not scored: its own 10 is not used; the index takes the peers' mean (40 + 80) / 2 = 60
    assert g14["status"] == "not_applicable" and g14["score"] == 60 and g14["imputed"]
    assert cell(ev, "index", "land", "2024") == pytest.approx(75.0)  # (90 + 60) / 2


@pytest.mark.parametrize("threshold", [25.0, 50.0, 75.0, 100.0])
def test_children_at_a_threshold_give_the_parent_its_colour_under_any_mean_and_weights(threshold):
    # Property (issue 8, point 4): children all at T under every mean and every
    # weighting give a parent at T within 1e-9 of the scale, green under bands T / T/2.
    # The values are T after floating-point noise (T/3*3, T*0.1/0.1, T*7/7).
    values = [threshold / 3.0 * 3.0, threshold * 0.1 / 0.1, threshold * 7.0 / 7.0]
    rule = {"method": "score_bands", "green": threshold, "yellow": threshold / 2}
    d = {
        "format": "styrkort-strategy/1",
        "periods": ["2024"],
        "defaults": {"node_status_rule": rule, "indicator_status_rule": rule},
        "nodes": [{"id": "g", "kind": "goal"}]
        + [
            {"id": f"i{k}", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}}
            for k in range(3)
        ],
    }
    m = rows(*[(f"i{k}", "all", "2024", v) for k, v in enumerate(values)])
    ev = sk.Evaluator(sk.Strategy.from_dict(d), m)
    means = ["arithmetic", "geometric", "harmonic", "minimum", ("power", 2.0), ("power", 0.5), ("power", -3.0)]
    weightings = [(1, 1, 1), (0.1, 0.2, 0.7), (1 / 3, 1 / 7, 1 / 11), (3e-5, 7.0, 0.3), (1e6, 1.0, 1e-6)]
    for mean in means:
        for w in weightings:
            r = ev.evaluate(aggregation={"g": mean}, weights={f"i{k}": w[k] for k in range(3)})
            g = r.table(node="g").iloc[0]
            assert abs(g["score"] - threshold) <= 1e-9 * 100, (mean, w)
            assert g["status"] == "green", (mean, w, g["score"])


def test_cli_output_cut_short_by_its_reader_is_no_error(tmp_path):
    # `styrkort evaluate ... | head -1`: the reader closes the pipe after one line.
    import subprocess
    import sys

    path = tmp_path / "s.json"
    d = strategy_dict()
    d["nodes"].append({"id": "x", "kind": "indicator", "parents": ["fa"]})  # a warning to print
    path.write_text(json.dumps(d), encoding="utf-8")
    m = tmp_path / "m.csv"
    m.write_text("indicator,unit,period,value\nandel,kommun,2022,45\n", encoding="utf-8")
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "styrkort",
            "evaluate",
            str(path),
            str(m),
            "--out",
            str(tmp_path / "o.csv"),
            "--warnings",
            "all",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    p.stdout.close()  # type: ignore[union-attr]
    with p.stderr:  # type: ignore[union-attr]
        err = p.stderr.read().decode()  # type: ignore[union-attr]
    assert p.wait() == 0 and err == ""
