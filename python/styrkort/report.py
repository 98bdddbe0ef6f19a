"""The follow-up report and HTML tables.

:func:`render_report` turns an :class:`~styrkort.Evaluation` into one
self-contained HTML file (inline CSS and SVG, no scripts, no network
resources) that prints on A4: goal fulfilment, a traffic-light dashboard per
focus area and goal, every indicator with baseline, target, outcome, trend,
forecast and a sparkline, the action plans' activities and, when given, the
proposed split of next year's resources and the selected projects.
:func:`html_table` is the small table the package's ``_repr_html_`` methods use.

Every text that comes from the user (names, ids, owners, comments, notes) is
escaped with :func:`html.escape`. A missing value is shown as "–" with its
state, never as 0.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ._io import PathLike
from .errors import ArgumentError

__all__ = ["html_table", "render_report", "write_report", "LABELS"]

DASH = "–"

# -- colours ------------------------------------------------------------------
# (background, text) per status; the status word is always written as well.
STATUS_COLOURS: Dict[str, Tuple[str, str]] = {
    "green": ("#2e7d32", "#ffffff"),
    "yellow": ("#f4c430", "#1a1a1a"),
    "orange": ("#ef8a17", "#1a1a1a"),
    "red": ("#c62828", "#ffffff"),
    "not_assessable": ("#6e6e6e", "#ffffff"),
    "not_applicable": ("#ececec", "#444444"),
}
ACTIVITY_COLOURS: Dict[str, Tuple[str, str]] = {
    "not_started": ("#e6e6e6", "#333333"),
    "started": ("#3f7fbf", "#ffffff"),
    "completed": ("#2e7d32", "#ffffff"),
    "delayed": ("#ef8a17", "#1a1a1a"),
    "cancelled": ("#6e6e6e", "#ffffff"),
}
STATUS_ORDER = ["green", "yellow", "orange", "red", "not_assessable", "not_applicable"]
ACTIVITY_ORDER = ["not_started", "started", "completed", "delayed", "cancelled"]
SUMMARY_GROUPS = [("fulfilled", "green"), ("partly", "yellow"), ("not_fulfilled", "red"),
                  ("not_assessable", "not_assessable")]
KIND_ORDER = ["vision", "goal", "direction", "focus_area", "sub_goal", "activity", "indicator"]
ARROWS = {"on_track": "↑", "moderately_improving": "➚", "stagnating": "→", "decreasing": "↓",
          "not_assessable": DASH}

# -- labels -------------------------------------------------------------------
# One dict per language with the same keys (a test checks that).
LABELS: Dict[str, Dict[str, Any]] = {
    "sv": {
        "report": "Uppföljningsrapport",
        "contents": "Innehåll",
        "strategy": "Strategi",
        "organisation": "Organisation",
        "unit": "Uppföljd enhet",
        "period": "Period",
        "generated": "Rapporten skapad",
        "notes_heading": "Observera",
        "notes_intro": "Mätvärdena i rapporten har följande anmärkningar:",
        "warnings_heading": "Att ta hänsyn till",
        "warnings_intro": "Beräkningen vilar på tunn grund på dessa punkter:",
        "warnings_more": "och {n} till (alla finns i Evaluation.warnings och med styrkort evaluate --warnings all)",
        "warning": {
            "missing_target": "{node} saknar mål för {unit} och kan därför inte bedömas.",
            "missing_target_all": "{node} har varken mål, gränsvärden eller angiven normalisering och kan inte bedömas.",
            "unreachable_threshold": "Gränsen för grönt eller gult för {node} ligger över 100 och kan inte nås.",
            "low_coverage": "Statusen för {node} bygger på bara {coverage} av indikatorerna.",
            "subunit_values_only": "{node} saknar eget värde för {unit} fast underenheterna har värden "
                                   "(ange hur de ska läggas samman).",
            "score_capped": "Värdet för {node} ligger utanför skalan; poängen hålls vid skalans ände.",
            "imputed": "Poängen för {node} är medelvärdet för jämförbara enheter, inte egna data.",
        },
        "summary": "Måluppfyllelse",
        "summary_intro": "Andel mål, fokusområden och indikatorer per status för {unit}, period {period}. "
                         "Noder som inte är tillämpliga för enheten räknas inte.",
        "summary_sentence": "Av {n} fokusområden är {fulfilled} uppfyllda, {partly} delvis uppfyllda, "
                            "{not_fulfilled} ej uppfyllda och {not_assessable} kan ej bedömas.",
        "level": "Nivå",
        "count": "Antal",
        "fulfilled": "Uppfyllt",
        "partly": "Delvis uppfyllt",
        "not_fulfilled": "Ej uppfyllt",
        "not_assessable": "Kan ej bedömas",
        "distribution": "Fördelning",
        "focus_areas_heading": "Status per fokusområde",
        "focus_areas_intro": "Fokusområdena i prioritetsordning (1 = högst prioriterat).",
        "goals_heading": "Status per vision, mål och delmål",
        "priority": "Prio",
        "name": "Namn",
        "kind": "Typ",
        "focus_area": "Fokusområde",
        "owner": "Ansvarig",
        "score": "Poäng",
        "status": "Status",
        "coverage": "Täckning",
        "history": "Poäng över tid",
        "manual": "Manuell bedömning",
        "computed": "Beräknad status",
        "no_nodes": "Strategin har inga noder av denna typ.",
        "indicators_heading": "Indikatorer",
        "indicators_intro": "Utfall per indikator jämfört med utgångsvärde och målvärde. Trend enligt "
                            "Statistiska centralbyrån i Kanadas metod (observerad mot nödvändig "
                            "förändringstakt), pil enligt SDG-dashboarden (SDSN).",
        "indicator": "Indikator",
        "unit_of_measure": "Enhet",
        "baseline": "Utgångsvärde",
        "target": "Målvärde",
        "outcome": "Utfall",
        "trend": "Trend",
        "arrow": "SDG-pil",
        "forecast": "Prognos",
        "chart": "Utveckling",
        "no_value": "saknas",
        "also_counts": "Räknas även till",
        "other_indicators": "Indikatorer utan överordnad nod",
        "no_indicators": "Strategin har inga indikatorer.",
        "direction": {"higher_is_better": "Högre är bättre", "lower_is_better": "Lägre är bättre",
                      "band": "Bäst inom {low}–{high}"},
        "target_reached": "Målet nått",
        "milestone_reached": "Delmålet nått",
        "final_target": "slutmål {value} ({period})",
        "not_at_pace": "Inte i nuvarande takt",
        "forecast_year": "år {year}",
        "ratio": "Kvot observerad/nödvändig takt",
        "spark_title": "{name}: värden {values}",
        "spark_target": "målvärde {target}",
        "origin": {"units": "från enheterna", "carried_forward": "överfört till {period}",
                   "imputed": "imputerat"},
        "action_plan": "Handlingsplan",
        "action_plan_intro": "Handlingsplanernas aktiviteter till och med {year} per år och fokusområde.",
        "activities_by_status": "Aktiviteter per status",
        "activities": "Aktiviteter",
        "year": "År",
        "total": "Totalt",
        "activity": "Aktivitet",
        "means": "Medel",
        "cost": "Kostnad",
        "hours": "Timmar",
        "planned": "Planerad",
        "spent": "Utfall",
        "no_activities": "Handlingsplanen har inga aktiviteter för enheten och perioden.",
        "no_focus_area": "Utan fokusområde",
        "legend": "Teckenförklaring och metod",
        "legend_status": "Status (färg och ord): uppfyllt, delvis uppfyllt, i liten grad uppfyllt, ej uppfyllt, "
                         "kan ej bedömas (för lite data), ej tillämplig (gäller inte enheten). Manuella "
                         "bedömningar ersätter den beräknade statusen; den beräknade visas bredvid.",
        "legend_trend": "Trend: kvoten R mellan observerad och nödvändig förändringstakt från utgångsvärdet "
                        "till målvärdet. Målet nått; i fas (R ≥ 0,95); framsteg men takten behöver öka "
                        "(0,60 ≤ R < 0,95); begränsade framsteg (0 ≤ R < 0,60); försämring (R < 0).",
        "legend_arrow": "Pil: ↑ i fas eller målet bibehålls, ➚ måttlig förbättring, → stagnerar, ↓ försämras, "
                        "– kan ej bedömas.",
        "legend_forecast": "Prognos: året då målvärdet nås om nuvarande takt fortsätter.",
        "legend_missing": "– betyder att uppgift saknas; det är aldrig detsamma som 0.",
        "legend_over": "▲ efter kostnad eller timmar: utfallet är högre än planerat.",
        "over_plan": "Utfallet är högre än planerat",
        "legend_chart": "Diagram: värden per period, senaste värdet markerat; streckad linje = målvärde, "
                        "grönt fält = önskat intervall.",
        "footer": "Skapad med styrkort {version}.",
        "decimal": ",",
        "thousands": "\u00a0",
        "status_word": {"green": "Uppfyllt", "yellow": "Delvis uppfyllt", "orange": "I liten grad uppfyllt",
                        "red": "Ej uppfyllt", "not_assessable": "Kan ej bedömas",
                        "not_applicable": "Ej tillämplig"},
        "kind_name": {"vision": "Vision", "goal": "Mål", "direction": "Inriktning", "focus_area": "Fokusområde",
                      "sub_goal": "Delmål", "activity": "Aktivitet", "indicator": "Indikator"},
        "kind_plural": {"vision": "Vision", "goal": "Mål", "direction": "Inriktningar",
                        "focus_area": "Fokusområden", "sub_goal": "Delmål", "activity": "Aktiviteter",
                        "indicator": "Indikatorer"},
        "trend_word": {"target_achieved": "Målet nått", "on_track": "I fas",
                       "acceleration_needed": "Framsteg, men takten behöver öka",
                       "limited_progress": "Begränsade framsteg", "deterioration": "Försämring",
                       "not_assessable": "Kan ej bedömas"},
        "arrow_word": {"on_track": "I fas eller målet bibehålls", "moderately_improving": "Måttlig förbättring",
                       "stagnating": "Stagnerar", "decreasing": "Försämras", "not_assessable": "Kan ej bedömas"},
        "activity_status": {"not_started": "Ej påbörjad", "started": "Påbörjad", "completed": "Genomförd",
                            "delayed": "Försenad", "cancelled": "Inställd"},
        "means_word": {"twin_city": "Vänortssamarbete", "partnership": "Partnerskap", "network": "Nätverk",
                       "project": "Projekt"},
        # proposed allocation and selected projects
        "allocation_heading": "Förslag till fördelning",
        "allocation_intro": "Förslag till fördelning{year} av egna medel och personaldagar över fokusområdena i "
                            "prioritetsordning. Egna medel i projekt kan växlas upp med extern medfinansiering "
                            "(t.ex. EU-medel): med medfinansieringsgraden r ger en krona egna medel 1/(1−r) kronor "
                            "i verksamhet, upp till bidragets tak. Pengarna fördelas så att den prioritetsviktade "
                            "nyttan av den totala verksamheten blir så stor som möjligt, personaldagarna i hela "
                            "dagar efter vikterna (d'Hondts metod).",
        "allocation_year": " för {year}",
        "allocation_sentence": "Egna medel på {own} växlas upp med {external} i extern finansiering till {total} "
                               "i verksamhet ({factor} gånger de egna medlen). {days} personaldagar fördelas.",
        "weights_from": "Vikterna kommer från fokusområdenas prioritetsordning: {method}.",
        "weighting_word": {"rank_order_centroid": "rangordningscentroid (ROC)", "rank_sum": "rangsumma",
                           "rank_reciprocal": "reciproka rangvikter", "geometric": "geometriska vikter",
                           "equal": "lika vikter"},
        "binding_intro": "Bindande gräns: golv betyder att området bara får sin lägsta nivå, tak att det har nått "
                         "sitt tak.",
        "weight": "Vikt",
        "own": "Egna medel",
        "external": "Extern finansiering",
        "total_activity": "Total verksamhet",
        "binding": "Bindande gräns",
        "binding_word": {"floor": "Golv", "cap": "Tak", "": "ingen"},
        "staff_days": "Personal\u00addagar",  # a soft hyphen: the column is narrow
        "split_chart": "Egna medel och extern finansiering",
        "co_financing": "Medfinansiering",
        "bar_title": "{name}: egna medel {own}, extern finansiering {external}",
        "projects_heading": "Valda projekt",
        "projects_intro": "De projektförslag som tillsammans ger störst värde (förväntat bidrag) inom budgeten för "
                          "egna medel och personaltimmar. Högst ett förslag ur varje grupp av alternativ; förslag "
                          "som måste med är med och uteslutna förslag är uteslutna.",
        "project": "Projekt",
        "value": "Värde",
        "must_word": "måste med",
        "never_word": "utesluten",
        "resource": "Resurs",
        "selected_amount": "Valt",
        "budget": "Budget",
        "left": "Kvar",
        "hours_budget": "Personaltimmar",
        "no_limit": "ingen gräns",
        "no_projects": "Inget förslag valdes.",
        "infeasible": "Inget urval som uppfyller alla villkor hittades{why}.",
        "proven": "Urvalet är bevisat optimalt: inget annat urval inom budgeten ger högre värde. Värde {value}, "
                  "övre gräns {bound}, gap {gap}.",
        "not_proven": "Urvalet är inte bevisat optimalt: värde {value}, övre gräns {bound}, gap {gap} "
                      "({relative}){why}.",
        "stopped_by": "; sökningen stoppades av {limit}",
        "limit_word": {"time": "tidsgränsen på {n} s", "node": "gränsen på {n} noder"},
        "method_word": {"branch_and_bound": "exakt (branch and bound med LP-gräns)",
                        "greedy": "girig efter värde per krona (för jämförelse)"},
        "method": "Metod",
        "not_selected": "Ej valda förslag",
    },
    "en": {
        "report": "Follow-up report",
        "contents": "Contents",
        "strategy": "Strategy",
        "organisation": "Organisation",
        "unit": "Unit followed up",
        "period": "Period",
        "generated": "Report generated",
        "notes_heading": "Please note",
        "notes_intro": "The measurements in this report carry these notes:",
        "warnings_heading": "Keep in mind",
        "warnings_intro": "The results rest on thin ground here:",
        "warnings_more": "and {n} more (all are in Evaluation.warnings and in styrkort evaluate --warnings all)",
        "warning": {
            "missing_target": "{node} has no target for {unit}, so it cannot be assessed.",
            "missing_target_all": "{node} has no target, no bounds and no normalisation named, so it cannot be "
                                  "assessed.",
            "unreachable_threshold": "The green or yellow threshold of {node} is above 100 and cannot be reached.",
            "low_coverage": "The status of {node} rests on only {coverage} of its indicators.",
            "subunit_values_only": "{node} has no value of its own for {unit} although its sub-units have values "
                                   "(say how they combine).",
            "score_capped": "The value of {node} is beyond the scale; its score is held at the scale's end.",
            "imputed": "The score of {node} is the mean of comparable units, not data of its own.",
        },
        "summary": "Goal fulfilment",
        "summary_intro": "Share of goals, focus areas and indicators by status for {unit}, period {period}. "
                         "Nodes that do not apply to the unit are not counted.",
        "summary_sentence": "Of {n} focus areas, {fulfilled} are fulfilled, {partly} partly fulfilled, "
                            "{not_fulfilled} not fulfilled and {not_assessable} not assessable.",
        "level": "Level",
        "count": "Number",
        "fulfilled": "Fulfilled",
        "partly": "Partly fulfilled",
        "not_fulfilled": "Not fulfilled",
        "not_assessable": "Not assessable",
        "distribution": "Distribution",
        "focus_areas_heading": "Status by focus area",
        "focus_areas_intro": "The focus areas in order of priority (1 = highest priority).",
        "goals_heading": "Status by vision, goal and sub-goal",
        "priority": "Priority",
        "name": "Name",
        "kind": "Kind",
        "focus_area": "Focus area",
        "owner": "Owner",
        "score": "Score",
        "status": "Status",
        "coverage": "Coverage",
        "history": "Score over time",
        "manual": "Manual assessment",
        "computed": "Computed status",
        "no_nodes": "The strategy has no nodes of this kind.",
        "indicators_heading": "Indicators",
        "indicators_intro": "Outcome of each indicator against its baseline and target. Trend by Statistics "
                            "Canada's method (observed against required rate of change), arrow as in the SDSN "
                            "SDG dashboards.",
        "indicator": "Indicator",
        "unit_of_measure": "Unit",
        "baseline": "Baseline",
        "target": "Target",
        "outcome": "Outcome",
        "trend": "Trend",
        "arrow": "SDG arrow",
        "forecast": "Forecast",
        "chart": "Development",
        "no_value": "missing",
        "also_counts": "Also counts toward",
        "other_indicators": "Indicators without a parent",
        "no_indicators": "The strategy has no indicators.",
        "direction": {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better",
                      "band": "Best within {low}–{high}"},
        "target_reached": "Target reached",
        "milestone_reached": "Milestone reached",
        "final_target": "final target {value} ({period})",
        "not_at_pace": "Not at the current pace",
        "forecast_year": "in {year}",
        "ratio": "Ratio of observed to required pace",
        "spark_title": "{name}: values {values}",
        "spark_target": "target {target}",
        "origin": {"units": "from the units", "carried_forward": "carried forward to {period}",
                   "imputed": "imputed"},
        "action_plan": "Action plan",
        "action_plan_intro": "The action plans' activities up to {year} by year and focus area.",
        "activities_by_status": "Activities by status",
        "activities": "Activities",
        "year": "Year",
        "total": "Total",
        "activity": "Activity",
        "means": "Means",
        "cost": "Cost",
        "hours": "Hours",
        "planned": "Planned",
        "spent": "Spent",
        "no_activities": "The action plan has no activities for the unit and period.",
        "no_focus_area": "No focus area",
        "legend": "Legend and method",
        "legend_status": "Status (colour and word): fulfilled, partly fulfilled, marginally fulfilled, not "
                         "fulfilled, not assessable (too little data), not applicable (does not apply to the "
                         "unit). Manual assessments replace the computed status; the computed one is shown "
                         "beside it.",
        "legend_trend": "Trend: the ratio R of the observed to the required rate of change from the baseline to "
                        "the target. Target achieved; on track (R ≥ 0.95); progress made but acceleration "
                        "needed (0.60 ≤ R < 0.95); limited progress (0 ≤ R < 0.60); deterioration (R < 0).",
        "legend_arrow": "Arrow: ↑ on track or maintaining achievement, ➚ moderately improving, → stagnating, "
                        "↓ decreasing, – not assessable.",
        "legend_forecast": "Forecast: the year the target is reached if the current pace continues.",
        "legend_missing": "– means that the value is missing; it never stands for 0.",
        "legend_over": "▲ after a cost or hours: more was spent than planned.",
        "over_plan": "More spent than planned",
        "legend_chart": "Chart: values by period, the latest marked; dashed line = target, green field = the "
                        "desired interval.",
        "footer": "Made with styrkort {version}.",
        "decimal": ".",
        "thousands": ",",
        "status_word": {"green": "Fulfilled", "yellow": "Partly fulfilled", "orange": "Marginally fulfilled",
                        "red": "Not fulfilled", "not_assessable": "Not assessable",
                        "not_applicable": "Not applicable"},
        "kind_name": {"vision": "Vision", "goal": "Goal", "direction": "Direction", "focus_area": "Focus area",
                      "sub_goal": "Sub-goal", "activity": "Activity", "indicator": "Indicator"},
        "kind_plural": {"vision": "Vision", "goal": "Goals", "direction": "Directions",
                        "focus_area": "Focus areas", "sub_goal": "Sub-goals", "activity": "Activities",
                        "indicator": "Indicators"},
        "trend_word": {"target_achieved": "Target achieved", "on_track": "On track",
                       "acceleration_needed": "Progress made but acceleration needed",
                       "limited_progress": "Limited progress", "deterioration": "Deterioration",
                       "not_assessable": "Not assessable"},
        "arrow_word": {"on_track": "On track or maintaining achievement",
                       "moderately_improving": "Moderately improving", "stagnating": "Stagnating",
                       "decreasing": "Decreasing", "not_assessable": "Not assessable"},
        "activity_status": {"not_started": "Not started", "started": "Started", "completed": "Completed",
                            "delayed": "Delayed", "cancelled": "Cancelled"},
        "means_word": {"twin_city": "Twin city", "partnership": "Partnership", "network": "Network",
                       "project": "Project"},
        # proposed allocation and selected projects
        "allocation_heading": "Proposed allocation",
        "allocation_intro": "Proposed split{year} of own money and staff days across the focus areas in order of "
                            "priority. Own money in projects can be matched by external co-financing (e.g. EU "
                            "funds): at a co-financing rate r one unit of own money moves 1/(1−r) units of "
                            "activity, up to the grant's cap. The money is split to maximise the priority-weighted "
                            "benefit of the total activity, the staff days in whole days by the weights "
                            "(D'Hondt method).",
        "allocation_year": " for {year}",
        "allocation_sentence": "Own money of {own} is matched by {external} of external funding: {total} of "
                               "activity ({factor} times the own money). {days} staff days are split.",
        "weights_from": "The weights come from the focus areas' priority ranks: {method}.",
        "weighting_word": {"rank_order_centroid": "rank-order centroid (ROC)", "rank_sum": "rank sum",
                           "rank_reciprocal": "rank reciprocal", "geometric": "geometric weights",
                           "equal": "equal weights"},
        "binding_intro": "Binding limit: floor means the area gets only its guaranteed minimum, cap that it has "
                         "reached its maximum.",
        "weight": "Weight",
        "own": "Own money",
        "external": "External funding",
        "total_activity": "Total activity",
        "binding": "Binding limit",
        "binding_word": {"floor": "Floor", "cap": "Cap", "": "none"},
        "staff_days": "Staff days",
        "split_chart": "Own money and external funding",
        "co_financing": "Co-financing",
        "bar_title": "{name}: own money {own}, external funding {external}",
        "projects_heading": "Selected projects",
        "projects_intro": "The project proposals that together give the greatest value (expected contribution) "
                          "within the budgets for own money and staff hours. At most one proposal from each group "
                          "of alternatives; proposals that must be included are, and excluded ones are not.",
        "project": "Project",
        "value": "Value",
        "must_word": "must",
        "never_word": "excluded",
        "resource": "Resource",
        "selected_amount": "Selected",
        "budget": "Budget",
        "left": "Left",
        "hours_budget": "Staff hours",
        "no_limit": "no limit",
        "no_projects": "No proposal was selected.",
        "infeasible": "No selection meeting every constraint was found{why}.",
        "proven": "The selection is proven optimal: no other selection within the budget has a higher value. "
                  "Value {value}, upper bound {bound}, gap {gap}.",
        "not_proven": "The selection is not proven optimal: value {value}, upper bound {bound}, gap {gap} "
                      "({relative}){why}.",
        "stopped_by": "; the search was stopped by the {limit}",
        "limit_word": {"time": "time limit of {n} s", "node": "node limit of {n} nodes"},
        "method_word": {"branch_and_bound": "exact (branch and bound with the LP bound)",
                        "greedy": "greedy by value per unit of money (for comparison)"},
        "method": "Method",
        "not_selected": "Proposals not selected",
    },
}


# -- small helpers --------------------------------------------------------------
def _e(x: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if x is None else str(x), quote=True)


def _missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, (float, np.floating)):
        return bool(np.isnan(x))
    if isinstance(x, str):
        return x.strip() == ""
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _text(x: Any) -> str:
    """A user text or "" when missing."""
    return "" if _missing(x) else str(x)


def _plain_number(x: float) -> str:
    """A number for notebooks' tables: no grouping, a few decimals."""
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    a = abs(x)
    if a >= 1e6 or a < 1e-3:
        return f"{x:.4g}"
    d = 1 if a >= 100 else 2 if a >= 1 else 3
    return f"{x:.{d}f}".rstrip("0").rstrip(".")


