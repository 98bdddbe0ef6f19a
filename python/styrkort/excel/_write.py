"""Writing workbooks: one sheet per table, headers, formats, coloured status
cells, text never a formula, written atomically."""

from __future__ import annotations

import datetime as _dt
import math
import re
from contextlib import suppress
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from .._display.words import REPORT, TEMPLATE
from .._io import PathLike, output_path, replacing
from .._optional import require
from ..errors import ArgumentError
from ._words import (
    _EXCEL_ERRORS,
    HEADERS,
    SHEET_TITLES,
    _header,
    _is_status_column,
    _number_format,
    _status_colours,
    _words,
)

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
        raise ArgumentError(
            f"sheet {name!r}: expected a pandas DataFrame (or a result with a .table), got {type(frame).__name__}"
        )
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()  # a named index is data (e.g. the request ids of a score table)
    if len(frame) + 1 > _MAX_ROWS:
        raise ArgumentError(
            f"sheet {name!r}: {len(frame)} rows do not fit in an Excel sheet "
            f"(at most {_MAX_ROWS - 1} below the header); split the table or write CSV"
        )
    if frame.shape[1] > _MAX_COLUMNS:
        raise ArgumentError(
            f"sheet {name!r}: {frame.shape[1]} columns do not fit in an Excel sheet (at most {_MAX_COLUMNS})"
        )
    return frame


class _SheetPlan:
    """A table turned into checked cell values, before anything is written."""

    def __init__(
        self,
        title: str,
        headers: List[str],
        widths: List[int],
        formats: List[Optional[str]],
        columns: List[List[Tuple[Any, Optional[str]]]],
        n_rows: int,
    ) -> None:
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

        rule = (
            f"the text contains the control character U+{ord(bad.group()):04X}, which Excel cannot store; remove it"
            if bad
            else f"the text has {len(text)} characters; an Excel cell holds at most {_MAX_TEXT}"
        )
        raise ArgumentError(f"sheet {title!r}, row {row}, column {get_column_letter(j + 1)} ({name}): {rule}")


def _emit_sheet(
    wb: Any, plan: _SheetPlan, lists: Optional[Mapping[str, Sequence[str]]] = None, list_lang: str = "en"
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(plan.title)
    for column, words in (lists or {}).items():
        if column in plan.headers:
            letter = get_column_letter(plan.headers.index(column) + 1)
            ws.data_validations.append(_drop_down(letter, words, list_lang))
    styles = {
        k: (PatternFill(fill_type="solid", start_color=_argb(bg), end_color=_argb(bg)), Font(color=_argb(fg)))
        for k, (bg, fg) in _status_colours().items()
    }
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


# Excel keeps a drop-down's list written in the rule itself to 255 characters.
_MAX_LIST = 255


def _drop_down(letter: str, words: Sequence[str], lang: str) -> Any:
    """A data-validation rule for a whole column below its header: one of
    ``words`` from a drop-down list, an empty cell allowed, any other text
    refused with a message (in ``lang``) that lists the words."""
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = ",".join(words)
    if len(listed) + 2 > _MAX_LIST or any("," in w or '"' in w for w in words):
        raise ArgumentError(f"a drop-down list of {listed!r} does not fit in an Excel rule (255 characters, no commas)")
    T = TEMPLATE[lang]
    rule = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=T["list_title"],
        error=T["list_error"].format(words=", ".join(words)),
    )
    rule.add(f"{letter}2:{letter}{_MAX_ROWS}")
    return rule


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
    """The aRGB openpyxl wants: "#2e7d32" -> "FF2E7D32" (opaque)."""
    return "FF" + colour.lstrip("#").upper()


def _save(wb: Any, path: PathLike, inputs: Sequence[PathLike]) -> Path:
    """Save to a new file in the target folder, then move it over the target,
    so that a failure never leaves a half-written workbook."""
    out = output_path(path, *inputs)
    if out.suffix.lower() != ".xlsx":
        raise ArgumentError(
            f"{out}: an Excel workbook needs the extension .xlsx (Excel refuses other names for this format)"
        )
    with replacing(out) as tmp:
        wb.save(tmp)
    return out


def write_workbook(
    path: PathLike, sheets: Mapping[str, pd.DataFrame], *, lang: str = "sv", inputs: Sequence[PathLike] = ()
) -> Path:
    r"""Write tables to one Excel workbook, one sheet per table.

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
        of ``[ ] : * ? / \``). A named index is written as columns.
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
    if not isinstance(lang, str) or lang not in HEADERS or lang not in REPORT:
        raise ArgumentError(f"write_workbook: unknown language {lang!r} (allowed: {', '.join(HEADERS)})")
    return _write(path, sheets, lang=lang, inputs=inputs)


def _write(
    path: PathLike,
    sheets: Mapping[str, pd.DataFrame],
    *,
    lang: Optional[str],
    inputs: Sequence[PathLike],
    lists: Optional[Mapping[str, Mapping[str, Sequence[str]]]] = None,
    list_lang: str = "en",
) -> Path:
    """Write ``sheets``; ``lists`` gives sheet → column → the words of a
    drop-down on that column (messages in ``list_lang``)."""
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
    names = list(sheets)
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook(write_only=True)
    try:
        for name, sheet_plan in zip(names, sheet_plans):
            _emit_sheet(wb, sheet_plan, (lists or {}).get(name), list_lang)
        return _save(wb, path, inputs)
    except BaseException:
        # close the sheets' streams (and their temporary files) that save did not get to
        for ws in wb.worksheets:
            with suppress(Exception):
                ws.close()
        raise
