#!/usr/bin/env python3
"""Benchmark: the styrkort engine against straightforward pandas and tuned polars implementations.

A synthetic strategy (default: 290 units x 2,000 indicators x 20 yearly periods,
2005..2024) is evaluated two or three times in the same run:

  a. by the engine: ``sk.Evaluator(strategy, measurements)`` (prepare: long
     table -> dense panel, and the trends, which depend on the data alone) and
     ``ev.evaluate()`` (normalisation, statuses, roll-up through the goal tree,
     coverage, ranks: what changes with weights and methods);
  b. by the vectorised pandas code an analyst would write for the same
     computation, split the same way (prepare: checks, sort, and the Statistics
     Canada CAGR trend against the first observation; evaluate: merge with the
     indicator metadata, bounded normalisation with ``clip``, statuses with
     ``np.select``, weighted mean roll-up level by level with ``groupby`` on
     (parent, unit, period), ranks per node and period);
  c. when polars is installed (optional; ``--skip-polars``), by the same
     computation in polars, tuned (Enum ids, lazy queries), so that the ratio
     against the strongest dataframe peer is printed in the same run.

Each step is timed best of N (default 3) and the median is reported too; the
results of each are then compared with the engine's cell by cell. This is a benchmark, not a
test: it asserts nothing about time. It exits with status 1 only when an
implementation disagrees with the engine.

Run from the repository root (the compiled ``_core`` must be importable)::

    PYTHONPATH=python python3 benchmarks/bench_evaluate.py

See benchmarks/README.md for the options.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import styrkort as sk
from styrkort import _core
from styrkort.evaluation import VOCABULARY

STATUS = {name: i for i, name in enumerate(VOCABULARY["status"])}
TREND = {name: i for i, name in enumerate(VOCABULARY["trend"])}
GREEN_AT, YELLOW_AT = 75.0, 50.0  # score_bands thresholds (the format's defaults)
TOL = 1e-9 * 100.0  # the engine compares a score with a threshold within 1e-9 of the scale (docs/format.md)


# --------------------------------------------------------------------------- data


@dataclass
class Synthetic:
    strategy_dict: dict
    strategy: sk.Strategy
    measurements: pd.DataFrame  # the long table, categorical ids
    node_ids: List[str]  # strategy order (= the engine's node axis)
    indicator_ids: List[str]
    unit_ids: List[str]
    period_ids: List[str]
    period_times: Dict[str, float]
    indicators: pd.DataFrame  # id, direction, worst, best, parent, weight
    links: pd.DataFrame  # child, parent, weight (non-indicator children)


def build(
    units: int,
    goals: int,
    subgoals_per_goal: int,
    indicators_per_subgoal: int,
    first_year: int,
    periods: int,
    missing: float,
    seed: int,
    shuffle: bool,
) -> Synthetic:
    """A strategy root (vision) -> goals -> focus areas -> indicators, and its
    full long table of measurements with a share ``missing`` of NaN values."""
    rng = np.random.default_rng(seed)
    period_ids = [str(y) for y in range(first_year, first_year + periods)]
    unit_ids = [f"kommun{k:03d}" for k in range(units)]
    goal_ids = [f"goal{g:02d}" for g in range(goals)]
    fa_ids = [f"fa{g:02d}_{s:02d}" for g in range(goals) for s in range(subgoals_per_goal)]
    n_fa = len(fa_ids)
    n_ind = n_fa * indicators_per_subgoal
    ind_ids = [f"ind{i:05d}" for i in range(n_ind)]
    ind_parent = np.repeat(np.arange(n_fa), indicators_per_subgoal)

    # Indicator metadata: level, direction, bounds (worst/best), link weight.
    level = rng.uniform(5.0, 500.0, n_ind)
    lower = rng.random(n_ind) < 0.3  # 30 % lower_is_better
    q_lo = rng.uniform(0.3, 0.8, n_ind)
    q_hi = rng.uniform(1.2, 2.0, n_ind)
    worst = np.round(np.where(lower, level * q_hi, level * q_lo), 3)
    best = np.round(np.where(lower, level * q_lo, level * q_hi), 3)
    w_ind = np.round(rng.uniform(0.5, 2.0, n_ind), 3)
    w_fa = np.round(rng.uniform(0.5, 2.0, n_fa), 3)
    w_goal = np.round(rng.uniform(0.5, 2.0, goals), 3)

    nodes = [{"id": "vision", "kind": "vision", "name": "Vision 2030"}]
    for g, gid in enumerate(goal_ids):
        nodes.append(
            {
                "id": gid,
                "kind": "goal",
                "name": f"Mål {g + 1}",
                "parents": [{"id": "vision", "weight": float(w_goal[g])}],
            }
        )
    for k, fid in enumerate(fa_ids):
        nodes.append(
            {
                "id": fid,
                "kind": "focus_area" if k % 2 == 0 else "sub_goal",
                "name": f"Fokusområde {k + 1}",
                "parents": [{"id": goal_ids[k // subgoals_per_goal], "weight": float(w_fa[k])}],
            }
        )
    for i, iid in enumerate(ind_ids):
        nodes.append(
            {
                "id": iid,
                "kind": "indicator",
                "name": f"Indikator {i + 1}",
                "parents": [{"id": fa_ids[ind_parent[i]], "weight": float(w_ind[i])}],
                "direction": "lower_is_better" if lower[i] else "higher_is_better",
                "bounds": {"worst": float(worst[i]), "best": float(best[i])},
                "normalisation": "bounded",
            }
        )
    data = {
        "format": "styrkort-strategy/1",
        "name": "Synthetic benchmark strategy",
        "organisation": "Benchmark",
        "periods": period_ids,
        "units": [{"id": u, "name": u, "kind": "municipality"} for u in unit_ids],
        "nodes": nodes,
        "defaults": {
            "normalisation": "bounded",
            "aggregation": {"method": "arithmetic"},
            "indicator_status_rule": {"method": "score_bands", "green": GREEN_AT, "yellow": YELLOW_AT},
            "node_status_rule": {"method": "score_bands", "green": GREEN_AT, "yellow": YELLOW_AT},
            "trend": {"model": "cagr"},
            "carry_forward": 0,
        },
    }
    strategy = sk.Strategy.from_dict(data, source="synthetic")

    # Values: positive, a unit effect and a growth rate per indicator and unit,
    # noise per cell; some fall outside the bounds (so the clip matters).
    P = periods
    years = np.arange(P, dtype=np.float64)
    effect = rng.normal(0.0, 0.3, (n_ind, units, 1))
    growth = rng.normal(0.005, 0.02, (n_ind, units, 1))
    value = level[:, None, None] * np.exp(effect + growth * years + rng.normal(0.0, 0.05, (n_ind, units, P)))
    value = np.round(value, 4).reshape(-1)
    value[rng.random(value.size) < missing] = np.nan

    n = n_ind * units * P
    ind_code = np.repeat(np.arange(n_ind, dtype=np.int16), units * P)
    unit_code = np.tile(np.repeat(np.arange(units, dtype=np.int16), P), n_ind)
    per_code = np.tile(np.arange(P, dtype=np.int8), n_ind * units)
    if shuffle:
        order = rng.permutation(n)
        ind_code, unit_code, per_code, value = ind_code[order], unit_code[order], per_code[order], value[order]
    frame = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(ind_code, categories=ind_ids),
            "unit": pd.Categorical.from_codes(unit_code, categories=unit_ids),
            "period": pd.Categorical.from_codes(per_code, categories=period_ids),
            "value": value,
        }
    )
    node_ids = ["vision"] + goal_ids + fa_ids + ind_ids
    indicators = pd.DataFrame(
        {
            "indicator": ind_ids,
            "direction": np.where(lower, "lower_is_better", "higher_is_better"),
            "worst": worst,
            "best": best,
            "parent": [fa_ids[k] for k in ind_parent],
            "weight": w_ind,
        }
    )
    links = pd.DataFrame(
        {
            "child": goal_ids + fa_ids,
            "parent": ["vision"] * goals + [goal_ids[k // subgoals_per_goal] for k in range(n_fa)],
            "weight": np.concatenate([w_goal, w_fa]),
        }
    )
    return Synthetic(
        data,
        strategy,
        frame,
        node_ids,
        ind_ids,
        unit_ids,
        period_ids,
        {p: float(p) for p in period_ids},
        indicators,
        links,
    )


# ------------------------------------------------------------------ pandas version


def pandas_prepare(df: pd.DataFrame, syn: Synthetic) -> pd.DataFrame:
    """Check the long table and put it in panel order: the observed rows,
    sorted by indicator, unit and period, ids as the strategy's categories."""
    m = df[["indicator", "unit", "period", "value"]]
    for col, known in (("indicator", syn.indicator_ids), ("unit", syn.unit_ids), ("period", syn.period_ids)):
        bad = ~m[col].isin(known)
        if bad.any():
            raise ValueError(f"row {int(np.flatnonzero(bad.to_numpy())[0])}: unknown {col}")
    if np.isinf(m["value"].to_numpy()).any():
        raise ValueError("infinite value")
    m = m[m["value"].notna()]
    dup = m.duplicated(["indicator", "unit", "period"])
    if dup.any():
        raise ValueError("a second value for one indicator, unit and period")
    m = m.assign(
        indicator=m["indicator"].cat.set_categories(syn.indicator_ids),
        unit=m["unit"].cat.set_categories(syn.unit_ids),
        period=m["period"].cat.set_categories(syn.period_ids),
    )
    return m.sort_values(["indicator", "unit", "period"], ignore_index=True)


