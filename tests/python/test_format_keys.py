"""Every key of the strategy format works or is refused (issue 8, point 9).

Three things must agree: the JSON Schema shipped with the package, the C++
reader's key lists (``_core.strategy_format_keys()``: the very lists it refuses
other keys with) and the C++ writer (``Strategy.to_dict()``). The tests walk
the schema, following its ``$ref``s:

(a) every object it describes allows exactly the reader's keys of that kind;
(b) every property path it allows, set in a small strategy to a value other
    than the default, comes back from ``to_dict()`` (it was read and kept) and,
    unless it only names or describes something, changes the evaluation of a
    small measurement table;
(c) an unknown key at every object, a key of the other kind of node, and a
    key a condition of the schema refuses (a threshold the status rule's method
    does not use, ``p`` without the power mean, ...) is refused with an error
    naming its JSON path.
"""

import copy
import json
import re
from importlib import resources

import jsonschema
import pandas as pd
import pytest

import styrkort as sk
from styrkort import _core

SCHEMA = json.loads((resources.files("styrkort") / "schema" / "strategy.schema.json").read_text("utf-8"))
KEYS = _core.strategy_format_keys()

# The objects of the schema (JSON pointers) and the reader's kind of each.
OBJECT_KINDS = {
    "#": "root",
    "#/$defs/period/oneOf/1": "period",
    "#/$defs/unit": "unit",
    "#/$defs/node": "node",
    "#/$defs/parentLink/oneOf/1": "link",
    "#/$defs/aggregation/oneOf/1": "aggregation",
    "#/$defs/imputeNode": "impute_node",
    "#/$defs/imputeIndicator": "impute_indicator",
    "#/$defs/statusRule": "status_rule",
    "#/$defs/reference": "reference",
    "#/$defs/target": "target",
    "#/$defs/byUnit": "by_unit",
    "#/$defs/node/properties/bounds": "bounds",
    "#/$defs/trend": "trend",
    "#/$defs/activity": "activity",
    "#/$defs/activity/properties/gas": "gas",
    "#/$defs/activity/properties/gas/properties/levels": "gas_levels",
    "#/$defs/assessment": "assessment",
    "#/$defs/defaults": "defaults",
}
# The node's first condition splits its keys by kind of node: `then` applies to
# indicators, `else` to the other nodes; a key set to false there is refused.
NODE_KIND_RULE = SCHEMA["$defs"]["node"]["allOf"][0]
assert NODE_KIND_RULE["if"] == {"properties": {"kind": {"const": "indicator"}}}


def resolve(ref):
    """The schema at a local reference such as ``#/$defs/node``."""
    s = SCHEMA
    for part in ref[2:].split("/") if ref != "#" else []:
        s = s[int(part)] if isinstance(s, list) else s[part]
    return s


def schema_objects():
    """Pointer and schema of every object definition reachable from the root
    (an object definition: a schema with ``additionalProperties: false``)."""
    found, todo, seen = {}, ["#"], set()
    while todo:
        start = todo.pop()
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, resolve(start))]
        while stack:
            ptr, s = stack.pop()
            if isinstance(s, dict):
                if s.get("additionalProperties") is False:
                    found[ptr] = s
                if "$ref" in s:
                    todo.append(s["$ref"])
                stack += [(f"{ptr}/{k}", v) for k, v in s.items() if k != "$defs"]
            elif isinstance(s, list):
                stack += [(f"{ptr}/{i}", v) for i, v in enumerate(s)]
    return found, seen


def refused_by_kind(branch):
    """The node keys the kind rule's branch refuses (set to false)."""
    return sorted(k for k, v in NODE_KIND_RULE[branch]["properties"].items() if v is False)


