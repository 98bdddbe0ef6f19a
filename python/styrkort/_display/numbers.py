"""Numbers as people read them: in the language's grouping and decimal mark
(``words.REPORT[lang]["decimal"]``, ``["thousands"]``), missing as None; months
in words (:func:`month_name`)."""

import datetime as _dt
import math
import re
from typing import Any, Mapping, Optional

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .values import is_missing
from .words import REPORT


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


# "2021-08", the period id "2021-M08", or an ISO date "2021-08-15"
_MONTH = re.compile(r"(\d{4})-(?:M(\d{2})|(\d{2})(?:-\d{2})?)")


def month_name(period_or_date: Any, lang: str, short: bool = False) -> str:
    r"""A month in words, as a report says it: "augusti 2021" ("aug 2021"),
    in English "August 2021" ("Aug 2021").

    Parameters
    ----------
    period_or_date : str or date
        A month as ``"YYYY-MM"`` (the months of ``Funds.liquidity()``), a month
        period id ``"YYYY-Mkk"``, an ISO date ``"YYYY-MM-DD"``, or a
        :class:`datetime.date`, :class:`datetime.datetime`,
        :class:`pandas.Timestamp` or :class:`numpy.datetime64`.
    lang : {"sv", "en"}
        The language of the month's name (``_display/sv.py``, ``en.py``).
    short : bool
        The abbreviated name, for chart axes.

    Returns
    -------
    str
        The month's name and the year, joined by a no-break space (so that a
        sentence never breaks between them).

    Raises
    ------
    ArgumentError
        For an unknown language, a missing value, or a value that is not a month.

    Examples
    --------
    >>> month_name("2021-08", "sv"), month_name("2021-08", "en", short=True)
    ('augusti\xa02021', 'Aug\xa02021')
    """
    if lang not in REPORT:
        raise ArgumentError(f"month_name: unknown language {lang!r} (allowed: {', '.join(REPORT)})")
    if isinstance(period_or_date, np.datetime64):
        period_or_date = pd.Timestamp(period_or_date)
    year = month = None
    if isinstance(period_or_date, str):
        m = _MONTH.fullmatch(period_or_date.strip())
        if m:
            year, month = int(m.group(1)), int(m.group(2) or m.group(3))
    elif isinstance(period_or_date, (_dt.date, pd.Timestamp)) and not pd.isna(period_or_date):
        year, month = period_or_date.year, period_or_date.month
    if year is None or month is None or not 1 <= month <= 12:
        raise ArgumentError(
            f"month_name: {period_or_date!r} is not a month (expected 'YYYY-MM', a period 'YYYY-Mkk' or a date)"
        )
    names = REPORT[lang]["months_short" if short else "months"]
    return f"{names[month - 1]}\u00a0{year}"
