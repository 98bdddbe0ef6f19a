#!/usr/bin/env python3
"""Benchmark: styrkort's exact selection against HiGHS, and its budget splits against plain Python.

Two comparisons in the same run:

  1. exact selection of projects (a 0/1 knapsack on own money, optionally with a
     second resource, staff hours): ``styrkort.allocation.select_projects(method=
     "exact")`` against ``scipy.optimize.milp`` (HiGHS branch and cut; binary
     variables, the same constraints, ``mip_rel_gap=0`` and a generous time
     limit) on seeded random instances with 100, 1,000 and 10,000 items, one
     resource (money) and two (money + hours), real-valued costs and hours, and
     values either correlated with the costs (value = cost x (1 + small noise),
     the hard case for knapsack branch and bound) or uncorrelated;
  2. the budget split across areas: ``split_budget(method="proportional")`` and
     ``split_budget(method="diminishing")`` against the straightforward Python an
     analyst would write (the proportional rule with floors and caps by iterative
     clamping until the set of clamped areas is stable; diminishing returns by a
     greedy over the curves' segments with ``heapq``), for 5, 100 and 10,000 areas.

Every result is checked against the other: the optima to 1e-6 relative (and each
selection's value and resource use recomputed from the selected items), the split
amounts by their largest absolute difference. This is a benchmark, not a test: it
asserts nothing about time. It exits with status 1 only when the results conflict.

Run from the repository root (the compiled ``_core`` must be importable)::

    PYTHONPATH=python python3 benchmarks/bench_allocation.py

See benchmarks/README.md for the options.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import heapq
import math
import os
import platform
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd
import scipy
from scipy.optimize import Bounds, LinearConstraint, milp

import styrkort as sk
from styrkort import _core
from styrkort.allocation import _core_focus_areas, select_projects, split_budget

AGREE_REL = 1e-6  # optima agree when |a - b| <= AGREE_REL * max(|a|, |b|, 1)
SK_FIT_REL = 1e-9  # styrkort: a sum fits under L when it is <= L + 1e-9 max(1, |L|) (selection.hpp)


# --------------------------------------------------------------------- timing


@dataclass
class Timing:
    wall: List[float]  # seconds per call, one entry per measurement
    cpu: List[float]  # process CPU seconds per call (all threads)
    number: int = 1  # calls per measurement (small calls are looped)

    @property
    def best(self) -> float:
        return min(self.wall)


def time_calls(fn: Callable[[], object], repeat: int, cheap: float) -> Tuple[Timing, object]:
    """Run ``fn`` once; when that took less than ``cheap`` seconds run it
    ``repeat - 1`` more times. Returns the times and the last result."""
    wall, cpu = [], []
    out = None
    for k in range(max(1, repeat)):
        out = None
        gc.collect()
        c, t = time.process_time(), time.perf_counter()
        out = fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if k == 0 and wall[0] >= cheap:
            break
    return Timing(wall, cpu), out


def time_small(fn: Callable[[], object], repeat: int) -> Tuple[Timing, object]:
    """timeit-style: loop a fast call so that one measurement takes >= 0.2 s;
    ``repeat`` measurements; times per call."""
    out = fn()
    number, _ = timeit.Timer(fn).autorange()
    wall, cpu = [], []
    for _ in range(max(1, repeat)):
        gc.collect()
        c, t = time.process_time(), time.perf_counter()
        for _ in range(number):
            fn()
        wall.append((time.perf_counter() - t) / number)
        cpu.append((time.process_time() - c) / number)
    return Timing(wall, cpu, number), out


def fmt_t(t: float) -> str:
    if t < 1e-3:
        return f"{t * 1e6:7.1f} us"
    if t < 10:
        return f"{t * 1e3:7.1f} ms"
    return f"{t:7.2f} s "


def fmt_x(r: float) -> str:
    """A ratio: one decimal from 1 up, two significant digits below 1."""
    return f"{r:,.1f}x" if r >= 1 else f"{r:.2g}x"


def runs(tm: Timing) -> str:
    loop = f"{tm.number:,} calls each, " if tm.number > 1 else ""
    return (
        f"[{len(tm.wall)} run{'s' if len(tm.wall) > 1 else ''}, {loop}per call: "
        f"{', '.join(fmt_t(t).strip() for t in tm.wall)}; cpu {', '.join(fmt_t(t).strip() for t in tm.cpu)}]"
    )


@contextlib.contextmanager
def quiet_stdout():
    """Silence what HiGHS prints from C++ straight to file descriptor 1 (with
    disp=False it still prints a line now and then from its sub-MIP heuristics)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


