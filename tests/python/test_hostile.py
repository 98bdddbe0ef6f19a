"""Hostile and huge input (issue 12): deep and wide structures load in linear
time without recursion limits, and every bad value ends in a styrkort.Error
naming the place, never a bare Python or C++ exception.

The sizes here are those that hung or crashed before (a 10^5-deep goal or unit
chain, 10^5 parents, a 50,000-long cycle); the tests assert behaviour, not
time (the time per element is shown by benchmarks/bench_scaling.py).
"""

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort.cli import main

FORMAT = "styrkort-strategy/1"


def _indicator(i, parents, **kw):
    return {"id": i, "kind": "indicator", "parents": parents, "bounds": {"worst": 0, "best": 100}, **kw}


def goal_chain(n):
    nodes = [{"id": "g0", "kind": "vision"}]
    nodes += [{"id": f"g{k}", "kind": "goal", "parents": [f"g{k - 1}"]} for k in range(1, n)]
    nodes.append(_indicator("i", [f"g{n - 1}"]))
    return {"format": FORMAT, "nodes": nodes}


# --------------------------------------------------------------------------- point 1: linear structures


def test_goal_chain_100000_deep_loads_validates_and_evaluates():
    n = 100_000
    s = sk.Strategy.from_json_text(json.dumps(goal_chain(n)))
    assert len(s.nodes) == n + 1
    df = pd.DataFrame({"indicator": "i", "unit": "all", "period": ["2022", "2023"], "value": [40.0, 50.0]})
    e = sk.evaluate(s, df)
    t = e.table()
    top = t[(t["node"] == "g0") & (t["period"] == "2023")]
    # One indicator at 50 of 0..100: every goal up the chain scores 50.
    assert top["score"].tolist() == [50.0]


def test_unit_chain_100000_deep_loads_and_sums_bottom_up():
    n = 100_000
    units = [{"id": "u0"}] + [{"id": f"u{k}", "parent": f"u{k - 1}"} for k in range(1, n)]
    nodes = [{"id": "g", "kind": "goal"}, _indicator("i", ["g"], unit_aggregation="sum")]
    s = sk.Strategy.from_json_text(json.dumps({"format": FORMAT, "units": units, "nodes": nodes}))
    assert s.units_below("u99997") == ["u99997", "u99998", "u99999"]
    df = pd.DataFrame({"indicator": "i", "unit": f"u{n - 1}", "period": ["2023"], "value": [50.0]})
    t = sk.evaluate(s, df).table()
    # The deepest unit's value summed up through every unit to the root.
    assert t[(t["node"] == "i") & (t["unit"] == "u0")]["value"].tolist() == [50.0]


def test_units_summed_bottom_up_at_mixed_depths():
    units = [{"id": "k"}, {"id": "a", "parent": "k"}, {"id": "a1", "parent": "a"}, {"id": "b", "parent": "k"}]
    nodes = [{"id": "g", "kind": "goal"}, _indicator("i", ["g"], unit_aggregation="sum")]
    s = sk.Strategy.from_json_text(json.dumps({"format": FORMAT, "units": units, "nodes": nodes}))
    df = pd.DataFrame({"indicator": "i", "unit": ["a1", "b"], "period": "2023", "value": [1.0, 2.0]})
    t = sk.evaluate(s, df).table()
    values = dict(zip(t[t["node"] == "i"]["unit"], t[t["node"] == "i"]["value"]))
    assert values == {"k": 3.0, "a": 1.0, "a1": 1.0, "b": 2.0}


def test_indicator_with_100000_parents_loads():
    n = 100_000
    nodes = [{"id": f"g{k}", "kind": "goal"} for k in range(n)]
    nodes.append(_indicator("i", [f"g{k}" for k in range(n)]))
    s = sk.Strategy.from_json_text(json.dumps({"format": FORMAT, "nodes": nodes}))
    assert len(s.nodes.iloc[-1]["parents"]) == n


