"""Uncertainty and sensitivity analysis: the batch against SALib and against a
plain loop of Evaluator.evaluate(), the tables, determinism, progress and
interrupts, bad input (each message names the input), the CLI and the plots."""

import json
import sys
import types
import warnings

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort import _core
from styrkort.cli import main
from styrkort.errors import ArgumentError, ConsistencyWarning

SALib = pytest.importorskip("SALib")
from SALib.analyze import sobol as salib_sobol  # noqa: E402

DISCRETE = [
    {"name": "agg", "kind": "aggregation", "node": "mal_int", "alternatives": ["arithmetic", "geometric", "minimum"]},
    {"name": "norm", "kind": "normalisation", "alternatives": ["progress", "minmax"], "p": [0.75, 0.25]},
    {"name": "leave out", "kind": "exclude_indicator", "indicators": ["i_fa1_projekt", "i_fa1_medel"]},
]


@pytest.fixture(scope="module")
def ev():
    return sk.Evaluator(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


@pytest.fixture(scope="module")
def example_inputs():
    return sk.load_inputs(sk.examples.path("gavle/sensitivity_inputs.json"))


@pytest.fixture(scope="module")
def result(ev, example_inputs):
    return sk.sensitivity(ev, None, example_inputs, n=256, seed=5, progress=False)


def test_indices_equal_salib_on_the_same_outputs(result, example_inputs):
    # SALib's analyze.sobol on the batch's own outputs (SALib's row order:
    # A, AB_1 .. AB_D, B) gives the same first-order and total indices.
    d = len(example_inputs)
    problem = {"num_vars": d, "names": [x["name"] for x in example_inputs], "bounds": [[0, 1]] * d}
    score = result.samples["score"].astype(np.float64)
    idx = result.indices
    checked = 0
    for o, node in enumerate(result.nodes):
        for u, unit in enumerate(result.units):
            y = score[:, o, u]
            if not np.isfinite(y).all() or np.var(y) == 0:
                continue
            s = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=2, print_to_console=False)
            ours = idx[(idx["node"] == node) & (idx["unit"] == unit)]
            np.testing.assert_allclose(ours["S1"], s["S1"], rtol=0, atol=1e-10)
            np.testing.assert_allclose(ours["ST"], s["ST"], rtol=0, atol=1e-10)
            checked += 1
    assert checked >= 10
    shift = result.samples["rank_shift"]
    s = salib_sobol.analyze(problem, shift, calc_second_order=False, num_resamples=2, print_to_console=False)
    ours = idx[idx["node"] == "rank_shift"]
    np.testing.assert_allclose(ours["S1"], s["S1"], atol=1e-10)
    np.testing.assert_allclose(ours["ST"], s["ST"], atol=1e-10)


def test_estimator_equals_salib_on_ishigami():
    # The estimator alone on SALib's test function, on our Sobol' points.
    from SALib.test_functions import Ishigami

    n, d = 1024, 3
    x = _core.sobol_points(n, 2 * d, True, 9) * 2 * np.pi - np.pi
    rows = []
    for j in range(n):
        a, b = x[j, :d], x[j, d:]
        rows.append(a)
        for i in range(d):
            ab = a.copy()
            ab[i] = b[i]
            rows.append(ab)
        rows.append(b)
    y = Ishigami.evaluate(np.array(rows))
    ours = _core.sobol_indices(y, n, d, 50, 0.95, 1)
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    s = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=50, print_to_console=False)
    np.testing.assert_allclose(ours["S1"], s["S1"], atol=1e-10)
    np.testing.assert_allclose(ours["ST"], s["ST"], atol=1e-10)
    # the bootstrap intervals agree in size (different resamples)
    np.testing.assert_allclose(ours["ST_conf"], s["ST_conf"], rtol=0.5)


def test_unscrambled_points_are_scipys_sobol_sequence():
    from scipy.stats import qmc

    ours = _core.sobol_points(64, 20, False, 0)
    np.testing.assert_array_equal(ours, qmc.Sobol(20, scramble=False).random(64))


