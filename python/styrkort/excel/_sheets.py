"""The result tables of an evaluation, a follow-up and a strategy as sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pandas as pd

from .. import _tables
from .._display.words import LANGUAGES
from .._io import PathLike
from ..errors import ArgumentError
from ._words import enumerations
from ._write import _write

# -- tables of an evaluation and of a strategy -----------------------------------
SCORE_COLUMNS = ["unit", "node", "kind", "name", "period", "value", "target", "score", "coverage", "rank", "imputed"]
STATUS_COLUMNS = ["unit", "node", "kind", "name", "period", "status", "computed_status", "comment", "reason", "manual"]
# the forecast as a period ("2024", "2024-T2"), not a time in years
TREND_COLUMNS = [
    "unit",
    "node",
    "name",
    "period",
    "value",
    "target",
    "trend",
    "trend_ratio",
    "arrow",
    "forecast_period",
]


def evaluation_sheets(evaluation: Any, *, latest: bool = False, unit: Optional[str] = None) -> Dict[str, pd.DataFrame]:
    """The sheets ``scores``, ``statuses``, ``trends`` and ``warnings`` of an evaluation.

    Every period is included (an analyst filters with the autofilter), but a
    row is left out when nothing was measured for it: it needs a value, a
    score, some coverage (so a goal that is not assessable because too few of
    its indicators have data is kept) or a manual comment.

    Parameters
    ----------
    evaluation : Evaluation
    latest : bool
        Keep, per unit and node, only the latest period with a value or a
        score (see :meth:`Evaluation.table <styrkort.Evaluation.table>`).
    unit : str, optional
        Only this unit (default: every unit).

    Returns
    -------
    dict
        ``{"scores": …, "statuses": …, "trends": …, "warnings": …}``,
        DataFrames with the columns of :data:`SCORE_COLUMNS`,
        :data:`STATUS_COLUMNS` and :data:`TREND_COLUMNS` (``trends`` has
        indicators only), and the evaluation's warnings (of ``unit`` when
        given, with those about every unit).
    """
    if not hasattr(evaluation, "table"):
        raise ArgumentError(f"expected a styrkort.Evaluation, got {type(evaluation).__name__}")
    if unit is not None and unit not in evaluation.unit_ids:
        raise ArgumentError(
            f"evaluation_sheets: unknown unit {unit!r} (the units are {', '.join(map(str, evaluation.unit_ids))})"
        )
    t = evaluation.table(latest=latest, unit=unit)
    measured = t["value"].notna() | t["score"].notna() | (t["coverage"].fillna(0) > 0) | t["comment"].notna()
    t = t[measured.to_numpy()].reset_index(drop=True)
    indicators = t[(t["kind"] == "indicator").to_numpy() & t["value"].notna().to_numpy()]
    warnings = evaluation.warnings
    if unit is not None:
        warnings = warnings[(warnings["unit"].isna() | (warnings["unit"] == unit)).to_numpy()]
    return {
        "scores": t[SCORE_COLUMNS].reset_index(drop=True),
        "statuses": t[STATUS_COLUMNS].reset_index(drop=True),
        "trends": indicators[TREND_COLUMNS].reset_index(drop=True),
        "warnings": warnings.reset_index(drop=True),
    }


# The action plan's activities as a sheet: what the follow-up shows of each.
ACTIVITY_SHEET_COLUMNS = [
    "id",
    "name",
    "focus_area",
    "focus_area_name",
    "year",
    "owner",
    "unit",
    "means",
    "directions",
    "status",
    "planned_cost",
    "spent_cost",
    "cost_deviation",
    "planned_hours",
    "spent_hours",
    "hours_deviation",
    "gas_expected",
    "gas_attained",
    "gas_outcome",
    "gas_weight",
]


def result_sheets(
    evaluation: Any = None, *, follow_up: Any = None, funds: Any = None, allocation: Any = None, latest: bool = False
) -> Dict[str, pd.DataFrame]:
    """Every result table of a follow-up, as the sheets of one workbook.

    Parameters
    ----------
    evaluation : Evaluation, optional
        Gives ``scores``, ``statuses`` and ``trends`` (:func:`evaluation_sheets`).
    follow_up : ActionPlanFollowUp, optional
        Gives ``activities`` (one row per activity) and ``follow_up`` (per focus
        area: statuses, cost and hours, GAS T-score).
    funds : Funds, optional
        Gives ``funds`` (the grants and applications), ``funds_compilation``
        (granted funds by programme, focus area and decision year) and
        ``liquidity`` (the pre-financing need per month).
    allocation : Allocation or DataFrame, optional
        Gives ``allocation`` (the proposed split).
    latest : bool
        Passed to :func:`evaluation_sheets`.

    Returns
    -------
    dict
        Sheet name to table, for :func:`write_workbook`.
    """
    sheets: Dict[str, pd.DataFrame] = {}
    if evaluation is not None:
        sheets.update(evaluation_sheets(evaluation, latest=latest))
    if follow_up is not None:
        acts = follow_up.activities[ACTIVITY_SHEET_COLUMNS].copy()
        acts["directions"] = ["; ".join(d) for d in acts["directions"]]
        sheets["activities"] = acts
        sheets["follow_up"] = follow_up.summary("focus_area")
    if funds is not None:
        sheets["funds"] = funds.table
        sheets["funds_compilation"] = funds.compilation()
        sheets["liquidity"] = funds.liquidity().monthly
    if allocation is not None:
        sheets["allocation"] = getattr(allocation, "table", allocation)
    if not sheets:
        raise ArgumentError("result_sheets: give at least one of evaluation, follow_up, funds, allocation")
    return sheets


def strategy_sheets(strategy: Any) -> Dict[str, pd.DataFrame]:
    """A strategy as the sheets :func:`read_strategy_excel` reads: the tables of
    :meth:`Strategy.to_tables <styrkort.Strategy.to_tables>`."""
    if not hasattr(strategy, "to_dict"):
        raise ArgumentError(f"expected a styrkort.Strategy, got {type(strategy).__name__}")
    return _tables.strategy_tables(strategy.to_dict())


def write_strategy_excel(
    path: PathLike, strategy: Any, *, lang: Optional[str] = "sv", inputs: Sequence[PathLike] = ()
) -> Path:
    """Write a strategy as a workbook that :func:`read_strategy_excel` reads
    back: a template to fill in (the sheets of :func:`strategy_sheets`; the
    headers are the column ids).

    The columns that hold one of a few values (``nodes``: ``kind``,
    ``direction``; ``activities``: ``status``, ``means``; ``assessments``:
    ``status``) are written in the words of ``lang``, those the Excel output and
    the report show (``Fokusområde``, ``Högre är bättre``, ``Genomförd``,
    ``Uppfyllt``), and carry a drop-down list of them (Excel's data validation:
    another value is refused when typed). :func:`read_strategy_excel` reads
    these words in either language, and the format's codes, in any case.

    Parameters
    ----------
    path : str or path-like
        The ``.xlsx`` file.
    strategy : Strategy
    lang : {"sv", "en"} or None
        The words of the enumerated columns and their drop-downs; None writes
        the format's codes (``focus_area``, ``higher_is_better``) and lists them.
    inputs : sequence of path-like
        Files that must not be overwritten.

    Returns
    -------
    Path
    """
    if lang is not None and lang not in LANGUAGES:
        raise ArgumentError(f"write_strategy_excel: unknown language {lang!r} (allowed: {', '.join(LANGUAGES)}, None)")
    sheets = strategy_sheets(strategy)
    lists: Dict[str, Dict[str, List[str]]] = {}
    for (table, column), words in enumerations(lang or "en").items():
        if table not in sheets:
            continue
        if lang is not None and column in sheets[table].columns:
            frame = sheets[table] = sheets[table].copy()
            frame[column] = [words.get(v, v) if isinstance(v, str) else v for v in frame[column]]
        lists.setdefault(table, {})[column] = list(words.values()) if lang else list(words)
    return _write(path, sheets, lang=None, inputs=inputs, lists=lists, list_lang=lang or "en")


def write_measurements_excel(
    path: PathLike, measurements: Any, *, sheet: str = "measurements", inputs: Sequence[PathLike] = ()
) -> Path:
    """Write measurements as a sheet that :func:`read_measurements_excel` reads
    back exactly (headers are the column ids; every number keeps all its digits).

    Parameters
    ----------
    path : str or path-like
        The ``.xlsx`` file.
    measurements : Measurements or DataFrame
    sheet : str
        The sheet's name.
    inputs : sequence of path-like
        Files that must not be overwritten.

    Returns
    -------
    Path
    """
    frame = getattr(measurements, "frame", measurements)
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"expected styrkort.Measurements or a DataFrame, got {type(measurements).__name__}")
    return _write(path, {sheet: frame}, lang=None, inputs=inputs)