def test_parent_named_twice_names_both_places():
    nodes = [{"id": f"g{k}", "kind": "goal"} for k in range(5)]
    nodes.append(_indicator("i", ["g0", "g1", "g2", "g1"]))
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_json_text(json.dumps({"format": FORMAT, "nodes": nodes}), source="s.json")
    assert e.value.path == "$.nodes[5].parents[3]"
    assert "names parent 'g1' twice (first at $.nodes[5].parents[1])" in str(e.value)


def test_normalisation_inherited_from_the_nearest_ancestor_first_parent_on_a_tie():
    # i <- a (no normalisation) <- top (minmax); i <- b (rank): b is nearer.
    # j <- c (percentile_rank), d (rank): the same distance, the first parent wins.
    nodes = [
        {"id": "top", "kind": "vision", "normalisation": "minmax"},
        {"id": "a", "kind": "goal", "parents": ["top"]},
        {"id": "b", "kind": "goal", "parents": ["top"], "normalisation": "rank"},
        {"id": "c", "kind": "goal", "parents": ["top"], "normalisation": "percentile_rank"},
        {"id": "d", "kind": "goal", "parents": ["top"], "normalisation": "rank"},
        {"id": "i", "kind": "indicator", "parents": ["a", "b"]},
        {"id": "j", "kind": "indicator", "parents": ["c", "d"]},
        {"id": "k", "kind": "indicator", "parents": ["a"]},
    ]
    s = sk.Strategy.from_json_text(json.dumps({"format": FORMAT, "nodes": nodes}))
    norm = dict(zip(s.nodes["id"], s.nodes["normalisation"]))
    assert (norm["i"], norm["j"], norm["k"]) == ("rank", "percentile_rank", "minmax")


def test_50000_long_cycle_is_named_briefly():
    n = 50_000
    nodes = [{"id": f"g{k}", "kind": "goal", "parents": [f"g{(k + 1) % n}"]} for k in range(n)]
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_json_text(json.dumps({"format": FORMAT, "nodes": nodes}), source="s.json")
    msg = str(e.value)
    assert len(msg) < 300, msg
    assert "the goal tree has a cycle: " in msg
    assert f"(a cycle of {n} links)" in msg


def test_50000_long_unit_cycle_is_named_briefly():
    n = 50_000
    units = [{"id": f"u{k}", "parent": f"u{(k + 1) % n}"} for k in range(n)]
    d = {"format": FORMAT, "units": units, "nodes": [{"id": "g", "kind": "goal"}]}
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_json_text(json.dumps(d), source="s.json")
    msg = str(e.value)
    assert len(msg) < 300, msg
    assert "s.json: $.units[0].parent: the units' parents form a cycle: u0 -> u1 -> u2 -> u3 -> u4 -> ... -> " in msg
    assert f"u49999 -> u0 (a cycle of {n} links)" in msg


def test_short_cycle_still_named_in_full():
    units = [{"id": "a", "parent": "c"}, {"id": "b", "parent": "a"}, {"id": "c", "parent": "b"}, {"id": "x"}]
    d = {"format": FORMAT, "units": units, "nodes": [{"id": "g", "kind": "goal"}]}
    with pytest.raises(sk.StrategyError, match="form a cycle: a -> c -> b -> a$"):
        sk.Strategy.from_json_text(json.dumps(d))


# --------------------------------------------------------------------------- point 2: deep structures


def test_html_report_on_a_2000_deep_tree(tmp_path):
    from styrkort.report import render_report

    s = sk.Strategy.from_json_text(json.dumps(goal_chain(2000)))
    df = pd.DataFrame({"indicator": "i", "unit": "all", "period": ["2022", "2023"], "value": [40.0, 50.0]})
    html = render_report(sk.evaluate(s, df))
    assert html.count('data-node="g1999"') >= 1
    assert html.endswith("</html>\n") or html.rstrip().endswith("</html>")


# --------------------------------------------------------------------------- point 3: clean errors


@pytest.mark.parametrize("literal", ["1e400", "-1e400"])
def test_number_beyond_double_range_in_json(literal):
    text = json.dumps(small_strategy()).replace('"best": 100', '"best": ' + literal, 1)
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_json_text(text, source="s.json")
    assert e.value.source == "s.json"
    assert f"the number {literal} is out of range" in str(e.value)
    assert "line 1, column " in str(e.value)


