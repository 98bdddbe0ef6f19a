"""Words and formats of the workbooks: headers and sheet titles per language,
status colours and words, number formats."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from .. import report

# -- words --------------------------------------------------------------------
# Column headers per language (the same keys in every language; a test checks
# that). A column not named here keeps its name, "_" written as a space.
HEADERS: Dict[str, Dict[str, str]] = {
    "sv": {
        "unit": "Enhet", "node": "Nod", "kind": "Typ", "name": "Namn", "period": "Period", "time": "Tid",
        "indicator": "Indikator", "value": "Värde", "note": "Anmärkning", "origin": "Ursprung",
        "target": "Målvärde", "score": "Poäng", "status": "Status", "computed_status": "Beräknad status",
        "comment": "Kommentar", "coverage": "Täckning", "rank": "Rang", "imputed": "Imputerat",
        "trend": "Trend", "trend_ratio": "Kvot observerad/nödvändig takt", "arrow": "SDG-pil",
        "forecast": "Prognos (år)", "id": "Id", "focus_area": "Fokusområde", "year": "År",
        "directions": "Inriktningar", "means": "Medel", "owner": "Ansvarig", "activity": "Aktivitet",
        "planned_cost": "Planerad kostnad", "spent_cost": "Kostnad utfall", "planned_hours": "Planerade timmar",
        "spent_hours": "Timmar utfall", "share_completed": "Andel genomförda", "gas_t_score": "GAS T-värde",
        "gas_minus2": "GAS −2", "gas_minus1": "GAS −1", "gas_expected": "GAS 0 (förväntat)",
        "gas_plus1": "GAS +1", "gas_plus2": "GAS +2", "gas_attained": "GAS uppnådd nivå", "gas_weight": "GAS-vikt",
        "programme": "Program", "granted": "Beviljat", "applied": "Sökt", "own": "Egna medel",
        "external": "Extern finansiering", "total": "Totalt", "rate": "Medfinansieringsgrad",
        "leverage": "Hävstång", "success_rate": "Andel beviljade ansökningar", "staff_days": "Personaldagar",
        "priority": "Prio", "weight": "Vikt", "binding": "Bindande gräns", "area": "Område", "cost": "Kostnad",
        "hours": "Timmar", "selected": "Valt", "must": "Måste med", "never": "Utesluten", "group": "Grupp",
        "n": "Antal", "count": "Antal", "amount": "Belopp", "start": "Start", "end": "Slut",
        "acceptability": "Acceptans", "mc_error": "Monte Carlo-fel", "floor": "Golv", "cap": "Tak",
        "liquidity_need": "Likviditetsbehov", "focus_area_name": "Fokusområdets namn",
        "cost_deviation": "Kostnadsavvikelse", "hours_deviation": "Timavvikelse", "cost_ratio": "Kostnad utfall/plan",
        "hours_ratio": "Timmar utfall/plan", "gas_outcome": "GAS uppnått utfall", "activities": "Aktiviteter",
        "not_started": "Ej påbörjade", "started": "Påbörjade", "completed": "Genomförda", "delayed": "Försenade",
        "cancelled": "Inställda", "gas_activities": "Aktiviteter med GAS", "gas_assessed": "GAS bedömda",
        "gas_mean_level": "GAS medelnivå", "project": "Projekt", "decided": "Beslutade", "advance": "Förskott",
        "claim_months": "Månader per rekvisition", "lag_months": "Månader till utbetalning", "retention": "Innehållet",
        "projects": "Projekt", "external_share": "Andel extern finansiering", "applications": "Ansökningar",
        "pending": "Väntar på beslut", "granted_count": "Beviljade", "rejected": "Avslagna",
        "applied_decided": "Sökt i beslutade ansökningar", "amount_rate": "Andel av sökt belopp beviljad",
        "incurred": "Utgifter", "received": "Utbetalt", "peak_need": "Största likviditetsbehov", "month": "Månad",
        "outstanding": "Utestående", "need": "Likviditetsbehov", "reason": "Skäl", "manual": "Manuell",
        "code": "Kod", "message": "Meddelande",
    },
    "en": {
        "unit": "Unit", "node": "Node", "kind": "Kind", "name": "Name", "period": "Period", "time": "Time",
        "indicator": "Indicator", "value": "Value", "note": "Note", "origin": "Origin",
        "target": "Target", "score": "Score", "status": "Status", "computed_status": "Computed status",
        "comment": "Comment", "coverage": "Coverage", "rank": "Rank", "imputed": "Imputed",
        "trend": "Trend", "trend_ratio": "Ratio of observed to required pace", "arrow": "SDG arrow",
        "forecast": "Forecast (year)", "id": "Id", "focus_area": "Focus area", "year": "Year",
        "directions": "Directions", "means": "Means", "owner": "Owner", "activity": "Activity",
        "planned_cost": "Planned cost", "spent_cost": "Spent cost", "planned_hours": "Planned hours",
        "spent_hours": "Spent hours", "share_completed": "Share completed", "gas_t_score": "GAS T-score",
        "gas_minus2": "GAS −2", "gas_minus1": "GAS −1", "gas_expected": "GAS 0 (expected)",
        "gas_plus1": "GAS +1", "gas_plus2": "GAS +2", "gas_attained": "GAS level attained", "gas_weight": "GAS weight",
        "programme": "Programme", "granted": "Granted", "applied": "Applied for", "own": "Own money",
        "external": "External funding", "total": "Total", "rate": "Co-financing rate",
        "leverage": "Leverage", "success_rate": "Success rate of applications", "staff_days": "Staff days",
        "priority": "Priority", "weight": "Weight", "binding": "Binding limit", "area": "Area", "cost": "Cost",
        "hours": "Hours", "selected": "Selected", "must": "Must", "never": "Excluded", "group": "Group",
        "n": "Number", "count": "Number", "amount": "Amount", "start": "Start", "end": "End",
        "acceptability": "Acceptability", "mc_error": "Monte Carlo error", "floor": "Floor", "cap": "Cap",
        "liquidity_need": "Liquidity need", "focus_area_name": "Focus area name",
        "cost_deviation": "Cost deviation", "hours_deviation": "Hours deviation", "cost_ratio": "Cost spent/planned",
        "hours_ratio": "Hours spent/planned", "gas_outcome": "GAS outcome attained", "activities": "Activities",
        "not_started": "Not started", "started": "Started", "completed": "Completed", "delayed": "Delayed",
        "cancelled": "Cancelled", "gas_activities": "Activities with GAS", "gas_assessed": "GAS assessed",
        "gas_mean_level": "GAS mean level", "project": "Project", "decided": "Decided", "advance": "Advance",
        "claim_months": "Months per claim", "lag_months": "Months to payment", "retention": "Retention",
        "projects": "Projects", "external_share": "External share", "applications": "Applications",
        "pending": "Awaiting decision", "granted_count": "Granted", "rejected": "Rejected",
        "applied_decided": "Applied for in decided applications", "amount_rate": "Share of amount applied for granted",
        "incurred": "Incurred", "received": "Received", "peak_need": "Peak liquidity need", "month": "Month",
        "outstanding": "Outstanding", "need": "Liquidity need", "reason": "Reason", "manual": "Manual",
        "code": "Code", "message": "Message",
    },
}

# Readable titles for the result sheets the package writes; other sheet names
# are used as given.
SHEET_TITLES: Dict[str, Dict[str, str]] = {
    "sv": {"scores": "Poäng", "statuses": "Status", "trends": "Trender", "activities": "Handlingsplan",
           "follow_up": "Uppföljning handlingsplan", "funds": "Externa medel",
           "funds_compilation": "Sammanställning medel", "liquidity": "Förfinansiering",
           "allocation": "Fördelning", "selected_projects": "Valda projekt", "warnings": "Varningar"},
    "en": {"scores": "Scores", "statuses": "Statuses", "trends": "Trends", "activities": "Action plan",
           "follow_up": "Action plan follow-up", "funds": "External funds",
           "funds_compilation": "Funds compilation", "liquidity": "Pre-financing", "allocation": "Allocation",
           "selected_projects": "Selected projects", "warnings": "Warnings"},
}

def _fund_colours() -> Dict[str, Tuple[str, str]]:
    """Grant statuses in the report's palette (granted like fulfilled, rejected like not fulfilled)."""
    own = {"granted": report.STATUS_COLOURS["green"], "applied": report.ACTIVITY_COLOURS["started"],
           "rejected": report.STATUS_COLOURS["red"], "closed": report.ACTIVITY_COLOURS["cancelled"]}
    return dict(getattr(report, "FUND_COLOURS", own))


