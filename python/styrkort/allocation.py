"""Resource allocation across prioritised focus areas.

Priorities to weights (rank-order centroid, rank sum, rank reciprocal,
geometric, equal; AHP), budget splits (strict priority, proportional with floors
and caps, diminishing returns, whole units, leverage through co-financing,
money and staff hours at once) and the scoring of incoming requests (weighted
sum with value functions, TOPSIS). The arithmetic is in the C++ core; this
module speaks pandas.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import warnings
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    NoReturn,
    Optional,
    Sequence,
    Tuple,
    Union,
)

import numpy as np
import pandas as pd

from . import _core
from . import _deprecated as deprecated
from ._cells import RowName, flags, is_empty, numbers
from ._display.html import html_table
from ._progress import engine_progress
from .errors import ArgumentError, ConsistencyWarning

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ._io import PathLike
    from .plotting import AllocationPlots, BudgetSplitPlots

__all__ = [
    "priority_weights",
    "ahp",
    "AhpWeights",
    "split_budget",
    "BudgetSplit",
    "leverage_factor",
    "score_requests",
    "RequestScores",
    "AllocationPlan",
    "PlanFocusArea",
    "PlanGrant",
    "allocate_focus_areas",
    "Allocation",
    "read_projects",
    "select_projects",
    "Selection",
    "split_robustness",
    "selection_robustness",
    "RANK_WEIGHTINGS",
    "SPLIT_METHODS",
    "DEFAULT_HOURS_PER_STAFF_DAY",
    "FOCUS_AREA_COLUMNS",
    "PROJECT_COLUMNS",
]

RANK_WEIGHTINGS = ("rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal")
SPLIT_METHODS = ("priority", "proportional", "diminishing", "units", "leverage", "resources")


def priority_weights(
    priorities: Union[pd.Series, Mapping[str, int], "Any"], method: str = "rank_order_centroid", ratio: float = 2.0
) -> pd.Series:
    """Weights from the focus areas' priorities (1 = most important).

    Parameters
    ----------
    priorities : Series, dict or Strategy
        Focus area id to priority; a :class:`styrkort.Strategy` gives its focus areas' priorities.
    method : {"rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal"}
        Rank-order centroid w_k = (1/n) Σ_{i≥k} 1/i (Barron & Barrett 1996), rank sum,
        rank reciprocal (Stillwell et al. 1981), geometric with ``ratio``, or equal.
    ratio : float
        Ratio between neighbouring positions for ``geometric`` (> 1).

    Returns
    -------
    Series
        Weights summing to 1, indexed by focus area id. Tied priorities share their positions' weights.

    Examples
    --------
    >>> priority_weights({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}).round(3).tolist()
    [0.457, 0.257, 0.157, 0.09, 0.04]
    """
    series = _priorities(priorities)
    w = _core.weights_from_priorities([int(r) for r in series.to_numpy()], method, float(ratio))
    return pd.Series(w, index=series.index, name="weight")


def _priorities(priorities: Any) -> pd.Series:
    from .strategy import Strategy

    if isinstance(priorities, Strategy):
        fa = priorities.focus_areas
        if fa["priority"].isna().any():
            missing = fa.loc[fa["priority"].isna(), "id"].tolist()
            raise ArgumentError(f"focus areas without a priority: {', '.join(missing)}")
        return pd.Series(fa["priority"].astype(int).to_numpy(), index=fa["id"], name="priority")
    series = pd.Series(priorities) if not isinstance(priorities, pd.Series) else priorities
    if series.empty:
        raise ArgumentError("priorities: no focus areas given")
    bad = [k for k, v in series.items() if not (isinstance(v, (int, np.integer)) or float(v).is_integer())]
    if bad:
        raise ArgumentError(
            f"priorities: the priority of {bad[0]!r} is {series[bad[0]]!r}; priorities are whole numbers "
            "(1 = most important)"
        )
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
        head = (
            f"<p>λmax = {self.lambda_max:.4f}, CI = {self.consistency_index:.4f}, CR = {cr}"
            f"{' (acceptable)' if self.acceptable else ' — ' + self.warning}</p>"
        )
        return head + html_table(self.weights.to_frame())


def ahp(
    matrix: Union[pd.DataFrame, np.ndarray, Sequence[Sequence[float]]],
    method: str = "eigenvector",
    random_index: Optional[Sequence[float]] = None,
) -> AhpWeights:
    """AHP weights from a reciprocal pairwise-comparison matrix on Saaty's 1–9 scale.

    Parameters
    ----------
    matrix : DataFrame or array
        Square, positive and reciprocal (a_ji = 1/a_ij). A DataFrame's index names the focus areas.
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
    out = AhpWeights(
        pd.Series(r.weights, index=names, name="weight"),
        r.lambda_max,
        r.consistency_index,
        r.consistency_ratio,
        r.acceptable,
        r.warning,
    )
    if not r.acceptable:
        warnings.warn(r.warning, ConsistencyWarning, stacklevel=2)
    return out


def leverage_factor(rate: float, noneligible_share: float = 0.0) -> float:
    """Activity moved by one unit of own money at co-financing ``rate``: 1/(1−r)
    (with a non-eligible share η of costs: 1/(1 − r(1 − η)))."""
    return _core.leverage_factor(float(rate), float(noneligible_share))


#: The columns of a focus areas table (:func:`split_budget`).
FOCUS_AREA_COLUMNS = (
    "id",
    "weight",
    "priority",
    "floor",
    "cap",
    "benefit",
    "grants",
    "noneligible_share",
    "money_per_unit",
    "hours_per_unit",
)
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
    """A budget split across focus areas, with why: binding floors and caps and
    the marginal value of one more unit."""

    method: str
    table: pd.DataFrame
    level: float
    marginal_value: float
    objective: float
    unspent: float
    explanation: str
    extra: dict = field(default_factory=dict)
    limits: Optional[pd.DataFrame] = None  # focus_area, floor, cap as given (for the plot's marks)

    @property
    def plot(self) -> "BudgetSplitPlots":
        """Plots with matplotlib (extra ``plot``): ``split.plot.allocation()``."""
        from .plotting import BudgetSplitPlots

        return BudgetSplitPlots(self)

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>{html.escape(self.method)}</b>: {html.escape(self.explanation)}</p>" + html_table(self.table)


