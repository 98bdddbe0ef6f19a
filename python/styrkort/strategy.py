"""The strategy model: goals, focus areas, indicators, units, periods, action plans.

The model lives in the C++ core; this module reads it from JSON or from pandas
tables and shows it as DataFrames.
"""

from __future__ import annotations

import json
import math
import unicodedata
from functools import cached_property
from typing import Any, Dict, List, Mapping, Optional

import pandas as pd

from . import _core
from ._display.html import html_table
from ._display.values import escape
from ._io import PathLike, read_text, write_json
from .errors import ArgumentError, StrategyError

__all__ = ["Strategy", "load_strategy", "period_kind", "period_year", "year_of_time"]


# -- the year of a period ---------------------------------------------------------
# The C++ core parses period ids (``YYYY``, ``YYYY-T1..3``, ``YYYY-H1..2``,
# ``YYYY-Q1..4``, ``YYYY-M01..12``) into a kind and a time in years and orders
# the periods by that time; it does not expose the year. These two functions are
# the one place Python derives it, by the core's own convention: a year's value
# is read at the end of the year, so the periods of year Y have times in
# (Y - 1, Y] (``2018-T1`` is 2017.33, ``2018`` and ``2018-T3`` are 2018.0).


def year_of_time(time: float) -> Optional[int]:
    """The calendar year a time (in the core's years) falls in: ⌈time⌉, so
    2018.0 is 2018 (the end of 2018) and 2017.33 is 2018 too. A time less than
    a thousandth of a year past a year's end (float noise in a forecast) still
    counts to that year. None for a missing or infinite time."""
    if time is None or not math.isfinite(float(time)):
        return None
    return int(math.ceil(float(time) - 1e-3))


def period_year(period: str, time: Optional[float] = None) -> Optional[int]:
    """The calendar year of a period.

    Parameters
    ----------
    period : str
        A period id. Every id the core parses begins with its year (``2020``,
        ``2020-T2``, ``2020-M03``), and so does any declared id that begins with
        four digits: that year.
    time : float, optional
        The period's time as the core gives it (:attr:`Evaluation.period_times
        <styrkort.Evaluation.period_times>`, ``Strategy.periods["time"]``), for a
        declared id that does not begin with a year: :func:`year_of_time`.

    Returns
    -------
    int or None
        None when neither the id nor the time tells the year.

    Examples
    --------
    >>> period_year("2020-T2"), period_year("läsår", 2020.5)
    (2020, 2021)
    """
    p = str(period)
    if len(p) >= 4 and p[:4].isdigit():
        return int(p[:4])
    return None if time is None else year_of_time(time)


# The kinds of period, by the letter after ``YYYY-`` in an id (docs/format.md,
# cpp/src/period.cpp) and the number of such periods in a year.
PERIOD_KINDS = ("year", "half_year", "tertial", "quarter", "month", "other")
_SUB_YEAR = {"H": ("half_year", 2), "T": ("tertial", 3), "Q": ("quarter", 4), "M": ("month", 12)}


def period_kind(period: str) -> str:
    """The kind of a period id, by the forms the core parses.

    Parameters
    ----------
    period : str
        A period id: ``YYYY`` (year), ``YYYY-H1..2`` (half-year), ``YYYY-T1..3``
        (tertial), ``YYYY-Q1..4`` (quarter) or ``YYYY-M01..12`` (month).

    Returns
    -------
    str
        ``"year"``, ``"half_year"``, ``"tertial"``, ``"quarter"`` or
        ``"month"``; ``"other"`` for any other id (a declared period with an
        explicit time, whose kind ``Strategy.periods`` also gives as ``"other"``).

    Examples
    --------
    >>> period_kind("2020"), period_kind("2020-T2"), period_kind("2020-M03"), period_kind("läsår")
    ('year', 'tertial', 'month', 'other')
    """
    p = str(period)
    if len(p) == 4 and p.isdigit():
        return "year"
    if len(p) >= 7 and p[:4].isdigit() and p[4] == "-" and p[5] in _SUB_YEAR and p[6:].isdigit():
        kind, n = _SUB_YEAR[p[5]]
        if len(p) == (8 if kind == "month" else 7) and 1 <= int(p[6:]) <= n:
            return kind
    return "other"


