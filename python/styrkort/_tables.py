"""Pandas tables to the strategy's JSON shape (one row per node, like COINr's
metadata table). The core checks every rule; this module only reshapes and
names table rows and columns in its own errors."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import pandas as pd

from .errors import ArgumentError, StrategyError

NODE_COLUMNS = {
    "id",
    "kind",
    "name",
    "owner",
    "priority",
    "parent",
    "weight",
    "unit_of_measure",
    "direction",
    "band_low",
    "band_high",
    "tolerance",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "worst",
    "best",
    "normalisation",
    "aggregation",
    "p",
    "min_coverage",
    "min_indicator_coverage",
    "impute",
    "impute_min_indicator_coverage",
    "status_rule",
    "status_green",
    "status_yellow",
    "status_orange",
    "status_red",
    "unit_aggregation",
    "carry_forward",
    "trend_model",
    "trend_start",
    "trend_horizon",
    "not_applicable",
    "not_scored",
    "target_interpolation",
    "target_share",
    "impute_min_sibling_values",
}
NUMERIC = {
    "priority",
    "weight",
    "band_low",
    "band_high",
    "tolerance",
    "baseline_value",
    "target_value",
    "worst",
    "best",
    "p",
    "min_coverage",
    "min_indicator_coverage",
    "impute_min_indicator_coverage",
    "status_green",
    "status_yellow",
    "status_orange",
    "status_red",
    "carry_forward",
    "planned_cost",
    "spent_cost",
    "planned_hours",
    "spent_hours",
    "year",
    "time",
    "gas_attained",
    "gas_weight",
    "value",
    "impute_min_sibling_values",
}
UNIT_COLUMNS = {"id", "name", "kind", "parent", "weight", "peer_group"}
# Goal Attainment Scaling in a table: one column per level's description, the
# attained level and the weight (the JSON's "gas" object).
GAS_LEVEL_COLUMNS = {"gas_minus2": "-2", "gas_minus1": "-1", "gas_expected": "0", "gas_plus1": "1", "gas_plus2": "2"}
GAS_LEVEL_OF = {level: column for column, level in GAS_LEVEL_COLUMNS.items()}
ACTIVITY_COLUMNS = {
    "id",
    "name",
    "focus_area",
    "year",
    "directions",
    "means",
    "owner",
    "unit",
    "planned_cost",
    "spent_cost",
    "planned_hours",
    "spent_hours",
    "status",
    "gas_attained",
    "gas_weight",
    *GAS_LEVEL_COLUMNS,
}
ASSESSMENT_COLUMNS = {"node", "unit", "period", "status", "comment"}
# Targets and baselines per period and unit, one row each: for an indicator (and
# a unit, or none for the indicator's own), the latest target row is the final
# target and earlier ones are its milestones.
TARGET_COLUMNS = {"indicator", "unit", "period", "value", "kind"}
TARGET_KINDS = ("target", "baseline")


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip())


def _records(table: pd.DataFrame, name: str, allowed: set, required: Tuple[str, ...]) -> Tuple[List[dict], list]:
    if not isinstance(table, pd.DataFrame):
        raise StrategyError(f"{name} table: expected a pandas DataFrame, got {type(table).__name__}")
    unknown = [c for c in table.columns if c not in allowed]
    if unknown:
        raise StrategyError(f"{name} table: unknown column {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    for c in required:
        if c not in table.columns:
            raise StrategyError(f"{name} table: missing required column {c!r}")
    rows, labels = [], []
    for label, row in zip(table.index, table.to_dict("records")):
        rec = {}
        for k, v in row.items():
            if _missing(v):
                continue
            if k in NUMERIC:
                try:
                    v = float(v)
                except (TypeError, ValueError):
                    raise StrategyError(f"{name} table, row {label}, column {k!r}: {v!r} is not a number") from None
                if not math.isfinite(v):
                    raise StrategyError(f"{name} table, row {label}, column {k!r}: the number must be finite")
                if k in ("priority", "year", "gas_attained", "impute_min_sibling_values"):
                    if v != int(v):
                        raise StrategyError(f"{name} table, row {label}, column {k!r}: expected a whole number")
                    v = int(v)
            elif k != "directions" or isinstance(v, str):
                v = str(v).strip() if not isinstance(v, (list, tuple)) else list(v)
            rec[k] = v
        for c in required:
            if c not in rec:
                raise StrategyError(f"{name} table, row {label}, column {c!r}: the cell is empty")
        rows.append(rec)
        labels.append(label)
    return rows, labels


def _split(v: Any) -> List[str]:
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v]
    return [s.strip() for s in str(v).split(";") if s.strip()]


def _node(rec: dict) -> dict:
    n: Dict[str, Any] = {
        k: rec[k]
        for k in (
            "id",
            "kind",
            "name",
            "owner",
            "priority",
            "unit_of_measure",
            "direction",
            "tolerance",
            "normalisation",
            "min_coverage",
            "min_indicator_coverage",
            "unit_aggregation",
            "carry_forward",
        )
        if k in rec
    }
    if "parent" in rec:
        w = rec.get("weight", 1.0)
        n["parents"] = [{"id": p, "weight": w} for p in _split(rec["parent"])]
    if "band_low" in rec or "band_high" in rec:
        n["band"] = [rec.get("band_low"), rec.get("band_high")]
    for ref in ("baseline", "target"):
        if f"{ref}_value" in rec or f"{ref}_period" in rec:
            n[ref] = {"value": rec.get(f"{ref}_value"), "period": rec.get(f"{ref}_period")}
    if "worst" in rec or "best" in rec:
        n["bounds"] = {"worst": rec.get("worst"), "best": rec.get("best")}
    if "aggregation" in rec:
        n["aggregation"] = {"method": rec["aggregation"], **({"p": rec["p"]} if "p" in rec else {})}
    if "impute" in rec:
        n["impute"] = {"method": rec["impute"]}
        for key in ("min_indicator_coverage", "min_sibling_values"):
            if f"impute_{key}" in rec:
                n["impute"][key] = rec[f"impute_{key}"]
    if "target_interpolation" in rec:
        n.setdefault("target", {})["interpolation"] = rec["target_interpolation"]
    if "target_share" in rec:
        n["target_share"] = rec["target_share"]
    if "status_rule" in rec:
        n["status_rule"] = {"method": rec["status_rule"]}
        for c in ("green", "yellow", "orange", "red"):
            if f"status_{c}" in rec:
                n["status_rule"][c] = rec[f"status_{c}"]
    trend = {k: rec[f"trend_{k}"] for k in ("model", "start", "horizon") if f"trend_{k}" in rec}
    if trend:
        n["trend"] = trend
    for key in ("not_applicable", "not_scored"):
        if key in rec:
            n[key] = _split(rec[key])
    return n


def _add_targets(nodes: List[dict], table: pd.DataFrame) -> None:
    """Puts the rows of a targets table into the indicators' "target", "baseline"
    and "by_unit" (the JSON's shape), naming the table row of each error."""
    rows, labels = _records(table, "targets", TARGET_COLUMNS, ("indicator", "period", "value"))
    index = {n["id"]: n for n in nodes}
    groups: Dict[Tuple[str, str, str], List[Tuple[Any, dict]]] = {}
    for rec, label in zip(rows, labels):
        node = index.get(rec["indicator"])
        if node is None or node.get("kind") != "indicator":
            what = "unknown node" if node is None else f"a {node.get('kind')}, not an indicator:"
            raise StrategyError(f"targets table, row {label}, column 'indicator': {what} {rec['indicator']!r}")
        kind = rec.get("kind", "target")
        if kind not in TARGET_KINDS:
            raise StrategyError(f"targets table, row {label}, column 'kind': {kind!r} (allowed: target, baseline)")
        groups.setdefault((rec["indicator"], rec.get("unit", ""), kind), []).append((label, rec))
    for (indicator, unit, kind), items in groups.items():
        node = index[indicator]
        owner = node if not unit else _unit_entry(node, unit)
        if kind in owner and (kind != "target" or "value" in owner[kind]):
            raise StrategyError(
                f"targets table, row {items[0][0]}: indicator {indicator!r}"
                + (f", unit {unit!r}" if unit else "")
                + f" has its {kind} in the nodes table too; give it in one place"
            )
        if kind == "baseline":
            if len(items) > 1:
                raise StrategyError(
                    f"targets table, row {items[1][0]}: a second baseline for indicator {indicator!r}"
                    + (f", unit {unit!r}" if unit else "")
                    + "; give one"
                )
            owner["baseline"] = {"value": items[0][1]["value"], "period": items[0][1]["period"]}
            continue
        # The final target is the last row; the core orders the milestones by
        # time and checks that they come before it.
        points = [{"period": r["period"], "value": r["value"]} for _, r in items]
        final = points[-1]
        target = owner.setdefault("target", {})
        target.update({"value": final["value"], "period": final["period"]})
        if len(points) > 1:
            target["milestones"] = points[:-1]


def _unit_entry(node: dict, unit: str) -> dict:
    for entry in node.setdefault("by_unit", []):
        if entry["unit"] == unit:
            return entry
    entry = {"unit": unit}
    node["by_unit"].append(entry)
    return entry


def _gas(rec: dict) -> None:
    """Moves an activity row's gas_* cells into the JSON's "gas" object."""
    levels = {GAS_LEVEL_COLUMNS[c]: rec.pop(c) for c in list(rec) if c in GAS_LEVEL_COLUMNS}
    gas: Dict[str, Any] = {"levels": levels} if levels else {}
    for c, key in (("gas_attained", "attained"), ("gas_weight", "weight")):
        if c in rec:
            gas.setdefault("levels", {})
            gas[key] = rec.pop(c)
    if gas:
        rec["gas"] = gas


def strategy_dict_from_tables(
    nodes: pd.DataFrame,
    *,
    units: Optional[pd.DataFrame] = None,
    periods: Optional[pd.DataFrame] = None,
    links: Optional[pd.DataFrame] = None,
    activities: Optional[pd.DataFrame] = None,
    assessments: Optional[pd.DataFrame] = None,
    targets: Optional[pd.DataFrame] = None,
    defaults: Optional[Mapping[str, Any]] = None,
    name: str = "",
    organisation: str = "",
) -> Tuple[dict, Dict[str, list]]:
    """The JSON-shaped dict and, per table, the row labels in order."""
    places: Dict[str, list] = {}
    node_rows, places["nodes"] = _records(nodes, "nodes", NODE_COLUMNS, ("id", "kind"))
    data: Dict[str, Any] = {"format": "styrkort-strategy/1", "nodes": [_node(r) for r in node_rows]}
    if name:
        data["name"] = name
    if organisation:
        data["organisation"] = organisation
    if links is not None:
        link_rows, link_labels = _records(links, "links", {"child", "parent", "weight"}, ("child", "parent"))
        index = {n["id"]: n for n in data["nodes"]}
        for rec, label in zip(link_rows, link_labels):
            child = index.get(rec["child"])
            if child is None:
                raise StrategyError(f"links table, row {label}, column 'child': unknown node {rec['child']!r}")
            child.setdefault("parents", []).append({"id": rec["parent"], "weight": rec.get("weight", 1.0)})
    if units is not None:
        rows, places["units"] = _records(units, "units", UNIT_COLUMNS, ("id",))
        data["units"] = rows
    if periods is not None:
        rows, places["periods"] = _records(periods, "periods", {"id", "time"}, ("id",))
        data["periods"] = rows
    if activities is not None:
        rows, places["activities"] = _records(activities, "activities", ACTIVITY_COLUMNS, ("id",))
        for r in rows:
            if "directions" in r:
                r["directions"] = _split(r["directions"])
            _gas(r)
        data["activities"] = rows
    if assessments is not None:
        rows, places["assessments"] = _records(assessments, "assessments", ASSESSMENT_COLUMNS, ("node", "period"))
        data["assessments"] = rows
    if targets is not None:
        _add_targets(data["nodes"], targets)
    for n in data["nodes"]:  # one interpolation per indicator in tables: its units' targets follow it
        target = n.get("target", {})
        unit_targets = [e["target"] for e in n.get("by_unit", []) if "target" in e]
        if "interpolation" in target and unit_targets:
            for t in unit_targets:
                t.setdefault("interpolation", target["interpolation"])
            if set(target) == {"interpolation"}:
                del n["target"]
    if defaults:
        data["defaults"] = dict(defaults)
    return data, places


# -- the inverse: a strategy as tables -----------------------------------------------
def strategy_tables(d: Mapping[str, Any]) -> Dict[str, pd.DataFrame]:
    """A strategy (as its JSON dict) as the tables :func:`strategy_dict_from_tables`
    reads back: the inverse of ``Strategy.from_tables``.

    Returns
    -------
    dict
        ``strategy`` (key/value rows: name, organisation, ``defaults.*``),
        ``nodes``, ``links`` (parent links beyond the first when a node's
        parents have different weights), and ``units``, ``periods``,
        ``activities``, ``assessments`` when the strategy has them.

    Raises
    ------
    ArgumentError
        When the strategy holds something the tables cannot express.
    """
    out: Dict[str, pd.DataFrame] = {}
    meta = [("name", d["name"])] if d.get("name") else []
    if d.get("organisation"):
        meta.append(("organisation", d["organisation"]))
    meta += [(f"defaults.{k}", v) for k, v in _flatten(d.get("defaults", {}))]
    out["strategy"] = pd.DataFrame(meta, columns=["key", "value"], dtype=object)
    nodes, links, targets = [], [], []
    for n in d["nodes"]:
        row, extra = _node_row(n)
        nodes.append(row)
        links += extra
        targets += _target_rows(n)
    out["nodes"] = _frame(nodes, NODE_COLUMNS, first=["id", "kind", "name", "parent", "weight"])
    if links:
        out["links"] = pd.DataFrame(links, columns=["child", "parent", "weight"], dtype=object)
    if targets:
        out["targets"] = pd.DataFrame(targets, columns=["indicator", "unit", "kind", "period", "value"], dtype=object)
    if d.get("units"):
        out["units"] = _frame(
            [_checked(u, UNIT_COLUMNS, "units") for u in d["units"]],
            UNIT_COLUMNS,
            first=["id", "name", "kind", "parent"],
        )
    if d.get("periods"):
        rows = [{"id": p} if isinstance(p, str) else _checked(p, {"id", "time"}, "periods") for p in d["periods"]]
        out["periods"] = _frame(rows, {"id", "time"}, first=["id"])
    if d.get("activities"):
        out["activities"] = _frame(
            [_activity_row(a) for a in d["activities"]], ACTIVITY_COLUMNS, first=["id", "name", "focus_area", "year"]
        )
    if d.get("assessments"):
        rows = [_checked(a, ASSESSMENT_COLUMNS, "assessments") for a in d["assessments"]]
        out["assessments"] = _frame(rows, ASSESSMENT_COLUMNS, first=["node", "unit", "period", "status"])
    return out


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> List[Tuple[str, Any]]:
    items: List[Tuple[str, Any]] = []
    for k, v in obj.items():
        if isinstance(v, Mapping):
            items += _flatten(v, f"{prefix}{k}.")
        elif isinstance(v, (list, tuple)):
            raise ArgumentError(f"defaults.{prefix}{k}: a list cannot be written as a key/value row")
        else:
            items.append((f"{prefix}{k}", v))
    return items


def _checked(rec: Mapping[str, Any], allowed: set, table: str) -> dict:
    unknown = [k for k in rec if k not in allowed]
    if unknown:
        raise ArgumentError(f"{table}: the field {unknown[0]!r} cannot be written as a table column")
    return dict(rec)


def _frame(rows: List[dict], allowed: set, first: Sequence[str]) -> pd.DataFrame:
    used = {k for r in rows for k in r}
    order = [c for c in first if c in used] + sorted(used - set(first))
    return pd.DataFrame(rows, columns=order, dtype=object)


def _node_row(n: Mapping[str, Any]) -> Tuple[dict, List[dict]]:
    row: Dict[str, Any] = {}
    links: List[dict] = []
    for k, v in n.items():
        if k == "parents":
            parents = [(p, 1.0) if isinstance(p, str) else (p["id"], p.get("weight", 1.0)) for p in v]
            if len({w for _, w in parents}) == 1:
                row["parent"] = ";".join(p for p, _ in parents)
                if parents[0][1] != 1.0:
                    row["weight"] = parents[0][1]
            else:  # the node sheet holds one weight: further parents go to the links sheet, in order
                row["parent"], w = parents[0]
                if w != 1.0:
                    row["weight"] = w
                links += [{"child": n["id"], "parent": p, "weight": w} for p, w in parents[1:]]
        elif k == "band":
            row["band_low"], row["band_high"] = v
        elif k == "baseline" or (k == "target" and "milestones" not in v):
            for sub in ("value", "period"):
                if sub in v:
                    row[f"{k}_{sub}"] = v[sub]
            if "interpolation" in v:
                row["target_interpolation"] = v["interpolation"]
        elif k == "target":  # a path: its points go to the targets table (_target_rows)
            if "interpolation" in v:
                row["target_interpolation"] = v["interpolation"]
        elif k == "by_unit":
            pass  # the targets table (_target_rows)
        elif k == "bounds":
            row.update({s: v[s] for s in ("worst", "best") if s in v})
        elif k == "aggregation":
            v = {"method": v} if isinstance(v, str) else v
            row["aggregation"] = v["method"]
            if "p" in v:
                row["p"] = v["p"]
        elif k == "impute":
            row["impute"] = v["method"]
            for key in ("min_indicator_coverage", "min_sibling_values"):
                if key in v:
                    row[f"impute_{key}"] = v[key]
        elif k == "status_rule":
            row["status_rule"] = v["method"]
            row.update({f"status_{c}": v[c] for c in ("green", "yellow", "orange", "red") if c in v})
        elif k == "trend":
            row.update({f"trend_{s}": v[s] for s in ("model", "start", "horizon") if s in v})
        elif k in ("not_applicable", "not_scored"):
            row[k] = ";".join(v)
        elif isinstance(v, (Mapping, list)):
            raise ArgumentError(f"node {n.get('id')!r}: the field {k!r} cannot be written as a table column")
        else:
            row[k] = v
    unknown = [k for k in row if k not in NODE_COLUMNS]
    if unknown:
        raise ArgumentError(f"node {n.get('id')!r}: the field {unknown[0]!r} cannot be written as a table column")
    return row, links


def _target_rows(n: Mapping[str, Any]) -> List[dict]:
    """An indicator's target path (when it has milestones) and its per-unit
    baselines and targets as rows of the targets table."""
    rows: List[dict] = []

    def path(unit: Any, target: Mapping[str, Any]) -> None:
        for m in [*target.get("milestones", []), target]:
            rows.append(
                {"indicator": n["id"], "unit": unit, "kind": "target", "period": m["period"], "value": m["value"]}
            )

    if "milestones" in n.get("target", {}):
        path(None, n["target"])
    for entry in n.get("by_unit", []):
        if "baseline" in entry:
            b = entry["baseline"]
            rows.append(
                {
                    "indicator": n["id"],
                    "unit": entry["unit"],
                    "kind": "baseline",
                    "period": b["period"],
                    "value": b["value"],
                }
            )
        if "target" in entry:
            if entry["target"].get("interpolation", "linear") != n.get("target", {}).get("interpolation", "linear"):
                raise ArgumentError(
                    f"node {n['id']!r}: unit {entry['unit']!r} has its own interpolation, which "
                    "the tables cannot express (one interpolation per indicator)"
                )
            path(entry["unit"], entry["target"])
    return rows


def _activity_row(a: Mapping[str, Any]) -> dict:
    row = {k: v for k, v in a.items() if k not in ("directions", "gas")}
    if "directions" in a:
        row["directions"] = ";".join(a["directions"])
    if "gas" in a:
        g = a["gas"]
        row.update({GAS_LEVEL_OF[k]: text for k, text in g.get("levels", {}).items()})
        if "attained" in g:
            row["gas_attained"] = g["attained"]
        if "weight" in g:
            row["gas_weight"] = g["weight"]
    return _checked(row, ACTIVITY_COLUMNS, "activities")
