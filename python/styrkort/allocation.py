"""Resource allocation across prioritised focus areas.

Priorities to weights (rank-order centroid, rank sum, rank reciprocal,
geometric, equal; AHP), budget splits (strict priority, proportional with floors
and caps, diminishing returns, whole units, leverage through co-financing,
money and staff hours at once) and the scoring of incoming requests (weighted
sum with value functions, TOPSIS). The arithmetic is in the C++ core; this
module speaks pandas.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._cells import RowName, flags, number, numbers
from ._display.html import html_table
from ._progress import engine_progress
from .errors import ArgumentError, ConsistencyWarning

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .plotting import AllocationPlots, BudgetSplitPlots

__all__ = [
    "priority_weights", "ahp", "AhpWeights", "split_budget", "BudgetSplit", "leverage_factor",
    "score_requests", "RequestScores", "allocate_focus_areas", "Allocation", "select_projects", "Selection",
    "split_robustness", "selection_robustness", "RANK_WEIGHTINGS", "SPLIT_METHODS",
]

RANK_WEIGHTINGS = ("rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal")
SPLIT_METHODS = ("priority", "proportional", "diminishing", "units", "leverage", "resources")


def priority_weights(priorities: Union[pd.Series, Mapping[str, int], "Any"], method: str = "rank_order_centroid",
                     ratio: float = 2.0) -> pd.Series:
    """Weights from priority ranks (1 = most important).

    Parameters
    ----------
    priorities : Series, dict or Strategy
        Area id to rank; a :class:`styrkort.Strategy` gives its focus areas' priorities.
    method : {"rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal"}
        Rank-order centroid w_k = (1/n) Σ_{i≥k} 1/i (Barron & Barrett 1996), rank sum,
        rank reciprocal (Stillwell et al. 1981), geometric with ``ratio``, or equal.
    ratio : float
        Ratio between neighbouring ranks for ``geometric`` (> 1).

    Returns
    -------
    Series
        Weights summing to 1, indexed by area id. Tied ranks share their positions' weights.

    Examples
    --------
    >>> priority_weights({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}).round(3).tolist()
    [0.457, 0.257, 0.157, 0.09, 0.04]
    """
    series = _priorities(priorities)
    w = _core.weights_from_ranks([int(r) for r in series.to_numpy()], method, float(ratio))
    return pd.Series(w, index=series.index, name="weight")


def _priorities(priorities: Any) -> pd.Series:
    from .strategy import Strategy

    if isinstance(priorities, Strategy):
        fa = priorities.focus_areas
        if fa["priority"].isna().any():
            missing = fa.loc[fa["priority"].isna(), "id"].tolist()
            raise ArgumentError(f"focus areas without a priority rank: {', '.join(missing)}")
        return pd.Series(fa["priority"].astype(int).to_numpy(), index=fa["id"], name="priority")
    series = pd.Series(priorities) if not isinstance(priorities, pd.Series) else priorities
    if series.empty:
        raise ArgumentError("priorities: no areas given")
    bad = [k for k, v in series.items() if not (isinstance(v, (int, np.integer)) or float(v).is_integer())]
    if bad:
        raise ArgumentError(f"priorities: the rank of {bad[0]!r} is {series[bad[0]]!r}; ranks are whole numbers (1 = most important)")
    return series


@dataclass
class AhpWeights:
    """Weights from an AHP pairwise-comparison matrix (Saaty 1980)."""

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    acceptable: bool
    warning: str = ""

    def _repr_html_(self) -> str:
        cr = "–" if math.isnan(self.consistency_ratio) else f"{self.consistency_ratio:.3f}"
        head = (f"<p>λmax = {self.lambda_max:.4f}, CI = {self.consistency_index:.4f}, CR = {cr}"
                f"{' (acceptable)' if self.acceptable else ' — ' + self.warning}</p>")
        return head + html_table(self.weights.to_frame())


def ahp(matrix: Union[pd.DataFrame, np.ndarray, Sequence[Sequence[float]]], method: str = "eigenvector",
        random_index: Optional[Sequence[float]] = None) -> AhpWeights:
    """AHP weights from a reciprocal pairwise-comparison matrix on Saaty's 1–9 scale.

    Parameters
    ----------
    matrix : DataFrame or array
        Square, positive and reciprocal (a_ji = 1/a_ij). A DataFrame's index names the areas.
    method : {"eigenvector", "geometric_mean"}
        The principal eigenvector (Saaty) or the row geometric means.
    random_index : sequence of float, optional
        The random-index table RI(n) for n = 1, 2, ...; default Saaty (1980).

    Returns
    -------
    AhpWeights
        Weights, λmax, CI = (λmax − n)/(n − 1) and CR = CI/RI(n). A
        :class:`~styrkort.ConsistencyWarning` is issued when CR > 0.10.

    Raises
    ------
    ArgumentError
        Naming the cells when the matrix is not reciprocal or has a non-positive entry.
    """
    if isinstance(matrix, pd.DataFrame):
        names = list(matrix.index)
        a = matrix.to_numpy(dtype=float)
    else:
        a = np.asarray(matrix, dtype=float)
        names = list(range(1, a.shape[0] + 1)) if a.ndim == 2 else []
    if a.ndim != 2:
        raise ArgumentError(f"ahp: expected a square matrix, got an array of shape {a.shape}")
    r = _core.ahp_weights(np.ascontiguousarray(a), method, None if random_index is None else list(random_index))
    out = AhpWeights(pd.Series(r.weights, index=names, name="weight"), r.lambda_max, r.consistency_index,
                     r.consistency_ratio, r.acceptable, r.warning)
    if not r.acceptable:
        warnings.warn(r.warning, ConsistencyWarning, stacklevel=2)
    return out


def leverage_factor(rate: float, noneligible_share: float = 0.0) -> float:
    """Activity moved by one unit of own money at co-financing ``rate``: 1/(1−r)
    (with a non-eligible share η of costs: 1/(1 − r(1 − η)))."""
    return _core.leverage_factor(float(rate), float(noneligible_share))


AREA_COLUMNS = ("id", "weight", "rank", "floor", "cap", "benefit", "grants", "noneligible_share",
                "money_per_unit", "hours_per_unit")
# Columns where an empty cell is an error, not the column's default: a floor,
# cap or weight left out of one row by mistake would silently change the
# split; leaving the column out altogether gives every row the default.
STRICT_COLUMNS = ("weight", "floor", "cap")


def _row_names(table: str, keys: Sequence[Any]) -> RowName:
    """How errors name row i of an input table: counted from 1, with its id."""
    return lambda i: f"{table}, row {i + 1} ({keys[i]})"


def _column(frame: pd.DataFrame, column: str, row_name: RowName, default: Optional[float]) -> List[float]:
    """A number column of an input table. Every row gets ``default`` when the
    column is absent; an empty cell gets it too, except in ``STRICT_COLUMNS``
    and in required columns (``default`` None; the caller has checked that they
    are there), where it is an error."""
    if column not in frame.columns:
        assert default is not None, f"the required column {column!r} is checked by the caller"
        return [float(default)] * len(frame)
    return numbers(frame[column], column, row_name, default, strict=column in STRICT_COLUMNS)


@dataclass
class BudgetSplit:
    """A budget split across areas, with why: binding floors and caps and the
    marginal value of one more unit."""

    method: str
    table: pd.DataFrame
    level: float
    marginal_value: float
    objective: float
    unspent: float
    explanation: str
    extra: dict = field(default_factory=dict)
    limits: Optional[pd.DataFrame] = None   # area, floor, cap as given (for the plot's marks)

    @property
    def plot(self) -> "BudgetSplitPlots":
        """Plots with matplotlib (extra ``plot``): ``split.plot.allocation()``."""
        from .plotting import BudgetSplitPlots

        return BudgetSplitPlots(self)

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>{html.escape(self.method)}</b>: {html.escape(self.explanation)}</p>" + html_table(self.table)


def split_budget(areas: pd.DataFrame, budget: float, method: str = "proportional", *, hours: Optional[float] = None,
                 apportionment: str = "dhondt") -> BudgetSplit:
    """Split a budget across focus areas.

    Parameters
    ----------
    areas : DataFrame
        One row per area. Columns: ``id`` (required), ``weight`` (default 1; e.g.
        from :func:`priority_weights`), ``rank`` (strict priority), ``floor``, ``cap``,
        ``benefit`` (a list of ``(length, slope)`` segments of a concave benefit
        curve, slopes non-increasing), ``grants`` (a list of ``(id, rate, cap)``
        co-financing grants, ``0 <= rate < 1``), ``noneligible_share``,
        ``money_per_unit`` and ``hours_per_unit`` (for ``resources``). A column left
        out gives every area its default (weight 1, floor 0, no cap); an empty or
        NaN cell in ``weight``, ``floor`` or ``cap`` is an error.
    budget : float
        Money to split; for ``units`` the whole number of units (staff days, positions).
    method : {"priority", "proportional", "diminishing", "units", "leverage", "resources"}
        Strict priority (fill in rank order after all floors); proportional to the
        weights within floors and caps (exact); diminishing returns (weighted concave
        benefit, exact greedy); whole units by D'Hondt or Sainte-Laguë; leverage
        (own money matched by external funding: one unit moves 1/(1−r)); money and
        staff hours at once (exact LP; give ``hours``).
    hours : float, optional
        The staff-hour budget for ``resources`` (default: unlimited).
    apportionment : {"dhondt", "sainte_lague"}
        For ``units``.

    Returns
    -------
    BudgetSplit
        ``table`` has one row per area: ``amount`` and ``binding`` ("floor", "cap" or
        empty), and for leverage ``own``, ``external``, ``total``; for resources
        ``money`` and ``hours``.

    Raises
    ------
    ArgumentError
        Naming the area (its row, counted from 1, and id) and the rule; for
        infeasible floors how much is missing. Floors that sum to the budget fit
        (to a relative 1e-9, whatever the order of the areas).
    """
    if method not in SPLIT_METHODS:
        raise ArgumentError(f"split_budget: unknown method {method!r} (allowed: {', '.join(SPLIT_METHODS)})")
    core_areas = _split_areas(areas)
    if method == "units":
        if not float(budget).is_integer():
            raise ArgumentError(f"split_budget: with method 'units' the budget is a whole number of units, got {budget}")
        r = _core.split_units(core_areas, int(budget), apportionment)
    elif method == "resources":
        r = _core.split_resources(core_areas, float(budget), math.inf if hours is None else float(hours))
    else:
        r = getattr(_core, f"split_{method}")(core_areas, float(budget))
    table = pd.DataFrame({"area": [str(x) for x in areas["id"]], "amount": r.amount, "binding": r.binding})
    extra: dict = {}
    if method == "leverage":
        table["own"], table["external"], table["total"] = r.own, r.external, r.total
    if method == "resources":
        table["money"], table["hours"] = r.money, r.hours
        extra = {"shadow_money": r.shadow_money, "shadow_hours": r.shadow_hours,
                 "binding_resource": r.binding_resource, "unspent_hours": r.unspent_hours}
    table["share"] = table["amount"] / table["amount"].sum() if table["amount"].sum() > 0 else np.nan
    limits = pd.DataFrame({"area": table["area"], "floor": [a.floor for a in core_areas],
                           "cap": [a.cap for a in core_areas]})
    return BudgetSplit(method, table, r.level, r.marginal_value, r.objective, r.unspent, r.explanation, extra,
                       limits)


def _check_table(table: Any, name: str, what: str, allowed: Sequence[str], required: Sequence[str]) -> None:
    """A DataFrame with only `allowed` columns and every `required` one; errors name the table."""
    if not isinstance(table, pd.DataFrame):
        raise ArgumentError(f"{name}: expected a DataFrame with one row per {what}, got {type(table).__name__}")
    unknown = [c for c in table.columns if c not in allowed]
    if unknown:
        raise ArgumentError(f"{name}: unknown column {unknown[0]!r} (allowed: {', '.join(allowed)})")
    for c in required:
        if c not in table.columns:
            raise ArgumentError(f"{name}: missing column {c!r}")


def _split_areas(areas: pd.DataFrame) -> "_core.SplitAreas":
    """The areas table as the core's vector of areas, column by column."""
    _check_table(areas, "areas", "area", AREA_COLUMNS, ("id",))
    ids = [str(x) for x in areas["id"]]
    row = _row_names("areas", ids)

    def num(column: str, default: float) -> List[float]:
        return _column(areas, column, row, default)

    rank = num("rank", 0.0)
    if any(not float(r).is_integer() for r in rank):
        i = next(k for k, r in enumerate(rank) if not float(r).is_integer())
        raise ArgumentError(f"{row(i)}, column 'rank': {rank[i]} is not a whole number")
    benefit = None
    if "benefit" in areas.columns:
        benefit = [[_core.BenefitSegment(float(s[0]), float(s[1])) for s in (b if isinstance(b, (list, tuple)) else [])]
                   for b in areas["benefit"]]
    grants = None
    if "grants" in areas.columns:
        grants = [[_grant(g, a, k) for k, g in enumerate(gs if isinstance(gs, (list, tuple)) else [])]
                  for a, gs in zip(ids, areas["grants"])]
    return _core.split_areas(ids, num("weight", 1.0), [int(r) for r in rank], num("floor", 0.0), num("cap", math.inf),
                             num("noneligible_share", 0.0), num("money_per_unit", 1.0), num("hours_per_unit", 0.0),
                             benefit, grants)


