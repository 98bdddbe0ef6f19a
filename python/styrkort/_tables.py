"""The strategy format as tables: one row per node (like COINr's metadata
table), per unit, period, link, activity, assessment and target.

This module is the one place that says which table column is which key of the
JSON format (``NODE_FIELDS`` and the other field lists): reading tables
(``Strategy.from_tables``, the Excel reader), writing them (``to_tables``) and
naming the table row and column of an error of the core all use these lists. A
test checks them both ways against the C++ reader's own key lists
(``_core.strategy_format_keys()``) and the node view (``Strategy.nodes``). The
core checks every rule; this module only reshapes, and names table rows and
columns in errors."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from .errors import ArgumentError, StrategyError

Step = Union[str, int]


@dataclass(frozen=True)
class Field:
    """A table column and the key of the format it holds.

    ``path`` is the key's path inside the table's object (a node, a unit, ...):
    ``target.period``, ``band[1]``, ``parents[].weight`` (``[]``: every entry of
    the list); ``None`` for a column that places the row rather than holding a
    key (the ``child`` of a link, the ``indicator`` of a target row). ``kind`` is
    ``text``, ``number``, ``integer`` or ``list`` (ids separated by ``;``).
    """

    column: str
    path: Optional[str]
    kind: str = "text"

    @property
    def steps(self) -> List[Step]:
        return [] if self.path is None else path_steps(self.path)


def path_steps(path: str) -> List[Step]:
    """The steps of a path: ``$.nodes[3].band[1]`` is ``["nodes", 3, "band", 1]``
    (``[]`` stays the step ``"[]"``)."""
    out: List[Step] = []
    for part in path.removeprefix("$").lstrip(".").split("."):
        name, *indices = part.split("[")
        if name:
            out.append(name)
        for i in indices:
            i = i.rstrip("]")
            out.append(int(i) if i.lstrip("-").isdigit() else "[]")
    return out


def path_text(steps: Sequence[Step]) -> str:
    """The JSON path of steps, as the core writes it (``$.nodes[3].band[1]``)."""
    return "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps)


NODE_FIELDS = (
    Field("id", "id"),
    Field("kind", "kind"),
    Field("name", "name"),
    Field("owner", "owner"),
    Field("priority", "priority", "integer"),
    Field("parent", "parents[].id", "list"),
    Field("weight", "parents[].weight", "number"),
    Field("unit_of_measure", "unit_of_measure"),
    Field("direction", "direction"),
    Field("baseline_value", "baseline.value", "number"),
    Field("baseline_period", "baseline.period"),
    Field("target_value", "target.value", "number"),
    Field("target_period", "target.period"),
    Field("target_interpolation", "target.interpolation"),
    Field("target_share", "target_share"),
    Field("worst", "bounds.worst", "number"),
    Field("best", "bounds.best", "number"),
    Field("band_low", "band[0]", "number"),
    Field("band_high", "band[1]", "number"),
    Field("tolerance", "tolerance", "number"),
    Field("normalisation", "normalisation"),
    Field("aggregation", "aggregation.method"),
    Field("p", "aggregation.p", "number"),
    Field("min_coverage", "min_coverage", "number"),
    Field("min_indicator_coverage", "min_indicator_coverage", "number"),
    Field("impute", "impute.method"),
    Field("impute_min_indicator_coverage", "impute.min_indicator_coverage", "number"),
    Field("impute_min_sibling_values", "impute.min_sibling_values", "integer"),
    Field("status_rule", "status_rule.method"),
    Field("status_green", "status_rule.green", "number"),
    Field("status_yellow", "status_rule.yellow", "number"),
    Field("status_orange", "status_rule.orange", "number"),
    Field("status_red", "status_rule.red", "number"),
    Field("unit_aggregation", "unit_aggregation"),
    Field("carry_forward", "carry_forward", "number"),
    Field("trend_model", "trend.model"),
    Field("trend_start", "trend.start"),
    Field("trend_horizon", "trend.horizon"),
    Field("not_applicable", "not_applicable", "list"),
    Field("not_scored", "not_scored", "list"),
)
#: Keys of a node that live in other tables: parent links beyond the node's one
#: weight in ``links``, target paths and the units' own baselines and targets in
#: ``targets``.
NODE_KEYS_ELSEWHERE = {"parents": "links", "target.milestones": "targets", "by_unit": "targets"}
UNIT_FIELDS = (
    Field("id", "id"),
    Field("name", "name"),
    Field("kind", "kind"),
    Field("parent", "parent"),
    Field("weight", "weight", "number"),
    Field("peer_group", "peer_group"),
)
PERIOD_FIELDS = (Field("id", "id"), Field("time", "time", "number"))
LINK_FIELDS = (Field("child", None), Field("parent", "id"), Field("weight", "weight", "number"))
ACTIVITY_FIELDS = (
    Field("id", "id"),
    Field("name", "name"),
    Field("focus_area", "focus_area"),
    Field("year", "year", "integer"),
    Field("directions", "directions", "list"),
    Field("means", "means"),
    Field("owner", "owner"),
    Field("unit", "unit"),
    Field("planned_cost", "planned_cost", "number"),
    Field("spent_cost", "spent_cost", "number"),
    Field("planned_hours", "planned_hours", "number"),
    Field("spent_hours", "spent_hours", "number"),
    Field("status", "status"),
    # Goal Attainment Scaling: a column per level's description, the attained
    # level and the weight (the JSON's "gas" object); the expected level first,
    # as the place of an error about the levels as a whole.
    Field("gas_expected", "gas.levels.0"),
    Field("gas_minus2", "gas.levels.-2"),
    Field("gas_minus1", "gas.levels.-1"),
    Field("gas_plus1", "gas.levels.1"),
    Field("gas_plus2", "gas.levels.2"),
    Field("gas_attained", "gas.attained", "integer"),
    Field("gas_weight", "gas.weight", "number"),
)
ASSESSMENT_FIELDS = (
    Field("node", "node"),
    Field("unit", "unit"),
    Field("period", "period"),
    Field("status", "status"),
    Field("comment", "comment"),
)
# Targets and baselines per period and unit, one row each: for an indicator (and
# a unit, or none for the indicator's own), the latest target row is the final
# target and earlier ones are its milestones. A row is a point of a path
# (``value``, ``period``); ``unit`` is the key of the unit's ``by_unit`` entry.
TARGET_FIELDS = (
    Field("indicator", None),
    Field("unit", "unit"),
    Field("kind", None),
    Field("period", "period"),
    Field("value", "value", "number"),
)
TARGET_KINDS = ("target", "baseline")

#: Every table: its fields and the columns a row must fill.
TABLES: Dict[str, Tuple[Tuple[Field, ...], Tuple[str, ...]]] = {
    "nodes": (NODE_FIELDS, ("id", "kind")),
    "units": (UNIT_FIELDS, ("id",)),
    "periods": (PERIOD_FIELDS, ("id",)),
    "links": (LINK_FIELDS, ("child", "parent")),
    "activities": (ACTIVITY_FIELDS, ("id",)),
    "assessments": (ASSESSMENT_FIELDS, ("node", "period")),
    "targets": (TARGET_FIELDS, ("indicator", "period", "value")),
}


def columns(table: str) -> List[str]:
    """The columns of a table, in order."""
    return [f.column for f in TABLES[table][0]]


NODE_COLUMNS = set(columns("nodes"))
UNIT_COLUMNS = set(columns("units"))
ACTIVITY_COLUMNS = set(columns("activities"))
ASSESSMENT_COLUMNS = set(columns("assessments"))
TARGET_COLUMNS = set(columns("targets"))
#: Columns that hold numbers (in any table), and whole numbers.
NUMERIC = {f.column for fields, _ in TABLES.values() for f in fields if f.kind in ("number", "integer")}
INTEGER = {f.column for fields, _ in TABLES.values() for f in fields if f.kind == "integer"}
#: Where each key of a table row came from: JSON path → (table, row label).
Origins = Dict[str, Tuple[str, Any]]


def table_error(table: str, row: Any, column: Optional[str], rule: str) -> StrategyError:
    """The error at a table's row and column (``nodes table, row 7, column 'kind': …``);
    without a row, an error of the table's columns (``nodes table: unknown column 'x'``)."""
    place = f"{table} table"
    if row is not None:
        place += f", row {row}" + ("" if column is None else f", column {column!r}")
    return StrategyError(f"{place}: {rule}", source="tables", table=table, row=row, column=column, rule=rule)


