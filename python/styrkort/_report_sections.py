"""The board report's follow-up sections: the action plans' follow-up (status,
cost and hours, Goal Attainment Scaling per focus area, owner, means and
direction) and the compilation of granted external funds (by programme, focus
area and year, leverage, success rate, liquidity need). Used by
:mod:`styrkort.report`; every user text is escaped with ``_e``."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

import numpy as np
import pandas as pd

from .report import (ACTIVITY_COLOURS, DASH, EXTERNAL_COLOUR, OWN_COLOUR, _amount_bar, _e, _f, _missing, _na,
                     _number, _percent, _stacked_bar, _swatch, _text)

LABELS: Dict[str, Dict[str, Any]] = {
    "sv": {
        "followup_heading": "Uppföljning av handlingsplanen {year}",
        "followup_intro": "Aktiviteterna i {year} års handlingsplan per fokusområde, ansvarig, medel och inriktning: "
                          "hur många som genomförts, planerad mot förbrukad kostnad och tid, och målskattningen "
                          "för aktiviteter utan mätvärden.",
        "gas_intro": "Aktiviteter utan mätvärden bedöms med målskattning (Goal Attainment Scaling, Kiresuk & "
                     "Sherman 1968): utfallet skattas från −2 (mycket sämre än förväntat) till +2 (mycket bättre), "
                     "där 0 är det förväntade utfallet som beskrivits i förväg. T-poängen sammanfattar en grupp "
                     "aktiviteter: 50 = som förväntat, över 50 bättre, under 50 sämre (ρ = {rho}). "
                     "Aktiviteter som ännu inte skattats ingår inte.",
        "by_focus_area": "Per fokusområde",
        "by_owner": "Per ansvarig",
        "by_means": "Per medel",
        "by_direction": "Per inriktning (en aktivitet räknas under var och en av sina inriktningar)",
        "owner_col": "Ansvariga",
        "owner": "Ansvarig",
        "means": "Medel",
        "direction": "Inriktning",
        "activities": "Aktiviteter",
        "completed": "Genomförda",
        "share_completed": "Andel genomförda",
        "cost_ratio": "Förbrukat av planerad kostnad",
        "hours_ratio": "Förbrukat av planerad tid",
        "t_score": "T-poäng",
        "assessed": "{n} av {m} skattade",
        "gas_list": "Målskattning per aktivitet",
        "level": "Nivå",
        "expected": "Förväntat utfall (0)",
        "outcome": "Uppnått utfall",
        "not_rated": "ej skattad",
        "none_direction": "(ingen inriktning)",
        "none_means": "(inget medel angivet)",
        "none_owner": "(ingen ansvarig)",
        "funds_heading": "Sammanställning av beviljade EU- och internationella projektmedel",
        "funds_intro": "Beviljade och avslutade projekt med extern finansiering: beviljat belopp, egen "
                       "medfinansiering, hävstång (total projektbudget per krona egna medel), andelen beviljade "
                       "ansökningar och behovet av förfinansiering när bidraget betalas ut i efterhand.",
        "funds_sentence": "{n} beviljade projekt har fått {granted} i externa medel mot {own} i egen "
                          "medfinansiering, sammanlagt {total} (hävstång {lev}). {decided} ansökningar har "
                          "beslutats, varav {success} beviljades; {pending} väntar på beslut.",
        "by_programme": "Per program",
        "by_area_year": "Beviljade medel per fokusområde och beslutsår",
        "programme": "Program",
        "projects": "Projekt",
        "granted": "Beviljat",
        "own": "Egen insats",
        "total": "Totalt",
        "leverage": "Hävstång",
        "external_share": "Extern andel",
        "success_rate": "Beviljade ansökningar",
        "success_cell": "{g} av {d}",
        "amount_rate": "Beviljat av sökt belopp",
        "pending": "Väntar på beslut",
        "sum": "Summa",
        "liquidity": "Förfinansiering",
        "liquidity_intro": "Bidragen betalas ut i efterhand: kommunen lägger ut bidragsdelen av kostnaderna tills "
                           "utbetalningen kommer. Beräknat med kostnaderna jämnt fördelade över projekttiden och "
                           "varje projekts villkor för förskott, rapportperiod, väntetid och innehållen del "
                           "(standard: inget förskott, halvårsvis rekvisition, utbetalning 3 månader senare).",
        "liquidity_sentence": "Det största förfinansieringsbehovet är {peak} i {month}.",
        "liquidity_chart": "Förfinansieringsbehov per månad",
        "grants_list": "Beviljade projekt",
        "project": "Projekt",
        "period": "Projekttid",
        "rate": "Stödnivå",
        "status": "Status",
        "peak": "Största behov",
        "fund_status": {"applied": "Ansökt", "granted": "Beviljat", "rejected": "Avslag", "closed": "Avslutat"},
        "no_funds": "Inga beviljade projekt.",
        "focus_area": "Fokusområde",
        "no_focus_area": "(utan fokusområde)",
        "month_axis": "månad",
    },
    "en": {
        "followup_heading": "Follow-up of the {year} action plan",
        "followup_intro": "The activities of the {year} action plan by focus area, owner, means and direction: how "
                          "many were completed, planned against spent cost and time, and the goal attainment of "
                          "activities without data.",
        "gas_intro": "Activities without data are rated by Goal Attainment Scaling (Kiresuk & Sherman 1968): the "
                     "outcome is rated from −2 (much less than expected) to +2 (much more), 0 being the expected "
                     "outcome described beforehand. The T-score summarises a group of activities: 50 = as "
                     "expected, above 50 better, below 50 worse (ρ = {rho}). Activities not yet rated are left out.",
        "by_focus_area": "By focus area",
        "by_owner": "By owner",
        "by_means": "By means",
        "by_direction": "By direction (an activity counts under each of its directions)",
        "owner_col": "Owners",
        "owner": "Owner",
        "means": "Means",
        "direction": "Direction",
        "activities": "Activities",
        "completed": "Completed",
        "share_completed": "Share completed",
        "cost_ratio": "Spent of planned cost",
        "hours_ratio": "Spent of planned time",
        "t_score": "T-score",
        "assessed": "{n} of {m} rated",
        "gas_list": "Goal attainment per activity",
        "level": "Level",
        "expected": "Expected outcome (0)",
        "outcome": "Outcome attained",
        "not_rated": "not rated",
        "none_direction": "(no direction)",
        "none_means": "(no means given)",
        "none_owner": "(no owner)",
        "funds_heading": "Compilation of granted EU and international project funds",
        "funds_intro": "Granted and closed projects with external funding: the grant, the own co-financing, "
                       "leverage (total project budget per unit of own money), the share of applications granted "
                       "and the pre-financing needed because grants are paid in arrears.",
        "funds_sentence": "{n} granted projects received {granted} of external funds against {own} of own "
                          "co-financing, {total} in all (leverage {lev}). {decided} applications have been decided, "
                          "{success} of them granted; {pending} await a decision.",
        "by_programme": "By programme",
        "by_area_year": "Granted funds by focus area and year of decision",
        "programme": "Programme",
        "projects": "Projects",
        "granted": "Granted",
        "own": "Own contribution",
        "total": "Total",
        "leverage": "Leverage",
        "external_share": "External share",
        "success_rate": "Applications granted",
        "success_cell": "{g} of {d}",
        "amount_rate": "Granted of amount applied for",
        "pending": "Awaiting decision",
        "sum": "Total",
        "liquidity": "Pre-financing",
        "liquidity_intro": "Grants are paid in arrears: the municipality pays the grant's share of the costs until "
                           "the payment arrives. Computed with the costs spread evenly over the project period and "
                           "each project's terms for advance, reporting period, waiting time and retention "
                           "(default: no advance, half-yearly claims paid 3 months later).",
        "liquidity_sentence": "The largest pre-financing need is {peak} in {month}.",
        "liquidity_chart": "Pre-financing need per month",
        "grants_list": "Granted projects",
        "project": "Project",
        "period": "Project period",
        "rate": "Rate",
        "status": "Status",
        "peak": "Largest need",
        "fund_status": {"applied": "Applied", "granted": "Granted", "rejected": "Rejected", "closed": "Closed"},
        "no_funds": "No granted projects.",
        "focus_area": "Focus area",
        "no_focus_area": "(no focus area)",
        "month_axis": "month",
    },
}


def _cell(text: Optional[str], cls: str = "num") -> str:
    return f'<td class="{cls}">{_e(text) if text else _na()}</td>'


# -- the action plans ----------------------------------------------------------
def followup_section(r: Any, year: Optional[int]) -> str:
    """The follow-up of the action plan of ``year`` (or the latest plan before
    it), as part of the action-plan section (``r`` is the report being built)."""
    from .action_plan import follow_up, plan_year

    L, W = r.L, LABELS[r.lang]
    year = plan_year(r.s, year)
    if year is None:
        return ""
    f = follow_up(r.s, year=year, unit=None if not r.unit_parent.get(r.unit) else r.unit)
    if not len(f):
        return ""
    out = [f'<div id="action-plan-follow-up"><h3>{_e(W["followup_heading"].format(year=year))}</h3>',
           f'<p class="intro">{_e(W["followup_intro"].format(year=year))}</p>']
    by_fa = f.summary("focus_area")
    owners = f.activities.groupby("focus_area")["owner"].agg(lambda s: sorted({o for o in s if o}))
    out.append(f'<h4>{_e(W["by_focus_area"])}</h4>')
    out.append(_summary_table(r, by_fa, "focus_area", W["focus_area"], owners=owners))
    for key, title, head, none in (("owner", "by_owner", "owner", "none_owner"),
                                   ("means", "by_means", "means", "none_means"),
                                   ("direction", "by_direction", "direction", "none_direction")):
        table = f.summary(key)
        words = L["means_word"] if key == "means" else {}
        table["_label"] = [words.get(x, x) if x else W[none] for x in table[key]]
        out.append(f'<h4>{_e(W[title])}</h4>')
        out.append(_summary_table(r, table, key, W[head]))
    gas = f.activities[f.activities["gas_expected"].notna()]
    if len(gas):
        out.append(f'<h4>{_e(W["gas_list"])}</h4>')
        out.append(f'<p class="intro">{_e(W["gas_intro"].format(rho=_number(f.rho, L, 1)))}</p>')
        out.append(_gas_table(r, gas))
    out.append("</div>")
    return "".join(out)


def _summary_table(r: Any, t: pd.DataFrame, key: str, head: str, owners: Optional[pd.Series] = None) -> str:
    L, W = r.L, LABELS[r.lang]
    owner_head = f'<th>{_e(W["owner_col"])}</th>' if owners is not None else ""
    rows = [f'<table class="r followup" data-by="{_e(key)}"><thead><tr><th>{_e(head)}</th>{owner_head}'
            f'<th class="num">{_e(W["activities"])}</th><th>{_e(L["distribution"])}</th>'
            f'<th class="num">{_e(W["share_completed"])}</th>'
            f'<th class="num">{_e(r.with_currency(L["cost"]))} {_e(L["spent"].lower())}</th>'
            f'<th class="num">{_e(W["cost_ratio"])}</th><th class="num">{_e(W["hours_ratio"])}</th>'
            f'<th class="num">{_e(W["t_score"])}</th></tr></thead><tbody>']
    for rec in t.to_dict("records"):
        k = rec[key]
        label = r.area_label(k) if key == "focus_area" else rec.get("_label", k)
        owner_cell = ""
        if owners is not None:
            names = owners.get(k, []) if k is not None else []
            owner_cell = f'<td>{_e(", ".join(names)) or _na()}</td>'
        segs = [(float(rec[s]), ACTIVITY_COLOURS[s][0], f'{L["activity_status"][s]} {rec[s]}')
                for s in ACTIVITY_COLOURS]
        t_score = _number(rec["gas_t_score"], L, 0)
        rated = W["assessed"].format(n=int(rec["gas_assessed"]), m=int(rec["gas_activities"]))
        gas_cell = (f'<td class="num" data-t-score="{_e(_f(rec["gas_t_score"]))}">{_e(t_score)}'
                    f'<span class="state">{_e(rated)}</span></td>' if t_score else
                    f'<td class="num">{_na(rated if rec["gas_activities"] else "")}</td>')
        rows.append(f'<tr data-{_e(key.replace("_", "-"))}="{_e(k if k is not None else "")}">'
                    f'<td>{_e(label)}</td>{owner_cell}<td class="num">{int(rec["activities"])}</td>'
                    f'<td>{_stacked_bar(segs, width=110, height=12)}</td>'
                    f'{_cell(_percent(rec["share_completed"], L))}{_cell(_number(rec["spent_cost"], L, 0))}'
                    f'{_cell(_percent(rec["cost_ratio"], L))}{_cell(_percent(rec["hours_ratio"], L))}{gas_cell}</tr>')
    rows.append("</tbody></table>")
    return "".join(rows)


def _gas_table(r: Any, gas: pd.DataFrame) -> str:
    L, W = r.L, LABELS[r.lang]
    out = [f'<table class="r gas"><thead><tr><th>{_e(L["activity"])}</th><th>{_e(W["expected"])}</th>'
           f'<th class="num">{_e(W["level"])}</th><th>{_e(W["outcome"])}</th></tr></thead><tbody>']
    for a in gas.sort_values(["priority", "id"], na_position="last").to_dict("records"):
        level = a["gas_attained"]
        rated = not _missing(level)
        lvl = f"{int(level):+d}".replace("+0", "0").replace("-", "−") if rated else None
        outcome = _text(a.get("gas_outcome"))
        out.append(f'<tr data-activity="{_e(a["id"])}"><td>{_e(_text(a.get("name")) or a["id"])} '
                   f'<span class="id">{_e(a["id"])}</span></td><td>{_e(_text(a["gas_expected"]))}</td>'
                   f'<td class="num">{_e(lvl) if lvl else _na(W["not_rated"])}</td>'
                   f'<td>{_e(outcome) if outcome else _na()}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


# -- external funds --------------------------------------------------------------
def funds_section(r: Any, funds: Any) -> str:
    """The compilation of granted external funds for the board."""
    L, W = r.L, LABELS[r.lang]
    out = [f'<section id="funds" class="page"><h2>{_e(W["funds_heading"])}</h2>']
    notes = {n.strip() for n in funds.table["note"].dropna() if str(n).strip()}
    if notes:
        items = "".join(f"<li>{_e(n)}</li>" for n in sorted(notes))
        out.append(f'<aside class="note" role="note"><p><strong>{_e(L["notes_heading"])}:</strong></p>'
                   f"<ul>{items}</ul></aside>")
    out.append(f'<p class="intro">{_e(W["funds_intro"])}</p>')
    by_area = funds.leverage("focus_area")
    total = funds.success_rate(None).iloc[0]
    granted, own = float(by_area["granted"].sum()), float(by_area["own"].sum())
    out.append('<p class="lead">' + _e(W["funds_sentence"].format(
        n=int(by_area["projects"].sum()), granted=r.money(granted), own=r.money(own), total=r.money(granted + own),
        lev=(_number((granted + own) / own, L, 2) + "×") if own > 0 else DASH, decided=int(total["decided"]),
        success=int(total["granted_count"]), pending=int(total["pending"]))) + "</p>")
    if not len(by_area):
        out.append(f'<p>{_e(W["no_funds"])}</p></section>')
        return "".join(out)
    out.append(f'<h3>{_e(W["by_programme"])}</h3>')
    out.append(_programme_table(r, funds))
    out.append(f'<h3>{_e(W["by_focus_area"])}</h3>')
    out.append(_area_table(r, by_area))
    out.append(f'<h3>{_e(W["by_area_year"])}</h3>')
    out.append(_area_year_table(r, funds.compilation(["focus_area", "year"])))
    liquidity = funds.liquidity()
    out.append(_liquidity(r, liquidity))
    out.append(f'<h3>{_e(W["grants_list"])}</h3>')
    out.append(_grants_table(r, funds, liquidity))
    out.append("</section>")
    return "".join(out)


def _programme_table(r: Any, funds: Any) -> str:
    L, W = r.L, LABELS[r.lang]
    comp = funds.compilation("programme").set_index("programme")
    rate = funds.success_rate("programme").set_index("programme")
    rows = [f'<table class="r funds" data-by="programme"><thead><tr><th>{_e(W["programme"])}</th>'
            f'<th class="num">{_e(W["projects"])}</th><th class="num">{_e(r.with_currency(W["granted"]))}</th>'
            f'<th class="num">{_e(r.with_currency(W["own"]))}</th><th class="num">{_e(W["external_share"])}</th>'
            f'<th class="num">{_e(W["success_rate"])}</th><th class="num">{_e(W["amount_rate"])}</th>'
            f'<th class="num">{_e(W["pending"])}</th></tr></thead><tbody>']
    for prog in rate.index:
        c = comp.loc[prog] if prog in comp.index else None
        s = rate.loc[prog]
        success = (W["success_cell"].format(g=int(s["granted_count"]), d=int(s["decided"])) + " ("
                   + _percent(s["success_rate"], L) + ")") if s["decided"] else None
        rows.append(f'<tr data-programme="{_e(prog)}"><td>{_e(prog)}</td>'
                    f'{_cell(_number(c["projects"], L, 0) if c is not None else "0")}'
                    f'{_cell(_number(c["granted"], L, 0) if c is not None else None)}'
                    f'{_cell(_number(c["own"], L, 0) if c is not None else None)}'
                    f'{_cell(_percent(c["external_share"], L) if c is not None else None)}'
                    f'{_cell(success)}{_cell(_percent(s["amount_rate"], L))}{_cell(_number(s["pending"], L, 0))}'
                    "</tr>")
    rows.append(f'<tr class="tot"><td>{_e(W["sum"])}</td>{_cell(_number(comp["projects"].sum(), L, 0))}'
                f'{_cell(_number(comp["granted"].sum(), L, 0))}{_cell(_number(comp["own"].sum(), L, 0))}'
                f'{_cell(_percent(comp["granted"].sum() / comp["total"].sum(), L))}<td></td><td></td>'
                f'{_cell(_number(rate["pending"].sum(), L, 0))}</tr></tbody></table>')
    return "".join(rows)


def _area_table(r: Any, by_area: pd.DataFrame) -> str:
    L, W = r.L, LABELS[r.lang]
    t = by_area.assign(_o=[r.area_order(a) for a in by_area["focus_area"]]).sort_values("_o")
    scale = float(t["total"].max())
    legend = (f'<p class="small chart-legend">{_swatch(OWN_COLOUR)}{_e(W["own"])}'
              f'{_swatch(EXTERNAL_COLOUR)}{_e(W["granted"])}</p>')
    rows = [legend, f'<table class="r funds" data-by="focus_area"><thead><tr><th>{_e(W["focus_area"])}</th>'
            f'<th class="num">{_e(W["projects"])}</th><th class="num">{_e(r.with_currency(W["granted"]))}</th>'
            f'<th class="num">{_e(r.with_currency(W["own"]))}</th><th class="num">{_e(r.with_currency(W["total"]))}'
            f'</th><th class="num">{_e(W["leverage"])}</th><th></th></tr></thead><tbody>']
    for a in t.to_dict("records"):
        fa = a["focus_area"]
        label = r.area_label(fa) if fa != DASH else W["no_focus_area"]
        lev = _number(a["leverage"], L, 2)
        bar = _amount_bar([(a["own"], OWN_COLOUR), (a["granted"], EXTERNAL_COLOUR)], scale,
                          label=f'{label}: {W["own"]} {_number(a["own"], L, 0)}, {W["granted"]} '
                                f'{_number(a["granted"], L, 0)}')
        rows.append(f'<tr data-focus-area="{_e(fa)}"><td>{_e(label)}</td>{_cell(_number(a["projects"], L, 0))}'
                    f'{_cell(_number(a["granted"], L, 0))}{_cell(_number(a["own"], L, 0))}'
                    f'{_cell(_number(a["total"], L, 0))}{_cell(lev + "×" if lev else None)}<td>{bar}</td></tr>')
    rows.append("</tbody></table>")
    return "".join(rows)


def _area_year_table(r: Any, comp: pd.DataFrame) -> str:
    L, W = r.L, LABELS[r.lang]
    pivot = comp.pivot_table(index="focus_area", columns="year", values="granted", aggfunc="sum")
    years = list(pivot.columns)
    order = sorted(pivot.index, key=r.area_order)
    head = "".join(f'<th class="num">{_e(y)}</th>' for y in years)
    rows = [f'<table class="r funds" data-by="focus_area-year"><thead><tr><th>{_e(W["focus_area"])}</th>{head}'
            f'<th class="num">{_e(W["sum"])}</th></tr></thead><tbody>']
    for fa in order:
        label = r.area_label(fa) if fa != DASH else W["no_focus_area"]
        cells = "".join(_cell(_number(pivot.loc[fa, y], L, 0) if not _missing(pivot.loc[fa, y]) else None)
                        for y in years)
        rows.append(f'<tr data-focus-area="{_e(fa)}"><td>{_e(label)}</td>{cells}'
                    f'{_cell(_number(pivot.loc[fa].sum(), L, 0))}</tr>')
    sums = "".join(_cell(_number(pivot[y].sum(), L, 0)) for y in years)
    rows.append(f'<tr class="tot"><td>{_e(W["sum"])}</td>{sums}{_cell(_number(pivot.to_numpy()[~np.isnan(pivot.to_numpy())].sum(), L, 0))}'
                "</tr></tbody></table>")
    return "".join(rows)


def _liquidity(r: Any, liq: Any) -> str:
    L, W = r.L, LABELS[r.lang]
    out = [f'<h3>{_e(W["liquidity"])}</h3>', f'<p class="intro">{_e(W["liquidity_intro"])}</p>']
    if liq.peak_month is None or liq.peak <= 0:
        return "".join(out)
    out.append(f'<p class="lead" data-peak="{_e(_f(liq.peak))}">'
               f'{_e(W["liquidity_sentence"].format(peak=r.money(liq.peak), month=liq.peak_month))}</p>')
    out.append(_need_chart(liq.monthly, liq.peak, liq.peak_month, label=W["liquidity_chart"], L=L))
    return "".join(out)


def _need_chart(monthly: pd.DataFrame, peak: float, peak_month: str, *, label: str, L: Mapping[str, Any],
                width: int = 720, height: int = 170) -> str:
    """An inline SVG area chart of the need per month, years marked, the peak labelled."""
    need = monthly["need"].to_numpy(dtype=float)
    months = monthly["month"].tolist()
    n = len(need)
    left, right, top, bottom = 70.0, 10.0, 12.0, 22.0
    w, h = width - left - right, height - top - bottom
    hi = peak * 1.1 if peak > 0 else 1.0

    def X(i: float) -> float:
        return left + (i / max(n - 1, 1)) * w

    def Y(v: float) -> float:
        return top + (1 - v / hi) * h

    pts = " ".join(f"{_f(X(i))},{_f(Y(v))}" for i, v in enumerate(need))
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{_e(label)}"><title>{_e(label)}</title>',
             f'<polygon points="{_f(X(0))},{_f(Y(0))} {pts} {_f(X(n - 1))},{_f(Y(0))}" fill="#cfe0f1"/>',
             f'<polyline points="{pts}" fill="none" stroke="#1f4e79" stroke-width="1.5"/>',
             f'<line x1="{left}" y1="{_f(Y(0))}" x2="{width - right}" y2="{_f(Y(0))}" stroke="#8a8a8a"/>']
    for frac in (0.5, 1.0):
        v = peak * frac
        parts.append(f'<line x1="{left}" y1="{_f(Y(v))}" x2="{width - right}" y2="{_f(Y(v))}" stroke="#e0e0e0"/>'
                     f'<text x="{left - 4}" y="{_f(Y(v) + 4)}" text-anchor="end" font-size="10" fill="#5c5c5c">'
                     f'{_e(_number(v, L, 0))}</text>')
    for i, m in enumerate(months):
        if m.endswith("-01") or i == 0:
            parts.append(f'<line x1="{_f(X(i))}" y1="{_f(Y(0))}" x2="{_f(X(i))}" y2="{_f(Y(0) + 4)}" stroke="#8a8a8a"/>'
                         f'<text x="{_f(X(i) + 2)}" y="{height - 6}" font-size="10" fill="#5c5c5c">{_e(m[:4])}</text>')
    k = months.index(peak_month)
    parts.append(f'<circle cx="{_f(X(k))}" cy="{_f(Y(peak))}" r="3.5" fill="#c62828"/>'
                 f'<text x="{_f(min(X(k) + 6, width - 120))}" y="{_f(Y(peak) + 4)}" font-size="10.5" fill="#1a1a1a">'
                 f'{_e(_number(peak, L, 0))} ({_e(peak_month)})</text>')
    parts.append("</svg>")
    return "".join(parts)


def _grants_table(r: Any, funds: Any, liquidity: Any) -> str:
    L, W = r.L, LABELS[r.lang]
    t = funds.table[funds.table["status"].isin(["granted", "closed"])].copy()
    t["_o"] = [r.area_order(a or "") for a in t["focus_area"]]
    t = t.sort_values(["_o", "start", "id"])
    peaks = liquidity.grants.set_index("id")["peak"]
    rows = [f'<table class="r funds grants"><thead><tr><th>{_e(W["project"])}</th><th>{_e(W["programme"])}</th>'
            f'<th>{_e(W["focus_area"])}</th><th>{_e(W["period"])}</th>'
            f'<th class="num">{_e(r.with_currency(W["granted"]))}</th><th class="num">{_e(W["rate"])}</th>'
            f'<th class="num">{_e(r.with_currency(W["own"]))}</th><th class="num">{_e(W["peak"])}</th>'
            f'<th>{_e(W["status"])}</th></tr></thead><tbody>']
    for g in t.to_dict("records"):
        fa = _text(g.get("focus_area"))
        unit = _text(g.get("unit"))
        where = f'<span class="state">{_e(r.unit_label(unit))}</span>' if unit else ""
        rows.append(f'<tr data-fund="{_e(g["id"])}"><td>{_e(_text(g.get("project")) or g["id"])} '
                    f'<span class="id">{_e(g["id"])}</span>{where}</td><td>{_e(g["programme"])}</td>'
                    f'<td>{_e(r.area_label(fa)) if fa else _na()}</td><td>{_e(g["start"])} – {_e(g["end"])}</td>'
                    f'{_cell(_number(g["granted"], L, 0))}{_cell(_percent(g["rate"], L))}'
                    f'{_cell(_number(g["own"], L, 0))}{_cell(_number(peaks.get(g["id"]), L, 0))}'
                    f'<td>{_e(W["fund_status"].get(g["status"], g["status"]))}</td></tr>')
    rows.append("</tbody></table>")
    return "".join(rows)