def _grant(g: Any, area: str, k: int) -> "_core.Grant":
    where = f"area {area!r}, grant {k}"
    try:
        if isinstance(g, Mapping):
            if "rate" not in g:
                raise ArgumentError(f"{where}: a grant needs a co-financing \"rate\" in [0, 1)")
            return _core.Grant(str(g.get("id", f"{area}-{k}")), float(g["rate"]), float(g.get("cap", math.inf)))
        g = tuple(g)
        if len(g) < 2:
            raise ArgumentError(f"{where}: expected (id, rate[, cap])")
        return _core.Grant(str(g[0]), float(g[1]), float(g[2]) if len(g) > 2 else math.inf)
    except (TypeError, ValueError) as e:
        if isinstance(e, ArgumentError):
            raise
        raise ArgumentError(f"{where}: {g!r} is not (id, rate[, cap]) with numbers") from None


@dataclass(repr=False)
class Allocation:
    """Next year's money and staff days across a strategy's prioritised focus
    areas: the result of :func:`allocate_focus_areas`.

    Attributes
    ----------
    table : DataFrame
        One row per focus area by priority: ``focus_area, name, priority,
        weight, own, external, total, binding, staff_days``.
    plan : dict
        The allocation plan the split was made from.
    weighting : str
        The rank weighting used.
    """

    table: pd.DataFrame
    plan: Mapping[str, Any]
    weighting: str

    @property
    def plot(self) -> "AllocationPlots":
        """Plots with matplotlib (extra ``plot``): ``allocation.plot.allocation()``."""
        from .plotting import AllocationPlots

        return AllocationPlots(self)

    def _totals(self) -> str:
        t = self.table
        own, ext = float(t["own"].sum()), float(t["external"].sum())
        return (f"own {own:,.0f}, external {ext:,.0f}, total {own + ext:,.0f}; "
                f"{int(t['staff_days'].sum())} staff days; {self.weighting} weights")

    def __repr__(self) -> str:
        return f"<styrkort.Allocation of {len(self.table)} focus areas: {self._totals()}>"

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>Allocation</b>: {html.escape(self._totals())}</p>" + html_table(self.table)


