"""Why each status, in the report's language.

The engine says why a cell has its status in English (``reason`` of
:meth:`Evaluation.table <styrkort.Evaluation.table>`, built in
``cpp/src/explain.cpp``). The report says the same in its own language, from
the same data: the node's status rule and thresholds (``Strategy.nodes``), the
statuses and scores of its parts, the coverage counts
(:attr:`Evaluation.indicators_present <styrkort.Evaluation.indicators_present>`)
and the cell flags (:meth:`Evaluation.flagged <styrkort.Evaluation.flagged>`).
It follows explain.cpp case by case; a test checks the two against each other
on every cell of the embedded example.

:class:`Explainer` also states a node's status rule in words and picks the
parts that decided a status, for the board's summary.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from .._display.numbers import number as _number
from .._display.values import is_missing as _missing
from .._display.values import text as _text

# colours from worst to best, as the engine orders them (red < orange < yellow < green)
COLOURS = ("red", "orange", "yellow", "green")
# the engine's tolerance on a threshold: a relative 1e-9 of the scale (status_rules.hpp)
TOLERANCE = 1e-9
# a part of an SDG-dashboard position's scale, as status_rules.cpp computes it
_MISSING = float("nan")


def _reaches(x: float, threshold: float, scale: float) -> bool:
    return x >= threshold - TOLERANCE * scale


def _float(x: Any) -> float:
    return float("nan") if _missing(x) else float(x)


def dashboard_position(x: float, direction: str, worst: float, red: float, green: float, best: float) -> float:
    """A raw value's place on the SDSN 0..4 scale (``dashboard_position`` of
    status_rules.cpp): it orders parts of the same colour, worst first."""
    if math.isnan(x):
        return _MISSING
    s = -1.0 if direction == "lower_is_better" else 1.0
    v, w, r, g, b = s * x, s * worst, s * red, s * green, s * best
    m = 0.5 * (r + g)

    def part(v: float, lo: float, hi: float) -> float:
        return min(max((v - lo) / (hi - lo), 0.0), 1.0) if hi > lo else 0.5

    if v < r:
        return 0.5 if math.isnan(w) else part(v, w, r)
    if v < m:
        return 1.0 + part(v, r, m)
    if v < g:
        return 2.0 + part(v, m, g)
    return 3.5 if math.isnan(b) else 3.0 + part(v, g, b)


class Explainer:
    """The reasons, rules and deciding parts of one unit and period.

    Parameters
    ----------
    ev : Evaluation
    unit, period : str
    L : mapping
        The report's words (``_display.words.REPORT[lang]``).
    current : mapping
        Node id -> its row of ``ev.table(unit=unit)`` for the period.
    """

    def __init__(self, ev: Any, unit: str, period: str, L: Mapping[str, Any], current: Mapping[str, dict]):
        self.ev, self.L, self.current = ev, L, current
        self.unit, self.period = unit, period
        nodes = ev.strategy.nodes
        self.info: Dict[str, dict] = {str(r["id"]): r for r in nodes.to_dict("records")}
        self.order = {str(k): i for i, k in enumerate(nodes["id"])}
        # the children of each node through links of positive weight, in node order
        children: Dict[str, List[str]] = {}
        for rec in nodes.to_dict("records"):
            weights = list(rec.get("weights") or [])
            for k, p in enumerate(rec.get("parents") or []):
                w = float(weights[k]) if k < len(weights) else 1.0
                if w > 0:
                    children.setdefault(str(p), []).append(str(rec["id"]))
        self.children = children
        self.n = {str(k): i for i, k in enumerate(ev.node_ids)}.__getitem__
        self.u = ev.unit_ids.index(unit)
        self.t = ev.periods.index(period)
        self.aggregate = {int(n): k for k, n in enumerate(ev.aggregate_nodes)}
        self.flags: Dict[str, np.ndarray] = {}
        w = ev.warnings
        self.no_target_any = set(w.loc[(w["code"] == "missing_target") & w["unit"].isna(), "node"].astype(str))

    # -- data ----------------------------------------------------------------
    def flag(self, node: str, name: str) -> bool:
        if name not in self.flags:  # the unit's and period's flags of every node, once per flag
            self.flags[name] = self.ev.flagged(name)[:, self.u, self.t]
        return bool(self.flags[name][self.n(node)])

    def row(self, node: str) -> dict:
        return self.current.get(node) or {}

    def status(self, node: str) -> str:
        return _text(self.row(node).get("status")) or "not_assessable"

    def computed(self, node: str) -> str:
        r = self.row(node)
        return _text(r.get("computed_status")) or _text(r.get("status")) or "not_assessable"

    def score(self, node: str) -> float:
        return _float(self.row(node).get("score"))

    def applies(self, node: str) -> bool:
        """Declared applicable to the unit (not in the node's ``not_applicable``)."""
        return self.unit not in [str(u) for u in (self.info.get(node, {}).get("not_applicable") or [])]

    def parts(self, node: str) -> List[str]:
        """The node's parts for the unit: children by links of positive weight
        that are declared applicable to it."""
        return [c for c in self.children.get(node, []) if self.applies(c)]

    def parts_kind(self, parts: Sequence[str]) -> str:
        """The parts' noun: "indicator" when every part is an indicator, else "part"."""
        kinds = {_text(self.info.get(p, {}).get("kind")) for p in parts}
        return "indicator" if parts and kinds == {"indicator"} else "part"

    def position(self, node: str) -> float:
        info = self.info.get(node, {})
        if _text(info.get("kind")) != "indicator" or _text(info.get("status_rule")) != "sdg_dashboard":
            return _MISSING
        return dashboard_position(
            _float(self.row(node).get("value")),
            _text(info.get("direction")),
            _float(info.get("worst")),
            _float(info.get("status_red")),
            _float(info.get("status_green")),
            _float(info.get("best")),
        )

    def worst_first(self, parts: Sequence[str]) -> List[str]:
        """The parts with a colour, worst first: by colour, then (within a
        colour) by SDG-dashboard position, a missing position last (as the
        engine orders them)."""
        coloured = [p for p in parts if self.status(p) in COLOURS]

        def key(p: str) -> Tuple[int, int, float]:
            pos = self.position(p)
            return (COLOURS.index(self.status(p)), int(math.isnan(pos)), 0.0 if math.isnan(pos) else pos)

        return sorted(coloured, key=key)  # stable: node order within ties

    # -- numbers in words ------------------------------------------------------
    @staticmethod
    def decimals(x: float, most: int = 3) -> int:
        """The fewest decimals (up to ``most``) that write ``x`` exactly."""
        for d in range(most + 1):
            if abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)):
                return d
        return most

    def fmt(
        self,
        x: float,
        thresholds: Sequence[float] = (),
        scale: float = 100.0,
        start: Optional[int] = 0,
        lower: bool = False,
    ) -> str:
        """``x`` with the fewest decimals (from ``start``; None: as many as
        ``x`` has, up to 3) that keep every comparison with ``thresholds`` (as
        they are written) as the engine made it: a score of 74.6 under a
        threshold of 75 is "74,6", never "75". ``lower``: lower is better (a
        value reaches a threshold from above)."""
        pairs = [(round(t, self.decimals(t)), t) for t in thresholds if math.isfinite(t)]
        first = self.decimals(x) if start is None else start
        for d in range(first, 7):
            y = round(x, d)
            if all(
                ((y <= shown) == _reaches(-x, -t, scale)) if lower else ((y >= shown) == _reaches(x, t, scale))
                for shown, t in pairs
            ):
                return _number(y, self.L, d) or ""
        return _number(x, self.L) or ""

    def value(self, x: float, thresholds: Sequence[float] = (), scale: float = 1.0, lower: bool = False) -> str:
        """A raw value or threshold, with its own decimals (more only where a threshold needs them)."""
        return self.fmt(x, thresholds, scale=scale, start=None, lower=lower)

    def share(self, x: float, thresholds: Sequence[float] = ()) -> str:
        """A share as a percentage, its decimals consistent with the thresholds' (shares of 1)."""
        return self.fmt(100.0 * x, [100.0 * t for t in thresholds], scale=100.0) + "\u00a0%"

    def word(self, status: str) -> str:
        return str(self.L["status_word"].get(status, status)).lower()

    def name(self, node: str) -> str:
        return _text(self.info.get(node, {}).get("name")) or node

    # -- the reason ----------------------------------------------------------
    def reason(self, node: str) -> str:
        """Why the node has its computed status, in the report's words ("" where
        the engine gives none). Under a manual assessment that is what the rule
        gave; the assessment's own reason is its comment."""
        key, values = self.reason_parts(node)
        if not key:
            return ""
        text = str(self.L["reason"][key]).format(**values)
        if key.startswith("score_") and self.flag(node, "imputed"):
            text = f"{self.L['reason']['imputed']} {text}"
        return text

    def reason_parts(self, node: str) -> Tuple[str, Dict[str, str]]:
        """The reason's case (a key of ``L["reason"]``) and its numbers and names as text."""
        info = self.info.get(node, {})
        status = self.computed(node)
        if self.flag(node, "not_scored"):
            s = self.score(node)
            return ("not_scored_none", {}) if math.isnan(s) else ("not_scored", {"score": self.fmt(s)})
        if status == "not_applicable":
            return ("not_applicable" if not self.applies(node) else "no_applicable_parts"), {}
        rule = _text(info.get("status_rule"))
        green, yellow = _float(info.get("status_green")), _float(info.get("status_yellow"))
        orange, red = _float(info.get("status_orange")), _float(info.get("status_red"))
        if _text(info.get("kind")) == "indicator":
            x = _float(self.row(node).get("value"))
            if status == "not_assessable":
                if math.isnan(x) and not self.flag(node, "imputed"):
                    return "no_value", {}
                if _text(info.get("direction")) != "band" and node in self.no_target_any:
                    return "no_target_any", {}
                if self.flag(node, "missing_target"):
                    return "no_target_unit", {}
                if self.flag(node, "whole_thresholds"):
                    return "whole_thresholds", {}
                return "no_score", {"value": self.value(x)}
            if rule == "sdg_dashboard":
                scale = abs(green - red)
                t = [green, red, 0.5 * (green + red)]
                lower = _text(info.get("direction")) == "lower_is_better"
                words = {
                    "value": self.value(x, t, scale, lower),
                    "green": self.value(green),
                    "red": self.value(red),
                    "mid": self.value(0.5 * (green + red)),
                }
                return f"dashboard_{status}", words
        elif status == "not_assessable":
            return self.not_assessable_parts(node, info)
        if status == "not_assessable":
            return "not_assessable", {}
        if rule == "score_bands":
            s = self.score(node)
            t = [green, yellow, orange]
            words = {
                "score": self.fmt(s, t),
                "green": self.value(green),
                "yellow": self.value(yellow),
                "orange": self.value(orange) if math.isfinite(orange) else "",
                "limit": self.value(orange if math.isfinite(orange) else yellow),
            }
            return f"score_{status}", words
        return self.children_parts(node, status, rule, green, yellow)

    def not_assessable_parts(self, node: str, info: Mapping[str, Any]) -> Tuple[str, Dict[str, str]]:
        k = self.aggregate.get(self.n(node))
        need = _float(info.get("min_indicator_coverage"))
        if k is not None:
            have = int(self.ev.indicators_present[k, self.u, self.t])
            total = int(self.ev.indicators_total[k, self.u, self.t])
            coverage = have / total if total else 0.0
            if total > 0 and not _reaches(coverage, need, 1.0):
                return "low_coverage", {
                    "have": str(have),
                    "total": str(total),
                    "share": self.share(coverage, [need]),
                    "need": self.share(need, [coverage]),
                }
        parts = self.parts(node)
        scored = sum(1 for p in parts if not math.isnan(self.score(p)))
        if scored == 0:
            return "no_part_scored", {"n": str(len(parts))}
        share, min_coverage = scored / len(parts), _float(info.get("min_coverage"))
        return "few_parts_scored", {
            "scored": str(scored),
            "n": str(len(parts)),
            "share": self.share(share, [min_coverage]),
            "need": self.share(min_coverage, [share]),
        }

    def children_parts(
        self, node: str, status: str, rule: str, green: float, yellow: float
    ) -> Tuple[str, Dict[str, str]]:
        parts = self.parts(node)
        ordered = self.worst_first(parts)
        n = len(ordered)
        if rule == "share_green":
            g = sum(1 for p in ordered if self.status(p) == "green")
            y = sum(1 for p in ordered if self.status(p) in ("yellow", "green"))
            gs, ys = (g / n if n else 0.0), (y / n if n else 0.0)
            counts = self.L["parts_count"][self.parts_kind(ordered or parts)]
            words = {
                "green": str(g),
                "n": str(n),
                "parts": counts[0 if n == 1 else 1],
                "share": self.share(gs, [green]),
                "need": self.share(green, [gs]),
                "yellow": str(y),
                "yellow_share": self.share(ys, [yellow]),
                "yellow_need": self.share(yellow, [ys]) if math.isfinite(yellow) else "",
            }
            if status == "green":
                return "share_green", words
            if status == "yellow":
                return "share_yellow", words
            return ("share_red" if math.isfinite(yellow) else "share_red_no_yellow"), words
        if rule in ("worst", "two_worst"):
            if not n:
                return "no_colour", {}
            first = {"part": self.name(ordered[0]), "status": self.word(self.status(ordered[0]))}
            if rule == "worst":
                return "worst", first
            if n == 1:
                return "one_part", first
            return "two_worst", {
                "first": first["part"],
                "first_status": first["status"],
                "second": self.name(ordered[1]),
                "second_status": self.word(self.status(ordered[1])),
            }
        return "", {}

    # -- the rule in words -----------------------------------------------------
    def fraction(self, x: float) -> str:
        """A share as a fraction in words ("hälften") where it is one, else a percentage."""
        for key, words in self.L["fraction"].items():
            a, b = (float(v) for v in key.split("/"))
            if abs(x - a / b) < 1e-9:
                return str(words)
        return self.fmt(100.0 * x, start=None) + "\u00a0%"

    def rule(self, node: str) -> str:
        """The node's status rule in words ("" for an indicator's rule)."""
        info = self.info.get(node, {})
        if _text(info.get("kind")) == "indicator":
            return ""
        R = self.L["rule"]
        parts = self.L["parts_definite"][self.parts_kind(self.children.get(node, []))]
        method = _text(info.get("status_rule"))
        green, yellow = _float(info.get("status_green")), _float(info.get("status_yellow"))
        orange = _float(info.get("status_orange"))
        if method == "share_green":
            key = "share_green" if math.isfinite(yellow) else "share_green_no_yellow"
            text = R[key].format(green=self.fraction(green), yellow=self.fraction(yellow), parts=parts)
        elif method == "score_bands":
            o = R["score_bands_orange"].format(orange=self.value(orange)) if math.isfinite(orange) else ""
            text = R["score_bands"].format(parts=parts, green=self.value(green), yellow=self.value(yellow), orange=o)
        elif method in ("worst", "two_worst"):
            text = R[method].format(parts=parts)
        else:
            return ""
        extra = []
        need = _float(info.get("min_indicator_coverage"))
        if math.isfinite(need) and need > 0:
            extra.append(R["coverage"].format(need=self.fraction(need)))
        parts_need = _float(info.get("min_coverage"))
        if math.isfinite(parts_need) and parts_need > 0:
            extra.append(R["min_parts"].format(need=self.fraction(parts_need), parts=parts))
        return " ".join([text] + extra)

    # -- what decided a status -------------------------------------------------
    def deciding(self, node: str, k: int = 2) -> Tuple[List[str], List[str]]:
        """The parts that decided the node's computed status, at most ``k``,
        and the parts without a score (for a status that cannot be assessed).

        For what is fulfilled, the best-rated of the fulfilled parts (highest
        score first); otherwise the parts that pulled the status down (worst
        colour first, then the lowest score). Under the rules ``worst`` and
        ``two_worst``, the part or two parts the rule took.
        """
        parts = self.parts(node)
        status = self.computed(node)
        missing = [p for p in parts if self.status(p) not in COLOURS and self.status(p) != "not_applicable"]
        if status not in COLOURS:
            return [], missing
        rule = _text(self.info.get(node, {}).get("status_rule"))
        if rule in ("worst", "two_worst"):
            return self.worst_first(parts)[: 1 if rule == "worst" else 2], []
        coloured = [p for p in parts if self.status(p) in COLOURS]

        def score(p: str) -> float:
            s = self.score(p)
            return -np.inf if math.isnan(s) else s

        if status == "green":
            best = [p for p in coloured if self.status(p) == "green"] or coloured
            return sorted(best, key=lambda p: (-COLOURS.index(self.status(p)), -score(p)))[:k], []
        below = [p for p in coloured if self.status(p) != "green"] or coloured
        return sorted(below, key=lambda p: (COLOURS.index(self.status(p)), score(p)))[:k], []


def previous_period(ev: Any, period: str) -> Optional[str]:
    """The period before ``period`` of the same kind (the year before a year,
    the tertial before a tertial), or None; kinds as :attr:`Evaluation.period_kinds`."""
    kinds = dict(zip(ev.periods, ev.period_kinds))
    times = dict(zip(ev.periods, ev.period_times))
    earlier = [p for p in ev.periods if kinds[p] == kinds[period] and times[p] < times[period] - 1e-9]
    return max(earlier, key=lambda p: times[p]) if earlier else None