@dataclass
class PandasMeta:
    indicators: pd.DataFrame  # indicator (cat), worst, best, sign, parent (cat of nodes), weight
    links: pd.DataFrame  # child (cat of nodes), parent (cat of nodes), weight
    total: pd.Series  # indicators below each node (for coverage)
    period_time: Dict[str, float]


def pandas_meta(syn: Synthetic) -> PandasMeta:
    """The metadata tables an analyst keeps next to the data (built once, untimed)."""
    nodes = pd.CategoricalDtype(syn.node_ids)
    ind = syn.indicators
    meta = pd.DataFrame(
        {
            "indicator": pd.Categorical(ind["indicator"], categories=syn.indicator_ids),
            "worst": ind["worst"].to_numpy(),
            "best": ind["best"].to_numpy(),
            "sign": np.where(ind["direction"] == "lower_is_better", -1.0, 1.0),
            "parent": ind["parent"].astype(nodes),
            "weight": ind["weight"].to_numpy(),
        }
    )
    links = syn.links.assign(child=syn.links["child"].astype(nodes), parent=syn.links["parent"].astype(nodes))
    # indicators below each node, counted once per path (coverage's denominator)
    total = ind.groupby("parent").size().astype(float)
    level = total
    totals = [total]
    while True:
        up = links.merge(level.rename("n"), left_on="child", right_index=True)
        if up.empty:
            break
        level = up.groupby("parent", observed=True)["n"].sum()
        totals.append(level)
    total = pd.concat(totals)
    total.index = total.index.astype(str)
    return PandasMeta(meta, links, total, syn.period_times)


