"""The board report's follow-up sections: the action plans' follow-up (status,
cost and hours, Goal Attainment Scaling per focus area, owner, means and
direction) and the compilation of granted external funds (by programme, focus
area and year, leverage, success rate, liquidity need). Used by
:mod:`styrkort.report`; every user text is escaped with ``_e``."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Tuple

import numpy as np
import pandas as pd

from .._display.html import na as _na
from .._display.numbers import month_name as _month_name
from .._display.numbers import number as _number
from .._display.numbers import percent as _percent
from .._display.palette import ACTIVITY_COLOURS, DASH, EXTERNAL_COLOUR, OWN_COLOUR
from .._display.svg import AXIS_COLOUR as _AXIS_COLOUR
from .._display.svg import GRID_COLOUR as _GRID_COLOUR
from .._display.svg import LINE_COLOUR as _LINE_COLOUR
from .._display.svg import amount_bar as _amount_bar
from .._display.svg import label_boxes as _label_boxes
from .._display.svg import labels_fit as _labels_fit
from .._display.svg import nice_ticks as _nice_ticks
from .._display.svg import stacked_bar as _stacked_bar
from .._display.svg import svg_number as _f
from .._display.svg import swatch as _swatch
from .._display.svg import text_width as _text_width
from .._display.svg import tick_decimals as _tick_decimals
from .._display.values import escape as _e
from .._display.values import is_missing as _missing
from .._display.values import text as _text
from .._display.words import SECTIONS as LABELS


def _cell(text: Optional[str], cls: str = "num") -> str:
    return f'<td class="{cls}">{_e(text) if text else _na()}</td>'


# -- the action plans ----------------------------------------------------------
def followup_section(r: Any, year: Optional[int]) -> str:
    """The follow-up of the action plan of ``year`` (or the latest plan before
    it), as part of the action-plan section (``r`` is the report being built)."""
    from ..action_plan import follow_up, plan_year

    L, W = r.L, LABELS[r.lang]
    year = plan_year(r.s, year)
    if year is None:
        return ""
    f = follow_up(r.s, year=year, unit=r.unit)
    if not len(f):
        return ""
    out = [
        f'<div id="action-plan-follow-up"><h3>{_e(W["followup_heading"].format(year=year))}</h3>',
        f'<p class="intro">{_e(W["followup_intro"].format(year=year))}</p>',
    ]
    by_fa = f.summary("focus_area")
    owners = f.activities.groupby("focus_area")["owner"].agg(lambda s: sorted({o for o in s if o}))
    out.append(f"<h4>{_e(W['by_focus_area'])}</h4>")
    out.append(_summary_table(r, by_fa, "focus_area", W["focus_area"], owners=owners))
    for key, title, head, none in (
        ("owner", "by_owner", "owner", "none_owner"),
        ("means", "by_means", "means", "none_means"),
        ("direction", "by_direction", "direction", "none_direction"),
    ):
        table = f.summary(key)
        words = L["means_word"] if key == "means" else {}
        # a direction that is a node of the strategy is named by its name
        table["_label"] = [
            words.get(x, r.node_name(x) if key == "direction" and x in r.node_info else x) if x else W[none]
            for x in table[key]
        ]
        out.append(f"<h4>{_e(W[title])}</h4>")
        out.append(_summary_table(r, table, key, W[head]))
    gas = f.activities[f.activities["gas_expected"].notna()]
    if len(gas):
        out.append(f"<h4>{_e(W['gas_list'])}</h4>")
        out.append(f'<p class="intro">{_e(W["gas_intro"].format(rho=_number(f.rho, L, 1)))}</p>')
        out.append(_gas_table(r, gas))
    out.append("</div>")
    return "".join(out)


def _summary_table(r: Any, t: pd.DataFrame, key: str, head: str, owners: Optional[pd.Series] = None) -> str:
    L, W = r.L, LABELS[r.lang]
    owner_head = f"<th>{_e(W['owner_col'])}</th>" if owners is not None else ""
    rows = [
        f'<table class="r followup" data-by="{_e(key)}"><thead><tr><th>{_e(head)}</th>{owner_head}'
        f'<th class="num">{_e(W["activities"])}</th><th>{_e(L["distribution"])}</th>'
        f'<th class="num">{_e(W["share_completed"])}</th>'
        f'<th class="num">{_e(r.with_currency(L["cost"]))} {_e(L["spent"].lower())}</th>'
        f'<th class="num">{_e(W["cost_ratio"])}</th><th class="num">{_e(W["hours_ratio"])}</th>'
        f'<th class="num">{_e(W["t_score"])}</th></tr></thead><tbody>'
    ]
    for rec in t.to_dict("records"):
        k = rec[key]
        label = r.area_label(k) if key == "focus_area" else rec.get("_label", k)
        owner_cell = ""
        if owners is not None:
            names = owners.get(k, []) if k is not None else []
            owner_cell = f"<td>{_e(', '.join(names)) or _na()}</td>"
        segs = [
            (float(rec[s]), ACTIVITY_COLOURS[s][0], f"{L['activity_status'][s]} {rec[s]}") for s in ACTIVITY_COLOURS
        ]
        t_score = _number(rec["gas_t_score"], L, 0)
        rated = W["assessed"].format(n=int(rec["gas_assessed"]), m=int(rec["gas_activities"]))
        gas_cell = (
            f'<td class="num" data-t-score="{_e(_f(rec["gas_t_score"]))}">{_e(t_score)}'
            f'<span class="state">{_e(rated)}</span></td>'
            if t_score
            else f'<td class="num">{_na(rated if rec["gas_activities"] else "")}</td>'
        )
        rows.append(
            f'<tr data-{_e(key.replace("_", "-"))}="{_e(k if k is not None else "")}">'
            f'<td>{_e(label)}</td>{owner_cell}<td class="num">{int(rec["activities"])}</td>'
            f"<td>{_stacked_bar(segs, width=110, height=12)}</td>"
            f"{_cell(_percent(rec['share_completed'], L))}{_cell(_number(rec['spent_cost'], L, 0))}"
            f"{_cell(_percent(rec['cost_ratio'], L))}{_cell(_percent(rec['hours_ratio'], L))}{gas_cell}</tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _gas_table(r: Any, gas: pd.DataFrame) -> str:
    L, W = r.L, LABELS[r.lang]
    out = [
        f'<table class="r gas"><thead><tr><th>{_e(L["activity"])}</th><th>{_e(W["expected"])}</th>'
        f'<th class="num">{_e(W["level"])}</th><th>{_e(W["outcome"])}</th></tr></thead><tbody>'
    ]
    for a in gas.sort_values(["priority", "id"], na_position="last").to_dict("records"):
        level = a["gas_attained"]
        rated = not _missing(level)
        lvl = f"{int(level):+d}".replace("+0", "0").replace("-", "−") if rated else None
        outcome = _text(a.get("gas_outcome"))
        out.append(
            f'<tr data-activity="{_e(a["id"])}"><td>{_e(_text(a.get("name")) or a["id"])}'
            f"{r.id_tag(a['id'])}</td><td>{_e(_text(a['gas_expected']))}</td>"
            f'<td class="num">{_e(lvl) if lvl else _na(W["not_rated"])}</td>'
            f"<td>{_e(outcome) if outcome else _na()}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


# -- external funds --------------------------------------------------------------
def scope_funds(r: Any, funds: Any) -> "tuple[Any, str]":
    """The grants and applications that concern the report: those of the unit
    and the units below it (when the table names units; the root unit's report
    has them all) decided up to the period's year (applications not yet decided
    stay), and a sentence saying so."""
    from ..funds import Funds

    W = LABELS[r.lang]
    t = funds.table
    keep = pd.Series(True, index=t.index)
    year = r.ev.period_year(r.period)
    if year is not None:
        decided = pd.to_numeric(t["decided"].astype("string").str[:4], errors="coerce")
        keep &= decided.isna() | (decided <= year)
    named = t["unit"].notna().any()
    root = r.unit == r.ev.root_unit
    if named and not root:
        keep &= t["unit"].isin(r.s.units_below(r.unit))
    if not named and not root:
        scope = W["funds_unscoped"].format(unit=r.unit_label(r.unit))
    elif year is None:
        scope = ""
    elif root:
        scope = W["funds_scope_year"].format(year=year)
    else:
        scope = W["funds_scope"].format(unit=r.unit_label(r.unit), year=year)
    if bool(keep.all()):
        return funds, scope
    return Funds(t[keep], source=funds.source), scope


def funds_section(r: Any, funds: Any) -> str:
    """The compilation of granted external funds for the board (of the unit and period, :func:`scope_funds`)."""
    L, W = r.L, LABELS[r.lang]
    funds, scope = scope_funds(r, funds)
    out = [f'<section id="funds" class="page"><h2>{_e(W["funds_heading"])}</h2>']
    notes = {n.strip() for n in funds.table["note"].dropna() if str(n).strip()}
    if notes:
        items = "".join(f"<li>{_e(n)}</li>" for n in sorted(notes))
        out.append(
            f'<aside class="note" role="note"><p><strong>{_e(L["notes_heading"])}:</strong></p><ul>{items}</ul></aside>'
        )
    out.append(f'<p class="intro">{_e(" ".join(x for x in (W["funds_intro"], scope) if x))}</p>')
    by_area = funds.leverage("focus_area")
    total = funds.success_rate(None).iloc[0]
    granted, own = float(by_area["granted"].sum()), float(by_area["own"].sum())
    n = int(by_area["projects"].sum())
    sentences = []
    if n and own > 0:
        sentences.append(
            W["funds_sentence"].format(
                n=n,
                granted=r.money(granted),
                own=r.money(own),
                total=r.money(granted + own),
                lev=f"{_number((granted + own) / own, L, 2)}×",
            )
        )
    elif n:  # no co-financing: no sentence about it
        sentences.append(W["funds_sentence_no_own"].format(n=n, granted=r.money(granted)))
    sentences.append(
        W["funds_decisions"].format(
            decided=int(total["decided"]), success=int(total["granted_count"]), pending=int(total["pending"])
        )
    )
    out.append(f'<p class="lead">{_e(" ".join(sentences))}</p>')
    if not len(by_area):
        out.append(f"<p>{_e(W['no_funds'])}</p></section>")
        return "".join(out)
    out.append(f"<h3>{_e(W['by_programme'])}</h3>")
    out.append(_programme_table(r, funds))
    out.append(f"<h3>{_e(W['by_focus_area'])}</h3>")
    out.append(_area_table(r, by_area))
    out.append(f"<h3>{_e(W['by_area_year'])}</h3>")
    out.append(_area_year_table(r, funds.compilation(["focus_area", "year"])))
    liquidity = funds.liquidity()
    out.append(_liquidity(r, liquidity))
    out.append(f"<h3>{_e(W['grants_list'])}</h3>")
    out.append(_grants_table(r, funds, liquidity))
    out.append("</section>")
    return "".join(out)


def _programme_table(r: Any, funds: Any) -> str:
    L, W = r.L, LABELS[r.lang]
    comp = funds.compilation("programme").set_index("programme")
    rate = funds.success_rate("programme").set_index("programme")
    rows = [
        f'<table class="r funds" data-by="programme"><thead><tr><th>{_e(W["programme"])}</th>'
        f'<th class="num">{_e(W["projects"])}</th><th class="num">{_e(r.with_currency(W["granted"]))}</th>'
        f'<th class="num">{_e(r.with_currency(W["own"]))}</th><th class="num">{_e(W["external_share"])}</th>'
        f'<th class="num">{_e(W["success_rate"])}</th><th class="num">{_e(W["amount_rate"])}</th>'
        f'<th class="num">{_e(W["pending"])}</th></tr></thead><tbody>'
    ]
    for prog in rate.index:
        c = comp.loc[prog] if prog in comp.index else None
        s = rate.loc[prog]
        success = (
            (
                W["success_cell"].format(g=int(s["granted_count"]), d=int(s["decided"]))
                + " ("
                + _percent(s["success_rate"], L)
                + ")"
            )
            if s["decided"]
            else None
        )
        rows.append(
            f'<tr data-programme="{_e(prog)}"><td>{_e(prog)}</td>'
            f"{_cell(_number(c['projects'], L, 0) if c is not None else '0')}"
            f"{_cell(_number(c['granted'], L, 0) if c is not None else None)}"
            f"{_cell(_number(c['own'], L, 0) if c is not None else None)}"
            f"{_cell(_percent(c['external_share'], L) if c is not None else None)}"
            f"{_cell(success)}{_cell(_percent(s['amount_rate'], L))}{_cell(_number(s['pending'], L, 0))}"
            "</tr>"
        )
    rows.append(
        f'<tr class="tot"><td>{_e(W["sum"])}</td>{_cell(_number(comp["projects"].sum(), L, 0))}'
        f"{_cell(_number(comp['granted'].sum(), L, 0))}{_cell(_number(comp['own'].sum(), L, 0))}"
        f"{_cell(_percent(comp['granted'].sum() / comp['total'].sum(), L))}<td></td><td></td>"
        f"{_cell(_number(rate['pending'].sum(), L, 0))}</tr></tbody></table>"
    )
    return "".join(rows)


def _area_table(r: Any, by_area: pd.DataFrame) -> str:
    L, W = r.L, LABELS[r.lang]
    t = by_area.assign(_o=[r.area_order(a) for a in by_area["focus_area"]]).sort_values("_o")
    scale = float(t["total"].max())
    legend = (
        f'<p class="small chart-legend">{_swatch(OWN_COLOUR)}{_e(W["own"])}'
        f"{_swatch(EXTERNAL_COLOUR)}{_e(W['granted'])}</p>"
    )
    rows = [
        legend,
        f'<table class="r funds" data-by="focus_area"><thead><tr><th>{_e(W["focus_area"])}</th>'
        f'<th class="num">{_e(W["projects"])}</th><th class="num">{_e(r.with_currency(W["granted"]))}</th>'
        f'<th class="num">{_e(r.with_currency(W["own"]))}</th><th class="num">{_e(r.with_currency(W["total"]))}'
        f'</th><th class="num">{_e(W["leverage"])}</th><th></th></tr></thead><tbody>',
    ]
    for a in t.to_dict("records"):
        fa = a["focus_area"]
        label = r.area_label(fa) if fa != DASH else W["no_focus_area"]
        lev = _number(a["leverage"], L, 2)
        bar = _amount_bar(
            [(a["own"], OWN_COLOUR), (a["granted"], EXTERNAL_COLOUR)],
            scale,
            label=f"{label}: {W['own']} {_number(a['own'], L, 0)}, {W['granted']} {_number(a['granted'], L, 0)}",
        )
        rows.append(
            f'<tr data-focus-area="{_e(fa)}"><td>{_e(label)}</td>{_cell(_number(a["projects"], L, 0))}'
            f"{_cell(_number(a['granted'], L, 0))}{_cell(_number(a['own'], L, 0))}"
            f"{_cell(_number(a['total'], L, 0))}{_cell(lev + '×' if lev else None)}<td>{bar}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _area_year_table(r: Any, comp: pd.DataFrame) -> str:
    L, W = r.L, LABELS[r.lang]
    pivot = comp.pivot_table(index="focus_area", columns="year", values="granted", aggfunc="sum")
    years = list(pivot.columns)
    order = sorted(pivot.index, key=r.area_order)
    head = "".join(f'<th class="num">{_e(y)}</th>' for y in years)
    rows = [
        f'<table class="r funds" data-by="focus_area-year"><thead><tr><th>{_e(W["focus_area"])}</th>{head}'
        f'<th class="num">{_e(W["sum"])}</th></tr></thead><tbody>'
    ]
    for fa in order:
        label = r.area_label(fa) if fa != DASH else W["no_focus_area"]
        cells = "".join(
            _cell(_number(pivot.loc[fa, y], L, 0) if not _missing(pivot.loc[fa, y]) else None) for y in years
        )
        rows.append(
            f'<tr data-focus-area="{_e(fa)}"><td>{_e(label)}</td>{cells}'
            f"{_cell(_number(pivot.loc[fa].sum(), L, 0))}</tr>"
        )
    sums = "".join(_cell(_number(pivot[y].sum(), L, 0)) for y in years)
    values = pivot.to_numpy()
    total = _cell(_number(values[~np.isnan(values)].sum(), L, 0))
    rows.append(f'<tr class="tot"><td>{_e(W["sum"])}</td>{sums}{total}</tr></tbody></table>')
    return "".join(rows)


def _liquidity(r: Any, liq: Any) -> str:
    L, W = r.L, LABELS[r.lang]
    out = [f"<h3>{_e(W['liquidity'])}</h3>", f'<p class="intro">{_e(W["liquidity_intro"])}</p>']
    if liq.peak_month is None or liq.peak <= 0:
        return "".join(out)
    out.append(
        f'<p class="lead" data-peak="{_e(_f(liq.peak))}">'
        f"{_e(W['liquidity_sentence'].format(peak=r.money(liq.peak), month=_month_name(liq.peak_month, r.lang)))}</p>"
    )
    out.append(_need_chart(liq.monthly, liq.peak, liq.peak_month, label=W["liquidity_chart"], L=L, lang=r.lang))
    return "".join(out)


# months between the labels of the need chart's time axis, the shortest that fits:
# a calendar step (every month, every other, quarters, half-years) or whole years
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def _need_chart(
    monthly: pd.DataFrame,
    peak: float,
    peak_month: str,
    *,
    label: str,
    L: Mapping[str, Any],
    lang: str,
    width: int = 720,
    height: int = 200,
) -> str:
    """An inline SVG area chart of the need per month: round amounts on the
    value axis (:func:`~styrkort._display.svg.nice_ticks`), months in words on
    the time axis ("jan 2021"), as many as fit, and the peak marked and
    labelled above it."""
    need = monthly["need"].to_numpy(dtype=float)
    months = [str(m) for m in monthly["month"]]
    n = len(need)
    size = 10.0
    top, right, bottom = 18.0, 12.0, 24.0
    h = height - top - bottom
    # ticks at least 1.6 lines apart
    ticks = _nice_ticks(min(0.0, float(np.nanmin(need))), max(peak, float(np.nanmax(need))), 1 + int(h // 16))
    decimals = _tick_decimals(ticks)
    tick_text = [_number(v, L, decimals) or "0" for v in ticks]
    left = 8.0 + max(_text_width(t, size) for t in tick_text)
    w = width - left - right
    lo, hi = ticks[0], ticks[-1]

    def X(i: float) -> float:
        return left + (i / max(n - 1, 1)) * w

    def Y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * h

    pts = " ".join(f"{_f(X(i))},{_f(Y(v))}" for i, v in enumerate(need))
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(label)}"><title>{_e(label)}</title>'
    ]
    for v, text in zip(ticks, tick_text):
        parts.append(
            f'<line x1="{_f(left)}" y1="{_f(Y(v))}" x2="{width - right}" y2="{_f(Y(v))}" '
            f'stroke="{"#8a8a8a" if v == 0 else _GRID_COLOUR}"/>'
            f'<text class="y-tick" x="{_f(left - 4)}" y="{_f(Y(v) + size * 0.35)}" text-anchor="end" '
            f'font-size="{_f(size)}" fill="{_AXIS_COLOUR}">{_e(text)}</text>'
        )
    parts.append(f'<polygon points="{_f(X(0))},{_f(Y(0))} {pts} {_f(X(n - 1))},{_f(Y(0))}" fill="#cfe0f1"/>')
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{_LINE_COLOUR}" stroke-width="1.5"/>')
    # the months on the calendar step that lets their names stand apart
    year_month = [(int(m[:4]), int(m[5:7])) for m in months]
    chosen: List[int] = []
    boxes: List[Tuple[float, float, str]] = []
    for step in MONTH_STEPS:
        chosen = [
            i
            for i, (y, mo) in enumerate(year_month)
            if ((mo - 1) % step == 0 if step < 12 else mo == 1 and y % (step // 12) == 0)
        ]
        boxes = _label_boxes([(X(i), _month_name(months[i], lang, short=True)) for i in chosen], size, 0, width)
        if _labels_fit(boxes, size / 2.0):
            break
    else:  # decades of months: the last named only
        chosen, boxes = chosen[-1:], boxes[-1:]
    for i, box in zip(chosen, boxes):
        parts.append(
            f'<line x1="{_f(X(i))}" y1="{_f(Y(lo))}" x2="{_f(X(i))}" y2="{_f(Y(lo) + 4)}" stroke="#8a8a8a"/>'
            f'<text class="x-tick" x="{_f(box[0])}" y="{height - 6}" font-size="{_f(size)}" fill="{_AXIS_COLOUR}">'
            f"{_e(box[2])}</text>"
        )
    # the peak, labelled above its point (nothing of the line is higher)
    k = months.index(peak_month)
    text = f"{_number(peak, L, 0)} ({_month_name(peak_month, lang, short=True)})"
    box = _label_boxes([(X(k), text)], 10.5, left, float(width - right))[0]
    parts.append(
        f'<circle cx="{_f(X(k))}" cy="{_f(Y(peak))}" r="3.5" fill="#c62828"/>'
        f'<text class="peak" x="{_f(box[0])}" y="{_f(Y(peak) - 7)}" font-size="10.5" fill="#1a1a1a" '
        f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{_e(text)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _grants_table(r: Any, funds: Any, liquidity: Any) -> str:
    L, W = r.L, LABELS[r.lang]
    t = funds.table[funds.table["status"].isin(["granted", "closed"])].copy()
    t["_o"] = [r.area_order(a or "") for a in t["focus_area"]]
    t = t.sort_values(["_o", "start", "id"])
    peaks = liquidity.grants.set_index("id")["peak"]

    def months(start: Any, end: Any) -> str:
        """The project period in words, each month unbroken: "apr. 2018 – dec. 2018"."""
        return " – ".join(
            f'<span class="nowrap">{_e(_month_name(m, r.lang, short=True))}</span>' if not _missing(m) else _na()
            for m in (start, end)
        )

    rows = [
        f'<table class="r funds grants"><thead><tr><th>{_e(W["project"])}</th><th>{_e(W["programme"])}</th>'
        f"<th>{_e(W['focus_area'])}</th><th>{_e(W['period'])}</th>"
        f'<th class="num">{_e(r.with_currency(W["granted"]))}</th><th class="num">{_e(W["rate"])}</th>'
        f'<th class="num">{_e(r.with_currency(W["own"]))}</th><th class="num">{_e(W["peak"])}</th>'
        f"<th>{_e(W['status'])}</th></tr></thead><tbody>"
    ]
    for g in t.to_dict("records"):
        fa = _text(g.get("focus_area"))
        unit = _text(g.get("unit"))
        where = f'<span class="state">{_e(r.unit_label(unit))}</span>' if unit else ""
        rows.append(
            f'<tr data-fund="{_e(g["id"])}"><td>{_e(_text(g.get("project")) or g["id"])}'
            f"{r.id_tag(g['id'])}{where}</td><td>{_e(g['programme'])}</td>"
            f'<td>{_e(r.area_label(fa)) if fa else _na()}</td><td class="months">{months(g["start"], g["end"])}</td>'
            f"{_cell(_number(g['granted'], L, 0))}{_cell(_percent(g['rate'], L))}"
            f"{_cell(_number(g['own'], L, 0))}{_cell(_number(peaks.get(g['id']), L, 0))}"
            f"<td>{_e(W['fund_status'].get(g['status'], g['status']))}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)