@deprecated.keywords(areas="focus_areas")
def split_budget(
    focus_areas: pd.DataFrame,
    budget: float,
    method: str = "proportional",
    *,
    hours: Optional[float] = None,
    apportionment: str = "dhondt",
) -> BudgetSplit:
    """Split a budget across focus areas.

    Parameters
    ----------
    focus_areas : DataFrame
        One row per focus area. Columns: ``id`` (required), ``weight`` (default 1; e.g.
        from :func:`priority_weights`), ``priority`` (strict priority), ``floor``, ``cap``,
        ``benefit`` (a list of ``(length, slope)`` segments of a concave benefit
        curve, slopes non-increasing), ``grants`` (a list of ``(id, rate, cap)``
        co-financing grants, ``0 <= rate < 1``), ``noneligible_share``,
        ``money_per_unit`` and ``hours_per_unit`` (for ``resources``). A column left
        out gives every area its default (weight 1, floor 0, no cap); an empty or
        NaN cell in ``weight``, ``floor`` or ``cap`` is an error.
    budget : float
        Money to split; for ``units`` the whole number of units (staff days, positions).
    method : {"priority", "proportional", "diminishing", "units", "leverage", "resources"}
        Strict priority (fill in priority order after all floors); proportional to the
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
        ``table`` has one row per focus area: ``focus_area`` (the id), ``amount`` and
        ``binding`` ("floor", "cap" or empty), and for leverage ``own``, ``external``,
        ``total``; for resources ``money`` and ``hours``; then ``share``.

    Raises
    ------
    ArgumentError
        Naming the focus area (its row, counted from 1, and id) and the rule; for
        infeasible floors how much is missing. Floors that sum to the budget fit
        (to a relative 1e-9, whatever the order of the areas).
    """
    if method not in SPLIT_METHODS:
        raise ArgumentError(f"split_budget: unknown method {method!r} (allowed: {', '.join(SPLIT_METHODS)})")
    focus_areas = _renamed_focus_area_columns(focus_areas)
    core_areas = _core_focus_areas(focus_areas)
    if method == "units":
        if not float(budget).is_integer():
            raise ArgumentError(
                f"split_budget: with method 'units' the budget is a whole number of units, got {budget}"
            )
        r = _core.split_units(core_areas, int(budget), apportionment)
    elif method == "resources":
        r = _core.split_resources(core_areas, float(budget), math.inf if hours is None else float(hours))
    else:
        r = getattr(_core, f"split_{method}")(core_areas, float(budget))
    table = pd.DataFrame({"focus_area": [str(x) for x in focus_areas["id"]], "amount": r.amount, "binding": r.binding})
    extra: dict = {}
    if isinstance(r, _core.LeverageResult):  # method "leverage"
        table["own"], table["external"], table["total"] = r.own, r.external, r.total
    if isinstance(r, _core.ResourceSplitResult):  # method "resources"
        table["money"], table["hours"] = r.money, r.hours
        extra = {
            "shadow_money": r.shadow_money,
            "shadow_hours": r.shadow_hours,
            "binding_resource": r.binding_resource,
            "unspent_hours": r.unspent_hours,
        }
    table["share"] = table["amount"] / table["amount"].sum() if table["amount"].sum() > 0 else np.nan
    limits = pd.DataFrame(
        {"focus_area": table["focus_area"], "floor": [a.floor for a in core_areas], "cap": [a.cap for a in core_areas]}
    )
    return BudgetSplit(method, table, r.level, r.marginal_value, r.objective, r.unspent, r.explanation, extra, limits)


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


def _renamed_focus_area_columns(focus_areas: Any) -> Any:
    """A focus areas table with the deprecated column ``rank`` renamed ``priority`` (with a warning)."""
    return deprecated.columns(focus_areas, {"rank": "priority"}, "focus_areas", stacklevel=6)


def _core_focus_areas(areas: pd.DataFrame) -> "_core.FocusAreas":
    """The focus areas table as the core's vector of focus areas, column by column."""
    _check_table(areas, "focus_areas", "focus area", FOCUS_AREA_COLUMNS, ("id",))
    ids = [str(x) for x in areas["id"]]
    row = _row_names("focus_areas", ids)

    def num(column: str, default: float) -> List[float]:
        return _column(areas, column, row, default)

    priority = num("priority", 0.0)
    if any(not float(p).is_integer() for p in priority):
        i = next(k for k, p in enumerate(priority) if not float(p).is_integer())
        raise ArgumentError(f"{row(i)}, column 'priority': {priority[i]} is not a whole number")
    benefit = None
    if "benefit" in areas.columns:
        benefit = [
            [_core.BenefitSegment(float(s[0]), float(s[1])) for s in (b if isinstance(b, (list, tuple)) else [])]
            for b in areas["benefit"]
        ]
    grants = None
    if "grants" in areas.columns:
        grants = [
            [_grant(g, a, k) for k, g in enumerate(gs if isinstance(gs, (list, tuple)) else [])]
            for a, gs in zip(ids, areas["grants"])
        ]
    return _core.focus_areas(
        ids,
        num("weight", 1.0),
        [int(p) for p in priority],
        num("floor", 0.0),
        num("cap", math.inf),
        num("noneligible_share", 0.0),
        num("money_per_unit", 1.0),
        num("hours_per_unit", 0.0),
        benefit,
        grants,
    )


def _grant(g: Any, area: str, k: int) -> "_core.Grant":
    where = f"focus area {area!r}, grant {k}"
    try:
        if isinstance(g, Mapping):
            if "rate" not in g:
                raise ArgumentError(f'{where}: a grant needs a co-financing "rate" in [0, 1)')
            return _core.Grant(str(g.get("id", f"{area}-{k}")), float(g["rate"]), float(g.get("cap", math.inf)))
        g = tuple(g)
        if len(g) < 2:
            raise ArgumentError(f"{where}: expected (id, rate[, cap])")
        return _core.Grant(str(g[0]), float(g[1]), float(g[2]) if len(g) > 2 else math.inf)
    except (TypeError, ValueError) as e:
        if isinstance(e, ArgumentError):
            raise
        raise ArgumentError(f"{where}: {g!r} is not (id, rate[, cap]) with numbers") from None


# ------------------------------------------------------------ the allocation plan

#: Staff hours in a staff day when the plan does not say (``hours_per_staff_day``).
DEFAULT_HOURS_PER_STAFF_DAY = 8
PLAN_KEYS = ("note", "year", "currency", "budget", "staff_days", "hours_per_staff_day", "weighting", "focus_areas")
#: The plan's key that ``focus_areas`` had before 0.2, still read (with a DeprecationWarning).
PLAN_KEYS_RENAMED = {"areas": "focus_areas"}
PLAN_FOCUS_AREA_KEYS = ("id", "name", "note", "floor", "cap", "staff_days_floor", "grants", "benefit")
PLAN_GRANT_KEYS = ("id", "rate", "cap")


@dataclass(frozen=True)
class PlanGrant:
    """A co-financing grant of a focus area in an :class:`AllocationPlan`: external
    money at ``rate`` of the activity (0 <= rate < 1), up to ``cap``."""

    rate: float
    cap: float = math.inf
    id: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """The grant in the plan's format (``id`` when given, ``cap`` when finite)."""
        out: Dict[str, Any] = {} if self.id is None else {"id": self.id}
        out["rate"] = self.rate
        if math.isfinite(self.cap):
            out["cap"] = self.cap
        return out


