"""Measurements: the long table (indicator, unit, period, value, note)."""

from __future__ import annotations

import unicodedata
from typing import Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._display.html import html_table
from ._io import PathLike, read_csv_table, to_numbers
from .errors import MeasurementError

__all__ = ["Measurements", "load_measurements"]

REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("unit", "note")


class Measurements:
    """Indicator values as a long table: one row per indicator, unit and period.

    Columns ``indicator``, ``unit`` (may be left out when the strategy has one
    unit), ``period``, ``value`` and an optional free-text ``note``. An empty
    value is a missing observation, never a zero.

    Parameters
    ----------
    frame : DataFrame
        The table. It is checked and copied; the caller's frame is not changed.
    source : str
        Names the table in error messages.
    first_row : int
        The number of the first data row in messages (2 for a CSV file with a
        header line, 0 for a DataFrame's positions).

    Attributes
    ----------
    frame : DataFrame
        The checked table.
    skipped : DataFrame or None
        For measurements imported with an id mapping (:func:`styrkort.read_kolada`,
        :func:`styrkort.read_stratsys`): the source rows left out, counted per
        reason and id; None otherwise.
    """

    def __init__(self, frame: pd.DataFrame, source: str = "measurements", first_row: int = 0) -> None:
        if not isinstance(frame, pd.DataFrame):
            raise MeasurementError(f"{source}: expected a pandas DataFrame, got {type(frame).__name__}")
        missing = [c for c in REQUIRED if c not in frame.columns]
        if missing:
            raise MeasurementError(
                f"{source}: missing column {missing[0]!r}; the columns are indicator, unit, period, value "
                f"(and optionally note), got {', '.join(map(str, frame.columns))}"
            )
        extra = [c for c in frame.columns if c not in REQUIRED + OPTIONAL]
        if extra:
            raise MeasurementError(
                f"{source}: unknown column {extra[0]!r} (allowed: indicator, unit, period, value, note)"
            )
        self.source = source
        self.first_row = first_row
        self.skipped: Optional[pd.DataFrame] = None
        self._rows: Optional[np.ndarray] = None  # the rows' numbers when they are not first_row + position
        cols = [c for c in ("indicator", "unit", "period", "value", "note") if c in frame.columns]
        # A new frame whose columns are replaced below, never written in place:
        # the caller's frame stays as it was without a copy of every row.
        df = frame[cols].reset_index(drop=True)
        for c in ("indicator", "unit", "period"):
            if c in df.columns:
                df[c] = _as_ids(df[c])
        df["value"] = self._numeric(df["value"])
        self.frame = df

    def _numeric(self, col: pd.Series) -> pd.Series:
        return to_numbers(col, MeasurementError, self.source, self.first_row, "value")

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, source: str = "DataFrame") -> "Measurements":
        """Measurements from a DataFrame (rows are numbered by position in messages)."""
        return cls(frame, source=source, first_row=0)

    @classmethod
    def from_csv(cls, path: PathLike, encoding: Optional[str] = None) -> "Measurements":
        """Read a CSV file with a header line (comma-separated, or semicolon-
        separated with decimal commas as Swedish spreadsheets write them).

        Parameters
        ----------
        path : path
            The CSV file.
        encoding : str, optional
            The file's text encoding; UTF-8 (with or without BOM) by default.
            Give ``"cp1252"`` for a file saved by an older Excel on Windows.

        Raises
        ------
        MeasurementError
            Naming the file and the row (the line number in the file): among
            others a row with more cells than the header (a decimal comma in a
            comma-separated file), or bytes that are not valid in the encoding.
        ArgumentError
            An unknown encoding name.
        """
        frame = read_csv_table(
            path,
            MeasurementError,
            "indicator,unit,period,value",
            encoding,
            encoding_hint='encoding="{}" (on the command line --encoding {})',
        )
        return cls(frame, source=str(path), first_row=2)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def row_numbers(self) -> np.ndarray:
        """The number of each row in messages: ``first_row`` + its position, or
        for a :meth:`subset` the number the row had in the whole table."""
        if self._rows is not None:
            return self._rows.copy()
        return np.arange(len(self.frame), dtype=np.int64) + self.first_row

    def subset(self, rows: Union[np.ndarray, pd.Series]) -> "Measurements":
        """The measurements of some rows, keeping the rows' numbers in messages.

        Parameters
        ----------
        rows : array or Series of bool
            One flag per row: True keeps the row.

        Returns
        -------
        Measurements
            The kept rows, with the same ``source`` and ``skipped``; an error
            that :func:`styrkort.evaluate` finds in them names the row as the
            whole table numbers it (the line of the CSV file), not its position
            in the subset.
        """
        keep = np.asarray(rows)
        if keep.dtype != bool or keep.shape != (len(self.frame),):
            raise MeasurementError(
                f"{self.source}: subset needs one True/False per row ({len(self.frame)}), "
                f"got {keep.dtype} of shape {keep.shape}"
            )
        out = Measurements(self.frame[keep], source=self.source, first_row=self.first_row)
        out.skipped = self.skipped
        out._rows = self.row_numbers[keep]
        return out

    def _renumbered(self, error: MeasurementError) -> MeasurementError:
        """``error`` (raised for one of these rows by position) naming the row by
        its number in the whole table, for a :meth:`subset`."""
        if self._rows is None or not isinstance(error.row, int) or error.source != self.source:
            return error
        k = error.row - self.first_row
        message = str(error)
        place = f"{self.source}, row {error.row}"
        if not (0 <= k < len(self._rows)) or not message.startswith(place):
            return error
        row = int(self._rows[k])
        return type(error)(
            f"{self.source}, row {row}" + message[len(place) :],
            source=error.source,
            path=error.path,
            key=error.key,
            table=error.table,
            row=row,
            column=error.column,
            rule=error.rule,
        )

    def __repr__(self) -> str:
        return f"<styrkort.Measurements {len(self)} rows from {self.source}>"

    def _repr_html_(self) -> str:
        return html_table(self.frame.head(20)) + (f"<p>… {len(self)} rows</p>" if len(self) > 20 else "")

    def _to_core(self) -> "_core.Measurements":
        df = self.frame
        codes, cats = {}, {}
        for c in ("indicator", "unit", "period"):
            if c in df.columns:
                col = df[c]
                if isinstance(col.dtype, pd.CategoricalDtype):  # already coded: no pass over the ids
                    k, u = col.array.codes, col.cat.categories
                else:
                    k, u = pd.factorize(col)
                # the codes as they are (int8/int16 for a categorical, int64 from
                # factorize): the core views any signed integer width without a copy
                codes[c], cats[c] = np.ascontiguousarray(k), [str(x) for x in u]
            else:
                codes[c], cats[c] = np.empty(0, dtype=np.int32), []
        return _core.Measurements(
            cats["indicator"],
            cats["unit"],
            cats["period"],
            codes["indicator"],
            codes["unit"],
            codes["period"],
            df["value"].to_numpy(dtype=np.float64),
            self.source,
            self.first_row,
        )