def allocate_focus_areas(strategy: "Any", plan: Mapping[str, Any], weighting: Optional[str] = None) -> Allocation:
    """Next year's money and staff days across a strategy's prioritised focus areas.

    Money is split by :func:`split_budget` with ``method="leverage"`` (own money
    matched by the grants, weighted concave benefit of the activity), staff days
    by D'Hondt over the priority weights with the floors in ``plan``.

    Parameters
    ----------
    strategy : Strategy
        Its focus areas and their priority ranks.
    plan : dict
        ``budget``, ``staff_days``, ``weighting`` and ``areas`` (id, floor, cap,
        staff_days_floor, grants, benefit), as in ``examples/gavle/allocation.json``.
        An area's ``floor``, ``cap`` or ``staff_days_floor`` left out takes the
        default (0, no cap, 0); given, it must be a number (not null).
    weighting : str, optional
        Overrides ``plan["weighting"]``.

    Returns
    -------
    Allocation
        ``table`` has one row per focus area: focus_area, name, priority,
        weight, own, external, total, binding, staff_days; ``plot.allocation()``
        draws it.
    """
    fa = strategy.focus_areas.set_index("id")
    weighting = weighting or plan.get("weighting", "rank_order_centroid")
    weights = priority_weights(strategy, weighting)
    rows = {a["id"]: a for a in plan.get("areas", [])}
    for k, a in enumerate(plan.get("areas", [])):
        for key in ("floor", "cap", "staff_days_floor"):
            if key in a and number(a[key]) is None:
                raise ArgumentError(f"allocation plan: areas[{k}] ({a['id']}): \"{key}\" is "
                                    f"{json.dumps(a[key], default=str)}, not a number; give a number, or leave "
                                    "the key out for its default")
    unknown = [k for k in rows if k not in fa.index]
    if unknown:
        raise ArgumentError(f"allocation plan: unknown focus area {unknown[0]!r} (focus areas: {', '.join(fa.index)})")
    ids = list(fa.index)
    money = pd.DataFrame({
        "id": ids, "weight": weights.reindex(ids).to_numpy(),
        "floor": [rows.get(i, {}).get("floor", 0.0) for i in ids],
        "cap": [rows.get(i, {}).get("cap", math.inf) for i in ids],
        "grants": [rows.get(i, {}).get("grants", []) for i in ids],
        "benefit": [rows.get(i, {}).get("benefit", []) for i in ids],
    })
    lev = split_budget(money, float(plan["budget"]), "leverage").table.set_index("area")
    days = pd.DataFrame({"id": ids, "weight": weights.reindex(ids).to_numpy(),
                         "floor": [rows.get(i, {}).get("staff_days_floor", 0) for i in ids],
                         "rank": fa["priority"].reindex(ids).astype(int).to_numpy()})
    staff = split_budget(days, float(plan["staff_days"]), "units").table.set_index("area")
    table = pd.DataFrame({
        "focus_area": ids, "name": fa["name"].reindex(ids).to_numpy(),
        "priority": fa["priority"].reindex(ids).astype(int).to_numpy(), "weight": weights.reindex(ids).to_numpy(),
        "own": lev["own"].reindex(ids).to_numpy(), "external": lev["external"].reindex(ids).to_numpy(),
        "total": lev["total"].reindex(ids).to_numpy(), "binding": lev["binding"].reindex(ids).to_numpy(),
        "staff_days": staff["amount"].reindex(ids).astype(int).to_numpy(),
    })
    return Allocation(table, plan, str(weighting))