@dataclass(frozen=True)
class PlanFocusArea:
    """One focus area's limits in an :class:`AllocationPlan` (see ``docs/allocation.md``)."""

    id: str
    floor: float = 0.0
    cap: float = math.inf
    staff_days_floor: int = 0
    grants: Tuple[PlanGrant, ...] = ()
    benefit: Tuple[Tuple[float, float], ...] = ()
    name: Optional[str] = None
    note: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """The focus area in the plan's format, every limit written out (``cap`` when finite)."""
        out: Dict[str, Any] = {"id": self.id}
        for key in ("name", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["floor"] = self.floor
        if math.isfinite(self.cap):
            out["cap"] = self.cap
        out["staff_days_floor"] = self.staff_days_floor
        out["grants"] = [g.to_dict() for g in self.grants]
        out["benefit"] = [[length, slope] for length, slope in self.benefit]
        return out


@dataclass(frozen=True)
class AllocationPlan(Mapping[str, Any]):
    """Next year's own money and staff days to split across a strategy's
    prioritised focus areas, with each area's limits: the input of
    :func:`allocate_focus_areas` and of ``styrkort allocate``. The format (a JSON
    object) is described in ``docs/allocation.md``; ``examples/gavle/allocation.json``
    is one.

    Make one with :meth:`load` (a JSON file) or :meth:`from_dict`: every rule of
    the format is checked there, and an error (:class:`~styrkort.ArgumentError`)
    names the file, the key path and the rule, e.g. ``plan.json: focus_areas[2] (fa3):
    "floor" is null, not a number; ...``. :meth:`to_dict` gives the plan back as
    JSON-ready data, every setting written out. The plan also reads as a
    read-only mapping of :meth:`to_dict` (``plan["budget"]``), for code that
    reads plans as dicts.

    Attributes
    ----------
    budget : float
        Own money to split (>= 0).
    staff_days : int
        Staff days to split (a whole number >= 0).
    hours_per_staff_day : float
        Staff hours in a staff day (default 8): the projects' hours budget is
        ``staff_days × hours_per_staff_day`` (:attr:`hours`).
    weighting : str
        How the focus areas' priorities become weights (:data:`RANK_WEIGHTINGS`; default
        ``rank_order_centroid``).
    focus_areas : tuple of PlanFocusArea
        Per focus area: ``floor`` and ``cap`` on the own money, ``staff_days_floor``,
        the co-financing ``grants`` and the ``benefit`` curve. A focus area of the
        strategy left out has no limits, no grants and a linear benefit.
    year, currency, note : optional
        Shown by the report and the plots (the note says e.g. that the values are illustrative).
    source : str
        How errors name the plan: the file it was read from, or ``"allocation plan"``.
    """

    budget: float
    staff_days: int
    hours_per_staff_day: float = DEFAULT_HOURS_PER_STAFF_DAY
    weighting: str = "rank_order_centroid"
    focus_areas: Tuple[PlanFocusArea, ...] = ()
    year: Optional[int] = None
    currency: Optional[str] = None
    note: Optional[str] = None
    source: str = field(default="allocation plan", compare=False)

    @classmethod
    def load(cls, path: "PathLike") -> "AllocationPlan":
        """Read a plan from a JSON file (UTF-8); errors name the file.

        Raises
        ------
        ArgumentError
            For a file that cannot be read, malformed JSON (line and column) or
            a plan that breaks a rule of the format (the key path and the rule).
        """
        from ._io import read_text

        text = read_text(path, ArgumentError)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ArgumentError(f"{path}: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}") from None
        return _PlanReader(str(path)).plan(data)  # as from_dict does

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "allocation plan") -> "AllocationPlan":
        """A plan from JSON-like data (the format of ``docs/allocation.md``),
        every rule checked; errors name ``source`` and the key path.

        Raises
        ------
        ArgumentError
        """
        return _PlanReader(source).plan(data)

    @classmethod
    def coerce(cls, plan: Any, what: str = "plan") -> "AllocationPlan":
        """``plan`` as an AllocationPlan: itself, a dict read by :meth:`from_dict`
        or a path read by :meth:`load`."""
        if isinstance(plan, AllocationPlan):
            return plan
        if isinstance(plan, Mapping):
            return cls.from_dict(plan)
        if isinstance(plan, (str, os.PathLike)):
            return cls.load(plan)
        raise ArgumentError(
            f"{what}: expected an AllocationPlan, a dict in its format or the path of a JSON file, "
            f"got {type(plan).__name__}"
        )

    @property
    def hours(self) -> float:
        """The plan's staff days in hours: ``staff_days × hours_per_staff_day`` (the
        projects' ``hours`` budget)."""
        return float(self.staff_days) * float(self.hours_per_staff_day)

    @property
    def staff_hours(self) -> float:
        """Deprecated: :attr:`hours`."""
        deprecated.warn_renamed("AllocationPlan.staff_hours", "AllocationPlan.hours")
        return self.hours

    def focus_area(self, focus_area_id: str) -> Optional[PlanFocusArea]:
        """The plan's limits for a focus area, or None when the plan leaves it out."""
        return next((a for a in self.focus_areas if a.id == focus_area_id), None)

    def area(self, area_id: str) -> Optional[PlanFocusArea]:
        """Deprecated: :meth:`focus_area`."""
        deprecated.warn_renamed("AllocationPlan.area()", "AllocationPlan.focus_area()")
        return self.focus_area(area_id)

    @property
    def areas(self) -> Tuple[PlanFocusArea, ...]:
        """Deprecated: :attr:`focus_areas`."""
        deprecated.warn_renamed("AllocationPlan.areas", "AllocationPlan.focus_areas")
        return self.focus_areas

    def to_dict(self) -> Dict[str, Any]:
        """The plan as JSON-ready data in the format of ``docs/allocation.md``,
        every setting written out (defaults included; an unlimited cap left out).
        ``AllocationPlan.from_dict(plan.to_dict()) == plan``."""
        out: Dict[str, Any] = {}
        for key in ("note", "year", "currency"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out.update(
            budget=self.budget,
            staff_days=self.staff_days,
            hours_per_staff_day=self.hours_per_staff_day,
            weighting=self.weighting,
            focus_areas=[a.to_dict() for a in self.focus_areas],
        )
        return out

    def to_json(self, path: Optional["PathLike"] = None, indent: int = 2) -> str:
        """:meth:`to_dict` as JSON text, also written to ``path`` (UTF-8) when given."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        if path is not None:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text + "\n")
        return text

    # the read-only mapping of to_dict()
    def __getitem__(self, key: str) -> Any:
        if key in PLAN_KEYS_RENAMED:
            deprecated.warn_renamed(f"the plan's key {key!r}", repr(PLAN_KEYS_RENAMED[key]))
            key = PLAN_KEYS_RENAMED[key]
        return self.to_dict()[key]

    def __contains__(self, key: object) -> bool:
        return key in self.to_dict()

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())

    def __repr__(self) -> str:
        return (
            f"<styrkort.AllocationPlan {self.source}: budget {self.budget:,.0f}, {self.staff_days} staff days "
            f"× {self.hours_per_staff_day:g} h, {len(self.focus_areas)} focus areas, {self.weighting} weights>"
        )


# AllocationPlan(areas=...), the name before 0.2, still works for one release
AllocationPlan.__init__ = deprecated.keywords(areas="focus_areas")(AllocationPlan.__init__)  # type: ignore[method-assign]


def _json_text(x: Any) -> str:
    """A value as its JSON spelling in a message (``null``, ``"much"``, ``[1, 2]``)."""
    try:
        return json.dumps(x, ensure_ascii=False, default=str)
    except ValueError:  # NaN in strict mode, a circular list
        return repr(x)


def _plain_number(x: Any) -> Optional[float]:
    """The number a JSON value is, or None: booleans and text are not numbers here
    (the plan is JSON: ``"5"`` and ``true`` are mistakes, not 5 and 1); NaN is not one."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        return None
    v = float(x)
    return None if math.isnan(v) else v


def _as_given(x: Any, v: float) -> float:
    """A number as the plan wrote it: an integer stays one (2400000, not 2400000.0,
    in :meth:`AllocationPlan.to_dict`)."""
    return x if isinstance(x, int) and not isinstance(x, bool) else v


class _PlanReader:
    """Checks plan data key by key; every error names the source, the key path and the rule."""

    def __init__(self, source: str) -> None:
        self.source = source
        # a deprecated key's warning names the caller of AllocationPlan.load or from_dict
        self.stacklevel = 4

    def fail(self, where: str, message: str) -> "NoReturn":
        raise ArgumentError(f"{self.source}: {where + ': ' if where else ''}{message}")

    def keys(self, data: Mapping[str, Any], allowed: Sequence[str], where: str, renamed: Sequence[str] = ()) -> None:
        """Every key of ``data`` is allowed, or a deprecated old name in ``renamed`` (which the caller reads)."""
        for k in data:
            if k not in allowed and k not in renamed:
                self.fail(where, f"unknown key {_json_text(k)} (allowed: {', '.join(allowed)})")

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        default: Optional[float],
        rule: str,
        ok: Callable[[float], bool],
        whole: bool = False,
    ) -> Any:
        """``data[key]`` checked: present unless it has a default, a number (whole
        when ``whole``) for which ``ok`` holds (``rule`` says what that is)."""
        if key not in data:
            if default is None:
                self.fail(where, f'"{key}" is missing; give {rule}')
            return default
        x = data[key]
        v = _plain_number(x)
        if v is None:
            if default is None:  # a required key
                self.fail(where, f'"{key}" must be a number ({rule}), got {_json_text(x)}')
            self.fail(
                where, f'"{key}" is {_json_text(x)}, not a number; give {rule}, or leave the key out for its default'
            )
        if (whole and not (math.isfinite(v) and v.is_integer())) or not ok(v):
            self.fail(where, f'"{key}" is {_json_text(x)}; give {rule}')
        return int(v) if whole else _as_given(x, v)

    def text(self, data: Mapping[str, Any], key: str, where: str) -> Optional[str]:
        if key not in data or data[key] is None:
            return None
        if not isinstance(data[key], str):
            self.fail(where, f'"{key}" must be text, got {_json_text(data[key])}')
        return str(data[key])

    def plan(self, data: Any) -> AllocationPlan:
        if not isinstance(data, Mapping):
            self.fail(
                "",
                f'expected a JSON object with "budget", "staff_days" and "focus_areas", got '
                f"{_json_text(data) if not isinstance(data, (list, tuple)) else 'a list'}",
            )
        self.keys(data, PLAN_KEYS, "", renamed=tuple(PLAN_KEYS_RENAMED))
        budget = self.number(
            data,
            "budget",
            "",
            default=None,
            rule="the own money to split, a number >= 0",
            ok=lambda v: 0 <= v < math.inf,
        )
        staff_days = self.number(
            data,
            "staff_days",
            "",
            default=None,
            rule="the staff days to split, a whole number >= 0",
            ok=lambda v: v >= 0,
            whole=True,
        )
        hours = self.number(
            data,
            "hours_per_staff_day",
            "",
            default=DEFAULT_HOURS_PER_STAFF_DAY,
            rule="the staff hours in a staff day, a number above 0 and at most 24",
            ok=lambda v: 0 < v <= 24,
        )
        weighting = data.get("weighting", "rank_order_centroid")
        if weighting not in RANK_WEIGHTINGS:
            self.fail("", f'"weighting" is {_json_text(weighting)}; give one of {", ".join(RANK_WEIGHTINGS)}')
        year = None
        if data.get("year") is not None:
            year = self.number(
                data,
                "year",
                "",
                default=0,
                rule="the plan's year, a whole number such as 2021",
                ok=lambda v: 1000 <= v <= 9999,
                whole=True,
            )
        key = "focus_areas"
        if "areas" in data:  # the name before 0.2
            if "focus_areas" in data:
                self.fail("", 'give "focus_areas" only ("areas" is its deprecated old name)')
            key = "areas"
            deprecated.warn_renamed(f'{self.source}: the key "areas"', '"focus_areas"', stacklevel=self.stacklevel)
        areas_data = data.get(key, [])
        if not isinstance(areas_data, (list, tuple)):
            self.fail("", f'"{key}" must be a list of objects with an "id", got {_json_text(areas_data)}')
        areas: List[PlanFocusArea] = []
        seen: Dict[str, int] = {}
        for i, a in enumerate(areas_data):
            area = self.focus_area(a, f"{key}[{i}]")
            if area.id in seen:
                self.fail(
                    f"{key}[{i}] ({area.id})",
                    f"focus area {area.id!r} is already planned in {key}[{seen[area.id]}]; give each focus area once",
                )
            seen[area.id] = i
            areas.append(area)
        return AllocationPlan(
            budget=budget,
            staff_days=staff_days,
            hours_per_staff_day=hours,
            weighting=weighting,
            focus_areas=tuple(areas),
            year=year,
            currency=self.text(data, "currency", ""),
            note=self.text(data, "note", ""),
            source=self.source,
        )

    def focus_area(self, a: Any, at: str) -> PlanFocusArea:
        if not isinstance(a, Mapping):
            self.fail(at, f'expected an object with an "id", got {_json_text(a)}')
        if "id" not in a:
            self.fail(at, '"id" is missing; give the focus area\'s id')
        if not isinstance(a["id"], str) or not a["id"].strip():
            self.fail(at, f'"id" must be a focus area\'s id (text), got {_json_text(a["id"])}')
        area_id = a["id"]
        where = f"{at} ({area_id})"
        self.keys(a, PLAN_FOCUS_AREA_KEYS, where)
        floor = self.number(
            a,
            "floor",
            where,
            default=0.0,
            rule="the least own money for the area, a number >= 0",
            ok=lambda v: 0 <= v < math.inf,
        )
        cap = self.number(
            a,
            "cap",
            where,
            default=math.inf,
            rule="the most own money for the area, a number at least its floor",
            ok=lambda v: v >= 0,
        )
        if cap < floor:
            self.fail(
                where,
                f'"cap" {_json_text(cap)} is below "floor" {_json_text(floor)}; the floor must not be above the cap',
            )
        days = self.number(
            a,
            "staff_days_floor",
            where,
            default=0,
            rule="the least staff days for the area, a whole number >= 0",
            ok=lambda v: v >= 0,
            whole=True,
        )
        grants_data = a.get("grants", [])
        if grants_data is None or not isinstance(grants_data, (list, tuple)):
            self.fail(where, f'"grants" must be a list of {{"id", "rate", "cap"}}, got {_json_text(grants_data)}')
        grants = tuple(self.grant(g, f"{where}.grants[{k}]") for k, g in enumerate(grants_data))
        benefit_data = a.get("benefit", [])
        if benefit_data is None or not isinstance(benefit_data, (list, tuple)):
            self.fail(where, f'"benefit" must be a list of [length, slope] segments, got {_json_text(benefit_data)}')
        benefit: List[Tuple[float, float]] = []
        for k, seg in enumerate(benefit_data):
            at = f"{where}.benefit[{k}]"
            nums = [_plain_number(x) for x in seg] if isinstance(seg, (list, tuple)) else []
            if len(nums) != 2 or any(v is None for v in nums):
                self.fail(at, f"expected [length, slope] with two numbers, got {_json_text(seg)}")
            length, slope = float(nums[0]), float(nums[1])  # type: ignore[arg-type]
            if not (0 < length < math.inf) or not (0 <= slope < math.inf):
                self.fail(at, f"{_json_text(seg)}: the length must be above 0 and the slope at least 0")
            if benefit and slope > benefit[-1][1]:
                self.fail(
                    at,
                    f"the slope {_json_text(seg[1])} is above the previous segment's "
                    f"{_json_text(benefit[-1][1])}; the curve must be concave (slopes non-increasing)",
                )
            benefit.append((_as_given(seg[0], length), _as_given(seg[1], slope)))
        return PlanFocusArea(
            id=area_id,
            floor=floor,
            cap=cap,
            staff_days_floor=days,
            grants=grants,
            benefit=tuple(benefit),
            name=self.text(a, "name", where),
            note=self.text(a, "note", where),
        )

    def grant(self, g: Any, where: str) -> PlanGrant:
        if isinstance(g, (list, tuple)):  # [id, rate] or [id, rate, cap]
            if not 2 <= len(g) <= 3:
                self.fail(where, f'expected {{"id", "rate", "cap"}} or [id, rate, cap], got {_json_text(g)}')
            g = dict(zip(("id", "rate", "cap"), g))
        if not isinstance(g, Mapping):
            self.fail(where, f'expected {{"id", "rate", "cap"}}, got {_json_text(g)}')
        self.keys(g, PLAN_GRANT_KEYS, where)
        rate = self.number(
            g, "rate", where, default=None, rule="the co-financing rate, a number in [0, 1)", ok=lambda v: 0 <= v < 1
        )
        cap = self.number(
            g,
            "cap",
            where,
            default=math.inf,
            rule="the most external money of the grant, a number >= 0",
            ok=lambda v: v >= 0,
        )
        gid = g.get("id")
        if gid is not None and not isinstance(gid, str):
            gid = str(gid)
        return PlanGrant(rate=rate, cap=cap, id=gid)


