"""Stratsys-style exports: one row per value (date; unit code; measure code;
measure column code; value) to measurements.

A measure in Stratsys has columns (outcome, target, ...); the pair (measure
code, measure column code) names one series, and the id mapping says which
strategy indicator it is. Files are CSV as Swedish Excel writes them
(semicolons, decimal commas) or plain comma-separated CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pandas as pd

from ._io import PathLike, read_text, refuse_absurd_lines
from ._mapping import ImportLog, IndicatorMapping, MappingSpec, UnitMapping, finish
from .errors import ArgumentError, MeasurementError
from .measurements import Measurements

__all__ = ["read_stratsys", "HEADERS", "PERIOD_KINDS"]

# Accepted header names per field (compared case-insensitively, with "_" and
# "-" read as spaces). The note column is optional.
HEADERS: Dict[str, Tuple[str, ...]] = {
    "date": ("datum", "date"),
    "unit": ("enhetskod", "unit code"),
    "measure": ("måttkod", "measure code"),
    "column": ("måttkolumnkod", "measure column code"),
    "value": ("värde", "value"),
    "note": ("kommentar", "comment", "note"),
}
REQUIRED = ("date", "unit", "measure", "column", "value")
PERIOD_KINDS = ("year", "half_year", "tertial", "quarter", "month")

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$")  # "1 234,5": Swedish digit groups


def _norm(name: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[_-]", " ", str(name))).strip().casefold()


_FIELD_OF = {name: field for field, names in HEADERS.items() for name in names}


def _columns(header: List[Any], at: str) -> Dict[str, int]:
    """Field to column position; unknown columns (names, descriptions) are ignored."""
    pos: Dict[str, int] = {}
    for i, h in enumerate(header):
        field = _FIELD_OF.get(_norm(h))
        if field is None:
            continue
        if field in pos:
            raise MeasurementError(f"{at}: columns {header[pos[field]]!r} and {h!r} both give the {field}; keep one")
        pos[field] = i
    missing = [f for f in REQUIRED if f not in pos]
    if missing:
        want = "; ".join(h[0].capitalize() for h in (HEADERS[f] for f in REQUIRED))
        want_en = "; ".join(HEADERS[f][1] for f in REQUIRED)
        raise MeasurementError(
            f"{at}: no column for the {missing[0]} (expected {' or '.join(repr(n) for n in HEADERS[missing[0]])}); "
            f"the header must name {want} (or in English {want_en}); got {'; '.join(map(str, header))}"
        )
    return pos


def _code(x: Any, place: str) -> str:
    if isinstance(x, bool):
        raise MeasurementError(f"{place}: expected a code, got {x!r}")
    if isinstance(x, float) and x.is_integer():
        x = int(x)  # a DataFrame read without dtype=str turns code 12 into 12.0
    if x is None or (isinstance(x, float) and math.isnan(x)) or not str(x).strip():
        raise MeasurementError(
            f"{place}: the cell is empty; every row needs a date, unit code, measure code and measure column code"
        )
    return str(x).strip()


def _value(x: Any, place: str, sep: str) -> float:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return math.nan
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        v = float(x)
    else:
        text = str(x).strip().replace("\u2212", "-")
        if not text:
            return math.nan  # an empty cell is a missing value, never a zero
        if _GROUPED.match(text):
            text = re.sub(r"[ \u00a0\u202f]", "", text)
        if not _NUMBER.match(text):
            raise MeasurementError(
                f"{place}: {x!r} is not a number; write a number (decimal comma or point), or "
                "leave the cell empty for a missing value"
            )
        if "," in text:
            if sep == ",":
                raise MeasurementError(
                    f"{place}: {x!r} has a decimal comma in a comma-separated file, which is "
                    "ambiguous; use a decimal point, or semicolons between columns"
                )
            text = text.replace(",", ".")
        v = float(text)
    if not math.isfinite(v):
        raise MeasurementError(f"{place}: {x!r}: the value must be finite")
    return v


def _month(x: Any, place: str, kind: str) -> Tuple[int, Optional[int]]:
    """(year, month) of a date cell; month is None for a bare year."""
    if isinstance(x, (dt.date, pd.Timestamp)) and not (isinstance(x, pd.Timestamp) and pd.isna(x)):
        return x.year, x.month
    if isinstance(x, int) and not isinstance(x, bool):
        x = str(x)
    text = "" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x).strip()
    m = _DATE.match(text)
    if not m:
        raise MeasurementError(f"{place}: {x!r} is not a date; write it as YYYY-MM-DD (e.g. 2023-12-31)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if mo is None:
        if kind != "year":
            raise MeasurementError(f"{place}: {x!r} has no month, which period={kind!r} needs; write YYYY-MM-DD")
        return y, None
    try:
        dt.date(y, int(mo), int(d) if d else 1)
    except ValueError:
        raise MeasurementError(f"{place}: {x!r} is not a valid date") from None
    return y, int(mo)


def period_of(year: int, month: Optional[int], kind: str) -> str:
    """The styrkort period id of a month: 'YYYY', 'YYYY-H1', 'YYYY-T1', 'YYYY-Q1' or 'YYYY-M01'."""
    if kind == "year":
        return f"{year}"
    assert month is not None
    if kind == "half_year":
        return f"{year}-H{(month - 1) // 6 + 1}"
    if kind == "tertial":
        return f"{year}-T{(month - 1) // 4 + 1}"
    if kind == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-M{month:02d}"


def _csv_records(
    path: PathLike, sep: Optional[str], encoding: Optional[str]
) -> Tuple[List[str], int, Iterator[Tuple[int, List[str]]], str]:
    """The header, its row number, the data records (row number, cells) and the separator."""
    text = read_text(path, MeasurementError, encoding, encoding_hint='encoding="{}"')
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise MeasurementError(
            f"{path}: the file is empty; expected a header line Datum;Enhetskod;Måttkod;Måttkolumnkod;Värde"
        )
    if sep is None:
        first = lines[0]
        sep = max((";", ",", "\t"), key=first.count)
    refuse_absurd_lines(text, lines[0], sep, path, MeasurementError)  # as the other CSV tables
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: Optional[List[str]] = None
    try:
        for rec in reader:
            if any(c.strip() for c in rec):
                header = rec
                break
    except csv.Error as e:
        raise MeasurementError(f"{path}, row {reader.line_num}: malformed CSV ({e})") from None
    if header is None:  # lines of separators only (",\n")
        raise MeasurementError(
            f"{path}: no header line (the file has only empty cells); expected a header line "
            "Datum;Enhetskod;Måttkod;Måttkolumnkod;Värde"
        )

    def records() -> Iterator[Tuple[int, List[str]]]:
        try:
            for rec in reader:
                if any(c.strip() for c in rec):
                    yield reader.line_num, rec
        except csv.Error as e:
            raise MeasurementError(f"{path}, row {reader.line_num}: malformed CSV ({e})") from None

    return header, reader.line_num, records(), sep


def read_stratsys(
    path_or_frame: Union[PathLike, pd.DataFrame],
    mapping: MappingSpec,
    *,
    units: Optional[MappingSpec] = None,
    period: str = "year",
    sep: Optional[str] = None,
    encoding: Optional[str] = None,
    strategy: Any = None,
    strict: bool = True,
) -> Measurements:
    """Read a Stratsys-style export (one row per value) into measurements.

    Parameters
    ----------
    path_or_frame : path or DataFrame
        A CSV file with a header line, or a DataFrame with the same columns.
        The columns are, in any order, ``Datum; Enhetskod; Måttkod;
        Måttkolumnkod; Värde`` or in English ``date; unit code; measure code;
        measure column code; value`` (case does not matter, ``_`` reads as a
        space), and optionally ``Kommentar`` / ``comment`` / ``note`` for the
        note. Other columns (names, descriptions) are ignored.
    mapping : dict or DataFrame
        (measure code, measure column code) to strategy indicator:
        ``{("M12", "Utfall"): "i1"}``; a value may be ``{"indicator": "i1",
        "scale": 0.01}``. A DataFrame has columns ``measure``, ``column``,
        ``indicator`` and optionally ``scale``. Rows of other measures and
        columns (targets, say) are skipped and counted in ``skipped``.
    units : dict or DataFrame, optional
        Stratsys unit code to strategy unit (a DataFrame: a column ``unit`` and
        one column of unit codes). Rows of codes left out are skipped and
        counted. Without it the unit codes are the unit ids.
    period : {"year", "half_year", "tertial", "quarter", "month"}
        The period a date falls in: 2023-04-30 is "2023", "2023-H1", "2023-T1",
        "2023-Q2" or "2023-M04".
    sep : str, optional
        The column separator; by default the most frequent of ``;``, ``,`` and
        tab in the header line. With ``;`` or tab, values may use a decimal
        comma (Swedish Excel); with ``,`` a decimal comma is refused as
        ambiguous.
    encoding : str, optional
        The file's text encoding; UTF-8 (with or without BOM) by default. Give
        ``"cp1252"`` for a file saved as "CSV (semikolonavgränsad)" by an older
        Excel. An unknown name raises :class:`ArgumentError`.
    strategy : Strategy, optional
        When given, every mapped indicator and unit must be in it.
    strict : bool
        Every mapping entry must occur in the data; False allows entries
        without data.

    Returns
    -------
    Measurements
        An empty value is NaN (missing, never zero). ``skipped`` on the result
        is a table (reason, id, rows) of the rows that were not imported.

    Raises
    ------
    MeasurementError
        Naming the file, the row (1-based, the header is row 1; a DataFrame's
        index label) and the column: a missing column, an empty code, a value
        that is not a number, a date that is not a date, two rows for one
        (indicator, unit, period) cell, or a mapping entry that matches no row.
    """
    if period not in PERIOD_KINDS:
        raise ArgumentError(f"period={period!r}: expected one of {', '.join(PERIOD_KINDS)}")
    if sep is not None and sep not in (";", ",", "\t"):
        raise ArgumentError(f"sep={sep!r}: expected ';', ',' or a tab")
    series = IndicatorMapping(mapping, ("measure", "column"), name="mapping")
    areas = UnitMapping(units, name="units")
    series.check_strategy(strategy)
    areas.check_strategy(strategy)

    if isinstance(path_or_frame, pd.DataFrame):
        source = "DataFrame"
        header = list(path_or_frame.columns)
        records: Any = (
            (label, list(r)) for label, r in zip(path_or_frame.index, path_or_frame.itertuples(index=False, name=None))
        )
        used_sep = ";"  # values already in cells: a decimal comma is not ambiguous
        header_at = "DataFrame columns"
    elif isinstance(path_or_frame, (str, Path)):
        source = str(path_or_frame)
        header, header_row, records, used_sep = _csv_records(path_or_frame, sep, encoding)
        header_at = f"{source}, row {header_row}"
    else:
        raise ArgumentError(f"expected a file path or a DataFrame, got {type(path_or_frame).__name__}")
    pos = _columns(header, header_at)
    name = {f: str(header[i]) for f, i in pos.items()}

    log = ImportLog()
    seen = set()
    rows: List[dict] = []
    places: List[str] = []
    for row_no, rec in records:
        at = f"{source}, row {row_no}"
        if not isinstance(path_or_frame, pd.DataFrame) and len(rec) != len(header):
            raise MeasurementError(
                f"{at}: {len(rec)} cells, but the header has {len(header)}; check the separator "
                f"({used_sep!r}) and quoting"
            )

        def cell(field: str, rec: Sequence[Any] = rec, at: str = at) -> Tuple[Any, str]:
            return rec[pos[field]], f"{at}, column {name[field]!r}"

        key = (_code(*cell("measure")), _code(*cell("column")))
        unit_code = _code(*cell("unit"))
        seen.add(key)
        target = series.get(key)
        if target is None:
            log.skip("measure and column not in mapping", f"{key[0]}/{key[1]}")
            continue
        unit = areas.get(unit_code)
        if unit is None:
            log.skip("unit not in units", unit_code)
            continue
        year, month = _month(*cell("date"), period)
        value = _value(*cell("value"), used_sep) * target.scale
        note = None
        if "note" in pos:
            raw = rec[pos["note"]]
            note = (
                None
                if raw is None or (isinstance(raw, float) and math.isnan(raw)) or not str(raw).strip()
                else str(raw).strip()
            )
        rows.append(
            {
                "indicator": target.indicator,
                "unit": unit,
                "period": period_of(year, month, period),
                "value": value,
                "note": note,
            }
        )
        places.append(at)
    if strict:
        series.check_used(
            seen, source, "check the measure and column codes, or pass strict=False to allow an entry without data"
        )
    return finish(
        rows,
        places,
        log,
        source,
        has_note="note" in pos,
        hint=f"two dates in one {period.replace('_', ' ')}: choose a finer period=; or two codes mapped to "
        "one indicator or unit",
    )