# ------------------------------------------------------------------ selection

ITEM_COLUMNS = ("id", "cost", "hours", "external", "rate", "value", "area", "group", "must", "never")
DESCRIPTIVE_COLUMNS = ("name", "note", "description")  # carried along, not used by the selection


@dataclass
class Selection:
    """Projects or requests selected under the budget, with the optimum, the
    best bound and the gap (0 when proven optimal)."""

    method: str
    table: pd.DataFrame   # the items with a `selected` column
    value: float
    bound: float
    gap: float
    proven_optimal: bool
    feasible: bool
    cost: float
    hours: float
    external: float
    areas: pd.DataFrame
    nodes: int
    seconds: float
    stopped_by: str

    @property
    def selected(self) -> List[str]:
        return self.table.loc[self.table["selected"], "id"].tolist()

    def _repr_html_(self) -> str:
        import html

        state = "proven optimal" if self.proven_optimal else f"gap {self.gap:.4g} ({html.escape(self.stopped_by)})"
        head = (f"<p><b>{html.escape(self.method)}</b>: value {self.value:.4g}, bound {self.bound:.4g}, {state}; "
                f"cost {self.cost:,.0f}, hours {self.hours:,.0f}</p>")
        return head + html_table(self.table)


LIMIT_COLUMNS = ("area", "floor", "cap")


