"""How a chart over time treats periods of different kinds.

A strategy followed up yearly and by tertial has values of both kinds on one
time axis. A line through all of them would zig-zag between a year's value and
a tertial's, which measure different spans, so a chart joins the values of one
kind (:func:`line_kind`: the years when there are any) and draws the others as
points apart; its time axis is labelled with the periods when their names fit,
else with the years (:func:`year_labels`).
"""

from typing import Dict, List, Optional, Sequence, Tuple

# The kinds of period, longest first (``styrkort.strategy.period_kind``).
KINDS = ("year", "half_year", "tertial", "quarter", "month", "other")


def line_kind(kinds: Sequence[str]) -> Optional[str]:
    """The kind of period whose values a chart joins by a line: ``"year"`` when
    any period is a year, else the most common kind (the longer on a tie);
    None when there are no periods."""
    present = list(kinds)
    if not present:
        return None
    if "year" in present:
        return "year"
    order = {k: i for i, k in enumerate(KINDS)}
    return min(set(present), key=lambda k: (-present.count(k), order.get(k, len(order)), k))


def year_labels(times: Sequence[float], years: Sequence[Optional[int]]) -> List[Tuple[float, str]]:
    """One label per calendar year, at the time of that year's latest period
    (a year's own period is read at its end: ``2020`` at 2020.0, after
    ``2020-T1`` and ``2020-T2``), in time order."""
    latest: Dict[int, float] = {}
    for t, y in zip(times, years):
        if y is not None:
            latest[y] = max(latest.get(y, float("-inf")), float(t))
    return sorted(((t, str(y)) for y, t in latest.items()), key=lambda x: x[0])
