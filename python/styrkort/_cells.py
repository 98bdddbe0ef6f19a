"""The cells of the allocation inputs, read the same way wherever they come
from: a DataFrame given to :mod:`styrkort.allocation`, the projects CSV of the
command line, the embedded example. A yes/no cell holds one of a few spellings
and a number cell a number; anything else is an error naming the row and the
column, never a silent default."""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable, List, Optional

import numpy as np
import pandas as pd

from .errors import ArgumentError

#: How a yes/no cell may say yes or no (compared without case and surrounding blanks).
FLAG_TRUE = ("1", "true", "yes", "ja")
FLAG_FALSE = ("0", "false", "no", "nej")
FLAG_WORDS = "1/0, true/false, yes/no or ja/nej (any case)"

#: Names row ``i`` (0-based position) of a table in an error, e.g. ``"items, row 3 (p2)"``.
RowName = Callable[[int], str]


def is_empty(x: Any) -> bool:
    """Whether a cell is empty: None, NaN, pandas' NA or blank text."""
    if isinstance(x, str):
        return not x.strip()
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # a list or another non-scalar: not empty
        return False


def flag(x: Any) -> Optional[bool]:
    """The yes or no a cell holds, or None when it holds neither.

    Parameters
    ----------
    x : object
        A boolean, the number 0 or 1, or text spelling yes or no (``FLAG_TRUE``,
        ``FLAG_FALSE``) in any case. ``bool("False")`` is True; this reads it as no.

    Returns
    -------
    bool or None
    """
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, float, np.integer, np.floating)):
        return True if x == 1 else False if x == 0 else None  # NaN is neither
    if isinstance(x, str):
        word = x.strip().lower()
        return True if word in FLAG_TRUE else False if word in FLAG_FALSE else None
    return None


def flags(values: Iterable[Any], column: str, row_name: RowName) -> List[bool]:
    """A column of yes/no cells as booleans.

    Parameters
    ----------
    values : iterable
        The cells, in row order.
    column : str
        The column's name, for errors.
    row_name : callable
        Names row ``i`` (0-based position) in an error.

    Returns
    -------
    list of bool

    Raises
    ------
    ArgumentError
        At the first cell that is empty or spells neither yes nor no, naming its
        row and column and the spellings allowed.
    """
    out = []
    for i, x in enumerate(values):
        b = flag(x)
        if b is None:
            said = "the cell is empty" if is_empty(x) else f"{x!r} is neither yes nor no"
            raise ArgumentError(f"{row_name(i)}, column {column!r}: {said}; write {FLAG_WORDS}")
        out.append(b)
    return out


def number(x: Any) -> Optional[float]:
    """The number a non-empty cell holds (text such as ``"12.5"`` or ``"inf"`` included), or None.
    Booleans are not numbers here: a yes/no in a number column is a mistake."""
    if isinstance(x, (bool, np.bool_)):
        return None
    if isinstance(x, (int, float, np.integer, np.floating)):
        return None if math.isnan(x) else float(x)
    if isinstance(x, str):
        try:
            v = float(x.strip())
        except ValueError:
            return None
        return None if math.isnan(v) else v
    return None


def numbers(
    values: Iterable[Any], column: str, row_name: RowName, default: Optional[float], strict: bool
) -> List[float]:
    """A column of number cells as floats.

    Parameters
    ----------
    values : iterable
        The cells, in row order.
    column : str
        The column's name, for errors.
    row_name : callable
        Names row ``i`` (0-based position) in an error.
    default : float or None
        The value of an empty cell when not ``strict``; named in the error when strict.
        None: the column has no default (every cell must hold a number).
    strict : bool
        An empty (or NaN) cell is an error rather than ``default``: for columns where a
        default would hide a mistake (a floor, a cap, a weight). Leaving the column out
        altogether still gives every row the default.

    Returns
    -------
    list of float

    Raises
    ------
    ArgumentError
        At the first cell that is not a number (or, when strict, is empty), naming
        its row and column.
    """
    out = []
    for i, x in enumerate(values):
        if is_empty(x):
            if strict or default is None:
                where = f"{row_name(i)}, column {column!r}: the cell is empty (or NaN); give a number"
                if default is None:
                    raise ArgumentError(where)
                fallback = "no limit" if default == math.inf else f"{default:g}"
                raise ArgumentError(f"{where}, or leave the column out for its default ({fallback}) in every row")
            out.append(float(default))
            continue
        v = number(x)
        if v is None:
            raise ArgumentError(f"{row_name(i)}, column {column!r}: {x!r} is not a number")
        out.append(v)
    return out