def _pick(u, p):
    return int(np.searchsorted(np.cumsum(p), u, side="right"))


def test_batch_equals_a_loop_of_evaluate(ev):
    # Discrete inputs are decided by each sample's coordinate alone: rebuild
    # every sample's options and evaluate it the plain way.
    r = sk.sensitivity(ev, None, DISCRETE, n=16, seed=2, progress=False)
    sample = r.samples["sample"]
    t = list(ev._panel.period_ids).index(r.period)
    ids = list(ev.strategy.nodes["id"])
    aggregates = [i for i, k in enumerate(ev.strategy.nodes["kind"]) if k != "indicator"]
    assert r.nodes == [ids[i] for i in aggregates]
    for k in range(len(sample)):
        agg = DISCRETE[0]["alternatives"][_pick(sample[k, 0], [1 / 3] * 3)]
        norm = DISCRETE[1]["alternatives"][_pick(sample[k, 1], [0.75, 0.25])]
        left = _pick(sample[k, 2], [1 / 3] * 3)
        weights = {}
        if left > 0:
            weights = {DISCRETE[2]["indicators"][left - 1]: 0.0}
        e = ev.evaluate(weights=weights, normalisation={"vision": norm}, aggregation={"mal_int": agg})
        np.testing.assert_array_equal(r.samples["score"][k], e.score[aggregates, :, t].astype(np.float32))
        np.testing.assert_array_equal(r.samples["status"][k], e.status[aggregates, :, t])
        np.testing.assert_array_equal(r.samples["rank"][k], e.rank[:, :, t])


def test_normalisation_below_one_node_equals_evaluate(ev):
    # the input's "node" sets the normalisation of the indicators below it only
    norm_input = {"name": "fa1 norm", "kind": "normalisation", "node": "fa1", "alternatives": ["progress", "minmax"]}
    r = sk.sensitivity(ev, None, [norm_input, DISCRETE[0]], n=8, seed=3, progress=False)
    t = list(ev._panel.period_ids).index(r.period)
    aggregates = [i for i, k in enumerate(ev.strategy.nodes["kind"]) if k != "indicator"]
    seen = set()
    for k, u in enumerate(r.samples["sample"]):
        norm = norm_input["alternatives"][_pick(u[0], [0.5, 0.5])]
        agg = DISCRETE[0]["alternatives"][_pick(u[1], [1 / 3] * 3)]
        seen.add(norm)
        e = ev.evaluate(normalisation={"fa1": norm}, aggregation={"mal_int": agg})
        np.testing.assert_array_equal(r.samples["score"][k], e.score[aggregates, :, t].astype(np.float32))
    assert seen == {"progress", "minmax"}
    fa2 = r.nodes.index("fa2")  # not above fa1's indicators: its scores never vary
    fa2_scores = r.samples["score"][:, fa2]
    assert all(np.array_equal(x, fa2_scores[0], equal_nan=True) for x in fa2_scores)
    assert not all(np.array_equal(x, r.samples["score"][0], equal_nan=True) for x in r.samples["score"])


def test_evaluate_many_equals_evaluate(ev):
    scenarios = [
        {},
        {"weights": {"fa1": 3.0, "fa2": 0.5}},
        {"aggregation": {"mal_int": "geometric"}},
        {"normalisation": {"vision": "rank"}, "weights": {"i_fa1_projekt": 0.0}},
    ]
    t = ev.evaluate_many(scenarios, period="2019", progress=False)
    assert list(t.columns) == ["scenario", "unit", "node", "period", "score", "status", "rank"]
    for k, s in enumerate(scenarios):
        full = ev.evaluate(**s).table(period="2019", kind=None)
        part = t[t["scenario"] == k].merge(full, on=["unit", "node"], suffixes=("", "_full"))
        assert len(part) == len(t[t["scenario"] == k]) > 0
        np.testing.assert_allclose(part["score"], part["score_full"].astype(np.float32), rtol=0, atol=0)
        assert (part["status"].astype(str) == part["status_full"].astype(str)).all()
    with pytest.raises(ArgumentError, match="scenario 0: unknown key"):
        ev.evaluate_many([{"weight": {}}])


