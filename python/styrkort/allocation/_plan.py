"""The allocation plan (its JSON format in docs/allocation.md, read with
located errors) and the split of its money and staff days across the
strategy's focus areas by their priorities."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
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

from .. import _deprecated as deprecated
from .._display.html import html_table
from ..errors import ArgumentError
from ._split import split_budget
from ._weights import RANK_WEIGHTINGS, priority_weights

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .._io import PathLike
    from ..plotting import AllocationPlots


# ------------------------------------------------------------ the allocation plan

#: Staff hours in a staff day when the plan does not say (``hours_per_staff_day``).
DEFAULT_HOURS_PER_STAFF_DAY = 8
PLAN_KEYS = ("note", "year", "currency", "budget", "staff_days", "hours_per_staff_day", "weighting", "focus_areas")
#: The most staff days a plan may split or a focus area may be given: far above
#: any organisation's (a million staff-years), and exact as a 64-bit integer
#: and as a float (2^63 staff days reached the engine as an overflow).
MAX_STAFF_DAYS = 10**9
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
        from .._io import read_json

        data = read_json(path, ArgumentError, "an allocation plan (a plan is four levels deep)")
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
        """:meth:`to_dict` as JSON text, also written to ``path`` (UTF-8, whole or not at all) when given."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        if path is not None:
            from .._io import write_json

            write_json(path, text)
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
        try:
            text = json.dumps(x, ensure_ascii=False, default=str)
        except ValueError:  # NaN in strict mode, a circular list
            text = repr(x)
    except RecursionError:  # a value nested deeper than Python's recursion limit
        kind = "a list" if isinstance(x, (list, tuple)) else "an object" if isinstance(x, Mapping) else "a value"
        return f"{kind} nested too deeply to show"
    return text if len(text) <= 200 else text[:200] + "…"


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
            rule=f"the staff days to split, a whole number from 0 to {MAX_STAFF_DAYS:,}",
            ok=lambda v: 0 <= v <= MAX_STAFF_DAYS,
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
            rule=f"the least staff days for the area, a whole number from 0 to {MAX_STAFF_DAYS:,}",
            ok=lambda v: 0 <= v <= MAX_STAFF_DAYS,
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
        from ..plotting import AllocationPlots

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
