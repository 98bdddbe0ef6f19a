"""The board report: one self-contained HTML document.

:func:`render_report` turns an :class:`~styrkort.Evaluation` into one
self-contained HTML file (inline CSS and SVG, no scripts, no network
resources) that prints on A4: the board's summary on the first page
(``_summary.py``), then goal fulfilment, a traffic-light dashboard per focus
area and goal (each status with its reason in the report's language,
``_reasons.py``), every indicator with baseline, target, outcome, trend,
forecast and a sparkline, the action plans' activities and, when given, the
proposed split of next year's resources and the selected projects.

Every text that comes from the user (names, ids, owners, comments, notes) is
escaped. Visible text names things; ids are in the ``data-`` attributes (and
shown with ``show_ids``). A missing value is shown as "–" with its state,
never as 0.
"""

from __future__ import annotations

import datetime as _dt
import math
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import pandas as pd

from .._deprecated import warn_renamed
from .._display.html import badge as _badge
from .._display.html import na as _na
from .._display.numbers import number as _number
from .._display.numbers import percent as _percent
from .._display.palette import (
    ACTIVITY_COLOURS,
    ACTIVITY_ORDER,
    ARROWS,
    DASH,
    EXTERNAL_COLOUR,
    KIND_ORDER,
    OWN_COLOUR,
    STATUS_COLOURS,
    STATUS_ORDER,
    SUMMARY_GROUPS,
)
from .._display.periods import line_kind as _line_kind
from .._display.periods import year_labels as _year_labels
from .._display.svg import LABEL_SIZE as _LABEL_SIZE
from .._display.svg import amount_bar as _amount_bar
from .._display.svg import chart_key as _chart_key
from .._display.svg import label_boxes as _label_boxes
from .._display.svg import labels_fit as _labels_fit
from .._display.svg import sparkline as _sparkline
from .._display.svg import stacked_bar as _stacked_bar
from .._display.svg import swatch as _swatch
from .._display.values import escape as _e
from .._display.values import is_missing as _missing
from .._display.values import text as _text
from .._display.words import REPORT as LABELS
from .._display.words import SECTIONS, SENSITIVITY
from .._io import PathLike, write_atomic
from .._version import __version__
from ..errors import ArgumentError
from ..strategy import period_year, year_of_time
from . import _comparison, _sensitivity
from ._reasons import Explainer, previous_period
from ._summary import board_summary, counts_of, rules_block, summary_kind


@lru_cache(maxsize=1)
def _css() -> str:
    """The report's style sheet (style.css beside this module), read once."""
    # on lines of its own inside <style> (the file ends with a newline)
    return "\n" + (resources.files(__package__) / "style.css").read_text(encoding="utf-8")


def _year(activity: Mapping[str, Any]) -> Optional[int]:
    y = activity.get("year")
    return None if y is None or _missing(y) else int(y)


# -- report -------------------------------------------------------------------
ALLOCATION_COLUMNS = ("focus_area", "own", "external", "total")


def _check_allocation(
    allocation: Any, plan: Any, selection: Any
) -> Tuple[Optional[pd.DataFrame], Optional[Mapping[str, Any]], Any]:
    from ..allocation import Allocation, Selection

    if isinstance(allocation, Allocation):
        # the result carries the plan it was made from; a plan given explicitly wins
        plan = allocation.plan if plan is None else plan
        allocation = allocation.table
    if allocation is not None:
        if not isinstance(allocation, pd.DataFrame):
            raise ArgumentError(
                "render_report: allocation must be the result of "
                "styrkort.allocation.allocate_focus_areas (an Allocation, or its table), "
                f"got {type(allocation).__name__}"
            )
        missing = [c for c in ALLOCATION_COLUMNS if c not in allocation.columns]
        if missing:
            raise ArgumentError(
                f"render_report: allocation has no column {missing[0]!r} (expected the columns of "
                "allocate_focus_areas: focus_area, name, priority, weight, own, external, total, "
                "binding, staff_days)"
            )
    if plan is not None and not isinstance(plan, Mapping):
        raise ArgumentError(f"render_report: plan must be the allocation plan (a dict), got {type(plan).__name__}")
    if plan is not None and "areas" in plan and "focus_areas" not in plan:  # a dict with the key's name before 0.2
        warn_renamed('render_report: the plan\'s key "areas"', '"focus_areas"', stacklevel=5)
        plan = {**plan, "focus_areas": plan["areas"]}
    if selection is not None and not isinstance(selection, Selection):
        raise ArgumentError(
            "render_report: selection must be the result of styrkort.allocation.select_projects, "
            f"got {type(selection).__name__}"
        )
    return allocation, plan, selection


def _check_amount(x: Any, name: str) -> Optional[float]:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise ArgumentError(f"render_report: {name} must be a number, got {x!r}") from None
    if math.isnan(v) or v < 0:
        raise ArgumentError(f"render_report: {name} must be a non-negative number, got {x!r}")
    return v


# The first warnings shown in the report's header; the rest are counted.
WARNINGS_SHOWN = 12