@dataclass(repr=False)
class Allocation:
    """Next year's money and staff days across a strategy's prioritised focus
    areas: the result of :func:`allocate_focus_areas`.

    Attributes
    ----------
    table : DataFrame
        One row per focus area by priority: ``focus_area, name, priority,
        weight, own, external, total, binding, staff_days``.
    plan : AllocationPlan
        The allocation plan the split was made from (with the weighting used).
    weighting : str
        The weighting of the priorities used.
    """

    table: pd.DataFrame
    plan: AllocationPlan
    weighting: str

    @property
    def plot(self) -> "AllocationPlots":
        """Plots with matplotlib (extra ``plot``): ``allocation.plot.allocation()``."""
        from .plotting import AllocationPlots

        return AllocationPlots(self)

    @property
    def co_financed_own(self) -> float:
        """The own money the split puts into co-financed (project-type) work,
        rounded to whole money: in each area the own money that its external
        funding matches, grant by grant from the highest rate (external money e
        at rate r needs e(1 − r)/r of own money), at most the area's own money.
        The default budget for selecting projects (``styrkort report --projects``)."""
        grants = {
            a.id: sorted(((float(g.rate), float(g.cap)) for g in a.grants), reverse=True) for a in self.plan.focus_areas
        }
        total = 0.0
        t = self.table
        for area, own, external in zip(t["focus_area"], t["own"], t["external"]):
            left, matched = float(external), 0.0
            for rate, cap in grants.get(str(area), []):
                if left <= 0 or rate <= 0:
                    break
                e = min(left, cap)
                matched += e * (1.0 - rate) / rate
                left -= e
            total += min(matched, float(own))
        return float(round(total))

    def _totals(self) -> str:
        t = self.table
        own, ext = float(t["own"].sum()), float(t["external"].sum())
        return (
            f"own {own:,.0f}, external {ext:,.0f}, total {own + ext:,.0f}; "
            f"{int(t['staff_days'].sum())} staff days; {self.weighting} weights"
        )

    def __repr__(self) -> str:
        return f"<styrkort.Allocation of {len(self.table)} focus areas: {self._totals()}>"

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>Allocation</b>: {html.escape(self._totals())}</p>" + html_table(self.table)