def pandas_trends(panel: pd.DataFrame, meta: PandasMeta) -> pd.DataFrame:
    """The Statistics Canada trend of every value: the directed CAGR from the
    unit's first observation (the synthetic indicators have no target). Like the
    engine, this is done once per data set: it does not depend on weights,
    normalisations or aggregation methods."""
    sign = panel["indicator"].map(meta.indicators.set_index("indicator")["sign"]).astype("float64")
    time_ = panel["period"].map(meta.period_time).astype("float64")
    g = panel.assign(time=time_).groupby(["indicator", "unit"], observed=True, sort=False)
    x0 = g["value"].transform("first")
    t0 = g["time"].transform("first")
    dt = time_ - t0
    ok = (dt > 0) & (panel["value"] > 0) & (x0 > 0)
    cagr = (panel["value"] / x0) ** (1.0 / dt.where(ok)) - 1.0
    r = sign * cagr.where(ok)
    trend = np.select(
        [~ok, r >= 0.015, r >= 0.005, r >= 0.0],
        [TREND["not_assessable"], TREND["on_track"], TREND["acceleration_needed"], TREND["limited_progress"]],
        TREND["deterioration"],
    ).astype(np.int8)
    return pd.DataFrame({"trend": trend, "trend_ratio": r})


def pandas_evaluate(panel: pd.DataFrame, meta: PandasMeta, trends: pd.DataFrame) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Indicator scores and statuses, then node scores, statuses, coverage and
    ranks, as long tables (only rows with a value / a score)."""
    # indicators: bounded normalisation and score bands
    x = panel.merge(meta.indicators, on="indicator", how="left")
    x["score"] = (100.0 * (x["value"] - x["worst"]) / (x["best"] - x["worst"])).clip(0.0, 100.0)
    # thresholds compared with the engine's documented tolerance (1e-9 of the 0..100 scale)
    x["status"] = np.select(
        [x["score"] >= GREEN_AT - TOL, x["score"] >= YELLOW_AT - TOL],
        [STATUS["green"], STATUS["yellow"]],
        STATUS["red"],
    ).astype(np.int8)
    x["trend"] = trends["trend"].to_numpy()
    x["trend_ratio"] = trends["trend_ratio"].to_numpy()
    indicators = x[["indicator", "unit", "period", "value", "score", "status", "trend", "trend_ratio"]]

    # roll-up, level by level: weighted mean of the children with a score
    level = x[["parent", "unit", "period", "score", "weight"]].assign(present=1)
    results = []
    while True:
        level["ws"] = level["weight"] * level["score"]
        level["w"] = level["weight"].where(level["score"].notna(), 0.0)
        s = (
            level.groupby(["parent", "unit", "period"], observed=True, sort=False)[["ws", "w", "present"]]
            .sum()
            .reset_index()
            .rename(columns={"parent": "node"})
        )
        s["score"] = s["ws"] / s["w"].where(s["w"] > 0)
        s["coverage"] = s["present"] / s["node"].map(meta.total).astype("float64")
        results.append(s[["node", "unit", "period", "score", "coverage", "present"]])
        level = (
            s[["node", "unit", "period", "score", "present"]]
            .merge(meta.links, left_on="node", right_on="child")
            .drop(columns=["node", "child"])
        )
        if level.empty:
            break
    nodes = pd.concat(results, ignore_index=True)
    nodes["status"] = np.select(
        [nodes["score"].isna(), nodes["score"] >= GREEN_AT - TOL, nodes["score"] >= YELLOW_AT - TOL],
        [STATUS["not_assessable"], STATUS["green"], STATUS["yellow"]],
        STATUS["red"],
    ).astype(np.int8)
    nodes["rank"] = nodes.groupby(["node", "period"], observed=True)["score"].rank(method="min", ascending=False)
    return indicators, nodes


# ------------------------------------------------------------------------- polars


def polars_tables(df: pd.DataFrame, meta: PandasMeta, syn: Synthetic) -> Tuple[Any, Any]:
    """The measurements and metadata as polars frames, ids as ``pl.Enum`` in the
    strategy's order (what an analyst working in polars holds; built untimed)."""
    import polars as pl

    ind_t, unit_t, per_t, node_t = (pl.Enum(x) for x in (syn.indicator_ids, syn.unit_ids, syn.period_ids, syn.node_ids))
    data = pl.DataFrame(
        {
            "indicator": pl.Series(df["indicator"].astype(str).to_numpy(), dtype=pl.String).cast(ind_t),
            "unit": pl.Series(df["unit"].astype(str).to_numpy(), dtype=pl.String).cast(unit_t),
            "period": pl.Series(df["period"].astype(str).to_numpy(), dtype=pl.String).cast(per_t),
            "value": pl.Series(df["value"].to_numpy(), dtype=pl.Float64, nan_to_null=True),
        }
    )
    m = meta.indicators
    indicators = pl.DataFrame(
        {
            "indicator": pl.Series(m["indicator"].astype(str).to_numpy(), dtype=pl.String).cast(ind_t),
            "worst": m["worst"].to_numpy(),
            "best": m["best"].to_numpy(),
            "sign": m["sign"].to_numpy(),
            "parent": pl.Series(m["parent"].astype(str).to_numpy(), dtype=pl.String).cast(node_t),
            "weight": m["weight"].to_numpy(),
        }
    )
    links = pl.DataFrame(
        {
            "child": pl.Series(meta.links["child"].astype(str).to_numpy(), dtype=pl.String).cast(node_t),
            "parent": pl.Series(meta.links["parent"].astype(str).to_numpy(), dtype=pl.String).cast(node_t),
            "weight": meta.links["weight"].to_numpy(),
        }
    )
    total = pl.DataFrame(
        {
            "node": pl.Series([str(k) for k in meta.total.index], dtype=pl.String).cast(node_t),
            "total": meta.total.to_numpy(dtype=float),
        }
    )
    times = pl.DataFrame(
        {
            "period": pl.Series(syn.period_ids, dtype=pl.String).cast(per_t),
            "time": [meta.period_time[p] for p in syn.period_ids],
        }
    )
    return data, (indicators, links, total, times)


