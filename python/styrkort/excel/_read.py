"""Reading measurements and strategies from workbooks, with errors naming the
file, sheet, row and column; untrusted files run no code and fetch nothing."""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type

import pandas as pd

from .. import _tables
from .._io import PathLike
from ..errors import MeasurementError, StrategyError
from ._words import _EXCEL_ERRORS, _spelling, enumeration_codes, enumerations
from ._write import _openpyxl

# -- reading ------------------------------------------------------------------
# A workbook larger than this when unpacked is refused (a zip bomb would
# otherwise exhaust memory or take hours).
MAX_UNPACKED_BYTES = 1 << 30
# A sheet is read row by row and refused, as soon as it is seen, when it holds
# more than MAX_SHEET_CELLS cells: the cells in its XML, or its rows times the
# columns they reach (a row is as wide as its last cell, so one formatted cell
# in column XFD makes a row 16,384 cells wide). That is 16 columns of Excel's
# 1,048,576 rows; memory stays bounded (a few hundred MiB at most).
MAX_SHEET_CELLS = 1 << 24
# Every other part of the workbook (the table of its texts, xl/sharedStrings.xml,
# the styles, the workbook part) openpyxl parses whole, in Python: a text table
# of 32 MiB took 14 s and 280 MB. A part larger than MAX_PART_BYTES unpacked is
# refused before it is parsed (a million measurements with a note of 50
# characters each fit in it).
MAX_PART_BYTES = 64 << 20
# Excel's own limits: rows in a sheet and characters in a cell.
MAX_SHEET_ROWS = 1 << 20
MAX_CELL_CHARACTERS = 32767


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

    def __init__(self, path: PathLike, error: Type[Exception]) -> None:
        self.path, self.error = Path(path), error
        self._check_file()
        openpyxl = _openpyxl()
        try:
            self._zip = zipfile.ZipFile(self.path)
        except Exception as e:  # a damaged central directory that zipfile.is_zipfile let pass
            raise self.error(
                f"{self.path}: not a valid Excel workbook ({type(e).__name__}: {e}); "
                "open it in Excel or LibreOffice and save it as .xlsx"
            ) from None
        try:
            self._check_size()
            self._check_no_dtd()
            self.parts = self._sheet_parts()
            self._check_parts()
            with warnings.catch_warnings():
                # openpyxl warns about features it drops (data validation, ...); we read values only
                warnings.simplefilter("ignore")
                self.wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True, keep_links=False)
        except self.error:
            self._zip.close()
            raise
        except Exception as e:  # openpyxl raises many kinds on a damaged file
            self._zip.close()
            raise self.error(
                f"{self.path}: not a valid Excel workbook ({type(e).__name__}: {e}); "
                "open it in Excel or LibreOffice and save it as .xlsx"
            ) from None

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
            raise self.error(
                f"{p}: is in the old Excel format (.xls); open it in Excel or LibreOffice and save it "
                "as an Excel workbook (.xlsx)"
            )
        if p.suffix.lower() not in (".xlsx", ".xlsm"):
            raise self.error(f"{p}: expected an Excel workbook with the extension .xlsx")
        if not zipfile.is_zipfile(p):
            what = (
                "is empty"
                if not magic
                else "is not an Excel workbook (an .xlsx file is a zip archive; "
                "this one is not: is it a CSV or text file renamed, or damaged?)"
            )
            raise self.error(f"{p}: {what}; save it from Excel or LibreOffice as .xlsx")

    def _check_size(self) -> None:
        total = sum(i.file_size for i in self._zip.infolist())
        if total > MAX_UNPACKED_BYTES:
            raise self.error(
                f"{self.path}: unpacks to {total / (1 << 20):.0f} MiB, more than the "
                f"{MAX_UNPACKED_BYTES >> 20} MiB read from a workbook; split it or use CSV"
            )

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
                raise self.error(
                    f"{self.path}: the part {info.filename} declares a DTD (<!DOCTYPE>), which Excel "
                    "never writes and a workbook must not contain; the file is refused as unsafe"
                )

    def _check_part(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > MAX_PART_BYTES:
            raise self.error(
                f"{self.path}: the part {info.filename} unpacks to {info.file_size / (1 << 20):.1f} MiB, more than "
                f"the {MAX_PART_BYTES >> 20} MiB read whole from a workbook (all but its sheets are); save the "
                "table as CSV"
            )

    def _check_parts(self) -> None:
        """Refuse a part read whole (every one but the sheets) beyond MAX_PART_BYTES."""
        sheets = set(self.parts.values())
        for info in self._zip.infolist():
            if info.filename not in sheets:
                self._check_part(info)

    def _xml(self, part: str) -> ET.Element:
        try:
            self._check_part(self._zip.getinfo(part))
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
            parts[el.get("name", "")] = (
                t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(folder, t))
            )
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
            cells, hint = _count_cells(f)
        if cells > MAX_SHEET_CELLS:
            raise self.error(
                f"{self.path}, sheet '{name}': {cells:,} cells, more than the {MAX_SHEET_CELLS:,} read from "
                "a sheet; delete the cells outside the table (also empty formatted ones) or save the "
                "table as CSV"
            )
        if not hint:
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

    def _rows(self, ws: Any, where: str) -> List[List[Any]]:
        """The sheet's rows from row 1, read one at a time, with trailing empty
        cells dropped; refused as soon as they pass the limits."""
        from openpyxl.utils import get_column_letter

        out: List[List[Any]] = []
        used = 0
        for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if i > MAX_SHEET_ROWS:
                raise self.error(f"{where}: more than {MAX_SHEET_ROWS:,} rows, Excel's limit; save the table as CSV")
            used += max(len(values), 1)
            if used > MAX_SHEET_CELLS:
                raise self.error(
                    f"{where}: rows 1 to {i} reach {used:,} cells (rows times the columns up to each row's "
                    f"last cell; row {i} reaches column {get_column_letter(len(values))}), more than the "
                    f"{MAX_SHEET_CELLS:,} read from a sheet; delete the rows and columns outside the table "
                    "(also empty formatted cells) or save the table as CSV"
                )
            n = len(values)
            while n and values[n - 1] is None:
                n -= 1
            out.append(list(values[:n]))
        return out

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
            raise self.error(
                f"{self.path}: no sheet '{name}' ({what}); the workbook has the sheets "
                f"{', '.join(repr(s) for s in self.names())}"
            )
        return self.read(found)

    def read(self, name: str) -> _Sheet:
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        where = f"{self.path}, sheet '{name}'"
        try:
            merged, uncalculated = self._scan(name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ws = self.wb[name]
                ws.reset_dimensions()  # do not trust the size the writing program recorded
                raw = self._rows(ws, where)
        except self.error:
            raise
        except Exception as e:  # damaged or hostile XML (expat refuses external entities and entity bombs)
            raise self.error(
                f"{where}: the sheet cannot be read ({type(e).__name__}: {e}); open the file in "
                "Excel or LibreOffice and save it as .xlsx"
            ) from None
        if merged:
            more = f" (and {len(merged) - 1} more merged ranges)" if len(merged) > 1 else ""
            raise self.error(
                f"{where}: the cells {merged[0]} are merged{more}; a merged range leaves all but its "
                "first cell empty, so unmerge the cells and fill in every value"
            )
        if not raw or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw[0]):
            raise self.error(f"{where}, row 1: the header row is empty; row 1 must name the columns")
        header_cells = raw[0]
        while header_cells and _blank(header_cells[-1]):
            header_cells.pop()
        header: List[str] = []
        for j, h in enumerate(header_cells):
            col = get_column_letter(j + 1)
            _check_length(self.error, f"{where}, row 1, column {col}", h)
            if _blank(h):
                raise self.error(
                    f"{where}, row 1, column {col}: the header cell is empty; name the column or "
                    "delete it (merged header cells leave cells empty too)"
                )
            h = (h if isinstance(h, str) else str(h)).strip()
            if h.casefold() in (x.casefold() for x in header):
                raise self.error(f"{where}, row 1, column {col}: the column {h!r} appears twice")
            header.append(h)
        width = len(header)
        for ref, formula in uncalculated.items():
            letters, r = coordinate_from_string(ref)
            j = column_index_from_string(letters) - 1
            col = f"column {letters}" + (f" ({header[j]})" if j < width else "")
            raise self.error(
                f"{where}, row {r}, {col}: the formula ={formula} has no saved result (the program "
                "that wrote the file did not calculate it); open and save the file in Excel or "
                "LibreOffice, or type the value"
            )
        rows: List[Tuple[int, List[Any]]] = []
        for i, values in enumerate(raw[1:], start=2):
            extra = [j for j in range(width, len(values)) if not _blank(values[j])]
            if extra:
                raise self.error(
                    f"{where}, row {i}, column {get_column_letter(extra[0] + 1)}: a value in a column "
                    "without a header; name the column in row 1 or clear the cell"
                )
            values = (values + [None] * width)[:width]
            for j, v in enumerate(values):
                _check_length(self.error, f"{where}, row {i}, column {get_column_letter(j + 1)} ({header[j]})", v)
                if isinstance(v, str) and v in _EXCEL_ERRORS:
                    raise self.error(
                        f"{where}, row {i}, column {get_column_letter(j + 1)} ({header[j]}): the cell "
                        f"holds the Excel error {v}; correct the formula or clear the cell"
                    )
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