def allocate_focus_areas(
    strategy: "Any", plan: Union[AllocationPlan, Mapping[str, Any], "PathLike"], weighting: Optional[str] = None
) -> Allocation:
    """Next year's money and staff days across a strategy's prioritised focus areas.

    Money is split by :func:`split_budget` with ``method="leverage"`` (own money
    matched by the grants, weighted concave benefit of the activity), staff days
    by D'Hondt over the priority weights with the floors in ``plan``.

    Parameters
    ----------
    strategy : Strategy
        Its focus areas and their priorities.
    plan : AllocationPlan, dict or path
        ``budget``, ``staff_days``, ``weighting`` and ``focus_areas`` (id, floor, cap,
        staff_days_floor, grants, benefit), as in ``examples/gavle/allocation.json``
        and described in ``docs/allocation.md``. A dict is read by
        :meth:`AllocationPlan.from_dict`, a path by :meth:`AllocationPlan.load`.
        A focus area's ``floor``, ``cap`` or ``staff_days_floor`` left out takes the
        default (0, no cap, 0); given, it must be a number (not null).
    weighting : str, optional
        Overrides the plan's ``weighting`` (the result's ``plan`` says which was used).

    Returns
    -------
    Allocation
        ``table`` has one row per focus area: focus_area, name, priority,
        weight, own, external, total, binding, staff_days; ``plot.allocation()``
        draws it.

    Raises
    ------
    ArgumentError
        Naming the plan (its file), the key path and the rule for a plan that
        breaks the format (``allocate_focus_areas(s, {})`` says that "budget" is
        missing) or names a focus area the strategy does not have; and, prefixed
        with the plan, why the split is infeasible (floors over the budget).
    """
    plan = AllocationPlan.coerce(plan, "allocate_focus_areas: plan")
    if weighting is not None and weighting != plan.weighting:
        if weighting not in RANK_WEIGHTINGS:
            raise ArgumentError(
                f"allocate_focus_areas: unknown weighting {weighting!r} (allowed: {', '.join(RANK_WEIGHTINGS)})"
            )
        plan = dataclasses.replace(plan, weighting=weighting)
    fa = strategy.focus_areas.set_index("id")
    for k, a in enumerate(plan.focus_areas):
        if a.id not in fa.index:
            raise ArgumentError(
                f"{plan.source}: focus_areas[{k}] ({a.id}): unknown focus area {a.id!r} "
                f"(focus areas: {', '.join(fa.index)})"
            )
    weights = priority_weights(strategy, plan.weighting)
    ids = list(fa.index)
    rows = {a.id: a for a in plan.focus_areas}
    none = PlanFocusArea(id="")
    area = [rows.get(i, none) for i in ids]
    money = pd.DataFrame(
        {
            "id": ids,
            "weight": weights.reindex(ids).to_numpy(),
            "floor": [a.floor for a in area],
            "cap": [a.cap for a in area],
            "grants": [[g.to_dict() for g in a.grants] for a in area],
            "benefit": [[list(b) for b in a.benefit] for a in area],
        }
    )
    days = pd.DataFrame(
        {
            "id": ids,
            "weight": weights.reindex(ids).to_numpy(),
            "floor": [a.staff_days_floor for a in area],
            "priority": fa["priority"].reindex(ids).astype(int).to_numpy(),
        }
    )
    try:
        lev = split_budget(money, float(plan.budget), "leverage").table.set_index("focus_area")
        staff = split_budget(days, float(plan.staff_days), "units").table.set_index("focus_area")
    except ArgumentError as e:  # infeasible floors, a grant or curve the core refuses: name the plan
        raise ArgumentError(f"{plan.source}: {e}") from None
    table = pd.DataFrame(
        {
            "focus_area": ids,
            "name": fa["name"].reindex(ids).to_numpy(),
            "priority": fa["priority"].reindex(ids).astype(int).to_numpy(),
            "weight": weights.reindex(ids).to_numpy(),
            "own": lev["own"].reindex(ids).to_numpy(),
            "external": lev["external"].reindex(ids).to_numpy(),
            "total": lev["total"].reindex(ids).to_numpy(),
            "binding": lev["binding"].reindex(ids).to_numpy(),
            "staff_days": staff["amount"].reindex(ids).astype(int).to_numpy(),
        }
    )
    return Allocation(table, plan, str(plan.weighting))