def _selection_problem(items: pd.DataFrame, budget: float, hours: Optional[float],
                       area_limits: Optional[pd.DataFrame]) -> Tuple["_core.SelectionProblem", Dict[str, List[bool]]]:
    """The core's problem, and the must and never flags as read (for the result's table)."""
    _check_table(items, "items", "item", ITEM_COLUMNS + DESCRIPTIVE_COLUMNS, ("id", "cost", "value"))
    n = len(items)
    row = _row_names("items", list(items["id"]))

    def num(c: str, default: Optional[float] = 0.0) -> List[float]:
        return _column(items, c, row, default)

    def text(c: str) -> List[str]:
        return [""] * n if c not in items.columns else ["" if pd.isna(x) else str(x) for x in items[c]]

    flag = {c: [False] * n if c not in items.columns else flags(items[c], c, row) for c in ("must", "never")}
    problem = _core.selection_problem(
        [str(x) for x in items["id"]], num("cost", None), num("hours"), num("external"), num("rate"),
        num("value", None), text("area"), text("group"), flag["must"], flag["never"], float(budget),
        math.inf if hours is None else float(hours), _area_limits(area_limits))
    return problem, flag


def _area_limits(limits: Optional[pd.DataFrame]) -> List[Tuple[str, float, float]]:
    """(area, floor, cap) per row of the area limits table."""
    if limits is None:
        return []
    _check_table(limits, "area_limits", "focus area", LIMIT_COLUMNS, ("area",))
    areas = [str(x) for x in limits["area"]]
    row = _row_names("area_limits", areas)
    return list(zip(areas, _column(limits, "floor", row, 0.0), _column(limits, "cap", row, math.inf)))


