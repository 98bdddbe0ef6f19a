#!/usr/bin/env python3
"""Benchmark: how the time of loading, validating, preparing and evaluating
grows with the size of a strategy's structure.

Four shapes, each at doubling sizes (issue 12):

  goal-chain      a goal tree that is a chain of ``n`` goals with one indicator
                  at the bottom (``n`` deep);
  unit-chain      a unit tree that is a chain of ``n`` units (``n`` deep), one
                  goal and one indicator;
  many-parents    one indicator under ``n`` goals (``n`` links);
  indicators      ``n`` indicators under one goal.

For each size the script prints the seconds of each step and the time per
element (microseconds per node, unit or link): linear growth shows as a flat
time per element, quadratic growth as a time per element that doubles with
each size. Steps: ``load`` (``Strategy.from_json_text``: parse, resolve ids,
validate, cycle checks), ``prepare`` (``Evaluator(strategy, df)``) and
``evaluate`` (``ev.evaluate()``, the roll-up and coverage counted once per
path). The report is timed with ``--report`` (the HTML board report of the
structure: ``render_report(evaluation)``).

This is a benchmark, not a test: it asserts nothing about time. Run from the
repository root (the compiled ``_core`` must be importable)::

    PYTHONPATH=python python3 benchmarks/bench_scaling.py
    PYTHONPATH=python python3 benchmarks/bench_scaling.py --shape goal-chain --sizes 12500,25000,50000,100000

See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import pandas as pd

import styrkort as sk

PERIODS = ["2022", "2023"]


def _indicator(i: str, parents: List[str]) -> dict:
    return {
        "id": i,
        "kind": "indicator",
        "parents": parents,
        "bounds": {"worst": 0, "best": 100},
    }


def goal_chain(n: int) -> Tuple[dict, pd.DataFrame]:
    """``n`` goals in a chain, one indicator at the bottom."""
    nodes: List[dict] = [{"id": "g0", "kind": "vision"}]
    nodes += [{"id": f"g{k}", "kind": "goal", "parents": [f"g{k - 1}"]} for k in range(1, n)]
    nodes.append(_indicator("i", [f"g{n - 1}"]))
    df = pd.DataFrame({"indicator": "i", "unit": "all", "period": PERIODS, "value": [40.0, 50.0]})
    return {"format": "styrkort-strategy/1", "nodes": nodes}, df


def unit_chain(n: int) -> Tuple[dict, pd.DataFrame]:
    """``n`` units in a chain (each the parent of the next), one indicator."""
    units = [{"id": "u0"}] + [{"id": f"u{k}", "parent": f"u{k - 1}"} for k in range(1, n)]
    nodes = [{"id": "g", "kind": "goal"}, _indicator("i", ["g"])]
    df = pd.DataFrame({"indicator": "i", "unit": f"u{n - 1}", "period": PERIODS, "value": [40.0, 50.0]})
    return {"format": "styrkort-strategy/1", "units": units, "nodes": nodes}, df


def many_parents(n: int) -> Tuple[dict, pd.DataFrame]:
    """One indicator with ``n`` parents."""
    nodes: List[dict] = [{"id": f"g{k}", "kind": "goal"} for k in range(n)]
    nodes.append(_indicator("i", [f"g{k}" for k in range(n)]))
    df = pd.DataFrame({"indicator": "i", "unit": "all", "period": PERIODS, "value": [40.0, 50.0]})
    return {"format": "styrkort-strategy/1", "nodes": nodes}, df


def indicators(n: int) -> Tuple[dict, pd.DataFrame]:
    """``n`` indicators under one goal, one value each."""
    nodes: List[dict] = [{"id": "g", "kind": "goal"}]
    nodes += [_indicator(f"i{k}", ["g"]) for k in range(n)]
    df = pd.DataFrame({"indicator": [f"i{k}" for k in range(n)], "unit": "all", "period": "2023", "value": 50.0})
    return {"format": "styrkort-strategy/1", "nodes": nodes}, df


SHAPES: Dict[str, Tuple[Callable[[int], Tuple[dict, pd.DataFrame]], List[int], str]] = {
    "goal-chain": (goal_chain, [12_500, 25_000, 50_000, 100_000], "node"),
    "unit-chain": (unit_chain, [12_500, 25_000, 50_000, 100_000], "unit"),
    "many-parents": (many_parents, [12_500, 25_000, 50_000, 100_000], "link"),
    "indicators": (indicators, [125_000, 250_000, 500_000, 1_000_000], "indicator"),
}


def _timed(f: Callable[..., Any], *args: Any, **kw: Any) -> Tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    out = f(*args, **kw)
    return time.perf_counter() - t0, out


def run(shape: str, sizes: List[int], report: bool) -> None:
    make, _, element = SHAPES[shape]
    print(f"\n{shape} (time per {element} in microseconds)")
    head = f"{'n':>9} {'load s':>8} {'us/el':>7} {'prepare s':>9} {'us/el':>7} {'evaluate s':>10} {'us/el':>7}"
    print(head + (f" {'report s':>8} {'us/el':>7}" if report else ""))
    for n in sizes:
        data, df = make(n)
        text = json.dumps(data)
        t_load, strategy = _timed(sk.Strategy.from_json_text, text, source=shape)
        t_prep, ev = _timed(sk.Evaluator, strategy, df)
        t_eval, evaluation = _timed(ev.evaluate)
        line = (
            f"{n:>9} {t_load:>8.3f} {t_load / n * 1e6:>7.2f} {t_prep:>9.3f} {t_prep / n * 1e6:>7.2f}"
            f" {t_eval:>10.3f} {t_eval / n * 1e6:>7.2f}"
        )
        if report:
            from styrkort.report import render_report

            t_rep, _ = _timed(render_report, evaluation)
            line += f" {t_rep:>8.3f} {t_rep / n * 1e6:>7.2f}"
        print(line, flush=True)
        del data, df, text, strategy, ev, evaluation


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", choices=sorted(SHAPES), action="append", help="shape to run (default: all)")
    ap.add_argument("--sizes", help="comma-separated sizes (default: per shape, doubling)")
    ap.add_argument("--report", action="store_true", help="also time the HTML report (slow on large sizes)")
    a = ap.parse_args(argv)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"styrkort {sk.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for shape in a.shape or list(SHAPES):
        sizes = [int(s) for s in a.sizes.split(",")] if a.sizes else SHAPES[shape][1]
        run(shape, sizes, a.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