def polars_prepare(data: Any, tables: Any) -> Any:
    """The same as :func:`pandas_prepare` plus :func:`pandas_trends`, tuned for
    polars: ids are already ``Enum`` (checked when they were cast), one sort,
    duplicates and each series' first observation found between neighbours of
    the sorted table (no group-by, no join: period times and directions are
    looked up by the ids' codes)."""
    import polars as pl

    indicators, _, _, times = tables
    if data.select(pl.col("value").is_infinite().any()).item():
        raise ValueError("infinite value")
    panel = data.lazy().filter(pl.col("value").is_not_null()).sort("indicator", "unit", "period").collect()
    ic, uc, pc = (pl.col(c).to_physical() for c in ("indicator", "unit", "period"))
    new_series = ((ic != ic.shift(1)) | (uc != uc.shift(1))).fill_null(True)
    if panel.select((~new_series & (pc == pc.shift(1))).any()).item():
        raise ValueError("a second value for one indicator, unit and period")
    # times and directions by code (the Enum's order is the strategy's)
    time_by_code = times.sort(pl.col("period").to_physical())["time"].to_numpy()
    sign_by_code = indicators.sort(pl.col("indicator").to_physical())["sign"].to_numpy()
    panel = panel.with_columns(
        time=pl.Series(time_by_code[panel["period"].to_physical().to_numpy()]),
        sign=pl.Series(sign_by_code[panel["indicator"].to_physical().to_numpy()]),
    )
    x0 = pl.when(new_series).then(pl.col("value")).fill_null(strategy="forward")
    dt = pl.col("time") - pl.when(new_series).then(pl.col("time")).fill_null(strategy="forward")
    ok = (dt > 0) & (pl.col("value") > 0) & (x0 > 0)
    r = pl.when(ok).then(pl.col("sign") * ((pl.col("value") / x0) ** (1.0 / dt) - 1.0)).otherwise(None)
    return (
        panel.lazy()
        .with_columns(trend_ratio=r)
        .with_columns(
            trend=pl.when(pl.col("trend_ratio").is_null())
            .then(TREND["not_assessable"])
            .when(pl.col("trend_ratio") >= 0.015)
            .then(TREND["on_track"])
            .when(pl.col("trend_ratio") >= 0.005)
            .then(TREND["acceleration_needed"])
            .when(pl.col("trend_ratio") >= 0.0)
            .then(TREND["limited_progress"])
            .otherwise(TREND["deterioration"])
            .cast(pl.Int8)
        )
        .drop("time", "sign")
        .collect()
    )


