"""Excel workbooks: result tables out, measurements and strategies in.

:func:`write_workbook` writes result tables (scores, statuses, trends, the
action-plan follow-up, external funds, the allocation) to one ``.xlsx`` file
with one sheet per table: readable headers in Swedish or English, the header
row bold and frozen with an autofilter, fitted column widths, numbers as
numbers (a missing value is an empty cell, never 0), shares as percentages and
status cells coloured with the report's colours and their word.

:func:`read_measurements_excel` and :func:`read_strategy_excel` read workbooks
laid out like the pandas tables of :meth:`Strategy.from_tables
<styrkort.Strategy.from_tables>` and :class:`~styrkort.Measurements`. Errors
name the file, the sheet, the row (the header is row 1) and the column letter.

openpyxl (the ``excel`` extra) is imported only when a workbook is read or
written. Reading an untrusted workbook runs no code (formulas are never
evaluated, macros never run) and fetches nothing. Parts that declare a DTD
(which the package format forbids) are refused before any XML is parsed, so
entity tricks reach no parser; the standard library's expat, which openpyxl
uses for the sheets, would refuse them too. So defusedxml is not needed.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import posixpath
import re
import secrets
import warnings
import zipfile
import xml.etree.ElementTree as ET
from contextlib import suppress
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _tables, report
from ._io import PathLike, output_path
from ._optional import require
from .errors import ArgumentError, MeasurementError, StrategyError

__all__ = [
    "write_workbook", "evaluation_sheets", "result_sheets", "strategy_sheets", "write_strategy_excel", "write_measurements_excel",
    "read_measurements_excel", "read_strategy_excel", "HEADERS", "SHEET_TITLES",
]

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
        "outstanding": "Utestående", "need": "Likviditetsbehov",
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
        "outstanding": "Outstanding", "need": "Liquidity need",
    },
}

# Readable titles for the result sheets the package writes; other sheet names
# are used as given.
SHEET_TITLES: Dict[str, Dict[str, str]] = {
    "sv": {"scores": "Poäng", "statuses": "Status", "trends": "Trender", "activities": "Handlingsplan",
           "follow_up": "Uppföljning handlingsplan", "funds": "Externa medel",
           "funds_compilation": "Sammanställning medel", "liquidity": "Förfinansiering",
           "allocation": "Fördelning", "selected_projects": "Valda projekt"},
    "en": {"scores": "Scores", "statuses": "Statuses", "trends": "Trends", "activities": "Action plan",
           "follow_up": "Action plan follow-up", "funds": "External funds",
           "funds_compilation": "Funds compilation", "liquidity": "Pre-financing", "allocation": "Allocation",
           "selected_projects": "Selected projects"},
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
    from ._report_sections import LABELS as SECTION_LABELS

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


# -- writing ------------------------------------------------------------------
_MAX_ROWS, _MAX_COLUMNS, _MAX_TEXT = 1_048_576, 16_384, 32_767
_SHEET_FORBIDDEN = "[]:*?/\\"
# Characters XML 1.0 cannot hold (openpyxl refuses them too).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text a spreadsheet could take for a formula when the cell is edited.
_FORMULA_START = ("=", "+", "-", "@")


def _openpyxl() -> Any:
    return require("openpyxl", "styrkort's Excel support", "excel")


def _check_sheet_name(name: Any, seen: Dict[str, str]) -> str:
    if not isinstance(name, str):
        raise ArgumentError(f"sheet name {name!r}: expected text, got {type(name).__name__}")
    rule = None
    if not name.strip():
        rule = "it is empty"
    elif len(name) > 31:
        rule = f"it has {len(name)} characters; Excel allows at most 31"
    elif any(c in _SHEET_FORBIDDEN for c in name):
        c = next(c for c in name if c in _SHEET_FORBIDDEN)
        rule = f"the character {c!r} is not allowed (Excel forbids {' '.join(_SHEET_FORBIDDEN)})"
    elif name.startswith("'") or name.endswith("'"):
        rule = "Excel does not allow an apostrophe at the start or end"
    elif _ILLEGAL.search(name):
        rule = "it contains a control character"
    elif name.casefold() == "history":
        rule = "Excel reserves the name History"
    elif name.casefold() in seen:
        rule = f"it repeats the sheet {seen[name.casefold()]!r} (Excel ignores case in sheet names)"
    if rule:
        raise ArgumentError(f"sheet name {name!r} is not valid in Excel: {rule}; choose another name")
    seen[name.casefold()] = name
    return name


def _column_name(c: Any) -> str:
    if isinstance(c, tuple):  # MultiIndex columns
        return " ".join(str(x) for x in c if str(x) != "")
    return str(c)


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    if isinstance(v, np.datetime64):
        return bool(np.isnat(v))
    return False


def _cell_value(v: Any) -> Any:
    """A DataFrame value as something openpyxl stores; None for missing."""
    if _is_missing(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, (bool, int, str)):
        return None if isinstance(v, str) and v == "" else v
    if isinstance(v, float):
        # Excel has no infinity; the sign as text keeps the meaning visible
        return v if math.isfinite(v) else ("∞" if v > 0 else "−∞")
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, _dt.datetime) and v.tzinfo is not None:
        return v.isoformat()  # Excel has no time zones; keep the offset as text
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        return v
    if isinstance(v, pd.Timedelta):
        return v.to_pytimedelta()
    if isinstance(v, (list, tuple, set, frozenset, np.ndarray)):
        items = [str(x) for x in v if not _is_missing(x)]
        return "; ".join(items) if items else None
    return str(v)


def _display_length(v: Any, fmt: Optional[str]) -> int:
    if isinstance(v, bool):
        return 6
    if isinstance(v, (int, float)):
        if fmt == "0.0%":
            return len(f"{v * 100:.1f} %")
        if fmt == "#,##0":
            return len(f"{v:,.0f}")
        return len(f"{v:.6g}")
    if isinstance(v, (_dt.datetime, _dt.date)):
        return 16 if isinstance(v, _dt.datetime) else 10
    return max((len(line) for line in str(v).splitlines()), default=0)


def _prepare_frame(name: str, frame: Any) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame) and isinstance(getattr(frame, "table", None), pd.DataFrame):
        frame = frame.table  # a result object (BudgetSplit, Selection, Allocation): its table
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"sheet {name!r}: expected a pandas DataFrame (or a result with a .table), "
                            f"got {type(frame).__name__}")
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()  # a named index is data (e.g. the request ids of a score table)
    if len(frame) + 1 > _MAX_ROWS:
        raise ArgumentError(f"sheet {name!r}: {len(frame)} rows do not fit in an Excel sheet "
                            f"(at most {_MAX_ROWS - 1} below the header); split the table or write CSV")
    if frame.shape[1] > _MAX_COLUMNS:
        raise ArgumentError(f"sheet {name!r}: {frame.shape[1]} columns do not fit in an Excel sheet "
                            f"(at most {_MAX_COLUMNS})")
    return frame


class _SheetPlan:
    """A table turned into checked cell values, before anything is written."""

    def __init__(self, title: str, headers: List[str], widths: List[int], formats: List[Optional[str]],
                 columns: List[List[Tuple[Any, Optional[str]]]], n_rows: int) -> None:
        self.title, self.headers, self.widths, self.formats = title, headers, widths, formats
        self.columns, self.n_rows = columns, n_rows


def _plan_sheet(title: str, frame: pd.DataFrame, *, lang: Optional[str]) -> _SheetPlan:
    """Cell values, words, widths and formats of one sheet; ``lang`` None keeps
    column ids and raw words (for re-import). Text Excel cannot store is an
    error here, so that a failure happens before any file is touched."""
    names = [_column_name(c) for c in frame.columns]
    words = _words(lang) if lang else {}
    colours = _status_colours()
    headers, widths, formats, columns = [], [], [], []
    for j, name in enumerate(names):
        is_status = _is_status_column(name)
        table = words.get("status" if is_status else name, {})
        fmt = _number_format(name)
        header = _header(name, lang) if lang else name
        _check_text(header, title, 1, j, name)
        width = len(header) + 3  # room for the autofilter button
        cells: List[Tuple[Any, Optional[str]]] = []
        for i, v in enumerate(frame.iloc[:, j].tolist()):
            status = v if is_status and isinstance(v, str) and v in colours else None
            if isinstance(v, str):
                v = table.get(v, v)
            v = _cell_value(v)
            if v is not None:
                if isinstance(v, str):
                    _check_text(v, title, i + 2, j, name)
                width = max(width, _display_length(v, fmt) + 1)
            cells.append((v, status))
        headers.append(header)
        widths.append(min(max(width, 8), 60))
        formats.append(fmt)
        columns.append(cells)
    return _SheetPlan(title, headers, widths, formats, columns, len(frame))


def _check_text(text: str, title: str, row: int, j: int, name: str) -> None:
    bad = _ILLEGAL.search(text)
    if bad or len(text) > _MAX_TEXT:
        from openpyxl.utils import get_column_letter

        rule = (f"the text contains the control character U+{ord(bad.group()):04X}, which Excel cannot store; "
                "remove it" if bad else
                f"the text has {len(text)} characters; an Excel cell holds at most {_MAX_TEXT}")
        raise ArgumentError(f"sheet {title!r}, row {row}, column {get_column_letter(j + 1)} ({name}): {rule}")


def _emit_sheet(wb: Any, plan: _SheetPlan) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(plan.title)
    styles = {k: (PatternFill(fill_type="solid", start_color=_argb(bg), end_color=_argb(bg)), Font(color=_argb(fg)))
              for k, (bg, fg) in _status_colours().items()}
    # a write-only sheet takes its column widths and panes before the first row
    for j, w in enumerate(plan.widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = w
    ws.freeze_panes = "A2"
    if plan.headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(plan.headers))}{plan.n_rows + 1}"
    bold = Font(bold=True)
    header_row = []
    for h in plan.headers:
        cell = _text_cell(ws, WriteOnlyCell, h)
        cell.font = bold
        header_row.append(cell)
    ws.append(header_row)
    for i in range(plan.n_rows):
        row: List[Any] = []
        for j, fmt in enumerate(plan.formats):
            v, status = plan.columns[j][i]
            if v is None:
                row.append(None)
            elif isinstance(v, str):
                if status is None and not v.startswith(_FORMULA_START) and v not in _EXCEL_ERRORS:
                    row.append(v)  # plain text: openpyxl stores it as text (and faster without a cell object)
                    continue
                cell = _text_cell(ws, WriteOnlyCell, v)
                if status is not None:
                    cell.fill, cell.font = styles[status]
                row.append(cell)
            else:
                # openpyxl writes 16 significant digits; a double needs up to 17 to
                # come back bit for bit, so such a number goes in as its repr
                exact = isinstance(v, float) and float("%.16g" % v) != v
                numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
                if not exact and not (fmt and numeric):
                    row.append(v)
                    continue
                cell = WriteOnlyCell(ws, repr(v) if exact else v)
                cell.data_type = "n"
                if fmt:
                    cell.number_format = fmt
                row.append(cell)
        ws.append(row)


def _text_cell(ws: Any, cell_type: Any, text: str) -> Any:
    """A cell that holds ``text`` as text, whatever it looks like."""
    cell = cell_type(ws, text)
    # openpyxl stores text that starts with "=" as a formula and text such as "#N/A"
    # as an error value: untrusted text must stay text.
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def _argb(colour: str) -> str:
    """"#2e7d32" -> "FF2E7D32" (openpyxl's opaque aRGB)."""
    return "FF" + colour.lstrip("#").upper()


def _save(wb: Any, path: PathLike, inputs: Sequence[PathLike]) -> Path:
    """Save to a new file in the target folder, then move it over the target,
    so that a failure never leaves a half-written workbook."""
    out = output_path(path, *inputs)
    if out.suffix.lower() != ".xlsx":
        raise ArgumentError(f"{out}: an Excel workbook needs the extension .xlsx (Excel refuses other names "
                            "for this format)")
    folder = out.parent
    if not folder.is_dir():
        raise ArgumentError(f"{out}: the folder {folder} does not exist")
    tmp = folder / f".{out.name}.{secrets.token_hex(6)}.tmp"
    try:
        # an exclusive create gives the file the user's usual permissions (umask)
        with open(tmp, "xb"):
            pass
        wb.save(tmp)
        os.replace(tmp, out)
    except OSError as e:
        with suppress(OSError):
            tmp.unlink()
        raise ArgumentError(f"{out}: cannot be written ({e.strerror or e})") from None
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    return out


def write_workbook(path: PathLike, sheets: Mapping[str, pd.DataFrame], *, lang: str = "sv",
                   inputs: Sequence[PathLike] = ()) -> Path:
    """Write tables to one Excel workbook, one sheet per table.

    Parameters
    ----------
    path : str or path-like
        The ``.xlsx`` file to write. It is written to a temporary file in the
        same folder first and then moved into place, so a failure leaves no
        half-written file.
    sheets : mapping of str to DataFrame
        Sheet name to table, in order. The names ``scores``, ``statuses``,
        ``trends``, ``activities``, ``funds`` and ``allocation`` get readable
        titles in ``lang`` (see :data:`SHEET_TITLES`); other names are used as
        given and must be valid Excel sheet names (at most 31 characters, none
        of ``[ ] : * ? / \\``). A named index is written as columns.
    lang : {"sv", "en"}
        Language of the headers and of the words in status, trend, arrow,
        kind, means and binding columns.
    inputs : sequence of path-like
        Files the tables were read from; ``path`` must not be one of them.

    Returns
    -------
    Path
        The written file.

    Notes
    -----
    Headers come from :data:`HEADERS` (other columns keep their name with
    ``_`` as a space). Numbers stay numbers; a missing value (NaN, None) is an
    empty cell, never 0. Columns of shares (``coverage``, ``rate``,
    ``share_*``, ``*_rate`` …) are formatted as percentages. Cells of status
    columns (``status``, ``computed_status``, ``*_status``) are filled with the
    report's colour of the goal, activity or grant status and show its word.
    Text is always stored as text, never as a formula: a cell that begins with
    ``= + - @`` is also marked so that Excel keeps it text when it is edited.

    Raises
    ------
    ArgumentError
        For a bad sheet name (naming it), a table that is not a DataFrame or
        does not fit in a sheet, text Excel cannot store (naming the sheet,
        row and column), an unknown language, or a path that would overwrite
        an input.
    """
    if not isinstance(lang, str) or lang not in HEADERS or lang not in report.LABELS:
        raise ArgumentError(f"write_workbook: unknown language {lang!r} (allowed: {', '.join(HEADERS)})")
    return _write(path, sheets, lang=lang, inputs=inputs)


def _write(path: PathLike, sheets: Mapping[str, pd.DataFrame], *, lang: Optional[str],
           inputs: Sequence[PathLike]) -> Path:
    if not isinstance(sheets, Mapping):
        raise ArgumentError(f"sheets: expected a mapping of sheet name to DataFrame, got {type(sheets).__name__}")
    if not sheets:
        raise ArgumentError("sheets: a workbook needs at least one sheet")
    output_path(path, *inputs)  # fail before any work
    titles = SHEET_TITLES.get(lang or "", {})
    seen: Dict[str, str] = {}
    plan = []
    for name, frame in sheets.items():
        title = _check_sheet_name(titles.get(name, name) if isinstance(name, str) else name, seen)
        plan.append((title, _prepare_frame(title, frame)))
    sheet_plans = [_plan_sheet(title, frame, lang=lang) for title, frame in plan]
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook(write_only=True)
    try:
        for sheet_plan in sheet_plans:
            _emit_sheet(wb, sheet_plan)
        return _save(wb, path, inputs)
    except BaseException:
        # close the sheets' streams (and their temporary files) that save did not get to
        for ws in wb.worksheets:
            with suppress(Exception):
                ws.close()
        raise


# -- tables of an evaluation and of a strategy -----------------------------------
SCORE_COLUMNS = ["unit", "node", "kind", "name", "period", "value", "target", "score", "coverage", "rank", "imputed"]
STATUS_COLUMNS = ["unit", "node", "kind", "name", "period", "status", "computed_status", "comment"]
TREND_COLUMNS = ["unit", "node", "name", "period", "value", "target", "trend", "trend_ratio", "arrow", "forecast"]


def evaluation_sheets(evaluation: Any, *, latest: bool = False, unit: Optional[str] = None
                      ) -> Dict[str, pd.DataFrame]:
    """The sheets ``scores``, ``statuses`` and ``trends`` of an evaluation.

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
        ``{"scores": …, "statuses": …, "trends": …}``, DataFrames with the
        columns of :data:`SCORE_COLUMNS`, :data:`STATUS_COLUMNS` and
        :data:`TREND_COLUMNS`; ``trends`` has indicators only.
    """
    if not hasattr(evaluation, "table"):
        raise ArgumentError(f"expected a styrkort.Evaluation, got {type(evaluation).__name__}")
    if unit is not None and unit not in evaluation.unit_ids:
        raise ArgumentError(f"evaluation_sheets: unknown unit {unit!r} (the units are "
                            f"{', '.join(map(str, evaluation.unit_ids))})")
    t = evaluation.table(latest=latest, unit=unit)
    measured = (t["value"].notna() | t["score"].notna() | (t["coverage"].fillna(0) > 0) | t["comment"].notna())
    t = t[measured.to_numpy()].reset_index(drop=True)
    indicators = t[(t["kind"] == "indicator").to_numpy() & t["value"].notna().to_numpy()]
    return {
        "scores": t[SCORE_COLUMNS].reset_index(drop=True),
        "statuses": t[STATUS_COLUMNS].reset_index(drop=True),
        "trends": indicators[TREND_COLUMNS].reset_index(drop=True),
    }


# The action plan's activities as a sheet: what the follow-up shows of each.
ACTIVITY_SHEET_COLUMNS = ["id", "name", "focus_area", "focus_area_name", "year", "owner", "unit", "means",
                          "directions", "status", "planned_cost", "spent_cost", "cost_deviation", "planned_hours",
                          "spent_hours", "hours_deviation", "gas_expected", "gas_attained", "gas_outcome",
                          "gas_weight"]


def result_sheets(evaluation: Any = None, *, follow_up: Any = None, funds: Any = None, allocation: Any = None,
                  latest: bool = False) -> Dict[str, pd.DataFrame]:
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


def write_strategy_excel(path: PathLike, strategy: Any, *, inputs: Sequence[PathLike] = ()) -> Path:
    """Write a strategy as a workbook that :func:`read_strategy_excel` reads
    back (sheets of :func:`strategy_sheets`, headers are the column ids).

    Parameters
    ----------
    path : str or path-like
        The ``.xlsx`` file.
    strategy : Strategy
    inputs : sequence of path-like
        Files that must not be overwritten.

    Returns
    -------
    Path
    """
    return _write(path, strategy_sheets(strategy), lang=None, inputs=inputs)


def write_measurements_excel(path: PathLike, measurements: Any, *, sheet: str = "measurements",
                             inputs: Sequence[PathLike] = ()) -> Path:
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


# -- reading ------------------------------------------------------------------
# A workbook larger than this when unpacked is refused (a zip bomb would
# otherwise exhaust memory or take hours).
MAX_UNPACKED_BYTES = 1 << 30


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Sheet:
    """A sheet read as a table: header names, letters and the data rows with
    their Excel row numbers."""

    def __init__(self, book: "_Book", name: str, header: List[str], rows: List[Tuple[int, List[Any]]]) -> None:
        self.book, self.name, self.header, self.rows = book, name, header, rows

    def letter(self, j: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(j + 1)

    def column_letter(self, column: str) -> Optional[str]:
        return self.letter(self.header.index(column)) if column in self.header else None

    def place(self, row: Optional[int] = None, column: Optional[str] = None) -> str:
        text = f"{self.book.path}, sheet '{self.name}'"
        if row is not None:
            text += f", row {row}"
        if column is not None:
            letter = self.column_letter(column)
            text += f", column {letter} ({column})" if letter else f", column {column} (not in the sheet)"
        return text


class _Book:
    """An open workbook (read-only, cached values); close it with ``with``."""

    def __init__(self, path: PathLike, error: type) -> None:
        self.path, self.error = Path(path), error
        self._check_file()
        openpyxl = _openpyxl()
        self._zip = zipfile.ZipFile(self.path)
        try:
            self._check_size()
            self._check_no_dtd()
            self.parts = self._sheet_parts()
            with warnings.catch_warnings():
                # openpyxl warns about features it drops (data validation, ...); we read values only
                warnings.simplefilter("ignore")
                self.wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True, keep_links=False)
        except self.error:
            self._zip.close()
            raise
        except Exception as e:  # openpyxl raises many kinds on a damaged file
            self._zip.close()
            raise self.error(f"{self.path}: not a valid Excel workbook ({type(e).__name__}: {e}); "
                             "open it in Excel or LibreOffice and save it as .xlsx") from None

    def __enter__(self) -> "_Book":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.wb.close()
        self._zip.close()

    def _check_file(self) -> None:
        p = self.path
        if not p.exists():
            raise self.error(f"{p}: no such file")
        if p.is_dir():
            raise self.error(f"{p}: is a directory, expected an Excel workbook (.xlsx)")
        try:
            with open(p, "rb") as f:
                magic = f.read(8)
        except OSError as e:
            raise self.error(f"{p}: cannot be read ({e.strerror})") from None
        if magic.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise self.error(f"{p}: is in the old Excel format (.xls); open it in Excel or LibreOffice and save it "
                             "as an Excel workbook (.xlsx)")
        if p.suffix.lower() not in (".xlsx", ".xlsm"):
            raise self.error(f"{p}: expected an Excel workbook with the extension .xlsx")
        if not zipfile.is_zipfile(p):
            what = "is empty" if not magic else "is not an Excel workbook (an .xlsx file is a zip archive; " \
                                                "this one is not: is it a CSV or text file renamed, or damaged?)"
            raise self.error(f"{p}: {what}; save it from Excel or LibreOffice as .xlsx")

    def _check_size(self) -> None:
        total = sum(i.file_size for i in self._zip.infolist())
        if total > MAX_UNPACKED_BYTES:
            raise self.error(f"{self.path}: unpacks to {total / (1 << 20):.0f} MiB, more than the "
                             f"{MAX_UNPACKED_BYTES >> 20} MiB read from a workbook; split it or use CSV")

    def _check_no_dtd(self) -> None:
        """Refuse document type declarations in any XML part. The package format
        (OPC, ECMA-376 part 2) does not allow them and Excel never writes them;
        refusing them keeps entity tricks away from whichever XML parser
        openpyxl uses (lxml, when installed, parses some parts)."""
        for info in self._zip.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            with self._zip.open(info) as f:
                head = f.read(_PROLOG_BYTES)
            if _declares_dtd(head):
                raise self.error(f"{self.path}: the part {info.filename} declares a DTD (<!DOCTYPE>), which Excel "
                                 "never writes and a workbook must not contain; the file is refused as unsafe")

    def _xml(self, part: str) -> ET.Element:
        try:
            return ET.fromstring(self._zip.read(part))
        except KeyError:
            raise self.error(f"{self.path}: not a valid Excel workbook (the part {part} is missing)") from None

    def _sheet_parts(self) -> Dict[str, str]:
        """Sheet name -> its XML part, following the package's relationships."""
        root = self._xml("_rels/.rels")
        target = next((r.get("Target", "") for r in root if r.get("Type", "").endswith("/officeDocument")), None)
        if not target:
            raise self.error(f"{self.path}: not a valid Excel workbook (no workbook part)")
        target = target.lstrip("/")
        folder, base = posixpath.split(target)
        rels = {r.get("Id"): r.get("Target", "") for r in self._xml(posixpath.join(folder, "_rels", base + ".rels"))}
        parts = {}
        for el in self._xml(target).iter():
            if _local(el.tag) != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            t = rels.get(rid, "")
            parts[el.get("name", "")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath(
                posixpath.join(folder, t))
        return parts

    def _scan(self, name: str) -> Tuple[List[str], Dict[str, str]]:
        """Merged ranges and formula cells without a saved result, from the
        sheet's XML (openpyxl's read-only mode shows neither)."""
        merged: List[str] = []
        uncalculated: Dict[str, str] = {}
        part = self.parts.get(name)
        if part is None or part not in self._zip.namelist():
            raise self.error(f"{self.path}: not a valid Excel workbook (sheet '{name}' has no data part)")
        with self._zip.open(part) as f:
            if not _may_hold_formulas_or_merges(f):
                return merged, uncalculated
        with self._zip.open(part) as f:
            for _, el in ET.iterparse(f, events=("end",)):
                tag = _local(el.tag)
                if tag == "c":
                    kids = {_local(k.tag): k for k in el}
                    if "f" in kids and "is" not in kids and (kids.get("v") is None or kids["v"].text is None):
                        uncalculated[el.get("r", "")] = kids["f"].text or ""
                elif tag == "row":
                    el.clear()
                elif tag == "mergeCell":
                    merged.append(el.get("ref", ""))
        return merged, uncalculated

    def names(self) -> List[str]:
        return list(self.wb.sheetnames)

    def find(self, name: str) -> Optional[str]:
        """The sheet called ``name`` (case and surrounding spaces ignored when unique)."""
        if name in self.wb.sheetnames:
            return name
        hits = [s for s in self.wb.sheetnames if s.strip().casefold() == name.casefold()]
        return hits[0] if len(hits) == 1 else None

    def sheet(self, name: str, *, what: str) -> _Sheet:
        found = self.find(name)
        if found is None:
            raise self.error(f"{self.path}: no sheet '{name}' ({what}); the workbook has the sheets "
                             f"{', '.join(repr(s) for s in self.names())}")
        return self.read(found)

    def read(self, name: str) -> _Sheet:
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

        where = f"{self.path}, sheet '{name}'"
        try:
            merged, uncalculated = self._scan(name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ws = self.wb[name]
                ws.reset_dimensions()  # do not trust the size the writing program recorded
                raw = [list(r) for r in ws.iter_rows(values_only=True)]
        except self.error:
            raise
        except Exception as e:  # damaged or hostile XML (expat refuses external entities and entity bombs)
            raise self.error(f"{where}: the sheet cannot be read ({type(e).__name__}: {e}); open the file in "
                             "Excel or LibreOffice and save it as .xlsx") from None
        if merged:
            more = f" (and {len(merged) - 1} more merged ranges)" if len(merged) > 1 else ""
            raise self.error(f"{where}: the cells {merged[0]} are merged{more}; a merged range leaves all but its "
                             "first cell empty, so unmerge the cells and fill in every value")
        if not raw or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw[0]):
            raise self.error(f"{where}, row 1: the header row is empty; row 1 must name the columns")
        header_cells = raw[0]
        while header_cells and _blank(header_cells[-1]):
            header_cells.pop()
        header: List[str] = []
        for j, h in enumerate(header_cells):
            col = get_column_letter(j + 1)
            if _blank(h):
                raise self.error(f"{where}, row 1, column {col}: the header cell is empty; name the column or "
                                 "delete it (merged header cells leave cells empty too)")
            h = (h if isinstance(h, str) else str(h)).strip()
            if h.casefold() in (x.casefold() for x in header):
                raise self.error(f"{where}, row 1, column {col}: the column {h!r} appears twice")
            header.append(h)
        width = len(header)
        for ref, formula in uncalculated.items():
            letters, r = coordinate_from_string(ref)
            j = column_index_from_string(letters) - 1
            col = f"column {letters}" + (f" ({header[j]})" if j < width else "")
            raise self.error(f"{where}, row {r}, {col}: the formula ={formula} has no saved result (the program "
                             "that wrote the file did not calculate it); open and save the file in Excel or "
                             "LibreOffice, or type the value")
        rows: List[Tuple[int, List[Any]]] = []
        for i, values in enumerate(raw[1:], start=2):
            extra = [j for j in range(width, len(values)) if not _blank(values[j])]
            if extra:
                raise self.error(f"{where}, row {i}, column {get_column_letter(extra[0] + 1)}: a value in a column "
                                 "without a header; name the column in row 1 or clear the cell")
            values = (values + [None] * width)[:width]
            for j, v in enumerate(values):
                if isinstance(v, str) and v in _EXCEL_ERRORS:
                    raise self.error(f"{where}, row {i}, column {get_column_letter(j + 1)} ({header[j]}): the cell "
                                     f"holds the Excel error {v}; correct the formula or clear the cell")
            rows.append((i, values))
        while rows and all(_blank(v) for v in rows[-1][1]):
            rows.pop()
        return _Sheet(self, name, header, rows)


# How much of an XML part's start is searched for a document type declaration:
# the prolog (declaration, comments, processing instructions) before the root.
_PROLOG_BYTES = 1 << 16
_PROLOG_SKIP = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _declares_dtd(head: bytes) -> bool:
    """Whether an XML part's prolog holds ``<!DOCTYPE`` (or cannot be told
    apart from one within its first bytes)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    pos = 0
    while True:
        m = _PROLOG_SKIP.match(text, pos)
        if not m:
            break
        pos = m.end()
    rest = text[pos:]
    if rest.startswith("<") and not rest.startswith(("<!", "<?")):
        return False  # the root element: no DTD before it
    return bool(rest) and (rest[:9].upper() == "<!DOCTYPE" or len(head) >= _PROLOG_BYTES or rest.startswith("<"))


# A formula element or a merged range, with or without a namespace prefix.
_SCAN_HINT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:f|mergeCell)[\s/>]")


def _may_hold_formulas_or_merges(f: Any) -> bool:
    """A quick byte search, so that the XML of a sheet of plain values is parsed only once."""
    tail = b""
    for chunk in iter(lambda: f.read(1 << 20), b""):
        buf = tail + chunk
        if _SCAN_HINT.search(buf):
            return True
        tail = buf[-64:]
    return False


_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _cell_type_error(sheet: _Sheet, row: int, column: str, v: Any, expected: str) -> Exception:
    what = ("TRUE/FALSE" if isinstance(v, bool) else "a date" if isinstance(v, (_dt.date, _dt.time, _dt.timedelta))
            else f"{v!r}")
    return sheet.book.error(f"{sheet.place(row, column)}: {what} is not {expected}; "
                            + ("format the cell as text and type the id (periods as 2020 or 2020-T1)"
                               if expected == "an id or a text" else "type a number, or leave the cell empty "
                               "for a missing value"))


def _as_number(sheet: _Sheet, row: int, column: str, v: Any) -> Optional[float]:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise _cell_type_error(sheet, row, column, v, "a number")
    if isinstance(v, str):
        text = v.strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        try:
            return float(text.replace(",", "."))  # Swedish spreadsheets write decimal commas
        except ValueError:
            raise _cell_type_error(sheet, row, column, v, "a number") from None
    return float(v)


def _as_text(sheet: _Sheet, row: int, column: str, v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _cell_type_error(sheet, row, column, v, "an id or a text")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # a period typed as 2018 may come back as 2018.0
    return str(v)


def _check_columns(sheet: _Sheet, allowed: Sequence[str], required: Sequence[str]) -> None:
    for j, c in enumerate(sheet.header):
        if c not in allowed:
            raise sheet.book.error(
                f"{sheet.place(1)}, column {sheet.letter(j)}: unknown column {c!r} (allowed: "
                f"{', '.join(allowed)})")
    for c in required:
        if c not in sheet.header:
            raise sheet.book.error(f"{sheet.place()}: missing column {c!r}; the sheet has the columns "
                                   f"{', '.join(repr(h) for h in sheet.header)}")


def _normalise_header(sheet: _Sheet) -> _Sheet:
    sheet.header = [h.casefold() for h in sheet.header]
    return sheet


# -- measurements -----------------------------------------------------------------
def read_measurements_excel(path: PathLike, sheet: str = "measurements") -> "Any":
    """Read measurements from a sheet laid out like the measurements table.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook.
    sheet : str
        The sheet: row 1 names the columns ``indicator``, ``unit`` (may be
        left out when the strategy has one unit), ``period``, ``value`` and
        optionally ``note``; one measurement per row below. An empty value
        cell is a missing observation, never 0. Ids and periods typed as
        numbers (2018) are read as text ("2018"); values written as text with
        a decimal comma ("12,5") are read as numbers.

    Returns
    -------
    Measurements
        Its source is ``"<file>, sheet '<sheet>'"`` and its rows are numbered
        as in Excel, so later errors (an unknown indicator) name the row.

    Raises
    ------
    MeasurementError
        Naming the file, sheet, row and column: no such file, not a workbook,
        a missing sheet or column, a cell of the wrong type, a formula with no
        saved result, merged cells, an empty header cell or an empty row
        between measurements.
    """
    from .measurements import REQUIRED, Measurements

    with _Book(path, MeasurementError) as book:
        table = _normalise_header(book.sheet(sheet, what="expected the measurements"))
    _check_columns(table, ["indicator", "unit", "period", "value", "note"], REQUIRED)
    rows = table.rows
    for r, values in rows:
        if all(_blank(v) for v in values):
            raise MeasurementError(f"{table.place(r)}: the row is empty; delete it so that the rows below keep "
                                   "their numbers in messages")
    data: Dict[str, list] = {}
    for j, c in enumerate(table.header):
        if c == "value":
            data[c] = [_as_number(table, r, c, v[j]) for r, v in rows]
        else:
            data[c] = [_as_text(table, r, c, v[j]) for r, v in rows]
    frame = pd.DataFrame({c: pd.Series(v, dtype="float64" if c == "value" else object) for c, v in data.items()})
    return Measurements(frame, source=table.place(), first_row=2)


# -- strategy -------------------------------------------------------------------------
_STRATEGY_TABLES: Dict[str, Tuple[set, Tuple[str, ...]]] = {
    "nodes": (_tables.NODE_COLUMNS, ("id", "kind")),
    "units": (_tables.UNIT_COLUMNS, ("id",)),
    "periods": ({"id", "time"}, ("id",)),
    "links": ({"child", "parent", "weight"}, ("child", "parent")),
    "activities": (_tables.ACTIVITY_COLUMNS, ("id",)),
    "assessments": (_tables.ASSESSMENT_COLUMNS, ("node", "period")),
}
# defaults.* keys whose values are text (the others are numbers)
_TEXT_KEYS = {"normalisation", "method", "model", "start", "horizon"}


def read_strategy_excel(path: PathLike) -> "Any":
    """Read a strategy from a workbook laid out like the tables of
    :meth:`Strategy.from_tables <styrkort.Strategy.from_tables>`.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook with the sheet ``nodes`` and optionally
        ``units``, ``periods``, ``links``, ``activities``, ``assessments`` (row
        1 names the columns, as the DataFrames' columns) and ``strategy``: two
        columns ``key`` and ``value`` with the rows ``name``, ``organisation``
        and ``defaults.<key>`` for the JSON ``defaults`` object, nested keys
        joined by dots (``defaults.node_status_rule.method`` = ``share_green``,
        ``defaults.node_status_rule.green`` = 0.5). A sheet with no data rows
        counts as absent.

    Returns
    -------
    Strategy

    Raises
    ------
    StrategyError
        Naming the file, sheet, row and column letter, for the file and sheet
        problems of :func:`read_measurements_excel` and for every rule of the
        strategy format (e.g. ``strategi.xlsx, sheet 'nodes', row 7, column D
        (direction): unknown value "upp"``).
    """
    from .strategy import Strategy

    tables: Dict[str, _Sheet] = {}
    with _Book(path, StrategyError) as book:
        tables["nodes"] = _normalise_header(book.sheet("nodes", what="every strategy needs its nodes"))
        for name in ("units", "periods", "links", "activities", "assessments", "strategy"):
            found = book.find(name)
            if found is not None:
                tables[name] = _normalise_header(book.read(found))
    frames: Dict[str, Optional[pd.DataFrame]] = {}
    for name, (allowed, required) in _STRATEGY_TABLES.items():
        sheet = tables.get(name)
        frames[name] = None if sheet is None else _strategy_frame(sheet, allowed, required)
    meta, defaults, key_rows = _strategy_meta(tables.get("strategy"))
    try:
        return Strategy.from_tables(frames.pop("nodes"), defaults=defaults, **meta, **frames)
    except StrategyError as e:
        raise StrategyError(_excel_place(str(e), tables, key_rows, Path(path))) from None


def _strategy_frame(sheet: _Sheet, allowed: set, required: Sequence[str]) -> Optional[pd.DataFrame]:
    _check_columns(sheet, sorted(allowed), required)
    numeric = _tables.NUMERIC | {"weight"}
    rows, labels = [], []
    for r, values in sheet.rows:
        if all(_blank(v) for v in values):
            continue  # the rows keep their Excel numbers as labels, so a gap does not shift messages
        rec = {}
        for c, v in zip(sheet.header, values):
            rec[c] = _as_number(sheet, r, c, v) if c in numeric else _as_text(sheet, r, c, v)
        rows.append(rec)
        labels.append(r)
    if not rows:
        return None
    return pd.DataFrame(rows, index=labels, columns=sheet.header, dtype=object)


def _strategy_meta(sheet: Optional[_Sheet]) -> Tuple[Dict[str, str], Optional[dict], Dict[str, int]]:
    meta: Dict[str, str] = {}
    defaults: Dict[str, Any] = {}
    key_rows: Dict[str, int] = {}
    if sheet is None:
        return meta, None, key_rows
    _check_columns(sheet, ["key", "value"], ["key", "value"])
    k_col, v_col = sheet.header.index("key"), sheet.header.index("value")
    for r, values in sheet.rows:
        key, value = _as_text(sheet, r, "key", values[k_col]), values[v_col]
        if key is None:
            if not _blank(value):
                raise StrategyError(f"{sheet.place(r, 'key')}: the key is empty; write name, organisation or "
                                    "defaults.<key>")
            continue
        if key in key_rows:
            raise StrategyError(f"{sheet.place(r, 'key')}: the key {key!r} appears twice (first in row "
                                f"{key_rows[key]})")
        key_rows[key] = r
        if key in ("name", "organisation"):
            meta[key] = _as_text(sheet, r, "value", value) or ""
        elif key == "format":
            text = _as_text(sheet, r, "value", value)
            if text != "styrkort-strategy/1":
                raise StrategyError(f"{sheet.place(r, 'value')}: unknown format {text!r}; expected "
                                    "styrkort-strategy/1")
        elif key.startswith("defaults.") and all(key.split(".")[1:]):
            parts = key.split(".")[1:]
            if parts[-1] in _TEXT_KEYS:
                v = _as_text(sheet, r, "value", value)
            else:
                v = _as_number(sheet, r, "value", value)
            if v is None:
                raise StrategyError(f"{sheet.place(r, 'value')}: the value of {key!r} is empty; fill it in or "
                                    "delete the row")
            node = defaults
            for p in parts[:-1]:
                node = node.setdefault(p, {})
                if not isinstance(node, dict):
                    raise StrategyError(f"{sheet.place(r, 'key')}: {key!r} conflicts with the row "
                                        f"{'.'.join(['defaults', *parts[:-1]])!r}")
            if parts[-1] in node:
                raise StrategyError(f"{sheet.place(r, 'key')}: {key!r} conflicts with another defaults row")
            node[parts[-1]] = v
        else:
            raise StrategyError(f"{sheet.place(r, 'key')}: unknown key {key!r} (allowed: name, organisation, "
                                "format, defaults.<key> such as defaults.aggregation.method)")
    return meta, (defaults or None), key_rows


# "nodes table, row 7, column 'band'[1]" as written by Strategy.from_tables
_TABLE_PLACE = re.compile(r"(nodes|units|periods|links|activities|assessments) table, row (\d+)"
                          r"(?:, column '([A-Za-z_]+)'((?:\[\d+\]|\.[A-Za-z_]+)*))?")
_DEFAULTS_PLACE = re.compile(r"(?:\$\.|^)defaults((?:\.[A-Za-z_]+)*)")


def _node_column(key: str, suffix: str, rest: str) -> str:
    """The nodes-sheet column behind a JSON key of a node."""
    sub = re.findall(r"\.([A-Za-z_]+)", suffix)
    last = sub[-1] if sub else ""
    index = re.findall(r"\[(\d+)\]", suffix)
    if key == "parents":
        return "weight" if last == "weight" else "parent"
    if key == "band":
        return "band_high" if index and index[0] == "1" else "band_low"
    if key in ("baseline", "target"):
        return f"{key}_period" if last == "period" or (not last and "period" in rest) else f"{key}_value"
    if key == "bounds":
        return last if last in ("worst", "best") else ("best" if "best" in rest else "worst")
    if key == "aggregation":
        return "p" if last == "p" else "aggregation"
    if key == "impute":
        return "impute_min_indicator_coverage" if last == "min_indicator_coverage" else "impute"
    if key == "status_rule":
        return f"status_{last}" if last in ("green", "yellow", "orange", "red") else "status_rule"
    if key == "trend":
        return f"trend_{last}" if last in ("model", "start", "horizon") else "trend_model"
    if key == "gas":  # an activity's Goal Attainment Scaling levels
        return f"gas_{last}" if last in ("attained", "weight") else "gas_expected"
    return key


def _excel_place(message: str, tables: Mapping[str, _Sheet], key_rows: Mapping[str, int], path: Path) -> str:
    """Rewrite the places of a from_tables error as file, sheet, row and column letter."""
    links = tables.get("links")

    def table_place(m: "re.Match[str]") -> str:
        table, row, key, suffix = m.group(1), int(m.group(2)), m.group(3), m.group(4) or ""
        sheet = tables.get(table)
        if sheet is None:
            return m.group(0)
        if key is None:
            return sheet.place(row)
        column = key
        rest = message[m.end():]
        if table == "nodes":
            column = _node_column(key, suffix, rest)
            if key == "parents" and links is not None:
                k = int((re.findall(r"\[(\d+)\]", suffix) or ["0"])[0])
                link_row = _link_row(sheet, row, k, links)
                if link_row is not None:
                    return links.place(link_row, column)
        elif table == "activities" and key == "gas":
            column = _node_column(key, suffix, rest)
        return sheet.place(row, column)

    def defaults_place(m: "re.Match[str]") -> str:
        sheet = tables.get("strategy")
        full = "defaults" + m.group(1)
        if sheet is None:
            return m.group(0)
        unknown = re.match(r': unknown key "([^"]+)"', m.string[m.end():])
        if unknown:
            full += "." + unknown.group(1)
        # the row of the key itself, else the first row below it (e.g. the method of a rule that lacks a threshold)
        rows = sorted(r for k, r in key_rows.items() if k == full or k.startswith(full + "."))
        if not rows:
            return f"{sheet.place()} ({full})"
        return f"{sheet.place(rows[0], 'key' if unknown else 'value')} ({full})"

    text = message[len("tables: "):] if message.startswith("tables: ") else message
    text = _TABLE_PLACE.sub(table_place, text)
    text = _DEFAULTS_PLACE.sub(defaults_place, text)
    return text if text.startswith(str(path)) else f"{path}: {text}"


def _link_row(nodes: _Sheet, row: int, k: int, links: _Sheet) -> Optional[int]:
    """The links-sheet row of a node's k-th parent link: from_tables puts the
    parents of the node's own ``parent`` cell first, then its links rows in order."""
    j = nodes.header.index("parent") if "parent" in nodes.header else None
    for r, values in nodes.rows:
        if r == row:
            own = 0 if j is None or _blank(values[j]) else len([p for p in str(values[j]).split(";") if p.strip()])
            child = _as_text(nodes, r, "id", values[nodes.header.index("id")])
            break
    else:
        return None
    if k < own:
        return None
    c = links.header.index("child")
    hits = [r for r, values in links.rows if _as_text(links, r, "child", values[c]) == child]
    return hits[k - own] if k - own < len(hits) else None
