"""Reading user files safely: text must be UTF-8, errors name the file and line."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd

from .errors import ArgumentError

PathLike = Union[str, "os.PathLike[str]"]


def read_text(path: PathLike, error: type) -> str:
    """Read a UTF-8 text file; an error of type ``error`` names the file, line and column."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, expected a file") from None
    except OSError as e:
        raise error(f"{p}: cannot be read ({e.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM, as Excel writes it
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise error(f"{p}: line {line}, column {col}: invalid UTF-8 (byte {e.start}); save the file as UTF-8") from None


def output_path(path: PathLike, *inputs: PathLike) -> Path:
    """Check that an output file does not overwrite one of the inputs."""
    out = Path(path)
    for i in inputs:
        if i is not None and Path(i).exists() and out.exists() and out.resolve() == Path(i).resolve():
            raise ArgumentError(f"{out}: the output would overwrite an input file; choose another --out")
    if out.exists() and out.is_dir():
        raise ArgumentError(f"{out}: is a directory; give a file name")
    return out


def read_csv_table(path: PathLike, error: type, expected: str) -> pd.DataFrame:
    """A CSV file with a header line as text columns: comma-separated, or
    semicolon-separated as Swedish spreadsheets write it (the header decides).
    Empty cells are missing. ``expected`` names the header for the message
    about an empty file. Errors of type ``error`` name the file."""
    text = read_text(path, error)
    if not text.strip():
        raise error(f"{path}: the file is empty; expected a header line {expected}")
    header = text.lstrip().splitlines()[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                            skipinitialspace=True)
    except pd.errors.ParserError as e:
        raise error(f"{path}: malformed CSV: {e}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def to_numbers(col: pd.Series, error: type, source: str, first_row: int, what: Optional[str] = None) -> pd.Series:
    """A column as float64: numbers stay, text is parsed with a decimal comma or
    point; an empty cell is missing (NaN), never 0. A cell that is not a number
    raises ``error`` naming the source, row (``first_row`` + position) and column."""
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return col.astype("float64")
    text = col.astype("string").str.strip()
    # Swedish spreadsheets write decimal commas and may group thousands with a
    # (non-breaking) space: "1 000,5". Only whole groups of three count as grouping.
    grouped = text.str.fullmatch(r"[-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?").fillna(False)
    plain = text.where(~grouped, text.str.replace(r"[ \u00a0\u202f]", "", regex=True))
    plain = plain.str.replace("−", "-", regex=False)
    values = pd.to_numeric(plain.str.replace(",", ".", regex=False).replace("", pd.NA), errors="coerce")
    bad = values.isna() & text.notna() & (text != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        where = f", column {what!r}" if what else ""
        raise error(f"{source}, row {i + first_row}{where}: {col.iloc[i]!r} is not a number; "
                    "write a number, or leave the cell empty for a missing value")
    return values.astype("float64")