def column_of(table: str, rel: Sequence[Step]) -> Optional[str]:
    """The column of ``table`` that holds the key at ``rel`` inside a row's
    object (the key itself, the list it is an entry of, or the first column
    below it); ``None`` when no column of the table holds it."""
    best: Tuple[int, Optional[str]] = (0, None)
    for f in TABLES[table][0]:
        steps = f.steps
        # "[]" in a column's path stands for any entry of the list
        if not steps or not all(a == b or (a == "[]" and isinstance(b, int)) for a, b in zip(steps, rel)):
            continue
        score = 3 if len(steps) == len(rel) else 2 if len(steps) < len(rel) else 1  # the key, a list of it, below it
        if score > best[0]:
            best = (score, f.column)
    return best[1]


def locate(error: StrategyError, origins: Origins) -> StrategyError:
    """The core's error about a strategy built from tables, at the table row and
    column its JSON path came from (from the error's ``path``, not its text)."""
    if not error.path:
        return error
    steps = path_steps(error.path) + ([error.key] if error.key else [])
    for k in range(len(steps), 0, -1):
        origin = origins.get(path_text(steps[:k]))
        if origin is None:
            continue
        table, row = origin
        rel = steps[k:]
        column = column_of(table, rel)
        if rel and column is None:
            continue  # a key the row's table does not hold (e.g. a target's interpolation): an outer row's
        rule = error.rule or str(error)
        out = table_error(table, row, column, rule)
        out.path = error.path
        return out
    return StrategyError(f"{error.path}: {error.rule}", source="tables", path=error.path, rule=error.rule)


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip())


