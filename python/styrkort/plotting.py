"""Result objects draw themselves with matplotlib (the ``plot`` extra).

``evaluation.plot.dashboard()`` and ``evaluation.plot.trend(indicator)`` on an
:class:`~styrkort.Evaluation`, ``allocation.plot.allocation()`` on the
:class:`~styrkort.allocation.Allocation` of ``allocate_focus_areas`` and on a
:class:`~styrkort.allocation.BudgetSplit`. Each method draws on ``ax`` when
given, else on a new figure, and returns the Axes it drew on.

The colours and the status words are the board report's
(``styrkort._display.palette`` and ``styrkort._display.words``), so a
plot in a notebook and the report say the same thing. "Not assessable" is a
hatched grey cell with its own legend entry, never red and never zero; a missing
value is a gap in a line, never a point at 0.

matplotlib is imported only when something is drawn.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from ._display.numbers import number as _number
from ._display.palette import EXTERNAL_COLOUR, OWN_COLOUR, STATUS_COLOURS, STATUS_ORDER
from ._display.periods import line_kind as _line_kind
from ._display.periods import year_labels as _year_labels
from ._display.svg import pick_labels as _pick_labels
from ._display.values import is_missing as _missing
from ._display.words import PLOTS
from ._display.words import REPORT as LABELS
from ._optional import require
from ._vocabulary import STATUSES
from .errors import ArgumentError
from .strategy import period_year, year_of_time

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes

    from .allocation import Allocation, BudgetSplit
    from .evaluation import Evaluation
    from .sensitivity import Sensitivity

__all__ = ["EvaluationPlots", "AllocationPlots", "BudgetSplitPlots", "SensitivityPlots", "PLOT_LABELS"]

# Words only the plots use (the rest are the report's): styrkort._display.sv / en.
PLOT_LABELS = PLOTS

VALUE_COLOUR = "#1f4e79"  # the report's sparkline colour
TARGET_COLOUR = "#555555"
BAND_COLOUR = "#dcefdc"  # the report's band field
NOT_ASSESSABLE_HATCH = "////"
NAME_WIDTH = 45  # characters of a row label before it is shortened
# open markers of the values of periods off the line (the line joins the years):
# tertials are open squares as in the report's charts (the diamond is the baseline)
APART_MARKERS = {"tertial": "s", "half_year": "^", "quarter": "v", "month": "<", "other": "P"}


def _pyplot() -> Any:
    """matplotlib.pyplot, or an ImportError that names the extra to install."""
    return require("matplotlib.pyplot", "Plotting in styrkort", "plot")


def _labels(lang: str) -> Dict[str, Any]:
    if lang not in LABELS or lang not in PLOT_LABELS:
        raise ArgumentError(f"lang {lang!r}: unknown language (allowed: {', '.join(sorted(PLOT_LABELS))})")
    return {**LABELS[lang], **PLOT_LABELS[lang]}


def _axes(ax: Optional["Axes"], size: Tuple[float, float]) -> "Axes":
    plt = _pyplot()
    if ax is None:
        _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _short(text: str, width: int = NAME_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _num(x: Any, L: Mapping[str, Any], decimals: Optional[int] = None) -> str:
    n = _number(x, L, decimals)
    return "–" if n is None else n


# ---------------------------------------------------------------------- evaluation


class EvaluationPlots:
    """The plots of an :class:`~styrkort.Evaluation`, reached as ``evaluation.plot``."""

    def __init__(self, evaluation: "Evaluation") -> None:
        self._ev = evaluation

    # -- checks -------------------------------------------------------------
    def _unit(self, unit: Optional[str]) -> str:
        ev = self._ev
        if unit is None:
            return ev.root_unit
        if unit not in ev.unit_ids:
            raise ArgumentError(f"unit {unit!r}: unknown unit (units: {', '.join(ev.unit_ids)})")
        return unit

    def _period(self, period: Optional[str]) -> Optional[str]:
        if period is not None and period not in self._ev.periods:
            raise ArgumentError(f"period {period!r}: unknown period (periods: {', '.join(self._ev.periods)})")
        return period

    def _unit_label(self, unit: str) -> str:
        units = self._ev.strategy.units
        name = units.loc[units["id"] == unit, "name"]
        name = "" if name.empty or _missing(name.iloc[0]) else str(name.iloc[0])
        return f"{name} ({unit})" if name and name != unit else unit

    def _subtree(self, unit: str) -> List[str]:
        """The unit and every unit below it, in the strategy's order."""
        units = self._ev.strategy.units
        parent = {str(i): ("" if _missing(p) else str(p)) for i, p in zip(units["id"], units["parent"])}
        inside = {unit}
        changed = True
        while changed:
            changed = False
            for u, p in parent.items():
                if p in inside and u not in inside:
                    inside.add(u)
                    changed = True
        return [u for u in self._ev.unit_ids if u in inside]

    def _rows(self, indicators: bool) -> List[int]:
        """Node positions of the dashboard's rows: every node that is not an
        indicator in the strategy's order, each followed by the indicators whose
        first parent it is when ``indicators``; indicators without a parent last."""
        nodes = self._ev.strategy.nodes
        kinds = nodes["kind"].tolist()
        below: Dict[str, List[int]] = {}
        orphans: List[int] = []
        if indicators:
            for i, (k, parents) in enumerate(zip(kinds, nodes["parents"])):
                if k == "indicator":
                    parents = list(parents) if isinstance(parents, (list, tuple, np.ndarray)) else []
                    if parents:
                        below.setdefault(str(parents[0]), []).append(i)
                    else:
                        orphans.append(i)
        rows: List[int] = []
        for i, (node, k) in enumerate(zip(nodes["id"], kinds)):
            if k != "indicator":
                rows.append(i)
                rows.extend(below.get(str(node), []))
        return rows + orphans

    # -- dashboard ------------------------------------------------------------
    def dashboard(
        self,
        unit: Optional[str] = None,
        period: Optional[str] = None,
        *,
        by: str = "period",
        indicators: bool = False,
        ax: Optional["Axes"] = None,
        lang: str = "sv",
    ) -> "Axes":
        """The traffic-light dashboard: one coloured cell per node and period (or unit).

        Parameters
        ----------
        unit : str, optional
            With ``by="period"`` the unit followed up (default: the root unit);
            with ``by="unit"`` the unit whose sub-tree is shown (default: all units).
        period : str, optional
            With ``by="unit"`` the period shown (default: the last); with
            ``by="period"`` the last period shown (default: all periods).
        by : {"period", "unit"}
            What the columns are.
        indicators : bool
            Also show each indicator, under its first parent.
        ax : matplotlib Axes, optional
            Where to draw; default a new figure.
        lang : {"sv", "en"}
            The language of the status words and titles.

        Returns
        -------
        matplotlib Axes
            One scatter collection per status that occurs, labelled with the
            status word; rows top to bottom in the strategy's order.
        """
        ev, L = self._ev, _labels(lang)
        period = self._period(period)
        if by == "period":
            u = self._unit(unit)
            last = len(ev.periods) if period is None else ev.periods.index(period) + 1
            columns = list(ev.periods[:last])
            cells = ev.status[:, ev.unit_ids.index(u), :last]
            title = L["dashboard_by_period"].format(unit=self._unit_label(u))
            col_labels = columns
        elif by == "unit":
            p = ev.periods.index(period) if period is not None else len(ev.periods) - 1
            columns = self._subtree(self._unit(unit)) if unit is not None else list(ev.unit_ids)
            cells = ev.status[:, [ev.unit_ids.index(c) for c in columns], p]
            title = L["dashboard_by_unit"].format(period=ev.periods[p])
            unit_names = dict(zip(ev.strategy.units["id"], ev.strategy.units["name"]))
            col_labels = [_short(unit_names.get(c) or c, 22) for c in columns]
        else:
            raise ArgumentError(f"dashboard: by={by!r} (allowed: 'period', 'unit')")

        rows = self._rows(indicators)
        if not rows:
            raise ArgumentError("dashboard: the strategy has only indicators; draw them with indicators=True")
        nodes = ev.strategy.nodes
        kinds = nodes["kind"].tolist()
        names = [str(n) if not _missing(n) and str(n) else str(i) for n, i in zip(nodes["name"], nodes["id"])]
        grid = np.asarray(cells)[rows]  # rows x columns of status codes
        ax = _axes(
            ax, (3.2 + 0.55 * len(columns) + 0.065 * max(len(_short(names[r])) for r in rows), 1.6 + 0.3 * len(rows))
        )
        # numpy's stubs type the unpacked indices() as integers; they are an array per axis
        ys, xs = (np.asarray(a) for a in np.indices(grid.shape))
        for status in STATUS_ORDER:
            hit = grid == STATUSES.index(status)
            if not hit.any():
                continue
            face = STATUS_COLOURS[status][0]
            style: Dict[str, Any] = {"edgecolors": "#ffffff", "linewidths": 0.8}
            if status == "not_assessable":
                # never mistaken for a colour on the scale: grey, hatched, own label
                style = {"edgecolors": "#ffffff", "linewidths": 0.8, "hatch": NOT_ASSESSABLE_HATCH}
            ax.scatter(
                xs[hit],
                ys[hit],
                s=210,
                marker="s",
                c=face,
                label=L["status_word"][status],
                gid=f"status-{status}",
                zorder=3,
                **style,
            )
        ax.set_xticks(
            range(len(columns)), col_labels, rotation=45 if by == "unit" else 0, ha="left" if by == "unit" else "center"
        )
        ax.xaxis.tick_top()
        ids = [str(i) for i in nodes["id"]]
        # an indicator's id is what plot.trend() takes, so it is shown
        ax.set_yticks(
            range(len(rows)),
            [
                f"{_short(names[r], 36)} ({ids[r]})"
                if kinds[r] == "indicator" and names[r] != ids[r]
                else _short(names[r])
                for r in rows
            ],
        )
        for tick, r in zip(ax.get_yticklabels(), rows):
            if kinds[r] == "indicator":
                tick.set_color("#555555")
                tick.set_fontsize("small")
            elif kinds[r] == "focus_area":
                tick.set_fontweight("bold")
        ax.set_xlim(-0.6, len(columns) - 0.4)
        ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_title(title, loc="left", fontsize="medium", pad=12)
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.02),
            ncol=3,
            frameon=False,
            fontsize="small",
            handletextpad=0.3,
            columnspacing=1.2,
        )
        return ax

    # -- trend ----------------------------------------------------------------
    def _indicator(self, indicator: str) -> Dict[str, Any]:
        nodes = self._ev.strategy.nodes
        ids = [str(i) for i in nodes["id"]]
        valid = [i for i, k in zip(ids, nodes["kind"]) if k == "indicator"]
        some = ", ".join(valid[:5]) + (f", … ({len(valid)} in all)" if len(valid) > 5 else "")
        if indicator not in ids:
            raise ArgumentError(f"trend: unknown indicator {indicator!r} (indicators: {some or 'none'})")
        info = nodes.iloc[ids.index(indicator)].to_dict()
        if info["kind"] != "indicator":
            raise ArgumentError(
                f"trend: {indicator!r} is a {info['kind']}, not an indicator; trend draws an "
                f"indicator's values (indicators: {some or 'none'})"
            )
        return info

    def _time_of(self, period: Any) -> Optional[float]:
        """The time of a period id: the evaluation's, else the strategy's, else a plain year."""
        if _missing(period):
            return None
        p = str(period)
        ev = self._ev
        if p in ev.periods:
            return float(ev.period_times[ev.periods.index(p)])
        declared = ev.strategy.periods
        hit = declared.loc[declared["id"] == p, "time"]
        if not hit.empty:
            return float(hit.iloc[0])
        return float(p) if len(p) == 4 and p.isdigit() else None

    def _thresholds(self, indicator: str) -> Tuple[Optional[float], Optional[float]]:
        """The green and red thresholds on the raw value (the ``sdg_dashboard``
        rule); score-band rules work on the score and draw no line."""
        doc = self._ev.strategy.to_dict()
        rule = None
        for n in doc.get("nodes", []):
            if n.get("id") == indicator:
                rule = n.get("status_rule")
        if rule is None:
            rule = (doc.get("defaults") or {}).get("indicator_status_rule")
        if not rule or rule.get("method") != "sdg_dashboard":
            return None, None
        return rule.get("green"), rule.get("red")

    def trend(
        self, indicator: str, unit: Optional[str] = None, *, ax: Optional["Axes"] = None, lang: str = "sv"
    ) -> "Axes":
        """An indicator's values over time against its target.

        Draws the observed values (a gap where a period has none; values carried
        forward are not observations and are left out), the target as a dashed
        line and a star at the target period, the baseline, the green and red
        thresholds of an ``sdg_dashboard`` status rule or the band of a ``band``
        indicator, the forecast of when the target is reached (as the
        evaluation gives it for the latest value), and the latest value in its
        status colour.

        With periods of different kinds (years and tertials, half-years,
        quarters or months) the line joins the yearly values only, and the
        values of each other kind are open markers of their own, named in the
        legend. The time axis names every period when the names stand apart,
        else the years (as many as fit) with a small tick at every period.

        Parameters
        ----------
        indicator : str
            The indicator's id.
        unit : str, optional
            Default: the root unit.
        ax : matplotlib Axes, optional
        lang : {"sv", "en"}

        Returns
        -------
        matplotlib Axes
            The values are the line with gid ``"values"`` (with periods of
            several kinds: those of the line's kind, the years when there are
            years), the other kinds' values the lines without a line style with
            gid ``"values_tertial"``, ``"values_half_year"``, ….

        Raises
        ------
        ArgumentError
            For an unknown indicator or a node that is not an indicator (naming
            some valid ids), an unknown unit or language.
        """
        ev, L = self._ev, _labels(lang)
        info = self._indicator(indicator)
        _pyplot()
        from matplotlib.ticker import FuncFormatter

        u = self._unit(unit)
        t = ev.table(unit=u, node=indicator).sort_values("time")
        observed = t["origin"].astype(str) != "carried_forward"
        times = t["time"].to_numpy(dtype=float)
        values = np.where(observed, t["value"].to_numpy(dtype=float), np.nan)
        periods = t["period"].astype(str).tolist()
        ax = _axes(ax, (9.5, 4.4))

        direction = "" if _missing(info.get("direction")) else str(info["direction"])
        lo: Any = info.get("band_low")
        hi: Any = info.get("band_high")
        if direction == "band" and not _missing(lo) and not _missing(hi):
            ax.axhspan(
                float(lo),
                float(hi),
                color=BAND_COLOUR,
                zorder=0,
                label=L["direction"]["band"].format(low=_num(lo, L), high=_num(hi, L)),
            )
        green, red = self._thresholds(indicator)
        if green is not None:
            ax.axhline(
                float(green),
                color=STATUS_COLOURS["green"][0],
                ls=":",
                lw=1.2,
                zorder=1,
                label=L["green_threshold"].format(value=_num(green, L)),
            )
        if red is not None:
            ax.axhline(
                float(red),
                color=STATUS_COLOURS["red"][0],
                ls=":",
                lw=1.2,
                zorder=1,
                label=L["red_threshold"].format(value=_num(red, L)),
            )
        # The unit's own baseline and target path as the engine resolved them
        # (its own, a share of its parent's, or the indicator's; none for a
        # sub-unit of a summed indicator without one).
        refs = ev.target_path(indicator, u).to_dict("records")
        final = next((r for r in refs if r["kind"] == "target"), None)
        target = None if final is None else float(final["value"])
        if final is not None and target is not None:
            ax.axhline(
                target,
                color=TARGET_COLOUR,
                ls="--",
                lw=1.2,
                zorder=1,
                gid="target",
                label=L["target_line"].format(value=_num(target, L)),
            )
            tt = self._time_of(final["period"])
            if tt is not None:
                ax.plot(
                    [tt],
                    [target],
                    marker="*",
                    ms=13,
                    color=TARGET_COLOUR,
                    ls="none",
                    zorder=4,
                    gid="target_period",
                    label=L["target_point"].format(value=_num(target, L), period=final["period"]),
                )
        points = [(self._time_of(r["period"]), float(r["value"])) for r in refs if r["kind"] == "milestone"]
        milestones = [(t_, v) for t_, v in points if t_ is not None]
        if milestones:
            ax.plot(
                [m[0] for m in milestones],
                [m[1] for m in milestones],
                marker="*",
                ms=9,
                mfc="white",
                mec=TARGET_COLOUR,
                ls="none",
                zorder=4,
                gid="milestones",
                label=L["milestones"],
            )
        base = next((r for r in refs if r["kind"] == "baseline"), None)
        if base is not None:
            bt = self._time_of(base["period"])
            if bt is not None:
                ax.plot(
                    [bt],
                    [float(base["value"])],
                    marker="D",
                    ms=7,
                    mfc="white",
                    mec=TARGET_COLOUR,
                    mew=1.4,
                    ls="none",
                    zorder=4,
                    gid="baseline",
                    label=L["baseline_point"].format(value=_num(base["value"], L), period=base["period"]),
                )

        # the line joins the values of one kind of period (the years when there are
        # years); values of other kinds (tertials, ...) are points of their own
        all_kinds = dict(zip(ev.periods, ev.period_kinds))
        kinds = [all_kinds.get(p, "other") for p in periods]
        main = _line_kind(kinds)
        on_line = np.array([k == main for k in kinds], dtype=bool)
        apart = [k for k in dict.fromkeys(kinds) if k != main and np.isfinite(values[[x == k for x in kinds]]).any()]
        ax.plot(
            times[on_line],
            values[on_line],
            "-o",
            color=VALUE_COLOUR,
            ms=4,
            lw=1.8,
            zorder=3,
            gid="values",
            label=L["outcome_per"].format(kind=L["period_kind"][main]) if apart else L["outcome"],
        )
        for kind in apart:
            sel = np.array([k == kind for k in kinds], dtype=bool)
            ax.plot(
                times[sel],
                values[sel],
                ls="none",
                marker=APART_MARKERS.get(kind, "P"),
                ms=6,
                mfc="white",
                mec=VALUE_COLOUR,
                mew=1.4,
                zorder=3,
                gid=f"values_{kind}",
                label=L["outcome_per"].format(kind=L["period_kind"].get(kind, kind)),
            )
        seen = np.flatnonzero(~np.isnan(values))
        if seen.size:
            k = int(seen[-1])
            status = str(t["status"].iloc[k])
            ax.scatter(
                [times[k]],
                [values[k]],
                s=110,
                c=STATUS_COLOURS[status][0],
                edgecolors="white",
                linewidths=1.2,
                zorder=5,
                gid="latest",
                hatch=NOT_ASSESSABLE_HATCH if status == "not_assessable" else None,
                label=L["latest"].format(period=periods[k], status=L["status_word"][status]),
            )
            self._forecast(ax, L, float(t["forecast"].iloc[k]), times[k], values[k], target, str(t["trend"].iloc[k]))
        else:
            ax.text(0.5, 0.5, L["no_values"], transform=ax.transAxes, ha="center", va="center", color="#6e6e6e")

        uom = "" if _missing(info.get("unit_of_measure")) else str(info["unit_of_measure"])
        ax.set_ylabel(uom or L["value"])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _num(x, L)))
        name = "" if _missing(info.get("name")) else str(info["name"])
        ax.set_title(
            "\n".join(textwrap.wrap(name or indicator, 70)) + f"\n{self._unit_label(u)}", loc="left", fontsize="medium"
        )
        ax.grid(axis="y", color="#e6e6e6", lw=0.8, zorder=0)
        # outside the plot, so it never hides a value
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        # last: the labels are measured where the finished layout puts them
        _time_axis(ax, times, periods, [period_year(p, t) for p, t in zip(periods, times)])
        return ax

    @staticmethod
    def _forecast(
        ax: "Axes", L: Mapping[str, Any], when: float, t: float, v: float, target: Optional[float], trend: str
    ) -> None:
        """The forecast as a dotted line from the latest value to the target.
        Far-off years are named in the legend only, so the values keep the width."""
        if target is None or math.isnan(when) or when <= t + 1e-3 or trend == "target_achieved":
            return
        year = year_of_time(when)
        label = L["forecast_point"].format(when=L["forecast_year"].format(year=year))
        lo, hi = ax.get_xlim()
        if when - t <= max(10.0, 2.0 * (hi - lo)):
            ax.plot(
                [t, when],
                [v, target],
                ls=":",
                color=VALUE_COLOUR,
                lw=1.4,
                marker="o",
                mfc="white",
                markevery=[1],
                zorder=3,
                gid="forecast",
                label=label,
            )
            ax.annotate(
                str(year),
                (when, target),
                xytext=(0, -12),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize="small",
                color=VALUE_COLOUR,
            )
        else:
            ax.plot([], [], ls=":", color=VALUE_COLOUR, gid="forecast", label=label)


