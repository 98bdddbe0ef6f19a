"""Reading user files safely (text is UTF-8 unless an encoding is given; errors
name the file and line) and writing outputs whole: every CSV and JSON file the
package writes goes through :func:`write_csv` or :func:`write_json`."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import secrets
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Tuple, Union

import numpy as np
import pandas as pd

from .errors import ArgumentError

PathLike = Union[str, "os.PathLike[str]"]


def read_text(path: PathLike, error: type, encoding: Optional[str] = None, *, encoding_hint: str = "") -> str:
    """Read a text file, UTF-8 unless ``encoding`` names another.

    Parameters
    ----------
    path : path
        The file.
    error : type
        The styrkort error raised for a file that cannot be read or decoded;
        the message names the file, line, column and byte.
    encoding : str, optional
        The file's text encoding (``"cp1252"``, ``"latin-1"``, ...); UTF-8
        with or without a BOM by default.
    encoding_hint : str
        How the caller takes an encoding, with ``{}`` for its name, e.g.
        ``'encoding="{}"'``: an invalid-UTF-8 message for a file that looks
        like Windows text suggests it. Empty: the file must be UTF-8.

    Raises
    ------
    ArgumentError
        An unknown encoding name.
    """
    codec = text_codec(encoding)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, expected a file") from None
    except OSError as e:
        raise error(f"{p}: cannot be read ({e.strerror})") from None
    if codec == "utf-8" and data.startswith(b"\xef\xbb\xbf"):  # a BOM, as Excel writes it
        data = data[3:]
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise error(_decode_message(p, data, e, encoding if codec != "utf-8" else None, encoding_hint)) from None


def read_json(path: PathLike, error: type, what: str) -> Any:
    """The data of a JSON file (UTF-8), every failure an ``error`` naming the
    file: one that cannot be read or is not UTF-8 (:func:`read_text`), malformed
    JSON (line and column), or JSON nested too deeply to be ``what`` (Python's
    parser recurses once per level of nesting)."""
    text = read_text(path, error)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise error(f"{path}: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}") from None
    except RecursionError:
        raise error(f"{path}: the JSON is nested too deeply to be {what}") from None


def text_codec(encoding: Optional[str], place: Optional[str] = None) -> str:
    """The codec of an encoding name: "utf-8" for None and for UTF-8 with or
    without a BOM. An unknown name is an :class:`ArgumentError` naming ``place``
    (by default ``encoding='name'``; the command line names ``--encoding``)."""
    if encoding is None:
        return "utf-8"
    try:
        "".encode(encoding)  # also refuses codecs that are not text encodings (base64, rot13)
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        raise ArgumentError(
            f'{place or f"encoding={encoding!r}"}: unknown text encoding; give e.g. "utf-8", '
            '"cp1252" (Windows, older Excel) or "latin-1"'
        ) from None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


# Non-ASCII characters other than the punctuation Swedish text has in cp1252:
# each must read as a letter for a file to look like cp1252 text, so that UTF-8
# with one stray byte, binary data or another code page get no such suggestion.
_OTHER_NON_ASCII = re.compile(r"[^\x00-\x7f€‚„…–—‘’“”•°§±×÷½¼¾«»´¨·\u00a0]")


def _looks_like_cp1252(data: bytes) -> bool:
    if b"\0" in data:  # UTF-16 or binary
        return False
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        return False
    return all(c.isalpha() for c in set(_OTHER_NON_ASCII.findall(text)))


def _decode_message(p: Path, data: bytes, e: UnicodeDecodeError, encoding: Optional[str], encoding_hint: str) -> str:
    """The one message for bytes that the file's encoding (UTF-8 when ``encoding``
    is None) cannot read: the place, the byte's value and offset, what to do."""
    line = data.count(b"\n", 0, e.start) + 1
    col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
    byte = data[e.start]
    where = f"{p}: line {line}, column {col}"
    if encoding is not None:
        return (
            f"{where}: byte 0x{byte:02X} (byte {e.start} of the file) is not valid {encoding}; check the "
            "encoding, or save the file as UTF-8"
        )
    msg = f"{where}: invalid UTF-8 byte 0x{byte:02X} (byte {e.start} of the file)"
    if not _looks_like_cp1252(data):
        return f"{msg}; save the file as UTF-8"
    seen = (
        f"the file looks like Windows text (cp1252 or latin-1), where 0x{byte:02X} is "
        f"{bytes([byte]).decode('cp1252')!r}"
    )
    if encoding_hint:
        return f"{msg}; {seen}: read it with {encoding_hint.replace('{}', 'cp1252')}, or save the file as UTF-8"
    return f"{msg}; {seen}: save the file as UTF-8"