def _status_colours() -> Dict[str, Tuple[str, str]]:
    # goal, activity and grant statuses have disjoint names, so one table serves every status column
    return {**_fund_colours(), **report.ACTIVITY_COLOURS, **report.STATUS_COLOURS}


def _words(lang: str) -> Dict[str, Dict[str, str]]:
    """Cell words per kind of column, from the report's labels."""
    from .._report_sections import LABELS as SECTION_LABELS

    L = report.LABELS[lang]
    fund = dict(SECTION_LABELS.get(lang, {}).get("fund_status", {}))
    return {
        "status": {**fund, **L["activity_status"], **L["status_word"]},
        "trend": dict(L["trend_word"]),
        "arrow": {k: f"{report.ARROWS.get(k, '')} {w}".strip() for k, w in L["arrow_word"].items()},
        "kind": dict(L["kind_name"]),
        "means": dict(L["means_word"]),
        "binding": dict(L["binding_word"]),
    }


def _is_status_column(name: str) -> bool:
    return name in ("status", "computed_status") or name.endswith("_status")


def _header(name: str, lang: str) -> str:
    label = HEADERS[lang].get(name)
    if label is not None:
        return label
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# Number formats by column name (Excel shows them in the reader's locale).
_PERCENT = {"coverage", "rate", "success_rate", "share", "acceptability", "mc_error", "share_completed",
            "cost_ratio", "hours_ratio", "advance", "retention"}
_WHOLE = {"planned_cost", "spent_cost", "cost", "granted", "applied", "own", "external", "total", "amount",
          "budget", "floor", "cap", "planned_hours", "spent_hours", "hours", "staff_days", "liquidity_need",
          "cost_deviation", "hours_deviation", "applied_decided", "incurred", "received", "peak_need", "outstanding",
          "need"}
_INTEGER = {"year", "priority", "rank", "n", "count", "forecast", "gas_attained", "activities", "not_started",
            "started", "completed", "delayed", "cancelled", "gas_activities", "gas_assessed", "projects",
            "applications", "pending", "granted_count", "rejected", "claim_months", "lag_months"}


def _number_format(name: str) -> Optional[str]:
    if name in _PERCENT or name.startswith("share_") or name.endswith("_share") or name.endswith("_rate"):
        return "0.0%"
    if name in _WHOLE or name.endswith("_cost") or name.endswith("_hours"):
        return "#,##0"
    if name in _INTEGER:
        return "0"
    if name in ("score", "gas_t_score", "gas_mean_level"):
        return "0.0"
    if name in ("leverage", "trend_ratio"):
        return "0.00"
    return None


# the error values a cell can hold (a formula that failed); never read as text
_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