# ------------------------------------------------------------------ selection


@dataclass
class Instance:
    n: int
    resources: int  # 1: money; 2: money and hours
    values: str  # "correlated" or "uncorrelated"
    items: pd.DataFrame
    cost: np.ndarray
    hours: np.ndarray
    value: np.ndarray
    budget: float
    hours_budget: Optional[float]


def make_instance(
    n: int, resources: int, values: str, seed: int, noise: float, budget_share: float, hours_share: float
) -> Instance:
    rng = np.random.default_rng([seed, n, resources, 1 if values == "correlated" else 2])
    cost = rng.uniform(10_000.0, 1_000_000.0, n)  # own money, kronor
    hours = rng.uniform(10.0, 2_000.0, n)  # staff hours, independent of the cost
    if values == "correlated":
        value = cost * (1.0 + rng.uniform(-noise, noise, n))
    else:
        value = rng.uniform(10_000.0, 1_000_000.0, n)
    budget = budget_share * float(cost.sum())
    hours_budget = hours_share * float(hours.sum()) if resources == 2 else None
    items = pd.DataFrame({"id": [f"p{i:05d}" for i in range(n)], "cost": cost, "hours": hours, "value": value})
    return Instance(n, resources, values, items, cost, hours, value, budget, hours_budget)


@dataclass
class Solved:
    time: Timing
    value: float  # the solver's optimum (NaN when none found)
    bound: float  # its best upper bound
    proven: bool
    gap: float  # bound - value
    nodes: int
    status: str
    x: Optional[np.ndarray]  # selected items (bool)
    inner_seconds: float = math.nan  # styrkort: the C++ search's own wall time


def solve_styrkort(
    inst: Instance,
    time_limit: float,
    repeat: int,
    cheap: float,
    budget: Optional[float] = None,
    hours_budget: Optional[float] = None,
) -> Solved:
    b = inst.budget if budget is None else budget
    h = inst.hours_budget if hours_budget is None else hours_budget
    tm, s = time_calls(
        lambda: select_projects(inst.items, b, hours=h, method="exact", time_limit=time_limit), repeat, cheap
    )
    status = "proven optimal" if s.proven_optimal else f"stopped by {s.stopped_by or '?'}"
    return Solved(
        tm,
        s.value,
        s.bound,
        s.proven_optimal,
        s.gap,
        s.nodes,
        status,
        s.table["selected"].to_numpy(dtype=bool),
        s.seconds,
    )


def solve_highs(inst: Instance, time_limit: float, repeat: int, cheap: float) -> Solved:
    if inst.resources == 2:
        a = np.vstack([inst.cost, inst.hours])
        ub = np.array([inst.budget, inst.hours_budget])
    else:
        a, ub = inst.cost[None, :], np.array([inst.budget])
    cons = LinearConstraint(a, -np.inf, ub)
    integrality = np.ones(inst.n)
    bounds = Bounds(0.0, 1.0)
    c = -inst.value
    options = {"time_limit": time_limit, "mip_rel_gap": 0.0, "disp": False}

    def run():
        with quiet_stdout():
            return milp(c, integrality=integrality, bounds=bounds, constraints=cons, options=options)

    tm, r = time_calls(run, repeat, cheap)
    value = -float(r.fun) if r.x is not None else math.nan
    bound = -float(r.mip_dual_bound) if getattr(r, "mip_dual_bound", None) is not None else math.nan
    x = (r.x > 0.5) if r.x is not None else None
    status = {0: "optimal", 1: "time/iteration limit", 2: "infeasible", 3: "unbounded"}.get(
        r.status, f"status {r.status}"
    )
    return Solved(
        tm, value, bound, r.status == 0, bound - value, int(getattr(r, "mip_node_count", -1) or -1), status, x
    )


