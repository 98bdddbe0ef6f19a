"""Values as text: escaping for HTML, and one rule for what counts as missing."""

import html
from typing import Any

import numpy as np
import pandas as pd


def escape(x: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if x is None else str(x), quote=True)


def is_missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, (float, np.floating)):
        return bool(np.isnan(x))
    if isinstance(x, str):
        return x.strip() == ""
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def text(x: Any) -> str:
    """A user text or "" when missing."""
    return "" if is_missing(x) else str(x)