def _records(table: Any, name: str) -> Tuple[List[dict], list]:
    """The rows of a table as dicts of its non-empty cells (numbers as numbers),
    and the row labels."""
    fields, required = TABLES[name]
    allowed = [f.column for f in fields]
    if not isinstance(table, pd.DataFrame):
        raise table_error(name, None, None, f"expected a pandas DataFrame, got {type(table).__name__}")
    unknown = [c for c in table.columns if c not in allowed]
    if unknown:
        raise table_error(
            name, None, str(unknown[0]), f"unknown column {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )
    for c in required:
        if c not in table.columns:
            raise table_error(name, None, c, f"missing required column {c!r}")
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
                    raise table_error(name, label, k, f"{v!r} is not a number") from None
                if not math.isfinite(v):
                    raise table_error(name, label, k, "the number must be finite")
                if k in INTEGER:
                    if v != int(v):
                        raise table_error(name, label, k, "expected a whole number")
                    v = int(v)
            elif not isinstance(v, (list, tuple)):
                v = str(v).strip()
            else:
                v = list(v)
            rec[k] = v
        for c in required:
            if c not in rec:
                raise table_error(name, label, c, "the cell is empty")
        rows.append(rec)
        labels.append(label)
    return rows, labels


def _split(v: Any) -> List[str]:
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v]
    return [s.strip() for s in str(v).split(";") if s.strip()]