def polars_evaluate(panel: Any, tables: Any) -> Tuple[Any, Any]:
    """The same as :func:`pandas_evaluate` in polars: a join, the bounded score
    and its band, then the roll-up level by level with ``group_by``, coverage and
    ranks (``rank("min")`` over node and period)."""
    import polars as pl

    indicators, links, total, _ = tables

    def band(score: Any) -> Any:
        return (
            pl.when(score.is_null())
            .then(STATUS["not_assessable"])
            .when(score >= GREEN_AT - TOL)
            .then(STATUS["green"])
            .when(score >= YELLOW_AT - TOL)
            .then(STATUS["yellow"])
            .otherwise(STATUS["red"])
            .cast(pl.Int8)
        )

    x = (
        panel.lazy()
        .join(indicators.lazy(), on="indicator", how="left")
        .with_columns(
            score=(100.0 * (pl.col("value") - pl.col("worst")) / (pl.col("best") - pl.col("worst"))).clip(0.0, 100.0)
        )
        .with_columns(status=band(pl.col("score")))
        .collect()
    )
    ind = x.select("indicator", "unit", "period", "value", "score", "status", "trend", "trend_ratio")
    level = x.lazy().select("parent", "unit", "period", "score", "weight", present=pl.lit(1, dtype=pl.Int64))
    results = []
    while True:
        s = (
            level.group_by("parent", "unit", "period")
            .agg(
                ws=(pl.col("weight") * pl.col("score")).sum(),
                w=pl.when(pl.col("score").is_not_null()).then(pl.col("weight")).otherwise(0.0).sum(),
                present=pl.col("present").sum(),
            )
            .rename({"parent": "node"})
            .with_columns(score=pl.when(pl.col("w") > 0).then(pl.col("ws") / pl.col("w")).otherwise(None))
            .join(total.lazy(), on="node", how="left")
            .with_columns(coverage=pl.col("present") / pl.col("total"))
            .select("node", "unit", "period", "score", "coverage", "present")
            .collect()
        )
        results.append(s)
        up = s.lazy().join(links.lazy(), left_on="node", right_on="child", how="inner").drop("node")
        level = up.select("parent", "unit", "period", "score", "weight", "present")
        if level.select(pl.len()).collect().item() == 0:
            break
    nodes = pl.concat(results).with_columns(
        status=band(pl.col("score")),
        rank=pl.col("score").rank("min", descending=True).over("node", "period"),
    )
    return ind, nodes


def polars_as_pandas(ind: Any, nodes: Any) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """The polars results as the pandas frames :func:`compare` reads (untimed;
    without pyarrow: Enum columns through their codes)."""
    import polars as pl

    def frame(f: Any) -> pd.DataFrame:
        out = {}
        for name, col in zip(f.columns, f.get_columns()):
            if isinstance(col.dtype, pl.Enum):
                cats = list(col.dtype.categories)
                out[name] = pd.Categorical.from_codes(col.to_physical().to_numpy(), categories=cats)
            else:
                out[name] = col.cast(pl.Float64).fill_null(np.nan).to_numpy()
        return pd.DataFrame(out)

    pi, pn = frame(ind), frame(nodes)
    for f in (pi, pn):
        for c in ("status", "trend"):
            if c in f:
                f[c] = f[c].astype(np.int8)
    return pi, pn


# ------------------------------------------------------------------------- checks


