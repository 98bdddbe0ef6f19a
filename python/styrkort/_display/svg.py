"""Small inline SVG charts for the report: sparklines, bars and their axes.

Text in these charts is sized in CSS pixels and the charts are drawn at the size
they are shown (the report's style sheet does not shrink a sparkline), so a
label of :data:`LABEL_SIZE` (9 px) prints at 6.75 pt. Labels are placed from an
upper estimate of their width (:func:`text_width`) and thinned until none
overlaps another (:func:`thin_labels`); amount axes have round ticks
(:func:`nice_ticks`).
"""

import math
from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple

from ..errors import ArgumentError
from .html import na
from .numbers import number
from .values import escape

LINE_COLOUR = "#1f4e79"  # the values (the plots' VALUE_COLOUR)
AXIS_COLOUR = "#5c5c5c"  # axis labels: the report's muted text
GRID_COLOUR = "#e0e0e0"  # grid lines behind the values

# Small labels in the charts, in CSS pixels (9 px prints at 6.75 pt).
LABEL_SIZE = 9.0
# An upper estimate of a character's advance as a share of the font size, so that
# labels placed apart by it never touch: digits, spaces and most lower-case
# letters are at most 0.56 em in Arial / Liberation Sans / Helvetica, capitals
# up to 0.72 em, m, w, M and W up to 0.94 em.
_WIDE = frozenset("mwMW")


def text_width(text: str, size: float) -> float:
    """An upper estimate of the width of ``text`` in a sans-serif font of ``size`` px."""
    return size * sum(0.95 if c in _WIDE else 0.75 if c.isupper() else 0.6 for c in text)