def output_path(path: PathLike, *inputs: PathLike) -> Path:
    """Check that an output file does not overwrite one of the inputs: the same
    file by its device and inode, so that a hard link or a symbolic link to an
    input is caught as well as the same path."""
    out = Path(path)
    for i in inputs:
        if i is not None and Path(i).exists() and out.exists() and _same_file(out, Path(i)):
            raise ArgumentError(f"{out}: the output would overwrite an input file; choose another --out")
    if out.exists() and out.is_dir():
        raise ArgumentError(f"{out}: is a directory; give a file name")
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
    except OSError:
        return a.resolve() == b.resolve()
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


# Limits of the CSV tables read (measurements, funds, projects), checked before
# the file is parsed, so that an absurd file is refused at once rather than
# parsed for minutes: a header of more columns than MAX_CSV_COLUMNS, a line
# longer than MAX_CSV_LINE_CHARACTERS (1,000,000 characters: 30 notes of the
# 32,767 characters a spreadsheet cell holds). A row with more cells than the
# header is refused at the first one.
MAX_CSV_COLUMNS = 1000
MAX_CSV_LINE_CHARACTERS = 1_000_000
_NOT_SPACE = re.compile(r"\S")
_LINE_END = re.compile(r"[\r\n]")


def refuse_absurd_lines(text: str, header: str, sep: str, path: PathLike, error: type) -> None:
    """Raise ``error`` for a header wider than MAX_CSV_COLUMNS or a line longer
    than MAX_CSV_LINE_CHARACTERS (naming it); one pass at C speed."""
    columns = header.count(sep) + 1
    if columns > MAX_CSV_COLUMNS:
        raise error(
            f"{path}, row 1: the header has {columns:,} columns, more than the {MAX_CSV_COLUMNS:,} "
            f"read from a CSV file; is this the right file, and is {sep!r} its separator?"
        )
    if max(map(len, io.StringIO(text, newline="")), default=0) <= MAX_CSV_LINE_CHARACTERS:
        return
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_CSV_LINE_CHARACTERS:
            raise error(
                f"{path}, row {number}: {len(line):,} characters, more than the "
                f"{MAX_CSV_LINE_CHARACTERS:,} read in one line of a CSV file; is this the right file?"
            )