def select_projects(items: pd.DataFrame, budget: float, *, hours: Optional[float] = None,
                    area_limits: Optional[pd.DataFrame] = None, method: str = "exact",
                    time_limit: float = 60.0) -> Selection:
    """Select projects or requests under a money budget (and optionally staff hours).

    Parameters
    ----------
    items : DataFrame
        One row per item: ``id``, ``cost`` (own money), ``value`` (or a score, e.g.
        from :func:`score_requests`), and optionally ``hours``, ``external`` and
        ``rate`` (external funding, reported), ``area`` (focus area), ``group``
        (at most one item per group), ``must`` and ``never``: booleans, 1/0,
        true/false, yes/no or ja/nej in any case (an empty cell or any other
        value is an error naming the row).
    budget : float
        Own money available.
    hours : float, optional
        Staff hours available (a second budget).
    area_limits : DataFrame, optional
        ``area``, ``floor``, ``cap`` on the own money spent per focus area. Without
        a ``floor`` (``cap``) column no area has one; an empty or NaN cell is an error.
    method : {"exact", "greedy"}
        Branch and bound with the LP bound (proven optimal unless a limit stops it:
        then the gap says how far it may be), or greedy by value per cost for comparison.
    time_limit : float
        Seconds for the exact search.

    Returns
    -------
    Selection
        Its ``table`` is ``items`` with a ``selected`` column, ``must`` and ``never``
        as the booleans read.

    Raises
    ------
    ArgumentError
        Naming the row (counted from 1), the id and the column of a bad cell, or
        why no selection is feasible: must items over the budget, an area floor out
        of reach, an area window between floor and cap that no choice of its items
        meets (with the nearest sums), or after the search has proven it.
    """
    problem, flag = _selection_problem(items, budget, hours, area_limits)
    if method == "exact":
        r = _core.select_exact(problem, float(time_limit))
    elif method == "greedy":
        r = _core.select_greedy(problem)
    else:
        raise ArgumentError(f"select_projects: unknown method {method!r} (allowed: exact, greedy)")
    table = items.copy()
    for c in ("must", "never"):
        if c in table.columns:
            table[c] = flag[c]
    chosen = np.zeros(len(items), dtype=bool)
    chosen[list(r.selected_index)] = True
    table["selected"] = chosen
    areas = pd.DataFrame([(a.area, a.cost, a.floor, a.cap) for a in r.areas], columns=["area", "cost", "floor", "cap"])
    return Selection(r.method, table, r.value, r.bound, r.gap, r.proven_optimal, r.feasible, r.cost, r.hours,
                     r.external, areas, r.nodes, r.seconds, r.stopped_by)