def property_paths():
    """Every property path the schema allows, with the schema of its value
    (``nodes[goal].aggregation.p``, ``nodes[indicator].target.milestones[].value``),
    and every object path with its object schema. A node's keys are walked once
    for goals and once for indicators, with the keys and schemas the node's kind
    rule gives each."""
    paths, objects_at = {}, {}

    def objects(s):
        """The object definitions a value may be (through $ref, items, oneOf, anyOf), with the path suffix."""
        if "$ref" in s:
            yield from objects(resolve(s["$ref"]))
            return
        if s.get("additionalProperties") is False:
            yield "", s
        if "items" in s:
            yield from ((f"[]{r}", o) for r, o in objects(s["items"]))
        for k in ("oneOf", "anyOf"):
            for branch in s.get(k, []):
                yield from objects(branch)

    def walk(obj, prefix):
        if obj is resolve("#/$defs/node"):
            for kind, branch in (("goal", "else"), ("indicator", "then")):
                refused = set(refused_by_kind(branch))
                props = {k: v for k, v in obj["properties"].items() if k not in refused}
                for k, v in NODE_KIND_RULE[branch]["properties"].items():
                    if isinstance(v, dict) and "$ref" in v:  # this kind's own schema of the key
                        props[k] = v
                walk_props(obj, props, prefix.replace("[]", f"[{kind}]"))
        else:
            walk_props(obj, obj["properties"], prefix)

    def walk_props(obj, props, prefix):
        objects_at[prefix.rstrip(".")] = obj
        for key, value in props.items():
            path = f"{prefix}{key}"
            paths[path] = value
            for suffix, o in objects(value):
                walk(o, f"{path}{suffix}.")

    walk(SCHEMA, "")
    return paths, objects_at


PATHS, OBJECT_PATHS = property_paths()
KIND_OF_SCHEMA = {id(resolve(ptr)): kind for ptr, kind in OBJECT_KINDS.items()}


# ----------------------------------------------------------------- (a) key lists


def test_every_schema_object_has_a_kind_and_every_kind_an_object():
    found, reached = schema_objects()
    assert sorted(set(found) - set(OBJECT_KINDS)) == [], "schema objects without a reader kind in OBJECT_KINDS"
    assert sorted(set(OBJECT_KINDS) - set(found)) == [], "OBJECT_KINDS names objects the schema does not have"
    kinds = set(OBJECT_KINDS.values()) | {"indicator_only", "aggregate_only"}
    assert sorted(set(KEYS) - kinds) == [], "reader kinds the schema does not describe"
    assert sorted(kinds - set(KEYS)) == [], "schema objects the reader has no key list for"
    unreached = [
        f"#/$defs/{d}"
        for d in SCHEMA["$defs"]
        if not any(r == f"#/$defs/{d}" or r.startswith(f"#/$defs/{d}/") for r in reached)
    ]
    assert unreached == [], "definitions no $ref reaches"


@pytest.mark.parametrize("pointer", sorted(OBJECT_KINDS))
def test_schema_properties_are_the_readers_keys(pointer):
    kind = OBJECT_KINDS[pointer]
    schema_keys = set(resolve(pointer)["properties"])
    cpp_keys = set(KEYS[kind])
    assert sorted(schema_keys - cpp_keys) == [], f"{kind} ({pointer}): keys in the schema that the C++ reader refuses"
    assert sorted(cpp_keys - schema_keys) == [], f"{kind} ({pointer}): keys the C++ reader reads that the schema lacks"
    assert len(KEYS[kind]) == len(cpp_keys), f"{kind}: a key listed twice"


@pytest.mark.parametrize("kind, branch", [("indicator_only", "else"), ("aggregate_only", "then")])
def test_keys_of_one_kind_of_node_are_the_readers(kind, branch):
    # indicator_only: refused on the other nodes (the `else` branch); aggregate_only: refused on indicators.
    assert refused_by_kind(branch) == sorted(KEYS[kind]), f"node keys of {kind}: schema and C++ reader differ"


# ----------------------------------------------------- (b) every key has an effect