def _put(obj: dict, steps: Sequence[Step], value: Any) -> None:
    """Sets the value at steps inside obj, making the dicts and lists on the way
    (a list is padded with None up to an index)."""
    o: Any = obj
    for step, following in zip(steps[:-1], steps[1:]):
        if isinstance(step, int):
            o.extend([None] * (step + 1 - len(o)))
            if o[step] is None:
                o[step] = [] if isinstance(following, int) else {}
        elif step not in o:
            o[step] = [] if isinstance(following, int) else {}
        o = o[step]
    last = steps[-1]
    if isinstance(last, int):
        o.extend([None] * (last + 1 - len(o)))
    o[last] = value


def _row_object(rec: dict, table: str) -> dict:
    """A table row as its object of the format, column by column as the field
    list says (the columns without a key of the object are left out)."""
    out: dict = {}
    for f in TABLES[table][0]:
        if f.column in rec and f.path is not None and "[]" not in f.steps:
            _put(out, f.steps, _split(rec[f.column]) if f.kind == "list" else rec[f.column])
    return out


def _node(rec: dict, i: int, label: Any, origins: Origins) -> dict:
    n = _row_object(rec, "nodes")
    if "band" in n:  # both ends, so that the core names the missing one
        n["band"] += [None] * (2 - len(n["band"]))
    if "parent" in rec:
        w = rec.get("weight", 1.0)
        n["parents"] = [{"id": p, "weight": w} for p in _split(rec["parent"])]
    elif rec.get("weight", 1.0) != 1.0:  # 1, the default, is what a root's cell may say
        raise table_error("nodes", label, "weight", "a weight needs a parent (the weight of the link to it)")
    origins[f"$.nodes[{i}]"] = ("nodes", label)
    return n


def _add_targets(nodes: List[dict], table: pd.DataFrame, origins: Origins) -> None:
    """Puts the rows of a targets table into the indicators' "target", "baseline"
    and "by_unit" (the JSON's shape), naming the table row of each error."""
    rows, labels = _records(table, "targets")
    index = {n["id"]: i for i, n in enumerate(nodes)}
    groups: Dict[Tuple[str, str, str], List[Tuple[Any, dict]]] = {}
    for rec, label in zip(rows, labels):
        i = index.get(rec["indicator"])
        node = None if i is None else nodes[i]
        if node is None or node.get("kind") != "indicator":
            what = "unknown node" if node is None else f"a {node.get('kind')}, not an indicator:"
            raise table_error("targets", label, "indicator", f"{what} {rec['indicator']!r}")
        kind = rec.get("kind", "target")
        if kind not in TARGET_KINDS:
            raise table_error("targets", label, "kind", f"{kind!r} (allowed: target, baseline)")
        groups.setdefault((rec["indicator"], rec.get("unit", ""), kind), []).append((label, rec))
    for (indicator, unit, kind), items in groups.items():
        i = index[indicator]
        node = nodes[i]
        at = f"$.nodes[{i}]"
        if unit:
            k, owner = _unit_entry(node, unit)
            at += f".by_unit[{k}]"
            origins.setdefault(at, ("targets", items[0][0]))
        else:
            owner = node
        if kind in owner and (kind != "target" or "value" in owner[kind]):
            raise table_error(
                "targets",
                items[0][0],
                None,
                f"indicator {indicator!r}"
                + (f", unit {unit!r}" if unit else "")
                + f" has its {kind} in the nodes table too; give it in one place",
            )
        if kind == "baseline":
            if len(items) > 1:
                raise table_error(
                    "targets",
                    items[1][0],
                    None,
                    f"a second baseline for indicator {indicator!r}"
                    + (f", unit {unit!r}" if unit else "")
                    + "; give one",
                )
            owner["baseline"] = {"value": items[0][1]["value"], "period": items[0][1]["period"]}
            origins[f"{at}.baseline"] = ("targets", items[0][0])
            continue
        # The final target is the last row; the core orders the milestones by
        # time and checks that they come before it.
        points = [{"period": r["period"], "value": r["value"]} for _, r in items]
        target = owner.setdefault("target", {})
        target.update(points[-1])
        origins[f"{at}.target"] = ("targets", items[-1][0])
        if len(points) > 1:
            target["milestones"] = points[:-1]
            for j, (label, _) in enumerate(items[:-1]):
                origins[f"{at}.target.milestones[{j}]"] = ("targets", label)