def usage(inst: Instance, x: Optional[np.ndarray]) -> Tuple[float, float, float]:
    """Value, money slack and hours slack of a selection, summed exactly (fsum)."""
    if x is None:
        return math.nan, math.nan, math.nan
    v = math.fsum(inst.value[x])
    money = inst.budget - math.fsum(inst.cost[x])
    hours = (inst.hours_budget - math.fsum(inst.hours[x])) if inst.hours_budget is not None else math.inf
    return v, money, hours


def rel_diff(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1.0)


@dataclass
class SelectionCase:
    inst: Instance
    sk: Solved
    hg: Solved
    rel: float
    agree: bool
    conflict: bool
    strict: Optional[Solved] = None
    strict_rel: float = math.nan
    notes: List[str] = field(default_factory=list)


def slack_text(label: str, slack: float, limit: float) -> str:
    if math.isinf(slack):
        return ""
    if slack >= 0:
        return f"{label} slack {slack:,.2f}"
    return f"{label} OVER by {-slack:,.3g} ({-slack / max(1.0, limit):.2g} of the budget)"


def run_selection_case(inst: Instance, args) -> SelectionCase:
    res = "money" if inst.resources == 1 else "money + hours"
    kind = inst.values + (
        f" (value = cost x (1 + U(-{args.noise:g}, {args.noise:g})))"
        if inst.values == "correlated"
        else " (value ~ U(1e4, 1e6), independent of cost)"
    )
    print(f"\n{inst.n:,} items, {res}, values {kind}")
    hb = f", hours budget {inst.hours_budget:,.0f} ({args.hours_share:.0%} of all hours)" if inst.hours_budget else ""
    print(f"  budget {inst.budget:,.0f} ({args.budget_share:.0%} of all costs){hb}")
    skr = solve_styrkort(inst, args.time_limit, args.repeat, args.cheap)
    hg = solve_highs(inst, args.time_limit, args.repeat, args.cheap)
    sv, sm, sh = usage(inst, skr.x)
    hv, hm, hh = usage(inst, hg.x)
    rel = rel_diff(skr.value, hg.value) if not (math.isnan(skr.value) or math.isnan(hg.value)) else math.nan
    agree = rel <= AGREE_REL
    # A conflict is a proven bound beaten by the other solver's selection by more than the tolerance.
    tol = AGREE_REL * max(abs(sv) if not math.isnan(sv) else 0.0, abs(hv) if not math.isnan(hv) else 0.0, 1.0)
    conflict = (not math.isnan(hv) and hv > skr.bound + tol) or (not math.isnan(sv) and sv > hg.bound + tol)
    case = SelectionCase(inst, skr, hg, rel, agree, conflict)

    rel_gap = skr.gap / abs(skr.bound) if skr.bound else 0.0
    print(
        f"  styrkort  best {fmt_t(skr.time.best)}  value {skr.value:,.4f}  {skr.status}, gap {skr.gap:.3g} "
        f"(relative {rel_gap:.2g}), {skr.nodes:,} nodes, "
        f"C++ search {fmt_t(skr.inner_seconds).strip()}  {runs(skr.time)}"
    )
    hg_rel_gap = hg.gap / abs(hg.bound) if hg.bound and not math.isnan(hg.bound) else math.nan
    print(
        f"  HiGHS     best {fmt_t(hg.time.best)}  value {hg.value:,.4f}  {hg.status}, gap {hg.gap:.3g} "
        f"(relative {hg_rel_gap:.2g}), {hg.nodes:,} nodes  {runs(hg.time)}"
    )
    print(
        f"  ratio HiGHS / styrkort (best): {hg.time.best / skr.time.best:,.1f}x; optima differ by {rel:.2g} relative "
        f"-> {'agree' if agree else 'DIFFER'} (to {AGREE_REL:g})"
        + ("; CONFLICT with a proven bound" if conflict else "")
    )
    checks = [f"recomputed values: styrkort {sv:,.4f}, HiGHS {hv:,.4f}"]
    print("  " + checks[0])
    for who, m, h in (("styrkort", sm, sh), ("HiGHS", hm, hh)):
        parts = [slack_text("money", m, inst.budget)]
        if inst.hours_budget is not None:
            parts.append(slack_text("hours", h, inst.hours_budget))
        print(f"  {who:<8s}  " + "; ".join(parts))
    if not skr.proven:
        case.notes.append(f"styrkort stopped at its time limit: gap {skr.gap:.3g} ({rel_gap:.2g} relative)")
    if not hg.proven:
        case.notes.append(f"HiGHS {hg.status}: gap {hg.gap:.3g} ({hg_rel_gap:.2g} relative)")

    # styrkort accepts a sum up to L + 1e-9 max(1, L); HiGHS's tolerance is absolute (about 1e-6), so on
    # budgets of ~1e9 styrkort may use a few kronor more. Re-solve with each budget L given as
    # L / (1 + 1e-9) (less a few ulps), so that styrkort's tolerance ends at the original budget: both
    # solvers then search the same set of selections and the optima should be equal.
    if (not math.isnan(sm) and sm < 0) or (inst.hours_budget is not None and not math.isnan(sh) and sh < 0):

        def shrink(limit: float) -> float:
            return limit / (1.0 + SK_FIT_REL) - 4 * math.ulp(limit) if limit >= 1.0 else limit - SK_FIT_REL

        b2 = shrink(inst.budget)
        h2 = shrink(inst.hours_budget) if inst.hours_budget is not None else None
        st = solve_styrkort(inst, args.time_limit, 1, 0.0, b2, h2)
        v2, m2, h2s = usage(inst, st.x)
        case.strict, case.strict_rel = st, rel_diff(st.value, hg.value)
        print(
            f"  styrkort used its 1e-9 relative tolerance on a budget; re-solved with each budget L as "
            f"L / (1 + 1e-9), so the tolerance ends at L: value {st.value:,.4f} ({st.status}), money slack {m2:,.2f}"
            + (f", hours slack {h2s:,.2f}" if inst.hours_budget is not None else "")
            + f"; vs HiGHS {case.strict_rel:.2g} relative ({'agree' if case.strict_rel <= AGREE_REL else 'DIFFER'})"
        )
        case.notes.append(
            f"styrkort over budget within its 1e-9 tolerance; strict re-solve differs from HiGHS by "
            f"{case.strict_rel:.2g}"
        )
    for note in case.notes:
        print(f"  note: {note}")
    return case