# ------------------------------------------------------------------ selection

ITEM_COLUMNS = ("id", "cost", "hours", "external", "rate", "value", "focus_area", "group", "must", "never")
DESCRIPTIVE_COLUMNS = ("name", "note", "description")  # carried along, not used by the selection


#: The columns of a projects table (:func:`read_projects`): the selection's and the descriptive ones.
PROJECT_COLUMNS = (
    "id",
    "name",
    "focus_area",
    "cost",
    "hours",
    "external",
    "rate",
    "value",
    "group",
    "must",
    "never",
    "note",
    "description",
)
PROJECT_NUMBER_COLUMNS = ("cost", "hours", "external", "rate", "value")
PROJECT_TEXT_COLUMNS = ("id", "name", "focus_area", "group", "note", "description")
#: Columns of the items, projects and focus area limits tables renamed in 0.2: still read, with a DeprecationWarning.
COLUMNS_RENAMED = {"area": "focus_area"}


def read_projects(path: "PathLike", strategy: Any = None, *, encoding: Optional[str] = None) -> pd.DataFrame:
    """Project proposals from a CSV file, for :func:`select_projects`.

    The file is read like the measurements: comma- or semicolon-separated (the
    header decides; Swedish Excel saves with ``;``), decimal commas and grouped
    thousands (``"1 000,5"``) in the number columns, UTF-8 unless ``encoding``
    says otherwise. The columns are described in ``docs/allocation.md``: ``id``,
    ``cost`` and ``value`` are required; ``hours``, ``external`` and ``rate``
    are numbers (an empty cell is missing and counts as 0 in the selection);
    ``focus_area`` a focus area of ``strategy`` (when given) or empty; ``group``
    (at most one project per group); ``must`` and ``never`` yes/no cells as
    :func:`select_projects` reads them (1/0, true/false, yes/no, ja/nej in any
    case; an empty cell is an error); ``name``, ``note`` and ``description``
    are carried along.

    Parameters
    ----------
    path : path
        The CSV file.
    strategy : Strategy, optional
        Checks the ``focus_area`` cells against its focus areas.
    encoding : str, optional
        The file's text encoding (``"cp1252"`` for an older Excel on Windows).

    Returns
    -------
    DataFrame
        One row per project: the text columns as text (an empty cell missing),
        the number columns as float, ``must`` and ``never`` as bool.

    Raises
    ------
    ArgumentError
        Naming the file, the row (the header is row 1), the project's id and the
        column of a bad cell, an unknown or missing column, or an unknown focus area.
    """
    from ._io import read_csv_table, to_numbers

    frame = read_csv_table(path, ArgumentError, ",".join(PROJECT_COLUMNS[:11]), encoding, encoding_hint='encoding="{}"')
    frame = deprecated.columns(frame, COLUMNS_RENAMED, str(path), stacklevel=4)
    unknown = [c for c in frame.columns if c not in PROJECT_COLUMNS]
    if unknown:
        raise ArgumentError(f"{path}: unknown column {unknown[0]!r} (allowed: {', '.join(PROJECT_COLUMNS)})")
    for c in ("id", "cost", "value"):
        if c not in frame.columns:
            raise ArgumentError(f"{path}: missing column {c!r}")
    if frame.empty:
        raise ArgumentError(f"{path}: no project rows")
    for c in PROJECT_TEXT_COLUMNS:
        if c in frame.columns:
            frame[c] = pd.Series(
                [None if is_empty(x) else str(x).strip() for x in frame[c]], index=frame.index, dtype=object
            )
    ids = frame["id"]
    empty_id = ids.isna()
    if empty_id.any():
        raise ArgumentError(f"{path}: row {int(np.flatnonzero(empty_id.to_numpy())[0]) + 2}: the project has no id")

    def row(i: int) -> str:
        return f"{path}: row {i + 2} ({ids.iloc[i]})"

    for c in PROJECT_NUMBER_COLUMNS:
        if c in frame.columns:
            try:
                frame[c] = to_numbers(frame[c], ArgumentError, str(path), 2, c)
            except ArgumentError:  # the same message, naming the project too
                i = next(i for i in range(len(frame)) if not _number_cell(frame[c].iloc[i]))
                raise ArgumentError(
                    f"{row(i)}, column {c!r}: {frame[c].iloc[i]!r} is not a number; write a "
                    "number, or leave the cell empty for a missing value"
                ) from None
    for c in ("cost", "value"):
        missing = frame[c].isna()
        if missing.any():
            raise ArgumentError(
                f"{row(int(np.flatnonzero(missing.to_numpy())[0]))}, column {c!r}: the cell is empty; give a number"
            )
    for c in ("must", "never"):
        if c in frame.columns:
            frame[c] = flags(frame[c], c, row)
    if "focus_area" in frame.columns and strategy is not None:
        areas = set(strategy.focus_areas["id"].astype(str))
        bad = frame["focus_area"].notna() & ~frame["focus_area"].isin(areas)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ArgumentError(
                f"{row(i)}: unknown focus area {frame['focus_area'].iloc[i]!r} "
                f"(focus areas: {', '.join(sorted(areas))})"
            )
    return frame


