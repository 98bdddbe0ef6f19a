"""The report's section "Hur säkra är resultaten?" / "How sure are the results?":
for the report's unit and period, how sure each focus area's status is (the
share of the sensitivity analysis' calculations that give it), the unit's rank
interval among the units it is compared with, and which uncertain choice
matters most. Made from a :class:`styrkort.sensitivity.Sensitivity`
(:func:`styrkort.sensitivity`); without one the report has no such section.
Every user text (names of inputs, focus areas, units) is escaped with ``_e``."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from .._display.html import badge as _badge
from .._display.html import na as _na
from .._display.numbers import number as _number
from .._display.numbers import percent as _percent
from .._display.values import escape as _e
from .._display.values import text as _text
from .._display.words import SENSITIVITY as WORDS
from .._vocabulary import STATUSES
from ..errors import ArgumentError


def check(sens: Any, unit: str, period: str) -> None:
    """That ``sens`` is a sensitivity result for the report's unit and period."""
    from ..sensitivity import Sensitivity

    if sens is None:
        return
    if not isinstance(sens, Sensitivity):
        raise ArgumentError(
            f"render_report: sensitivity must be a styrkort.sensitivity.Sensitivity, got {type(sens).__name__}"
        )
    if str(sens.period) != str(period):
        raise ArgumentError(
            f"render_report: the sensitivity analysis is of period {sens.period!r}, the report of {period!r} "
            "(run styrkort.sensitivity with period= the report's period)"
        )
    if unit not in sens.units:
        raise ArgumentError(f"render_report: the sensitivity analysis has no unit {unit!r}")


def share(p: float, L: Any) -> str:
    """A probability as a percentage that never rounds to a certainty it is not:
    "92 %", "< 1 %", "> 99 %"."""
    if 0 < p < 0.005:
        return "<\u00a0" + (_percent(0.01, L) or "")
    if 0.995 <= p < 1:
        return ">\u00a0" + (_percent(0.99, L) or "")
    return _percent(p, L) or ""


def _status_changes(sens: Any, o: int, u: int) -> Optional[np.ndarray]:
    """Per input, the share of the Sobol' design's rows where changing that
    input alone (AB_i against A) changes the status of output ``o`` of unit ``u``;
    None for a Monte Carlo design."""
    if sens.method != "sobol":
        return None
    status = sens.samples["status"]
    d = len(sens.inputs)
    rows = d + 2
    s = status[:, o, u].reshape(-1, rows)
    return np.asarray([(s[:, 1 + i] != s[:, 0]).mean() for i in range(d)])


def _total_indices(sens: Any, o: int, u: int) -> Optional[np.ndarray]:
    """The total Sobol' indices of output ``o`` of unit ``u``, or None when
    some are not defined (the score not assessable in some calculation)."""
    if sens.method != "sobol":
        return None
    st = np.asarray(sens._raw["ST"])[o, u, :].astype(float)
    return st if np.isfinite(st).all() else None


def _siblings(r: Any) -> int:
    parent = r.unit_parent.get(r.unit, "")
    return sum(1 for u, p in r.unit_parent.items() if p == parent)