def _unit_entry(node: dict, unit: str) -> Tuple[int, dict]:
    entries = node.setdefault("by_unit", [])
    for k, entry in enumerate(entries):
        if entry["unit"] == unit:
            return k, entry
    entries.append({"unit": unit})
    return len(entries) - 1, entries[-1]


def _rows(table: Any, name: str, data: dict, origins: Origins) -> None:
    """A table of objects (units, periods, activities, assessments) into ``data[name]``."""
    rows, labels = _records(table, name)
    data[name] = []
    for i, (rec, label) in enumerate(zip(rows, labels)):
        obj = _row_object(rec, name)
        if name == "activities" and "gas" in obj:
            obj["gas"].setdefault("levels", {})  # an attained level or weight without descriptions
        data[name].append(obj)
        origins[f"$.{name}[{i}]"] = (name, label)


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
) -> Tuple[dict, Origins]:
    """The JSON-shaped dict, and where each of its objects came from (for
    :func:`locate`)."""
    origins: Origins = {}
    node_rows, node_labels = _records(nodes, "nodes")
    data: Dict[str, Any] = {
        "format": "styrkort-strategy/1",
        "nodes": [_node(r, i, label, origins) for i, (r, label) in enumerate(zip(node_rows, node_labels))],
    }
    if name:
        data["name"] = name
    if organisation:
        data["organisation"] = organisation
    if links is not None:
        link_rows, link_labels = _records(links, "links")
        index = {n["id"]: i for i, n in enumerate(data["nodes"])}
        for rec, label in zip(link_rows, link_labels):
            i = index.get(rec["child"])
            if i is None:
                raise table_error("links", label, "child", f"unknown node {rec['child']!r}")
            parents = data["nodes"][i].setdefault("parents", [])
            origins[f"$.nodes[{i}].parents[{len(parents)}]"] = ("links", label)
            parents.append({"id": rec["parent"], "weight": rec.get("weight", 1.0)})
    for table, rows in (
        ("units", units),
        ("periods", periods),
        ("activities", activities),
        ("assessments", assessments),
    ):
        if rows is not None:
            _rows(rows, table, data, origins)
    if targets is not None:
        _add_targets(data["nodes"], targets, origins)
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
    return data, origins


# -- the inverse: a strategy as tables -----------------------------------------------
def strategy_tables(d: Mapping[str, Any]) -> Dict[str, pd.DataFrame]:
    """A strategy (as its JSON dict) as the tables :func:`strategy_dict_from_tables`
    reads back: the inverse of ``Strategy.from_tables``.

    Returns
    -------
    dict
        ``strategy`` (key/value rows: name, organisation, ``defaults.*``),
        ``nodes``, ``links`` (parent links beyond the first when a node's
        parents have different weights), ``targets`` (target paths and the
        units' own baselines and targets), and ``units``, ``periods``,
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
    out["nodes"] = _frame(nodes, "nodes")
    if links:
        out["links"] = _frame(links, "links")
    if targets:
        out["targets"] = _frame(targets, "targets")
    for table in ("units", "periods", "activities", "assessments"):
        if d.get(table):
            rows = [_object_row({"id": o} if isinstance(o, str) else o, table, str(o)) for o in d[table]]
            out[table] = _frame(rows, table)
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


def _frame(rows: List[dict], table: str) -> pd.DataFrame:
    """The rows as a table with the columns they use, in the field list's order."""
    used = {k for r in rows for k in r}
    return pd.DataFrame(rows, columns=[c for c in columns(table) if c in used], dtype=object)


_GONE = object()  # a key taken into a column


