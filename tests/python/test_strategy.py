"""The strategy model: JSON, tables, schema."""

import json

import jsonschema
import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk


def test_gavle_example_matches_the_programme():
    s = sk.examples.gavle_strategy()
    fa = s.focus_areas
    # Gävle's five prioritised focus areas 2018-2020, in the programme's order
    assert list(fa["name"].str.split(" ").str[0]) == [
        "Näringslivsprogram",
        "Socialt",
        "Miljöstrategiskt",
        "Utbildning",
        "Övriga",
    ]
    assert list(fa["priority"]) == [1, 2, 3, 4, 5]
    assert fa["owner"].str.len().min() > 0
    acts = s.activities
    assert set(acts["means"]) == {"twin_city", "partnership", "network", "project"}
    assert set(acts["year"]) == {2018, 2019, 2020}
    assert set(acts["status"]) == {"not_started", "started", "completed", "delayed", "cancelled"}


def test_json_round_trip(tmp_path):
    s = sk.examples.gavle_strategy()
    path = tmp_path / "s.json"
    s.to_json(path)
    again = sk.load_strategy(path)
    assert again.to_dict() == s.to_dict()
    pd.testing.assert_frame_equal(again.nodes, s.nodes)
    pd.testing.assert_frame_equal(again.activities, s.activities)


def test_tables_build_the_same_strategy_as_json():
    nodes = pd.DataFrame(
        [
            {"id": "vision", "kind": "vision"},
            {"id": "g1", "kind": "goal", "parent": "vision", "weight": 1},
            {"id": "g2", "kind": "goal", "parent": "vision", "weight": 3},
            {"id": "i1", "kind": "indicator", "parent": "g1", "worst": 0, "best": 100, "unit_aggregation": "mean"},
            {
                "id": "i2",
                "kind": "indicator",
                "parent": "g1",
                "direction": "lower_is_better",
                "worst": 50,
                "best": 0,
                "unit_aggregation": "max",
            },
            {
                "id": "i3",
                "kind": "indicator",
                "parent": "g2",
                "baseline_value": 10,
                "baseline_period": "2020",
                "target_value": 20,
                "target_period": "2024",
                "unit_aggregation": "sum",
            },
        ]
    )
    units = pd.DataFrame({"id": ["kommun", "a", "b"], "parent": [None, "kommun", "kommun"]})
    from_tables = sk.Strategy.from_tables(nodes, units=units, name="Small")
    from_json = sk.Strategy.from_dict(small_strategy())
    assert from_tables.to_dict() == from_json.to_dict()


def test_links_table_makes_a_dag():
    nodes = pd.DataFrame(
        {
            "id": ["v", "a", "b", "i"],
            "kind": ["vision", "goal", "goal", "indicator"],
            "parent": [None, "v", "v", "a"],
            "target_value": [None, None, None, 10],
            "target_period": [None, None, None, "2020"],
        }
    )
    links = pd.DataFrame({"child": ["i"], "parent": ["b"], "weight": [0.5]})
    s = sk.Strategy.from_tables(nodes, links=links)
    assert s.to_dict()["nodes"][3]["parents"] == ["a", {"id": "b", "weight": 0.5}]


def test_default_normalisation_follows_what_the_indicator_has():
    d = small_strategy()
    d["nodes"].append({"id": "i4", "kind": "indicator", "parents": ["g2"], "target": {"value": 5, "period": "2024"}})
    d["nodes"].append({"id": "i5", "kind": "indicator", "parents": ["g2"]})
    n = sk.Strategy.from_dict(d).nodes.set_index("id")["normalisation"]
    # i5 has nothing to be scored against: no silent switch to comparing units
    assert list(n[["i1", "i3", "i4"]]) == ["bounded", "progress", "ratio"]
    assert n["i5"] is None or pd.isna(n["i5"])


def test_schema_accepts_the_example_and_rejects_what_the_engine_rejects(gavle):
    from importlib import resources

    schema = json.loads((resources.files("styrkort") / "schema" / "strategy.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(gavle, schema)
    bad = dict(gavle)
    bad["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(sk.StrategyError, match='unknown key "colour"'):
        sk.Strategy.from_dict(bad)
    bad = json.loads(json.dumps(gavle))
    bad["nodes"][0]["kind"] = "wish"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(sk.StrategyError, match='unknown value "wish"'):
        sk.Strategy.from_dict(bad)


def test_schema_accepts_what_the_writer_writes_for_the_examples(gavle):
    # The shipped Gävle example and the SDG Index 2023 as tables (tests/data/sdr2023,
    # converted by notebooks/sdr_support), with its dashboards: both as written by the core.
    import sys
    from importlib import resources
    from pathlib import Path

    import jsonschema

    repo = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(repo / "notebooks"))
    from sdr_support import dashboards as dsh
    from sdr_support import sdr2023 as sdr

    schema = json.loads((resources.files("styrkort") / "schema" / "strategy.schema.json").read_text("utf-8"))
    data = repo / "tests" / "data" / "sdr2023"
    df, bounds = sdr.load_sdr(data / "SDR-2023-Data.csv"), sdr.load_bounds(data / "bounds.csv")
    nodes, measurements = sdr.to_styrkort_tables(df, bounds)
    units = sdr.units_table(df)
    index = sk.Strategy.from_tables(nodes, units=units)
    nodes, _ = dsh.add_dashboards(nodes, measurements, units, df, dsh.load_thresholds(data / "colour_thresholds.csv"))
    dashboards = sk.Strategy.from_tables(nodes, units=units)
    jsonschema.validate(gavle, schema)
    for s in (sk.Strategy.from_dict(gavle), index, dashboards):
        jsonschema.validate(s.to_dict(), schema)
    # among them keys new to the schema: SDG 14 not scored for landlocked countries, imputed goals
    by_id = {n["id"]: n for n in dashboards.to_dict()["nodes"]}
    assert by_id["sdg14"]["not_scored"] == sorted(u for u in units["id"] if u in sdr.LANDLOCKED)
    assert len(by_id["sdg14"]["not_scored"]) == 42  # of the 193 countries (40 of the 166 ranked)
    assert by_id["sdg1"]["impute"] == {"method": "peer_mean", "min_indicator_coverage": 0.0}


def test_to_tables_is_the_inverse_of_from_tables():
    s = sk.examples.gavle_strategy()
    t = s.to_tables()
    meta = dict(zip(t["strategy"]["key"], t["strategy"]["value"]))
    defaults = {}
    for k, v in meta.items():
        if k.startswith("defaults."):
            *path, last = k.split(".")[1:]
            d = defaults
            for p in path:
                d = d.setdefault(p, {})
            d[last] = v
    again = sk.Strategy.from_tables(
        t["nodes"],
        links=t.get("links"),
        units=t["units"],
        periods=t["periods"],
        activities=t["activities"],
        assessments=t.get("assessments"),
        targets=t.get("targets"),
        defaults=defaults,
        name=meta.get("name", ""),
        organisation=meta.get("organisation", ""),
    )
    assert again.to_dict() == s.to_dict()


def test_units_below():
    s = sk.examples.gavle_strategy()
    assert sorted(s.units_below("stadshus")) == ["gavle_energi", "gavle_hamn", "gavlegardarna", "stadshus"]
    assert s.units_below("ks") == ["ks"] and len(s.units_below("gavle")) == 8
    with pytest.raises(sk.ArgumentError, match="unknown unit 'x'"):
        s.units_below("x")