def read_csv_table(
    path: PathLike, error: type, expected: str, encoding: Optional[str] = None, *, encoding_hint: str = ""
) -> pd.DataFrame:
    """A CSV file with a header line as text columns: comma-separated, or
    semicolon-separated as Swedish spreadsheets write it (the header decides).

    Empty cells are missing. ``expected`` names the header for the message
    about an empty file. ``encoding`` and ``encoding_hint`` are those of
    :func:`read_text`. Errors of type ``error`` name the file; a row with more
    cells than the header is one (a decimal comma in a comma-separated file),
    never read as shifted columns.
    """
    text = read_text(path, error, encoding, encoding_hint=encoding_hint)
    if "\r" in text:
        # Lines ending in a carriage return alone (old Mac exports) are lines, as
        # the csv module reads them; pandas' parser, given a lone CR before the
        # header, drops the header's first column and its values ("\r;a").
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise error(f"{path}: the file is empty; expected a header line {expected}")
    start = _NOT_SPACE.search(text).start()  # type: ignore[union-attr]  # the text is not blank
    end = _LINE_END.search(text, start)
    header = text[start : end.start() if end else len(text)]
    sep = ";" if header.count(";") > header.count(",") else ","
    refuse_absurd_lines(text, header, sep, path, error)
    _refuse_long_rows(text, sep, path, error)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""], skipinitialspace=True
        )
    except pd.errors.ParserError as e:
        raise error(f"{path}: malformed CSV: {e}") from None
    except pd.errors.EmptyDataError:  # no line pandas could read columns from
        raise error(
            f"{path}: no columns could be read from the first line ({header!r}); expected a header line {expected}"
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return _named_columns(frame, header, sep, text.count("\n", 0, start) + 1, path, error, expected)


def _named_columns(
    frame: pd.DataFrame, header: str, sep: str, line: int, path: PathLike, error: type, expected: str
) -> pd.DataFrame:
    """The frame with the header's own names: a column without a name is dropped
    when it holds no value (a separator after the last column, as spreadsheets
    export it) and refused when it holds one; a name given twice is refused.
    pandas would call them "Unnamed: 4" and "unit.1", names the file never had."""
    names = [c.strip() for c in next(csv.reader([header], delimiter=sep, skipinitialspace=True), [])]
    if len(names) != len(frame.columns):  # a header spread over lines by quoting: pandas' names stay
        return frame
    if not any(names):
        raise error(
            f"{path}: no columns could be read from the first line ({header!r}); expected a header line {expected}"
        )
    seen: Dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in seen:
            raise error(
                f"{path}, row {line}: the column {name!r} is in the header twice (columns {seen[name] + 1} "
                f"and {i + 1}); keep one"
            )
        seen.setdefault(name, i)
    unnamed = [i for i, name in enumerate(names) if not name]
    for i in unnamed:
        filled = np.flatnonzero(frame.iloc[:, i].notna().to_numpy())
        if len(filled):
            value = frame.iloc[int(filled[0]), i]
            raise error(
                f"{path}, row {line + 1 + int(filled[0])}, column {i + 1}: {value!r} is in a column without "
                f"a name in the header (row {line}); name the column, or remove it"
            )
    frame = frame.iloc[:, [i for i in range(len(names)) if names[i]]]
    frame.columns = [n for n in names if n]
    return frame


def _refuse_long_rows(text: str, sep: str, path: PathLike, error: type) -> None:
    """Raise ``error`` for the first row with more cells than the header, naming
    the line it starts on in the file.

    pandas reads such rows without an error: with every row one cell longer it
    takes the first column as the index (shifted columns), and with index_col=False
    it drops a trailing cell, the half of "82,5" when the note is empty.
    """

    def records() -> Any:  # a csv reader: it knows the line it is on (line_num)
        return csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)

    try:
        rows = records()
        header = next((cells for cells in rows if any(c.strip() for c in cells)), None)
        # the common case at C speed, stopping at the first row longer than the header
        if header is None or not any(map(len(header).__lt__, map(len, rows))):
            return
        rows, line, seen_header = records(), 1, False
        for cells in rows:
            at, line = line, rows.line_num + 1  # the line this record starts on; the next one's
            if not seen_header:
                seen_header = any(c.strip() for c in cells)
            elif len(cells) > len(header):
                break
    except csv.Error as e:  # a cell over the csv module's size limit, say
        raise error(f"{path}: malformed CSV ({e})") from None
    shown = sep.join(cells)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    empty_extra = not any(c.strip() for c in cells[len(header) :])
    if sep == ",":
        cause = (
            'a decimal comma in a comma-separated file is probably the cause: use ";" as the separator (as '
            'Swedish Excel saves CSV) or quote the number ("82,5")'
        )
        cause += "; if not, remove the separators after the last column" if empty_extra else ""
    elif empty_extra:
        cause = "remove the separators after the last column, or name the column in the header"
    else:
        cause = f"check the separator ({sep!r}) and the quoting"
    raise error(f"{path}, row {at}: {len(cells)} cells but the header has {len(header)} ({shown}); {cause}")