# ----------------------------------------------------------------- robustness

def split_robustness(areas: pd.DataFrame, budget: float, rule: str = "proportional", *,
                     ranks: Optional[Sequence[int]] = None, weights: Optional[Sequence[float]] = None,
                     concentration: float = 100.0, samples: int = 10000, seed: int = 1,
                     threads: int = 0, progress: bool = True) -> pd.DataFrame:
    """How robust a budget split is to the weights.

    Samples weights uniformly among those consistent with the priority ``ranks``
    (sorted uniform spacings; the mean is the rank-order centroid), or around
    given ``weights`` (Dirichlet with concentration κ·w), re-solves the split for
    each sample on every core, and describes each area's share. With
    ``progress`` (and tqdm installed) a bar shows the samples done when the work
    lasts more than half a second; interrupting stops the sampling.

    Returns
    -------
    DataFrame
        One row per area: mean share, its Monte Carlo error, sd, quantiles 5–95 %,
        and the mean sampled weight. Seeded and reproducible.
    """
    with engine_progress(int(samples), "split robustness", progress) as report:
        r = _core.split_robustness(_split_areas(areas), float(budget), rule,
                                   None if ranks is None else [int(x) for x in ranks],
                                   None if weights is None else [float(x) for x in weights], float(concentration),
                                   int(samples), int(seed), int(threads), report)
    rows = []
    for a in r.areas:
        row = {"area": a.area, "mean_share": a.share.mean, "mc_error": a.share.mean_error, "sd": a.share.sd}
        for level, q in zip(r.quantile_levels, a.share.quantiles):
            row[f"q{round(level * 100):02d}"] = q
        row["mean_weight"] = a.weight.mean
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(samples=r.samples, seed=r.seed, rule=r.rule, mc_error_bound=r.mc_error_bound)
    return out


def selection_robustness(items: pd.DataFrame, budget: float, area_ids: Sequence[str], *, hours: Optional[float] = None,
                         area_limits: Optional[pd.DataFrame] = None, ranks: Optional[Sequence[int]] = None,
                         weights: Optional[Sequence[float]] = None, concentration: float = 100.0,
                         samples: int = 1000, seed: int = 1, threads: int = 0, time_limit: float = 10.0,
                         progress: bool = True) -> pd.DataFrame:
    """How often each item is selected when the focus areas' weights vary.

    Each sample draws area weights (as :func:`split_robustness`), sets every
    item's value to its area's weight times its own value, and re-solves the exact
    selection. With ``progress`` (and tqdm installed) a bar shows the samples
    done when the work lasts more than half a second.

    Returns
    -------
    DataFrame
        One row per item: how often it is selected (acceptability) and the Monte
        Carlo standard error sqrt(p(1−p)/N).
    """
    problem, _ = _selection_problem(items, budget, hours, area_limits)
    with engine_progress(int(samples), "selection robustness", progress) as report:
        r = _core.selection_robustness(problem, [str(a) for a in area_ids],
                                       None if ranks is None else [int(x) for x in ranks],
                                       None if weights is None else [float(x) for x in weights],
                                       float(concentration), int(samples), int(seed), int(threads),
                                       float(time_limit), report)
    out = pd.DataFrame([(i.id, i.acceptability, i.standard_error, i.selected) for i in r.items],
                       columns=["id", "acceptability", "mc_error", "times_selected"])
    out.attrs.update(samples=r.samples, seed=r.seed, mc_error_bound=r.mc_error_bound, not_proven=r.not_proven)
    return out


