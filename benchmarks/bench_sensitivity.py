#!/usr/bin/env python3
"""Benchmark: the sensitivity analysis in one C++ batch against the loops it replaces.

A synthetic strategy (default: 200 units x 100 indicators, a 4-level tree
vision -> 4 goals -> 20 focus areas -> 100 indicators, 5 yearly periods) and 8
uncertain inputs (weights of the vision's and of a goal's children, Dirichlet
weights of another goal, the aggregation of the vision and of a goal, the
normalisation, one of five indicators left out, a measurement error):

  a. ``styrkort.sensitivity(..., n=1024)``: Sobol' with N = 1,024 and 8 inputs is
     10,240 evaluations, then every summary and the Sobol' indices with 100
     bootstrap resamples of every aggregate node's score for every unit -- the
     whole analysis, wall time (and without the bootstrap, to show where the
     time goes);
  b. a plain loop of ``Evaluator.evaluate()`` over samples of the same inputs
     (prepared once, as the batch; every period evaluated, as evaluate() does),
     timed over ``--loop-samples`` samples and extrapolated to 10,240;
  c. a COINr-style loop that rebuilds the index per sample in pandas, as
     COINr's ``get_sensitivity`` regenerates the whole coin per sample
     (``Regen``): the metadata with the sample's weights, the long table of
     the analysed period checked and sorted, normalised, rolled up level by
     level with groupby and ranked -- one period, as a coin holds one time
     point and as the batch evaluates only the analysed period (the trends,
     which no input changes, are computed once, outside the loop) -- timed
     over ``--coinr-samples`` samples and extrapolated;
  d. SALib's ``analyze.sobol`` on the batch's own outputs (the same 100
     resamples), timed over ``--salib-outputs`` outputs and extrapolated to all;
  e. the same analysis on a dask.distributed ``LocalCluster`` of two worker
     processes (one thread each), with its overhead: starting the cluster, and
     the run against the local one (the result is checked to be identical).

This is a benchmark, not a test: it asserts nothing about time. The load
average is printed: the machine is shared.

Run from the repository root (the compiled ``_core`` must be importable)::

    PYTHONPATH=python python3 benchmarks/bench_sensitivity.py
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import sys
import time
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_evaluate import build, pandas_evaluate, pandas_meta, pandas_prepare, pandas_trends  # noqa: E402

import styrkort as sk  # noqa: E402


def inputs_for(syn) -> list:
    """Eight uncertain inputs of the synthetic strategy."""
    return [
        {"name": "goal weights", "kind": "weights", "node": "vision", "low": 0.5, "high": 2.0},
        {"name": "goal00 weights", "kind": "weights", "node": "goal00", "low": 0.5, "high": 2.0},
        {"name": "goal01 weights", "kind": "weights_dirichlet", "node": "goal01", "concentration": 20.0},
        {
            "name": "vision aggregation",
            "kind": "aggregation",
            "node": "vision",
            "alternatives": ["arithmetic", "geometric"],
        },
        {
            "name": "goal02 aggregation",
            "kind": "aggregation",
            "node": "goal02",
            "alternatives": ["arithmetic", "minimum"],
        },
        {"name": "normalisation", "kind": "normalisation", "alternatives": ["bounded", "minmax"]},
        {"name": "left out", "kind": "exclude_indicator", "indicators": syn.indicator_ids[:5]},
        {"name": "measurement", "kind": "measurement_error", "indicator": syn.indicator_ids[5], "relative": 0.1},
    ]


def loop_options(ev: sk.Evaluator, rng: np.random.Generator, syn) -> dict:
    """evaluate()'s keywords for one random sample of the same inputs (no
    measurement error: evaluate() cannot change a value without preparing again)."""
    links = ev.links
    w = links["weight"].to_numpy().copy()
    for parent in ("vision", "goal00", "goal01"):
        sel = (links["parent"] == parent).to_numpy()
        w[sel] = rng.uniform(0.5, 2.0, sel.sum())
    left = rng.integers(0, 6)
    if left:
        w[(links["child"] == syn.indicator_ids[left - 1]).to_numpy()] = 0.0
    return {
        "weights": w,
        "aggregation": {
            "vision": ["arithmetic", "geometric"][rng.integers(0, 2)],
            "goal02": ["arithmetic", "minimum"][rng.integers(0, 2)],
        },
        "normalisation": {"vision": ["bounded", "minmax"][rng.integers(0, 2)]},
    }


def coinr_rebuild(syn, measurements: pd.DataFrame, rng: np.random.Generator, trends: pd.DataFrame) -> None:
    """One COINr-style rebuild in pandas: the metadata with the sample's weights
    (drawn around the nominal ones), the analysed period's long table checked
    and sorted, normalised, rolled up and ranked."""
    s = copy.copy(syn)
    s.indicators = syn.indicators.assign(weight=syn.indicators["weight"] * rng.uniform(0.5, 2.0, len(syn.indicators)))
    s.links = syn.links.assign(weight=syn.links["weight"] * rng.uniform(0.5, 2.0, len(syn.links)))
    meta = pandas_meta(s)
    panel = pandas_prepare(measurements, s)
    pandas_evaluate(panel, meta, trends)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--periods", type=int, default=5)
    ap.add_argument("--n", type=int, default=1024, help="Sobol' base sample N (default 1024: 10,240 evaluations)")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--loop-samples", type=int, default=256)
    ap.add_argument("--coinr-samples", type=int, default=50)
    ap.add_argument("--salib-outputs", type=int, default=100)
    args = ap.parse_args(argv)

    syn = build(args.units, 4, 5, 5, 2020, args.periods, 0.05, 1, False)
    inputs = inputs_for(syn)
    print(
        f"styrkort {sk.__version__}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"synthetic strategy: {args.units} units x {len(syn.indicator_ids)} indicators, 4 levels "
        f"({len(syn.node_ids) - len(syn.indicator_ids)} aggregate nodes), {args.periods} periods; "
        f"{len(inputs)} uncertain inputs"
    )

    t = time.perf_counter()
    ev = sk.Evaluator(syn.strategy, syn.measurements)
    t_prepare = time.perf_counter() - t

    # a. the whole analysis
    cpu = time.process_time()
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = sk.sensitivity(ev, None, inputs, n=args.n, seed=1, threads=args.threads, progress=False)
    t_batch = time.perf_counter() - t
    cpu_batch = time.process_time() - cpu
    evals = r.n_evaluations
    outputs = len(r.nodes) * len(r.units)
    # where the time goes: the same analysis without the bootstrap (point indices only)
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk.sensitivity(ev, None, inputs, n=args.n, seed=1, threads=args.threads, resamples=0, progress=False)
    t_mc = time.perf_counter() - t
    t = time.perf_counter()
    r.indices, r.ranks, r.scores, r.status_probability  # noqa: B018 - the tables, as a user reads them
    t_tables = time.perf_counter() - t
    print(f"\nprepare (once, shared by every sample): {t_prepare:.3f} s")
    print(
        f"a. styrkort.sensitivity, Sobol' N = {args.n}: {evals} evaluations, {outputs} outputs "
        f"(every aggregate node x unit), indices with 100 resamples: {t_batch:.3f} s wall, {cpu_batch:.3f} s cpu "
        f"({evals / t_batch:,.0f} evaluations/s)"
    )
    print(
        f"   of which: the evaluations, summaries and point indices (resamples=0) {t_mc:.3f} s; "
        f"the bootstrap about {max(t_batch - t_mc, 0):.3f} s; pandas tables {t_tables:.3f} s"
    )

    # b. a loop of evaluate()
    rng = np.random.default_rng(2)
    options = [loop_options(ev, rng, syn) for _ in range(args.loop_samples)]
    t = time.perf_counter()
    for o in options:
        ev.evaluate(**o)
    t_loop = (time.perf_counter() - t) / args.loop_samples * evals
    print(
        f"b. loop of Evaluator.evaluate(): {args.loop_samples} samples timed, {t_loop:.1f} s for {evals} "
        f"(extrapolated); the whole analysis (a.) is {t_loop / t_batch:.0f}x faster"
    )
    # like for like: the analysis' own evaluations without its summaries and
    # indices (the part a Dask task runs), and the loop's scenarios through the
    # batch's public entry for hand-written scenarios
    from styrkort import _core
    from styrkort.sensitivity import _engine_inputs

    t = time.perf_counter()
    _core.sensitivity_part(
        ev._evaluator,
        ev._panel,
        _engine_inputs(ev, inputs),
        args.n,
        True,
        1,
        len(syn.period_ids) - 1,
        [],
        0,
        evals,
        args.threads,
    )
    t_part = time.perf_counter() - t
    print(
        f"   the analysis' {evals} evaluations alone (no summaries, indices or bootstrap): {t_part:.3f} s, "
        f"{t_loop / t_part:.0f}x the loop"
    )
    scenarios = [options[k % len(options)] for k in range(evals)]
    t = time.perf_counter()
    many = ev.evaluate_many(scenarios, nodes=["vision"], threads=args.threads, progress=False)
    t_many = time.perf_counter() - t
    check = ev.evaluate(**options[1]).table(node="vision", period=syn.period_ids[-1]).set_index("unit")["score"]
    got = many[many["scenario"] == 1].set_index("unit")["score"]
    agree = np.allclose(got.loc[check.index].to_numpy(), check.to_numpy(), rtol=0, atol=1e-4, equal_nan=True)
    print(
        f"   the same {evals} scenarios through Evaluator.evaluate_many (evaluations only, the analysed period, "
        f"the vision's scores kept): {t_many:.3f} s, {t_loop / t_many:.0f}x the loop; agrees with evaluate(): {agree}"
    )

    # c. COINr-style rebuild per sample
    meta = pandas_meta(syn)
    full = pandas_prepare(syn.measurements, syn)
    last = syn.period_ids[-1]  # the period the batch analyses (its default)
    trends = pandas_trends(full, meta)[(full["period"] == last).to_numpy()].reset_index(drop=True)
    one_period = syn.measurements[syn.measurements["period"] == last]
    rng = np.random.default_rng(3)
    t = time.perf_counter()
    for _ in range(args.coinr_samples):
        coinr_rebuild(syn, one_period, rng, trends)
    per = (time.perf_counter() - t) / args.coinr_samples
    t_coinr = per * evals
    print(
        f"c. COINr-style pandas rebuild per sample: {per * 1e3:.0f} ms each over {args.coinr_samples} samples, "
        f"{t_coinr:,.0f} s for {evals} (extrapolated); the batch is {t_coinr / t_batch:,.0f}x faster"
    )

    # d. SALib's analyze on the same outputs
    from SALib.analyze import sobol as salib_sobol

    d = len(inputs)
    problem = {"num_vars": d, "names": [x["name"] for x in inputs], "bounds": [[0, 1]] * d}
    score = r.samples["score"].reshape(evals, -1).astype(np.float64)
    ok = np.flatnonzero(np.isfinite(score).all(axis=0) & (score.var(axis=0) > 0))[: args.salib_outputs]
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in ok:
            salib_sobol.analyze(
                problem, score[:, k], calc_second_order=False, num_resamples=100, print_to_console=False
            )
    per = (time.perf_counter() - t) / max(len(ok), 1)
    print(
        f"d. SALib analyze.sobol (100 resamples): {per * 1e3:.1f} ms per output over {len(ok)} outputs, "
        f"{per * outputs:.1f} s for all {outputs} (extrapolated), against about "
        f"{max(t_batch - t_mc, 0):.3f} s for styrkort's bootstrap of all of them"
    )
    # e. a Dask LocalCluster of two worker processes
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("e. dask.distributed is not installed (pip install styrkort[dask]): no cluster run")
    else:
        t = time.perf_counter()
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            t_up = time.perf_counter() - t
            t = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rd = sk.sensitivity(ev, None, inputs, n=args.n, seed=1, threads=1, client=client, progress=False)
            t_dask = time.perf_counter() - t
        same = np.array_equal(rd.samples["score"], r.samples["score"], equal_nan=True) and rd.indices.equals(r.indices)
        print(
            f"e. Dask LocalCluster, 2 worker processes x 1 thread: cluster start {t_up:.2f} s, analysis {t_dask:.3f} s "
            f"(local {t_batch:.3f} s; overhead {t_dask - t_batch:+.3f} s); identical to the local result: {same}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
