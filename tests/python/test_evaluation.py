"""Goal fulfilment through the public API, against values computed by hand."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk


def rows(*items):
    return pd.DataFrame(items, columns=["indicator", "unit", "period", "value"])


def cell(ev, node, unit, period, column="score"):
    t = ev.table(node=node, unit=unit, period=period)
    assert len(t) == 1
    return t[column].iloc[0]


def test_small_strategy_by_hand():
    s = sk.Strategy.from_dict(small_strategy())
    m = rows(
        ("i1", "a", "2022", 40),
        ("i1", "b", "2022", 80),
        ("i2", "a", "2022", 10),
        ("i2", "b", "2022", 30),
        ("i3", "a", "2022", 6),
        ("i3", "b", "2022", 8),
    )
    ev = sk.evaluate(s, m)
    # unit a: i1 = 40; i2 = 100*(10-50)/(0-50) = 80; g1 = 60
    assert cell(ev, "g1", "a", "2022") == pytest.approx(60.0)
    # the root unit: i1 = mean(40, 80) = 60; i2 = max(10, 30) = 30 -> 100*(30-50)/(0-50) = 40; g1 = 50
    assert cell(ev, "i1", "kommun", "2022", "value") == pytest.approx(60.0)
    assert cell(ev, "i2", "kommun", "2022", "value") == pytest.approx(30.0)
    assert cell(ev, "g1", "kommun", "2022") == pytest.approx(50.0)
    # i3 root = 6 + 8 = 14: progress 100*(14-10)/(20-10) = 40; vision = (1*50 + 3*40)/4 = 42.5
    assert cell(ev, "i3", "kommun", "2022") == pytest.approx(40.0)
    assert cell(ev, "vision", "kommun", "2022") == pytest.approx(42.5)
    assert cell(ev, "i1", "kommun", "2022", "origin") == "units"
    # default score bands 75/50: 42.5 -> red, 60 -> yellow
    assert cell(ev, "vision", "kommun", "2022", "status") == "red"
    assert cell(ev, "g1", "a", "2022", "status") == "yellow"
    # ranks among sibling units a and b: g1 a = 60, b = (80 + 100*(30-50)/(0-50)=40)/2 = 60 -> tie, both 1
    assert cell(ev, "g1", "a", "2022", "rank") == 1 and cell(ev, "g1", "b", "2022", "rank") == 1


def test_weights_and_methods_can_be_changed_without_preparing_again():
    s = sk.Strategy.from_dict(small_strategy())
    m = rows(("i1", "kommun", "2022", 40), ("i2", "kommun", "2022", 10), ("i3", "kommun", "2022", 15))
    ev = sk.Evaluator(s, m)
    base = ev.evaluate()
    # g1 = (40 + 80) / 2 = 60, g2 = 50, vision = (60 + 3*50)/4 = 52.5
    assert cell(base, "vision", "kommun", "2022") == pytest.approx(52.5)
    equal = ev.evaluate(weights={("g2", "vision"): 1.0})
    assert cell(equal, "vision", "kommun", "2022") == pytest.approx(55.0)
    geo = ev.evaluate(aggregation={"g1": "geometric"})
    assert cell(geo, "g1", "kommun", "2022") == pytest.approx(math.sqrt(40 * 80))
    power = ev.evaluate(aggregation={"g1": ("power", 2.0)})
    assert cell(power, "g1", "kommun", "2022") == pytest.approx(math.sqrt((40**2 + 80**2) / 2))
    arr = ev.evaluate(weights=np.array([1.0, 1.0, 1.0, 1.0, 0.0]))  # the link i3 -> g2 dropped
    assert math.isnan(cell(arr, "g2", "kommun", "2022"))
    assert cell(arr, "vision", "kommun", "2022") == pytest.approx(60.0)
    with pytest.raises(sk.ArgumentError, match="5 link weights"):
        ev.evaluate(weights=np.ones(3))
    with pytest.raises(sk.ArgumentError, match="unknown aggregation"):
        ev.evaluate(aggregation={"g1": "median"})


def test_missing_is_not_zero_and_coverage():
    s = sk.Strategy.from_dict(small_strategy())
    ev = sk.evaluate(s, rows(("i1", "a", "2022", 40)))
    # g1 of unit a has one of two indicators: score 40 from the present one, coverage 0.5
    assert cell(ev, "g1", "a", "2022") == pytest.approx(40.0)
    assert cell(ev, "g1", "a", "2022", "coverage") == pytest.approx(0.5)
    assert cell(ev, "i2", "a", "2022", "status") == "not_assessable"
    assert math.isnan(cell(ev, "i2", "a", "2022"))
    assert cell(ev, "g2", "a", "2022", "status") == "not_assessable"
    strict = small_strategy()
    strict["nodes"][1]["min_indicator_coverage"] = 0.75
    ev2 = sk.evaluate(sk.Strategy.from_dict(strict), rows(("i1", "a", "2022", 40)))
    assert math.isnan(cell(ev2, "g1", "a", "2022"))
    assert cell(ev2, "g1", "a", "2022", "status") == "not_assessable"


def test_not_applicable_is_left_out_not_missing():
    d = small_strategy()
    d["nodes"][4]["not_applicable"] = ["a"]  # i2 does not concern unit a
    d["nodes"][1]["min_coverage"] = 1.0
    ev = sk.evaluate(sk.Strategy.from_dict(d), rows(("i1", "a", "2022", 40), ("i1", "b", "2022", 50)))
    assert cell(ev, "g1", "a", "2022") == pytest.approx(40.0)  # full coverage without i2
    assert cell(ev, "i2", "a", "2022", "status") == "not_applicable"
    assert math.isnan(cell(ev, "g1", "b", "2022"))  # b lacks i2: coverage 1/2 < 1


def test_carry_forward_and_peer_imputation():
    d = small_strategy()
    d["nodes"][3]["carry_forward"] = 1
    d["units"] = [
        {"id": "kommun"},
        {"id": "a", "parent": "kommun", "peer_group": "p"},
        {"id": "b", "parent": "kommun", "peer_group": "p"},
        {"id": "c", "parent": "kommun", "peer_group": "p"},
    ]
    d["nodes"][2]["impute"] = {"method": "peer_mean"}
    # i3 is summed over units: the boards' own targets (they never inherit the whole's)
    d["nodes"][5]["by_unit"] = [
        {"unit": u, "baseline": {"value": 10, "period": "2020"}, "target": {"value": 20, "period": "2024"}}
        for u in "abc"
    ]
    d["periods"] = ["2020", "2021", "2022", "2023", "2024"]
    m = rows(("i1", "a", "2021", 30), ("i1", "a", "2023", 70), ("i3", "a", "2023", 12), ("i3", "b", "2023", 16))
    ev = sk.evaluate(sk.Strategy.from_dict(d), m)
    # 2022: a's i1 of 2021 carried forward (age 1); 2024 not in the data
    assert cell(ev, "i1", "a", "2022", "value") == 30
    assert cell(ev, "i1", "a", "2022", "origin") == "carried_forward"
    # g2 of unit c in 2023 is imputed as the mean of a (20) and b (60)
    assert cell(ev, "g2", "c", "2023") == pytest.approx(40.0)
    assert bool(cell(ev, "g2", "c", "2023", "imputed"))
    assert not bool(cell(ev, "g2", "a", "2023", "imputed"))


def test_gavle_example_values(gavle_eval):
    ev = gavle_eval
    latest = ev.table(latest=True, unit="gavle").set_index("node")
    # ratio: 100 * 3500 / 4000 = 87.5; sdg_dashboard 4000/2400: 3500 >= midpoint 3200 -> yellow
    assert latest.loc["i_fa1_medel", "score"] == pytest.approx(87.5)
    assert latest.loc["i_fa1_medel", "status"] == "yellow"
    # Statistics Canada: observed CAGR (3500/2400)^(1/3) - 1, required (4000/2400)^(1/3) - 1
    r = ((3500 / 2400) ** (1 / 3) - 1) / ((4000 / 2400) ** (1 / 3) - 1)
    assert latest.loc["i_fa1_medel", "trend_ratio"] == pytest.approx(r, rel=1e-6)
    assert latest.loc["i_fa1_medel", "trend"] == "acceleration_needed"  # 0.60 <= R < 0.95
    # the sum over six units (two of them through Gävle Stadshus AB): 70+42+32+(12+11+8) = 175
    assert latest.loc["i_kh_utbildade", "value"] == 175
    # progress 100 * (175 - 60) / (200 - 60)
    assert latest.loc["i_kh_utbildade", "score"] == pytest.approx(100 * 115 / 140)
    # the mean through the company group: mean(63, 57, 57, mean(56, 59, 62)) = 59
    assert latest.loc["i_kh_chefer", "value"] == pytest.approx(59.0)
    # the manual assessment of fa2 overrides the computed status and keeps it
    assert latest.loc["fa2", "status"] == "yellow"
    assert latest.loc["fa2", "computed_status"] == "red"
    assert "pandemin" in latest.loc["fa2", "comment"]
    ov = ev.overrides
    assert list(ov[["node", "unit", "period", "computed_status", "status"]].iloc[0]) == [
        "fa2",
        "gavle",
        "2020",
        "red",
        "yellow",
    ]
    # fa4 (Utbildning) does not concern the companies
    assert cell(ev, "fa4", "gavle_energi", "2020", "status") == "not_applicable"


def test_summary_shares_add_up(gavle_eval):
    s = gavle_eval.summary()
    shares = s[["fulfilled", "partly", "not_fulfilled", "not_assessable"]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    fa = s.set_index("kind").loc["focus_area"]
    assert fa["n"] == 5


def test_arrays_are_views_of_the_engine(gavle_eval):
    ev = gavle_eval
    a, b = ev.score, ev.score
    assert np.shares_memory(a, b)
    assert a.shape == (23, 8, 6)
    assert ev.value.flags.writeable is False


def test_pandas_like_input_and_user_frame_untouched():
    s = sk.Strategy.from_dict(small_strategy())
    m = rows(("i1", "a", 2022, "40,5"), ("i2", "a", 2022.0, None))
    before = m.copy()
    ev = sk.evaluate(s, m)
    pd.testing.assert_frame_equal(m, before)
    assert cell(ev, "i1", "a", "2022", "value") == pytest.approx(40.5)  # a decimal comma
    assert math.isnan(cell(ev, "i2", "a", "2022", "value"))


def test_json_and_csv_output(tmp_path, gavle_eval):
    import json

    text = gavle_eval.to_json(tmp_path / "r.json", latest=True)
    doc = json.loads(text)
    assert doc["periods"][-1] == "2020"
    fa1 = [r for r in doc["results"] if r["node"] == "fa1" and r["unit"] == "gavle"]
    assert fa1 and fa1[0]["status"] == "green"
    gavle_eval.to_csv(tmp_path / "r.csv")
    back = pd.read_csv(tmp_path / "r.csv")
    assert {"unit", "node", "period", "score", "status", "trend"} <= set(back.columns)


def test_categorical_columns_with_unused_categories():
    s = sk.Strategy.from_dict(small_strategy())
    m = rows(("i1", "a", "2022", 40), ("i2", "a", "2022", 10))
    m["indicator"] = pd.Categorical(m["indicator"], categories=["i1", "i2", "not_in_the_strategy"])
    m["unit"] = pd.Categorical(m["unit"], categories=["a", "b", "unknown_unit"])
    m["period"] = pd.Categorical(m["period"], categories=["2022", "22/23"])
    ev = sk.evaluate(s, m)  # unused categories are not rows: no error
    assert cell(ev, "g1", "a", "2022") == pytest.approx(60.0)
    m.loc[1, "unit"] = "unknown_unit"
    with pytest.raises(sk.MeasurementError, match="row 1: unknown unit 'unknown_unit'"):
        sk.evaluate(s, m)


def test_normalisation_set_on_a_node_applies_below_it():
    d = small_strategy()
    d["nodes"][1]["normalisation"] = "ratio"  # g1: its indicators without their own
    d["nodes"][3]["target"] = {"value": 80, "period": "2024"}  # i1: ratio to 80
    d["nodes"][4]["target"] = {"value": 5, "period": "2024"}  # i2: lower is better, ratio 5/x
    d["nodes"][4]["normalisation"] = "bounded"  # ... but i2 names its own
    s = sk.Strategy.from_dict(d)
    n = s.nodes.set_index("id")["normalisation"]
    assert n["i1"] == "ratio" and n["i2"] == "bounded" and n["i3"] == "progress"
    m = rows(("i1", "a", "2022", 40), ("i2", "a", "2022", 10), ("i3", "a", "2022", 15))
    ev = sk.Evaluator(s, m)
    base = ev.evaluate()
    assert cell(base, "i1", "a", "2022") == pytest.approx(50.0)  # 100 * 40 / 80
    assert cell(base, "i2", "a", "2022") == pytest.approx(80.0)  # bounded 100 * (10-50)/(0-50)
    assert sk.Strategy.from_dict(s.to_dict()).to_dict() == s.to_dict()
    # the same at evaluation time: a node's entry reaches every indicator below it
    alt = ev.evaluate(normalisation={"g1": "ratio", "i2": "ratio"})
    assert cell(alt, "i2", "a", "2022") == pytest.approx(50.0)  # 100 * 5 / 10