class _Report:
    """Builds the report's HTML from an evaluation (one unit and period)."""

    def __init__(
        self,
        ev: Any,
        title: Optional[str],
        unit: Optional[str],
        period: Optional[str],
        lang: str,
        allocation: Optional[pd.DataFrame] = None,
        plan: Optional[Mapping[str, Any]] = None,
        selection: Any = None,
        projects_budget: Optional[float] = None,
        projects_hours: Optional[float] = None,
        funds: Any = None,
        comparison: Any = None,
        show_ids: bool = False,
        sensitivity: Any = None,
    ):
        from ..comparison import Comparison
        from ..evaluation import Evaluation
        from ..funds import Funds

        if not isinstance(ev, Evaluation):
            raise ArgumentError(f"render_report: expected a styrkort.Evaluation, got {type(ev).__name__}")
        if lang not in LABELS:
            raise ArgumentError(f"render_report: unknown language {lang!r} (allowed: {', '.join(LABELS)})")
        if funds is not None and not isinstance(funds, Funds):
            raise ArgumentError(f"render_report: funds must be a styrkort.Funds, got {type(funds).__name__}")
        if comparison is not None and not isinstance(comparison, Comparison):
            raise ArgumentError(
                f"render_report: comparison must be a styrkort.comparison.Comparison, got {type(comparison).__name__}"
            )
        self.funds = funds
        self.comparison = comparison
        self.show_ids = bool(show_ids)
        self.ev = ev
        self.s = ev.strategy
        self.L = LABELS[lang]
        self.lang = lang
        self.unit = ev.root_unit if unit is None else str(unit)
        if self.unit not in ev.unit_ids:
            raise ArgumentError(
                f"render_report: unknown unit {self.unit!r} (the units are {', '.join(map(str, ev.unit_ids))})"
            )
        if period is None:
            if not ev.periods:
                raise ArgumentError("render_report: the evaluation has no periods")
            period = ev.periods[-1]
        self.period = str(period)
        if self.period not in ev.periods:
            raise ArgumentError(
                f"render_report: unknown period {self.period!r} (the periods are {', '.join(map(str, ev.periods))})"
            )
        self.time = float(ev.period_times[ev.periods.index(self.period)])
        self.title = title
        _sensitivity.check(sensitivity, self.unit, self.period)
        self.sensitivity = sensitivity

        nodes = self.s.nodes
        self.node_info: Dict[str, dict] = {str(r["id"]): r for r in nodes.to_dict("records")}
        units = self.s.units
        self.unit_names = {str(r["id"]): _text(r.get("name")) for r in units.to_dict("records")}
        self.unit_parent = {str(r["id"]): _text(r.get("parent")) for r in units.to_dict("records")}

        t = ev.table(unit=self.unit)
        keep = [
            "node",
            "kind",
            "period",
            "time",
            "value",
            "origin",
            "target",
            "score",
            "status",
            "computed_status",
            "manual",
            "reason",
            "comment",
            "trend",
            "trend_ratio",
            "arrow",
            "forecast",
            "coverage",
            "imputed",
        ]
        t = t[keep]
        records = t.assign(
            **{
                c: t[c].astype(object)
                for c in ("node", "kind", "period", "origin", "status", "computed_status", "trend", "arrow")
            }
        ).to_dict("records")
        self.history: Dict[str, List[dict]] = {}
        self.current: Dict[str, dict] = {}
        for r in records:
            node = str(r["node"])
            self.history.setdefault(node, []).append(r)
            if str(r["period"]) == self.period:
                self.current[node] = r
        for rows in self.history.values():
            rows.sort(key=lambda r: r["time"])
        # charts over time only when there is more than one period to draw
        self.charts = int(np.sum(np.asarray(ev.period_times, dtype=float) <= self.time + 1e-9)) > 1
        self.allocation, self.plan, self.selection = _check_allocation(allocation, plan, selection)
        self.projects_budget = _check_amount(projects_budget, "projects_budget")
        self.projects_hours = _check_amount(projects_hours, "projects_hours")
        # why each status, and the period the summary compares with
        self.explain = Explainer(ev, self.unit, self.period, self.L, self.current)
        self.previous = previous_period(ev, self.period)
        self.left_out = self.find_left_out()

    # -- pieces -----------------------------------------------------------------
    def unit_label(self, unit: str) -> str:
        """A unit's name; with ``show_ids`` also its id: "Gävle kommun (gavle)"."""
        name = self.unit_names.get(unit, "")
        if not name:
            return unit
        return f"{name} ({unit})" if self.show_ids and name != unit else name

    def id_tag(self, key: Any) -> str:
        """An id beside a name, for analysts (``show_ids``); nothing by default.
        The ids are always in the elements' ``data-`` attributes."""
        k = _text(key)
        return f' <span class="id">{_e(k)}</span>' if self.show_ids and k else ""

    def row_at(self, node: str, period: str) -> Optional[dict]:
        """The node's row of the unit's table for ``period``."""
        return next((r for r in self.history.get(node, []) if str(r["period"]) == period), None)

    def find_left_out(self) -> Dict[str, str]:
        """The nodes the report leaves out for the unit, and why: ``not_applicable``
        (declared not applicable, or none of its parts applies; a node declared
        not scored stays) or, in a unit's report below the root, ``empty``: an
        indicator with neither values up to the period nor a target for the
        unit, or a goal or focus area that cannot be assessed and has only
        such indicators below it."""
        out: Dict[str, str] = {}
        for node in self.node_info:
            r = self.current.get(node)
            if r is not None and _text(r["status"]) == "not_applicable" and not self.explain.flag(node, "not_scored"):
                out[node] = "not_applicable"
        if self.unit == self.ev.root_unit:
            return out
        for node, info in self.node_info.items():
            if node in out or _text(info.get("kind")) != "indicator":
                continue
            has_target = any(p["kind"] != "baseline" for p in self.ev.target_path(node, self.unit).to_dict("records"))
            if self.latest_value(node) is None and not has_target:
                out[node] = "empty"

        def below(node: str, seen: set) -> List[str]:
            found = []
            for c in self.explain.children.get(node, []):
                if c in seen:
                    continue
                seen.add(c)
                kind = _text(self.node_info.get(c, {}).get("kind"))
                found += [c] if kind == "indicator" else below(c, seen)
            return found

        for node, info in self.node_info.items():
            r = self.current.get(node)
            if node in out or _text(info.get("kind")) == "indicator" or r is None:
                continue
            inds = below(node, set())
            if _text(r["status"]) == "not_assessable" and inds and all(i in out for i in inds):
                out[node] = "empty"
        return out

    def shown(self, node: str) -> bool:
        return node not in self.left_out

    def counts(self) -> Dict[str, Dict[str, int]]:
        """Per kind of node, how many of those shown are fulfilled, partly,
        not fulfilled and not assessable (the summary's counts)."""
        by_kind: Dict[str, List[str]] = {}
        for node, info in self.node_info.items():
            r = self.current.get(node)
            if r is None or not self.shown(node) or _text(r["status"]) == "not_applicable":
                continue
            by_kind.setdefault(_text(info.get("kind")), []).append(_text(r["status"]))
        return {k: counts_of(v) for k, v in by_kind.items()}

    def node_name(self, node: str) -> str:
        info = self.node_info.get(node)
        name = _text(info.get("name")) if info else ""
        return name or node

    def status_cell(self, r: Optional[dict]) -> str:
        """Status badge with its reason under it, in the report's language; for
        a manual status the mark, the assessment's comment, and the computed
        status with its reason; an assessment's comment (with or without a
        manual status)."""
        L = self.L
        if r is None:
            return _badge("not_assessable", L)
        node = str(r["node"])
        reason = self.explain.reason(node)
        why = f'<span class="reason">{_e(reason)}</span>' if reason else ""
        out = [_badge(r["status"], L)]
        comment = r.get("comment")
        quote = f'<blockquote class="comment">{_e(comment)}</blockquote>' if not _missing(comment) else ""
        if r.get("manual"):
            out.append(f'<span class="manual">✎ {_e(L["manual"])}</span>{quote}')
            out.append(f'<span class="computed">{_e(L["computed"])}: {_badge(r["computed_status"], L)}{why}</span>')
        else:
            out.append(why + quote)
        return "".join(out)

    def score_cell(self, r: Optional[dict]) -> str:
        if r is None or _missing(r.get("score")):
            state = self.L["status_word"].get(_text(r["status"]) if r else "not_assessable", "")
            return _na(state)
        return f'<span class="num-main">{_e(_number(r["score"], self.L, 0))}</span>'

    def coverage_cell(self, r: Optional[dict]) -> str:
        p = None if r is None else _percent(r.get("coverage"), self.L)
        return _e(p) if p is not None else _na()

    # -- charts over time -----------------------------------------------------------
    # Every sparkline of the report has one time axis: the periods up to the one
    # followed up. The values of the line's kind of period (the years, when there
    # are years) are joined; values of other kinds (tertials, ...) are points apart.
    CHART_WIDTH = 90

    @cached_property
    def chart_periods(self) -> List[Tuple[str, float, str]]:
        """(period, time, kind) of the periods the charts span, in time order."""
        ev = self.ev
        rows = zip(ev.periods, (float(t) for t in ev.period_times), ev.period_kinds)
        return sorted((r for r in rows if r[1] <= self.time + 1e-9), key=lambda r: r[1])

    @cached_property
    def line_kind(self) -> Optional[str]:
        return _line_kind([k for _, _, k in self.chart_periods])

    @cached_property
    def chart_axis(self) -> List[Tuple[float, str]]:
        """The time axis' labels: every period when all their names fit the
        chart's width side by side, else the years (thinned by the chart)."""
        periods = self.chart_periods
        if not periods:
            return []
        t0, t1 = periods[0][1], periods[-1][1]
        w, pad = float(self.CHART_WIDTH), 4.0

        def x(t: float) -> float:
            return w / 2.0 if t1 - t0 < 1e-12 else pad + (t - t0) / (t1 - t0) * (w - 2 * pad)

        every = [(x(t), p) for p, t, _ in periods]
        if _labels_fit(_label_boxes(every, _LABEL_SIZE, 0.0, w), _LABEL_SIZE / 2.0):
            return [(t, p) for p, t, _ in periods]
        return _year_labels([t for _, t, _ in periods], [period_year(p, t) for p, t, _ in periods])

    def trend_chart(
        self,
        rows: List[dict],
        column: str,
        label: str,
        *,
        target: Optional[float] = None,
        band: Optional[Tuple[float, float]] = None,
        decimals: Optional[int] = None,
    ) -> str:
        """The sparkline of ``column`` ("value" or "score") of history rows on the report's time axis."""
        kind = {p: k for p, _, k in self.chart_periods}
        rows = [r for r in rows if str(r["period"]) in kind and not _missing(r[column])]
        if not rows:
            return _na()
        periods = self.chart_periods
        return _sparkline(
            [(float(r["time"]), float(r[column])) for r in rows],
            L=self.L,
            label=label,
            target=target,
            band=band,
            separate=[kind[str(r["period"])] != self.line_kind for r in rows],
            span=(periods[0][1], periods[-1][1]),
            axis=self.chart_axis,
            decimals=decimals,
            width=self.CHART_WIDTH,
        )

    def th_chart(self, heading: str) -> str:
        """A chart column's heading; when the charts have points apart, what
        the line and the points are ("● helår ◇ tertial")."""
        kinds = [k for _, _, k in self.chart_periods]
        apart = [k for k in dict.fromkeys(kinds) if k != self.line_kind]
        key = ""
        if apart and self.line_kind is not None:
            words = self.L["period_kind"]
            key = (
                f'<span class="chart-key" title="{_e(self.L["chart_key"])}">'
                f'<span class="key-item">{_chart_key(False)}{_e(words.get(self.line_kind, self.line_kind))}</span> '
                f'<span class="key-item">{_chart_key(True)}{_e(", ".join(words.get(k, k) for k in apart))}</span>'
                "</span>"
            )
        return f'<th class="chart">{_e(heading)}{key}</th>'

    def th_history(self) -> str:
        return self.th_chart(self.L["history"]) if self.charts else ""

    def score_history(self, node: str) -> str:
        """The score sparkline's cell (nothing when there is one period)."""
        return f'<td class="chart">{self.score_chart(node)}</td>' if self.charts else ""

    def score_chart(self, node: str) -> str:
        rows = [r for r in self.history.get(node, []) if r["time"] <= self.time + 1e-9 and not _missing(r["score"])]
        if not rows:
            return _na()
        values = ", ".join(f"{r['period']}: {_number(r['score'], self.L, 0)}" for r in rows)
        label = self.L["spark_title"].format(name=self.node_name(node), values=values)
        return self.trend_chart(rows, "score", label, decimals=0)

    # -- sections ---------------------------------------------------------------
    def header(self) -> str:
        L, s = self.L, self.s
        title = self.title if self.title is not None else (s.name or L["report"])
        rows = [(L["strategy"], s.name)] if title != s.name else []
        rows += [
            (L["organisation"], s.organisation),
            (L["unit"], self.unit_label(self.unit)),
            (L["period"], self.period),
            (L["generated"], _dt.date.today().isoformat()),
        ]
        meta = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v) if _text(v) else DASH}</dd>" for k, v in rows)
        out = [
            f'<header class="top"><p class="kicker">{_e(L["report"])}</p><h1>{_e(title)}</h1>'
            f'<dl class="meta">{meta}</dl></header>'
        ]
        notes = self.notes()
        if notes:
            items = "".join(f"<li>{_e(n)}</li>" for n in notes)
            out.append(
                f'<aside class="note" role="note"><p><strong>{_e(L["notes_heading"])}:</strong> '
                f"{_e(L['notes_intro'])}</p><ul>{items}</ul></aside>"
            )
        return "".join(out)

    def warnings_note(self) -> str:
        """Every warning about what the report shows (the first WARNINGS_SHOWN, the rest counted)."""
        L = self.L
        warnings = self.warnings()
        if not warnings:
            return ""
        shown = warnings[:WARNINGS_SHOWN]
        items = "".join(f'<li data-code="{_e(code)}">{_e(text)}</li>' for code, text, _ in shown)
        more = len(warnings) - len(shown)
        if more:
            items += f'<li class="more">{_e(L["warnings_more"].format(n=more))}</li>'
        return (
            f'<aside class="note warnings" role="note"><p><strong>{_e(L["warnings_heading"])}:</strong> '
            f"{_e(L['warnings_intro'])}</p><ul>{items}</ul></aside>"
        )

    def warnings(self) -> List[Tuple[str, str, str]]:
        """The evaluation's warnings about this unit and period (and those about
        every unit or period) and about nodes the report shows, in the report's
        language, with names; once each: (code, text, node)."""
        w = self.ev.warnings
        here = (w["unit"].isna() | (w["unit"] == self.unit)) & (w["period"].isna() | (w["period"] == self.period))
        words = self.L["warning"]
        out: Dict[Tuple[str, str, str], None] = {}
        for r in w[here].to_dict("records"):
            code, node = str(r["code"]), str(r["node"])
            if not self.shown(node):
                continue
            key = "missing_target_all" if code == "missing_target" and _missing(r["unit"]) else code
            cov = self.current.get(node, {}).get("coverage")
            text = words[key].format(
                node=self.node_name(node), unit=self.unit_label(self.unit), coverage=_percent(cov, self.L) or DASH
            )
            out[(code, text, node)] = None
        return list(out)

    def notes(self) -> List[str]:
        """The measurements' notes of the values the report shows: of the
        indicators shown, up to the period followed up, for the unit (and, for
        a value rolled up from the units below it, for those units); once each."""
        m = self.ev.measurements
        frame = getattr(m, "frame", None)
        if frame is None or "note" not in frame.columns:
            return []
        below = set(self.s.units_below(self.unit))
        cells: set = set()  # (indicator, unit, period) of the values shown
        for node, info in self.node_info.items():
            if _text(info.get("kind")) != "indicator" or not self.shown(node):
                continue
            rows = [r for r in self.history.get(node, []) if r["time"] <= self.time + 1e-9]
            for k, r in enumerate(rows):
                origin = _text(r.get("origin"))
                if _missing(r["value"]):
                    continue
                if origin == "carried_forward":  # the observation it carries
                    src = [
                        x for x in rows[:k] if not _missing(x["value"]) and _text(x.get("origin")) != "carried_forward"
                    ]
                    if src:
                        r, origin = src[-1], _text(src[-1].get("origin"))
                units = below if origin == "units" else {self.unit}
                cells.update((node, u, str(r["period"])) for u in units)
        seen: Dict[str, None] = {}
        for ind, unit, period, n in zip(frame["indicator"], frame["unit"], frame["period"], frame["note"]):
            t = _text(n).strip()
            if t and t not in seen and (str(ind), str(unit), str(period)) in cells:
                seen[t] = None
        return list(seen)

    def toc(self, sections: List[Tuple[str, str]]) -> str:
        items = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in sections)
        return f'<nav class="toc"><strong>{_e(self.L["contents"])}</strong><ol>{items}</ol></nav>'

    def summary(self) -> str:
        """Goal fulfilment: the shares of the nodes shown per status and kind, and every warning."""
        L = self.L
        counts = self.counts()
        order = {k: i for i, k in enumerate(KIND_ORDER)}
        rows: List[Dict[str, Any]] = []
        for kind in sorted(counts, key=lambda k: order.get(k, len(order))):
            c = counts[kind]
            shares = {g: c[g] / c["n"] if c["n"] else math.nan for g, _ in SUMMARY_GROUPS}
            rows.append({"kind": kind, "n": c["n"], **shares})
        head = "".join(f'<th class="num">{_e(L[g])}</th>' for g, _ in SUMMARY_GROUPS)
        out = [
            f'<section id="summary"><h2>{_e(L["summary"])}</h2>',
            f'<p class="intro">{_e(L["summary_intro"].format(unit=self.unit_label(self.unit), period=self.period))}'
            "</p>",
            self.warnings_note(),
        ]
        out.append(
            f'<table class="r summary"><thead><tr><th>{_e(L["level"])}</th><th class="num">'
            f"{_e(L['count'])}</th>{head}<th>{_e(L['distribution'])}</th></tr></thead><tbody>"
        )
        for r in rows:
            kind = str(r["kind"])
            cells, segs = [], []
            for g, colour in SUMMARY_GROUPS:
                share = float(r[g]) if not _missing(r[g]) else float("nan")
                p = _percent(share, L)
                cells.append(f'<td class="num" data-group="{g}">{_e(p) if p else _na()}</td>')
                segs.append((0.0 if math.isnan(share) else share, STATUS_COLOURS[colour][0], f"{L[g]} {p or DASH}"))
            out.append(
                f'<tr data-kind="{_e(kind)}"><td>{_e(L["kind_plural"].get(kind, kind))}</td>'
                f'<td class="num">{_e(int(r["n"]))}</td>{"".join(cells)}<td>{_stacked_bar(segs)}</td></tr>'
            )
        out.append("</tbody></table></section>")
        return "".join(out)

    def focus_areas(self) -> str:
        L = self.L
        fa = self.s.focus_areas
        fa = fa[[self.shown(str(n)) for n in fa["id"]]]
        out = [
            f'<section id="focus-areas"><h2>{_e(L["focus_areas_heading"])}</h2>'
            f'<p class="intro">{_e(L["focus_areas_intro"])}</p>'
        ]
        if len(fa) == 0:
            out.append(f"<p>{_e(L['no_nodes'])}</p></section>")
            return "".join(out)
        out.append(
            f'<table class="r dash focus"><thead><tr><th class="num">{_e(L["priority"])}</th>'
            f'<th>{_e(L["focus_area"])}</th><th>{_e(L["owner"])}</th><th class="num">{_e(L["score"])}</th>'
            f'<th>{_e(L["status"])}</th><th class="num">{_e(L["coverage"])}</th>'
            f"{self.th_history()}</tr></thead><tbody>"
        )
        for rec in fa.to_dict("records"):
            node = str(rec["id"])
            r = self.current.get(node)
            prio = _number(rec.get("priority"), L, 0)
            out.append(
                f'<tr data-node="{_e(node)}"><td class="num">{_e(prio) if prio else _na()}</td>'
                f'<td><span class="bigdot">{_e(_text(rec["name"]) or node)}</span>{self.id_tag(node)}</td>'
                f"<td>{_e(_text(rec.get('owner'))) or _na()}</td>"
                f'<td class="num score">{self.score_cell(r)}</td><td class="status">{self.status_cell(r)}</td>'
                f'<td class="num">{self.coverage_cell(r)}</td>{self.score_history(node)}</tr>'
            )
        out.append("</tbody></table></section>")
        return "".join(out)

    def depth(self, node: str, limit: Optional[int] = None) -> int:
        """The number of links from ``node`` up to the nearest root, at most
        ``limit`` (breadth first: no recursion, so a 100,000-deep tree is fine)."""
        level, seen = [node], {node}
        d = 0
        while level and (limit is None or d < limit):
            up = []
            for n in level:
                info = self.node_info.get(n)
                parents = [str(p) for p in (info.get("parents") or [])] if info else []
                if not parents:
                    return d
                up += [p for p in parents if p not in seen]
                seen.update(parents)
            level = up
            d += 1
        return d

    def goals(self) -> str:
        L = self.L
        kinds = [k for k in KIND_ORDER if k not in ("focus_area", "indicator")]
        recs = [r for r in self.s.nodes.to_dict("records") if str(r["kind"]) in kinds and self.shown(str(r["id"]))]
        out = [f'<section id="goals"><h2>{_e(L["goals_heading"])}</h2>']
        if not recs:
            out.append(f"<p>{_e(L['no_nodes'])}</p></section>")
            return "".join(out)
        # the rules of the goals the summary did not state
        stated = summary_kind(self)
        out.append(rules_block(self, [str(r["id"]) for r in recs if str(r["kind"]) != stated]))
        out.append(
            f'<table class="r dash goals"><thead><tr><th>{_e(L["name"])}</th><th>{_e(L["kind"])}</th>'
            f'<th>{_e(L["owner"])}</th><th class="num">{_e(L["score"])}</th><th>{_e(L["status"])}</th>'
            f'<th class="num">{_e(L["coverage"])}</th>{self.th_history()}</tr></thead><tbody>'
        )
        for rec in recs:
            node = str(rec["id"])
            r = self.current.get(node)
            d = self.depth(node, limit=3)
            kind = str(rec["kind"])
            out.append(
                f'<tr data-node="{_e(node)}"><td class="depth{d}"><span class="bigdot">'
                f"{_e(_text(rec['name']) or node)}</span>{self.id_tag(node)}</td>"
                f"<td>{_e(L['kind_name'].get(kind, kind))}</td><td>{_e(_text(rec.get('owner'))) or _na()}</td>"
                f'<td class="num score">{self.score_cell(r)}</td><td class="status">{self.status_cell(r)}</td>'
                f'<td class="num">{self.coverage_cell(r)}</td>{self.score_history(node)}</tr>'
            )
        out.append("</tbody></table></section>")
        return "".join(out)

    # indicators
    def indicator_groups(self) -> List[Tuple[Optional[str], List[str]]]:
        """Indicators grouped under their first parent: focus areas by priority,
        then the other parents in node order, then indicators without parents."""
        nodes = self.s.nodes
        groups: Dict[Optional[str], List[str]] = {}
        for rec in nodes[nodes["kind"] == "indicator"].to_dict("records"):
            parents = [str(p) for p in (rec.get("parents") or [])]
            groups.setdefault(parents[0] if parents else None, []).append(str(rec["id"]))
        order = [str(x) for x in self.s.focus_areas["id"]] + [str(x) for x in nodes["id"]]
        out: List[Tuple[Optional[str], List[str]]] = []
        done = set()
        for g in order:
            if g in groups and g not in done:
                out.append((g, groups[g]))
                done.add(g)
        if None in groups:
            out.append((None, groups[None]))
        return out

    def fmt_ref(self, value: Any, period: Any) -> str:
        v = _number(value, self.L)
        if v is None:
            return _na()
        p = _text(period)
        return f'<span class="num-main">{_e(v)}</span>' + (f'<span class="state">{_e(p)}</span>' if p else "")

    def latest_value(self, node: str) -> Optional[dict]:
        rows = [r for r in self.history.get(node, []) if r["time"] <= self.time + 1e-9 and not _missing(r["value"])]
        return rows[-1] if rows else None

    def references(self, node: str) -> Tuple[Optional[dict], Optional[dict], Optional[dict]]:
        """The unit's baseline, the point of its target path the period works
        toward (a milestone or the final target) and its final target, as the
        engine resolved them for this unit (its own, a share, or the indicator's)."""
        path = self.ev.target_path(node, self.unit).to_dict("records")
        baseline = next((p for p in path if p["kind"] == "baseline"), None)
        points = [p for p in path if p["kind"] != "baseline"]
        if not points:
            return baseline, None, None
        times = dict(zip(self.ev.periods, self.ev.period_times))
        ahead = next((p for p in points if float(times[p["period"]]) >= self.time - 1e-9), points[-1])
        return baseline, ahead, points[-1]

    def target_cell(self, ahead: Optional[dict], final: Optional[dict]) -> str:
        if ahead is None:
            return _na()
        out = self.fmt_ref(ahead["value"], ahead["period"])
        if ahead is not final and final is not None:
            final_text = self.L["final_target"].format(value=_number(final["value"], self.L), period=final["period"])
            out += f'<span class="state">{_e(final_text)}</span>'
        return out

    def forecast_cell(self, info: dict, r: Optional[dict], milestone: bool = False) -> str:
        L = self.L
        if r is None:
            return _na()
        trend = _text(r["trend"])
        if trend == "target_achieved":
            return _e(L["milestone_reached" if milestone else "target_reached"])
        f = r.get("forecast")
        if f is not None and not _missing(f):
            f = float(f)
            if f <= r["time"] + 1e-3:
                return _e(L["target_reached"])
            return f'<span class="num-main">{_e(year_of_time(f))}</span>'
        if _missing(r.get("target")) or trend in ("", "not_assessable", "on_track"):
            return _na()
        return _e(L["not_at_pace"])

    def indicator_row(self, node: str, group: Optional[str]) -> str:
        L = self.L
        info = self.node_info[node]
        r = self.current.get(node)
        name = _text(info.get("name")) or node
        direction = _text(info.get("direction"))
        dtext = L["direction"].get(direction, "")
        band = None
        if direction == "band" and not _missing(info.get("band_low")) and not _missing(info.get("band_high")):
            band = (float(info["band_low"]), float(info["band_high"]))
            dtext = dtext.format(low=_number(band[0], L), high=_number(band[1], L))
        others = [str(p) for p in (info.get("parents") or []) if str(p) != group]
        extra = ""
        if others:
            extra = (
                f'<span class="sub-text">{_e(L["also_counts"])}: '
                f"{_e(', '.join(self.node_name(p) or p for p in others))}</span>"
            )
        uom = _text(info.get("unit_of_measure"))
        facts = ([f"{L['unit_of_measure']}: {uom}"] if uom else []) + ([dtext] if dtext else [])
        name_cell = (
            f'<span class="ind-name">{_e(name)}</span>{self.id_tag(node)}'
            + (f'<span class="state uom">{_e(" · ".join(facts))}</span>' if facts else "")
            + extra
        )
        # outcome: the latest value up to the period followed up
        lv = self.latest_value(node)
        status_word = L["status_word"].get(_text(r["status"]) if r else "not_assessable", "")
        if r is not None and _text(r["status"]) == "not_applicable":
            outcome = _na(status_word)
        elif lv is None:
            outcome = _na(L["no_value"])
        else:
            notes = [str(lv["period"])]
            origin = _text(lv.get("origin"))
            if origin == "carried_forward":
                # name the period of the observation carried forward
                src = [
                    x
                    for x in self.history.get(node, [])
                    if x["time"] < lv["time"]
                    and not _missing(x["value"])
                    and _text(x.get("origin")) != "carried_forward"
                ]
                notes = ([str(src[-1]["period"])] if src else []) + [L["origin"][origin].format(period=lv["period"])]
            elif origin in L["origin"]:
                notes.append(L["origin"][origin])
            if not _missing(lv.get("imputed")) and bool(lv.get("imputed")):
                notes.append(L["origin"]["imputed"])
            outcome = (
                f'<span class="num-main">{_e(_number(lv["value"], L))}</span>'
                f'<span class="state">{_e(", ".join(notes))}</span>'
            )
        applies = r is None or _text(r["status"]) != "not_applicable"
        baseline, ahead, final = self.references(node) if applies else (None, None, None)
        # trend, arrow, forecast for the period followed up
        if r is None:
            trend_cell = _na()
        else:
            tr = _text(r["trend"]) or "not_assessable"
            ratio = r.get("trend_ratio")
            tip = f' title="{_e(L["ratio"])}: {_e(_number(ratio, L, 2))}"' if not _missing(ratio) else ""
            # a met milestone is not the target met
            word = (
                L["milestone_reached"]
                if tr == "target_achieved" and ahead is not None and ahead is not final
                else L["trend_word"].get(tr, tr)
            )
            trend_cell = (
                f'<span data-trend="{_e(tr)}"{tip}>{_e(word)}</span>'
                if tr != "not_assessable"
                else _na(L["trend_word"]["not_assessable"])
            )
            ar = _text(r["arrow"]) or "not_assessable"
            if ar != "not_assessable":
                word = L["arrow_word"].get(ar, ar)
                trend_cell += (
                    f'<span class="state arrowline" data-arrow="{_e(ar)}"><span class="arrow" '
                    f'aria-hidden="true">{_e(ARROWS.get(ar, DASH))}</span> {_e(L["arrow"])}: '
                    f"{_e(word)}</span>"
                )
        # sparkline of the values up to the period followed up
        pts_rows = [
            x
            for x in self.history.get(node, [])
            if x["time"] <= self.time + 1e-9
            and not _missing(x["value"])
            and _text(x.get("origin")) != "carried_forward"
        ]
        target = None if final is None else float(final["value"])
        values = ", ".join(f"{x['period']}: {_number(x['value'], L)}" for x in pts_rows)
        label = L["spark_title"].format(name=name, values=values or DASH)
        if target is not None:
            label += "; " + L["spark_target"].format(target=_number(target, L))
        chart = self.trend_chart(pts_rows, "value", label, target=target, band=band)
        base = self.fmt_ref(*(baseline["value"], baseline["period"]) if baseline else (None, None))
        milestone = ahead is not None and ahead is not final
        return (
            f'<tr data-node="{_e(node)}"><td class="ind">{name_cell}</td>'
            f'<td class="num baseline">{base}</td>'
            f'<td class="num target">{self.target_cell(ahead, final)}</td>'
            f'<td class="num outcome">{outcome}</td>{_comparison.cell(self, node)}'
            f'<td class="num score">{self.score_cell(r)}</td>'
            f'<td class="status">{self.status_cell(r)}</td><td class="trend">{trend_cell}</td>'
            f'<td class="forecast">{self.forecast_cell(info, r, milestone=milestone)}</td>'
            + (f'<td class="chart">{chart}</td>' if self.charts else "")
            + "</tr>"
        )

    def indicators(self) -> str:
        L = self.L
        out = [
            f'<section id="indicators" class="page"><h2>{_e(L["indicators_heading"])}</h2>'
            f'<p class="intro">{_e(L["indicators_intro"])}</p>' + _comparison.intro(self)
        ]
        groups = self.indicator_groups()
        if not groups:
            out.append(f"<p>{_e(L['no_indicators'])}</p></section>")
            return "".join(out)
        widths = _comparison.widths(self) or (
            (19, 10, 9, 10, 6, 11, 12, 9, 14) if self.charts else (32, 10, 9, 10, 6, 11, 13, 9)
        )
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
        head = cols + (
            f"<thead><tr><th>{_e(L['indicator'])}</th>"
            f'<th class="num">{_e(L["baseline"])}</th><th class="num">{_e(L["target"])}</th>'
            f'<th class="num">{_e(L["outcome"])}</th>{_comparison.head(self)}<th class="num">{_e(L["score"])}</th>'
            f'<th>{_e(L["status"])}</th><th>{_e(L["trend"])} <span class="small">/ {_e(L["arrow"])}</span></th>'
            f"<th>{_e(L['forecast'])}</th>" + (self.th_chart(L["chart"]) if self.charts else "") + "</tr></thead>"
        )
        for group, members in groups:
            members = [n for n in members if self.shown(n)]
            if not members:
                continue
            if group is None:
                out.append(f'<div class="group-head"><h3>{_e(L["other_indicators"])}</h3></div>')
            else:
                info = self.node_info.get(group, {})
                title = self.group_title(group)
                owner = _text(info.get("owner"))
                r = self.current.get(group)
                why = self.explain.reason(group) if r is not None else ""
                out.append(
                    f'<div class="group-head" data-group="{_e(group)}"><h3>{_e(title)}</h3>'
                    f"{_badge(r['status'] if r else 'not_assessable', L)}"
                    + (f'<span class="reason">{_e(why)}</span>' if why else "")
                    + (f'<span class="small">{_e(L["owner"])}: {_e(owner)}</span>' if owner else "")
                    + "</div>"
                )
            out.append(f'<table class="r ind">{head}<tbody>')
            out.extend(self.indicator_row(n, group) for n in members)
            out.append("</tbody></table>")
        out.append("</section>")
        return "".join(out)

    # action plans
    def activities(self) -> str:
        from ..action_plan import follow_up
        from ._sections import followup_section

        L = self.L
        year = self.ev.period_year(self.period)
        out = [
            f'<section id="action-plan" class="page"><h2>{_e(L["action_plan"])}</h2>',
            followup_section(self, year),
            f'<p class="intro">{_e(L["action_plan_intro"].format(year=year if year is not None else DASH))}</p>',
        ]
        # the action plans up to the report's year, of the unit and the units below it
        acts = follow_up(self.s, unit=self.unit, until=year).activities
        keep = acts.to_dict("records") if len(acts) else []
        if not keep:
            out.append(f"<p>{_e(L['no_activities'])}</p></section>")
            return "".join(out)
        prio = {str(f): i for i, f in enumerate(self.s.focus_areas["id"])}
        big = len(prio) + len(self.node_info) + 1
        node_pos = {k: i for i, k in enumerate(self.node_info)}

        def fa_key(fa: str) -> Tuple[int, int, str]:
            return (prio.get(fa, big), node_pos.get(fa, big), fa)

        years = sorted({_year(a) for a in keep}, key=lambda y: float("inf") if y is None else y)

        def fa_label(fa: str) -> str:
            if not fa:
                return L["no_focus_area"]
            return self.node_name(fa) or fa

        # counts by status per year and focus area
        out.append(f"<h3>{_e(L['activities_by_status'])}</h3>")
        head = "".join(
            f'<th class="num">{_badge(s, L, L["activity_status"], ACTIVITY_COLOURS)}</th>' for s in ACTIVITY_ORDER
        )
        out.append(
            f'<table class="r counts"><thead><tr><th>{_e(L["year"])}</th><th>{_e(L["focus_area"])}</th>'
            f'{head}<th class="num">{_e(L["total"])}</th><th>{_e(L["distribution"])}</th></tr></thead><tbody>'
        )
        for y in years:
            ya = [a for a in keep if _year(a) == y]
            fas = sorted({_text(a.get("focus_area")) for a in ya}, key=fa_key)
            for k, fa in enumerate(fas):
                fa_acts = [a for a in ya if _text(a.get("focus_area")) == fa]
                out.append(self.count_row(y, fa_label(fa), fa, fa_acts, show_year=k == 0, cls=""))
            out.append(
                self.count_row(y, f"{L['total']} {y if y is not None else DASH}", "", ya, show_year=False, cls="sub")
            )
        out.append(self.count_row(None, L["total"], "", keep, show_year=False, cls="tot"))
        out.append("</tbody></table>")

        # the activities, one table per year, grouped by focus area
        widths = (24, 15, 20, 7, 7, 7, 7, 13)
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
        head = (
            f'<thead><tr><th rowspan="2">{_e(L["activity"])}</th><th rowspan="2">{_e(L["means"])}</th>'
            f'<th rowspan="2">{_e(L["owner"])}</th><th class="num span" colspan="2">{_e(L["cost"])}</th>'
            f'<th class="num span" colspan="2">{_e(L["hours"])}</th><th rowspan="2">{_e(L["status"])}</th></tr>'
            f'<tr><th class="num">{_e(L["planned"])}</th><th class="num">{_e(L["spent"])}</th>'
            f'<th class="num">{_e(L["planned"])}</th><th class="num">{_e(L["spent"])}</th></tr></thead>'
        )
        for y in years:
            ya = [a for a in keep if _year(a) == y]
            out.append(f"<h3>{_e(L['activities'])} {_e(y if y is not None else DASH)}</h3>")
            out.append(f'<table class="r acts">{cols}{head}<tbody>')
            for fa in sorted({_text(a.get("focus_area")) for a in ya}, key=fa_key):
                fa_acts = sorted((a for a in ya if _text(a.get("focus_area")) == fa), key=lambda a: _text(a.get("id")))
                label = self.group_title(fa) if fa else L["no_focus_area"]
                out.append(f'<tr class="fa-head"><td colspan="8">{_e(label)}</td></tr>')
                for a in fa_acts:
                    out.append(self.activity_row(a))
            out.append(self.sum_row(ya))
            out.append("</tbody></table>")
        out.append("</section>")
        return "".join(out)

    def activity_row(self, a: Mapping[str, Any]) -> str:
        L = self.L
        means = _text(a.get("means"))
        owner = _text(a.get("owner"))
        unit = _text(a.get("unit"))
        where = ""
        if unit:  # the unit under the owner, unless the owner is the unit (then its id, for analysts)
            same = self.unit_names.get(unit) == owner
            where = (unit if self.show_ids else "") if same else self.unit_label(unit)
        owner_html = (_e(owner) or _na()) + (f'<span class="state">{_e(where)}</span>' if where else "")
        aid = _text(a.get("id"))
        return (
            f'<tr data-activity="{_e(aid)}"><td>{_e(_text(a.get("name")) or aid)}{self.id_tag(aid)}'
            f"</td><td>{_e(L['means_word'].get(means, means)) or _na()}</td><td>{owner_html}</td>"
            f"{self.money_cells(a)}"
            f"<td>{_badge(_text(a.get('status')), L, L['activity_status'], ACTIVITY_COLOURS)}</td></tr>"
        )

    def group_title(self, node: str) -> str:
        """The heading of a node's group, e.g. "Fokusområde 1: Näringslivsprogram"."""
        L = self.L
        info = self.node_info.get(node, {})
        kind = _text(info.get("kind"))
        prio = _number(info.get("priority"), L, 0) if kind == "focus_area" else None
        head = L["kind_name"].get(kind, kind) + (f" {prio}" if prio else "")
        return f"{head}: {self.node_name(node)}" if head else self.node_name(node)

    def count_row(self, year: Any, label: str, fa: str, acts: List[dict], *, show_year: bool, cls: str) -> str:
        L = self.L
        counts = {s: sum(1 for a in acts if _text(a.get("status")) == s) for s in ACTIVITY_ORDER}
        n = len(acts)
        cells = "".join(f'<td class="num" data-status="{s}">{counts[s]}</td>' for s in ACTIVITY_ORDER)
        segs = [
            (float(counts[s]), ACTIVITY_COLOURS[s][0], f"{L['activity_status'][s]} {counts[s]}") for s in ACTIVITY_ORDER
        ]
        ycell = _e(year) if show_year and year is not None else ""
        attr = (f' data-year="{_e(year)}"' if year is not None else "") + (f' data-focus-area="{_e(fa)}"' if fa else "")
        return (
            f'<tr class="{cls}"{attr}><td>{ycell}</td><td>{_e(label)}</td>{cells}<td class="num">{n}</td>'
            f"<td>{_stacked_bar(segs, width=110, height=12)}</td></tr>"
        )

    def money_cells(self, a: Mapping[str, Any]) -> str:
        out = []
        for planned, spent in (("planned_cost", "spent_cost"), ("planned_hours", "spent_hours")):
            p, s = a.get(planned), a.get(spent)
            over = p is not None and s is not None and not _missing(p) and not _missing(s) and float(s) > float(p)
            ps, ss = _number(p, self.L, 0), _number(s, self.L, 0)
            out.append(f'<td class="num">{_e(ps) if ps else _na()}</td>')
            mark = f'&#8239;<span title="{_e(self.L["over_plan"])}">▲</span>' if over else ""
            out.append(f'<td class="num{" over" if over else ""}">{_e(ss) if ss else _na()}{mark}</td>')
        return "".join(out)

    def sum_row(self, acts: List[dict]) -> str:
        L = self.L
        cells = []
        for c in ("planned_cost", "spent_cost", "planned_hours", "spent_hours"):
            vals = [float(a[c]) for a in acts if not _missing(a.get(c))]
            v = _number(sum(vals), L, 0) if vals else None
            cells.append(f'<td class="num">{_e(v) if v else _na()}</td>')
        return f'<tr class="sub"><td colspan="3">{_e(L["total"])} ({len(acts)})</td>{"".join(cells)}<td></td></tr>'

    # proposed allocation and selected projects
    def allocation_notes(self) -> str:
        """The notes of the plan and of the proposals (e.g. that they are illustrative), once each."""
        notes: Dict[str, None] = {}
        sources = [
            self.plan.get("note") if self.plan else None,
            self.allocation.attrs.get("note") if self.allocation is not None else None,
            self.selection.table.attrs.get("note") if self.selection is not None else None,
        ]
        for n in sources:
            t = _text(n).strip()
            if t:
                notes[t] = None
        if not notes:
            return ""
        items = "".join(f"<li>{_e(n)}</li>" for n in notes)
        return (
            f'<aside class="note" role="note"><p><strong>{_e(self.L["notes_heading"])}:</strong></p>'
            f"<ul>{items}</ul></aside>"
        )

    def currency(self) -> str:
        return _text(self.plan.get("currency")) if self.plan else ""

    def with_currency(self, label: str) -> str:
        cur = self.currency()
        return f"{label} ({cur})" if cur else label

    def money(self, x: Any) -> str:
        """An amount in a sentence: the number and the plan's currency."""
        n = _number(x, self.L, 0)
        if n is None:
            return DASH
        cur = self.currency()
        return f"{n}\u00a0{cur}" if cur else n

    def area_label(self, area: str) -> str:
        """An area's label: "Fokusområde 1: Näringslivsprogram" for a focus area of the strategy, else the id."""
        if not area:
            return self.L["no_focus_area"]
        return self.group_title(area) if area in self.node_info else area

    def area_order(self, area: str) -> Tuple[int, str]:
        prio = {str(f): i for i, f in enumerate(self.s.focus_areas["id"])}
        return (prio.get(area, len(prio)), area)

    def grants_text(self, area: str) -> str:
        """The plan's co-financing grants of an area: "Interreg (50 %), ..."."""
        if not self.plan:
            return ""
        rows = [a for a in (self.plan.get("focus_areas") or []) if isinstance(a, Mapping) and str(a.get("id")) == area]
        parts = []
        for g in (rows[0].get("grants") or []) if rows else []:
            if isinstance(g, Mapping):
                gid, rate = _text(g.get("id")), g.get("rate")
            elif isinstance(g, (list, tuple)) and len(g) >= 2:
                gid, rate = _text(g[0]), g[1]
            else:
                continue
            try:
                r = None if rate is None else _percent(float(rate), self.L)
            except (TypeError, ValueError):
                r = None
            parts.append(f"{gid} ({r})" if gid and r else gid or r or "")
        parts = [p for p in parts if p]
        return f"{self.L['co_financing']}: {', '.join(parts)}" if parts else ""

    def allocation_section(self) -> str:
        L = self.L
        t = self.allocation
        if t is None:
            return ""
        year = _text(self.plan.get("year")) if self.plan else ""
        own, ext, tot = (
            float(pd.to_numeric(t[c], errors="coerce").fillna(0).sum()) for c in ("own", "external", "total")
        )
        # co-financing is explained only where the plan has some
        co_financed = ext > 0 or any(self.grants_text(_text(a)) for a in t["focus_area"])
        intro = L["allocation_intro"].format(
            year=L["allocation_year"].format(year=year) if year else "",
            co_financing=L["allocation_co_financing"] if co_financed else "",
        )
        out = [
            f'<section id="allocation" class="page"><h2>{_e(L["allocation_heading"])}</h2>',
            self.allocation_notes(),
            f'<p class="intro">{_e(intro)}</p>',
        ]
        has_days = "staff_days" in t.columns
        days = float(pd.to_numeric(t["staff_days"], errors="coerce").fillna(0).sum()) if has_days else None
        factor = _number(tot / own, L, 2) if own > 0 else DASH
        if ext > 0:
            sentence = L["allocation_sentence"].format(
                own=self.money(own), external=self.money(ext), total=self.money(tot), factor=factor
            )
        else:  # no co-financing: no sentence about it
            sentence = L["allocation_own"].format(own=self.money(own))
        if days is not None:
            sentence += " " + L["allocation_days"].format(days=_number(days, L, 0))
        out.append(f'<p class="lead">{_e(sentence)}</p>')
        method = _text(self.plan.get("weighting")) if self.plan else ""
        extra = []
        if method:
            extra.append(L["weights_from"].format(method=L["weighting_word"].get(method, method)))
        if "binding" in t.columns:
            extra.append(L["binding_intro"])
        if extra:
            out.append(f'<p class="intro">{_e(" ".join(extra))}</p>')
        has = {c: c in t.columns for c in ("priority", "weight", "binding")}
        scale = max([float(x) for x in pd.to_numeric(t["total"], errors="coerce").fillna(0)] + [0.0])
        legend = (
            f'<p class="small chart-legend">{_swatch(OWN_COLOUR)}{_e(L["own"])}'
            f"{_swatch(EXTERNAL_COLOUR)}{_e(L['external'])}</p>"
        )
        widths = (
            ([5] if has["priority"] else [])
            + [22]
            + ([6] if has["weight"] else [])
            + [10, 11, 10]
            + ([8] if has["binding"] else [])
            + ([10] if has_days else [])
        )
        widths.append(max(100 - sum(widths), 12))
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
        head = (
            (f'<th class="num">{_e(L["priority"])}</th>' if has["priority"] else "")
            + f"<th>{_e(L['focus_area'])}</th>"
            + (f'<th class="num">{_e(L["weight"])}</th>' if has["weight"] else "")
            + f'<th class="num">{_e(self.with_currency(L["own"]))}</th>'
            f'<th class="num">{_e(self.with_currency(L["external"]))}</th>'
            f'<th class="num">{_e(self.with_currency(L["total_activity"]))}</th>'
            + (f"<th>{_e(L['binding'])}</th>" if has["binding"] else "")
            + (f'<th class="num">{_e(L["staff_days"])}</th>' if has_days else "")
            + f"<th>{_e(L['split_chart'])}</th>"
        )
        out.append(f'{legend}<table class="r alloc">{cols}<thead><tr>{head}</tr></thead><tbody>')
        recs = t.to_dict("records")
        if has["priority"]:
            recs.sort(
                key=lambda r: (
                    math.inf if _missing(r.get("priority")) else float(r["priority"]),
                    self.area_order(_text(r.get("focus_area"))),
                )
            )
        for r in recs:
            area = _text(r.get("focus_area"))
            name = _text(r.get("name")) or self.node_name(area)
            grants = self.grants_text(area)
            cells = []
            if has["priority"]:
                prio = _number(r.get("priority"), L, 0)
                cells.append(f'<td class="num">{_e(prio) if prio else _na()}</td>')
            cells.append(
                f'<td class="name"><span class="bigdot">{_e(name)}</span>{self.id_tag(area)}'
                + (f'<span class="state">{_e(grants)}</span>' if grants else "")
                + "</td>"
            )
            if has["weight"]:
                w = _percent(r.get("weight"), L)
                cells.append(f'<td class="num weight">{_e(w) if w else _na()}</td>')
            for c in ("own", "external", "total"):
                v = _number(r.get(c), L, 0)
                cells.append(f'<td class="num {c}">{_e(v) if v else _na()}</td>')
            if has["binding"]:
                b = _text(r.get("binding"))
                word = L["binding_word"].get(b, b)
                cells.append(
                    f'<td class="binding" data-binding="{_e(b)}">'
                    + (f"{_e(word)}" if b else f'<span class="small">{_e(word)}</span>')
                    + "</td>"
                )
            if has_days:
                d = _number(r.get("staff_days"), L, 0)
                cells.append(f'<td class="num staff-days">{_e(d) if d else _na()}</td>')
            o = 0.0 if _missing(r.get("own")) else float(r["own"])
            x = 0.0 if _missing(r.get("external")) else float(r["external"])
            label = L["bar_title"].format(name=name, own=self.money(o), external=self.money(x))
            cells.append(f"<td>{_amount_bar([(o, OWN_COLOUR), (x, EXTERNAL_COLOUR)], scale, label=label)}</td>")
            out.append(f'<tr data-focus-area="{_e(area)}">{"".join(cells)}</tr>')
        # the total row
        cells = [f'<td colspan="{1 + has["priority"]}">{_e(L["total"])}</td>']
        if has["weight"]:
            wsum = pd.to_numeric(t["weight"], errors="coerce").sum()
            cells.append(f'<td class="num weight">{_e(_percent(wsum, L))}</td>')
        for amount in (own, ext, tot):
            cells.append(f'<td class="num">{_e(_number(amount, L, 0))}</td>')
        if has["binding"]:
            cells.append("<td></td>")
        if has_days:
            cells.append(f'<td class="num staff-days">{_e(_number(days, L, 0))}</td>')
        cells.append("<td></td>")
        out.append(f'<tr class="tot">{"".join(cells)}</tr></tbody></table></section>')
        return "".join(out)

    def projects_section(self) -> str:
        L = self.L
        sel = self.selection
        t = sel.table
        out = [f'<section id="projects"><h2>{_e(L["projects_heading"])}</h2>']
        if self.allocation is None:
            out.append(self.allocation_notes())
        out.append(f'<p class="intro">{_e(L["projects_intro"])}</p>')
        recs = t.to_dict("records")
        chosen = [r for r in recs if bool(r.get("selected"))]

        def name_of(r: Mapping[str, Any]) -> str:
            return _text(r.get("name")) or _text(r.get("id"))

        def num_cell(x: Any, cls: str, state: str = "") -> str:
            v = _number(x, L)
            st = f'<span class="state">{_e(state)}</span>' if state else ""
            return f'<td class="num {cls}">{(_e(v) if v else _na())}{st}</td>'

        if not sel.feasible:
            why = self.limit_text(sel.stopped_by)
            out.append(f'<p class="lead">{_e(L["infeasible"].format(why=why))}</p>')
        elif not chosen:
            out.append(f'<p class="lead">{_e(L["no_projects"])}</p>')
        else:
            widths = (46, 14, 10, 20, 10)
            cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
            out.append(
                f'<table class="r proj">{cols}<thead><tr><th>{_e(L["project"])}</th>'
                f'<th class="num">{_e(self.with_currency(L["own"]))}</th>'
                f'<th class="num">{_e(L["hours"])}</th>'
                f'<th class="num">{_e(self.with_currency(L["external"]))}</th>'
                f'<th class="num">{_e(L["value"])}</th></tr></thead><tbody>'
            )
            for area in sorted({_text(r.get("focus_area")) for r in chosen}, key=self.area_order):
                out.append(
                    f'<tr class="fa-head" data-area="{_e(area)}"><td colspan="5">{_e(self.area_label(area))}</td></tr>'
                )
                for r in sorted(
                    (r for r in chosen if _text(r.get("focus_area")) == area), key=lambda r: _text(r.get("id"))
                ):
                    pid = _text(r.get("id"))
                    must = (
                        f'<span class="tag">{_e(L["must_word"])}</span>'
                        if not _missing(r.get("must")) and bool(r.get("must"))
                        else ""
                    )
                    rate = r.get("rate")
                    rate_text = (
                        f"{L['co_financing']} {_percent(rate, L)}" if not _missing(rate) and float(rate) > 0 else ""
                    )
                    out.append(
                        f'<tr data-project="{_e(pid)}" data-area="{_e(area)}"><td class="name">'
                        f"{_e(name_of(r))}{self.id_tag(pid)}{must}</td>"
                        + num_cell(r.get("cost"), "cost")
                        + num_cell(r.get("hours"), "hours")
                        + num_cell(r.get("external"), "external", rate_text or "")
                        + num_cell(r.get("value"), "value")
                        + "</tr>"
                    )
            out.append(
                f'<tr class="tot"><td>{_e(L["total"])} ({len(chosen)})</td>'
                + num_cell(sel.cost, "cost")
                + num_cell(sel.hours, "hours")
                + num_cell(sel.external, "external")
                + num_cell(sel.value, "value")
                + "</tr></tbody></table>"
            )
        # the totals against the budgets
        rows = [
            (L["own"], sel.cost, self.projects_budget, True),
            (L["hours_budget"], sel.hours, self.projects_hours, False),
        ]
        out.append(
            f'<table class="r budget"><thead><tr><th>{_e(L["resource"])}</th>'
            f'<th class="num">{_e(L["selected_amount"])}</th><th class="num">{_e(L["budget"])}</th>'
            f'<th class="num">{_e(L["left"])}</th></tr></thead><tbody>'
        )
        for label, used, limit, is_money in rows:
            name = self.with_currency(label) if is_money else label
            u = _number(used, L, 0) if sel.feasible else None
            if limit is None or math.isinf(limit):
                b, left = f'<span class="small">{_e(L["no_limit"])}</span>', ""
            else:
                b = _e(_number(limit, L, 0))
                left = _e(_number(limit - used, L, 0)) if u is not None else _na()
            out.append(
                f'<tr data-resource="{"money" if is_money else "hours"}"><td>{_e(name)}</td>'
                f'<td class="num used">{_e(u) if u else _na()}</td><td class="num limit">{b}</td>'
                f'<td class="num left">{left}</td></tr>'
            )
        out.append("</tbody></table>")
        # proven optimal or not: value, bound and gap
        if sel.feasible:
            value, bound, gap = (_number(x, L) or DASH for x in (sel.value, sel.bound, sel.gap))
            if sel.proven_optimal:
                text = L["proven"].format(value=value, bound=bound, gap=gap)
            else:
                rel = (sel.gap / abs(sel.bound)) if sel.bound and math.isfinite(sel.bound) else float("nan")
                relative = f"{_number(100.0 * rel, L, 1)}\u00a0%" if math.isfinite(rel) else DASH
                text = L["not_proven"].format(
                    value=value, bound=bound, gap=gap, relative=relative, why=self.limit_text(sel.stopped_by)
                )
            method = L["method_word"].get(sel.method, sel.method)
            out.append(
                f'<p class="lead optimality" data-proven="{str(bool(sel.proven_optimal)).lower()}">'
                f'{_e(text)} <span class="small">{_e(L["method"])}: {_e(method)}.</span></p>'
            )
        others = [r for r in recs if not bool(r.get("selected"))]
        if others and sel.feasible:
            items = []
            for r in sorted(others, key=lambda r: (self.area_order(_text(r.get("focus_area"))), _text(r.get("id")))):
                never = (
                    f' <span class="tag">{_e(L["never_word"])}</span>'
                    if not _missing(r.get("never")) and bool(r.get("never"))
                    else ""
                )
                items.append(
                    f'<span data-project="{_e(_text(r.get("id")))}">{_e(name_of(r))}'
                    f"{self.id_tag(_text(r.get('id')))}{never}</span>"
                )
            out.append(
                f'<p class="small not-selected"><strong>{_e(L["not_selected"])} ({len(others)}):</strong> '
                + "; ".join(items)
                + "</p>"
            )
        out.append("</section>")
        return "".join(out)

    def limit_text(self, stopped_by: str) -> str:
        """Why the search stopped, in the report's language: "; the search was stopped by the time limit of 60 s"."""
        text = _text(stopped_by)
        if not text:
            return ""
        words = text.split()
        kind = "time" if text.startswith("time limit") else "node" if text.startswith("node limit") else ""
        if kind and len(words) >= 4:
            text = self.L["limit_word"][kind].format(n=words[3])
        return self.L["stopped_by"].format(limit=text)

    def legend(self) -> str:
        L = self.L
        badges = " ".join(_badge(s, L) for s in STATUS_ORDER)
        keys = ["legend_status", "legend_reason", "legend_score", "legend_trend", "legend_arrow", "legend_forecast"]
        keys += ["legend_chart", "legend_over", "legend_missing"]
        # the words of the action plan's goal attainment and of the funds, where the report has them
        acts = self.s.activities
        if len(acts) and "gas_expected" in acts.columns and acts["gas_expected"].notna().any():
            keys.append("legend_t_score")
        if self.funds is not None:
            keys.append("legend_leverage")
        text = "".join(f'<p data-legend="{k[7:]}">{_e(L[k])}</p>' for k in keys)
        return f'<section id="legend" class="legend"><h2>{_e(L["legend"])}</h2><p>{badges}</p>{text}</section>'

    def render(self) -> str:
        L = self.L
        title = self.title if self.title is not None else (self.s.name or L["report"])
        nodes = self.s.nodes
        # the board's summary first (the first printed page), then the detail
        parts = [
            ("board-summary", L["board_summary"], lambda: board_summary(self)),
            ("summary", L["summary"], self.summary),
        ]
        # sections the strategy (or the unit) has nothing for are left out
        if any(self.shown(str(n)) for n in self.s.focus_areas["id"]):
            parts.append(("focus-areas", L["focus_areas_heading"], self.focus_areas))
        if (~nodes["kind"].isin(["focus_area", "indicator"])).any():
            parts.append(("goals", L["goals_heading"], self.goals))
        parts.append(("indicators", L["indicators_heading"], self.indicators))
        if len(self.s.activities):
            parts.append(("action-plan", L["action_plan"], self.activities))
        if self.funds is not None:
            from ._sections import funds_section

            parts.append(("funds", SECTIONS[self.lang]["funds_heading"], lambda: funds_section(self, self.funds)))
        if self.allocation is not None:
            parts.append(("allocation", L["allocation_heading"], self.allocation_section))
        if self.selection is not None:
            parts.append(("projects", L["projects_heading"], self.projects_section))
        if self.sensitivity is not None:
            parts.append(
                ("sensitivity", SENSITIVITY[self.lang]["heading"], lambda: _sensitivity.section(self, self.sensitivity))
            )
        parts.append(("legend", L["legend"], self.legend))
        html = [f() for _, _, f in parts]
        body = (
            [self.header(), html[0], self.toc([(a, t) for a, t, _ in parts])]
            + html[1:]
            + [f"<footer>{_e(L['footer'].format(version=__version__))}</footer>"]
        )
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{_e(self.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)} – {_e(self.unit_label(self.unit))} {_e(self.period)}</title>\n"
            f"<style>{_css()}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
        )