def _labels_overlap(ax: "Axes") -> bool:
    """Whether two of the x axis' tick labels touch, measured where they are drawn."""
    fig = ax.figure
    draw = getattr(fig, "draw_without_rendering", None)  # matplotlib >= 3.6
    if draw is not None:
        draw()
    else:  # pragma: no cover - matplotlib 3.5
        fig.canvas.draw()
    lo, hi = sorted(ax.get_xlim())
    boxes = sorted(
        (t.get_window_extent() for t in ax.get_xticklabels() if t.get_text() and lo <= t.get_position()[0] <= hi),
        key=lambda b: b.x0,
    )
    return any(b.x0 < a.x1 + 2.0 for a, b in zip(boxes, boxes[1:]))


def _time_axis(ax: "Axes", times: np.ndarray, periods: List[str], years: Sequence[Optional[int]]) -> None:
    """Every period named on the time axis when the names stand apart; else
    the years (each at the time of its latest period) with a small tick at every
    period, as many as stand apart by the report's rule (``pick_labels``: the
    latest always, evenly spaced)."""
    ax.set_xticks(times, periods)
    if not _labels_overlap(ax):
        return
    ax.set_xticks(times, minor=True)
    labels = _year_labels([float(t) for t in times], years)

    def show(chosen: List[int]) -> None:
        ax.set_xticks([labels[i][0] for i in chosen], [labels[i][1] for i in chosen])

    def fits(chosen: List[int]) -> bool:
        show(chosen)
        return not _labels_overlap(ax)

    show(_pick_labels(len(labels), fits) or [len(labels) - 1])