def svg_number(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


# -- round ticks -----------------------------------------------------------------
# Paul S. Heckbert, "Nice numbers for graph labels", in A. S. Glassner (ed.),
# Graphics Gems, Academic Press 1990, pp. 61-63: the tick spacing is a "nice"
# number (1, 2 or 5 times a power of ten) near the range divided by the number of
# ticks wanted, and the axis runs from the tick at or below the minimum to the
# tick at or above the maximum ("loose labelling").


def nice_number(x: float, rounded: bool) -> float:
    """Heckbert's ``nicenum``: a number of the form 1, 2, 5 or 10 times a power
    of ten near ``x`` > 0, the nearest (``rounded``) or the smallest not below ``x``."""
    exponent = math.floor(math.log10(x))
    f = x / 10.0**exponent  # 1 <= f < 10
    if rounded:
        nf = 1.0 if f < 1.5 else 2.0 if f < 3.0 else 5.0 if f < 7.0 else 10.0
    else:
        nf = 1.0 if f <= 1.0 else 2.0 if f <= 2.0 else 5.0 if f <= 5.0 else 10.0
    return nf * 10.0**exponent


def nice_ticks(lo: float, hi: float, most: int = 6) -> List[float]:
    """Round tick values for an axis over ``lo``..``hi``.

    Heckbert's loose labelling (1990) asked for ``most`` ticks, then for one
    fewer while it gives more than ``most`` (his spacing is only near the
    number asked for).

    Parameters
    ----------
    lo, hi : float
        The values the axis must show (``hi`` may equal ``lo``).
    most : int
        The most ticks the axis has room for (at least 3).

    Returns
    -------
    list of float
        Equally spaced ticks, the first at or below ``lo`` and the last at or
        above ``hi``; e.g. ``nice_ticks(0, 1_128_438, 9)`` is 0, 200 000, …,
        1 200 000.

    Raises
    ------
    ArgumentError
        For a bound that is not a finite number, ``lo > hi`` or ``most < 3``.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        raise ArgumentError(f"nice_ticks: expected finite lo <= hi, got {lo!r}, {hi!r}")
    if most < 3:
        raise ArgumentError(f"nice_ticks: most must be at least 3, got {most!r}")
    if hi == lo:  # one value: an axis from it to a round step beyond
        hi = lo + (abs(lo) if lo else 1.0)
    for wanted in range(most, 1, -1):
        span = nice_number(hi - lo, False)
        step = nice_number(span / (wanted - 1), True)
        # a hair of tolerance so that 0.3 / 0.1 = 2.9999999999999996 counts as 3
        first = math.floor(lo / step + 1e-9)
        last = math.ceil(hi / step - 1e-9)
        if last - first + 1 <= most:
            break
    digits = max(0, -math.floor(math.log10(step))) + 1
    return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]


def tick_decimals(ticks: Sequence[float]) -> int:
    """The decimals that show equally spaced ``ticks`` exactly (Heckbert's ``nfrac``)."""
    if len(ticks) < 2:
        return 0
    return max(0, -math.floor(math.log10(ticks[1] - ticks[0]) + 1e-9))


# -- labels that do not overlap -----------------------------------------------------
Box = Tuple[float, float, str]  # start, end (px), text


def label_boxes(labels: Sequence[Tuple[float, str]], size: float, lo: float, hi: float) -> List[Box]:
    """Each label centred on its x and moved inside ``lo``..``hi``: (start, end, text)."""
    out = []
    for x, text in labels:
        w = text_width(text, size)
        start = min(max(x - w / 2.0, lo), max(hi - w, lo))
        out.append((start, start + w, text))
    return out


def labels_fit(boxes: Sequence[Box], gap: float) -> bool:
    """Whether boxes in order along an axis are at least ``gap`` apart."""
    return all(b[0] - a[1] >= gap for a, b in zip(boxes, boxes[1:]))


def pick_labels(n: int, fits: Callable[[List[int]], bool]) -> List[int]:
    """Which of ``n`` axis labels in order to show, by one rule for every chart:
    every k-th counted back from the last (the latest is always labelled) for
    the smallest k whose labels ``fits`` accepts, with the first label added
    when it still fits, else the first and the last with a longer step when
    that shows as many ("2017, 2020" rather than "2018, 2020"). Empty when not
    even the last label fits."""

    def every(k: int) -> List[int]:
        return [i for i in range(n) if (n - 1 - i) % k == 0]

    for k in range(1, n + 1):
        chosen = every(k)
        if not fits(chosen):
            continue
        if chosen[0] == 0:
            return chosen
        if fits([0, *chosen]):
            return [0, *chosen]
        for k2 in range(k + 1, n):
            if (n - 1) % k2 == 0 and len(every(k2)) >= len(chosen) and fits(every(k2)):
                return every(k2)
        return chosen
    return []


def thin_labels(labels: Sequence[Tuple[float, str]], size: float, lo: float, hi: float) -> List[Box]:
    """The labels of an axis from ``lo`` to ``hi`` (px) that stand at least half
    the font size apart (:func:`pick_labels`), as (start, end, text)."""

    def boxes(chosen: List[int]) -> List[Box]:
        return label_boxes([labels[i] for i in chosen], size, lo, hi)

    chosen = pick_labels(len(labels), lambda c: labels_fit(boxes(c), size / 2.0))
    return boxes(chosen) if chosen else []


def _text(box: Box, y: float, cls: str, colour: str, size: float = LABEL_SIZE) -> str:
    return (
        f'<text class="{cls}" x="{svg_number(box[0])}" y="{svg_number(y)}" font-size="{svg_number(size)}" '
        f'fill="{colour}">{escape(box[2])}</text>'
    )


def _square(x: float, y: float, r: float, cls: str) -> str:
    """An open square of half-side ``r``: a point apart from the line."""
    return (
        f'<rect class="{cls}" x="{svg_number(x - r)}" y="{svg_number(y - r)}" width="{svg_number(2 * r)}" '
        f'height="{svg_number(2 * r)}" fill="#ffffff" stroke="{LINE_COLOUR}" stroke-width="1.1"/>'
    )


def sparkline(
    points: Sequence[Tuple[float, float]],
    *,
    L: Mapping[str, Any],
    label: str,
    target: Optional[float] = None,
    band: Optional[Tuple[float, float]] = None,
    separate: Optional[Sequence[bool]] = None,
    span: Optional[Tuple[float, float]] = None,
    axis: Sequence[Tuple[float, str]] = (),
    decimals: Optional[int] = None,
    width: int = 90,
    plot_height: int = 24,
) -> str:
    """An inline SVG sparkline of values over time.

    Parameters
    ----------
    points : sequence of (time, value)
        In time order.
    L : dict
        The report's words of a language (``words.REPORT[lang]``): the numbers'
        decimal mark and grouping.
    label : str
        The chart's title (the values in words, for a screen reader and a tooltip).
    target : float, optional
        A dashed line.
    band : (float, float), optional
        A light green field (the range where the value is best).
    separate : sequence of bool, optional
        Per point: drawn apart, as an open square, instead of on the line
        (periods of another kind than the line's, e.g. tertials among years).
        By default every point is on the line.
    span : (float, float), optional
        The times at the left and right ends (default: the points'); the same
        span for every chart of a report makes them comparable.
    axis : sequence of (time, text)
        Labels of the time axis (e.g. years), thinned until none overlaps.
    decimals : int, optional
        The decimals of the lowest and highest values' labels (default: by size).
    width, plot_height : int
        The width, and the height of the field the values are drawn in (px); the
        labels of the highest value above it, of the lowest below it and of the
        axis below those add their own rows.

    Returns
    -------
    str
        An ``<svg class="spark">``: the line is a ``polyline.spark-line``, the
        points ``circle.pt`` (on the line) and ``rect.sep`` (apart), the labels
        ``text.spark-max``, ``text.spark-min`` and ``text.spark-axis``.
    """
    if not points:
        return na()
    flags = [False] * len(points) if separate is None else [bool(x) for x in separate]
    size = LABEL_SIZE
    row = size + 2.0
    top, pad_x, pad_y = row, 4.0, 3.5
    ys = [v for _, v in points]
    extra = ([target] if target is not None else []) + (list(band) if band is not None else [])
    lo, hi = min(ys + extra), max(ys + extra)
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    ts = [t for t, _ in points]
    t0, t1 = span if span is not None else (min(ts), max(ts))

    def X(t: float) -> float:
        if t1 - t0 < 1e-12:
            return width / 2.0
        return pad_x + (t - t0) / (t1 - t0) * (width - 2 * pad_x)

    def Y(v: float) -> float:
        return top + pad_y + (hi - v) / (hi - lo) * (plot_height - 2 * pad_y)

    ticks = thin_labels([(X(t), text) for t, text in axis], size, 0.0, float(width)) if axis else []
    height = top + plot_height + row + (row + 3.0 if ticks else 0.0)  # the last row holds descents
    h = svg_number(height)
    parts = [
        f'<svg class="spark" width="{width}" height="{h}" viewBox="0 0 {width} {h}" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
    ]
    if band is not None:
        y_top, y_bot = Y(max(band)), Y(min(band))
        parts.append(
            f'<rect x="0" y="{svg_number(y_top)}" width="{width}" height="{svg_number(max(y_bot - y_top, 1.0))}" '
            'fill="#dcefdc"/>'
        )
    if target is not None:
        yt = svg_number(Y(target))
        parts.append(
            f'<line x1="0" y1="{yt}" x2="{width}" y2="{yt}" stroke="#555" stroke-width="1" stroke-dasharray="3 2"/>'
        )
    joined = [(t, v) for (t, v), apart in zip(points, flags) if not apart]
    if len(joined) > 1:
        path = " ".join(f"{svg_number(X(t))},{svg_number(Y(v))}" for t, v in joined)
        parts.append(
            f'<polyline class="spark-line" points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5"/>'
        )
    last = len(points) - 1
    for k, ((t, v), apart) in enumerate(zip(points, flags)):
        x, y = X(t), Y(v)
        if apart:
            parts.append(_square(x, y, 2.9 if k == last else 2.2, "sep latest" if k == last else "sep"))
        elif k == last:
            parts.append(
                f'<circle class="pt latest" cx="{svg_number(x)}" cy="{svg_number(y)}" r="2.8" '
                f'fill="{LINE_COLOUR}" stroke="#fff" stroke-width="0.8"/>'
            )
        else:
            parts.append(f'<circle class="pt" cx="{svg_number(x)}" cy="{svg_number(y)}" r="1.6" fill="{LINE_COLOUR}"/>')
    # the highest value above the field and the lowest below it, at their times
    # (the latest of equal values): they cannot touch the line
    k_max = max(range(len(points)), key=lambda k: (ys[k], k))
    k_min = max(range(len(points)), key=lambda k: (-ys[k], k))
    shown = [(k_max, "spark-max", top - 2.0)]
    if ys[k_min] != ys[k_max]:
        shown.append((k_min, "spark-min", top + plot_height + size - 0.5))
    for k, cls, y in shown:
        text = number(ys[k], L, decimals) or ""
        box = label_boxes([(X(points[k][0]), text)], size, 0.0, float(width))[0]
        parts.append(_text(box, y, cls, LINE_COLOUR))
    if ticks:
        # a hairline sets the time axis apart from the values' labels
        y_axis = top + plot_height + row + 0.5
        parts.append(
            f'<line x1="{svg_number(pad_x)}" y1="{svg_number(y_axis)}" x2="{svg_number(width - pad_x)}" '
            f'y2="{svg_number(y_axis)}" stroke="#c8c8c8" stroke-width="0.6"/>'
        )
    for box in ticks:
        parts.append(_text(box, top + plot_height + row + size + 1.5, "spark-axis", AXIS_COLOUR))
    parts.append("</svg>")
    return "".join(parts)


def chart_key(apart: bool) -> str:
    """The mark of a sparkline's points for a legend: a dot on a line, or an
    open square for the points drawn apart."""
    inner = (
        _square(7, 5, 2.7, "sep")
        if apart
        else f'<line x1="0" y1="5" x2="14" y2="5" stroke="{LINE_COLOUR}" stroke-width="1.5"/>'
        f'<circle cx="7" cy="5" r="2" fill="{LINE_COLOUR}"/>'
    )
    return f'<svg class="key" width="14" height="10" viewBox="0 0 14 10" aria-hidden="true">{inner}</svg>'


def stacked_bar(segments: List[Tuple[float, str, str]], *, width: int = 200, height: int = 14) -> str:
    """A horizontal bar of shares (share, css colour, label); the labels are
    also in the SVG title (the numbers are beside it in the table)."""
    total = sum(max(s, 0.0) for s, _, _ in segments)
    label = "; ".join(f"{lab}" for s, _, lab in segments if s > 0)
    parts = [
        f'<svg class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f4f4f4"/>',
    ]
    if total > 0:
        x = 0.0
        for s, colour, _ in segments:
            w = max(s, 0.0) / total * width
            if w > 0:
                parts.append(
                    f'<rect x="{svg_number(x)}" y="0" width="{svg_number(w)}" height="{height}" fill="{colour}"/>'
                )
                x += w
    parts.append("</svg>")
    return "".join(parts)


# own money and external funding in the proposed allocation


def amount_bar(
    segments: List[Tuple[float, str]], scale: float, *, label: str, width: int = 220, height: int = 14
) -> str:
    """A horizontal bar of amounts (amount, css colour) drawn to a common
    ``scale`` (the largest bar fills the width), so that bars of different rows
    compare; the label is the SVG's title (the numbers are beside it)."""
    parts = [
        f'<svg class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>',
        f'<line x1="0" y1="0" x2="0" y2="{height}" stroke="#8a8a8a" stroke-width="1"/>',
    ]
    x = 0.0
    if scale > 0 and math.isfinite(scale):
        for amount, colour in segments:
            w = max(float(amount), 0.0) / scale * width if math.isfinite(float(amount)) else 0.0
            if w > 0:
                parts.append(
                    f'<rect x="{svg_number(x)}" y="1" width="{svg_number(w)}" height="{height - 2}" fill="{colour}" '
                    'stroke="#ffffff" stroke-width="0.6"/>'
                )
                x += w
    parts.append("</svg>")
    return "".join(parts)


def swatch(colour: str) -> str:
    return (
        f'<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
        f'<rect x="0" y="0" width="12" height="12" fill="{colour}"/></svg>'
    )