def test_tables(result, ev):
    ranks, scores, prob = result.ranks, result.scores, result.status_probability
    assert list(ranks.columns) == ["unit", "node", "period", "nominal", "mean", "median", "q05", "q95"]
    assert (ranks["q05"] <= ranks["median"]).all() and (ranks["median"] <= ranks["q95"]).all()
    # the nominal scores are the evaluation's own at the period
    e = ev.evaluate().table(period="2020")
    m = scores.merge(e, on=["unit", "node"])
    np.testing.assert_allclose(m["nominal"], m["score"].astype(np.float32), rtol=1e-6)
    # every unit and node's statuses add up to 1
    sums = prob.groupby(["unit", "node"], observed=True)["probability"].sum()
    np.testing.assert_allclose(sums, 1.0)
    # the quantiles are numpy's of the samples
    o, u = result.nodes.index("vision"), result.units.index("ks")
    y = result.samples["score"][:, o, u].astype(np.float64)
    row = scores[(scores["node"] == "vision") & (scores["unit"] == "ks")].iloc[0]
    assert row["q05"] == pytest.approx(np.quantile(y, 0.05), abs=1e-9)
    assert row["median"] == pytest.approx(np.median(y), abs=1e-9)
    assert row["mean"] == pytest.approx(y.mean(), abs=1e-6)
    idx = result.indices
    assert list(idx.columns) == ["unit", "node", "period", "input", "S1", "S1_conf", "ST", "ST_conf"]
    assert set(idx[idx["node"] == "rank_shift"]["input"]) == {x["name"] for x in result.inputs}
    assert result.rank_node == "vision"


def test_same_result_whatever_the_threads(ev, example_inputs):
    one = sk.sensitivity(ev, None, example_inputs, n=64, seed=1, threads=1, progress=False)
    two = sk.sensitivity(ev, None, example_inputs, n=64, seed=1, threads=2, progress=False)
    for k in ("score", "status", "rank"):
        np.testing.assert_array_equal(one.samples[k], two.samples[k])
    pd.testing.assert_frame_equal(one.indices, two.indices)
    other = sk.sensitivity(ev, None, example_inputs, n=64, seed=2, progress=False)
    assert not np.array_equal(one.samples["score"], other.samples["score"])


def test_the_inputs_file_and_the_list_agree(ev, example_inputs):
    path = sk.examples.path("gavle/sensitivity_inputs.json")
    a = sk.sensitivity(ev, None, path, n=32, progress=False)
    b = sk.sensitivity(ev, None, example_inputs, n=32, progress=False)
    pd.testing.assert_frame_equal(a.indices, b.indices)


def test_monte_carlo(ev, example_inputs):
    r = sk.sensitivity(ev, None, example_inputs, n=100, method="monte_carlo", progress=False)
    assert r.n_evaluations == 100
    assert r.indices.empty
    assert len(r.ranks) > 0


def test_measurement_errors_on_one_indicator_compose(ev):
    one = [{"name": "e", "kind": "measurement_error", "indicator": "i_fa1_medel", "absolute": 2.0}]
    two = one + [{"name": "f", "kind": "measurement_error", "indicator": "i_fa1_medel", "absolute": 2.0}]
    a = sk.sensitivity(ev, None, one, n=512, progress=False, nodes=["fa1"])
    b = sk.sensitivity(ev, None, two, n=512, progress=False, nodes=["fa1"])
    # two independent errors of the same size: twice the variance, the same share each
    va = np.nanvar(a.samples["score"][:, 0, 0].astype(float))
    vb = np.nanvar(b.samples["score"][:, 0, 0].astype(float))
    assert vb / va == pytest.approx(2.0, rel=0.2)
    st = b.indices[(b.indices["node"] == "fa1") & (b.indices["unit"] == "gavle")]["ST"].to_numpy()
    assert st == pytest.approx([0.5, 0.5], abs=0.1)


