"""Small inline SVG charts for the report: sparklines and bars."""

import math
from typing import List, Optional, Tuple

from .html import na
from .values import escape


def svg_number(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def sparkline(
    points: List[Tuple[float, float]],
    *,
    target: Optional[float],
    band: Optional[Tuple[float, float]],
    label: str,
    width: int = 120,
    height: int = 34,
) -> str:
    """An inline SVG sparkline: the values over time, the latest marked, the
    target as a dashed line and a band as a light field."""
    if not points:
        return na()
    pad_x, pad_y = 4.0, 4.0
    ys = [v for _, v in points]
    extra = [target] if target is not None else []
    if band is not None:
        extra += list(band)
    lo, hi = min(ys + extra), max(ys + extra)
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    span = hi - lo
    lo, hi = lo - 0.08 * span, hi + 0.08 * span
    ts = [t for t, _ in points]
    t0, t1 = min(ts), max(ts)

    def X(t: float) -> float:
        if t1 - t0 < 1e-12:
            return width / 2.0
        return pad_x + (t - t0) / (t1 - t0) * (width - 2 * pad_x)

    def Y(v: float) -> float:
        return pad_y + (hi - v) / (hi - lo) * (height - 2 * pad_y)

    parts = [
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
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
    if len(points) > 1:
        path = " ".join(f"{svg_number(X(t))},{svg_number(Y(v))}" for t, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f4e79" stroke-width="1.5"/>')
    for t, v in points[:-1]:
        parts.append(f'<circle cx="{svg_number(X(t))}" cy="{svg_number(Y(v))}" r="1.6" fill="#1f4e79"/>')
    t, v = points[-1]
    parts.append(
        f'<circle cx="{svg_number(X(t))}" cy="{svg_number(Y(v))}" r="2.8" fill="#1f4e79" stroke="#fff" '
        'stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


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