# A small strategy: a vision over two goals, three indicators, a municipality
# with two boards in one peer group. Nodes: 0 vision, 1 g1, 2 g2, 3 i1, 4 i2, 5 i3.
BASE = {
    "format": "styrkort-strategy/1",
    "units": [
        {"id": "kommun"},
        {"id": "a", "parent": "kommun", "peer_group": "p"},
        {"id": "b", "parent": "kommun", "peer_group": "p"},
    ],
    "nodes": [
        {"id": "vision", "kind": "vision"},
        {"id": "g1", "kind": "goal", "parents": ["vision"]},
        {"id": "g2", "kind": "goal", "parents": ["vision"]},
        {"id": "i1", "kind": "indicator", "parents": ["g1"], "bounds": {"worst": 0, "best": 100}},
        {
            "id": "i2",
            "kind": "indicator",
            "parents": ["g1"],
            "baseline": {"value": 10, "period": "2020"},
            "target": {"value": 20, "period": "2024"},
        },
        {"id": "i3", "kind": "indicator", "parents": ["g2"], "bounds": {"worst": 0, "best": 100}},
    ],
}
# i1: board a every year, b in 2020 and 2022, none for the municipality (to roll
# up, carry forward and impute); i2: the municipality's own series and the
# boards' first and last years; i3: 2024 only, b without a value.
MEASUREMENTS = pd.DataFrame(
    [("i1", "a", str(y), v) for y, v in zip(range(2020, 2025), [40, 45, 50, 55, 60])]
    + [
        ("i1", "b", "2020", 30),
        ("i1", "b", "2022", 35),
        ("i2", "kommun", "2020", 10),
        ("i2", "kommun", "2022", 14),
        ("i2", "kommun", "2024", 18),
        ("i2", "a", "2020", 5),
        ("i2", "a", "2024", 9),
        ("i2", "b", "2020", 5),
        ("i2", "b", "2024", 11),
        ("i3", "a", "2024", 70),
        ("i3", "kommun", "2024", 65),
    ],
    columns=["indicator", "unit", "period", "value"],
)
# Everything the evaluation says about a cell (not the names it echoes).
RESULTS = [
    "unit",
    "node",
    "period",
    "time",
    "value",
    "origin",
    "target",
    "score",
    "status",
    "computed_status",
    "reason",
    "comment",
    "trend",
    "trend_ratio",
    "arrow",
    "forecast",
    "coverage",
    "rank",
    "imputed",
]


def node(d, node_id):
    return next(n for n in d["nodes"] if n["id"] == node_id)


def canonical(item):
    """A list entry in its long form: a parent link or period given by its id alone as {"id": ...}."""
    return {"id": item} if isinstance(item, str) else item


def locate(d, steps):
    """The object at `steps` (keys; list positions; (key, value) for the list entry with that key)."""
    o = d
    for step in steps:
        if isinstance(step, tuple):
            k, v = step
            o = next(canonical(e) for e in o if canonical(e).get(k) == v)
        else:
            o = canonical(o[step]) if isinstance(step, int) else o[step]
    return o


def json_path(d, steps):
    """The JSON path of `steps` in `d`, as the reader names it."""
    out, o = "$", d
    for step in steps:
        if isinstance(step, tuple):
            k, v = step
            i = next(i for i, e in enumerate(o) if canonical(e).get(k) == v)
            out, o = f"{out}[{i}]", canonical(o[i])
        elif isinstance(step, int):
            out, o = f"{out}[{step}]", canonical(o[step])
        else:
            out, o = f"{out}.{step}", o[step]
    return out


def setter(*steps, **values):
    """A preparation that sets `values` on the object at `steps`."""

    def prepare(d):
        locate(d, steps).update(copy.deepcopy(values))

    return prepare


IDENTITY = object()  # the site's own value (an id: renaming would only move the measurements)


class Case:
    """One key at its place: the value to set (derived from the schema unless
    given), a preparation beyond the site's, other keys of the object to set or
    drop with it, another place (`at`), and whether it changes results."""

    def __init__(self, value=None, *, prepare=None, extra=None, drop=(), at=None, effect=True):
        self.value, self.prepare, self.at, self.effect = value, prepare, at, effect
        self.extra, self.drop = extra or {}, drop


KEPT = Case(effect=False)  # names and descriptions: kept and shown, never computed with
GOAL, IND, I1 = ("nodes", ("id", "g1")), ("nodes", ("id", "i2")), ("nodes", ("id", "i1"))
MILESTONE = {"value": 15, "period": "2022"}
UNIT_TARGET = {"unit": "a", "target": {"value": 12, "period": "2024"}}
STATUS_RULE = {"method": "score_bands", "green": 75, "yellow": 50}
ASSESSMENT = {"node": "g1", "unit": "a", "period": "2024", "comment": "Analys."}
UNIT_BASELINE = {"unit": "a", "baseline": {"value": 4, "period": "2022"}}  # a has no value of its own in 2022
UNIT_PATH = {"unit": "a", "target": {"value": 12, "period": "2024", "milestones": [{"value": 8, "period": "2022"}]}}
GAS = {"levels": {"0": "Som väntat"}}


def defaults(**values):
    return lambda d: d.update(defaults=copy.deepcopy(values))