def _as_ids(col: pd.Series) -> pd.Series:
    """Ids as strings in Unicode normal form C; a period written as a number
    (2018 or 2018.0) becomes "2018".

    Categorical columns keep their codes: only the categories are renamed, so a
    large table is not touched row by row (categories that become equal when
    normalised are merged). Text columns are normalised through their distinct
    values."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        names = [_id(x) for x in col.cat.categories]
        if all(isinstance(x, str) and x == n for x, n in zip(col.cat.categories, names)):
            return col  # already ids in normal form: nothing to rename
        if len(set(names)) == len(names):
            return col.cat.rename_categories(names)
        return col.cat.rename_categories(range(len(names))).map(dict(enumerate(names))).astype("category")
    if pd.api.types.is_float_dtype(col) or pd.api.types.is_integer_dtype(col):
        return col.map(lambda x: None if pd.isna(x) else _id(x)).astype(object)
    text = col.astype("string").str.strip()
    text = text.where(text.notna() & (text != ""), None).astype(object)
    codes, distinct = pd.factorize(text)
    nfc = [_nfc(x) for x in distinct]
    if all(a is b for a, b in zip(nfc, distinct)):
        return text
    out = np.array(nfc, dtype=object)[codes]
    out[codes < 0] = None
    return pd.Series(out, index=text.index, dtype=object)


def _nfc(x: str) -> str:
    """``x`` in Unicode normal form C (the same object when it already is)."""
    return x if x.isascii() or unicodedata.is_normalized("NFC", x) else unicodedata.normalize("NFC", x)


def _id(x: object) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return _nfc(str(x).strip())


def load_measurements(path: PathLike, encoding: Optional[str] = None) -> Measurements:
    """Read measurements from a CSV file (see :meth:`Measurements.from_csv`).

    Parameters
    ----------
    path : path
        The CSV file.
    encoding : str, optional
        The file's text encoding; UTF-8 (with or without BOM) by default, e.g.
        ``"cp1252"`` for a file saved by an older Excel on Windows.

    Returns
    -------
    Measurements
    """
    return Measurements.from_csv(path, encoding=encoding)