def render_report(
    evaluation: Any,
    *,
    title: Optional[str] = None,
    unit: Optional[str] = None,
    period: Optional[str] = None,
    lang: str = "sv",
    allocation: Optional[pd.DataFrame] = None,
    plan: Optional[Mapping[str, Any]] = None,
    selection: Any = None,
    projects_budget: Optional[float] = None,
    projects_hours: Optional[float] = None,
    funds: Any = None,
    comparison: Any = None,
    show_ids: bool = False,
    sensitivity: Any = None,
) -> str:
    """The follow-up report as one self-contained HTML document.

    Inline CSS and SVG only: no scripts, no fonts or images from the network.
    It opens with the board's summary, one printed page: per focus area in
    priority order its status and why, the change since the previous period of
    the same kind and the indicators that decided it. The rest is the detail.
    It prints on A4 (``@media print`` with a page break after the summary and
    before the indicator, action-plan and allocation sections). Visible text
    names units and nodes by their names; their ids are in the ``data-``
    attributes (``data-node``, ``data-activity``, ...), and shown with
    ``show_ids``. A unit's report leaves out the focus areas, goals and
    indicators that do not concern it, and says which.

    Parameters
    ----------
    evaluation : Evaluation
        The result of :func:`styrkort.evaluate`.
    title : str, optional
        The heading; default the strategy's name.
    unit : str, optional
        The organisational unit followed up; default the root unit. Nodes not
        applicable to it are left out and named in one line; so are, below the
        root, indicators with neither values up to the period nor a target for
        it. The external funds are those of the unit and the units below it
        (when the funds name units), decided up to the period's year.
    period : str, optional
        The period followed up; default the last period. Outcomes are the
        latest values up to this period; statuses, trends and forecasts are
        those of this period. Activities of later years are left out.
    lang : {"sv", "en"}
        The labels' language (Swedish by default).
    allocation : DataFrame, optional
        The proposed split from :func:`styrkort.allocation.allocate_focus_areas`:
        adds the section "Förslag till fördelning" / "Proposed allocation" (per
        focus area by priority: weight, own money, external funding, total
        activity, binding floor or cap, staff days and a bar of own against
        external money). Left out when not given.
    plan : AllocationPlan or dict, optional
        The allocation plan the split was made from (``docs/allocation.md``; an
        :class:`~styrkort.allocation.Allocation` brings its own):
        its ``note`` is shown, its ``year``, ``currency``, ``weighting`` and the
        areas' ``grants`` are named.
    selection : Selection, optional
        The result of :func:`styrkort.allocation.select_projects`: adds the
        section "Valda projekt" / "Selected projects" (the selected items by
        focus area, their totals against the budgets, and whether the selection
        is proven optimal, with the bound and the gap). ``select_projects`` takes
        no ``name`` column; a ``name`` column added to ``selection.table``
        afterwards is shown, else the id. A ``note`` in ``selection.table.attrs``
        (as :func:`styrkort.examples.gavle_projects` sets) is shown.
    projects_budget, projects_hours : float, optional
        The own money and staff hours the selection was made under (the
        :class:`~styrkort.allocation.Selection` does not keep them); without
        them the section says "no limit".
    funds : Funds, optional
        Grants and applications (:class:`styrkort.Funds`): adds the section
        "Sammanställning av beviljade EU- och internationella projektmedel" /
        "Compilation of granted ... project funds" (by programme with success
        rates, by focus area with leverage, by focus area and year, the
        pre-financing need per month with its peak, and the granted projects).
    comparison : Comparison, optional
        Comparison units and peer groups
        (:func:`styrkort.comparison.split_comparison`): the indicator tables
        get the column "Jämförelse" / "Comparison" after the outcome, with each
        comparison unit's value for the period of the outcome shown, a peer
        group's median and the unit's position in it ("plats 3 av 12", 1 the
        best after the indicator's direction). Without it the tables are as
        before.
    show_ids : bool
        Also show the ids of units, nodes, activities, projects and grants
        beside their names, for analysts (``styrkort report --show-ids``).
    sensitivity : Sensitivity, optional
        A sensitivity analysis of the same strategy and measurements for the
        report's period (:func:`styrkort.sensitivity`): adds the section "Hur
        säkra är resultaten?" / "How sure are the results?" (per focus area how
        often its status comes out, its rank interval when the unit is
        compared with others, and the choice that matters most). Without it
        there is no such section.

    Returns
    -------
    str

    Raises
    ------
    ArgumentError
        For an unknown unit, period or language, when ``evaluation`` is not an
        :class:`~styrkort.Evaluation`, or when ``allocation``, ``plan`` or
        ``selection`` is not of the kind described (or ``comparison`` not a
        :class:`~styrkort.comparison.Comparison`).

    Examples
    --------
    >>> import styrkort as sk
    >>> ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    >>> from styrkort.report import render_report
    >>> html = render_report(ev, lang="sv")  # doctest: +SKIP
    """
    return _Report(
        evaluation,
        title,
        unit,
        period,
        lang,
        allocation,
        plan,
        selection,
        projects_budget,
        projects_hours,
        funds,
        comparison,
        show_ids=show_ids,
        sensitivity=sensitivity,
    ).render()


def write_report(evaluation: Any, path: PathLike, **kw: Any) -> Path:
    """Write :func:`render_report` to ``path`` and return the path: UTF-8 HTML,
    or with the suffix ``.pdf`` the PDF printed by headless Chromium (A4; the
    browser is found through ``STYRKORT_CHROMIUM`` or on ``PATH``).

    Keyword arguments are those of :func:`render_report`.

    Raises
    ------
    ArgumentError
        When ``path`` is a directory or its directory does not exist, or a PDF
        is asked for and no browser is found (the message names what to install).
    Error
        When the browser fails to print.
    """
    out = Path(path)
    if out.is_dir():
        raise ArgumentError(f"{out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise ArgumentError(f"{out}: the directory {out.parent} does not exist")
    text = render_report(evaluation, **kw)
    if out.suffix.lower() == ".pdf":
        from ._pdf import write_pdf

        return write_pdf(text, out)
    return write_atomic(out, text)  # whole or not at all: a temporary file moved into place