@pytest.mark.parametrize("value", [2**32 + 1, 2**31, -(2**31) - 1, 2**64 - 1])
def test_priority_out_of_int_range_is_refused(value):
    d = small_strategy()
    d["nodes"][1]["priority"] = value
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_dict(d, source="s.json")
    assert e.value.path == "$.nodes[1].priority"
    assert f"the integer {value} is out of range" in str(e.value)


def test_gas_attained_beyond_64_bits_is_refused():
    d = small_strategy()
    d["nodes"].append({"id": "fa", "kind": "focus_area", "parents": ["vision"]})
    d["activities"] = [
        {"id": "a1", "name": "A", "focus_area": "fa", "gas": {"levels": {"0": "as planned"}, "attained": 2**64 - 1}}
    ]
    with pytest.raises(sk.StrategyError, match=r"\$\.activities\[0\]\.gas\.attained: the attained level"):
        sk.Strategy.from_dict(d, source="s.json")


LONG = "99999999999"


@pytest.mark.parametrize("period", [f"2020-T{LONG}", f"2020-Q{LONG}", f"2020-M{LONG}", f"2020-H{LONG}"])
def test_period_with_many_digits_in_the_baseline(period):
    d = small_strategy()
    d["nodes"][5]["baseline"]["period"] = period
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_dict(d, source="s.json")
    assert e.value.path == "$.nodes[5].baseline.period"
    assert f"unknown period '{period}'" in str(e.value)


def test_period_with_many_digits_declared():
    d = small_strategy()
    d["periods"] = [{"id": f"2020-T{LONG}"}]
    with pytest.raises(sk.StrategyError, match=f"2020-T{LONG}"):
        sk.Strategy.from_dict(d, source="s.json")