class Strategy:
    """A strategy: a DAG of nodes (vision, goals, directions, focus areas,
    sub-goals, activities, indicators) with organisational units, periods,
    action-plan activities and manual assessments.

    Build one with :meth:`from_json`, :meth:`from_dict` or :meth:`from_tables`;
    every rule of the format is checked on the way in (see ``docs/format.md``).

    Examples
    --------
    >>> import styrkort as sk
    >>> s = sk.examples.gavle_strategy()
    >>> s.focus_areas[["id", "name", "priority"]].head(2)  # doctest: +SKIP
    """

    def __init__(self, core: "_core.Strategy") -> None:
        self._strategy = core

    # -- construction -----------------------------------------------------
    @classmethod
    def from_json(cls, path: PathLike) -> "Strategy":
        """Read a strategy from a JSON file.

        Parameters
        ----------
        path : str or path-like
            The file, UTF-8 JSON in the format of ``docs/format.md``.

        Raises
        ------
        StrategyError
            Naming the file, the JSON path (or line and column) and the rule.
        """
        return cls.from_json_text(read_text(path, StrategyError), source=str(path))

    @classmethod
    def from_json_text(cls, text: str, source: str = "strategy") -> "Strategy":
        """Read a strategy from JSON text; ``source`` names it in messages.

        The text is read in Unicode normal form C (NFC): an id typed as "é" and
        one pasted as "e" + combining accent are the same id (two such nodes
        are a duplicate id), as in measurements (:class:`Measurements`)."""
        if not text.isascii():
            _check_encodable(text, source)
            if not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)
        return cls(_core.Strategy.from_json(text, source))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "strategy") -> "Strategy":
        """Build a strategy from a dict shaped like the JSON format."""
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise StrategyError(f"{source}: cannot be written as JSON: {e}") from None
        except RecursionError:
            raise StrategyError(
                f"{source}: nested too deeply to be a strategy (the format is at most six levels deep)",
                source=source,
                rule="nested too deeply",
            ) from None
        return cls.from_json_text(text, source)

    @classmethod
    def from_tables(
        cls,
        nodes: pd.DataFrame,
        *,
        units: Optional[pd.DataFrame] = None,
        periods: Optional[pd.DataFrame] = None,
        links: Optional[pd.DataFrame] = None,
        activities: Optional[pd.DataFrame] = None,
        assessments: Optional[pd.DataFrame] = None,
        targets: Optional[pd.DataFrame] = None,
        defaults: Optional[Mapping[str, Any]] = None,
        name: str = "",
        organisation: str = "",
    ) -> "Strategy":
        """Build a strategy from pandas tables, one row per node (like COINr's
        metadata table).

        Parameters
        ----------
        nodes : DataFrame
            One row per node. Columns (all but ``id`` and ``kind`` optional):
            ``id, kind, name, owner, priority, parent, weight, unit_of_measure,
            direction, band_low, band_high, tolerance, baseline_value,
            baseline_period, target_value, target_period, worst, best,
            normalisation, aggregation, p, min_coverage, min_indicator_coverage,
            impute, impute_min_indicator_coverage, status_rule, status_green,
            status_yellow, status_orange, status_red, unit_aggregation,
            carry_forward, trend_model, trend_start, trend_horizon,
            not_applicable, not_scored, target_interpolation, target_share,
            impute_min_sibling_values``. ``parent`` holds one id or several
            separated by ``;`` (all with ``weight``); ``not_applicable`` and
            ``not_scored`` hold unit ids separated by ``;``.
        units : DataFrame, optional
            ``id, name, kind, parent, weight, peer_group``.
        periods : DataFrame, optional
            ``id`` and optionally ``time``.
        links : DataFrame, optional
            Further parent links: ``child, parent, weight``.
        activities, assessments : DataFrame, optional
            Columns named as the JSON keys (``directions`` separated by ``;``).
        targets : DataFrame, optional
            Targets and baselines per period and unit: ``indicator, unit,
            period, value`` and optionally ``kind`` (``target``, the default,
            or ``baseline``). A row without ``unit`` is the indicator's own;
            with one, the unit's (overriding the indicator's). Per indicator
            and unit the latest target row is the final target and earlier
            ones are its milestones (interpolated by the node's
            ``target_interpolation``: linear, step or cagr).
        defaults : dict, optional
            As the JSON ``defaults`` object.

        Raises
        ------
        StrategyError
            Naming the table, the row and the column.
        """
        from ._tables import locate, strategy_dict_from_tables

        data, origins = strategy_dict_from_tables(
            nodes,
            units=units,
            periods=periods,
            links=links,
            activities=activities,
            assessments=assessments,
            targets=targets,
            defaults=defaults,
            name=name,
            organisation=organisation,
        )
        try:
            return cls.from_dict(data, source="tables")
        except StrategyError as e:
            raise locate(e, origins) from None

    # -- output -----------------------------------------------------------
    def to_json(self, path: Optional[PathLike] = None, indent: int = 2) -> str:
        """The strategy as JSON text; also written to ``path`` (UTF-8, whole or not at all) when given."""
        text = self._strategy.to_json(indent)
        if path is not None:
            write_json(path, text)
        return text

    def to_tables(self) -> Dict[str, pd.DataFrame]:
        """The strategy as the tables :meth:`from_tables` reads (the inverse).

        Returns
        -------
        dict
            ``strategy`` (key/value rows: name, organisation, ``defaults.*``),
            ``nodes``, and ``links``, ``targets``, ``units``, ``periods``,
            ``activities``, ``assessments`` where the strategy has them.

        Examples
        --------
        >>> t = sk.examples.gavle_strategy().to_tables()  # doctest: +SKIP
        >>> sk.Strategy.from_tables(t["nodes"], units=t["units"], activities=t["activities"])  # doctest: +SKIP
        """
        from ._tables import strategy_tables

        return strategy_tables(self.to_dict())

    def to_dict(self) -> dict:
        """The strategy as a dict in the JSON format."""
        return json.loads(self._strategy.to_json(-1))

    # -- views ------------------------------------------------------------
    @property
    def name(self) -> str:
        """The strategy's name."""
        return self._strategy.name

    @property
    def organisation(self) -> str:
        """The organisation the strategy belongs to."""
        return self._strategy.organisation

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """One row per node with its resolved methods (defaults applied)."""
        return pd.DataFrame(self._strategy.node_columns())

    @cached_property
    def units(self) -> pd.DataFrame:
        """The organisational units (a tree through ``parent``)."""
        return pd.DataFrame(self._strategy.unit_columns())

    @cached_property
    def periods(self) -> pd.DataFrame:
        """The declared periods, ordered by time (empty when none are declared)."""
        return pd.DataFrame(self._strategy.period_columns(), columns=["id", "kind", "time"])

    @cached_property
    def activities(self) -> pd.DataFrame:
        """The action plans' activities."""
        return pd.DataFrame(self._strategy.activity_columns())

    @cached_property
    def assessments(self) -> pd.DataFrame:
        """Manual statuses with their comments."""
        return pd.DataFrame(
            self._strategy.assessment_columns(), columns=["node", "unit", "period", "status", "comment"]
        )

    def units_below(self, unit: str) -> List[str]:
        """``unit`` and every organisational unit below it.

        Raises
        ------
        ArgumentError
            For an unknown unit (the units are listed).
        """
        ids = self.units["id"].tolist()
        if unit not in ids:
            raise ArgumentError(f"unknown unit {unit!r} (the units are {', '.join(map(str, ids))})")
        children: Dict[Any, List[str]] = {}
        for u, p in zip(self.units["id"], self.units["parent"]):
            children.setdefault(p, []).append(u)
        out, todo = [], [unit]
        while todo:
            u = todo.pop()
            out.append(u)
            todo.extend(children.get(u, []))
        return out

    @property
    def indicators(self) -> pd.DataFrame:
        """The indicator nodes."""
        return self.nodes[self.nodes["kind"] == "indicator"].reset_index(drop=True)

    @property
    def focus_areas(self) -> pd.DataFrame:
        """The focus areas by priority rank."""
        fa = self.nodes[self.nodes["kind"] == "focus_area"]
        return fa.sort_values("priority", na_position="last").reset_index(drop=True)

    def __repr__(self) -> str:
        kinds = self.nodes["kind"].value_counts()
        parts = ", ".join(f"{n} {k}" for k, n in kinds.items())
        return f"<styrkort.Strategy {self.name!r}: {parts}; {len(self.units)} units>"

    def _repr_html_(self) -> str:
        head = f"<b>{escape(self.name or 'Strategy')}</b> ({escape(self.organisation)})"
        cols = ["id", "kind", "name", "priority", "owner", "parents"]
        return head + html_table(self.nodes[cols])


def _check_encodable(text: str, source: str) -> None:
    r"""A str may hold a lone surrogate (\udcff, what ``surrogateescape``
    makes of a byte that is not UTF-8), which no JSON text can carry: a
    StrategyError naming the line and column instead of the binding's TypeError."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        line = text.count("\n", 0, e.start) + 1
        column = e.start - text.rfind("\n", 0, e.start)
        before = text[max(0, e.start - 30) : e.start].rsplit("\n", 1)[-1]
        raise StrategyError(
            f"{source}: line {line}, column {column}: the character {text[e.start]!r} (after {before!r}) is a "
            "lone surrogate, not text (was the file decoded with errors='surrogateescape'?); a strategy must be "
            "Unicode text",
            source=source,
            rule="lone surrogate",
        ) from None


def load_strategy(path: PathLike) -> Strategy:
    """Read and validate a strategy JSON file (see :meth:`Strategy.from_json`)."""
    return Strategy.from_json(path)