def _number(x: Any, L: Mapping[str, Any], decimals: Optional[int] = None) -> Optional[str]:
    """A number in the report's language (grouping, decimal mark); None when missing."""
    if _missing(x):
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if decimals is None:
        a = abs(x)
        if x.is_integer():
            decimals = 0
        elif a >= 1000:
            decimals = 0
        elif a >= 100:
            decimals = 1
        elif a >= 1:
            decimals = 2
        else:
            decimals = 3
        text = f"{abs(x):,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{abs(x):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", L["decimal"]).replace("\x00", L["thousands"])
    if text.strip("0" + L["decimal"] + L["thousands"]) == "":
        return "0"
    return ("−" if x < 0 else "") + text


def _percent(x: Any, L: Mapping[str, Any]) -> Optional[str]:
    n = _number(None if _missing(x) else float(x) * 100.0, L, 0)
    return None if n is None else n + "\u00a0%"


def _na(state: str = "") -> str:
    """A missing value: the dash, with its state in words."""
    st = f'<span class="state">{_e(state)}</span>' if state else ""
    return f'<span class="na">{DASH}</span>{st}'


def _badge(status: Any, L: Mapping[str, Any], words: Optional[Mapping[str, str]] = None,
           colours: Mapping[str, Tuple[str, str]] = STATUS_COLOURS, title: str = "") -> str:
    """A coloured badge that also carries the word (never colour alone); `title`
    (e.g. the engine's reason) is its tooltip."""
    key = _text(status)
    words = words if words is not None else L["status_word"]
    word = words.get(key, key or DASH)
    css = f"b-{key}" if key in colours else "b-none"
    tip = f' title="{_e(title)}"' if title else ""
    return f'<span class="badge {css}" data-status="{_e(key)}"{tip}>{_e(word)}</span>'