# Where each object of the format sits in BASE: the steps to it and the
# preparation that puts it there (each value a plain one, so that the keys
# tried on it can differ from it).
SITES = {
    "": ((), None),
    "periods[]": (
        ("periods", ("id", "2024")),
        lambda d: d.update(periods=["2020", "2021", "2022", "2023", {"id": "2024"}]),
    ),
    "units[]": (("units", ("id", "a")), None),
    "nodes[goal]": (GOAL, None),
    "nodes[indicator]": (IND, None),
    "nodes[goal].parents[]": ((*GOAL, "parents", 0), setter(*GOAL, parents=[{"id": "vision"}])),
    "nodes[indicator].parents[]": ((*IND, "parents", 0), setter(*IND, parents=[{"id": "g1"}])),
    "nodes[goal].aggregation": ((*GOAL, "aggregation"), setter(*GOAL, aggregation={"method": "arithmetic"})),
    "nodes[goal].impute": ((*GOAL, "impute"), setter(*GOAL, impute={"method": "none"})),
    "nodes[indicator].impute": ((*I1, "impute"), setter(*I1, impute={"method": "none"})),
    "nodes[goal].status_rule": ((*GOAL, "status_rule"), setter(*GOAL, status_rule=STATUS_RULE)),
    "nodes[indicator].status_rule": ((*IND, "status_rule"), setter(*IND, status_rule=STATUS_RULE)),
    "nodes[indicator].baseline": ((*IND, "baseline"), None),
    "nodes[indicator].target": ((*IND, "target"), None),
    "nodes[indicator].target.milestones[]": (
        (*IND, "target", "milestones", 0),
        setter(*IND, "target", milestones=[MILESTONE]),
    ),
    "nodes[indicator].by_unit[]": ((*IND, "by_unit", 0), setter(*IND, by_unit=[UNIT_TARGET])),
    "nodes[indicator].by_unit[].baseline": ((*IND, "by_unit", 0, "baseline"), setter(*IND, by_unit=[UNIT_BASELINE])),
    "nodes[indicator].by_unit[].target": ((*IND, "by_unit", 0, "target"), setter(*IND, by_unit=[UNIT_TARGET])),
    "nodes[indicator].by_unit[].target.milestones[]": (
        (*IND, "by_unit", 0, "target", "milestones", 0),
        setter(*IND, by_unit=[UNIT_PATH]),
    ),
    "nodes[indicator].bounds": ((*I1, "bounds"), None),
    "nodes[indicator].trend": ((*IND, "trend"), setter(*IND, trend={})),
    "activities[]": (("activities", ("id", "a1")), lambda d: d.update(activities=[{"id": "a1"}])),
    "activities[].gas": (
        ("activities", ("id", "a1"), "gas"),
        lambda d: d.update(activities=[{"id": "a1", "gas": copy.deepcopy(GAS)}]),
    ),
    "activities[].gas.levels": (
        ("activities", ("id", "a1"), "gas", "levels"),
        lambda d: d.update(activities=[{"id": "a1", "gas": copy.deepcopy(GAS)}]),
    ),
    "assessments[]": (("assessments", 0), lambda d: d.update(assessments=[dict(ASSESSMENT)])),
    "defaults": (("defaults",), defaults()),
    "defaults.aggregation": (("defaults", "aggregation"), defaults(aggregation={"method": "arithmetic"})),
    "defaults.indicator_status_rule": (
        ("defaults", "indicator_status_rule"),
        defaults(indicator_status_rule=STATUS_RULE),
    ),
    "defaults.node_status_rule": (("defaults", "node_status_rule"), defaults(node_status_rule=STATUS_RULE)),
    "defaults.trend": (("defaults", "trend"), defaults(trend={})),
}