def _take(obj: Any, steps: Sequence[Step]) -> Tuple[bool, Any]:
    """The value at steps (found, value), marked as taken in obj."""
    o = obj
    for step in steps[:-1]:
        if isinstance(step, int):
            if not (isinstance(o, list) and step < len(o)):
                return False, None
        elif not (isinstance(o, dict) and step in o):
            return False, None
        o = o[step]
    last = steps[-1]
    if isinstance(last, int):
        found = isinstance(o, list) and last < len(o) and o[last] is not _GONE
    else:
        found = isinstance(o, dict) and last in o and o[last] is not _GONE
    if not found:
        return False, None
    value = o[last]
    o[last] = _GONE
    return True, value


def _left(obj: Any, prefix: str = "") -> Optional[str]:
    """The first key not taken into a column, as a path (None: every key was)."""
    if obj is _GONE or obj is None:
        return None
    if isinstance(obj, dict):
        for k, v in obj.items():
            left = _left(v, f"{prefix}.{k}" if prefix else str(k))
            if left is not None:
                return left
        return None
    if isinstance(obj, list):
        for i, v in enumerate(obj):
            left = _left(v, f"{prefix}[{i}]")
            if left is not None:
                return left
        return None
    return prefix


def _object_row(obj: Mapping[str, Any], table: str, what: str) -> dict:
    """An object of the format as a table row, key by key as the field list
    says; a key no column holds is an error (never dropped)."""
    rest = copy.deepcopy(dict(obj))
    row: Dict[str, Any] = {}
    for f in TABLES[table][0]:
        if f.path is None or "[]" in f.steps:
            continue
        found, value = _take(rest, f.steps)
        if found and value is not None:
            row[f.column] = ";".join(value) if f.kind == "list" else value
    left = _left(rest)
    if left is not None:
        raise ArgumentError(f"{table} {what}: the field {left!r} cannot be written as a table column")
    return row


def _node_row(n: Mapping[str, Any]) -> Tuple[dict, List[dict]]:
    """A node as its row of the nodes table, and its links rows."""
    n = dict(n)
    links: List[dict] = []
    parents = [(p, 1.0) if isinstance(p, str) else (p["id"], p.get("weight", 1.0)) for p in n.pop("parents", [])]
    n.pop("by_unit", None)  # the targets table (_target_rows)
    if "milestones" in n.get("target", {}):  # a path: its points go to the targets table (_target_rows)
        n["target"] = {k: v for k, v in n["target"].items() if k == "interpolation"}
    if isinstance(n.get("aggregation"), str):
        n["aggregation"] = {"method": n["aggregation"]}
    row = _object_row(n, "nodes", repr(n.get("id")))
    if parents:
        if len({w for _, w in parents}) == 1:
            row["parent"] = ";".join(p for p, _ in parents)
            weight = parents[0][1]
        else:  # the node row holds one weight: further parents go to the links table, in order
            row["parent"], weight = parents[0]
            links = [{"child": n["id"], "parent": p, "weight": w} for p, w in parents[1:]]
        if weight != 1.0:
            row["weight"] = weight
    return row, links


def _target_rows(n: Mapping[str, Any]) -> List[dict]:
    """An indicator's target path (when it has milestones) and its per-unit
    baselines and targets as rows of the targets table."""
    rows: List[dict] = []

    def point(unit: Any, kind: str, p: Mapping[str, Any]) -> None:
        rows.append({"indicator": n["id"], "unit": unit, "kind": kind, "period": p["period"], "value": p["value"]})

    if "milestones" in n.get("target", {}):
        for m in [*n["target"]["milestones"], n["target"]]:
            point(None, "target", m)
    for entry in n.get("by_unit", []):
        if "baseline" in entry:
            point(entry["unit"], "baseline", entry["baseline"])
        if "target" in entry:
            if entry["target"].get("interpolation", "linear") != n.get("target", {}).get("interpolation", "linear"):
                raise ArgumentError(
                    f"node {n['id']!r}: unit {entry['unit']!r} has its own interpolation, which "
                    "the tables cannot express (one interpolation per indicator)"
                )
            for m in [*entry["target"].get("milestones", []), entry["target"]]:
                point(entry["unit"], "target", m)
    return rows
