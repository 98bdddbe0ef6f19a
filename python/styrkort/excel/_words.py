"""Words and formats of the workbooks: headers and sheet titles per language,
status colours and words, number formats."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from .._display.palette import ACTIVITY_COLOURS, ARROWS, FUND_COLOURS, STATUS_COLOURS
from .._display.words import HEADERS as _HEADERS
from .._display.words import LANGUAGES, REPORT, SECTIONS, SHEETS, TEMPLATE

# Column headers per language (styrkort._display.sv / en; a column not named there keeps
# its name, "_" written as a space).
HEADERS = _HEADERS

# Readable titles for the result sheets the package writes; other sheet names are used as given.
SHEET_TITLES = SHEETS


def _status_colours() -> Dict[str, Tuple[str, str]]:
    # goal, activity and grant statuses have disjoint names, so one table serves every status column
    return {**FUND_COLOURS, **ACTIVITY_COLOURS, **STATUS_COLOURS}


def _words(lang: str) -> Dict[str, Dict[str, str]]:
    """Cell words per kind of column, from the report's labels."""
    L = REPORT[lang]
    fund = dict(SECTIONS.get(lang, {}).get("fund_status", {}))
    return {
        "status": {**fund, **L["activity_status"], **L["status_word"]},
        "trend": dict(L["trend_word"]),
        "arrow": {k: f"{ARROWS.get(k, '')} {w}".strip() for k, w in L["arrow_word"].items()},
        "kind": dict(L["kind_name"]),
        "means": dict(L["means_word"]),
        "binding": dict(L["binding_word"]),
    }


# -- the strategy template's enumerations ---------------------------------------------
# The columns of the strategy sheets whose cells hold a code of the format (a kind, a
# direction, a status, a means), and the words each language shows for those codes: the
# words of the report and the Excel output (``_display/sv.py``, ``en.py``). This is the one
# mapping: the reader takes a code or a word of any language, in any case; the template's
# writer writes the words of its language and lists them in the cells' drop-downs.
def enumerations(lang: str) -> Dict[Tuple[str, str], Dict[str, str]]:
    """(sheet, column) → {code: word} in ``lang``, codes in the format's order."""
    L, T = REPORT[lang], TEMPLATE[lang]
    return {
        ("nodes", "kind"): dict(L["kind_name"]),
        ("nodes", "direction"): dict(T["direction"]),
        ("activities", "status"): dict(L["activity_status"]),
        ("activities", "means"): dict(L["means_word"]),
        ("assessments", "status"): dict(L["status_word"]),
    }


def enumeration_codes() -> Dict[Tuple[str, str], Dict[str, str]]:
    """(sheet, column) → {code, Swedish word, English word (casefolded): code}."""
    out: Dict[Tuple[str, str], Dict[str, str]] = {}
    for lang in LANGUAGES:
        for place, words in enumerations(lang).items():
            known = out.setdefault(place, {})
            for code, word in words.items():
                for spelling in (code, word):
                    known.setdefault(_spelling(spelling), code)  # a test checks that no word names two codes
    return out


def _spelling(text: str) -> str:
    """A cell's word as the mapping compares it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


def _is_status_column(name: str) -> bool:
    return name in ("status", "computed_status") or name.endswith("_status")


def _header(name: str, lang: str) -> str:
    label = HEADERS[lang].get(name)
    if label is not None:
        return label
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# Number formats by column name (Excel shows them in the reader's locale).
_PERCENT = {
    "coverage",
    "rate",
    "success_rate",
    "share",
    "acceptability",
    "mc_error",
    "share_completed",
    "cost_ratio",
    "hours_ratio",
    "advance",
    "retention",
}
_WHOLE = {
    "planned_cost",
    "spent_cost",
    "cost",
    "granted",
    "applied",
    "own",
    "external",
    "total",
    "amount",
    "budget",
    "floor",
    "cap",
    "planned_hours",
    "spent_hours",
    "hours",
    "staff_days",
    "liquidity_need",
    "cost_deviation",
    "hours_deviation",
    "applied_decided",
    "incurred",
    "received",
    "peak_need",
    "outstanding",
    "need",
}
_INTEGER = {
    "year",
    "priority",
    "rank",
    "n",
    "count",
    "forecast",
    "gas_attained",
    "activities",
    "not_started",
    "started",
    "completed",
    "delayed",
    "cancelled",
    "gas_activities",
    "gas_assessed",
    "projects",
    "applications",
    "pending",
    "granted_count",
    "rejected",
    "claim_months",
    "lag_months",
    "members",
    "position",
    "of",
}


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