# The start of a cell element, with or without a namespace prefix.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _count_cells(f: Any) -> Tuple[int, bool]:
    """A quick byte search of a sheet's XML: how many cell elements it has, and
    whether it may hold formulas or merged ranges (so that the XML of a sheet of
    plain values is parsed only once). Stops counting past the cell limit."""
    tail, cells, hint = b"", 0, False
    for chunk in iter(lambda: f.read(1 << 20), b""):
        buf = tail + chunk
        cut = buf.rfind(b"<")  # a tag cut at the chunk's end is counted with the next chunk
        cut = len(buf) if cut < 0 else cut
        cells += len(_CELL_TAG.findall(buf, 0, cut))
        hint = hint or bool(_SCAN_HINT.search(buf))
        tail = buf[cut:]
        if cells > MAX_SHEET_CELLS:
            return cells, hint
    return cells + len(_CELL_TAG.findall(tail)), hint


def _check_length(error: Type[Exception], place: str, v: Any) -> None:
    if isinstance(v, str) and len(v) > MAX_CELL_CHARACTERS:
        raise error(
            f"{place}: a text of {len(v):,} characters, more than the {MAX_CELL_CHARACTERS:,} a cell holds in Excel"
        )


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _cell_type_error(sheet: _Sheet, row: int, column: str, v: Any, expected: str) -> Exception:
    what = (
        "TRUE/FALSE"
        if isinstance(v, bool)
        else "a date"
        if isinstance(v, (_dt.date, _dt.time, _dt.timedelta))
        else f"{v!r}"
    )
    return sheet.book.error(
        f"{sheet.place(row, column)}: {what} is not {expected}; "
        + (
            "format the cell as text and type the id (periods as 2020 or 2020-T1)"
            if expected == "an id or a text"
            else "type a number, or leave the cell empty for a missing value"
        )
    )


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
                f"{sheet.place(1)}, column {sheet.letter(j)}: unknown column {c!r} (allowed: {', '.join(allowed)})"
            )
    for c in required:
        if c not in sheet.header:
            raise sheet.book.error(
                f"{sheet.place()}: missing column {c!r}; the sheet has the columns "
                f"{', '.join(repr(h) for h in sheet.header)}"
            )


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
    from ..measurements import REQUIRED, Measurements

    with _Book(path, MeasurementError) as book:
        table = _normalise_header(book.sheet(sheet, what="expected the measurements"))
    _check_columns(table, ["indicator", "unit", "period", "value", "note"], REQUIRED)
    rows = table.rows
    for r, values in rows:
        if all(_blank(v) for v in values):
            raise MeasurementError(
                f"{table.place(r)}: the row is empty; delete it so that the rows below keep their numbers in messages"
            )
    data: Dict[str, list] = {}
    for j, c in enumerate(table.header):
        if c == "value":
            data[c] = [_as_number(table, r, c, v[j]) for r, v in rows]
        else:
            data[c] = [_as_text(table, r, c, v[j]) for r, v in rows]
    frame = pd.DataFrame({c: pd.Series(v, dtype="float64" if c == "value" else object) for c, v in data.items()})
    return Measurements(frame, source=table.place(), first_row=2)


