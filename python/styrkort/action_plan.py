"""Follow-up of the action plans (handlingsplaner).

Every year the owners of the focus areas follow up their action plan: which
activities were carried out, at what cost and with how many staff hours, and,
for activities without a data series, how well the outcome matched what was
expected. :func:`follow_up` gives that per activity and summarised per focus
area, owner, means, direction, year or unit.

Activities without numeric data are scored by Goal Attainment Scaling
(Kiresuk & Sherman 1968): the strategy describes the outcome at levels -2..+2
(0 = as expected), the follow-up records the level attained, and a group of
activities gets the T-score 50 + 10·Σwx / √((1−ρ)Σw² + ρ(Σw)²), computed by the
C++ core. An activity without an attained level is *not assessable*; a group
with none has no T-score (never 50, never 0).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._display.html import html_table
from .errors import ArgumentError

__all__ = ["follow_up", "plan_year", "ActionPlanFollowUp", "ACTIVITY_STATUSES", "GROUPINGS"]

ACTIVITY_STATUSES = tuple(_core.vocabulary["activity_status"])
# The columns an action-plan summary can be grouped by. "direction" counts an
# activity once under each of its directions.
GROUPINGS = ("focus_area", "owner", "means", "direction", "year", "unit", "status")
GAS_LEVEL_COLUMNS = ("gas_minus2", "gas_minus1", "gas_expected", "gas_plus1", "gas_plus2")


def follow_up(
    strategy: Any,
    *,
    year: Optional[int] = None,
    unit: Optional[str] = None,
    focus_area: Optional[str] = None,
    until: Optional[int] = None,
    rho: float = float(_core.gas_rho),
) -> "ActionPlanFollowUp":
    """The follow-up of a strategy's action plans.

    Parameters
    ----------
    strategy : Strategy
        Its ``activities`` (status, planned and spent cost and hours, Goal
        Attainment Scaling levels) and focus areas.
    year : int, optional
        Only the action plan of this year (default: every year).
    unit : str, optional
        Only activities carried out by this organisational unit or a unit below
        it. Activities that name no unit are the whole organisation's: they
        belong to a top unit (one without a parent) and to no unit below it.
    focus_area : str, optional
        Only this focus area's activities.
    until : int, optional
        Only the action plans up to this year (activities without a year are
        kept): what the board report lists for a period of that year.
    rho : float
        The assumed correlation between activities' attainment in the T-score
        (Kiresuk & Sherman's 0.3 by default), in [0, 1).

    Returns
    -------
    ActionPlanFollowUp

    Raises
    ------
    ArgumentError
        For an unknown unit or focus area, or a year without an action plan.

    Examples
    --------
    >>> import styrkort as sk
    >>> f = sk.action_plan.follow_up(sk.examples.gavle_strategy(), year=2020)
    >>> f.summary("focus_area")[["focus_area", "activities", "completed", "share_completed"]].head(2)
    ... # doctest: +SKIP
    """
    from .strategy import Strategy

    if not isinstance(strategy, Strategy):
        raise ArgumentError(f"follow_up: expected a styrkort.Strategy, got {type(strategy).__name__}")
    if not (0.0 <= float(rho) < 1.0):
        raise ArgumentError(f"follow_up: rho (the correlation between activities) must be in [0, 1), got {rho}")
    acts = strategy.activities.copy()
    fa_names = strategy.focus_areas.set_index("id")
    acts.insert(
        acts.columns.get_loc("focus_area") + 1,
        "focus_area_name",
        acts["focus_area"].map(fa_names["name"]).astype(object),
    )
    acts.insert(acts.columns.get_loc("focus_area") + 2, "priority", acts["focus_area"].map(fa_names["priority"]))
    if year is not None:
        years = sorted({int(y) for y in acts["year"].dropna()})
        if int(year) not in years:
            raise ArgumentError(f"follow_up: no action plan for {year} (the years are {', '.join(map(str, years))})")
        acts = acts[acts["year"] == int(year)]
    if focus_area is not None:
        if focus_area not in fa_names.index:
            raise ArgumentError(
                f"follow_up: unknown focus area {focus_area!r} (the focus areas are {', '.join(fa_names.index)})"
            )
        acts = acts[acts["focus_area"] == focus_area]
    if until is not None:
        years = pd.to_numeric(acts["year"], errors="coerce")
        acts = acts[years.isna() | (years <= int(until))]
    if unit is not None:
        acts = acts[_activities_of_unit(strategy, acts["unit"], unit)]
    acts = acts.reset_index(drop=True)
    acts["cost_deviation"] = acts["spent_cost"] - acts["planned_cost"]
    acts["hours_deviation"] = acts["spent_hours"] - acts["planned_hours"]
    acts["gas_attained"] = acts["gas_attained"].astype("Int64")
    level_text = acts[list(GAS_LEVEL_COLUMNS)].to_numpy(dtype=object)
    attained = acts["gas_attained"].to_numpy(dtype="float64", na_value=np.nan)
    acts["gas_outcome"] = [level_text[i, int(x) + 2] if not np.isnan(x) else None for i, x in enumerate(attained)]
    return ActionPlanFollowUp(acts, strategy, year=year, unit=unit, rho=float(rho))


def _activities_of_unit(strategy: Any, units: pd.Series, unit: str) -> np.ndarray:
    """Which of the activities whose units are ``units`` a follow-up of
    ``unit`` takes: those of the unit and every unit below it, and, for a top
    unit (one without a parent), those that name no unit (the whole
    organisation's). The board report lists the activities of :func:`follow_up`.

    Raises
    ------
    ArgumentError
        For an unknown unit.
    """
    try:
        below = strategy.units_below(unit)
    except ArgumentError as e:
        raise ArgumentError(f"follow_up: {e}") from None
    parents = strategy.units.set_index("id")["parent"]
    parent = parents.get(unit)
    top = parent is None or bool(pd.isna(parent)) or not str(parent)
    named = units.fillna("").astype(str)
    return (named.isin(below) | ((named == "") & top)).to_numpy()


def plan_year(strategy: Any, year: Optional[int]) -> Optional[int]:
    """The action plan followed up in ``year``: the latest plan year up to it
    (None when the strategy has no plan that early, or ``year`` is None)."""
    if year is None or not len(strategy.activities):
        return None
    earlier = [int(y) for y in strategy.activities["year"].dropna() if int(y) <= int(year)]
    return max(earlier) if earlier else None


class ActionPlanFollowUp:
    """The action plans' activities with their follow-up, and summaries of them.

    Attributes
    ----------
    activities : DataFrame
        One row per activity: focus area (id, name, priority), year, owner,
        means, directions, unit, status, planned and spent cost and hours with
        their deviations, and the Goal Attainment Scaling levels, attained
        level (``gas_attained``, missing when not followed up), weight and the
        description of the attained outcome (``gas_outcome``).
    year, unit : the filters used, or None.
    rho : float
        The correlation assumed in the T-scores.
    """

    def __init__(
        self, activities: pd.DataFrame, strategy: Any, *, year: Optional[int], unit: Optional[str], rho: float
    ) -> None:
        self.activities = activities
        self.strategy = strategy
        self.year = year
        self.unit = unit
        self.rho = rho

    def summary(self, by: Union[str, Sequence[str]] = "focus_area") -> pd.DataFrame:
        """Activities summarised per group.

        Parameters
        ----------
        by : str or list of str
            One or more of ``focus_area, owner, means, direction, year, unit,
            status``. With ``direction`` an activity counts once under each of
            its directions, so the groups' totals can exceed the whole.

        Returns
        -------
        DataFrame
            One row per group: ``activities``, the count per status
            (``not_started, started, completed, delayed, cancelled``),
            ``share_completed`` (completed / all activities of the group,
            cancelled ones included: what was planned and not done counts as
            not done), ``planned_cost, spent_cost, cost_ratio`` (spent/planned
            over the activities where both are known), the same for hours,
            ``gas_activities`` (activities with GAS levels), ``gas_assessed``
            (with an attained level), ``gas_mean_level`` and ``gas_t_score``
            (missing when none was assessed). Focus areas come in priority order.
        """
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in GROUPINGS]
        if bad or not keys:
            raise ArgumentError(f"summary: cannot group by {bad[0] if bad else by!r} (allowed: {', '.join(GROUPINGS)})")
        df = self.activities
        if "direction" in keys:
            df = df.assign(direction=df["directions"].map(lambda d: list(d) if len(d) else [None])).explode("direction")
        df = df.reset_index(drop=True)
        group_frame = df[keys].astype(object).where(df[keys].notna(), None)
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(group_frame.fillna("\x00")), sort=False)
        out = group_frame.groupby(codes, sort=False).first().reset_index(drop=True)
        out = pd.concat([out, self._measures(df, codes, len(uniques))], axis=1)
        if "focus_area" in keys:
            fa = self.strategy.focus_areas.set_index("id")
            out.insert(keys.index("focus_area") + 1, "focus_area_name", out["focus_area"].map(fa["name"]))
            out["_prio"] = out["focus_area"].map(fa["priority"])
            out = out.sort_values(
                ["_prio"] + [k for k in keys if k != "focus_area"], kind="stable", na_position="last"
            ).drop(columns="_prio")
        else:
            out = out.sort_values(keys, kind="stable", na_position="last")
        return out.reset_index(drop=True)

    def total(self) -> pd.Series:
        """The whole follow-up as one row of :meth:`summary`'s measures."""
        df = self.activities
        return self._measures(df, np.zeros(len(df), dtype=np.int64), 1).iloc[0]

    def _measures(self, df: pd.DataFrame, codes: np.ndarray, n_groups: int) -> pd.DataFrame:
        """Counts, sums, ratios and GAS T-scores per group code 0..n_groups-1."""
        groups = range(n_groups)
        g = pd.Series(codes, index=df.index)
        out = pd.DataFrame(index=groups)
        out["activities"] = g.value_counts().reindex(groups, fill_value=0).to_numpy()
        status = pd.crosstab(g, df["status"]).reindex(index=groups, columns=list(ACTIVITY_STATUSES), fill_value=0)
        for s in ACTIVITY_STATUSES:
            out[s] = status[s].to_numpy()
        out["share_completed"] = out["completed"] / out["activities"].where(out["activities"] > 0)
        for what in ("cost", "hours"):
            planned, spent = df[f"planned_{what}"], df[f"spent_{what}"]
            both = planned.notna() & spent.notna()
            out[f"planned_{what}"] = planned.groupby(g).sum(min_count=1).reindex(groups).to_numpy()
            out[f"spent_{what}"] = spent.groupby(g).sum(min_count=1).reindex(groups).to_numpy()
            p_both = planned.where(both).groupby(g).sum(min_count=1).reindex(groups)
            s_both = spent.where(both).groupby(g).sum(min_count=1).reindex(groups)
            out[f"{what}_ratio"] = (s_both / p_both.where(p_both > 0)).to_numpy()
        has_gas = df["gas_expected"].notna().to_numpy()
        out["gas_activities"] = np.bincount(codes[has_gas], minlength=n_groups) if n_groups else []
        gas = _core.gas_t_scores(
            np.where(has_gas, codes, -1).astype(np.int32),
            df["gas_attained"].to_numpy(dtype="float64", na_value=np.nan),
            df["gas_weight"].fillna(1.0).to_numpy(dtype="float64"),
            n_groups,
            self.rho,
        )
        out["gas_assessed"] = gas["assessed"]
        out["gas_mean_level"] = gas["mean_level"]
        out["gas_t_score"] = gas["t_score"]
        return out.reset_index(drop=True)

    def __len__(self) -> int:
        return len(self.activities)

    def __repr__(self) -> str:
        t = self.total()
        return (
            f"<styrkort.ActionPlanFollowUp: {len(self)} activities, {int(t['completed'])} completed"
            f"{'' if self.year is None else f' ({self.year})'}>"
        )

    def _repr_html_(self) -> str:
        cols = [
            "focus_area",
            "focus_area_name",
            "activities",
            *ACTIVITY_STATUSES,
            "share_completed",
            "planned_cost",
            "spent_cost",
            "gas_t_score",
        ]
        return html_table(self.summary("focus_area")[cols])
