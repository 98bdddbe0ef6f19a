"""Goal fulfilment: evaluate a strategy on measurements.

:class:`Evaluator` keeps the prepared strategy and the measurements' panel in
the C++ core, so re-evaluating with other weights, normalisations or
aggregation methods costs only the arithmetic (for uncertainty and
sensitivity analysis). :class:`Evaluation` holds the results as arrays and
shows them as tidy long tables.
"""

from __future__ import annotations

import json
import math
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._deprecated import keywords
from ._display.html import html_table
from ._display.values import escape
from ._io import PathLike, json_records, write_csv, write_json
from ._progress import engine_progress
from ._vocabulary import FLAGS, STATUSES, VOCABULARY
from .errors import ArgumentError, MeasurementError
from .measurements import Measurements
from .strategy import Strategy, period_kind, period_year, year_of_time

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .plotting import EvaluationPlots

__all__ = ["Evaluator", "Evaluation", "evaluate", "strategy_warnings"]

WARNING_COLUMNS = ["code", "node", "unit", "period", "message"]

#: Decimals of the numbers of :meth:`Evaluation.readable_table` (and so of the
#: CSV): values and targets 3, scores (0–100) 1, the trend's ratio of observed
#: to required growth 2, coverage (a share) 3.
CSV_DECIMALS = {"value": 3, "target": 3, "score": 1, "trend_ratio": 2, "coverage": 3}

WeightSpec = Union[None, np.ndarray, Mapping[Any, float]]