def section(r: Any, sens: Any) -> str:
    """The section's HTML for the report ``r`` (a ``_Report``)."""
    W, L = WORDS[r.lang], r.L
    raw = sens._raw
    u = sens.units.index(r.unit)
    names = [_text(x.get("name")) for x in sens.inputs]
    fa = r.s.focus_areas.copy()
    fa["_order"] = range(len(fa))
    fa = fa.sort_values(["priority", "_order"], na_position="last", kind="stable")
    rows: List[Tuple[str, int]] = [
        (str(n), sens.nodes.index(str(n))) for n in fa["id"] if str(n) in sens.nodes and r.shown(str(n))
    ]
    n_eval = _number(sens.n_evaluations, L, 0)
    inputs = ", ".join(_e(x) for x in names)
    out = [
        f'<section id="sensitivity" class="sensitivity"><h2>{_e(W["heading"])}</h2>'
        f'<p class="intro">'
        + _e(W["intro"]).format(
            unit=_e(r.unit_label(r.unit)), period=_e(r.period), evaluations=_e(n_eval), inputs=inputs
        )
        + "</p>"
    ]
    ranked = sens.rank_node is not None and _siblings(r) > 1
    rank_cells: Dict[str, str] = {}
    if ranked:
        for node, o in rows:
            nominal = float(raw["nominal_rank"][o, u])
            lo, hi = float(raw["rank_q05"][o, u]), float(raw["rank_q95"][o, u])
            if not nominal > 0 or math.isnan(lo):
                rank_cells[node] = _na()
                continue
            k = _number(nominal, L, 0)
            if lo == hi == nominal:
                rank_cells[node] = _e(W["rank_fixed"].format(rank=k))
            else:
                rank_cells[node] = _e(
                    W["rank_range"].format(rank=k, low=_number(math.floor(lo), L, 0), high=_number(math.ceil(hi), L, 0))
                )
        ranked = any(c != _na() for c in rank_cells.values())
    sobol = sens.method == "sobol"
    widths = [26, 13, 19, 17] + ([12] if ranked else []) + ([13] if sobol else [])
    scale = 100 / sum(widths)
    cols = "<colgroup>" + "".join(f'<col style="width:{round(w * scale)}%">' for w in widths) + "</colgroup>"
    head = (
        f'<table class="r sens">{cols}<thead><tr><th>{_e(W["focus_area"])}</th><th>{_e(W["status"])}</th>'
        f"<th>{_e(W['sure'])}</th><th>{_e(W['other'])}</th>"
        + (f"<th>{_e(W['rank'])}</th>" if ranked else "")
        + (f"<th>{_e(W['matters'])}</th>" if sobol else "")
        + "</tr></thead><tbody>"
    )
    out.append(head)
    st_sum = np.zeros(len(names))
    st_count = 0
    changes_sum = np.zeros(len(names))
    for node, o in rows:
        p = np.asarray(raw["status_probability"][o, u, :], dtype=float)
        status = STATUSES[int(raw["nominal_status"][o, u])]
        code = STATUSES.index(status)
        sure = _e(W["sure_text"]).format(
            status=_e(L["status_word"].get(status, status)), share=f"<b>{_e(share(p[code], L))}</b>"
        )
        others = [
            f"{L['status_word'].get(STATUSES[c], STATUSES[c])} {share(p[c], L)}"
            for c in np.argsort(-p, kind="stable")
            if c != code and p[c] > 0
        ]
        matters = ""
        if sobol:
            st = _total_indices(sens, o, u)
            ch = _status_changes(sens, o, u)
            if ch is not None:
                changes_sum += ch
            if st is not None:
                st_sum += st
                st_count += 1
                best = int(np.argmax(st)) if st.max() > 1e-9 else -1
            else:
                best = int(np.argmax(ch)) if ch is not None and ch.max() > 0 else -1
            matters = f"<td>{_e(names[best]) if best >= 0 else _e(W['matters_none'])}</td>"
        out.append(
            f'<tr data-node="{_e(node)}"><td>{_e(r.node_name(node))}{r.id_tag(node)}</td>'
            f'<td class="status">{_badge(status, L)}</td>'
            f'<td data-probability="{p[code]:.6f}">{sure}</td>'
            f"<td>{_e(', '.join(others)) if others else _e(W['other_none'])}</td>"
            + (f"<td>{rank_cells.get(node, _na())}</td>" if ranked else "")
            + matters
            + "</tr>"
        )
    out.append("</tbody></table>")
    notes: List[str] = []
    if ranked:
        notes.append(_e(W["rank_intro"].format(units=_number(_siblings(r), L, 0))))
    if sobol and rows:
        if st_count == len(rows) and st_sum.max() > 1e-9:
            best = int(np.argmax(st_sum))
            notes.append(
                _e(W["most"]).format(input=f"<b>{_e(names[best])}</b>", share=_e(share(st_sum[best] / st_count, L)))
            )
        elif changes_sum.max() > 0:
            notes.append(_e(W["most_status"]).format(input=f"<b>{_e(names[int(np.argmax(changes_sum))])}</b>"))
        else:
            notes.append(_e(W["nothing"]))
        shift = raw["rank_shift_indices"]
        if ranked and shift["ST"] and np.isfinite(shift["ST"]).all() and max(shift["ST"]) > 1e-9:
            notes.append(_e(W["most_rank"]).format(input=f"<b>{_e(names[int(np.argmax(shift['ST']))])}</b>"))
    notes.append(_e((W["method"] if sobol else W["method_mc"]).format(evaluations=n_eval)))
    out.extend(f"<p>{x}</p>" for x in notes)
    out.append("</section>")
    return "".join(out)