BAD = [
    ({"name": "w", "kind": "weights", "node": "nope", "low": 0, "high": 1}, "input 'w': unknown node 'nope'"),
    (
        {"name": "w", "kind": "weights", "node": "mal_int", "low": 2, "high": 1},
        "input 'w': low (2) is greater than high (1)",
    ),
    (
        {"name": "m", "kind": "measurement_error", "indicator": "ghost", "relative": 0.1},
        "input 'm': unknown indicator 'ghost'",
    ),
    (
        {"name": "m", "kind": "measurement_error", "indicator": "fa1", "relative": 0.1},
        "input 'm': 'fa1' is a focus_area, not an indicator",
    ),
    (
        {"name": "m", "kind": "measurement_error", "indicator": "i_fa1_medel"},
        "input 'm': give either 'relative' or 'absolute'",
    ),
    (
        {"name": "b", "kind": "normalisation", "alternatives": ["bounded"]},
        "input 'b': the strategy cannot take the alternative 'bounded'",
    ),
    ({"name": "b", "kind": "normalisation", "alternatives": ["linear"]}, "input 'b': unknown normalisation 'linear'"),
    (
        {"name": "x", "kind": "exclude_indicator", "indicators": ["i_fa1_medel", "fa2"]},
        "input 'x': 'fa2' is a focus_area",
    ),
    ({"name": "k", "kind": "volume"}, "input 'k': unknown kind 'volume'"),
    (
        {"name": "k", "kind": "target", "indicator": "i_fa1_medel", "relative": 0.1, "absolute": 1},
        "input 'k': unknown key(s) 'absolute'",
    ),
    ({"name": "k", "kind": "target", "indicator": "i_fa1_medel"}, "input 'k': kind 'target' needs 'relative'"),
    ({"kind": "target", "indicator": "i_fa1_medel", "relative": 0.1}, "input #1: needs a 'name'"),
    (
        {"name": "d", "kind": "weights_dirichlet", "node": "mal_int", "concentration": -1},
        "input 'd': concentration must be a positive number",
    ),
    (
        {"name": "p", "kind": "aggregation", "node": "mal_int", "alternatives": ["arithmetic"], "p": [0.5]},
        "input 'p': the probabilities p add up to 0.5, not 1",
    ),
]