class Evaluator:
    """A strategy prepared for evaluation on one set of measurements.

    Parameters
    ----------
    strategy : Strategy
    measurements : Measurements or DataFrame
        A DataFrame is read with :meth:`Measurements.from_frame`.

    Raises
    ------
    MeasurementError
        When a row names an unknown indicator, unit or period, repeats a cell,
        or has an infinite value.
    """

    def __init__(self, strategy: Strategy, measurements: Union[Measurements, pd.DataFrame]) -> None:
        if not isinstance(strategy, Strategy):
            raise ArgumentError(f"expected a styrkort.Strategy, got {type(strategy).__name__}")
        if isinstance(measurements, pd.DataFrame):
            measurements = Measurements.from_frame(measurements)
        if not isinstance(measurements, Measurements):
            raise ArgumentError(f"expected styrkort.Measurements or a DataFrame, got {type(measurements).__name__}")
        self.strategy = strategy
        self.measurements = measurements
        self._evaluator = _core.Evaluator(strategy._strategy)
        try:
            self._panel = self._evaluator.prepare(measurements._to_core())
        except MeasurementError as e:  # a subset's rows are named by their numbers in the whole table
            raise measurements._renumbered(e) from None

    @cached_property
    def links(self) -> pd.DataFrame:
        """Every parent-child link with its weight, in the order ``weights`` arrays use."""
        cols = self._evaluator.link_columns()
        ids = self.strategy.nodes["id"].to_numpy()
        return pd.DataFrame({"child": ids[cols["child"]], "parent": ids[cols["parent"]], "weight": cols["weight"]})

    def evaluate(
        self,
        weights: WeightSpec = None,
        normalisation: Optional[Mapping[str, str]] = None,
        aggregation: Optional[Mapping[str, Union[str, Tuple[str, float]]]] = None,
        threads: int = 0,
    ) -> "Evaluation":
        """Evaluate goal fulfilment.

        Parameters
        ----------
        weights : array or dict, optional
            Link weights: an array with one weight per row of :attr:`links`, or
            a dict from ``(child, parent)`` (or ``child`` when it has one
            parent) to a weight. Others keep the strategy's weights.
        normalisation : dict, optional
            Indicator id to a normalisation method name; a node that is not an
            indicator sets it for every indicator below it (an indicator's own
            entry wins).
        aggregation : dict, optional
            Node id to an aggregation method name, or ``("power", p)``.
        threads : int
            Threads to use; 0 uses every core.

        Returns
        -------
        Evaluation
        """
        link_w, norm, agg, power = self._options(weights, normalisation, aggregation)
        core = self._evaluator.evaluate(self._panel, link_w, norm, agg, power, threads)
        return Evaluation(self.strategy, core, self.measurements, evaluator=self._evaluator)

    def evaluate_many(
        self,
        overrides: Sequence[Mapping[str, Any]],
        *,
        period: Optional[str] = None,
        nodes: Optional[Sequence[str]] = None,
        threads: int = 0,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Evaluate many hand-written scenarios in one parallel batch.

        Each scenario is evaluated from the prepared measurements without
        preparing them again, and only the scores, statuses and ranks of
        ``nodes`` at ``period`` are kept (the same numbers as
        :meth:`evaluate` with the same options gives for that period).

        Parameters
        ----------
        overrides : sequence of dict
            One dict per scenario with :meth:`evaluate`'s keywords
            ``weights``, ``normalisation`` and ``aggregation`` (an empty dict:
            the strategy as it is).
        period : str, optional
            Default: the last period.
        nodes : list of str, optional
            Default: every node that is not an indicator.
        threads : int
            0 uses every core.
        progress : bool
            Show a progress bar (tqdm) for long batches; Ctrl-C stops the batch.

        Returns
        -------
        DataFrame
            ``scenario, unit, node, period, score, status, rank`` (``rank`` 0:
            none, as for indicators).
        """
        options = []
        for k, o in enumerate(overrides):
            unknown = set(o) - {"weights", "normalisation", "aggregation"}
            if unknown:
                raise ArgumentError(f"scenario {k}: unknown key(s) {', '.join(map(repr, sorted(unknown)))}")
            link_w, norm, agg, power = self._options(o.get("weights"), o.get("normalisation"), o.get("aggregation"))
            options.append({"link_weights": link_w, "normalisation": norm, "aggregation": agg, "power": power})
        periods = list(self._panel.period_ids)
        if period is not None and period not in periods:
            raise ArgumentError(f"unknown period {period!r} (the periods: {', '.join(periods)})")
        t = len(periods) - 1 if period is None else periods.index(period)
        ids = list(self.strategy.nodes["id"])
        index = {k: i for i, k in enumerate(ids)}
        node_index = [] if nodes is None else [self._node(index, k) for k in nodes]
        with engine_progress(len(options), "evaluate_many", progress) as report:
            raw = _core.evaluate_many(self._evaluator, self._panel, options, t, node_index, int(threads), report)
        s, o, u = raw["score"].shape
        units = np.asarray(self.strategy.units["id"], dtype=object)
        out_nodes = np.asarray([ids[i] for i in raw["nodes"]], dtype=object)
        return pd.DataFrame(
            {
                "scenario": np.repeat(np.arange(s), o * u),
                "unit": np.tile(units, s * o),
                "node": np.tile(np.repeat(out_nodes, u), s),
                "period": periods[t],
                "score": raw["score"].reshape(-1).astype(np.float64),
                "status": pd.Categorical.from_codes(raw["status"].reshape(-1).astype(np.int64), categories=STATUSES),
                "rank": raw["rank"].reshape(-1).astype(np.int64),
            }
        )

    def _options(
        self,
        weights: WeightSpec,
        normalisation: Optional[Mapping[str, str]],
        aggregation: Optional[Mapping[str, Union[str, Tuple[str, float]]]],
    ) -> Tuple[Optional[np.ndarray], Optional[np.ndarray], Optional[np.ndarray], Optional[np.ndarray]]:
        """The engine's option arrays of evaluate()'s keywords."""
        index = self._node_index
        n = len(index)
        link_w = self._link_weights(weights)
        norm = agg = power = None
        if normalisation:
            norm = np.full(n, -1, dtype=np.int8)
            indicator = self._is_indicator
            # nodes first, then indicators, so that an indicator's own entry wins
            for k, v in sorted(normalisation.items(), key=lambda kv: bool(indicator[self._node(index, kv[0])])):
                i = self._node(index, k)
                norm[i if indicator[i] else self._indicators_below(i)] = self._code("normalisation", v)
        if aggregation:
            agg = np.full(n, -1, dtype=np.int8)
            power = np.full(n, np.nan)
            for k, spec in aggregation.items():
                i = self._node(index, k)
                method = spec
                if isinstance(spec, tuple):
                    method, power[i] = spec[0], float(spec[1])
                agg[i] = self._code("aggregation", str(method))
        return link_w, norm, agg, power

    @property
    def strategy_warnings(self) -> pd.DataFrame:
        """What the strategy alone leaves on thin ground (see :func:`strategy_warnings`)."""
        return strategy_warnings(self.strategy, self._evaluator)

    # What evaluate() and evaluate_many() look up for every call (and every
    # scenario), computed once: building them per call from the strategy's
    # tables took about 1 ms a scenario in Python, more than the evaluation.
    @cached_property
    def _node_index(self) -> Dict[str, int]:
        return {k: i for i, k in enumerate(self.strategy.nodes["id"])}

    @cached_property
    def _is_indicator(self) -> np.ndarray:
        return (self.strategy.nodes["kind"] == "indicator").to_numpy()

    @cached_property
    def _children(self) -> List[List[int]]:
        cols = self._evaluator.link_columns()
        children: List[List[int]] = [[] for _ in range(len(self._node_index))]
        for c, p in zip(cols["child"], cols["parent"]):
            children[p].append(c)
        return children

    @cached_property
    def _below(self) -> Dict[int, np.ndarray]:
        return {}

    def _indicators_below(self, node: int) -> np.ndarray:
        """The indicator nodes below ``node`` (through any path), remembered."""
        if node not in self._below:
            seen, stack = {node}, [node]
            while stack:
                for c in self._children[stack.pop()]:
                    if c not in seen:
                        seen.add(c)
                        stack.append(c)
            found = np.fromiter(sorted(seen), dtype=np.int64)
            self._below[node] = found[self._is_indicator[found]]
        return self._below[node]

    @staticmethod
    def _node(index: Mapping[str, int], key: str) -> int:
        if key not in index:
            raise ArgumentError(f"unknown node {key!r}")
        return index[key]

    @staticmethod
    def _code(kind: str, name: str) -> int:
        names = VOCABULARY[kind]
        if name not in names:
            raise ArgumentError(f"unknown {kind} {name!r} (allowed: {', '.join(names)})")
        return names.index(name)

    def _link_weights(self, weights: WeightSpec) -> Optional[np.ndarray]:
        if weights is None:
            return None
        links = self.links
        if not isinstance(weights, Mapping):
            w = np.ascontiguousarray(weights, dtype=np.float64)
            if w.shape != (len(links),):
                raise ArgumentError(
                    f"weights: expected {len(links)} link weights (one per row of .links), got shape {w.shape}"
                )
            return w
        w = links["weight"].to_numpy(dtype=np.float64).copy()
        pairs = {(c, p): i for i, (c, p) in enumerate(zip(links["child"], links["parent"]))}
        for key, value in weights.items():
            if isinstance(key, tuple):
                if key not in pairs:
                    raise ArgumentError(f"weights: no link from {key[0]!r} to {key[1]!r}")
                w[pairs[key]] = value
            else:
                hits = [i for (c, _), i in pairs.items() if c == key]
                if len(hits) != 1:
                    raise ArgumentError(
                        f"weights: node {key!r} has {len(hits)} parent links; name the link as (child, parent)"
                    )
                w[hits[0]] = value
        return w


def evaluate(strategy: Strategy, measurements: Union[Measurements, pd.DataFrame], **options: Any) -> "Evaluation":
    """Evaluate goal fulfilment of ``strategy`` on ``measurements``.

    A shortcut for ``Evaluator(strategy, measurements).evaluate(**options)``.

    Examples
    --------
    >>> import styrkort as sk
    >>> ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    >>> ev.table(latest=True).head()  # doctest: +SKIP
    """
    return Evaluator(strategy, measurements).evaluate(**options)


def _warning_frame(
    cols: Mapping[str, Any], node_ids: Sequence[str], unit_ids: Sequence[str], periods: Sequence[str]
) -> pd.DataFrame:
    """The engine's warning columns (indices, -1 for "all") as a tidy table of ids."""

    def ids(index: Sequence[int], names: Sequence[str]) -> list:
        return [names[k] if k >= 0 else None for k in index]

    return pd.DataFrame(
        {
            "code": pd.Categorical(cols["code"], categories=VOCABULARY["warning"]),
            "node": ids(cols["node"], node_ids),
            "unit": ids(cols["unit"], unit_ids),
            "period": ids(cols["period"], periods),
            "message": list(cols["message"]),
        },
        columns=WARNING_COLUMNS,
    )


@keywords(engine="evaluator")
def strategy_warnings(strategy: Strategy, evaluator: Optional["_core.Evaluator"] = None) -> pd.DataFrame:
    """What a strategy alone leaves on thin ground, before any measurement.

    Indicators that cannot be scored for lack of a target (no bounds and no
    normalisation named either) and status thresholds no score can reach. The
    same rows lead :attr:`Evaluation.warnings`; ``styrkort validate`` prints them.

    Returns
    -------
    DataFrame
        ``code, node, unit, period, message`` (``unit`` and ``period`` are empty:
        these concern every unit and period).
    """
    if evaluator is None:
        evaluator = _core.Evaluator(strategy._strategy)
    return _warning_frame(evaluator.strategy_warnings(), list(strategy.nodes["id"]), list(strategy.units["id"]), [])


class Evaluation:
    """Results of one evaluation.

    The arrays are views of the engine's memory: ``score`` and ``status``
    (nodes × units × periods); ``coverage``, ``rank`` and ``imputed``
    (aggregates × units × periods, the nodes that are not indicators, in the
    order of :attr:`aggregate_nodes`); ``value``, ``trend``, ``arrow`` and
    ``forecast`` (indicators × units × periods, in the order of
    :attr:`indicator_nodes`). :meth:`table` gives the tidy long table.
    """

    @keywords(engine="evaluator")
    def __init__(
        self,
        strategy: Strategy,
        core: "_core.Evaluation",
        measurements: Optional[Measurements] = None,
        *,
        evaluator: Optional["_core.Evaluator"] = None,
    ):
        self.strategy = strategy
        self._core = core
        # The prepared strategy explains the results (warnings, reasons).
        self._evaluator = evaluator if evaluator is not None else _core.Evaluator(strategy._strategy)
        self.measurements = measurements
        panel = core.panel
        self.periods = list(panel.period_ids)
        self.period_times = np.asarray(panel.period_times)
        self.node_ids = list(strategy.nodes["id"])
        self.unit_ids = list(strategy.units["id"])
        # The engine numbers indicators and aggregates in node order.
        self.indicator_nodes = np.flatnonzero(strategy.nodes["kind"].to_numpy() == "indicator")
        self.aggregate_nodes = np.asarray(core.aggregates, dtype=np.intp)

    # raw arrays (no copies)
    @property
    def score(self) -> np.ndarray:
        """Scores 0..100 (NaN: not assessable), nodes × units × periods."""
        return self._core.score

    @property
    def status(self) -> np.ndarray:
        """Status codes (``VOCABULARY['status']``), nodes × units × periods, manual statuses applied."""
        return self._core.status

    @property
    def coverage(self) -> np.ndarray:
        """Share of the applicable indicators with data, aggregates × units × periods (:attr:`aggregate_nodes`)."""
        return self._core.coverage

    @property
    def rank(self) -> np.ndarray:
        """Rank among sibling units (1 = best, 0: none), aggregates × units × periods."""
        return self._core.rank

    @property
    def value(self) -> np.ndarray:
        """Indicator values after roll-up and carry-forward (NaN: missing), indicators × units × periods."""
        return self._core.panel.value

    @property
    def trend(self) -> np.ndarray:
        """Trend category codes (``VOCABULARY['trend']``), indicators × units × periods."""
        return self._core.panel.trend

    @property
    def arrow(self) -> np.ndarray:
        """SDG-dashboard arrow codes (``VOCABULARY['arrow']``), indicators × units × periods."""
        return self._core.panel.arrow

    @property
    def forecast(self) -> np.ndarray:
        """Time (in years) the target is reached at the current pace (NaN: not, or no target)."""
        return self._core.panel.forecast

    @property
    def imputed(self) -> np.ndarray:
        """True where a score is the mean of the unit's peers (nodes × units × periods)."""
        return (self._core.flags & FLAGS["imputed"]) != 0

    def flagged(self, flag: str) -> np.ndarray:
        """Where the engine set one of its cell flags: True or False per node,
        unit and period (nodes × units × periods).

        The flags say why a cell came out as it did, as data (the words are
        :meth:`table`'s ``reason`` and :attr:`warnings`): ``capped_low`` and
        ``capped_high`` (a value beyond the scale's end, its score held at 0 or
        100), ``low_coverage`` (a status resting on less than the required share
        of indicators with data), ``subunit_values_only`` (no value while the
        sub-units have values), ``missing_target`` (no target for this unit),
        ``imputed`` (a score that is the peer group's mean), ``not_scored`` (a
        node declared not scored for the unit) and ``whole_thresholds`` (raw-value
        thresholds of the whole organisation, on a unit that is a part of a sum).

        Raises
        ------
        ArgumentError
            For an unknown flag (the flags are listed).
        """
        if flag not in FLAGS:
            raise ArgumentError(f"flagged: unknown flag {flag!r} (the flags are {', '.join(FLAGS)})")
        return (self._core.flags & FLAGS[flag]) != 0

    @property
    def indicators_present(self) -> np.ndarray:
        """How many of the applicable indicators below a node have data,
        aggregates × units × periods (:attr:`aggregate_nodes`); with
        :attr:`indicators_total` the counts behind :attr:`coverage`."""
        return self._core.indicators_present

    @property
    def indicators_total(self) -> np.ndarray:
        """How many applicable indicators are below a node, aggregates × units × periods."""
        return self._core.indicators_total

    @property
    def target(self) -> np.ndarray:
        """The target in force per cell (indicators × units × periods; NaN: none):
        a target path's milestone for each period, a unit's own target."""
        return self._target

    @cached_property
    def _target(self) -> np.ndarray:
        return self._core.panel.target

    def target_path(self, indicator: str, unit: Optional[str] = None) -> pd.DataFrame:
        """An indicator's baseline and target path for one unit, as the engine resolved them.

        Parameters
        ----------
        indicator : str
        unit : str, optional
            Default: the root unit.

        Returns
        -------
        DataFrame
            ``kind, period, value``: the ``baseline`` (the unit's value at the
            baseline period, else the declared one), the ``milestone`` rows and
            the final ``target``, in time order; the unit's own (``by_unit``),
            a share of its parent's (``target_share``), or the indicator's.
            Empty rows are left out: a sub-unit of a summed indicator without a
            target of its own has none.
        """
        unit = self.root_unit if unit is None else unit
        if unit not in self.unit_ids:
            raise ArgumentError(f"unknown unit {unit!r} (the units are {', '.join(self.unit_ids)})")
        if indicator not in self.node_ids:
            raise ArgumentError(f"unknown indicator {indicator!r}")
        slot = np.flatnonzero(self.indicator_nodes == self.node_ids.index(indicator))
        if not slot.size:
            raise ArgumentError(f"{indicator!r} is not an indicator")
        points = self._core.panel.reference_points(int(slot[0]), self.unit_ids.index(unit))
        return pd.DataFrame(points, columns=["kind", "period", "value"])

    @cached_property
    def warnings(self) -> pd.DataFrame:
        """What the engine decided on thin ground, as a tidy table.

        Columns ``code, node, unit, period, message`` (``unit`` or ``period``
        empty when the warning concerns all of them). Codes:
        ``missing_target`` (an indicator, or a unit, without the target its
        normalisation needs: not assessable), ``unreachable_threshold`` (a
        status threshold above the highest score), ``low_coverage`` (a status
        resting on less than 80 % of the indicators with data),
        ``subunit_values_only`` (no value for a unit whose sub-units have
        values, and no ``unit_aggregation`` to combine them), ``score_capped``
        (a value beyond the scale's end, its score held at 0 or 100) and
        ``imputed`` (a score that is the peer group's mean).
        """
        return _warning_frame(self._evaluator.warnings(self._core), self.node_ids, self.unit_ids, self.periods)

    @property
    def overrides(self) -> pd.DataFrame:
        """Manual statuses that replaced computed ones, with their comments."""
        rows = [
            (self.node_ids[n], self.unit_ids[u], self.periods[p], c, m, comment)
            for n, u, p, c, m, comment in self._core.overrides
        ]
        return pd.DataFrame(rows, columns=["node", "unit", "period", "computed_status", "status", "comment"])

    # -- tables -------------------------------------------------------------
    def table(
        self,
        *,
        latest: bool = False,
        kind: Optional[str] = None,
        unit: Optional[str] = None,
        node: Optional[str] = None,
        period: Optional[str] = None,
        dropna: bool = False,
    ) -> pd.DataFrame:
        """The results as a tidy long table, one row per unit, node and period.

        Columns: ``unit, node, kind, name, period, time, value, origin, target,
        score, status, computed_status, manual, reason, comment, trend,
        trend_ratio, arrow, forecast, forecast_period, coverage, rank, imputed``.
        Indicator-only columns are empty (NaN) for other nodes. ``time`` and
        ``forecast`` are times in years (a year's value is read at its end:
        ``2018`` is 2018.0, ``2018-T1`` 2017.33); ``forecast`` is when the
        target is reached at the current pace, and ``forecast_period`` the same
        as a period of the row's kind: ``"2024"`` for a year, ``"2024-T2"`` for
        a tertial (the period whose span holds the time; empty when there is no
        forecast). ``target`` is
        the target in force for the unit and period (a milestone of a target
        path, the unit's own target). ``status`` includes manual statuses
        (``manual`` is True there); ``computed_status`` is the engine's own;
        ``reason`` says which rule and numbers decided the status; ``comment``
        is the assessment's text (with or without a manual status).

        Parameters
        ----------
        latest : bool
            Keep, per unit and node, only the latest period with a value or a score.
        kind, unit, node, period : str, optional
            Filters.
        dropna : bool
            Leave out rows with neither a value nor a score.
        """
        full = self._full_table
        mask = np.ones(len(full), dtype=bool)
        if kind is not None:
            mask &= (full["kind"] == kind).to_numpy()
        if unit is not None:
            mask &= (full["unit"] == unit).to_numpy()
        if node is not None:
            mask &= (full["node"] == node).to_numpy()
        if period is not None:
            mask &= (full["period"] == period).to_numpy()
        if dropna or latest:
            mask &= (full["value"].notna() | full["score"].notna()).to_numpy()
        out = full[mask]
        if latest:
            out = out.sort_values("time").groupby(["unit", "node"], observed=True, sort=False).tail(1)
            out = out.sort_values(["node_order", "unit_order"])
        out = out.reset_index(drop=True)
        # Reasons are words: made only for the rows asked for.
        reasons = self._evaluator.reasons(
            self._core,
            out["node_order"].to_numpy(),
            out["unit_order"].to_numpy(),
            out["period"].cat.codes.to_numpy(dtype=np.int32),
        )
        out.insert(int(out.columns.get_loc("comment")), "reason", reasons)
        out.insert(int(out.columns.get_loc("forecast")) + 1, "forecast_period", _forecast_periods(out))
        return out.drop(columns=["node_order", "unit_order"])

    @cached_property
    def _full_table(self) -> pd.DataFrame:
        N, U, P = self.score.shape
        nodes = self.strategy.nodes
        node_idx = np.repeat(np.arange(N, dtype=np.int32), U * P)
        unit_idx = np.tile(np.repeat(np.arange(U, dtype=np.int32), P), N)
        per_idx = np.tile(np.arange(P, dtype=np.int32), N * U)
        ind = self.indicator_nodes
        value = np.full((N, U, P), np.nan)
        value[ind] = self.value
        origin = np.full((N, U, P), -1, dtype=np.int8)
        origin[ind] = self._core.panel.origin
        trend = np.full((N, U, P), VOCABULARY["trend"].index("not_assessable"), dtype=np.int8)
        trend[ind] = self.trend
        arrow = np.full((N, U, P), VOCABULARY["arrow"].index("not_assessable"), dtype=np.int8)
        arrow[ind] = self.arrow
        ratio = np.full((N, U, P), np.nan)
        ratio[ind] = self._core.panel.trend_ratio
        forecast = np.full((N, U, P), np.nan)
        forecast[ind] = self.forecast
        target = np.full((N, U, P), np.nan)
        target[ind] = self.target
        status = self.status
        computed = status.reshape(-1).copy()
        manual = np.zeros(N * U * P, dtype=bool)
        comment = np.full(N * U * P, None, dtype=object)
        for n, u, p, c, _m, _text in self._core.overrides:
            computed[(n * U + u) * P + p] = STATUSES.index(c)
            manual[(n * U + u) * P + p] = True
        for n, u, p, text in self._core.comments:
            comment[(n * U + u) * P + p] = text
        agg = self.aggregate_nodes
        rank = np.full((N, U, P), np.nan)
        rank[agg] = np.where(self.rank == 0, np.nan, self.rank)
        coverage = np.full((N, U, P), np.nan)
        coverage[agg] = self.coverage
        coverage[ind] = np.where(status[ind] == STATUSES.index("not_applicable"), np.nan, ~np.isnan(self.value))
        imputed = self.imputed
        cat = pd.Categorical.from_codes
        df = pd.DataFrame(
            {
                "unit": cat(unit_idx, categories=self.unit_ids),
                "node": cat(node_idx, categories=self.node_ids),
                "kind": _per_node(nodes["kind"], node_idx),
                "name": _per_node(nodes["name"], node_idx),
                "period": cat(per_idx, categories=self.periods),
                "time": self.period_times[per_idx],
                "value": value.reshape(-1),
                "origin": cat(origin.reshape(-1) + 1, categories=VOCABULARY["origin"]),
                "target": target.reshape(-1),
                "score": self.score.reshape(-1),
                "status": cat(status.reshape(-1), categories=STATUSES),
                "computed_status": cat(computed, categories=STATUSES),
                "manual": manual,
                "comment": comment,
                "trend": cat(trend.reshape(-1), categories=VOCABULARY["trend"]),
                "trend_ratio": ratio.reshape(-1),
                "arrow": cat(arrow.reshape(-1), categories=VOCABULARY["arrow"]),
                "forecast": forecast.reshape(-1),
                "coverage": coverage.reshape(-1),
                "rank": rank.reshape(-1),
                "imputed": imputed.reshape(-1),
                "node_order": node_idx,
                "unit_order": unit_idx,
            }
        )
        return df

    def indicators(self, **filters: Any) -> pd.DataFrame:
        """The table's indicator rows (see :meth:`table`)."""
        return self.table(kind="indicator", **filters)

    def goals(self, **filters: Any) -> pd.DataFrame:
        """The table's rows for every node that is not an indicator."""
        t = self.table(**filters)
        return t[t["kind"] != "indicator"].reset_index(drop=True)

    def summary(self, unit: Optional[str] = None, period: Optional[str] = None) -> pd.DataFrame:
        """How many nodes of each kind are fulfilled, partly fulfilled, not
        fulfilled and not assessable, for one unit and period (default: the root
        unit and the last period). Nodes that do not apply to the unit are left out.

        Returns
        -------
        DataFrame
            One row per kind of node: ``kind``, ``n`` (the nodes assessed or
            not), the shares ``fulfilled`` (green), ``partly`` (yellow or
            orange), ``not_fulfilled`` (red) and ``not_assessable`` (of ``n``),
            and the same four as counts of the engine's statuses:
            ``n_fulfilled``, ``n_partly``, ``n_not_fulfilled``,
            ``n_not_assessable`` (adding up to ``n``).
        """
        unit = unit if unit is not None else self.root_unit
        period = period if period is not None else self.periods[-1]
        t = self.table(unit=unit, period=period)
        t = t[t["status"] != "not_applicable"]
        groups = {
            "fulfilled": ["green"],
            "partly": ["yellow", "orange"],
            "not_fulfilled": ["red"],
            "not_assessable": ["not_assessable"],
        }
        rows = []
        for kind, g in t.groupby("kind", observed=True, sort=False):
            n = len(g)
            counts = {name: int(g["status"].isin(sts).sum()) for name, sts in groups.items()}
            row: Dict[str, Any] = {"kind": kind, "n": n}
            row.update({name: counts[name] / n if n else np.nan for name in groups})
            row.update({f"n_{name}": counts[name] for name in groups})
            rows.append(row)
        return pd.DataFrame(rows, columns=["kind", "n", *groups, *(f"n_{name}" for name in groups)])

    @cached_property
    def period_kinds(self) -> Tuple[str, ...]:
        """The kind of each of :attr:`periods` (``"year"``, ``"half_year"``,
        ``"tertial"``, ``"quarter"``, ``"month"`` or ``"other"``): as the
        strategy declares it (``Strategy.periods["kind"]``), else by the form of
        the id (:func:`styrkort.strategy.period_kind`)."""
        declared = self.strategy.periods
        kinds = dict(zip(declared["id"].astype(str), declared["kind"].astype(str)))
        return tuple(kinds.get(p, period_kind(p)) for p in self.periods)

    def period_year(self, period: Optional[str] = None) -> Optional[int]:
        """The calendar year of one of the evaluation's periods (default: the
        last), from its id or else the time the core gave it
        (:func:`styrkort.strategy.period_year`).

        Raises
        ------
        ArgumentError
            For a period the evaluation does not have.
        """
        p = self.periods[-1] if period is None else str(period)
        if p not in self.periods:
            raise ArgumentError(f"period_year: unknown period {p!r} (the periods are {', '.join(self.periods)})")
        return period_year(p, float(self.period_times[self.periods.index(p)]))

    @property
    def root_unit(self) -> str:
        """The first unit without a parent (the whole organisation)."""
        units = self.strategy.units
        roots = units[units["parent"].isna()]
        return str(roots["id"].iloc[0]) if len(roots) else self.unit_ids[0]

    @property
    def plot(self) -> "EvaluationPlots":
        """Plots with matplotlib (extra ``plot``): ``plot.dashboard()`` (the
        traffic lights per node and period or unit) and ``plot.trend(indicator)``
        (values against the target); see :mod:`styrkort.plotting`."""
        from .plotting import EvaluationPlots

        return EvaluationPlots(self)

    # -- output ---------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """The whole long table (same as :meth:`table` without filters)."""
        return self.table()

    def to_json(self, path: Optional[PathLike] = None, *, latest: bool = False, dropna: bool = True) -> str:
        """The long table as JSON records, every number at full precision
        (missing numbers are ``null``), with the warnings; see :meth:`table`.

        Parameters
        ----------
        path : str or path-like, optional
            Also write the text there (UTF-8), whole or not at all.
        latest, dropna : bool
            As in :meth:`table` (``dropna`` True by default here).

        Returns
        -------
        str
            ``{"strategy", "periods", "results", "warnings"}`` as JSON text.
        """
        t = self.table(latest=latest, dropna=dropna)
        records, warnings = json_records(t), json_records(self.warnings)
        doc = {"strategy": self.strategy.name, "periods": self.periods, "results": records, "warnings": warnings}
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        if path is not None:
            write_json(path, text)
        return text

    def readable_table(self, *, latest: bool = False, dropna: bool = True) -> pd.DataFrame:
        """The long table as people read it: numbers rounded, the forecast as a period.

        What :meth:`to_csv` writes: the columns of :meth:`table` without the
        times in years (``time``, ``forecast``; the ``period`` and
        ``forecast_period`` columns say them), rounded to
        :data:`CSV_DECIMALS`: ``value`` and ``target`` 3 decimals, ``score`` 1,
        ``trend_ratio`` 2, ``coverage`` (a share) 3, ``rank`` a whole number.
        :meth:`table` and :meth:`to_json` keep every digit.

        Parameters
        ----------
        latest, dropna : bool
            As in :meth:`table` (``dropna`` True by default here).

        Returns
        -------
        DataFrame
        """
        t = self.table(latest=latest, dropna=dropna).drop(columns=["time", "forecast"])
        for column, decimals in CSV_DECIMALS.items():
            t[column] = t[column].round(decimals)
        t["rank"] = t["rank"].astype("Int64")
        return t

    def to_csv(
        self,
        path: PathLike,
        *,
        latest: bool = False,
        dropna: bool = True,
        lang: Optional[str] = None,
        sep: Optional[str] = None,
        decimal: Optional[str] = None,
    ) -> Path:
        """Write the long table as CSV for people and spreadsheets: :meth:`readable_table`.

        Numbers are rounded as :data:`CSV_DECIMALS` says (``value`` and
        ``target`` 3 decimals, ``score`` 1, ``trend_ratio`` 2, ``coverage`` 3,
        ``rank`` whole) and the forecast is a period (``forecast_period``);
        :meth:`to_json` keeps full precision and the times in years. A text
        cell that a spreadsheet would take for a formula (``= + - @``) gets a
        leading apostrophe. The file is written whole or not at all.

        Parameters
        ----------
        path : str or path-like
        latest, dropna : bool
            As in :meth:`table` (``dropna`` True by default here).
        lang : {"sv", "en"}, optional
            ``"sv"``: Swedish Excel's CSV: ``;`` between cells, decimal commas,
            UTF-8 with a byte-order mark (so Excel shows åäö right). ``"en"``
            or None: ``,`` and a decimal point, UTF-8.
        sep, decimal : str, optional
            The separator and the decimal mark, overriding ``lang``'s (e.g.
            ``sep=";", decimal=","``; ``;`` also gives the byte-order mark).

        Returns
        -------
        Path
            The written file.

        Examples
        --------
        >>> ev.to_csv("resultat.csv", lang="sv")  # doctest: +SKIP
        """
        return write_csv(self.readable_table(latest=latest, dropna=dropna), path, lang=lang, sep=sep, decimal=decimal)

    def to_excel(
        self, path: PathLike, *, lang: str = "sv", latest: bool = False, inputs: Sequence[PathLike] = ()
    ) -> Path:
        """Write the scores, statuses and trends to an Excel workbook, one sheet
        each, status cells coloured (needs the ``excel`` extra: openpyxl).

        See :func:`styrkort.excel.write_workbook` and
        :func:`styrkort.excel.result_sheets` for a workbook with the action
        plan, the external funds and the allocation as well.
        """
        from .excel import evaluation_sheets, write_workbook

        return write_workbook(path, evaluation_sheets(self, latest=latest), lang=lang, inputs=inputs)

    def __repr__(self) -> str:
        N, U, P = self.score.shape
        return f"<styrkort.Evaluation {N} nodes × {U} units × {P} periods>"

    def _repr_html_(self) -> str:
        t = self.table(latest=True, unit=self.root_unit)
        cols = ["node", "name", "kind", "period", "value", "target", "score", "status", "trend", "forecast"]
        return f"<p>{escape(repr(self))}</p>" + html_table(t[cols], status_columns=("status",))


# Sub-periods per year and their letter, by the form of a period id (the core's
# forms: YYYY, YYYY-T1..3, YYYY-H1..2, YYYY-Q1..4, YYYY-M01..12).
_PERIOD_FORMS = {"T": 3, "H": 2, "Q": 4, "M": 12}
_PERIOD_ID = re.compile(r"\d{4}-([THQM])\d{1,2}")


def _forecast_periods(table: pd.DataFrame) -> pd.Series:
    """The ``forecast`` times of a results table as periods of each row's kind:
    the sub-period k of n of year Y spans the times (Y − 1 + (k − 1)/n, Y − 1 + k/n]
    (the core's convention, see :func:`styrkort.strategy.year_of_time`), so a
    forecast of 2023.5 is ``"2024"`` in a yearly row and ``"2024-T2"`` in a
    tertial one. A period id of another form gives the year. Missing: None."""
    forecast = table["forecast"].to_numpy(dtype=np.float64)
    kinds = {p: (m.group(1) if (m := _PERIOD_ID.fullmatch(str(p))) else "") for p in table["period"].cat.categories}
    out: list = [None] * len(table)
    for i in np.flatnonzero(np.isfinite(forecast)):
        t = float(forecast[i])
        year = year_of_time(t)
        letter = kinds[table["period"].iat[i]]
        if year is None:
            continue
        if not letter:
            out[i] = str(year)
            continue
        n = _PERIOD_FORMS[letter]
        k = min(max(math.ceil((t - (year - 1)) * n - 1e-3 * n), 1), n)
        out[i] = f"{year}-{letter}{k:02d}" if letter == "M" else f"{year}-{letter}{k}"
    return pd.Series(out, index=table.index, dtype=object)


def _per_node(column: pd.Series, node_idx: np.ndarray) -> pd.Categorical:
    """A node attribute repeated over rows, as a categorical (no per-row objects)."""
    codes, uniques = pd.factorize(column)
    return pd.Categorical.from_codes(codes[node_idx], categories=uniques)