# -- strategy -------------------------------------------------------------------------
# defaults.* keys whose values are text (the others are numbers)
_TEXT_KEYS = {"normalisation", "method", "model", "start", "horizon"}


def read_strategy_excel(path: PathLike) -> "Any":
    """Read a strategy from a workbook laid out like the tables of
    :meth:`Strategy.from_tables <styrkort.Strategy.from_tables>`.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook with the sheet ``nodes`` and optionally
        ``units``, ``periods``, ``links``, ``activities``, ``assessments``, ``targets`` (row
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
    from ..strategy import Strategy

    tables: Dict[str, _Sheet] = {}
    with _Book(path, StrategyError) as book:
        tables["nodes"] = _normalise_header(book.sheet("nodes", what="every strategy needs its nodes"))
        for name in ("units", "periods", "links", "activities", "assessments", "targets", "strategy"):
            found = book.find(name)
            if found is not None:
                tables[name] = _normalise_header(book.read(found))
    frames: Dict[str, Optional[pd.DataFrame]] = {}
    for name, (fields, required) in _tables.TABLES.items():
        sheet = tables.get(name)
        frames[name] = None if sheet is None else _strategy_frame(name, sheet, [f.column for f in fields], required)
    meta, defaults, key_rows = _strategy_meta(tables.get("strategy"))
    try:
        return Strategy.from_tables(
            frames["nodes"],
            units=frames["units"],
            periods=frames["periods"],  # type: ignore[arg-type]
            links=frames["links"],
            activities=frames["activities"],
            assessments=frames["assessments"],
            targets=frames["targets"],
            defaults=defaults,
            **meta,
        )
    except StrategyError as e:
        raise _excel_error(e, tables, key_rows, Path(path)) from None


def _strategy_frame(
    table: str, sheet: _Sheet, allowed: Sequence[str], required: Sequence[str]
) -> Optional[pd.DataFrame]:
    _check_columns(sheet, sorted(allowed), required)
    numeric = _tables.NUMERIC
    codes = {column: known for (t, column), known in enumeration_codes().items() if t == table}
    rows, labels = [], []
    for r, values in sheet.rows:
        if all(_blank(v) for v in values):
            continue  # the rows keep their Excel numbers as labels, so a gap does not shift messages
        rec = {}
        for c, v in zip(sheet.header, values):
            rec[c] = _as_number(sheet, r, c, v) if c in numeric else _as_text(sheet, r, c, v)
            text = rec[c]
            if c in codes and isinstance(text, str):
                rec[c] = _as_code(sheet, r, c, text, table, codes[c])
        rows.append(rec)
        labels.append(r)
    if not rows:
        return None
    return pd.DataFrame(rows, index=labels, columns=sheet.header, dtype=object)


def _as_code(sheet: _Sheet, row: int, column: str, text: str, table: str, known: Mapping[str, str]) -> str:
    """The format's code of a cell of an enumerated column: the code itself or the
    Swedish or English word the Excel output shows for it, in any case."""
    code = known.get(_spelling(text))
    if code is None:
        words = enumerations("sv")[(table, column)]
        raise sheet.book.error(
            f'{sheet.place(row, column)}: unknown value "{text}" (allowed: {", ".join(words.values())}; '
            f"or the codes {', '.join(words)}, or the English words "
            f"{', '.join(enumerations('en')[(table, column)].values())})"
        )
    return code


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
                raise StrategyError(
                    f"{sheet.place(r, 'key')}: the key is empty; write name, organisation or defaults.<key>"
                )
            continue
        if key in key_rows:
            raise StrategyError(
                f"{sheet.place(r, 'key')}: the key {key!r} appears twice (first in row {key_rows[key]})"
            )
        key_rows[key] = r
        if key in ("name", "organisation"):
            meta[key] = _as_text(sheet, r, "value", value) or ""
        elif key == "format":
            text = _as_text(sheet, r, "value", value)
            if text != "styrkort-strategy/1":
                raise StrategyError(f"{sheet.place(r, 'value')}: unknown format {text!r}; expected styrkort-strategy/1")
        elif key.startswith("defaults.") and all(key.split(".")[1:]):
            parts = key.split(".")[1:]
            v: Any
            if parts[-1] in _TEXT_KEYS:
                v = _as_text(sheet, r, "value", value)
            else:
                v = _as_number(sheet, r, "value", value)
            if v is None:
                raise StrategyError(
                    f"{sheet.place(r, 'value')}: the value of {key!r} is empty; fill it in or delete the row"
                )
            node = defaults
            for p in parts[:-1]:
                node = node.setdefault(p, {})
                if not isinstance(node, dict):
                    raise StrategyError(
                        f"{sheet.place(r, 'key')}: {key!r} conflicts with the row "
                        f"{'.'.join(['defaults', *parts[:-1]])!r}"
                    )
            if parts[-1] in node:
                raise StrategyError(f"{sheet.place(r, 'key')}: {key!r} conflicts with another defaults row")
            node[parts[-1]] = v
        else:
            raise StrategyError(
                f"{sheet.place(r, 'key')}: unknown key {key!r} (allowed: name, organisation, "
                "format, defaults.<key> such as defaults.aggregation.method)"
            )
    return meta, (defaults or None), key_rows


def _excel_error(
    e: StrategyError, sheets: Mapping[str, _Sheet], key_rows: Mapping[str, int], path: Path
) -> StrategyError:
    """An error of a strategy read from a workbook, at its file, sheet, row and
    column letter: from the table row and column the error names (the data
    frames keep the sheets' row numbers as labels), or for the JSON
    ``defaults`` from the ``strategy`` sheet's row of the key."""
    rule = e.rule or str(e)
    sheet = sheets.get(e.table) if e.table else None
    if sheet is not None:
        place = sheet.place(e.row if isinstance(e.row, int) else None, e.column)
    elif e.path and e.path.startswith("$.defaults") and "strategy" in sheets:
        full = "defaults" + e.path[len("$.defaults") :] + (f".{e.key}" if e.key else "")
        # the row of the key itself, else the first row below it (e.g. the method of a rule that lacks a threshold)
        rows = sorted(r for k, r in key_rows.items() if k == full or k.startswith(full + "."))
        strategy = sheets["strategy"]
        place = f"{strategy.place(rows[0], 'key' if e.key else 'value') if rows else strategy.place()} ({full})"
    else:
        place = f"{path}" + (f": {e.path}" if e.path else "")
    return StrategyError(
        f"{place}: {rule}",
        source=str(path),
        path=e.path,
        key=e.key,
        table=e.table,
        row=e.row,
        column=e.column,
        rule=rule,
    )