# ---------------------------------------------------------------------- split


def split_instance(n: int, seed: int, kind: str, budget: float) -> pd.DataFrame:
    """Areas with spread-out weights, floors and caps (some infinite) so that
    some areas bind at a floor, some at a cap and some are in between; for
    ``diminishing`` each area has a concave curve of 2-6 finite segments."""
    rng = np.random.default_rng([seed, n, 1 if kind == "proportional" else 2])
    s = budget / n
    weight = np.exp(rng.uniform(math.log(0.1), math.log(10.0), n))  # log-uniform on [0.1, 10]
    floor = rng.uniform(0.0, 0.8, n) * s
    cap = floor + rng.uniform(0.3, 2.5, n) * s
    cap[rng.random(n) < 0.1] = math.inf
    areas = pd.DataFrame({"id": [f"a{i:05d}" for i in range(n)], "weight": weight, "floor": floor, "cap": cap})
    if kind == "diminishing":
        curves = []
        for _ in range(n):
            k = int(rng.integers(2, 7))
            lengths = rng.uniform(0.2, 1.0, k) * s
            slopes = rng.uniform(0.5, 2.0) * np.cumprod(rng.uniform(0.3, 0.9, k))
            curves.append([(float(a), float(b)) for a, b in zip(lengths, slopes)])
        areas["benefit"] = curves
    return areas