def to_numbers(col: pd.Series, error: type, source: str, first_row: int, what: Optional[str] = None) -> pd.Series:
    """A column as float64: numbers stay, text is parsed with a decimal comma or
    point; an empty cell is missing (NaN), never 0. A cell that is not a number
    raises ``error`` naming the source, row (``first_row`` + position) and column."""
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return col.astype("float64")
    text = col.astype("string").str.strip()

    def parse(plain: pd.Series) -> np.ndarray:
        values = pd.to_numeric(plain.str.replace(",", ".", regex=False).replace("", pd.NA), errors="coerce")
        return values.to_numpy(dtype=np.float64, na_value=np.nan)

    # Most cells read with the decimal comma alone; the rest, and only the rest,
    # get the whole rule (the digit groups and the minus sign below change no
    # text that the decimal comma alone reads).
    values = parse(text)
    filled = (text.notna() & (text != "")).to_numpy()
    unread = np.isnan(values) & filled
    if unread.any():
        rest = text[unread]
        # Swedish spreadsheets write decimal commas and may group thousands with a
        # (non-breaking) space: "1 000,5". Only whole groups of three count as grouping.
        grouped = rest.str.fullmatch(r"[-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?").fillna(False)
        plain = rest.where(~grouped, rest.str.replace(r"[ \u00a0\u202f]", "", regex=True))
        values[unread] = parse(plain.str.replace("−", "-", regex=False))
    bad = np.isnan(values) & filled
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = f", column {what!r}" if what else ""
        raise error(
            f"{source}, row {i + first_row}{where}: {col.iloc[i]!r} is not a number; "
            "write a number, or leave the cell empty for a missing value"
        )
    return pd.Series(values, index=col.index, name=col.name)


# -- writing outputs ---------------------------------------------------------------
# Every CSV and JSON file the package writes goes through these: written whole to a
# temporary file in the target's folder, then moved into place, so that a failure
# (a full disk, an interrupt) never leaves a half-written file where the old one was.

#: The first characters that make a spreadsheet read a cell as a formula (OWASP,
#: "CSV Injection"): such a text cell gets a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: How :func:`write_csv` writes per language: separator, decimal mark and a BOM.
#: ``sv`` is what Swedish Excel opens with a double click: ``;`` between cells,
#: decimal commas and UTF-8 with a byte-order mark (else Excel reads åäö as
#: cp1252); ``en`` (and no language) is plain CSV: ``,`` and a decimal point.
CSV_DIALECTS: Dict[str, Tuple[str, str, bool]] = {"sv": (";", ",", True), "en": (",", ".", False)}