def _number_cell(x: Any) -> bool:
    """Whether :func:`styrkort._io.to_numbers` reads a cell (empty or a number)."""
    from ._io import to_numbers

    try:
        to_numbers(pd.Series([x], dtype=object), ArgumentError, "", 0)
    except ArgumentError:
        return False
    return True


@dataclass
class Selection:
    """Projects or requests selected under the budget, with the optimum, the
    best bound and the gap (0 when proven optimal)."""

    method: str
    table: pd.DataFrame  # the items with a `selected` column
    value: float
    bound: float
    gap: float
    proven_optimal: bool
    feasible: bool
    cost: float
    hours: float
    external: float
    focus_areas: pd.DataFrame  # focus_area, cost, floor, cap
    nodes: int
    seconds: float
    stopped_by: str

    @property
    def selected(self) -> List[str]:
        """The ids of the selected items, in the table's order."""
        return self.table.loc[self.table["selected"], "id"].tolist()

    @property
    def areas(self) -> pd.DataFrame:
        """Deprecated: :attr:`focus_areas`."""
        deprecated.warn_renamed("Selection.areas", "Selection.focus_areas")
        return self.focus_areas

    def _repr_html_(self) -> str:
        import html

        state = "proven optimal" if self.proven_optimal else f"gap {self.gap:.4g} ({html.escape(self.stopped_by)})"
        head = (
            f"<p><b>{html.escape(self.method)}</b>: value {self.value:.4g}, bound {self.bound:.4g}, {state}; "
            f"cost {self.cost:,.0f}, hours {self.hours:,.0f}</p>"
        )
        return head + html_table(self.table)


# Selection(areas=...), the name before 0.2, still works for one release
Selection.__init__ = deprecated.keywords(areas="focus_areas")(Selection.__init__)  # type: ignore[method-assign]

LIMIT_COLUMNS = ("focus_area", "floor", "cap")


def _renamed_item_columns(items: Any, limits: Any) -> Tuple[Any, Any]:
    """The items and focus area limits tables with the deprecated column ``area``
    renamed ``focus_area`` (with a warning naming the caller of the public function)."""
    return (
        deprecated.columns(items, COLUMNS_RENAMED, "items", stacklevel=6),
        deprecated.columns(limits, COLUMNS_RENAMED, "focus_area_limits", stacklevel=6),
    )


def _selection_problem(
    items: pd.DataFrame, budget: float, hours: Optional[float], focus_area_limits: Optional[pd.DataFrame]
) -> Tuple["_core.SelectionProblem", Dict[str, List[bool]]]:
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
        [str(x) for x in items["id"]],
        num("cost", None),
        num("hours"),
        num("external"),
        num("rate"),
        num("value", None),
        text("focus_area"),
        text("group"),
        flag["must"],
        flag["never"],
        float(budget),
        math.inf if hours is None else float(hours),
        _focus_area_limits(focus_area_limits),
    )
    return problem, flag


def _focus_area_limits(limits: Optional[pd.DataFrame]) -> List[Tuple[str, float, float]]:
    """(focus area, floor, cap) per row of the focus area limits table."""
    if limits is None:
        return []
    _check_table(limits, "focus_area_limits", "focus area", LIMIT_COLUMNS, ("focus_area",))
    areas = [str(x) for x in limits["focus_area"]]
    row = _row_names("focus_area_limits", areas)
    return list(zip(areas, _column(limits, "floor", row, 0.0), _column(limits, "cap", row, math.inf)))


@deprecated.keywords(area_limits="focus_area_limits")
def select_projects(
    items: pd.DataFrame,
    budget: float,
    *,
    hours: Optional[float] = None,
    focus_area_limits: Optional[pd.DataFrame] = None,
    method: str = "exact",
    time_limit: float = 60.0,
) -> Selection:
    """Select projects or requests under a money budget (and optionally staff hours).

    Parameters
    ----------
    items : DataFrame
        One row per item: ``id``, ``cost`` (own money), ``value`` (or a score, e.g.
        from :func:`score_requests`), and optionally ``hours``, ``external`` and
        ``rate`` (external funding, reported), ``focus_area``, ``group``
        (at most one item per group), ``must`` and ``never``: booleans, 1/0,
        true/false, yes/no or ja/nej in any case (an empty cell or any other
        value is an error naming the row).
    budget : float
        Own money available.
    hours : float, optional
        Staff hours available (a second budget).
    focus_area_limits : DataFrame, optional
        ``focus_area``, ``floor``, ``cap`` on the own money spent per focus area. Without
        a ``floor`` (``cap``) column no focus area has one; an empty or NaN cell is an error.
    method : {"exact", "greedy"}
        Branch and bound with the LP bound (proven optimal unless a limit stops it:
        then the gap says how far it may be), or greedy by value per cost for comparison.
    time_limit : float
        Seconds for the exact search.

    Returns
    -------
    Selection
        Its ``table`` is ``items`` with a ``selected`` column, ``must`` and ``never``
        as the booleans read; ``focus_areas`` the own money spent per focus area
        (``focus_area, cost, floor, cap``).

    Raises
    ------
    ArgumentError
        Naming the row (counted from 1), the id and the column of a bad cell, or
        why no selection is feasible: must items over the budget, a focus area floor out
        of reach, a focus area window between floor and cap that no choice of its items
        meets (with the nearest sums), or after the search has proven it.
    """
    items, focus_area_limits = _renamed_item_columns(items, focus_area_limits)
    problem, flag = _selection_problem(items, budget, hours, focus_area_limits)
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
    areas = pd.DataFrame(
        [(a.focus_area, a.cost, a.floor, a.cap) for a in r.focus_areas], columns=["focus_area", "cost", "floor", "cap"]
    )
    return Selection(
        r.method,
        table,
        r.value,
        r.bound,
        r.gap,
        r.proven_optimal,
        r.feasible,
        r.cost,
        r.hours,
        r.external,
        areas,
        r.nodes,
        r.seconds,
        r.stopped_by,
    )