def py_proportional(
    weight: np.ndarray, floor: np.ndarray, cap: np.ndarray, budget: float, max_iter: int = 200
) -> Tuple[np.ndarray, float, int, bool]:
    """x = clamp(lambda w, floor, cap) with sum x = budget, by iterative clamping:
    start from lambda = budget / sum w; clamp; recompute lambda from the areas
    not clamped; repeat until the set of clamped areas no longer changes. (If the
    sets ever cycle, fall back on bisection of lambda.) Areas of weight 0 get
    their floor; when every area of positive weight is at its cap the rest is
    left unspent. Returns the amounts, lambda, the number of iterations and
    whether the bisection was needed."""
    if floor.sum() > budget:
        raise ValueError(f"floors {floor.sum()} exceed the budget {budget}")
    pos = weight > 0
    if np.where(pos, cap, floor).sum() <= budget:  # every positive-weight area at its cap
        return np.where(pos, cap, floor), math.inf, 0, False
    lam = budget / weight.sum()
    seen = set()
    for _ in range(1, max_iter + 1):
        t = lam * weight
        at_floor = ~pos | (t <= floor)
        at_cap = ~at_floor & (t >= cap)
        free = ~at_floor & ~at_cap
        key = (at_floor.tobytes(), at_cap.tobytes())
        fixed = floor[at_floor].sum() + cap[at_cap].sum()
        w_free = weight[free].sum()
        if key in seen or w_free == 0:
            break  # stable (or cycling / nothing free)
        seen.add(key)
        lam = (budget - fixed) / w_free
    else:
        it = max_iter
    x = np.clip(lam * weight, floor, cap)
    x[~pos] = floor[~pos]
    bisected = abs(x.sum() - budget) > 1e-9 * max(1.0, budget)
    if bisected:  # not converged: bisection on lambda
        lo, hi = 0.0, max(1.0, lam)
        while np.clip(hi * weight, floor, cap)[pos].sum() + floor[~pos].sum() < budget:
            hi *= 2.0
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if np.clip(mid * weight, floor, cap)[pos].sum() + floor[~pos].sum() < budget:
                lo = mid
            else:
                hi = mid
        lam = hi
        x = np.clip(lam * weight, floor, cap)
        x[~pos] = floor[~pos]
    return x, lam, it, bisected


def py_split_proportional(areas: pd.DataFrame, budget: float) -> np.ndarray:
    return py_proportional(
        areas["weight"].to_numpy(dtype=float),
        areas["floor"].to_numpy(dtype=float),
        areas["cap"].to_numpy(dtype=float),
        budget,
    )[0]


def py_split_diminishing(areas: pd.DataFrame, budget: float) -> np.ndarray:
    """Maximise sum w_i benefit_i(x_i) with floor <= x <= cap and sum x = budget:
    floors first, then the curves' segments above the floors (cut at the caps)
    in order of weighted slope, by a heap holding each area's next segment
    (slopes fall along a concave curve, so an area's segments come in order).
    Ties: rank, then id (no rank column here: id). What buys nothing more is
    spread over the remaining room by the proportional rule."""
    ids = areas["id"].tolist()
    weight = areas["weight"].tolist()
    floor = areas["floor"].tolist()
    cap = areas["cap"].tolist()
    curves = areas["benefit"].tolist()
    n = len(ids)

    def pieces(i):
        """The area's segments above its floor and below its cap, as (length, slope)."""
        pos = 0.0
        for length, slope in curves[i]:
            if pos >= cap[i]:
                return
            end = pos + length
            a, b = max(pos, floor[i]), min(end, cap[i])
            if b > a and weight[i] * slope > 0:
                yield b - a, slope
            pos = end

    x = list(floor)
    rest = budget - sum(floor)
    if rest < 0:
        raise ValueError(f"floors {sum(floor)} exceed the budget {budget}")
    heap = []
    gens = [pieces(i) for i in range(n)]
    for i in range(n):
        p = next(gens[i], None)
        if p is not None:
            heap.append((-weight[i] * p[1], ids[i], i, p[0]))
    heapq.heapify(heap)
    while rest > 0 and heap:
        _, _, i, length = heapq.heappop(heap)
        take = min(length, rest)
        x[i] += take
        rest -= take
        if take == length:
            p = next(gens[i], None)
            if p is not None:
                heapq.heappush(heap, (-weight[i] * p[1], ids[i], i, p[0]))
    x = np.array(x)
    if rest > 0:  # every segment of value bought: spread the rest by weight over the room left
        x = py_proportional(np.array(weight), x, np.array(cap), float(x.sum()) + rest)[0]
    return x


@dataclass
class SplitCase:
    method: str
    n: int
    py: Timing
    sk: Timing
    core: Timing
    max_abs: float
    scale: float
    ok: bool
    binding: Dict[str, int]


