"""HTML pieces: the notebook table (every ``_repr_html_``), badges and the
missing-value mark. Every text is escaped; a missing value is "–", never 0."""

from typing import Any, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .numbers import plain_number
from .palette import ACTIVITY_COLOURS, DASH, STATUS_COLOURS
from .values import escape, is_missing, text


def na(state: str = "") -> str:
    """A missing value: the dash, with its state in words."""
    st = f'<span class="state">{escape(state)}</span>' if state else ""
    return f'<span class="na">{DASH}</span>{st}'


def badge(
    status: Any,
    L: Mapping[str, Any],
    words: Optional[Mapping[str, str]] = None,
    colours: Mapping[str, Tuple[str, str]] = STATUS_COLOURS,
    title: str = "",
) -> str:
    """A coloured badge that also carries the word (never colour alone); `title`
    (e.g. the engine's reason) is its tooltip."""
    key = text(status)
    words = words if words is not None else L["status_word"]
    word = words.get(key, key or DASH)
    css = f"b-{key}" if key in colours else "b-none"
    tip = f' title="{escape(title)}"' if title else ""
    return f'<span class="badge {css}" data-status="{escape(key)}"{tip}>{escape(word)}</span>'


# -- html_table ---------------------------------------------------------------
def html_table(
    df: Any, status_columns: Sequence[str] = ("status", "computed_status"), max_rows: Optional[int] = 200
) -> str:
    """A small, clean HTML table for notebooks (``_repr_html_``).

    Parameters
    ----------
    df : DataFrame or Series
        The table. A non-default index is shown as the first column(s).
    status_columns : sequence of str
        Columns holding statuses (``green`` … ``not_applicable``) or activity
        statuses (``not_started`` … ``cancelled``): their cells are coloured
        and keep the status word.
    max_rows : int or None
        Show at most this many rows (None: all) and say how many were left out.

    Returns
    -------
    str
        HTML; every header and cell is escaped. Missing values are shown as "–".
    """
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"html_table: expected a pandas DataFrame, got {type(df).__name__}")
    if max_rows is not None and (not isinstance(max_rows, (int, np.integer)) or max_rows < 0):
        raise ArgumentError(f"html_table: max_rows must be a non-negative integer or None, got {max_rows!r}")
    if isinstance(status_columns, str):
        status_columns = (status_columns,)
    if not (
        isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1 and df.index.name is None
    ):
        df = df.reset_index()
    n = len(df)
    shown = df if max_rows is None or n <= max_rows else df.iloc[:max_rows]
    names = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in df.columns]
    status_idx = {i for i, c in enumerate(names) if c in set(map(str, status_columns))}
    numeric = [
        pd.api.types.is_numeric_dtype(df.dtypes.iloc[i]) and not pd.api.types.is_bool_dtype(df.dtypes.iloc[i])
        for i in range(len(names))
    ]
    colours = {**STATUS_COLOURS, **ACTIVITY_COLOURS}
    out = ['<table class="sk-table" style="border-collapse:collapse;font-size:0.9em">', "<thead><tr>"]
    for name in names:
        out.append(f'<th style="text-align:left;border-bottom:2px solid #888;padding:2px 8px">{escape(name)}</th>')
    out.append("</tr></thead><tbody>")
    cell = "padding:2px 8px;border-bottom:1px solid #ddd"
    for row in shown.itertuples(index=False, name=None):
        out.append("<tr>")
        for i, v in enumerate(row):
            if i in status_idx and not is_missing(v) and str(v) in colours:
                bg, fg = colours[str(v)]
                out.append(f'<td style="{cell};background:{bg};color:{fg}">{escape(v)}</td>')
            elif is_missing(v):
                out.append(f'<td style="{cell};color:#888">{DASH}</td>')
            elif isinstance(v, (list, tuple, np.ndarray)):
                out.append(f'<td style="{cell}">{escape(", ".join(map(str, v)))}</td>')
            elif isinstance(v, (bool, np.bool_)):
                out.append(f'<td style="{cell}">{escape(bool(v))}</td>')
            elif isinstance(v, (int, float, np.integer, np.floating)):
                out.append(f'<td style="{cell};text-align:right">{escape(plain_number(float(v)))}</td>')
            else:
                align = ";text-align:right" if numeric[i] else ""
                out.append(f'<td style="{cell}{align}">{escape(v)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if len(shown) < n:
        out.append(f"<p>… {escape(n - len(shown))} more rows ({escape(n)} in all)</p>")
    return "".join(out)
