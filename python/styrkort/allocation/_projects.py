"""Projects and incoming requests as items to select under money and staff-hour
limits: the projects table (CSV or DataFrame) and the exact selection."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    Optional,
    Tuple,
)

import numpy as np
import pandas as pd

from .. import _core
from .. import _deprecated as deprecated
from .._cells import flags, is_empty
from .._display.html import html_table
from ..errors import ArgumentError
from ._split import _check_table, _column, _row_names

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .._io import PathLike


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
    from .._io import read_csv_table, to_numbers

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
    from .._io import to_numbers

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