# Keys that need a value or a context the schema cannot give; every other path
# takes a value derived from the schema, set at its site.
CASES = {
    "format": KEPT,
    "name": KEPT,
    "organisation": KEPT,
    "periods": Case(["2020", "2021", "2022", "2023", "2024", "2025"]),
    "units": Case([*BASE["units"], {"id": "c", "parent": "kommun"}]),
    "nodes": Case([*BASE["nodes"], {"id": "g3", "kind": "goal", "parents": ["vision"]}]),
    "activities": Case([{"id": "a1"}], effect=False),
    "assessments": Case([ASSESSMENT]),
    "defaults": Case({"carry_forward": 2}),
    "periods[].id": Case(IDENTITY, effect=False),
    "periods[].time": Case(2024.5),
    "units[].id": Case(IDENTITY, effect=False),
    "units[].name": KEPT,
    "units[].kind": KEPT,
    "units[].parent": Case("b"),
    "units[].weight": Case(prepare=setter(*I1, unit_aggregation="weighted_mean")),
    # b has no i3 value, a has: g2 of b is imputed from its peer a, unless they are no longer peers
    "units[].peer_group": Case("q", prepare=setter("nodes", ("id", "g2"), impute={"method": "peer_mean"})),
    "nodes[goal].parents": Case([{"id": "vision", "weight": 2}]),
    "nodes[goal].aggregation": Case({"method": "geometric"}),
    "nodes[goal].aggregation.p": Case(3, prepare=setter(*GOAL, aggregation={"method": "power", "p": 1})),
    "nodes[goal].impute": Case({"method": "peer_mean"}),
    "nodes[goal].impute.min_indicator_coverage": Case(prepare=setter(*GOAL, impute={"method": "peer_mean"})),
    "nodes[goal].status_rule": Case({"method": "worst"}),
    "nodes[goal].status_rule.method": Case("worst", drop=("green", "yellow")),
    "nodes[goal].not_applicable": Case(["b"]),
    "nodes[goal].not_scored": Case(["b"]),
    "nodes[goal].normalisation": Case("minmax"),
    "nodes[indicator].unit_of_measure": KEPT,
    "nodes[indicator].parents": Case([{"id": "g1", "weight": 2}]),
    "nodes[indicator].impute": Case({"method": "peer_mean"}, at=I1),  # i1 of b is missing in 2021, a has one
    "nodes[indicator].impute.min_sibling_values": Case(prepare=setter(*I1, impute={"method": "peer_mean"})),
    "nodes[indicator].status_rule": Case({"method": "sdg_dashboard", "green": 18, "red": 12}),
    "nodes[indicator].status_rule.method": Case("sdg_dashboard", extra={"green": 18, "red": 12}, drop=("yellow",)),
    "nodes[indicator].status_rule.red": Case(
        14, prepare=setter(*IND, status_rule={"method": "sdg_dashboard", "green": 18, "red": 12})
    ),
    "nodes[indicator].not_applicable": Case(["b"]),
    "nodes[indicator].band": Case([14, 16], prepare=setter(*IND, direction="band", band=[10, 12], tolerance=2)),
    "nodes[indicator].tolerance": Case(prepare=setter(*IND, direction="band", band=[12, 14], tolerance=2)),
    "nodes[indicator].baseline": Case({"value": 12, "period": "2021"}),
    # every unit has a value of its own in 2020, which comes before the declared one
    "nodes[indicator].baseline.value": Case(prepare=setter(*IND, baseline={"value": 10, "period": "2021"})),
    "nodes[indicator].baseline.period": Case("2021"),
    "nodes[indicator].target": Case({"value": 30, "period": "2024"}),
    "nodes[indicator].target.period": Case("2023"),
    "nodes[indicator].target.milestones": Case([MILESTONE]),
    "nodes[indicator].target.milestones[].period": Case("2023"),
    "nodes[indicator].target.interpolation": Case(prepare=setter(*IND, "target", milestones=[MILESTONE])),
    "nodes[indicator].by_unit": Case([UNIT_TARGET]),
    "nodes[indicator].by_unit[].unit": Case("b"),
    "nodes[indicator].by_unit[].baseline": Case({"value": 4, "period": "2022"}),
    "nodes[indicator].by_unit[].baseline.period": Case("2021"),
    "nodes[indicator].by_unit[].target": Case({"value": 14, "period": "2024"}),
    "nodes[indicator].by_unit[].target.period": Case("2023"),
    "nodes[indicator].by_unit[].target.milestones": Case([{"value": 8, "period": "2022"}]),
    "nodes[indicator].by_unit[].target.milestones[].period": Case("2023"),
    "nodes[indicator].by_unit[].target.interpolation": Case(prepare=setter(*IND, by_unit=[UNIT_PATH])),
    "nodes[indicator].target_share": Case(prepare=setter(*IND, unit_aggregation="sum")),
    "nodes[indicator].bounds": Case({"worst": 0, "best": 40}),
    "nodes[indicator].normalisation": Case("ratio"),
    "nodes[indicator].unit_aggregation": Case(at=I1),  # the municipality has no i1 values of its own
    "nodes[indicator].carry_forward": Case(at=I1),
    "nodes[indicator].trend": Case({"model": "linear"}),
    "nodes[indicator].trend.start": Case("2022"),
    # the municipality's i2 rises 2 a year against 2.5 needed by 2024 (moderately improving), 5 by 2022 (stagnating)
    "nodes[indicator].trend.horizon": Case("2022"),
    "activities[].id": Case(IDENTITY, effect=False),
    "activities[].focus_area": Case("g1", effect=False),
    "activities[].year": Case(2019, effect=False),
    "activities[].unit": Case("a", effect=False),
    "activities[].gas": Case({"levels": {"0": "Som väntat"}, "attained": 1}, effect=False),
    "activities[].gas.levels": Case({"0": "Ett möte", "1": "Två möten"}, effect=False),
    "assessments[].node": Case("g2"),
    "assessments[].unit": Case("b"),
    "assessments[].period": Case("2022"),
    "assessments[].comment": Case("Bedömt i dialog."),
    "defaults.normalisation": Case("minmax"),
    "defaults.aggregation": Case({"method": "geometric"}),
    "defaults.aggregation.p": Case(3, prepare=defaults(aggregation={"method": "power", "p": 1})),
    "defaults.trend": Case({"model": "linear"}),
    "defaults.trend.start": Case("2022"),
    "defaults.trend.horizon": Case("2022"),
    "defaults.indicator_status_rule": Case({"method": "score_bands", "green": 60, "yellow": 40}),
    # the indicators' default rule is always score_bands (dashboard thresholds belong to each indicator)
    "defaults.indicator_status_rule.method": Case(IDENTITY, effect=False),
    "defaults.node_status_rule": Case({"method": "worst"}),
    "defaults.node_status_rule.method": Case("worst", drop=("green", "yellow")),
}
for _rule in (
    "nodes[goal].status_rule",
    "nodes[indicator].status_rule",
    "defaults.indicator_status_rule",
    "defaults.node_status_rule",
):
    CASES.update({f"{_rule}.green": Case(60), f"{_rule}.yellow": Case(30), f"{_rule}.orange": Case(25)})