def test_period_with_many_digits_in_the_csv(tmp_path, capsys):
    sp = tmp_path / "s.json"
    sp.write_text(json.dumps(small_strategy()), encoding="utf-8")
    mp = tmp_path / "m.csv"
    mp.write_text(f"indicator,unit,period,value\ni1,a,2020-Q{LONG},40\n", encoding="utf-8")
    code = main(["evaluate", str(sp), str(mp), "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "m.csv" in err and f"2020-Q{LONG}" in err
    assert "Traceback" not in err and "stoi" not in err


def test_period_with_many_digits_in_a_table():
    s = sk.Strategy.from_dict(small_strategy())
    df = pd.DataFrame({"indicator": ["i1"], "unit": ["a"], "period": [f"2020-T{LONG}"], "value": [1.0]})
    with pytest.raises(sk.Error, match=f"2020-T{LONG}"):
        sk.evaluate(s, df)


@pytest.mark.parametrize("command", ["report", "excel"])
def test_no_indicators_and_an_empty_table(tmp_path, capsys, command):
    sp = tmp_path / "s.json"
    sp.write_text(json.dumps({"format": FORMAT, "nodes": [{"id": "v", "kind": "vision"}]}), encoding="utf-8")
    mp = tmp_path / "m.csv"
    mp.write_text("indicator,unit,period,value\n", encoding="utf-8")
    out = tmp_path / ("o.html" if command == "report" else "o.xlsx")
    code = main([command, str(sp), str(mp), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "m.csv: no periods: the measurements have no rows and the strategy declares no periods" in err
    assert "internal error" not in err


# --------------------------------------------------------------------------- point 3: the readers


def test_read_stratsys_on_separators_only(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes(b",\n")
    with pytest.raises(sk.MeasurementError, match=r"s\.csv: no header line \(the file has only empty cells\)"):
        sk.read_stratsys(p, {("M1", "Utfall"): "i1"})


KOLADA_ROW = {"kpi": "N00945", "municipality": "2180", "period": 2023, "values": [{"gender": "T", "value": 1.5}]}


def _kolada(tmp_path, name, doc_text):
    p = tmp_path / name
    p.write_text(doc_text, encoding="utf-8")
    return p


def test_read_kolada_number_beyond_double_range(tmp_path):
    text = json.dumps({"values": [KOLADA_ROW], "count": 1}).replace("1.5", "1e400")
    p = _kolada(tmp_path, "k.json", text)
    with pytest.raises(sk.MeasurementError, match=r"k\.json: the number 1e400 is out of range"):
        sk.read_kolada(p, {"N00945": "i1"}, units={"2180": "a"})


@pytest.mark.parametrize("reader", ["data", "metadata"])
def test_read_kolada_json_nested_100000_deep(tmp_path, reader):
    p = _kolada(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(sk.MeasurementError, match=r"deep\.json: the JSON is nested too deeply"):
        if reader == "data":
            sk.read_kolada(p, {"N00945": "i1"})
        else:
            sk.read_kolada_metadata(p)


def test_read_kolada_page_url_that_is_no_url(tmp_path):
    doc = {"values": [KOLADA_ROW], "count": 1, "next_url": "http://[::1/v3/data?page=2"}
    p = _kolada(tmp_path, "k.json", json.dumps(doc))
    with pytest.raises(sk.MeasurementError, match=r"k\.json: \$\.next_url: not a valid URL \(Invalid IPv6 URL\)"):
        sk.read_kolada(p, {"N00945": "i1"}, units={"2180": "a"})


def test_read_kolada_pages_without_page_numbers_and_no_first_page(tmp_path):
    # Only a previous_url, with no page number read from it: no first page was given (was StopIteration).
    doc = {"values": [KOLADA_ROW], "count": 1, "previous_url": "http://api.kolada.se/v3/data?page=x"}
    p = _kolada(tmp_path, "k.json", json.dumps(doc))
    with pytest.raises(sk.MeasurementError, match=r"k\.json: the pages given are incomplete \(0 first page"):
        sk.read_kolada(p, {"N00945": "i1"}, units={"2180": "a"})


def test_read_kolada_page_number_in_other_digits(tmp_path):
    # "²".isdigit() is True but int("²") fails: such a page is not numbered.
    doc = {"values": [KOLADA_ROW], "count": 1, "next_url": "http://api.kolada.se/v3/data?page=\u00b2"}
    p = _kolada(tmp_path, "k.json", json.dumps(doc))
    with pytest.raises(sk.MeasurementError, match=r"k\.json: the pages given are incomplete"):
        sk.read_kolada(p, {"N00945": "i1"}, units={"2180": "a"})


@pytest.mark.parametrize("reader", ["read_strategy_excel", "read_measurements_excel"])
def test_excel_reader_on_a_damaged_central_directory(tmp_path, reader):
    import zipfile

    from styrkort import excel as xl

    good = xl.write_strategy_excel(tmp_path / "good.xlsx", sk.Strategy.from_dict(small_strategy()))
    data = bytearray(good.read_bytes())
    cd = data.rfind(b"PK\x01\x02")  # the last entry of the central directory
    data[cd + 3] = 0  # its signature broken: the end record still makes it look like a zip
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    assert zipfile.is_zipfile(bad)
    with pytest.raises(sk.Error, match=r"bad\.xlsx: not a valid Excel workbook \(BadZipFile: "):
        getattr(xl, reader)(bad)


@pytest.mark.parametrize("key", ["staff_days", "staff_days_floor"])
def test_plan_staff_days_beyond_the_limit(key):
    from styrkort.allocation import AllocationPlan, allocate_focus_areas

    plan = json.loads(json.dumps(sk.examples.gavle_allocation()))
    (plan if key == "staff_days" else plan["focus_areas"][0])[key] = 2**63
    with pytest.raises(sk.ArgumentError, match=f'"{key}" is 9223372036854775808; give .* from 0 to 1,000,000,000'):
        AllocationPlan.from_dict(plan, source="p.json")
    with pytest.raises(sk.ArgumentError, match=f'"{key}" is 9223372036854775808'):
        allocate_focus_areas(sk.examples.gavle_strategy(), plan)


def test_plan_json_nested_100000_deep(tmp_path):
    from styrkort.allocation import AllocationPlan

    p = tmp_path / "plan.json"
    p.write_text('{"note": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(sk.ArgumentError, match=r"plan\.json: the JSON is nested too deeply"):
        AllocationPlan.load(p)


# --------------------------------------------------------------------------- point 3: Unicode normalisation

NFC, NFD = "caf\u00e9", "cafe\u0301"  # the same id as a reader sees it


def test_ids_differing_only_by_normalisation_are_one_node():
    d = small_strategy()
    d["nodes"].append({"id": NFC, "kind": "goal"})
    d["nodes"].append({"id": NFD, "kind": "goal"})
    with pytest.raises(
        sk.StrategyError, match=r"\$\.nodes\[7\]: duplicate node id 'caf\u00e9' \(first at \$\.nodes\[6\]\)"
    ):
        sk.Strategy.from_dict(d, source="s.json")


def test_ids_normalised_in_the_strategy_and_the_measurements():
    d = small_strategy()
    d["units"].append({"id": NFD, "parent": "kommun"})  # decomposed in the strategy
    s = sk.Strategy.from_dict(d)
    assert NFC in s.units["id"].tolist()
    for ids in (pd.Series([NFC]), pd.Series([NFD]), pd.Series([NFD], dtype="category")):
        df = pd.DataFrame({"indicator": ["i1"], "unit": ids, "period": ["2023"], "value": [40.0]})
        t = sk.evaluate(s, df).table()
        assert t[(t["node"] == "i1") & (t["unit"] == NFC) & (t["period"] == "2023")]["value"].tolist() == [40.0]


def test_measurement_ids_that_become_equal_when_normalised():
    s = sk.Strategy.from_dict({**small_strategy(), "units": [{"id": NFC}]})
    df = pd.DataFrame({"indicator": "i1", "unit": pd.Series([NFC, NFD], dtype="category"), "period": "2023"})
    df["value"] = [1.0, 2.0]
    with pytest.raises(sk.MeasurementError) as e:
        sk.evaluate(s, df)
    assert str(e.value).startswith(f"DataFrame, row 1: a second value for indicator 'i1', unit '{NFC}', period '2023'")


# --------------------------------------------------------------------------- point 3: values near the double's range


def _one_indicator(**kw):
    units = [{"id": "k"}, {"id": "a", "parent": "k"}, {"id": "b", "parent": "k"}, {"id": "c", "parent": "k"}]
    ind = {"id": "i", "kind": "indicator", "parents": ["g"], **kw}
    return sk.Strategy.from_dict({"format": FORMAT, "units": units, "nodes": [{"id": "g", "kind": "goal"}, ind]})


def _scores(s, values):
    df = pd.DataFrame({"indicator": "i", "unit": list(values), "period": "2023", "value": list(values.values())})
    t = sk.evaluate(s, df).table()
    t = t[(t["node"] == "i") & t["unit"].isin(list(values)) & (t["period"] == "2023")]
    return dict(zip(t["unit"], t["score"]))


@pytest.mark.parametrize("method", ["minmax", "zscore"])
def test_values_of_plus_minus_1e308_compared_across_units(method):
    s = _one_indicator(normalisation=method)
    got = _scores(s, {"a": -1e308, "b": 0.0, "c": 1e308})
    if method == "minmax":
        assert got == {"a": 0.0, "b": 50.0, "c": 100.0}
    else:  # the same z-scores as -1, 0, 1
        assert got == pytest.approx({"a": -1.0, "b": 0.0, "c": 1.0})


def test_baseline_and_target_of_plus_minus_1e308():
    s = _one_indicator(baseline={"value": -1e308, "period": "2020"}, target={"value": 1e308, "period": "2030"})
    assert _scores(s, {"a": 0.0, "b": 5e307}) == {"a": 50.0, "b": 75.0}


def test_bounds_of_plus_minus_1e308():
    s = _one_indicator(bounds={"worst": -1e308, "best": 1e308})
    assert _scores(s, {"a": 0.0, "b": -1e308}) == {"a": 50.0, "b": 0.0}


# --------------------------------------------------------------------------- point 5: outputs written safely


def test_out_that_is_a_hard_link_to_an_input_is_refused(tmp_path, capsys):
    import os

    sp = tmp_path / "s.json"
    sp.write_text(json.dumps(small_strategy()), encoding="utf-8")
    mp = tmp_path / "m.csv"
    mp.write_text("indicator,unit,period,value\ni1,a,2022,40\n", encoding="utf-8")
    link = tmp_path / "out.csv"
    os.link(mp, link)
    code = main(["evaluate", str(sp), str(mp), "--out", str(link)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{link}: the output would overwrite an input file" in err
    assert mp.read_text(encoding="utf-8") == "indicator,unit,period,value\ni1,a,2022,40\n"


def test_html_report_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    from styrkort.report import _document, write_report

    out = tmp_path / "r.html"
    out.write_text("the old report", encoding="utf-8")
    evaluation = sk.evaluate(
        sk.Strategy.from_dict(small_strategy()),
        pd.DataFrame({"indicator": ["i1"], "unit": ["a"], "period": ["2022"], "value": [40.0]}),
    )

    def broken(*a, **kw):
        raise KeyboardInterrupt  # as a user's Ctrl-C while the text is made or written

    monkeypatch.setattr(_document, "render_report", broken)
    with pytest.raises(KeyboardInterrupt):
        write_report(evaluation, out)
    assert out.read_text(encoding="utf-8") == "the old report"
    monkeypatch.undo()

    import os

    real_replace = os.replace
    seen = []

    def spy(a, b):
        seen.append((Path(a).parent, Path(b)))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", spy)
    write_report(evaluation, out)
    assert seen == [(tmp_path, out)]  # a temporary file in the same folder, moved into place
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


@pytest.mark.parametrize(
    "url",
    ["https://api.kol\tada.se/v3/data", "https://api.kolada.se\n/v3/data", "https://api.kolada.se/v3/da ta"],
)
def test_kolada_url_with_whitespace_is_refused(url):
    from styrkort.kolada import _check_url

    with pytest.raises(sk.MeasurementError, match="is not a https://api.kolada.se/v3/ URL; refusing to follow it"):
        _check_url(url, "Kolada: GET x: $.next_url")


@pytest.mark.parametrize(
    "kpis,areas,years",
    [
        ("N00945\n", "2180", None),
        ("N0094\u0665", "2180", None),  # an Arabic-Indic digit five
        ("N00945", "2180\n", None),
        ("N00945", "21\u00b280", None),
        ("N00945", "2180", "2023\n"),
        ("N00945", "2180", "202\u0663"),
    ],
)
def test_fetch_kolada_ids_outside_kolada_pattern(kpis, areas, years):
    from styrkort.kolada import fetch_kolada

    def no_network(*a, **kw):
        raise AssertionError("an invalid id reached the network")

    with pytest.raises(sk.ArgumentError, match="expected an id like"):
        fetch_kolada(kpis, areas, years, opener=no_network, progress=False)


def _deep(n=100_000):
    deep: list = []
    for _ in range(n):
        deep = [deep]
    return deep


def test_strategy_from_a_dict_nested_100000_deep():
    d = {"format": FORMAT, "name": _deep(), "nodes": [{"id": "g", "kind": "goal"}]}
    with pytest.raises(sk.StrategyError, match=r"^s: nested too deeply to be a strategy"):
        sk.Strategy.from_dict(d, source="s")


@pytest.mark.parametrize("key", ["note", "budget", "id", "benefit"])
def test_plan_from_a_dict_nested_100000_deep(key):
    from styrkort.allocation import AllocationPlan

    plan = json.loads(json.dumps(sk.examples.gavle_allocation()))
    if key in ("id", "benefit"):
        plan["focus_areas"][0][key] = _deep()
    else:
        plan[key] = _deep()
    with pytest.raises(sk.ArgumentError, match="a list nested too deeply to show"):
        AllocationPlan.from_dict(plan, source="p.json")
