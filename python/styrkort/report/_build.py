"""What ``styrkort report`` and ``styrkort excel`` compute, in one call.

:func:`build` takes the inputs of the commands (a strategy, measurements, and
optionally an allocation plan, project proposals and external funds, as objects
or as files) and returns :class:`FollowUpResults`: the evaluation, the action
plan's follow-up, the proposed split, the selected projects and the funds, for
one unit and period. Its :meth:`~FollowUpResults.write` writes the board report
and :meth:`~FollowUpResults.write_excel` the workbook, byte for byte what the
commands write; the command line only parses its arguments and calls these.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Union

import pandas as pd

from .._io import PathLike
from ..errors import ArgumentError, Error, MeasurementError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..action_plan import ActionPlanFollowUp
    from ..allocation import Allocation, AllocationPlan, Selection
    from ..comparison import Comparison
    from ..evaluation import Evaluation
    from ..funds import Funds
    from ..measurements import Measurements
    from ..sensitivity import Sensitivity
    from ..strategy import Strategy

__all__ = ["build", "FollowUpResults"]


@dataclass(repr=False)
class FollowUpResults:
    """The follow-up of one unit and period: what the board report and the
    Excel workbook show. Made by :func:`build`.

    Attributes
    ----------
    evaluation : Evaluation
        Goal fulfilment (:func:`styrkort.evaluate`).
    unit, period : str
        The unit and period followed up (default: the root unit, the last period).
    plan : AllocationPlan or None
        The allocation plan; ``allocation`` is its split (:func:`~styrkort.allocation.allocate_focus_areas`).
    allocation : Allocation or None
    projects : DataFrame or None
        The project proposals; ``selection`` is what was selected under
        ``projects_budget`` own money and ``projects_hours`` staff hours
        (None: no limit).
    selection : Selection or None
    projects_budget, projects_hours : float or None
    funds : Funds or None
        Grants and applications (external funds).
    comparison : Comparison or None
        The comparison units' values and the unit's positions among peer
        groups (:func:`styrkort.comparison.split_comparison`), kept apart from
        the evaluation; the report's indicator tables show them.
    sensitivity : Sensitivity or None
        The sensitivity analysis of the report's period
        (:func:`styrkort.sensitivity`); the report's section "Hur säkra är
        resultaten?" shows it.
    """

    evaluation: "Evaluation"
    unit: str
    period: str
    plan: Optional["AllocationPlan"] = None
    allocation: Optional["Allocation"] = None
    projects: Optional[pd.DataFrame] = None
    selection: Optional["Selection"] = None
    projects_budget: Optional[float] = None
    projects_hours: Optional[float] = None
    funds: Optional["Funds"] = None
    comparison: Optional["Comparison"] = None
    sensitivity: Optional["Sensitivity"] = None

    @property
    def strategy(self) -> "Strategy":
        return self.evaluation.strategy

    @property
    def year(self) -> Optional[int]:
        """The calendar year of the period followed up (:meth:`Evaluation.period_year
        <styrkort.Evaluation.period_year>`)."""
        return self.evaluation.period_year(self.period)

    @property
    def plan_year(self) -> Optional[int]:
        """The action plan followed up: the latest plan year up to :attr:`year`
        (:func:`styrkort.action_plan.plan_year`)."""
        from ..action_plan import plan_year

        return plan_year(self.strategy, self.year)

    def action_plan(self) -> Optional["ActionPlanFollowUp"]:
        """The follow-up of the action plan of :attr:`plan_year` for the unit and
        the units below it (:func:`styrkort.follow_up`), or None when there is no
        plan that early. The report's section and the workbook's sheets show it."""
        from ..action_plan import follow_up

        year = self.plan_year
        return None if year is None else follow_up(self.strategy, year=year, unit=self.unit)

    def report_arguments(self) -> Dict[str, Any]:
        """The keyword arguments of :func:`~styrkort.report.render_report` (after the evaluation)."""
        return dict(
            unit=self.unit,
            period=self.period,
            allocation=self.allocation,
            plan=self.plan,
            selection=self.selection,
            projects_budget=self.projects_budget,
            projects_hours=self.projects_hours,
            funds=self.funds,
            comparison=self.comparison,
            sensitivity=self.sensitivity,
        )

    def render(self, *, lang: str = "sv", title: Optional[str] = None, show_ids: bool = False) -> str:
        """The board report as one HTML document (:func:`~styrkort.report.render_report`);
        ``show_ids`` also shows the ids beside the names, for analysts."""
        from ._document import render_report

        return render_report(self.evaluation, title=title, lang=lang, show_ids=show_ids, **self.report_arguments())

    def write(self, path: PathLike, *, lang: str = "sv", title: Optional[str] = None, show_ids: bool = False) -> Path:
        """Write the board report to ``path`` (:func:`~styrkort.report.write_report`), as
        ``styrkort report`` does (``show_ids``: as ``styrkort report --show-ids``)."""
        from ._document import write_report

        return write_report(self.evaluation, path, title=title, lang=lang, show_ids=show_ids, **self.report_arguments())

    def sheets(self) -> Dict[str, pd.DataFrame]:
        """Every result table, a sheet each, as ``styrkort excel`` writes them:
        :func:`styrkort.excel.result_sheets` of the evaluation, :meth:`action_plan`,
        the funds and the allocation, ``selected_projects`` and ``comparison``
        (:meth:`Comparison.table <styrkort.comparison.Comparison.table>` of the
        unit followed up)."""
        from ..excel import result_sheets

        sheets = result_sheets(
            self.evaluation, follow_up=self.action_plan(), funds=self.funds, allocation=self.allocation
        )
        if self.selection is not None:
            sheets["selected_projects"] = self.selection.table
        if self.comparison:
            sheets["comparison"] = self.comparison.table(self.unit)
        return sheets

    def write_excel(self, path: PathLike, *, lang: str = "sv", inputs: Sequence[PathLike] = ()) -> Path:
        """Write :meth:`sheets` to one workbook (:func:`styrkort.excel.write_workbook`;
        needs the ``excel`` extra), never over one of ``inputs``."""
        from ..excel import write_workbook

        return write_workbook(path, self.sheets(), lang=lang, inputs=list(inputs))

    def __repr__(self) -> str:
        parts = [f"{self.strategy.name!r}", f"unit {self.unit}", f"period {self.period}"]
        if self.allocation is not None:
            parts.append(f"split of {len(self.allocation.table)} focus areas")
        if self.selection is not None:
            parts.append(f"{len(self.selection.selected)} of {len(self.selection.table)} projects selected")
        if self.funds is not None:
            parts.append(f"{len(self.funds.table)} grants and applications")
        if self.comparison:
            parts.append(f"compared with {', '.join(c.key for c in self.comparison.comparands)}")
        return f"<styrkort.report.FollowUpResults {', '.join(parts)}>"


def _is_path(x: Any) -> bool:
    return isinstance(x, (str, os.PathLike))


def _amount(x: Optional[float], name: str) -> Optional[float]:
    if x is None:
        return None
    v = float(x)
    if not (math.isfinite(v) and v >= 0):
        raise ArgumentError(f"build: {name} {v:g}: must be a non-negative number")
    return v


def build(
    strategy: Union["Strategy", PathLike, None] = None,
    measurements: Union["Measurements", pd.DataFrame, PathLike, None] = None,
    *,
    plan: Union["AllocationPlan", Mapping[str, Any], PathLike, None] = None,
    projects: Union[pd.DataFrame, PathLike, None] = None,
    funds: Union["Funds", PathLike, None] = None,
    projects_budget: Optional[float] = None,
    projects_hours: Optional[float] = None,
    unit: Optional[str] = None,
    period: Optional[str] = None,
    encoding: Optional[str] = None,
    compare: Any = None,
    sensitivity: Any = None,
    sensitivity_n: int = 1024,
) -> FollowUpResults:
    """Everything ``styrkort report`` and ``styrkort excel`` compute, in one call.

    Parameters
    ----------
    strategy : Strategy or path, optional
        The strategy (a JSON file is read by :func:`styrkort.load_strategy`).
    measurements : Measurements, DataFrame or path, optional
        The measurements (a CSV file is read by :func:`styrkort.load_measurements`
        with ``encoding``). Give both or neither: without them the embedded Gävle
        example is followed up, with its own plan, projects and funds unless
        others are given.
    plan : AllocationPlan, dict or path, optional
        The allocation plan (``docs/allocation.md``): adds the proposed split of
        its budget and staff days across the focus areas.
    projects : DataFrame or path, optional
        Project proposals (a CSV file is read by
        :func:`styrkort.allocation.read_projects`): adds the projects selected
        under ``projects_budget`` own money (default: the own money the split
        matches with co-financing, :attr:`Allocation.co_financed_own
        <styrkort.allocation.Allocation.co_financed_own>`) and ``projects_hours``
        staff hours (default: the plan's staff days × its ``hours_per_staff_day``;
        without a plan no limit).
    funds : Funds or path, optional
        Grants and applications (a CSV file is read by :func:`styrkort.load_funds`).
    projects_budget, projects_hours : float, optional
        Non-negative.
    unit, period : str, optional
        The unit and period followed up (default: the root unit and the last period).
    encoding : str, optional
        The text encoding of a measurements CSV file.
    compare : str, dict or list, optional
        Comparison units among the measurements (their ``unit`` is the
        comparison id, e.g. Kolada's ``"0000"`` for the whole country) and
        peer groups, in any form of :func:`styrkort.comparison.parse_compare`:
        ``"riket,jämförelsegrupp=0380+0580+1880"``, ``{"0000": "Riket",
        "jämförelsegrupp": ["0380", "0580", "1880"]}``. Their rows are taken
        off before the evaluation (:func:`styrkort.comparison.split_comparison`);
        the report's indicator tables get a column with their values and the
        unit's position in each peer group, the workbook a ``comparison``
        sheet. An id without rows in the measurements is an error naming it.
    sensitivity : list of dict, path, "example" or Sensitivity, optional
        Uncertain inputs (as :func:`styrkort.sensitivity` takes them, or a
        JSON file of them, :func:`styrkort.sensitivity.load_inputs`; "example":
        the embedded example's, only with the embedded example) or a finished
        :class:`~styrkort.sensitivity.Sensitivity` of the report's period: adds
        the report's section "Hur säkra är resultaten?" / "How sure are the
        results?". Off by default.
    sensitivity_n : int
        The Sobol' base sample N when the inputs are given (a power of two;
        N × (inputs + 2) calculations; default 1024).

    Returns
    -------
    FollowUpResults
        ``write(path)`` writes the report, ``write_excel(path)`` the workbook.

    Raises
    ------
    Error
        Naming the input (file, row, key path) and the rule: also for projects
        without a budget (neither ``projects_budget`` nor a plan), budgets
        without projects, or an unknown unit or period.

    Examples
    --------
    >>> from styrkort import report
    >>> results = report.build()                       # the embedded example  # doctest: +SKIP
    >>> results.write("rapport.html")                  # what `styrkort report --out rapport.html` writes
    """
    from .. import examples
    from ..allocation import AllocationPlan, allocate_focus_areas, read_projects
    from ..comparison import split_comparison
    from ..evaluation import evaluate
    from ..funds import Funds, load_funds
    from ..measurements import Measurements, load_measurements
    from ..strategy import Strategy, load_strategy

    if (strategy is None) != (measurements is None):
        raise ArgumentError("build: give both strategy and measurements, or neither for the embedded example")
    projects_budget = _amount(projects_budget, "projects_budget")
    projects_hours = _amount(projects_hours, "projects_hours")
    embedded = strategy is None
    if encoding is not None and not _is_path(measurements):
        raise ArgumentError("build: encoding is for a measurements file (the embedded example is UTF-8)")
    if embedded:
        strategy, measurements = examples.gavle_strategy(), examples.gavle_measurements()
    elif _is_path(strategy):
        strategy = load_strategy(strategy)  # type: ignore[arg-type]
    if not isinstance(strategy, Strategy):
        raise ArgumentError(
            f"build: strategy must be a styrkort.Strategy or a JSON file, got {type(strategy).__name__}"
        )
    if _is_path(measurements):
        measurements = load_measurements(measurements, encoding=encoding)  # type: ignore[arg-type]
    comparison = None
    if compare is not None:
        measurements, comparison = split_comparison(measurements, compare, strategy=strategy)  # type: ignore[arg-type]
    evaluation = evaluate(strategy, measurements)  # type: ignore[arg-type]
    if unit is not None and unit not in evaluation.unit_ids:
        raise ArgumentError(f"unit {unit!r}: unknown unit (the units are {', '.join(evaluation.unit_ids)})")
    if not evaluation.periods:
        source = str(measurements.source) if isinstance(measurements, Measurements) else "measurements"
        raise MeasurementError(
            f"{source}: no periods: the measurements have no rows and the strategy declares no periods, "
            "so there is no period to report on (add measurements, or declare the periods in the strategy)",
            source=source,
            rule="a report needs at least one period",
        )
    if period is not None and period not in evaluation.periods:
        raise ArgumentError(f"period {period!r}: unknown period (the periods are {', '.join(evaluation.periods)})")

    # the proposed split and the selected projects (the embedded example has both)
    if plan is None and embedded:
        plan = AllocationPlan.from_dict(examples.gavle_allocation(), source="the embedded plan")
    the_plan = None if plan is None else AllocationPlan.coerce(plan, "build: plan")
    allocation = None if the_plan is None else allocate_focus_areas(strategy, the_plan)
    where = ""
    if projects is None and embedded:
        projects, where = examples.gavle_projects(), "the embedded projects"
    elif _is_path(projects):
        projects, where = read_projects(projects, strategy), str(projects)  # type: ignore[arg-type]
    elif projects is not None:
        where = "projects"
    selection = None
    if projects is None:
        if projects_budget is not None or projects_hours is not None:
            raise ArgumentError("build: projects_budget and projects_hours need projects")
    else:
        if projects_budget is None:
            if allocation is None:
                raise ArgumentError("build: projects need projects_budget (or a plan, whose split gives the budget)")
            projects_budget = allocation.co_financed_own
        if projects_hours is None and the_plan is not None:
            projects_hours = the_plan.hours
        selection = _select(projects, projects_budget, projects_hours, where)
    if funds is not None and _is_path(funds):
        funds = load_funds(funds, strategy)  # type: ignore[arg-type]
    elif funds is None and embedded:
        funds = examples.gavle_funds(strategy)
    if funds is not None and not isinstance(funds, Funds):
        raise ArgumentError(f"build: funds must be a styrkort.Funds or a CSV file, got {type(funds).__name__}")
    period = evaluation.periods[-1] if period is None else period
    sens = _sensitivity(sensitivity, sensitivity_n, strategy, measurements, period, embedded)
    return FollowUpResults(
        evaluation,
        evaluation.root_unit if unit is None else unit,
        period,
        plan=the_plan,
        allocation=allocation,
        projects=projects,
        selection=selection,
        projects_budget=projects_budget,
        projects_hours=projects_hours,
        funds=funds,
        comparison=comparison if comparison else None,
        sensitivity=sens,
    )


def _sensitivity(spec: Any, n: int, strategy: Any, measurements: Any, period: str, embedded: bool) -> Any:
    """The sensitivity analysis the report shows: None, the one given, or one
    run on the report's period from inputs (a list, a JSON file or "example")."""
    from .. import examples
    from ..sensitivity import Sensitivity, load_inputs, sensitivity

    if spec is None or isinstance(spec, Sensitivity):
        return spec
    if isinstance(spec, str) and spec == "example":
        if not embedded:
            raise ArgumentError(
                "build: sensitivity='example' is the embedded example's inputs; give your own for your strategy"
            )
        spec = examples.path("gavle/sensitivity_inputs.json")
    if _is_path(spec):
        spec = load_inputs(spec)
    if not isinstance(spec, (list, tuple)):
        raise ArgumentError(
            "build: sensitivity must be a list of uncertain inputs, a JSON file of them, 'example' or a "
            f"styrkort.sensitivity.Sensitivity, got {type(spec).__name__}"
        )
    if isinstance(n, bool) or not isinstance(n, int):
        raise ArgumentError(f"build: sensitivity_n must be a whole number, got {n!r}")
    return sensitivity(strategy, measurements, list(spec), n=n, period=period, progress=False)


def _select(projects: Any, budget: float, hours: Optional[float], where: str) -> "Selection":
    """The projects selected under the budgets; the names, carried along, last
    in the selection's table (as the workbook's sheet has them); errors name
    where the projects came from."""
    from ..allocation import select_projects

    if not isinstance(projects, pd.DataFrame):
        raise ArgumentError(f"build: projects must be a DataFrame or a CSV file, got {type(projects).__name__}")
    names = projects["name"] if "name" in projects.columns else None
    try:
        selection = select_projects(projects.drop(columns=["name"], errors="ignore"), budget, hours=hours)
    except Error as e:
        raise type(e)(f"{where}: {e}") from None
    if names is not None:
        selection.table["name"] = names.to_numpy()
    return selection