for _kind in ("goal", "indicator"):
    _n = f"nodes[{_kind}]"
    CASES.update(
        {
            f"{_n}.id": Case(IDENTITY, effect=False),
            f"{_n}.kind": Case(IDENTITY, effect=False),
            f"{_n}.name": KEPT,
            f"{_n}.owner": KEPT,
            f"{_n}.priority": KEPT,
            f"{_n}.parents[].id": Case("g2"),
        }
    )
for _key in (
    "name",
    "means",
    "owner",
    "directions",
    "planned_cost",
    "spent_cost",
    "planned_hours",
    "spent_hours",
    "status",
    "gas.attained",
    "gas.weight",
    *(f"gas.levels.{k}" for k in KEYS["gas_levels"]),
):
    CASES[f"activities[].{_key}"] = KEPT  # the action plans' follow-up, not the evaluation

# Keys the schema lists for an object that no rule of its place can use: the
# reader refuses them there (checked below).
NOT_HERE = {
    "nodes[goal].status_rule.red": "no rule of a node above indicators has a red threshold",
    "defaults.node_status_rule.red": "no rule of a node above indicators has a red threshold",
    "defaults.indicator_status_rule.red": "the indicators' default rule is score_bands, without a red threshold",
}


def derive(schema, current):
    """A valid value from the schema that is neither its default nor `current`."""
    while "$ref" in schema:
        schema = resolve(schema["$ref"])
    avoid = [schema.get("default"), current]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v not in avoid)
    for k in ("anyOf", "oneOf"):
        if k in schema:
            return derive(schema[k][0], current)
    kind = schema.get("type")
    kind = next(t for t in kind if t != "null") if isinstance(kind, list) else kind
    if kind in ("number", "integer"):
        low, high = schema.get("minimum", -1e9), schema.get("maximum", 1e9)
        low_open = schema.get("exclusiveMinimum", -1e9)
        candidates = [2, 3, 1, 0] if kind == "integer" else [2, 3, 0.75, 0.25, 1, 0.5]
        return next(x for x in candidates if low <= x <= high and x > low_open and x not in avoid)
    if kind == "string":
        return next(x for x in ("Text", "Annan text") if x not in avoid)
    if kind == "array":
        return [derive(schema["items"], None)]
    raise AssertionError(f"no value can be derived from {schema}: give a Case")


def split(path):
    """The object path and the key of a property path."""
    site, _, key = path.rpartition(".")
    return site, key


def load(d, what):
    try:
        return sk.Strategy.from_dict(d)
    except sk.StrategyError as e:
        raise AssertionError(f"{what}: the reader refuses a strategy the test holds valid: {e}") from None