# ------------------------------------------------------------------- requests

@dataclass
class RequestScores:
    """Scores of incoming requests against the strategy's criteria."""

    method: str
    table: pd.DataFrame          # request, score, rank
    contributions: pd.DataFrame  # request x criterion: weight x value

    def _repr_html_(self) -> str:
        return html_table(self.table)


def score_requests(requests: pd.DataFrame, criteria: Iterable[Mapping[str, Any]], method: str = "weighted_sum",
                   *, id_column: str = "id") -> RequestScores:
    """Score requests on criteria with value functions: weighted sum (MAVT) or TOPSIS.

    Parameters
    ----------
    requests : DataFrame
        One row per request: ``id`` and one column per criterion id (the rating;
        NaN for missing, allowed only where the criterion gives ``missing_rating``).
    criteria : list of dict
        Each ``{"id", "weight", "direction": "benefit"|"cost", "value_function": {...}}``
        with ``value_function`` one of ``{"kind": "linear", "worst", "best"}``,
        ``{"kind": "piecewise", "points": [[x, v], ...]}``, ``{"kind": "step",
        "points": [[x, v], ...]}`` (exact ratings) or ``{"kind": "exponential", "worst",
        "best", "shape"}`` (Kirkwood 1997); optional ``missing_rating`` (the rating a
        missing cell counts as). Other keys (``name``, ``unit``) are ignored. This
        is the shape of ``examples/stockholm/requests.json``.
    method : {"weighted_sum", "topsis"}
        Weighted sum of values in [0, 1], or TOPSIS closeness (Hwang & Yoon 1981).

    Returns
    -------
    RequestScores
    """
    crit = [_criterion(c) for c in criteria]
    ids = [c.id for c in crit]
    missing = [c for c in ids if c not in requests.columns]
    if missing:
        raise ArgumentError(f"requests: no column for criterion {missing[0]!r}")
    if id_column not in requests.columns:
        raise ArgumentError(f"requests: missing column {id_column!r}")
    ratings = requests[ids].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    reqs = [_core.Request(str(rid), list(row)) for rid, row in zip(requests[id_column], ratings)]
    if method == "weighted_sum":
        r = _core.score_weighted_sum(crit, reqs)
    elif method == "topsis":
        r = _core.score_topsis(crit, reqs)
    else:
        raise ArgumentError(f"score_requests: unknown method {method!r} (allowed: weighted_sum, topsis)")
    table = pd.DataFrame({"request": r.request_ids, "score": r.score, "rank": r.rank})
    contrib = pd.DataFrame(np.asarray(r.contribution).reshape(len(r.request_ids), len(r.criterion_ids)),
                           index=pd.Index(r.request_ids, name="request"), columns=r.criterion_ids)
    return RequestScores(method, table, contrib)


def _criterion(c: Mapping[str, Any]) -> "_core.Criterion":
    try:
        v = c["value_function"]
        kind = v.get("kind", "linear")
        if kind == "linear":
            vf = _core.ValueFunction.linear(float(v["worst"]), float(v["best"]))
        elif kind == "piecewise":
            vf = _core.ValueFunction.piecewise([(float(x), float(y)) for x, y in v["points"]])
        elif kind == "step":
            vf = _core.ValueFunction.step([(float(x), float(y)) for x, y in v["points"]])
        elif kind == "exponential":
            vf = _core.ValueFunction.exponential(float(v["worst"]), float(v["best"]), float(v["shape"]))
        else:
            raise ArgumentError(f"criterion {c.get('id')!r}: unknown value function kind {kind!r}")
        missing = c.get("missing_rating")
        return _core.Criterion(str(c["id"]), float(c.get("weight", 1.0)), str(c.get("direction", "benefit")), vf,
                               None if missing is None else float(missing))
    except KeyError as e:
        raise ArgumentError(f"criterion {c.get('id')!r}: missing key {e.args[0]!r}") from None