# -- html_table ---------------------------------------------------------------
def html_table(df: Any, status_columns: Sequence[str] = ("status", "computed_status"), max_rows: Optional[int] = 200
               ) -> str:
    """A small, clean HTML table for notebooks (``_repr_html_``).

    Parameters
    ----------
    df : DataFrame or Series
        The table. A non-default index is shown as the first column(s).
    status_columns : sequence of str
        Columns holding statuses (``green`` … ``not_applicable``) or activity
        statuses (``not_started`` … ``cancelled``): their cells are coloured
        and keep the status word.
    max_rows : int or None
        Show at most this many rows (None: all) and say how many were left out.

    Returns
    -------
    str
        HTML; every header and cell is escaped. Missing values are shown as "–".
    """
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"html_table: expected a pandas DataFrame, got {type(df).__name__}")
    if max_rows is not None and (not isinstance(max_rows, (int, np.integer)) or max_rows < 0):
        raise ArgumentError(f"html_table: max_rows must be a non-negative integer or None, got {max_rows!r}")
    if isinstance(status_columns, str):
        status_columns = (status_columns,)
    if not (isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1
            and df.index.name is None):
        df = df.reset_index()
    n = len(df)
    shown = df if max_rows is None or n <= max_rows else df.iloc[:max_rows]
    names = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in df.columns]
    status_idx = {i for i, c in enumerate(names) if c in set(map(str, status_columns))}
    numeric = [pd.api.types.is_numeric_dtype(df.dtypes.iloc[i]) and not pd.api.types.is_bool_dtype(df.dtypes.iloc[i])
               for i in range(len(names))]
    colours = {**STATUS_COLOURS, **ACTIVITY_COLOURS}
    out = ['<table class="sk-table" style="border-collapse:collapse;font-size:0.9em">', "<thead><tr>"]
    for name in names:
        out.append('<th style="text-align:left;border-bottom:2px solid #888;padding:2px 8px">'
                   f"{_e(name)}</th>")
    out.append("</tr></thead><tbody>")
    cell = "padding:2px 8px;border-bottom:1px solid #ddd"
    for row in shown.itertuples(index=False, name=None):
        out.append("<tr>")
        for i, v in enumerate(row):
            if i in status_idx and not _missing(v) and str(v) in colours:
                bg, fg = colours[str(v)]
                out.append(f'<td style="{cell};background:{bg};color:{fg}">{_e(v)}</td>')
            elif _missing(v):
                out.append(f'<td style="{cell};color:#888">{DASH}</td>')
            elif isinstance(v, (list, tuple, np.ndarray)):
                out.append(f'<td style="{cell}">{_e(", ".join(map(str, v)))}</td>')
            elif isinstance(v, (bool, np.bool_)):
                out.append(f'<td style="{cell}">{_e(bool(v))}</td>')
            elif isinstance(v, (int, float, np.integer, np.floating)):
                out.append(f'<td style="{cell};text-align:right">{_e(_plain_number(v))}</td>')
            else:
                align = ";text-align:right" if numeric[i] else ""
                out.append(f'<td style="{cell}{align}">{_e(v)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if len(shown) < n:
        out.append(f"<p>… {_e(n - len(shown))} more rows ({_e(n)} in all)</p>")
    return "".join(out)


# -- SVG ------------------------------------------------------------------------
def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _sparkline(points: List[Tuple[float, float]], *, target: Optional[float], band: Optional[Tuple[float, float]],
               label: str, width: int = 120, height: int = 34) -> str:
    """An inline SVG sparkline: the values over time, the latest marked, the
    target as a dashed line and a band as a light field."""
    if not points:
        return _na()
    pad_x, pad_y = 4.0, 4.0
    ys = [v for _, v in points]
    extra = [target] if target is not None else []
    if band is not None:
        extra += list(band)
    lo, hi = min(ys + extra), max(ys + extra)
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    span = hi - lo
    lo, hi = lo - 0.08 * span, hi + 0.08 * span
    ts = [t for t, _ in points]
    t0, t1 = min(ts), max(ts)

    def X(t: float) -> float:
        if t1 - t0 < 1e-12:
            return width / 2.0
        return pad_x + (t - t0) / (t1 - t0) * (width - 2 * pad_x)

    def Y(v: float) -> float:
        return pad_y + (hi - v) / (hi - lo) * (height - 2 * pad_y)

    parts = [f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{_e(label)}"><title>{_e(label)}</title>']
    if band is not None:
        y_top, y_bot = Y(max(band)), Y(min(band))
        parts.append(f'<rect x="0" y="{_f(y_top)}" width="{width}" height="{_f(max(y_bot - y_top, 1.0))}" '
                     'fill="#dcefdc"/>')
    if target is not None:
        yt = _f(Y(target))
        parts.append(f'<line x1="0" y1="{yt}" x2="{width}" y2="{yt}" stroke="#555" stroke-width="1" '
                     'stroke-dasharray="3 2"/>')
    if len(points) > 1:
        path = " ".join(f"{_f(X(t))},{_f(Y(v))}" for t, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f4e79" stroke-width="1.5"/>')
    for t, v in points[:-1]:
        parts.append(f'<circle cx="{_f(X(t))}" cy="{_f(Y(v))}" r="1.6" fill="#1f4e79"/>')
    t, v = points[-1]
    parts.append(f'<circle cx="{_f(X(t))}" cy="{_f(Y(v))}" r="2.8" fill="#1f4e79" stroke="#fff" '
                 'stroke-width="0.8"/>')
    parts.append("</svg>")
    return "".join(parts)


def _stacked_bar(segments: List[Tuple[float, str, str]], *, width: int = 200, height: int = 14) -> str:
    """A horizontal bar of shares (share, css colour, label); the labels are
    also in the SVG title (the numbers are beside it in the table)."""
    total = sum(max(s, 0.0) for s, _, _ in segments)
    label = "; ".join(f"{lab}" for s, _, lab in segments if s > 0)
    parts = [f'<svg class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{_e(label)}"><title>{_e(label)}</title>',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f4f4f4"/>']
    if total > 0:
        x = 0.0
        for s, colour, _ in segments:
            w = max(s, 0.0) / total * width
            if w > 0:
                parts.append(f'<rect x="{_f(x)}" y="0" width="{_f(w)}" height="{height}" fill="{colour}"/>')
                x += w
    parts.append("</svg>")
    return "".join(parts)


# own money and external funding in the proposed allocation
OWN_COLOUR, EXTERNAL_COLOUR = "#1f4e79", "#8db9e0"


def _amount_bar(segments: List[Tuple[float, str]], scale: float, *, label: str, width: int = 220,
                height: int = 14) -> str:
    """A horizontal bar of amounts (amount, css colour) drawn to a common
    ``scale`` (the largest bar fills the width), so that bars of different rows
    compare; the label is the SVG's title (the numbers are beside it)."""
    parts = [f'<svg class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{_e(label)}"><title>{_e(label)}</title>',
             f'<line x1="0" y1="0" x2="0" y2="{height}" stroke="#8a8a8a" stroke-width="1"/>']
    x = 0.0
    if scale > 0 and math.isfinite(scale):
        for amount, colour in segments:
            w = max(float(amount), 0.0) / scale * width if math.isfinite(float(amount)) else 0.0
            if w > 0:
                parts.append(f'<rect x="{_f(x)}" y="1" width="{_f(w)}" height="{height - 2}" fill="{colour}" '
                             'stroke="#ffffff" stroke-width="0.6"/>')
                x += w
    parts.append("</svg>")
    return "".join(parts)


def _swatch(colour: str) -> str:
    return (f'<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
            f'<rect x="0" y="0" width="12" height="12" fill="{colour}"/></svg>')


def _year(activity: Mapping[str, Any]) -> Optional[int]:
    y = activity.get("year")
    return None if _missing(y) else int(y)


# -- report -------------------------------------------------------------------
_CSS = """
:root { --ink:#1a1a1a; --muted:#5c5c5c; --rule:#d6d6d6; --accent:#1f4e79; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1180px; padding: 24px 28px 40px; font-size: 14px; line-height: 1.4; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 14px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--accent); margin: 0; }
h1 { font-size: 26px; margin: 4px 0 8px; line-height: 1.2; }
h2 { font-size: 20px; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: 3px;
     margin: 28px 0 10px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
h4 { font-size: 14px; margin: 14px 0 4px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 12px; }
table.followup, table.grants { table-layout: fixed; }
table.r.followup th.num, table.r.funds th.num { white-space: normal; }
table.followup td, table.grants td { overflow-wrap: break-word; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-weight: 600; }
.note { border-left: 5px solid #ef8a17; background: #fff6e8; padding: 8px 12px; margin: 12px 0; }
.note p { margin: 0 0 4px; }
.note ul { margin: 0; padding-left: 20px; }
nav.toc ol { margin: 4px 0; padding-left: 22px; columns: 2; }
nav.toc a { color: var(--accent); text-decoration: none; }
p.intro, p.lead { margin: 4px 0 10px; }
p.intro { color: var(--muted); }
p.lead { font-size: 15px; }
table.r { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 13px; }
table.r th { text-align: left; vertical-align: bottom; font-weight: 600; border-bottom: 2px solid #8a8a8a;
             padding: 4px 6px; background: #f3f5f8; }
table.r td { vertical-align: top; border-bottom: 1px solid var(--rule); padding: 4px 6px; }
table.r td.num, table.r th.num { text-align: right; white-space: nowrap; }
table.r tr.sub td { background: #f7f7f7; font-weight: 600; }
table.r tr.fa-head td { font-weight: 600; color: var(--accent); border-bottom: 1px solid #8a8a8a; padding-top: 9px; }
table.r th.span { text-align: center; border-bottom: 1px solid #b5b5b5; }
table.counts .badge { white-space: normal; }
table.r tr.tot td { border-top: 2px solid #8a8a8a; font-weight: 600; }
.small, .state, .id, .sub-text { color: var(--muted); font-size: 11.5px; }
.state { display: block; font-style: italic; white-space: normal; }
.id { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11px; }
.na { color: var(--muted); }
.badge { display: inline-block; border-radius: 3px; padding: 1px 7px; font-size: 12px; font-weight: 600;
         white-space: nowrap; }
.b-green { background:#2e7d32; color:#fff; } .b-yellow { background:#f4c430; color:#1a1a1a; }
.b-orange { background:#ef8a17; color:#1a1a1a; } .b-red { background:#c62828; color:#fff; }
.b-not_assessable { background:#6e6e6e; color:#fff; } .b-not_applicable { background:#ececec; color:#444; }
.b-not_started { background:#e6e6e6; color:#333; } .b-started { background:#3f7fbf; color:#fff; }
.b-completed { background:#2e7d32; color:#fff; } .b-delayed { background:#ef8a17; color:#1a1a1a; }
.b-cancelled { background:#6e6e6e; color:#fff; } .b-none { background:#fff; color:#1a1a1a; border:1px solid #999; }
.manual { display: inline-block; font-size: 11px; border: 1px solid #1f4e79; color: #1f4e79; border-radius: 3px;
          padding: 0 5px; margin-left: 4px; white-space: nowrap; }
.computed { display: block; margin-top: 3px; font-size: 11.5px; color: var(--muted); }
.computed .badge { font-size: 11px; padding: 0 5px; }
blockquote.comment { margin: 4px 0 0; padding: 4px 8px; border-left: 3px solid #1f4e79; background: #f1f5fa;
                     font-size: 12.5px; }
.arrow { font-size: 15px; line-height: 1; font-style: normal; color: var(--ink); }
.arrowline { margin-top: 2px; }
.bigdot { font-weight: 700; }
.group-head { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; }
.group-head h3 { margin-bottom: 2px; }
.legend p { margin: 3px 0; font-size: 12.5px; }
footer { margin-top: 28px; border-top: 1px solid var(--rule); padding-top: 6px; color: var(--muted);
         font-size: 12px; }
svg.spark, svg.bar { display: block; max-width: 100%; height: auto; }
svg.swatch { display: inline-block; vertical-align: -1px; margin: 0 4px 0 10px; }
.tag { display: inline-block; font-size: 11px; border: 1px solid #5c5c5c; color: #3a3a3a; border-radius: 3px;
       padding: 0 5px; margin-left: 4px; white-space: nowrap; }
table.alloc td.name .state { font-style: normal; }
table.alloc { table-layout: fixed; }
table.r.alloc th.num { white-space: normal; }
table.alloc td, table.proj td { overflow-wrap: break-word; }
table.r.budget { width: auto; min-width: 55%; }
p.chart-legend { margin: 0 0 2px; text-align: right; }
table.ind { table-layout: fixed; }
table.ind td, table.acts td { overflow-wrap: break-word; }
table.ind .badge, table.acts .badge { white-space: normal; }
table.acts { table-layout: fixed; }
.over { color: #9a3412; }
td.depth1 { padding-left: 20px !important; } td.depth2 { padding-left: 34px !important; }
td.depth3 { padding-left: 48px !important; }
.ind-name { font-weight: 600; }
.num-main { font-weight: 600; }
@page { size: A4 portrait; margin: 13mm 11mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  h1 { font-size: 18pt; } h2 { font-size: 13.5pt; } h3 { font-size: 11pt; } h4 { font-size: 10pt; }
  nav.toc { display: none; }
  table.r { font-size: 8.5pt; }
  table.r th { font-size: 7.5pt; }
  table.r td, table.r th { padding: 3px 4px; }
  .badge { font-size: 8pt; padding: 0 4px; }
  .small, .state, .id, .computed, .tag { font-size: 7pt; }
  blockquote.comment { font-size: 8pt; }
  section.page { break-before: page; page-break-before: always; }
  h2, h3, .group-head { break-after: avoid; page-break-after: avoid; }
  tr, .note, blockquote, svg { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


ALLOCATION_COLUMNS = ("focus_area", "own", "external", "total")


def _check_allocation(allocation: Any, plan: Any, selection: Any) -> Tuple[Optional[pd.DataFrame],
                                                                          Optional[Mapping[str, Any]], Any]:
    from .allocation import Allocation, Selection

    if isinstance(allocation, Allocation):
        # the result carries the plan it was made from; a plan given explicitly wins
        plan = allocation.plan if plan is None else plan
        allocation = allocation.table
    if allocation is not None:
        if not isinstance(allocation, pd.DataFrame):
            raise ArgumentError("render_report: allocation must be the result of "
                                "styrkort.allocation.allocate_focus_areas (an Allocation, or its table), "
                                f"got {type(allocation).__name__}")
        missing = [c for c in ALLOCATION_COLUMNS if c not in allocation.columns]
        if missing:
            raise ArgumentError(f"render_report: allocation has no column {missing[0]!r} (expected the columns of "
                                "allocate_focus_areas: focus_area, name, priority, weight, own, external, total, "
                                "binding, staff_days)")
    if plan is not None and not isinstance(plan, Mapping):
        raise ArgumentError(f"render_report: plan must be the allocation plan (a dict), got {type(plan).__name__}")
    if selection is not None and not isinstance(selection, Selection):
        raise ArgumentError("render_report: selection must be the result of styrkort.allocation.select_projects, "
                            f"got {type(selection).__name__}")
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

    def __init__(self, ev: Any, title: Optional[str], unit: Optional[str], period: Optional[str], lang: str,
                 allocation: Optional[pd.DataFrame] = None, plan: Optional[Mapping[str, Any]] = None,
                 selection: Any = None, projects_budget: Optional[float] = None,
                 projects_hours: Optional[float] = None, funds: Any = None):
        from .evaluation import Evaluation
        from .funds import Funds

        if not isinstance(ev, Evaluation):
            raise ArgumentError(f"render_report: expected a styrkort.Evaluation, got {type(ev).__name__}")
        if lang not in LABELS:
            raise ArgumentError(f"render_report: unknown language {lang!r} (allowed: {', '.join(LABELS)})")
        if funds is not None and not isinstance(funds, Funds):
            raise ArgumentError(f"render_report: funds must be a styrkort.Funds, got {type(funds).__name__}")
        self.funds = funds
        self.ev = ev
        self.s = ev.strategy
        self.L = LABELS[lang]
        self.lang = lang
        self.unit = ev.root_unit if unit is None else str(unit)
        if self.unit not in ev.unit_ids:
            raise ArgumentError(f"render_report: unknown unit {self.unit!r} (the units are "
                                f"{', '.join(map(str, ev.unit_ids))})")
        if period is None:
            if not ev.periods:
                raise ArgumentError("render_report: the evaluation has no periods")
            period = ev.periods[-1]
        self.period = str(period)
        if self.period not in ev.periods:
            raise ArgumentError(f"render_report: unknown period {self.period!r} (the periods are "
                                f"{', '.join(map(str, ev.periods))})")
        self.time = float(ev.period_times[ev.periods.index(self.period)])
        self.title = title

        nodes = self.s.nodes
        self.node_info: Dict[str, dict] = {str(r["id"]): r for r in nodes.to_dict("records")}
        units = self.s.units
        self.unit_names = {str(r["id"]): _text(r.get("name")) for r in units.to_dict("records")}
        self.unit_parent = {str(r["id"]): _text(r.get("parent")) for r in units.to_dict("records")}

        t = ev.table(unit=self.unit)
        keep = ["node", "kind", "period", "time", "value", "origin", "target", "score", "status", "computed_status",
                "manual",
                "reason", "comment",
                "trend", "trend_ratio", "arrow", "forecast", "coverage", "imputed"]
        t = t[keep]
        records = t.assign(**{c: t[c].astype(object) for c in ("node", "kind", "period", "origin", "status",
                                                                "computed_status", "trend", "arrow")}
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

    # -- pieces -----------------------------------------------------------------
    def unit_label(self, unit: str) -> str:
        name = self.unit_names.get(unit, "")
        return f"{name} ({unit})" if name and name != unit else unit

    def node_name(self, node: str) -> str:
        info = self.node_info.get(node)
        name = _text(info.get("name")) if info else ""
        return name or node

    def status_cell(self, r: Optional[dict]) -> str:
        """Status badge with the engine's reason as its tooltip; for a manual
        status also the mark and the computed status; an assessment's comment
        (with or without a manual status)."""
        L = self.L
        if r is None:
            return _badge("not_assessable", L)
        out = [_badge(r["status"], L, title=_text(r.get("reason")))]
        if r.get("manual"):
            out.append(f'<span class="manual">✎ {_e(L["manual"])}</span>')
            out.append(f'<span class="computed">{_e(L["computed"])}: {_badge(r["computed_status"], L)}</span>')
        comment = r.get("comment")
        if not _missing(comment):
            out.append(f'<blockquote class="comment">{_e(comment)}</blockquote>')
        return "".join(out)

    def score_cell(self, r: Optional[dict]) -> str:
        if r is None or _missing(r.get("score")):
            state = self.L["status_word"].get(_text(r["status"]) if r else "not_assessable", "")
            return _na(state)
        return f'<span class="num-main">{_e(_number(r["score"], self.L, 0))}</span>'

    def coverage_cell(self, r: Optional[dict]) -> str:
        p = None if r is None else _percent(r.get("coverage"), self.L)
        return _e(p) if p is not None else _na()

    def th_history(self) -> str:
        return f'<th>{_e(self.L["history"])}</th>' if self.charts else ""

    def score_history(self, node: str) -> str:
        """The score sparkline's cell (nothing when there is one period)."""
        return f"<td>{self.score_chart(node)}</td>" if self.charts else ""

    def score_chart(self, node: str) -> str:
        pts = [(float(r["time"]), float(r["score"])) for r in self.history.get(node, [])
               if r["time"] <= self.time + 1e-9 and not _missing(r["score"])]
        if not pts:
            return _na()
        values = ", ".join(f"{r['period']}: {_number(r['score'], self.L, 0)}" for r in self.history[node]
                           if r["time"] <= self.time + 1e-9 and not _missing(r["score"]))
        label = self.L["spark_title"].format(name=self.node_name(node), values=values)
        return _sparkline(pts, target=None, band=None, label=label, width=100, height=28)

    # -- sections ---------------------------------------------------------------
    def header(self) -> str:
        L, s = self.L, self.s
        title = self.title if self.title is not None else (s.name or L["report"])
        rows = [(L["strategy"], s.name), (L["organisation"], s.organisation), (L["unit"], self.unit_label(self.unit)),
                (L["period"], self.period), (L["generated"], _dt.date.today().isoformat())]
        meta = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v) if _text(v) else DASH}</dd>" for k, v in rows)
        out = [f'<header class="top"><p class="kicker">{_e(L["report"])}</p><h1>{_e(title)}</h1>'
               f'<dl class="meta">{meta}</dl></header>']
        notes = self.notes()
        if notes:
            items = "".join(f"<li>{_e(n)}</li>" for n in notes)
            out.append(f'<aside class="note" role="note"><p><strong>{_e(L["notes_heading"])}:</strong> '
                       f'{_e(L["notes_intro"])}</p><ul>{items}</ul></aside>')
        warnings = self.warnings()
        if warnings:
            shown = warnings[:WARNINGS_SHOWN]
            items = "".join(f'<li data-code="{_e(code)}">{_e(text)}</li>' for code, text in shown)
            more = len(warnings) - len(shown)
            if more:
                items += f'<li class="more">{_e(L["warnings_more"].format(n=more))}</li>'
            out.append(f'<aside class="note warnings" role="note"><p><strong>{_e(L["warnings_heading"])}:</strong> '
                       f'{_e(L["warnings_intro"])}</p><ul>{items}</ul></aside>')
        return "".join(out)

    def warnings(self) -> List[Tuple[str, str]]:
        """The evaluation's warnings about this unit and period (and those about
        every unit or period), in the report's language, with names; once each."""
        w = self.ev.warnings
        here = (w["unit"].isna() | (w["unit"] == self.unit)) & (w["period"].isna() | (w["period"] == self.period))
        words = self.L["warning"]
        out: Dict[Tuple[str, str], None] = {}
        for r in w[here].to_dict("records"):
            code, node = str(r["code"]), str(r["node"])
            key = "missing_target_all" if code == "missing_target" and _missing(r["unit"]) else code
            cov = self.current.get(node, {}).get("coverage")
            text = words[key].format(node=self.node_name(node), unit=self.unit_label(self.unit),
                                     coverage=_percent(cov, self.L) or DASH)
            out[(code, text)] = None
        return list(out)

    def notes(self) -> List[str]:
        m = self.ev.measurements
        if m is None or "note" not in getattr(m, "frame", pd.DataFrame()).columns:
            return []
        seen: Dict[str, None] = {}
        for n in m.frame["note"].tolist():
            t = _text(n).strip()
            if t and t not in seen:
                seen[t] = None
        return list(seen)

    def toc(self, sections: List[Tuple[str, str]]) -> str:
        items = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in sections)
        return f'<nav class="toc"><strong>{_e(self.L["contents"])}</strong><ol>{items}</ol></nav>'

    def summary(self) -> str:
        L = self.L
        sm = self.ev.summary(unit=self.unit, period=self.period)
        order = {k: i for i, k in enumerate(KIND_ORDER)}
        rows = sorted(sm.to_dict("records"), key=lambda r: order.get(str(r["kind"]), len(order)))
        head = "".join(f'<th class="num">{_e(L[g])}</th>' for g, _ in SUMMARY_GROUPS)
        out = [f'<section id="summary"><h2>{_e(L["summary"])}</h2>',
               f'<p class="intro">{_e(L["summary_intro"].format(unit=self.unit_label(self.unit), period=self.period))}'
               "</p>"]
        fa = [r for r in rows if r["kind"] == "focus_area"]
        if fa and fa[0]["n"]:
            n = int(fa[0]["n"])
            counts = {g: int(round(float(fa[0][g]) * n)) for g, _ in SUMMARY_GROUPS}
            out.append(f'<p class="lead">{_e(L["summary_sentence"].format(n=n, **counts))}</p>')
        out.append(f'<table class="r summary"><thead><tr><th>{_e(L["level"])}</th><th class="num">'
                   f'{_e(L["count"])}</th>{head}<th>{_e(L["distribution"])}</th></tr></thead><tbody>')
        for r in rows:
            kind = str(r["kind"])
            cells, segs = [], []
            for g, colour in SUMMARY_GROUPS:
                share = float(r[g]) if not _missing(r[g]) else float("nan")
                p = _percent(share, L)
                cells.append(f'<td class="num" data-group="{g}">{_e(p) if p else _na()}</td>')
                segs.append((0.0 if math.isnan(share) else share, STATUS_COLOURS[colour][0],
                             f"{L[g]} {p or DASH}"))
            out.append(f'<tr data-kind="{_e(kind)}"><td>{_e(L["kind_plural"].get(kind, kind))}</td>'
                       f'<td class="num">{_e(int(r["n"]))}</td>{"".join(cells)}<td>{_stacked_bar(segs)}</td></tr>')
        out.append("</tbody></table></section>")
        return "".join(out)

    def focus_areas(self) -> str:
        L = self.L
        fa = self.s.focus_areas
        out = [f'<section id="focus-areas"><h2>{_e(L["focus_areas_heading"])}</h2>'
               f'<p class="intro">{_e(L["focus_areas_intro"])}</p>']
        if len(fa) == 0:
            out.append(f'<p>{_e(L["no_nodes"])}</p></section>')
            return "".join(out)
        out.append(f'<table class="r dash focus"><thead><tr><th class="num">{_e(L["priority"])}</th>'
                   f'<th>{_e(L["focus_area"])}</th><th>{_e(L["owner"])}</th><th class="num">{_e(L["score"])}</th>'
                   f'<th>{_e(L["status"])}</th><th class="num">{_e(L["coverage"])}</th>'
                   f'{self.th_history()}</tr></thead><tbody>')
        for rec in fa.to_dict("records"):
            node = str(rec["id"])
            r = self.current.get(node)
            prio = _number(rec.get("priority"), L, 0)
            out.append(f'<tr data-node="{_e(node)}"><td class="num">{_e(prio) if prio else _na()}</td>'
                       f'<td><span class="bigdot">{_e(_text(rec["name"]) or node)}</span> '
                       f'<span class="id">{_e(node)}</span></td>'
                       f'<td>{_e(_text(rec.get("owner"))) or _na()}</td>'
                       f'<td class="num score">{self.score_cell(r)}</td><td class="status">{self.status_cell(r)}</td>'
                       f'<td class="num">{self.coverage_cell(r)}</td>{self.score_history(node)}</tr>')
        out.append("</tbody></table></section>")
        return "".join(out)

    def depth(self, node: str, seen: Optional[set] = None) -> int:
        seen = seen or set()
        info = self.node_info.get(node)
        parents = list(info.get("parents") or []) if info else []
        if not parents or node in seen:
            return 0
        seen.add(node)
        return 1 + min(self.depth(str(p), seen) for p in parents)

    def goals(self) -> str:
        L = self.L
        kinds = [k for k in KIND_ORDER if k not in ("focus_area", "indicator")]
        recs = [r for r in self.s.nodes.to_dict("records") if str(r["kind"]) in kinds]
        out = [f'<section id="goals"><h2>{_e(L["goals_heading"])}</h2>']
        if not recs:
            out.append(f'<p>{_e(L["no_nodes"])}</p></section>')
            return "".join(out)
        out.append(f'<table class="r dash goals"><thead><tr><th>{_e(L["name"])}</th><th>{_e(L["kind"])}</th>'
                   f'<th>{_e(L["owner"])}</th><th class="num">{_e(L["score"])}</th><th>{_e(L["status"])}</th>'
                   f'<th class="num">{_e(L["coverage"])}</th>{self.th_history()}</tr></thead><tbody>')
        for rec in recs:
            node = str(rec["id"])
            r = self.current.get(node)
            d = min(self.depth(node), 3)
            kind = str(rec["kind"])
            out.append(f'<tr data-node="{_e(node)}"><td class="depth{d}"><span class="bigdot">'
                       f'{_e(_text(rec["name"]) or node)}</span> <span class="id">{_e(node)}</span></td>'
                       f'<td>{_e(L["kind_name"].get(kind, kind))}</td><td>{_e(_text(rec.get("owner"))) or _na()}</td>'
                       f'<td class="num score">{self.score_cell(r)}</td><td class="status">{self.status_cell(r)}</td>'
                       f'<td class="num">{self.coverage_cell(r)}</td>{self.score_history(node)}</tr>')
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
        out, done = [], set()
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
            out += (f'<span class="state">{_e(self.L["final_target"].format(value=_number(final["value"], self.L), period=final["period"]))}'
                    "</span>")
        return out

    def forecast_cell(self, info: dict, r: Optional[dict], milestone: bool = False) -> str:
        L = self.L
        if r is None:
            return _na()
        trend = _text(r["trend"])
        if trend == "target_achieved":
            return _e(L["milestone_reached" if milestone else "target_reached"])
        f = r.get("forecast")
        if not _missing(f):
            f = float(f)
            if f <= r["time"] + 1e-3:
                return _e(L["target_reached"])
            year = int(math.ceil(f - 1e-3))
            return f'<span class="num-main">{_e(year)}</span>'
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
            extra = (f'<span class="sub-text">{_e(L["also_counts"])}: '
                     f'{_e(", ".join(self.node_name(p) or p for p in others))}</span>')
        uom = _text(info.get("unit_of_measure"))
        facts = ([f'{L["unit_of_measure"]}: {uom}'] if uom else []) + ([dtext] if dtext else [])
        name_cell = (f'<span class="ind-name">{_e(name)}</span> <span class="id">{_e(node)}</span>'
                     + (f'<span class="state uom">{_e(" · ".join(facts))}</span>' if facts else "") + extra)
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
                src = [x for x in self.history.get(node, []) if x["time"] < lv["time"] and not _missing(x["value"])
                       and _text(x.get("origin")) != "carried_forward"]
                notes = ([str(src[-1]["period"])] if src else []) + [L["origin"][origin].format(period=lv["period"])]
            elif origin in L["origin"]:
                notes.append(L["origin"][origin])
            if not _missing(lv.get("imputed")) and bool(lv.get("imputed")):
                notes.append(L["origin"]["imputed"])
            outcome = (f'<span class="num-main">{_e(_number(lv["value"], L))}</span>'
                       f'<span class="state">{_e(", ".join(notes))}</span>')
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
            word = (L["milestone_reached"] if tr == "target_achieved" and ahead is not None and ahead is not final
                    else L["trend_word"].get(tr, tr))
            trend_cell = (f'<span data-trend="{_e(tr)}"{tip}>{_e(word)}</span>'
                          if tr != "not_assessable" else _na(L["trend_word"]["not_assessable"]))
            ar = _text(r["arrow"]) or "not_assessable"
            if ar != "not_assessable":
                word = L["arrow_word"].get(ar, ar)
                trend_cell += (f'<span class="state arrowline" data-arrow="{_e(ar)}"><span class="arrow" '
                               f'aria-hidden="true">{_e(ARROWS.get(ar, DASH))}</span> {_e(L["arrow"])}: '
                               f'{_e(word)}</span>')
        # sparkline of the values up to the period followed up
        pts_rows = [x for x in self.history.get(node, []) if x["time"] <= self.time + 1e-9 and not _missing(x["value"])
                    and _text(x.get("origin")) != "carried_forward"]
        pts = [(float(x["time"]), float(x["value"])) for x in pts_rows]
        target = None if final is None else float(final["value"])
        values = ", ".join(f"{x['period']}: {_number(x['value'], L)}" for x in pts_rows)
        label = L["spark_title"].format(name=name, values=values or DASH)
        if target is not None:
            label += "; " + L["spark_target"].format(target=_number(target, L))
        chart = _sparkline(pts, target=target, band=band, label=label) if pts else _na()
        return (f'<tr data-node="{_e(node)}"><td class="ind">{name_cell}</td>'
                f'<td class="num baseline">{self.fmt_ref(*(baseline["value"], baseline["period"]) if baseline else (None, None))}</td>'
                f'<td class="num target">{self.target_cell(ahead, final)}</td>'
                f'<td class="num outcome">{outcome}</td><td class="num score">{self.score_cell(r)}</td>'
                f'<td class="status">{self.status_cell(r)}</td><td class="trend">{trend_cell}</td>'
                f'<td class="forecast">{self.forecast_cell(info, r, milestone=ahead is not None and ahead is not final)}</td>'
                + (f'<td class="chart">{chart}</td>' if self.charts else "") + "</tr>")

    def indicators(self) -> str:
        L = self.L
        out = [f'<section id="indicators" class="page"><h2>{_e(L["indicators_heading"])}</h2>'
               f'<p class="intro">{_e(L["indicators_intro"])}</p>']
        groups = self.indicator_groups()
        if not groups:
            out.append(f'<p>{_e(L["no_indicators"])}</p></section>')
            return "".join(out)
        widths = (23, 10, 9, 10, 6, 11, 13, 9, 9) if self.charts else (32, 10, 9, 10, 6, 11, 13, 9)
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
        head = cols + (f'<thead><tr><th>{_e(L["indicator"])}</th>'
                f'<th class="num">{_e(L["baseline"])}</th><th class="num">{_e(L["target"])}</th>'
                f'<th class="num">{_e(L["outcome"])}</th><th class="num">{_e(L["score"])}</th>'
                f'<th>{_e(L["status"])}</th><th>{_e(L["trend"])} <span class="small">/ {_e(L["arrow"])}</span></th>'
                f'<th>{_e(L["forecast"])}</th>' + (f'<th>{_e(L["chart"])}</th>' if self.charts else "")
                + "</tr></thead>")
        for group, members in groups:
            if group is None:
                out.append(f'<div class="group-head"><h3>{_e(L["other_indicators"])}</h3></div>')
            else:
                info = self.node_info.get(group, {})
                title = self.group_title(group)
                owner = _text(info.get("owner"))
                r = self.current.get(group)
                out.append(f'<div class="group-head" data-group="{_e(group)}"><h3>{_e(title)}</h3>'
                           f'{_badge(r["status"] if r else "not_assessable", L)}'
                           + (f'<span class="small">{_e(L["owner"])}: {_e(owner)}</span>' if owner else "")
                           + "</div>")
            out.append(f'<table class="r ind">{head}<tbody>')
            out.extend(self.indicator_row(n, group) for n in members)
            out.append("</tbody></table>")
        out.append("</section>")
        return "".join(out)

    # action plans
    def report_year(self) -> Optional[int]:
        p = self.period
        if len(p) >= 4 and p[:4].isdigit():
            return int(p[:4])
        return int(math.floor(self.time)) if math.isfinite(self.time) else None

    def unit_subtree(self) -> set:
        return set(self.s.units_below(self.unit))

    def activities(self) -> str:
        L = self.L
        year = self.report_year()
        from ._report_sections import followup_section

        out = [f'<section id="action-plan" class="page"><h2>{_e(L["action_plan"])}</h2>',
               followup_section(self, year),
               f'<p class="intro">{_e(L["action_plan_intro"].format(year=year if year is not None else DASH))}</p>']
        acts = self.s.activities
        recs = acts.to_dict("records") if len(acts) else []
        subtree = self.unit_subtree()
        is_root = not self.unit_parent.get(self.unit)
        keep = []
        for a in recs:
            u = _text(a.get("unit"))
            if (u and u not in subtree) or (not u and not is_root):
                continue
            y = _year(a)
            if year is not None and y is not None and y > year:
                continue
            keep.append(a)
        if not keep:
            out.append(f'<p>{_e(L["no_activities"])}</p></section>')
            return "".join(out)
        prio = {str(f): i for i, f in enumerate(self.s.focus_areas["id"])}
        big = len(prio) + len(self.node_info) + 1
        node_pos = {k: i for i, k in enumerate(self.node_info)}

        def fa_key(fa: str) -> Tuple[int, int, str]:
            return (prio.get(fa, big), node_pos.get(fa, big), fa)

        years = sorted({_year(a) for a in keep},
                       key=lambda y: float("inf") if y is None else y)

        def fa_label(fa: str) -> str:
            if not fa:
                return L["no_focus_area"]
            return self.node_name(fa) or fa

        # counts by status per year and focus area
        out.append(f'<h3>{_e(L["activities_by_status"])}</h3>')
        head = "".join(f'<th class="num">{_badge(s, L, L["activity_status"], ACTIVITY_COLOURS)}</th>'
                       for s in ACTIVITY_ORDER)
        out.append(f'<table class="r counts"><thead><tr><th>{_e(L["year"])}</th><th>{_e(L["focus_area"])}</th>'
                   f'{head}<th class="num">{_e(L["total"])}</th><th>{_e(L["distribution"])}</th></tr></thead><tbody>')
        for y in years:
            ya = [a for a in keep if _year(a) == y]
            fas = sorted({_text(a.get("focus_area")) for a in ya}, key=fa_key)
            for k, fa in enumerate(fas):
                fa_acts = [a for a in ya if _text(a.get("focus_area")) == fa]
                out.append(self.count_row(y, fa_label(fa), fa, fa_acts, show_year=k == 0, cls=""))
            out.append(self.count_row(y, f'{L["total"]} {y if y is not None else DASH}', "", ya, show_year=False,
                                      cls="sub"))
        out.append(self.count_row(None, L["total"], "", keep, show_year=False, cls="tot"))
        out.append("</tbody></table>")

        # the activities, one table per year, grouped by focus area
        widths = (24, 15, 20, 7, 7, 7, 7, 13)
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
        head = (f'<thead><tr><th rowspan="2">{_e(L["activity"])}</th><th rowspan="2">{_e(L["means"])}</th>'
                f'<th rowspan="2">{_e(L["owner"])}</th><th class="num span" colspan="2">{_e(L["cost"])}</th>'
                f'<th class="num span" colspan="2">{_e(L["hours"])}</th><th rowspan="2">{_e(L["status"])}</th></tr>'
                f'<tr><th class="num">{_e(L["planned"])}</th><th class="num">{_e(L["spent"])}</th>'
                f'<th class="num">{_e(L["planned"])}</th><th class="num">{_e(L["spent"])}</th></tr></thead>')
        for y in years:
            ya = [a for a in keep if _year(a) == y]
            out.append(f'<h3>{_e(L["activities"])} {_e(y if y is not None else DASH)}</h3>')
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
        if unit:
            where = unit if self.unit_names.get(unit) == owner else self.unit_label(unit)
        owner_html = (_e(owner) or _na()) + (f'<span class="state">{_e(where)}</span>' if where else "")
        aid = _text(a.get("id"))
        return (f'<tr data-activity="{_e(aid)}"><td>{_e(_text(a.get("name")) or aid)} <span class="id">{_e(aid)}</span>'
                f'</td><td>{_e(L["means_word"].get(means, means)) or _na()}</td><td>{owner_html}</td>'
                f'{self.money_cells(a)}'
                f'<td>{_badge(_text(a.get("status")), L, L["activity_status"], ACTIVITY_COLOURS)}</td></tr>')

    def group_title(self, node: str) -> str:
        """ "Fokusområde 1: Näringslivsprogram" """
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
        segs = [(float(counts[s]), ACTIVITY_COLOURS[s][0], f'{L["activity_status"][s]} {counts[s]}')
                for s in ACTIVITY_ORDER]
        ycell = _e(year) if show_year and year is not None else ""
        attr = (f' data-year="{_e(year)}"' if year is not None else "") + (f' data-focus-area="{_e(fa)}"' if fa else "")
        return (f'<tr class="{cls}"{attr}><td>{ycell}</td><td>{_e(label)}</td>{cells}<td class="num">{n}</td>'
                f"<td>{_stacked_bar(segs, width=110, height=12)}</td></tr>")

    def money_cells(self, a: Mapping[str, Any]) -> str:
        out = []
        for planned, spent in (("planned_cost", "spent_cost"), ("planned_hours", "spent_hours")):
            p, s = a.get(planned), a.get(spent)
            over = not _missing(p) and not _missing(s) and float(s) > float(p)
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
        return (f'<tr class="sub"><td colspan="3">{_e(L["total"])} ({len(acts)})</td>{"".join(cells)}'
                "<td></td></tr>")

    # proposed allocation and selected projects
    def allocation_notes(self) -> str:
        """The notes of the plan and of the proposals (e.g. that they are illustrative), once each."""
        notes: Dict[str, None] = {}
        sources = [self.plan.get("note") if self.plan else None,
                   self.allocation.attrs.get("note") if self.allocation is not None else None,
                   self.selection.table.attrs.get("note") if self.selection is not None else None]
        for n in sources:
            t = _text(n).strip()
            if t:
                notes[t] = None
        if not notes:
            return ""
        items = "".join(f"<li>{_e(n)}</li>" for n in notes)
        return (f'<aside class="note" role="note"><p><strong>{_e(self.L["notes_heading"])}:</strong></p>'
                f"<ul>{items}</ul></aside>")

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
        """ "Fokusområde 1: Näringslivsprogram" for a focus area of the strategy, else the id. """
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
        rows = [a for a in (self.plan.get("areas") or []) if isinstance(a, Mapping) and str(a.get("id")) == area]
        parts = []
        for g in (rows[0].get("grants") or []) if rows else []:
            if isinstance(g, Mapping):
                gid, rate = _text(g.get("id")), g.get("rate")
            elif isinstance(g, (list, tuple)) and len(g) >= 2:
                gid, rate = _text(g[0]), g[1]
            else:
                continue
            try:
                r = _percent(float(rate), self.L)
            except (TypeError, ValueError):
                r = None
            parts.append(f"{gid} ({r})" if gid and r else gid or r or "")
        parts = [p for p in parts if p]
        return f'{self.L["co_financing"]}: {", ".join(parts)}' if parts else ""

    def allocation_section(self) -> str:
        L = self.L
        t = self.allocation
        year = _text(self.plan.get("year")) if self.plan else ""
        intro = L["allocation_intro"].format(year=L["allocation_year"].format(year=year) if year else "")
        out = [f'<section id="allocation" class="page"><h2>{_e(L["allocation_heading"])}</h2>',
               self.allocation_notes(), f'<p class="intro">{_e(intro)}</p>']
        own, ext, tot = (float(pd.to_numeric(t[c], errors="coerce").fillna(0).sum())
                         for c in ("own", "external", "total"))
        has_days = "staff_days" in t.columns
        days = float(pd.to_numeric(t["staff_days"], errors="coerce").fillna(0).sum()) if has_days else None
        factor = _number(tot / own, L, 2) if own > 0 else DASH
        sentence = L["allocation_sentence"].format(own=self.money(own), external=self.money(ext),
                                                   total=self.money(tot), factor=factor,
                                                   days=_number(days, L, 0) if days is not None else DASH)
        if days is None:  # the sentence's last clause is about staff days
            sentence = sentence.rsplit(". ", 1)[0] + "."
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
        legend = (f'<p class="small chart-legend">{_swatch(OWN_COLOUR)}{_e(L["own"])}'
                  f'{_swatch(EXTERNAL_COLOUR)}{_e(L["external"])}</p>')
        widths = ([5] if has["priority"] else []) + [22] + ([6] if has["weight"] else []) + [10, 11, 10] \
            + ([8] if has["binding"] else []) + ([10] if has_days else [])
        widths.append(max(100 - sum(widths), 12))
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
        head = ((f'<th class="num">{_e(L["priority"])}</th>' if has["priority"] else "")
                + f'<th>{_e(L["focus_area"])}</th>'
                + (f'<th class="num">{_e(L["weight"])}</th>' if has["weight"] else "")
                + f'<th class="num">{_e(self.with_currency(L["own"]))}</th>'
                f'<th class="num">{_e(self.with_currency(L["external"]))}</th>'
                f'<th class="num">{_e(self.with_currency(L["total_activity"]))}</th>'
                + (f'<th>{_e(L["binding"])}</th>' if has["binding"] else "")
                + (f'<th class="num">{_e(L["staff_days"])}</th>' if has_days else "")
                + f'<th>{_e(L["split_chart"])}</th>')
        out.append(f'{legend}<table class="r alloc">{cols}<thead><tr>{head}</tr></thead><tbody>')
        recs = t.to_dict("records")
        if has["priority"]:
            recs.sort(key=lambda r: (math.inf if _missing(r.get("priority")) else float(r["priority"]),
                                     self.area_order(_text(r.get("focus_area")))))
        for r in recs:
            area = _text(r.get("focus_area"))
            name = _text(r.get("name")) or self.node_name(area)
            grants = self.grants_text(area)
            cells = []
            if has["priority"]:
                prio = _number(r.get("priority"), L, 0)
                cells.append(f'<td class="num">{_e(prio) if prio else _na()}</td>')
            cells.append(f'<td class="name"><span class="bigdot">{_e(name)}</span> <span class="id">{_e(area)}</span>'
                         + (f'<span class="state">{_e(grants)}</span>' if grants else "") + "</td>")
            if has["weight"]:
                w = _percent(r.get("weight"), L)
                cells.append(f'<td class="num weight">{_e(w) if w else _na()}</td>')
            for c in ("own", "external", "total"):
                v = _number(r.get(c), L, 0)
                cells.append(f'<td class="num {c}">{_e(v) if v else _na()}</td>')
            if has["binding"]:
                b = _text(r.get("binding"))
                word = L["binding_word"].get(b, b)
                cells.append(f'<td class="binding" data-binding="{_e(b)}">'
                             + (f"{_e(word)}" if b else f'<span class="small">{_e(word)}</span>') + "</td>")
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
        for v in (own, ext, tot):
            cells.append(f'<td class="num">{_e(_number(v, L, 0))}</td>')
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
            out.append(f'<table class="r proj">{cols}<thead><tr><th>{_e(L["project"])}</th>'
                       f'<th class="num">{_e(self.with_currency(L["own"]))}</th>'
                       f'<th class="num">{_e(L["hours"])}</th>'
                       f'<th class="num">{_e(self.with_currency(L["external"]))}</th>'
                       f'<th class="num">{_e(L["value"])}</th></tr></thead><tbody>')
            for area in sorted({_text(r.get("area")) for r in chosen}, key=self.area_order):
                out.append(f'<tr class="fa-head" data-area="{_e(area)}"><td colspan="5">{_e(self.area_label(area))}'
                           "</td></tr>")
                for r in sorted((r for r in chosen if _text(r.get("area")) == area), key=lambda r: _text(r.get("id"))):
                    pid = _text(r.get("id"))
                    must = (f'<span class="tag">{_e(L["must_word"])}</span>'
                            if not _missing(r.get("must")) and bool(r.get("must")) else "")
                    rate = r.get("rate")
                    rate_text = (f'{L["co_financing"]} {_percent(rate, L)}'
                                 if not _missing(rate) and float(rate) > 0 else "")
                    out.append(f'<tr data-project="{_e(pid)}" data-area="{_e(area)}"><td class="name">'
                               f'{_e(name_of(r))} <span class="id">{_e(pid)}</span>{must}</td>'
                               + num_cell(r.get("cost"), "cost") + num_cell(r.get("hours"), "hours")
                               + num_cell(r.get("external"), "external", rate_text or "")
                               + num_cell(r.get("value"), "value") + "</tr>")
            out.append(f'<tr class="tot"><td>{_e(L["total"])} ({len(chosen)})</td>'
                       + num_cell(sel.cost, "cost") + num_cell(sel.hours, "hours")
                       + num_cell(sel.external, "external") + num_cell(sel.value, "value") + "</tr></tbody></table>")
        # the totals against the budgets
        rows = [(L["own"], sel.cost, self.projects_budget, True),
                (L["hours_budget"], sel.hours, self.projects_hours, False)]
        out.append(f'<table class="r budget"><thead><tr><th>{_e(L["resource"])}</th>'
                   f'<th class="num">{_e(L["selected_amount"])}</th><th class="num">{_e(L["budget"])}</th>'
                   f'<th class="num">{_e(L["left"])}</th></tr></thead><tbody>')
        for label, used, limit, is_money in rows:
            name = self.with_currency(label) if is_money else label
            u = _number(used, L, 0) if sel.feasible else None
            if limit is None or math.isinf(limit):
                b, left = f'<span class="small">{_e(L["no_limit"])}</span>', ""
            else:
                b = _e(_number(limit, L, 0))
                left = _e(_number(limit - used, L, 0)) if u is not None else _na()
            out.append(f'<tr data-resource="{"money" if is_money else "hours"}"><td>{_e(name)}</td>'
                       f'<td class="num used">{_e(u) if u else _na()}</td><td class="num limit">{b}</td>'
                       f'<td class="num left">{left}</td></tr>')
        out.append("</tbody></table>")
        # proven optimal or not: value, bound and gap
        if sel.feasible:
            value, bound, gap = (_number(x, L) or DASH for x in (sel.value, sel.bound, sel.gap))
            if sel.proven_optimal:
                text = L["proven"].format(value=value, bound=bound, gap=gap)
            else:
                rel = (sel.gap / abs(sel.bound)) if sel.bound and math.isfinite(sel.bound) else float("nan")
                relative = (_number(100.0 * rel, L, 1) + "\u00a0%") if math.isfinite(rel) else DASH
                text = L["not_proven"].format(value=value, bound=bound, gap=gap, relative=relative,
                                              why=self.limit_text(sel.stopped_by))
            method = L["method_word"].get(sel.method, sel.method)
            out.append(f'<p class="lead optimality" data-proven="{str(bool(sel.proven_optimal)).lower()}">'
                       f'{_e(text)} <span class="small">{_e(L["method"])}: {_e(method)}.</span></p>')
        others = [r for r in recs if not bool(r.get("selected"))]
        if others and sel.feasible:
            items = []
            for r in sorted(others, key=lambda r: (self.area_order(_text(r.get("area"))), _text(r.get("id")))):
                never = (f' <span class="tag">{_e(L["never_word"])}</span>'
                         if not _missing(r.get("never")) and bool(r.get("never")) else "")
                items.append(f'<span data-project="{_e(_text(r.get("id")))}">{_e(name_of(r))} '
                             f'<span class="id">{_e(_text(r.get("id")))}</span>{never}</span>')
            out.append(f'<p class="small not-selected"><strong>{_e(L["not_selected"])} ({len(others)}):</strong> '
                       + "; ".join(items) + "</p>")
        out.append("</section>")
        return "".join(out)

    def limit_text(self, stopped_by: str) -> str:
        """ "; the search was stopped by the time limit of 60 s" in the report's language. """
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
        text = "".join(f"<p>{_e(L[k])}</p>" for k in ("legend_status", "legend_trend", "legend_arrow",
                                                       "legend_forecast", "legend_chart", "legend_over",
                                                       "legend_missing"))
        return f'<section id="legend" class="legend"><h2>{_e(L["legend"])}</h2><p>{badges}</p>{text}</section>'

    def render(self) -> str:
        from . import __version__

        L = self.L
        title = self.title if self.title is not None else (self.s.name or L["report"])
        nodes = self.s.nodes
        parts = [("summary", L["summary"], self.summary)]
        # sections the strategy has nothing for are left out
        if len(self.s.focus_areas):
            parts.append(("focus-areas", L["focus_areas_heading"], self.focus_areas))
        if (~nodes["kind"].isin(["focus_area", "indicator"])).any():
            parts.append(("goals", L["goals_heading"], self.goals))
        parts.append(("indicators", L["indicators_heading"], self.indicators))
        if len(self.s.activities):
            parts.append(("action-plan", L["action_plan"], self.activities))
        if self.funds is not None:
            from ._report_sections import LABELS as SECTION_LABELS, funds_section

            parts.append(("funds", SECTION_LABELS[self.lang]["funds_heading"], lambda: funds_section(self, self.funds)))
        if self.allocation is not None:
            parts.append(("allocation", L["allocation_heading"], self.allocation_section))
        if self.selection is not None:
            parts.append(("projects", L["projects_heading"], self.projects_section))
        parts.append(("legend", L["legend"], self.legend))
        body = ([self.header(), self.toc([(a, t) for a, t, _ in parts])] + [f() for _, _, f in parts]
                + [f'<footer>{_e(L["footer"].format(version=__version__))}</footer>'])
        return ("<!DOCTYPE html>\n"
                f'<html lang="{_e(self.lang)}">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{_e(title)} – {_e(self.unit_label(self.unit))} {_e(self.period)}</title>\n"
                f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def render_report(evaluation: Any, *, title: Optional[str] = None, unit: Optional[str] = None,
                  period: Optional[str] = None, lang: str = "sv", allocation: Optional[pd.DataFrame] = None,
                  plan: Optional[Mapping[str, Any]] = None, selection: Any = None,
                  projects_budget: Optional[float] = None, projects_hours: Optional[float] = None,
                  funds: Any = None) -> str:
    """The follow-up report as one self-contained HTML document.

    Inline CSS and SVG only: no scripts, no fonts or images from the network.
    It prints on A4 (``@media print`` with page breaks before the indicator,
    action-plan and allocation sections).

    Parameters
    ----------
    evaluation : Evaluation
        The result of :func:`styrkort.evaluate`.
    title : str, optional
        The heading; default the strategy's name.
    unit : str, optional
        The organisational unit followed up; default the root unit.
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
    plan : dict, optional
        The allocation plan the split was made from (``examples/gavle/allocation.json``):
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

    Returns
    -------
    str

    Raises
    ------
    ArgumentError
        For an unknown unit, period or language, when ``evaluation`` is not an
        :class:`~styrkort.Evaluation`, or when ``allocation``, ``plan`` or
        ``selection`` is not of the kind described.

    Examples
    --------
    >>> import styrkort as sk
    >>> ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    >>> from styrkort.report import render_report
    >>> html = render_report(ev, lang="sv")  # doctest: +SKIP
    """
    return _Report(evaluation, title, unit, period, lang, allocation, plan, selection, projects_budget,
                   projects_hours, funds).render()


def write_report(evaluation: Any, path: PathLike, **kw: Any) -> Path:
    """Write :func:`render_report` to ``path`` as UTF-8 and return the path.

    Keyword arguments are those of :func:`render_report`.

    Raises
    ------
    ArgumentError
        When ``path`` is a directory or its directory does not exist.
    """
    out = Path(path)
    if out.is_dir():
        raise ArgumentError(f"{out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise ArgumentError(f"{out}: the directory {out.parent} does not exist")
    text = render_report(evaluation, **kw)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return out