def run_split_case(method: str, n: int, args) -> SplitCase:
    budget = args.split_budget
    areas = split_instance(n, args.seed, method, budget)
    ref = py_split_proportional if method == "proportional" else py_split_diminishing
    py_t, x_py = time_small(lambda: ref(areas, budget), args.repeat)
    sk_t, res = time_small(lambda: split_budget(areas, budget, method), args.repeat)
    core_areas = _core_focus_areas(areas)
    core_fn = getattr(_core, f"split_{method}")
    core_t, _ = time_small(lambda: core_fn(core_areas, budget), args.repeat)
    x_sk = res.table["amount"].to_numpy(dtype=float)
    how = ""
    if method == "proportional":  # how the iterative clamping went (untimed)
        _, lam, iters, bisected = py_proportional(
            areas["weight"].to_numpy(), areas["floor"].to_numpy(), areas["cap"].to_numpy(), budget
        )
        how = (
            f"; Python: {iters} clamping iteration{'s' if iters != 1 else ''}"
            + (" then bisection (the clamped sets cycled)" if bisected else "")
            + f", lambda {lam:.6g}"
        )
    max_abs = float(np.max(np.abs(x_py - x_sk)))
    ok = max_abs <= 1e-9 * budget
    binding = res.table["binding"].replace("", "free").value_counts().to_dict()
    print(
        f"\n{method}, {n:,} areas, budget {budget:,.0f}: "
        f"{', '.join(f'{binding.get(k, 0):,} {k}' for k in ('floor', 'free', 'cap'))}"
        + (f"; lambda {res.level:.6g}" if method == "proportional" else f"; marginal value {res.marginal_value:.6g}")
        + (f"; unspent {res.unspent:,.2f}" if res.unspent else "")
        + how
    )
    print(
        f"  Python (iterative clamping)   best {fmt_t(py_t.best)}  {runs(py_t)}"
        if method == "proportional"
        else f"  Python (heapq greedy)         best {fmt_t(py_t.best)}  {runs(py_t)}"
    )
    print(f"  split_budget (DataFrame)      best {fmt_t(sk_t.best)}  {runs(sk_t)}")
    print(f"  _core.split_{method:<13s}     best {fmt_t(core_t.best)}  (areas already converted)  {runs(core_t)}")
    print(
        f"  ratio Python / split_budget: {fmt_x(py_t.best / sk_t.best)}; "
        f"Python / core: {fmt_x(py_t.best / core_t.best)}; "
        f"max |diff| = {max_abs:.3g} ({max_abs / budget:.2g} of the budget); sums: Python {x_py.sum():,.6f}, "
        f"styrkort {x_sk.sum():,.6f} -> {'agree' if ok else 'DIFFER'}"
    )
    return SplitCase(method, n, py_t, sk_t, core_t, max_abs, budget, ok, binding)


