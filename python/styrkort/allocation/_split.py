"""Budget splits across focus areas (strict priority, proportional with
floors and caps, diminishing returns, whole units, leverage, money and staff
hours at once): the focus-area table as the core's input, and the split with
why."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
)

import numpy as np
import pandas as pd

from .. import _core
from .. import _deprecated as deprecated
from .._cells import RowName, numbers
from .._display.html import html_table
from ..errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..plotting import BudgetSplitPlots


SPLIT_METHODS = ("priority", "proportional", "diminishing", "units", "leverage", "resources")

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


def round_to_sum(values: Iterable[float], decimals: int = 2) -> np.ndarray:
    """Round numbers to ``decimals`` so that they still add up to their rounded sum.

    The largest-remainder method (Hamilton's): every number is rounded down to
    the step ``10**-decimals``, and the steps that the rounded sum still lacks go
    one each to the numbers that lost most. A number that is already a whole
    number of steps stays as it is (within float noise of 1e-9 of a step).

    Parameters
    ----------
    values : sequence of float
        Finite numbers (a missing or infinite one is left as it is and not counted).
    decimals : int
        Decimals to keep: 2 for öre or cents, 0 for whole kronor.

    Returns
    -------
    ndarray
        ``round(sum(values), decimals) == sum(result)`` to the step.

    Examples
    --------
    >>> round_to_sum([100 / 3, 100 / 3, 100 / 3]).tolist()
    [33.34, 33.33, 33.33]
    """
    x = np.array(list(values), dtype=np.float64)
    ok = np.isfinite(x)
    if not ok.any():
        return x
    scaled = x[ok] * 10.0**decimals
    whole = np.floor(scaled + 1e-9 * np.maximum(1.0, np.abs(scaled)))
    missing = int(round(float(scaled.sum()))) - int(whole.sum())
    lost = scaled - whole
    order = np.argsort(-lost, kind="stable")  # the largest remainders first; ties in table order
    if missing > 0:
        whole[order[:missing]] += 1.0
    elif missing < 0:  # only from float noise: take back from the smallest remainders
        whole[order[::-1][:-missing]] -= 1.0
    out = x.copy()
    out[ok] = whole / 10.0**decimals
    return out


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
        from ..plotting import BudgetSplitPlots

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
    decimals: Optional[int] = 2,
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
    decimals : int or None
        The amounts in ``table`` are rounded to this many decimals (default 2:
        öre or cents, so a table shows 1094097.22, not 1.094097e+06), each
        column by the largest remainder, so that the rounded amounts add up to
        their rounded sum (the budget, when all of it is spent). None keeps the
        solver's unrounded numbers (``objective``, ``level`` and the other
        attributes are never rounded).

    Returns
    -------
    BudgetSplit
        ``table`` has one row per focus area: ``focus_area`` (the id), ``amount`` and
        ``binding`` ("floor", "cap" or empty), and for leverage ``own``, ``external``,
        ``total`` (``own + external``, to the cent); for resources ``money`` and
        ``hours``; then ``share`` (of the rounded amounts, unrounded).

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
    if decimals is not None:
        for column in ("amount", "own", "external", "money", "hours"):
            if column in table.columns:
                table[column] = round_to_sum(table[column], decimals)
        if "total" in table.columns:
            table["total"] = (table["own"] + table["external"]).round(decimals)
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