@contextmanager
def replacing(out: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """A temporary file in ``out``'s folder to write, moved over ``out`` when
    the block ends without error and removed when it fails (the old ``out``
    stays as it was). Created exclusively, so it has the user's usual
    permissions (umask) and is never another's file. With ``overwrite``
    False it is linked into place, which fails if the name exists (also one
    created meanwhile).

    Raises
    ------
    ArgumentError
        When ``out`` is a folder, its folder does not exist, it cannot be
        written (naming the file and the reason), or it exists and
        ``overwrite`` is False.
    """
    if out.is_dir():
        raise ArgumentError(f"{out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise ArgumentError(f"{out}: the folder {out.parent} does not exist")
    if not overwrite and out.exists():
        raise ArgumentError(f"{out}: already exists (files are never overwritten here)")
    tmp = out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp"
    try:
        with open(tmp, "xb"):
            pass
        yield tmp
        if overwrite:
            os.replace(tmp, out)
        else:
            os.link(tmp, out)
            tmp.unlink()
    except FileExistsError:
        with suppress(OSError):
            tmp.unlink()
        raise ArgumentError(f"{out}: already exists (files are never overwritten here)") from None
    except OSError as e:
        with suppress(OSError):
            tmp.unlink()
        raise ArgumentError(f"{out}: cannot be written ({e.strerror or e})") from None
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: PathLike, data: Union[str, bytes], *, encoding: str = "utf-8", overwrite: bool = True) -> Path:
    """Write a whole file at once: to a temporary file in the same folder, then
    moved over ``path`` (:func:`replacing`), so a reader never sees half a file.

    Parameters
    ----------
    path : path
        The file to write.
    data : str or bytes
        The content; text is encoded with ``encoding``, its line ends kept as given.
    encoding : str
        For text: ``"utf-8"``, or ``"utf-8-sig"`` for a byte-order mark.
    overwrite : bool
        False: an existing ``path`` is an error, also one created meanwhile (the
        temporary file is linked into place, which fails if the name exists).

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        When ``path`` is a folder, its folder does not exist, the file cannot
        be written, or it exists and ``overwrite`` is False.
    """
    out = Path(path)
    raw = data if isinstance(data, bytes) else data.encode(encoding)
    with replacing(out, overwrite=overwrite) as tmp:
        tmp.write_bytes(raw)
    return out


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` in which every text cell that a spreadsheet would take
    for a formula (starting with ``= + - @``, a tab or a carriage return) has a
    leading apostrophe, OWASP's rule against CSV injection. Numbers, booleans and
    missing cells are untouched (a negative number stays a number).
    """
    out = frame.copy()

    def safe(v: Any) -> Any:
        return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v

    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = col.cat.categories
            if any(isinstance(v, str) and v.startswith(FORMULA_START) for v in cats):
                out[c] = col.cat.rename_categories([safe(v) for v in cats])
        elif col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[c] = col.map(safe, na_action="ignore")
    # the header is a row a spreadsheet reads too
    return out.rename(columns={c: safe(c) for c in out.columns if isinstance(c, str)})


def write_csv(
    frame: pd.DataFrame,
    path: PathLike,
    *,
    lang: Optional[str] = None,
    sep: Optional[str] = None,
    decimal: Optional[str] = None,
    bom: Optional[bool] = None,
) -> Path:
    """Write a table as CSV, safe to open in a spreadsheet, atomically.

    Parameters
    ----------
    frame : DataFrame
        Written without its index, rows ended by CRLF (RFC 4180); round
        numbers before (the CSV keeps the digits it is given).
    path : path
    lang : {"sv", "en"}, optional
        The dialect of :data:`CSV_DIALECTS`: ``sv`` writes ``;``, decimal commas
        and UTF-8 with a BOM (what Swedish Excel opens right), ``en`` or None
        plain CSV (``,``, a decimal point, UTF-8 without BOM).
    sep, decimal : str, optional
        Override the language's separator and decimal mark (e.g. ``sep=";"``,
        ``decimal=","``). They must differ.
    bom : bool, optional
        Override whether a UTF-8 byte-order mark starts the file (default: with
        ``sv``, or whenever the separator is ``;``, as a Swedish Excel user
        expects).

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        An unknown language, a separator equal to the decimal mark, or a file
        that cannot be written.
    """
    if lang is not None and lang not in CSV_DIALECTS:
        raise ArgumentError(f"unknown language {lang!r} for CSV (allowed: {', '.join(CSV_DIALECTS)})")
    d_sep, d_dec, d_bom = CSV_DIALECTS[lang or "en"]
    sep = d_sep if sep is None else sep
    decimal = d_dec if decimal is None else decimal
    if bom is None:
        bom = d_bom or sep == ";"
    if len(sep) != 1 or len(decimal) != 1:
        raise ArgumentError(f"CSV separator {sep!r} and decimal mark {decimal!r} must be one character each")
    if sep == decimal:
        raise ArgumentError(f"the CSV separator and the decimal mark are both {sep!r}; choose two different ones")
    # CRLF between rows (RFC 4180), so that a cell holding a line break of either kind is quoted
    text = neutralise_formulas(frame).to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return write_atomic(path, text, encoding="utf-8-sig" if bom else "utf-8")


def write_json(path: PathLike, text: str) -> Path:
    """Write JSON text (UTF-8, a final newline) atomically; see :func:`write_atomic`."""
    return write_atomic(path, text if text.endswith("\n") else text + "\n")


def json_records(frame: pd.DataFrame) -> list:
    """A table as JSON-ready records: every number as Python writes it (all its
    digits, so that it reads back bit for bit; pandas' ``to_json`` keeps 10
    decimals), a missing value None, categories as their text."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()} for r in plain.to_dict("records")]
