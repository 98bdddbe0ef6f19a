"""Numbers as people read them: in the language's grouping and decimal mark
(``words.REPORT[lang]["decimal"]``, ``["thousands"]``), missing as None."""

import math
from typing import Any, Mapping, Optional

from .values import is_missing


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