# ----------------------------------------------------------------- robustness


@deprecated.keywords(areas="focus_areas", ranks="priorities")
def split_robustness(
    focus_areas: pd.DataFrame,
    budget: float,
    rule: str = "proportional",
    *,
    priorities: Optional[Sequence[int]] = None,
    weights: Optional[Sequence[float]] = None,
    concentration: float = 100.0,
    samples: int = 10000,
    seed: int = 1,
    threads: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """How robust a budget split is to the weights.

    Samples weights uniformly among those consistent with the focus areas'
    ``priorities`` (1 = most important; sorted uniform spacings; the mean is the
    rank-order centroid), or around given ``weights`` (Dirichlet with
    concentration κ·w), re-solves the split of ``focus_areas`` (a table as
    :func:`split_budget` takes) for each sample on every core, and describes
    each focus area's share. With
    ``progress`` (and tqdm installed) a bar shows the samples done when the work
    lasts more than half a second; interrupting stops the sampling.

    Returns
    -------
    DataFrame
        One row per focus area: ``focus_area``, mean share, its Monte Carlo error,
        sd, quantiles 5–95 %, and the mean sampled weight. Seeded and reproducible.
    """
    core_areas = _core_focus_areas(_renamed_focus_area_columns(focus_areas))
    with engine_progress(int(samples), "split robustness", progress) as report:
        r = _core.split_robustness(
            core_areas,
            float(budget),
            rule,
            None if priorities is None else [int(x) for x in priorities],
            None if weights is None else [float(x) for x in weights],
            float(concentration),
            int(samples),
            int(seed),
            int(threads),
            report,
        )
    rows = []
    for a in r.focus_areas:
        row = {"focus_area": a.focus_area, "mean_share": a.share.mean, "mc_error": a.share.mean_error, "sd": a.share.sd}
        for level, q in zip(r.quantile_levels, a.share.quantiles):
            row[f"q{round(level * 100):02d}"] = q
        row["mean_weight"] = a.weight.mean
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(samples=r.samples, seed=r.seed, rule=r.rule, mc_error_bound=r.mc_error_bound)
    return out


@deprecated.keywords(area_ids="focus_area_ids", area_limits="focus_area_limits", ranks="priorities")
def selection_robustness(
    items: pd.DataFrame,
    budget: float,
    focus_area_ids: Sequence[str],
    *,
    hours: Optional[float] = None,
    focus_area_limits: Optional[pd.DataFrame] = None,
    priorities: Optional[Sequence[int]] = None,
    weights: Optional[Sequence[float]] = None,
    concentration: float = 100.0,
    samples: int = 1000,
    seed: int = 1,
    threads: int = 0,
    time_limit: float = 10.0,
    progress: bool = True,
) -> pd.DataFrame:
    """How often each item is selected when the focus areas' weights vary.

    Each sample draws weights of the focus areas ``focus_area_ids`` (from their
    ``priorities`` or around ``weights``, as :func:`split_robustness`), sets every
    item's value to its focus area's weight times its own value, and re-solves the
    exact selection (``items``, ``focus_area_limits`` as :func:`select_projects`).
    With ``progress`` (and tqdm installed) a bar shows the samples done when the
    work lasts more than half a second.

    Returns
    -------
    DataFrame
        One row per item: how often it is selected (acceptability) and the Monte
        Carlo standard error sqrt(p(1−p)/N).
    """
    items, focus_area_limits = _renamed_item_columns(items, focus_area_limits)
    problem, _ = _selection_problem(items, budget, hours, focus_area_limits)
    with engine_progress(int(samples), "selection robustness", progress) as report:
        r = _core.selection_robustness(
            problem,
            [str(a) for a in focus_area_ids],
            None if priorities is None else [int(x) for x in priorities],
            None if weights is None else [float(x) for x in weights],
            float(concentration),
            int(samples),
            int(seed),
            int(threads),
            float(time_limit),
            report,
        )
    out = pd.DataFrame(
        [(i.id, i.acceptability, i.standard_error, i.selected) for i in r.items],
        columns=["id", "acceptability", "mc_error", "times_selected"],
    )
    out.attrs.update(samples=r.samples, seed=r.seed, mc_error_bound=r.mc_error_bound, not_proven=r.not_proven)
    return out


# ------------------------------------------------------------------- requests


@dataclass
class RequestScores:
    """Scores of incoming requests against the strategy's criteria."""

    method: str
    table: pd.DataFrame  # request, score, rank
    contributions: pd.DataFrame  # request x criterion: weight x value

    def _repr_html_(self) -> str:
        return html_table(self.table)


def score_requests(
    requests: pd.DataFrame,
    criteria: Iterable[Mapping[str, Any]],
    method: str = "weighted_sum",
    *,
    id_column: str = "id",
) -> RequestScores:
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
    contrib = pd.DataFrame(
        np.asarray(r.contribution).reshape(len(r.request_ids), len(r.criterion_ids)),
        index=pd.Index(r.request_ids, name="request"),
        columns=r.criterion_ids,
    )
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
        return _core.Criterion(
            str(c["id"]),
            float(c.get("weight", 1.0)),
            str(c.get("direction", "benefit")),
            vf,
            None if missing is None else float(missing),
        )
    except KeyError as e:
        raise ArgumentError(f"criterion {c.get('id')!r}: missing key {e.args[0]!r}") from None


# Names renamed in 0.2, still importable for one release (with a DeprecationWarning).
__getattr__ = deprecated.module_getattr(
    __name__,
    {"PlanArea": "PlanFocusArea", "AREA_COLUMNS": "FOCUS_AREA_COLUMNS", "PLAN_AREA_KEYS": "PLAN_FOCUS_AREA_KEYS"},
    globals(),
)
