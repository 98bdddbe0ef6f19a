"""Numbers as people read them: in the language's grouping and decimal mark
(``words.REPORT[lang]["decimal"]``, ``["thousands"]``), missing as None."""

import datetime as _dt
import math
import re
from typing import Any, Mapping, Optional

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .values import is_missing
from .words import MONTHS


def plain_number(x: float) -> str:
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


def number(x: Any, L: Mapping[str, Any], decimals: Optional[int] = None) -> Optional[str]:
    """A number in the report's language (grouping, decimal mark); None when missing."""
    if is_missing(x):
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


def percent(x: Any, L: Mapping[str, Any]) -> Optional[str]:
    n = number(None if is_missing(x) else float(x) * 100.0, L, 0)
    return None if n is None else n + "\u00a0%"


_MONTH = re.compile(r"^(\d{4})-M?(\d{1,2})(?:-\d{1,2})?$")


def month_name(period_or_date: Any, lang: str, short: bool = False) -> str:
    """A month in words: ``"augusti 2021"`` (``"aug. 2021"`` short) in Swedish,
    ``"August 2021"`` (``"Aug 2021"``) in English.

    Parameters
    ----------
    period_or_date : str, date, datetime, Timestamp or datetime64
        A month as ``YYYY-MM`` (the funds' months), a month period id
        ``YYYY-Mmm`` (``2021-M08``), a date ``YYYY-MM-DD``, or a date object.
    lang : {"sv", "en"}
        The language (``_display/sv.py``, ``en.py``: ``MONTHS``).
    short : bool
        The abbreviated month name.

    Returns
    -------
    str

    Raises
    ------
    ArgumentError
        For an unknown language, or a value that is not a month or a date.
    """
    if lang not in MONTHS:
        raise ArgumentError(f"month_name: unknown language {lang!r} (allowed: {', '.join(MONTHS)})")
    x = period_or_date
    if isinstance(x, np.datetime64):
        x = pd.Timestamp(x)
    if isinstance(x, (_dt.date, pd.Timestamp)) and not (isinstance(x, pd.Timestamp) and pd.isna(x)):
        year, month = x.year, x.month
    else:
        m = _MONTH.match(str(x).strip()) if isinstance(x, str) else None
        if m is None:
            raise ArgumentError(
                f"month_name: expected a month (YYYY-MM, YYYY-Mmm) or a date (YYYY-MM-DD or a date object), "
                f"got {period_or_date!r}"
            )
        year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ArgumentError(f"month_name: month {month} of {period_or_date!r} is not 1-12")
    words = MONTHS[lang]
    return str(words["format"]).format(month=words["short" if short else "long"][month - 1], year=year)
