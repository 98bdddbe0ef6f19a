"""The report's first page: the board's summary.

Per focus area in priority order (or, in a strategy without focus areas, the
top kind of goals it has): its status with the reason, the change since the
previous period of the same kind, the one or two parts that decided it, and
the warnings that concern what the page shows. Used by :mod:`styrkort.report`;
every user text is escaped with ``_e``.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .._display.html import badge as _badge
from .._display.numbers import number as _number
from .._display.values import escape as _e
from .._display.values import is_missing as _missing
from .._display.values import text as _text
from ._reasons import COLOURS

# the kinds the summary lists when the strategy has no focus areas, in order of preference
SUMMARY_KINDS = ("focus_area", "goal", "direction", "sub_goal", "vision")
# the warnings that make a status on the first page rest on thin ground
SUMMARY_WARNINGS = ("missing_target", "low_coverage", "subunit_values_only", "imputed", "unreachable_threshold")
CHANGE_ARROWS = {"better": "↑", "worse": "↓", "same": "→"}


def breakable(name: str) -> str:
    """A name escaped, with a line-break opportunity after each slash
    ("föreningsliv/organisationer" in a narrow column)."""
    return _e(name).replace("/", "/<wbr>")


def summary_kind(r: Any) -> Optional[str]:
    """The kind of node the summary lists: focus areas, else the first kind of goal the strategy has."""
    kinds = set(r.s.nodes["kind"].astype(str))
    return next((k for k in SUMMARY_KINDS if k in kinds), None)


def summary_nodes(r: Any) -> List[str]:
    """The nodes the summary lists, in priority order (focus areas) or node order, those shown for the unit."""
    kind = summary_kind(r)
    if kind is None:
        return []
    table = r.s.focus_areas if kind == "focus_area" else r.s.nodes[r.s.nodes["kind"] == kind]
    return [str(n) for n in table["id"] if str(n) not in r.left_out]


def change(r: Any, node: str) -> Tuple[str, str]:
    """How the node's status changed since the previous period of the same
    kind: better, worse, same, new (no colour then), none (no colour now) or
    first (no previous period), and the detail in words."""
    L = r.L
    if r.previous is None:
        return "first", ""
    now, before = r.current.get(node) or {}, r.row_at(node, r.previous) or {}
    s_now, s_before = _text(now.get("status")), _text(before.get("status"))
    was = L["change_was"].format(period=r.previous, status=L["status_word"].get(s_before or "not_assessable", ""))
    if s_now not in COLOURS:
        return "none", was
    if s_before not in COLOURS:
        return "new", was
    step = COLOURS.index(s_now) - COLOURS.index(s_before)
    if step:
        return ("better" if step > 0 else "worse"), was
    old, new = before.get("score"), now.get("score")
    if _missing(old) or _missing(new):
        return "same", ""
    return "same", L["change_score"].format(old=_number(old, L, 0), new=_number(new, L, 0))


def part_facts(r: Any, node: str) -> str:
    """A part's outcome and target ("22 st, mål 80") or, for a goal, its score."""
    L = r.L
    info = r.node_info.get(node, {})
    row = r.current.get(node) or {}
    if _text(info.get("kind")) != "indicator":
        s = _number(row.get("score"), L, 0)
        return f"{L['score']} {s}" if s else ""
    latest = r.latest_value(node)
    if latest is None:
        return ""
    uom = _text(info.get("unit_of_measure"))
    value = (_number(latest["value"], L) or "") + (f"\u00a0{uom}" if uom else "")
    target = _number(row.get("target"), L)
    return L["outcome_target"].format(value=value, target=target) if target else value


def deciding_cell(r: Any, node: str) -> str:
    L = r.L
    parts, missing = r.explain.deciding(node)
    items = []
    for p in parts:
        row = r.current.get(p) or {}
        facts = part_facts(r, p)
        why = r.explain.reason(p)
        line = " ".join(x for x in (f"{facts}." if facts else "", why) if x)
        items.append(
            f'<li data-node="{_e(p)}">{_badge(_text(row.get("status")) or "not_assessable", L)} '
            f'<span class="part-name">{_e(r.node_name(p))}</span>{r.id_tag(p)}'
            + (f'<span class="reason">{_e(line)}</span>' if line else "")
            + "</li>"
        )
    if missing:
        names = ", ".join(r.node_name(p) for p in missing)
        items.append(f'<li class="missing">{_e(L["decided_missing"].format(names=names))}</li>')
    if not items:
        return f'<td class="decided"><span class="small">{_e(L["decided_none"])}</span></td>'
    return f'<td class="decided"><ul class="parts">{"".join(items)}</ul></td>'