# ---------------------------------------------------------------------- allocation


def _bar_axes(ax: Optional["Axes"], n: int, labels: Sequence[str], L: Mapping[str, Any]) -> "Axes":
    ax = _axes(ax, (9.0, 1.3 + 0.55 * n))
    from matplotlib.ticker import FuncFormatter

    ax.set_yticks(range(n), list(labels))
    ax.set_ylim(n - 0.5, -0.5)  # the first (highest priority) on top
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _num(x, L)))
    ax.grid(axis="x", color="#e6e6e6", lw=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


class AllocationPlots:
    """The plots of an :class:`~styrkort.allocation.Allocation`, reached as ``allocation.plot``."""

    def __init__(self, allocation: "Allocation") -> None:
        self._a = allocation

    def allocation(self, *, ax: Optional["Axes"] = None, lang: str = "sv") -> "Axes":
        """Own money and external co-financing per focus area, in priority order.

        Horizontal stacked bars (own money, then the external funding it
        matches), each segment labelled with its amount (after the bar when the
        segment is too narrow), and the staff days written after each bar.

        Returns
        -------
        matplotlib Axes
            ``ax.containers[0]`` holds the own-money bars, ``[1]`` the external ones.
        """
        L = _labels(lang)
        t = self._a.table.sort_values("priority", kind="stable")
        plan: Mapping[str, Any] = self._a.plan or {}
        names = [
            f"{int(p)}. {_short(n if not _missing(n) else f, 35)}"
            for p, n, f in zip(t["priority"], t["name"], t["focus_area"])
        ]
        ax = _bar_axes(ax, len(t), names, L)
        y = np.arange(len(t))
        own = t["own"].to_numpy(dtype=float)
        ext = t["external"].to_numpy(dtype=float)
        bars_own = ax.barh(y, own, color=OWN_COLOUR, height=0.6, label=L["own"])
        bars_ext = ax.barh(y, ext, left=own, color=EXTERNAL_COLOUR, height=0.6, label=L["external"])
        widest = float(np.nanmax(own + ext)) if len(t) else 0.0
        wide_enough = 0.09 * widest
        for bars, values, colour in ((bars_own, own, "white"), (bars_ext, ext, "#1a1a1a")):
            ax.bar_label(
                bars,
                labels=[_num(v, L, 0) if v >= wide_enough else "" for v in values],
                label_type="center",
                color=colour,
                fontsize="small",
            )
        days = t["staff_days"] if "staff_days" in t.columns else [None] * len(t)
        for yi, o, x, d in zip(y, own, ext, days):
            # what did not fit inside the bar is said after it
            notes = [f"{L[k]} {_num(v, L, 0)}" for k, v in (("own", o), ("external", x)) if 0 < v < wide_enough]
            if not _missing(d):
                notes.append(L["staff_days_note"].format(n=_num(d, L, 0)))
            if notes:
                ax.text(
                    o + x + 0.01 * widest,
                    float(yi),
                    " · ".join(notes),
                    va="center",
                    ha="left",
                    fontsize="small",
                    color="#333333",
                )
        ax.set_xlim(0, widest * 1.25 if widest > 0 else 1)
        currency = str(plan.get("currency") or "")
        ax.set_xlabel(f"{L['own']} + {L['external']}" + (f" ({currency})" if currency else ""))
        year = plan.get("year")
        ax.set_title(
            L["allocation_heading"] + (L["allocation_year"].format(year=year) if year else ""),
            loc="left",
            fontsize="medium",
        )
        ax.legend(loc="lower right", fontsize="small", frameon=False)
        return ax


class BudgetSplitPlots:
    """The plots of a :class:`~styrkort.allocation.BudgetSplit`, reached as ``split.plot``."""

    def __init__(self, split: "BudgetSplit") -> None:
        self._s = split

    def allocation(self, *, ax: Optional["Axes"] = None, lang: str = "sv") -> "Axes":
        """Each focus area's amount as a bar, with its floor and cap marked.

        A leverage split stacks the external funding after the own money. Floors
        of 0 and unlimited caps are not drawn; a binding floor or cap is named
        after the bar.

        Returns
        -------
        matplotlib Axes
            ``ax.containers[0]`` holds the amount bars; the floor and cap marks
            are the collections with gid ``"floor"`` and ``"cap"``.
        """
        L = _labels(lang)
        s = self._s
        t = s.table
        ax = _bar_axes(ax, len(t), [_short(a, 35) for a in t["focus_area"]], L)
        from matplotlib import patheffects

        y = np.arange(len(t))
        amount = t["amount"].to_numpy(dtype=float)
        label = L["own"] if "external" in t.columns else L["amount"]
        ax.barh(y, amount, color=OWN_COLOUR, height=0.6, label=label)
        ends = amount.copy()
        if "external" in t.columns:
            ext = t["external"].to_numpy(dtype=float)
            ax.barh(y, ext, left=amount, color=EXTERNAL_COLOUR, height=0.6, label=L["external"])
            ends = amount + ext
        # the amount inside the bar's end, where a floor mark seldom is
        for yi, v in zip(y, amount):
            if v > 0:
                ax.annotate(
                    _num(v, L),
                    (v, yi),
                    xytext=(-4, 0),
                    textcoords="offset points",
                    ha="right",
                    va="center",
                    color="white",
                    fontsize="small",
                )
        limits = s.limits
        after = ends.copy()
        if limits is not None and len(limits):
            lim = limits.set_index("focus_area").reindex(t["focus_area"].astype(str))
            floor = lim["floor"].to_numpy(dtype=float)
            cap = lim["cap"].to_numpy(dtype=float)
            f = np.isfinite(floor) & (floor > 0)
            c = np.isfinite(cap)
            # a white outline keeps the marks visible on the dark bars
            outline = [patheffects.withStroke(linewidth=4.5, foreground="white")]
            if f.any():
                ax.scatter(
                    floor[f],
                    y[f],
                    marker="|",
                    s=700,
                    linewidths=2.2,
                    color="#1a1a1a",
                    zorder=4,
                    gid="floor",
                    label=L["binding_word"]["floor"],
                    path_effects=outline,
                )
            if c.any():
                ax.scatter(
                    cap[c],
                    y[c],
                    marker="|",
                    s=700,
                    linewidths=2.2,
                    color=STATUS_COLOURS["red"][0],
                    zorder=4,
                    gid="cap",
                    label=L["binding_word"]["cap"],
                    path_effects=outline,
                )
                after = np.maximum(after, np.where(c, cap, 0.0))
        widest = float(np.nanmax(after)) if len(t) else 0.0
        for yi, end, binding in zip(y, after, t["binding"]):
            word = L["binding_word"].get(str(binding), "") if not _missing(binding) else ""
            if word:
                ax.text(
                    end + 0.015 * widest, float(yi), word, va="center", ha="left", fontsize="small", color="#333333"
                )
        ax.set_xlim(0, widest * 1.12 if widest > 0 else 1)
        ax.set_xlabel(L["units"] if s.method == "units" else L["amount"])
        ax.set_title(L["split_title"].format(method=s.method), loc="left", fontsize="medium")
        ax.legend(loc="lower right", fontsize="small", frameon=False)
        return ax


class SensitivityPlots:
    """The plots of a :class:`~styrkort.sensitivity.Sensitivity`, reached as ``result.plot``."""

    def __init__(self, result: "Sensitivity") -> None:
        self._r = result

    def ranks(self, node: Optional[str] = None, *, ax: Optional["Axes"] = None, lang: str = "sv") -> "Axes":
        """COINr-style rank intervals: per unit (by name), the 5–95 % interval of
        its rank among its sibling units over the samples as a bar, the median
        as a tick and the rank with the strategy's own choices as a dot; units
        sorted by that rank.

        Parameters
        ----------
        node : str, optional
            Default: the result's ``rank_node`` (the top of the strategy).

        Returns
        -------
        matplotlib Axes
            ``ax.collections`` hold the interval bars (gid ``"interval"``), the
            medians (gid ``"median"``) and the nominal ranks (gid ``"nominal"``).
        """
        L = _labels(lang)
        r = self._r
        node = node if node is not None else r.rank_node
        t = r.ranks
        t = t[(t["node"] == node) & t["nominal"].notna()].sort_values(["nominal", "median"])
        if not len(t):
            raise ArgumentError(f"no ranks of node {node!r} to draw")
        ax = _axes(ax, (8.0, 1.4 + 0.4 * len(t)))
        y = np.arange(len(t))
        ax.hlines(y, t["q05"], t["q95"], color=OWN_COLOUR, lw=6, alpha=0.45, label=L["rank_interval"], gid="interval")
        ax.scatter(t["median"], y, marker="|", s=160, color=OWN_COLOUR, label=L["median_rank"], gid="median", zorder=3)
        ax.scatter(t["nominal"], y, marker="o", s=30, color="black", label=L["nominal_rank"], gid="nominal", zorder=4)
        ax.set_yticks(y, [_short(r.unit_names.get(u, u), 30) for u in t["unit"]])
        ax.set_ylim(len(t) - 0.5, -0.5)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # ranks are whole numbers
        ax.invert_xaxis()  # rank 1 on the right: better is to the right
        ax.set_xlabel(L["rank_axis"])
        ax.set_title(L["rank_title"].format(node=node, period=r.period))
        ax.legend(loc="best", fontsize="small")
        ax.grid(axis="x", color="#e6e6e6", lw=0.8)
        return ax

    def indices(
        self, node: Optional[str] = None, unit: Optional[str] = None, *, ax: Optional["Axes"] = None, lang: str = "sv"
    ) -> "Axes":
        """First-order and total Sobol' indices of each input as bars with their
        confidence intervals, for one node's score at one unit, or (default)
        for the mean absolute rank shift.

        Returns
        -------
        matplotlib Axes
            ``ax.containers[0]`` holds the S1 bars, ``ax.containers[1]`` the ST bars.
        """
        L = _labels(lang)
        t = self._r.indices
        if not len(t):
            raise ArgumentError("no indices: the result is from method='monte_carlo'")
        if node is None:
            t = t[t["node"] == "rank_shift"]
            output = L["rank_shift"]
        else:
            unit = unit if unit is not None else self._r.units[0]
            t = t[(t["node"] == node) & (t["unit"] == unit)]
            output = f"{node}, {unit}"
        if not len(t):
            raise ArgumentError(f"no indices for node {node!r} and unit {unit!r}")
        ax = _axes(ax, (8.0, 1.4 + 0.6 * len(t)))
        y = np.arange(len(t))
        ax.barh(y - 0.18, t["S1"], height=0.36, xerr=t["S1_conf"], color=OWN_COLOUR, label=L["first_order"])
        ax.barh(y + 0.18, t["ST"], height=0.36, xerr=t["ST_conf"], color=EXTERNAL_COLOUR, label=L["total_order"])
        ax.set_yticks(y, [_short(i, 30) for i in t["input"]])
        ax.set_ylim(len(t) - 0.5, -0.5)
        ax.set_title(L["indices_title"].format(output=output))
        ax.legend(loc="best", fontsize="small")
        ax.grid(axis="x", color="#e6e6e6", lw=0.8)
        return ax