def dense(codes: Tuple[np.ndarray, ...], values: np.ndarray, shape: Tuple[int, int, int], fill, dtype) -> np.ndarray:
    out = np.full(shape, fill, dtype=dtype)
    out[codes] = values
    return out


def compare(syn: Synthetic, res: sk.Evaluation, ind: pd.DataFrame, nodes: pd.DataFrame, who: str = "pandas") -> bool:
    N, U, P = res.score.shape
    I = len(syn.indicator_ids)
    n_agg = N - I  # indicators come last in node order
    ok = True

    def report(name: str, good: bool, detail: str) -> None:
        nonlocal ok
        ok &= bool(good)
        print(f"  {'OK  ' if good else 'FAIL'} {name}: {detail}")

    ic = (ind["indicator"].cat.codes.to_numpy(), ind["unit"].cat.codes.to_numpy(), ind["period"].cat.codes.to_numpy())
    nc = (nodes["node"].cat.codes.to_numpy(), nodes["unit"].cat.codes.to_numpy(), nodes["period"].cat.codes.to_numpy())
    shape_i = (I, U, P)
    # node codes are positions in syn.node_ids, which is the engine's node order
    node_score = np.full((N, U, P), np.nan)
    node_score[nc] = nodes["score"].to_numpy()
    node_score[n_agg:] = dense(ic, ind["score"].to_numpy(), shape_i, np.nan, np.float64)
    e_score = res.score
    nan_same = np.array_equal(np.isnan(node_score), np.isnan(e_score))
    both = ~np.isnan(e_score) & ~np.isnan(node_score)
    diff = float(np.max(np.abs(node_score[both] - e_score[both]))) if both.any() else 0.0
    report(
        "scores, all nodes/units/periods",
        nan_same and diff < 1e-9,
        f"max |{who} - engine| = {diff:.3g} over {both.sum():,} cells; NaN in the same places: {nan_same} "
        f"({np.isnan(e_score).sum():,} NaN)",
    )
    agg_diff = float(np.nanmax(np.abs(node_score[:n_agg] - e_score[:n_agg])))
    print(f"       (goal-tree nodes only: max |diff| = {agg_diff:.3g})")

    st = dense(ic, ind["status"].to_numpy(), shape_i, STATUS["not_assessable"], np.int8)
    eq = st == res.status[n_agg:]
    report("indicator statuses", eq.all(), f"{eq.size - eq.sum():,} of {eq.size:,} differ")
    nst = np.full((n_agg, U, P), STATUS["not_assessable"], dtype=np.int8)
    nst[nc] = nodes["status"].to_numpy()
    eq = nst == res.status[:n_agg]
    report("node statuses", eq.all(), f"{eq.size - eq.sum():,} of {eq.size:,} differ")

    cov = np.zeros((n_agg, U, P), dtype=np.float32)
    cov[nc] = nodes["coverage"].to_numpy(dtype=np.float32)
    d = float(np.max(np.abs(cov - res.coverage[:n_agg])))
    report("node coverage", d < 1e-6, f"max |diff| = {d:.3g}")

    rk = np.zeros((n_agg, U, P), dtype=np.int32)
    rk[nc] = nodes["rank"].fillna(0).to_numpy(dtype=np.int32)
    eq = rk == res.rank[:n_agg]
    # A rank may differ only where the unit's score ties with another unit's to
    # within 1e-9 (then the last bit of the sums, pandas' Kahan summation vs the
    # engine's plain one, decides whether it is a tie: 100 vs 99.99999999999999).
    bad = np.argwhere(~eq)
    explained = 0
    for n, u, p in bad:
        s = e_score[n, :, p]
        near = np.abs(s - s[u]) <= 1e-9
        near[u] = False
        explained += bool(near.any())
    report(
        "node ranks",
        explained == len(bad),
        f"{len(bad):,} of {eq.size:,} differ"
        + (
            ", all at scores tied with another unit's to within 1e-9 (a last-bit rounding decides the tie)"
            if len(bad) and explained == len(bad)
            else (f", {len(bad) - explained:,} of them not explained by near-ties" if len(bad) else "")
        ),
    )

    tr = dense(ic, ind["trend"].to_numpy(), shape_i, TREND["not_assessable"], np.int8)
    eq = tr == res.trend
    report("indicator trend categories", eq.all(), f"{eq.size - eq.sum():,} of {eq.size:,} differ")
    ratio = dense(ic, ind["trend_ratio"].to_numpy(dtype=np.float32), shape_i, np.nan, np.float32)
    e_ratio = res._core.panel.trend_ratio
    nan_same = np.array_equal(np.isnan(ratio), np.isnan(e_ratio))
    both = ~np.isnan(ratio) & ~np.isnan(e_ratio)
    d = float(np.max(np.abs(ratio[both].astype(np.float64) - e_ratio[both]))) if both.any() else 0.0
    report(
        "indicator trend ratios (float32)",
        nan_same and d < 1e-6,
        f"max |diff| = {d:.3g}; NaN in the same places: {nan_same}",
    )
    return ok