def rules_block(r: Any, nodes: Sequence[str]) -> str:
    """The status rules of ``nodes`` in words, each distinct rule once (with
    the names of the nodes it is for when they differ)."""
    L = r.L
    groups: Dict[str, List[str]] = {}
    for n in nodes:
        text = r.explain.rule(n)
        if text:
            groups.setdefault(text, []).append(n)
    if not groups:
        return ""
    head = f"<strong>{_e(L['rules_heading'])}:</strong> "
    if len(groups) == 1:
        return f'<p class="rule small">{head}{_e(next(iter(groups)))}</p>'
    items = "".join(
        f"<li>{_e(L['rules_for'].format(names=', '.join(r.node_name(n) for n in members), rule=text))}</li>"
        for text, members in groups.items()
    )
    return f'<div class="rule small">{head}<ul>{items}</ul></div>'


def left_out_line(r: Any) -> str:
    """One line naming what the report leaves out for the unit, and why."""
    L = r.L
    if not r.left_out:
        return ""
    groups = []
    for why in ("not_applicable", "empty"):
        names = [r.node_name(n) for n in r.node_info if r.left_out.get(n) == why]
        if names:
            groups.append(L["left_out_group"][why].format(names=", ".join(names)))
    text = L["left_out"].format(unit=r.unit_label(r.unit), groups="; ".join(groups))
    return f'<p class="small left-out">{_e(text)}</p>'


def board_summary(r: Any) -> str:
    """The first page: the focus areas' statuses, reasons, changes and what decided them."""
    L = r.L
    kind = summary_kind(r)
    nodes = summary_nodes(r)
    out = [f'<section id="board-summary" class="board"><h2>{_e(L["board_summary"])}</h2>']
    kinds = L["kind_plural"].get(kind or "focus_area", "")
    out.append(
        f'<p class="intro">{_e(L["board_intro"].format(kinds=kinds, unit=r.unit_label(r.unit), period=r.period))}</p>'
    )
    counts = r.counts().get(kind or "")
    if kind == "focus_area" and counts and counts["n"]:
        out.append(f'<p class="lead">{_e(L["summary_sentence"].format(**counts))}</p>')
    out.append(rules_block(r, nodes))
    if nodes:
        head_change = L["board_change"].format(period=r.previous) if r.previous else L["board_change_none"]
        prio = kind == "focus_area"
        cols = ([6] if prio else []) + [19, 27, 12]
        cols.append(100 - sum(cols))
        out.append(
            '<table class="r board"><colgroup>'
            + "".join(f'<col style="width:{w}%">' for w in cols)
            + "</colgroup><thead><tr>"
            + (f'<th class="num">{_e(L["priority"])}</th>' if prio else "")
            + f"<th>{_e(L['kind_name'].get(kind or '', ''))}</th><th>{_e(L['board_status'])}</th>"
            f"<th>{_e(head_change)}</th><th>{_e(L['board_decided'])}</th></tr></thead><tbody>"
        )
        for n in nodes:
            info = r.node_info.get(n, {})
            row = r.current.get(n)
            key, detail = change(r, n)
            arrow = CHANGE_ARROWS.get(key)
            change_html = (
                '<span class="change-word">'
                + (f'<span class="arrow" aria-hidden="true">{arrow}</span> ' if arrow else "")
                + f"{_e(L['change_word'][key])}</span>"
                + (f'<span class="state">{_e(detail)}</span>' if detail else "")
            )
            p = _number(info.get("priority"), L, 0)
            out.append(
                f'<tr data-summary-node="{_e(n)}">'
                + (f'<td class="num">{_e(p) if p else ""}</td>' if prio else "")
                + f'<td><span class="bigdot">{breakable(r.node_name(n))}</span>{r.id_tag(n)}</td>'
                f'<td class="status">{r.status_cell(row)}</td>'
                f'<td class="change" data-change="{key}">{change_html}</td>{deciding_cell(r, n)}</tr>'
            )
        out.append("</tbody></table>")
        out.append(f'<p class="small">{_e(L["decided_rule"])}</p>')
    # the warnings about what this page shows: the listed nodes and everything below them
    below = set(nodes)
    todo = list(nodes)
    while todo:
        for c in r.explain.children.get(todo.pop(), []):
            if c not in below and c not in r.left_out:
                below.add(c)
                todo.append(c)
    warnings = [(code, text) for code, text, node in r.warnings() if node in below and code in SUMMARY_WARNINGS]
    if warnings:
        items = "".join(f'<li data-code="{_e(code)}">{_e(text)}</li>' for code, text in warnings)
        out.append(
            f'<aside class="note warnings" role="note"><p><strong>{_e(L["warnings_heading"])}:</strong> '
            f"{_e(L['summary_warnings_intro'])}</p><ul>{items}</ul></aside>"
        )
    out.append(left_out_line(r))
    out.append("</section>")
    return "".join(out)


def counts_of(statuses: Sequence[str]) -> Dict[str, int]:
    """How many of ``statuses`` are fulfilled, partly, not fulfilled and not assessable."""
    groups = {
        "fulfilled": ("green",),
        "partly": ("yellow", "orange"),
        "not_fulfilled": ("red",),
        "not_assessable": ("not_assessable",),
    }
    out = {g: sum(1 for s in statuses if s in members) for g, members in groups.items()}
    out["n"] = sum(out.values())
    return out


def share(count: int, n: int) -> float:
    return count / n if n else math.nan