@pytest.mark.parametrize("spec,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_names_the_input(ev, spec, message):
    with pytest.raises(ArgumentError) as info:
        sk.sensitivity(ev, None, [spec], n=16, progress=False)
    assert message in str(info.value)


def test_n_must_be_a_power_of_two_for_sobol(ev, example_inputs):
    with pytest.raises(
        ArgumentError, match=r"n = 1000 is not a power of two; the Sobol' design needs one \(e.g. n = 1024\)"
    ):
        sk.sensitivity(ev, None, example_inputs, n=1000)
    sk.sensitivity(ev, None, example_inputs, n=1000, method="monte_carlo", progress=False)  # any n


def test_an_input_that_changes_nothing_is_named_in_a_warning(ev):
    # a uniform weight range [1, 1] is the nominal weight: nothing changes
    inputs = [
        {"name": "still", "kind": "weights", "node": "mal_int", "low": 1, "high": 1},
        {"name": "moves", "kind": "weights", "node": "mal_int", "low": 0.5, "high": 2},
    ]
    with pytest.warns(ConsistencyWarning, match="input 'still' \\(weights\\) changes no score, status or rank"):
        r = sk.sensitivity(ev, None, inputs, n=32, progress=False)
    assert len(r.warnings) == 1


def test_progress_bar_and_interrupt(ev, example_inputs, monkeypatch):
    made = []

    class Bar:
        def __init__(self, total, desc, unit, delay, leave):
            self.total, self.n, self.closed = total, 0, False
            made.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            self.closed = True

    monkeypatch.setitem(sys.modules, "tqdm.auto", types.SimpleNamespace(tqdm=Bar))
    sk.sensitivity(ev, None, example_inputs, n=256, progress=True)
    (bar,) = made
    assert bar.total == 256 * 9 == bar.n and bar.closed

    seen = []

    def interrupt(done, total):
        seen.append(done)
        raise KeyboardInterrupt

    engine = sk.sensitivity.__globals__["_engine_inputs"](ev, example_inputs)
    with pytest.raises(KeyboardInterrupt):
        _core.sensitivity(ev._evaluator, ev._panel, engine, 1 << 16, True, 0, -1, [], 0, 0.95, 1, interrupt)
    assert len(seen) == 1 and seen[0] < (1 << 16) * 9


def test_json_excel_html(result, tmp_path):
    text = result.to_json(tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert json.loads(text) == data
    assert data["evaluations"] == 256 * 9 and data["period"] == "2020"
    assert {r["input"] for r in data["indices"] if r["node"] == "rank_shift"} == {x["name"] for x in result.inputs}
    pytest.importorskip("openpyxl")
    import openpyxl

    path = result.to_excel(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) == 4
    html = result._repr_html_()
    assert "Fokusområdenas vikter" in html and "<table" in html


def test_plots(result):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = result.plot.ranks()
    gids = {c.get_gid() for c in ax.collections}
    assert {"interval", "median", "nominal"} <= gids
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Gävle kommun" in labels and "Kommunstyrelsen" in labels  # names, not ids
    assert all(float(x).is_integer() for x in ax.get_xticks())  # whole ranks
    ax = result.plot.indices(lang="en")
    assert len(ax.containers) >= 2 and ax.get_title() == "What matters most? – mean absolute rank shift"
    ax = result.plot.indices("vision", "ks")
    assert len(ax.get_yticklabels()) == len(result.inputs)


def test_cli(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["sensitivity", "--n", "64", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "rank intervals of Vision 2025" in text and "what matters most" in text
    assert "  Gävle kommun: 1, 1, 1-1" in text and "  gavle:" not in text  # names, not ids
    assert json.loads(out.read_text(encoding="utf-8"))["n"] == 64
    assert main(["sensitivity", "--n", "100"]) == 1
    err = capsys.readouterr().err
    assert "n = 100 is not a power of two" in err


def test_a_dask_cluster_of_two_worker_processes_gives_the_local_result(ev, example_inputs):
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.nthreads()) == 2
        r = sk.sensitivity(ev, None, example_inputs, n=128, seed=4, client=client, batches=5, progress=False)
        # a worker prepares the strategy at most once, whatever the number of tasks it runs
        prepared = client.run(lambda: len(sk.sensitivity.__globals__["_PREPARED"]))
        assert max(prepared.values()) == 1
    local = sk.sensitivity(ev, None, example_inputs, n=128, seed=4, progress=False)
    for k in ("score", "status", "rank"):
        np.testing.assert_array_equal(r.samples[k], local.samples[k])
    pd.testing.assert_frame_equal(r.indices, local.indices)
    pd.testing.assert_frame_equal(r.ranks, local.ranks)


def test_every_quantile_is_numpys(ev, example_inputs):
    """The score and rank quantiles of every output (selected through a histogram
    of the values, not sorted) equal numpy's of the samples, also with long
    tails (a large normal measurement error) that bunch the values."""
    inputs = [dict(x) for x in example_inputs]
    inputs.append(
        {
            "name": "big error",
            "kind": "measurement_error",
            "indicator": "i_fa5_foreningar",
            "relative": 3.0,
            "distribution": "normal",
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        r = sk.sensitivity(ev, None, inputs, n=512, seed=5, progress=False)
    s = r.samples
    for what, table in (("score", r.scores), ("rank", r.ranks)):
        y = s[what].astype(np.float64)
        if what == "rank":
            y = np.where(y > 0, y, np.nan)
        for row in table.itertuples():
            o, u = r.nodes.index(row.node), r.units.index(row.unit)
            v = y[:, o, u]
            v = v[~np.isnan(v)]
            if not len(v):
                continue
            want = np.quantile(v, [0.05, 0.5, 0.95])
            got = np.array([row.q05, row.median, row.q95])
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-9 * max(1.0, np.abs(want).max()))