# ------------------------------------------------------------------------ timing


class Times(list):
    """Wall-clock times of the runs, with the process CPU time of each (all threads)."""

    cpu: List[float]


def timed(fn: Callable[[], object], repeat: int) -> Tuple[Times, object]:
    times, out = Times(), None
    times.cpu = []
    for _ in range(repeat):
        out = None
        gc.collect()
        c = time.process_time()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        times.cpu.append(time.process_time() - c)
    return times, out


def fmt_s(t: float) -> str:
    return f"{t * 1e3:8.1f} ms" if t < 10 else f"{t:8.2f} s "


def row(label: str, times: Times) -> Tuple[float, float]:
    best, med = min(times), statistics.median(times)
    print(
        f"  {label:<40s} best {fmt_s(best)}  median {fmt_s(med)}  "
        f"[{', '.join(f'{t * 1e3:.0f}' for t in times)} ms; cpu {', '.join(f'{t * 1e3:.0f}' for t in times.cpu)}]"
    )
    return best, med


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    ap.add_argument("--units", type=int, default=290)
    ap.add_argument("--goals", type=int, default=10)
    ap.add_argument("--subgoals-per-goal", type=int, default=10)
    ap.add_argument("--indicators-per-subgoal", type=int, default=20)
    ap.add_argument("--periods", type=int, default=20, help="yearly periods from --first-year")
    ap.add_argument("--first-year", type=int, default=2005)
    ap.add_argument("--missing", type=float, default=0.05, help="share of missing values")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--repeat", type=int, default=3, help="timings per step (best and median are reported)")
    ap.add_argument("--shuffle", action="store_true", help="shuffle the rows of the long table")
    ap.add_argument(
        "--threads",
        type=int,
        nargs="*",
        default=[1, 2],
        help="extra thread counts to time evaluate() with (besides the default, all cores)",
    )
    ap.add_argument("--skip-pandas", action="store_true", help="time the engine only (no comparison)")
    ap.add_argument("--skip-polars", action="store_true", help="leave out polars (run when it is installed)")
    ap.add_argument(
        "--engine-only-evaluate",
        type=int,
        default=0,
        metavar="N",
        help="only build and run evaluate() N times (for profilers such as callgrind); no report",
    )
    args = ap.parse_args(argv)

    t = time.perf_counter()
    syn = build(
        args.units,
        args.goals,
        args.subgoals_per_goal,
        args.indicators_per_subgoal,
        args.first_year,
        args.periods,
        args.missing,
        args.seed,
        args.shuffle,
    )
    t_build = time.perf_counter() - t
    df = syn.measurements

    if args.engine_only_evaluate:
        ev = sk.Evaluator(syn.strategy, df)
        for _ in range(args.engine_only_evaluate):
            ev.evaluate(threads=1)
        return 0

    I, U, P = len(syn.indicator_ids), len(syn.unit_ids), len(syn.period_ids)
    print(
        f"styrkort {sk.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"Python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores available"
    )
    print(
        f"strategy: {len(syn.node_ids):,} nodes (1 vision, {args.goals} goals, "
        f"{args.goals * args.subgoals_per_goal} focus areas/sub-goals, {I:,} indicators), {U} units, {P} periods "
        f"({syn.period_ids[0]}..{syn.period_ids[-1]})"
    )
    n_missing = int(df["value"].isna().sum())
    print(
        f"measurements: {len(df):,} rows ({n_missing / len(df):.1%} missing), "
        f"values {df['value'].nbytes / 1e6:.1f} MB, "
        f"table {df.memory_usage(deep=True).sum() / 1e6:.1f} MB; built in {t_build:.1f} s"
    )
    print(
        f"timings: best of {args.repeat} and median, then every run's wall time and process CPU time (all threads); "
        f"load average at start {os.getloadavg()[0]:.2f}\n"
    )

    # -- engine
    print("engine (styrkort C++ core):")
    prep_times, ev = timed(lambda: sk.Evaluator(syn.strategy, df), args.repeat)
    e_prep = row("prepare  sk.Evaluator(strategy, df)", prep_times)
    eval_times, res = timed(lambda: ev.evaluate(), args.repeat)
    e_eval = row("evaluate ev.evaluate()  [all cores]", eval_times)
    per_thread = {}
    for th in args.threads:
        tt, _ = timed(lambda th=th: ev.evaluate(threads=th), args.repeat)
        per_thread[th] = row(f"evaluate ev.evaluate(threads={th})", tt)
    # where prepare's time goes (Python side vs C++)
    print("  prepare, piece by piece:")
    tt, m = timed(lambda: sk.Measurements.from_frame(df), args.repeat)
    row("  Measurements.from_frame(df)", tt)
    tt, core_m = timed(lambda: m._to_core(), args.repeat)
    row("  ._to_core() (factorize + copy to C++)", tt)
    tt, evaluator = timed(lambda: _core.Evaluator(syn.strategy._strategy), args.repeat)
    row("  _core.Evaluator(strategy)", tt)
    tt, _ = timed(lambda: evaluator.prepare(core_m), args.repeat)
    row("  evaluator.prepare(measurements) (C++)", tt)
    m = core_m = evaluator = None  # free them before the pandas run

    if args.skip_pandas:
        return 0

    # -- pandas
    print("\npandas (vectorised, the same computation):")
    meta = pandas_meta(syn)
    prep_times, panel = timed(lambda: pandas_prepare(df, syn), args.repeat)
    row("  check ids/dups, sort", prep_times)
    trend_times, trends = timed(lambda: pandas_trends(panel, meta), args.repeat)
    row("  trends", trend_times)
    # The engine's prepare includes the trends (they depend on the data only).
    both = Times(a + b for a, b in zip(prep_times, trend_times))
    both.cpu = [a + b for a, b in zip(prep_times.cpu, trend_times.cpu)]
    p_prep = row("prepare  (check, sort, trends)", both)
    eval_times, (pind, pnodes) = timed(lambda: pandas_evaluate(panel, meta, trends), args.repeat)
    p_eval = row("evaluate (normalise..rank)", eval_times)
    panel = trends = None

    # -- polars (optional: the strongest dataframe peer)
    q_prep = q_eval = None
    polars_result = None
    try:
        import polars as pl
    except ImportError:
        pl = None
    if args.skip_polars:
        pass
    elif pl is None:
        print("\npolars: not installed (pip install polars, or the 'bench' extra); skipped")
    else:
        print(f"\npolars {pl.__version__} (tuned: Enum ids, lazy queries; the same computation):")
        data, tables = polars_tables(df, meta, syn)
        prep_times, qpanel = timed(lambda: polars_prepare(data, tables), args.repeat)
        q_prep = row("prepare  (check, sort, trends)", prep_times)
        eval_times, polars_result = timed(lambda: polars_evaluate(qpanel, tables), args.repeat)
        q_eval = row("evaluate (normalise..rank)", eval_times)
        data = tables = qpanel = None

    print("\nratio pandas / engine (best; median):")
    for label, p_, e_ in (
        ("prepare", p_prep, e_prep),
        ("evaluate [all cores]", p_eval, e_eval),
        (
            "prepare + evaluate",
            (p_prep[0] + p_eval[0], p_prep[1] + p_eval[1]),
            (e_prep[0] + e_eval[0], e_prep[1] + e_eval[1]),
        ),
    ):
        print(
            f"  {label:<22s} {p_[0] / e_[0]:7.1f}x ; {p_[1] / e_[1]:7.1f}x   "
            f"(pandas {p_[0]:.3f} s vs engine {e_[0]:.3f} s)"
        )
    for th, e_ in per_thread.items():
        print(
            f"  {'evaluate threads=' + str(th):<22s} {p_eval[0] / e_[0]:7.1f}x ; {p_eval[1] / e_[1]:7.1f}x   "
            f"(engine {e_[0]:.3f} s)"
        )
    if q_prep is not None and q_eval is not None:
        print("\nratio polars / engine (best; median):")
        for label, q_, e_ in (("prepare", q_prep, e_prep), ("evaluate [all cores]", q_eval, e_eval)):
            print(
                f"  {label:<22s} {q_[0] / e_[0]:7.1f}x ; {q_[1] / e_[1]:7.1f}x   "
                f"(polars {q_[0]:.3f} s vs engine {e_[0]:.3f} s)"
            )
    print(f"  (load average at end {os.getloadavg()[0]:.2f}; other processes on the machine inflate wall times)")

    print("\nagreement (pandas vs engine):")
    ok = compare(syn, res, pind, pnodes)
    print(f"  => results {'agree' if ok else 'DISAGREE'}")
    if polars_result is not None:
        print("\nagreement (polars vs engine):")
        ok_polars = compare(syn, res, *polars_as_pandas(*polars_result), who="polars")
        print(f"  => results {'agree' if ok_polars else 'DISAGREE'}")
        ok = ok and ok_polars
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