# ----------------------------------------------------------------------- main


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    ap.add_argument("--items", type=int, nargs="*", default=[100, 1_000, 10_000], help="selection sizes")
    ap.add_argument(
        "--resources",
        type=int,
        nargs="*",
        default=[1, 2],
        choices=[1, 2],
        help="1: money only; 2: money and staff hours",
    )
    ap.add_argument(
        "--values", nargs="*", default=["correlated", "uncorrelated"], choices=["correlated", "uncorrelated"]
    )
    ap.add_argument(
        "--noise", type=float, default=0.05, help="correlated values: value = cost x (1 + U(-noise, noise))"
    )
    ap.add_argument("--budget-share", type=float, default=0.5, help="money budget as a share of all costs")
    ap.add_argument("--hours-share", type=float, default=0.5, help="hours budget as a share of all hours")
    ap.add_argument("--time-limit", type=float, default=600.0, help="seconds per solve, for both solvers")
    ap.add_argument("--areas", type=int, nargs="*", default=[5, 100, 10_000], help="split sizes")
    ap.add_argument("--split-budget", type=float, default=10_000_000.0, help="money to split")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--repeat", type=int, default=3, help="timings per solve (best is reported)")
    ap.add_argument(
        "--cheap",
        type=float,
        default=2.0,
        help="a solve is repeated only when its first run took less than this many seconds",
    )
    ap.add_argument("--skip-selection", action="store_true")
    ap.add_argument("--skip-split", action="store_true")
    args = ap.parse_args(argv)

    print(
        f"styrkort {sk.__version__}, scipy {scipy.__version__} (milp: HiGHS), numpy {np.__version__}, "
        f"pandas {pd.__version__}, Python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores available; "
        f"load average at start {os.getloadavg()[0]:.2f}"
    )
    print(
        f"seed {args.seed}; best of {args.repeat} where a first run takes < {args.cheap:g} s, else one run; "
        f"time limit {args.time_limit:g} s per solve for both solvers"
    )

    t_start = time.perf_counter()
    sel: List[SelectionCase] = []
    if not args.skip_selection:
        print("\n=== 1. exact selection: styrkort select_projects(method='exact') vs scipy.optimize.milp (HiGHS) ===")
        for n in args.items:
            for r in args.resources:
                for v in args.values:
                    inst = make_instance(n, r, v, args.seed, args.noise, args.budget_share, args.hours_share)
                    sel.append(run_selection_case(inst, args))

    spl: List[SplitCase] = []
    if not args.skip_split:
        print("\n=== 2. budget split: split_budget vs straightforward Python ===")
        for method in ("proportional", "diminishing"):
            for n in args.areas:
                spl.append(run_split_case(method, n, args))

    print("\n=== summary ===")
    if sel:
        print("\nexact selection (times: best; ratio = HiGHS / styrkort; rel diff of the optima)")
        head = (
            f"{'items':>6s}  {'resources':<13s} {'values':<12s} {'styrkort':>10s} {'HiGHS':>10s} {'ratio':>9s}  "
            f"{'styrkort optimum':>20s} {'HiGHS optimum':>20s} {'rel diff':>8s} {'agree':<5s}  "
            f"{'styrkort: proven, gap, nodes':<32s} HiGHS"
        )
        print(head)
        print("-" * len(head))
        for c in sel:
            i = c.inst
            skp = f"{'yes' if c.sk.proven else 'NO'}, {c.sk.gap:.2g}, {c.sk.nodes:,}"
            print(
                f"{i.n:>6,}  {'money' if i.resources == 1 else 'money + hours':<13s} {i.values:<12s} "
                f"{fmt_t(c.sk.time.best):>10s} {fmt_t(c.hg.time.best):>10s} {c.hg.time.best / c.sk.time.best:>8,.0f}x  "
                f"{c.sk.value:>20,.4f} {c.hg.value:>20,.4f} {c.rel:>8.1e} {'yes' if c.agree else 'NO':<5s}  "
                f"{skp:<32s} {c.hg.status}" + (f", gap {c.hg.gap:.3g}" if not c.hg.proven else "")
            )
        for c in sel:
            for note in c.notes:
                print(
                    f"  {c.inst.n:,} items, {'money' if c.inst.resources == 1 else 'money + hours'}, "
                    f"{c.inst.values}: {note}"
                )
        n_proven = sum(c.sk.proven for c in sel)
        print(
            f"  styrkort proven optimal in {n_proven} of {len(sel)} cases; HiGHS in {sum(c.hg.proven for c in sel)}; "
            f"optima agree to {AGREE_REL:g} in {sum(c.agree for c in sel)} of {len(sel)}"
        )
    if spl:
        print("\nbudget split (times: best per call; ratio = Python / split_budget, and Python / core call)")
        head = (
            f"{'method':<13s} {'areas':>6s} {'Python':>10s} {'split_budget':>12s} {'core':>10s} "
            f"{'ratio':>8s} {'ratio core':>10s}  {'max |diff|':>10s} {'floor/free/cap':>20s}  agree"
        )
        print(head)
        print("-" * len(head))
        for c in spl:
            b = f"{c.binding.get('floor', 0)}/{c.binding.get('free', 0)}/{c.binding.get('cap', 0)}"
            print(
                f"{c.method:<13s} {c.n:>6,} {fmt_t(c.py.best):>10s} {fmt_t(c.sk.best):>12s} {fmt_t(c.core.best):>10s} "
                f"{fmt_x(c.py.best / c.sk.best):>8s} {fmt_x(c.py.best / c.core.best):>10s}  "
                f"{c.max_abs:>10.2g} {b:>20s}  "
                f"{'yes' if c.ok else 'NO'}"
            )
    print(
        f"\ntotal {time.perf_counter() - t_start:.0f} s; load average at end {os.getloadavg()[0]:.2f} "
        f"(other processes on the machine inflate wall times)"
    )
    bad = [c for c in sel if c.conflict or (c.sk.proven and c.hg.proven and not c.agree)] + [c for c in spl if not c.ok]
    print(f"=> {'results agree' if not bad else f'{len(bad)} case(s) DISAGREE'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