def results(strategy):
    t = sk.evaluate(strategy, MEASUREMENTS).table()
    return t[RESULTS].astype(object).reset_index(drop=True)


def contains(written, expected):
    """`written` (from the writer) holds `expected` (the writer may add defaults and use short forms)."""
    if isinstance(expected, dict):
        written = canonical(written)
        return isinstance(written, dict) and all(k in written and contains(written[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (
            isinstance(written, list)
            and len(written) == len(expected)
            and all(contains(w, e) for w, e in zip(written, expected))
        )
    return written == expected


def with_and_without(path):
    """The strategy with the key set as its case says, and the strategy without it."""
    site_path, key = split(path)
    case = CASES.get(path, Case())
    steps, prepare = SITES[site_path]
    steps = case.at if case.at is not None else steps
    without = copy.deepcopy(BASE)
    for p in (prepare, case.prepare):
        if p:
            p(without)
    current = locate(without, steps).get(key)
    if case.value is IDENTITY:
        value = current
    elif case.value is None:
        value = derive(PATHS[path], current)
    else:
        value = case.value
    with_ = copy.deepcopy(without)
    obj = locate(with_, steps)
    obj[key] = copy.deepcopy(value)
    obj.update(copy.deepcopy(case.extra))
    for k in case.drop:
        del obj[k]
    return with_, without, steps, key, value, case


def test_every_path_has_a_site_and_every_case_a_path():
    assert sorted(set(OBJECT_PATHS) - set(SITES)) == [], "objects of the schema without a site in SITES"
    assert sorted(set(SITES) - set(OBJECT_PATHS)) == [], "SITES names objects the schema does not have"
    assert sorted((set(CASES) | set(NOT_HERE)) - set(PATHS)) == [], "CASES or NOT_HERE name paths the schema lacks"


@pytest.mark.parametrize("path", sorted(set(PATHS) - set(NOT_HERE)))
def test_every_key_is_kept_and_has_an_effect(path):
    with_, without, steps, key, value, case = with_and_without(path)
    jsonschema.validate(with_, SCHEMA)
    strategy = load(with_, path)
    written = locate(strategy.to_dict(), steps)
    assert key in written and contains(written[key], value), (
        f"{path}: the writer does not give back {value!r} (it writes {written.get(key)!r})"
    )
    if case.effect:
        before, after = results(load(without, f"{path} (without)")), results(strategy)
        assert not after.equals(before), f"{path} = {value!r} is read and kept but changes no result"


# ------------------------------------------------- (c) other keys are refused


def kind_at(site):
    return KIND_OF_SCHEMA[id(OBJECT_PATHS[site])]


@pytest.mark.parametrize("site", sorted(SITES))
def test_an_unknown_key_is_refused_naming_its_path(site):
    steps, prepare = SITES[site]
    d = copy.deepcopy(BASE)
    if prepare:
        prepare(d)
    locate(d, steps)["milestone"] = 1
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_dict(d)
    allowed = ", ".join(KEYS[kind_at(site)])
    assert f'strategy: {json_path(d, steps)}: unknown key "milestone" (allowed: {allowed})' == str(e.value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, SCHEMA)


def inapplicable():
    """Keys set where the other kind of node, or a rule of another method, would take them:
    (path the reader names, strategy)."""
    # the value each key takes where it belongs (from the cases above)
    for keys, belongs, other, index in (("indicator_only", "indicator", "g1", 1), ("aggregate_only", "goal", "i2", 4)):
        for key in KEYS[keys]:
            value = with_and_without(f"nodes[{belongs}].{key}")[4]
            d = copy.deepcopy(BASE)
            node(d, other)[key] = copy.deepcopy(value)
            yield f"$.nodes[{index}].{key}", d
    for kind, other, at, index in (
        ("impute_node", "impute_indicator", I1, 3),
        ("impute_indicator", "impute_node", GOAL, 1),
    ):
        for key in sorted(set(KEYS[kind]) - set(KEYS[other])):
            d = copy.deepcopy(BASE)
            locate(d, at)["impute"] = {"method": "peer_mean", key: 1}
            yield f"$.nodes[{index}].impute", d
    for path in NOT_HERE:
        site, key = split(path)
        steps, prepare = SITES[site]
        d = copy.deepcopy(BASE)
        prepare(d)
        locate(d, steps)[key] = 10
        yield json_path(d, steps) + f".{key}", d


OUT_OF_PLACE = list(inapplicable())


@pytest.mark.parametrize("where, strategy", OUT_OF_PLACE, ids=[where for where, _ in OUT_OF_PLACE])
def test_a_key_out_of_place_is_refused_naming_its_path(where, strategy):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(strategy, SCHEMA)
    with pytest.raises(sk.StrategyError, match=f"^strategy: {re.escape(where)}[:.]"):
        sk.Strategy.from_dict(strategy)


def schema_conditions():
    """(kind, condition, key) for every key a condition of the schema refuses in
    an object, e.g. ("status_rule", "method=score_bands", "red"). The kind of
    node is left out: its keys are the reader's kinds indicator_only and
    aggregate_only, tested above."""
    out = set()
    for pointer, kind in OBJECT_KINDS.items():
        obj = resolve(pointer)
        for rule in [obj, *obj.get("allOf", [])]:
            if "if" not in rule or rule is NODE_KIND_RULE:
                continue
            for branch, op in (("then", "="), ("else", "!=")):
                then = rule.get(branch)
                props = then.get("properties", {}) if isinstance(then, dict) else {}
                refused = [k for k, v in props.items() if v is False]
                if refused:  # conditions that only require keys are the loader's and the schema's alike
                    ((key, test),) = rule["if"]["properties"].items()
                    values = "|".join(test["enum"] if "enum" in test else [test["const"]])
                    out.update((kind, f"{key}{op}{values}", k) for k in refused)
    return out


# For each key the schema refuses under a condition: where to set what, so that
# only that key is out of place.
CONDITIONAL = {
    ("status_rule", "method=score_bands", "red"): ("nodes[goal]", "status_rule", {**STATUS_RULE, "red": 10}),
    ("status_rule", "method=sdg_dashboard", "yellow"): (
        "nodes[indicator]",
        "status_rule",
        {"method": "sdg_dashboard", "green": 18, "red": 12, "yellow": 15},
    ),
    ("status_rule", "method=sdg_dashboard", "orange"): (
        "nodes[indicator]",
        "status_rule",
        {"method": "sdg_dashboard", "green": 18, "red": 12, "orange": 14},
    ),
    ("status_rule", "method=share_green", "orange"): (
        "nodes[goal]",
        "status_rule",
        {"method": "share_green", "green": 0.5, "yellow": 0.25, "orange": 0.1},
    ),
    ("status_rule", "method=share_green", "red"): (
        "nodes[goal]",
        "status_rule",
        {"method": "share_green", "green": 0.5, "yellow": 0.25, "red": 0.1},
    ),
    **{
        ("status_rule", "method=worst|two_worst", k): ("nodes[goal]", "status_rule", {"method": "two_worst", k: 0.5})
        for k in ("green", "yellow", "orange", "red")
    },
    ("aggregation", "method!=power", "p"): ("nodes[goal]", "aggregation", {"method": "geometric", "p": 2}),
    ("node", "direction!=band", "band"): ("nodes[indicator]", "band", [1, 2]),
    ("node", "direction!=band", "tolerance"): ("nodes[indicator]", "tolerance", 1),
    ("impute_node", "method=none", "min_indicator_coverage"): (
        "nodes[goal]",
        "impute",
        {"method": "none", "min_indicator_coverage": 0.5},
    ),
    ("impute_indicator", "method=none", "min_sibling_values"): (
        "nodes[indicator]",
        "impute",
        {"method": "none", "min_sibling_values": 1},
    ),
}


def test_every_condition_of_the_schema_has_a_case():
    assert sorted(schema_conditions() - set(CONDITIONAL)) == [], "conditions of the schema without a case"
    assert sorted(set(CONDITIONAL) - schema_conditions()) == [], "cases of conditions the schema lacks"


@pytest.mark.parametrize("condition", sorted(CONDITIONAL), ids="/".join)
def test_a_key_its_condition_refuses_is_refused_naming_its_path(condition):
    # The reader refuses what the schema's conditions refuse: a key that would do nothing.
    _, _, refused = condition
    site, key, value = CONDITIONAL[condition]
    steps, prepare = SITES[site]
    d = copy.deepcopy(BASE)
    if prepare:
        prepare(d)
    locate(d, steps)[key] = copy.deepcopy(value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, SCHEMA)
    where = json_path(d, steps) + f".{key}" + ("" if refused == key else f".{refused}")
    with pytest.raises(sk.StrategyError, match=f"^strategy: {re.escape(where)}: "):
        sk.Strategy.from_dict(d)
