"""The report's comparison column: the comparison units' values beside the
unit's own outcome, and the unit's position in each peer group
(:class:`styrkort.comparison.Comparison`). Used by the indicator tables of
:mod:`styrkort.report`; without comparison data every function gives "" (or
None) and the tables are as before. Every user text is escaped with ``_e``."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from .._display.html import na as _na
from .._display.numbers import number as _number
from .._display.values import escape as _e
from .._display.values import is_missing as _missing
from .._display.values import text as _text
from .._display.words import COMPARISON as WORDS

# column widths (%) of the indicator table with the comparison column after the outcome
WIDTHS = (22, 10, 9, 9, 14, 6, 11, 11, 8)
WIDTHS_WITH_CHART = (14, 9, 7, 8, 13, 5, 10, 10, 9, 15)  # the chart column as wide as without comparison


def shown(r: Any) -> bool:
    """Whether the report ``r`` has comparison data to show."""
    return bool(getattr(r, "comparison", None))


def widths(r: Any) -> Optional[Tuple[int, ...]]:
    """The indicator table's column widths with the comparison column, or None without it."""
    if not shown(r):
        return None
    return WIDTHS_WITH_CHART if r.charts else WIDTHS


def head(r: Any) -> str:
    """The column's header cell ("" without comparison data)."""
    if not shown(r):
        return ""
    return f'<th class="num compare">{_e(WORDS[r.lang]["column"])}</th>'


def intro(r: Any) -> str:
    """What the column shows, and the comparison data's notes (such as the
    credit "Källa: Kolada"), under the indicators' heading."""
    if not shown(r):
        return ""
    W = WORDS[r.lang]
    out = f'<p class="intro compare-intro">{_e(W["intro"])}'
    # Kolada's notes are "Källa: Kolada; status: ...": each part once
    parts: Dict[str, None] = {}
    for note in r.comparison.notes:
        for part in note.split("; "):
            if part.strip():
                parts[part.strip()] = None
    if parts:
        out += " " + _e(W["notes"].format(notes="; ".join(parts)))
    return out + "</p>"


def observed_period(r: Any, node: str) -> str:
    """The period whose comparison values stand beside the outcome: the period
    of the value shown (for a value carried forward, the period it was
    observed), else the period followed up."""
    lv = r.latest_value(node)
    if lv is None:
        return str(r.period)
    if _text(lv.get("origin")) == "carried_forward":
        src = [
            x
            for x in r.history.get(node, [])
            if x["time"] < lv["time"] and not _missing(x["value"]) and _text(x.get("origin")) != "carried_forward"
        ]
        if src:
            return str(src[-1]["period"])
    return str(lv["period"])


def label(c: Any, lang: str) -> str:
    """A comparand's name: the name given, *Riket* / *Sweden* for the whole country, else the id."""
    from ..comparison import COUNTRY

    if c.name:
        return str(c.name)
    if not c.group and c.key == COUNTRY:
        return str(WORDS[lang]["country"])
    return str(c.key)


def _line(r: Any, item: Dict[str, Any]) -> str:
    W, L = WORDS[r.lang], r.L
    c = item["comparand"]
    name = label(c, r.lang)
    value = _number(item["value"], L)
    shown_value = f'<span class="num-main">{_e(value)}</span>' if value is not None else _na()
    if not c.group:
        return (
            f'<span class="cmp" data-comparison="{_e(c.key)}"><span class="cmp-name">{_e(name)}</span> '
            f"{shown_value}</span>"
        )
    if item["position"] is not None:
        key = "position_tied" if item["tied"] else "position"
        place = W[key].format(position=item["position"], of=item["of"])
    else:
        place = W["no_position"]
    missing = item["members"] - item["n"]
    extra = (
        f'<span class="state">{_e(W["without_value"].format(missing=missing, members=item["members"]))}</span>'
        if 0 < missing
        else ""
    )
    members = ", ".join(c.ids)
    return (
        f'<span class="cmp" data-comparison="{_e(c.key)}" title="{_e(members)}">'
        f'<span class="cmp-name">{_e(W["median"].format(name=name))}</span> {shown_value}'
        f'<span class="state cmp-pos" data-position="{_e(item["position"] if item["position"] else "")}">'
        f"{_e(place)}</span>{extra}</span>"
    )


def cell(r: Any, node: str) -> str:
    """The comparison cell of an indicator's row ("" without comparison data)."""
    if not shown(r):
        return ""
    period = observed_period(r, node)
    items = r.comparison.at(node, period, r.unit)
    return f'<td class="num compare" data-period="{_e(period)}">{"".join(_line(r, i) for i in items)}</td>'
