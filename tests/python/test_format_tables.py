"""The strategy format as tables is spelled out once (issue 9, point 4).

The table columns of ``Strategy.from_tables``, ``to_tables``, the Excel
workbook and the node view ``Strategy.nodes`` come from one field list
(``styrkort._tables``); these tests check it both ways against the C++
reader's own key lists, and that errors carry their place as data (JSON path,
table, row, column) which the tables and Excel map without reading messages.
"""

import pandas as pd
import pytest

import styrkort as sk
from styrkort import _core, _tables
from styrkort.excel import read_strategy_excel, write_strategy_excel

KEYS = _core.strategy_format_keys()
NODE_KEYS = set(KEYS["node"])
# The kinds of object below a node key: a table column's path walks through them.
BELOW = {
    "node": {
        "baseline": "reference",
        "target": "target",
        "bounds": "bounds",
        "aggregation": "aggregation",
        "impute": ("impute_node", "impute_indicator"),
        "status_rule": "status_rule",
        "trend": "trend",
        "parents": "link",
    },
    "activity": {"gas": "gas"},
    "gas": {"levels": "gas_levels"},
}
ROW_KIND = {
    "nodes": "node",
    "units": "unit",
    "periods": "period",
    "links": "link",
    "activities": "activity",
    "assessments": "assessment",
    "targets": ("reference", "by_unit"),
}


def keys_of(kind):
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return {k for x in kinds for k in KEYS[x]}


def walk(kind, steps):
    """Checks that each step of a column's path is a key of the object it is in."""
    for step in steps:
        if isinstance(step, int) or step == "[]":
            continue  # a list entry: the same kind of object as the list's
        assert step in keys_of(kind), f"{step!r} is not a key of {kind} ({sorted(keys_of(kind))})"
        kind = BELOW.get(kind if isinstance(kind, str) else "", {}).get(step, kind)


@pytest.mark.parametrize("table", sorted(_tables.TABLES))
def test_every_column_is_a_key_of_the_format(table):
    for f in _tables.TABLES[table][0]:
        if f.path is not None:
            walk(ROW_KIND[table], f.steps)


@pytest.mark.parametrize(
    "kind, table, prefix",
    [
        ("node", "nodes", []),
        ("reference", "nodes", ["baseline"]),
        ("target", "nodes", ["target"]),
        ("bounds", "nodes", ["bounds"]),
        ("aggregation", "nodes", ["aggregation"]),
        ("impute_node", "nodes", ["impute"]),
        ("impute_indicator", "nodes", ["impute"]),
        ("status_rule", "nodes", ["status_rule"]),
        ("trend", "nodes", ["trend"]),
        ("link", "nodes", ["parents", "[]"]),
        ("link", "links", []),
        ("unit", "units", []),
        ("period", "periods", []),
        ("activity", "activities", []),
        ("gas", "activities", ["gas"]),
        ("gas_levels", "activities", ["gas", "levels"]),
        ("assessment", "assessments", []),
        ("reference", "targets", []),
    ],
)
def test_every_key_of_the_format_has_a_column(kind, table, prefix):
    # Each key the reader reads is a column of the table (or, for a node, lives
    # in the table the field list names).
    paths = [f.steps for f in _tables.TABLES[table][0]]
    elsewhere = {tuple(_tables.path_steps(p)) for p in _tables.NODE_KEYS_ELSEWHERE} if table == "nodes" else set()
    for key in KEYS[kind]:
        full = [*prefix, key]
        covered = any(p[: len(full)] == full for p in paths) or any(tuple(full[: len(e)]) == e for e in elsewhere)
        assert covered, f"{kind}.{key}: no column of the {table} table holds it"


def test_the_node_view_has_the_tables_columns():
    view = set(sk.examples.gavle_strategy().nodes.columns)
    table = (_tables.NODE_COLUMNS - {"parent", "weight"}) | {"parents", "weights"}
    assert sorted(view - table) == [] and sorted(table - view) == []


def test_tables_round_trip_every_column():
    # A strategy using every node column comes back unchanged through the tables.
    nodes = pd.DataFrame(
        [
            {"id": "v", "kind": "vision", "aggregation": "power", "p": 2, "min_coverage": 0.5},
            {
                "id": "g",
                "kind": "goal",
                "parent": "v",
                "weight": 2,
                "status_rule": "share_green",
                "status_green": 0.5,
                "status_yellow": 0.25,
                "impute": "peer_mean",
                "impute_min_indicator_coverage": 0.5,
                "min_indicator_coverage": 0.75,
                "not_scored": "b",
            },
            {
                "id": "i",
                "kind": "indicator",
                "parent": "g",
                "direction": "band",
                "band_low": 1,
                "band_high": 2,
                "tolerance": 1,
                "worst": 0,
                "best": 5,
                "unit_aggregation": "mean",
                "carry_forward": 2,
                "trend_model": "linear",
                "impute": "peer_mean",
                "impute_min_sibling_values": 1,
                "not_applicable": "a",
                "status_rule": "score_bands",
                "status_green": 80,
                "status_yellow": 60,
                "status_orange": 40,
            },
        ]
    )
    units = pd.DataFrame(
        [{"id": "k"}, {"id": "a", "parent": "k", "peer_group": "p"}, {"id": "b", "parent": "k", "peer_group": "p"}]
    )
    s = sk.Strategy.from_tables(nodes, units=units)
    t = s.to_tables()
    assert list(t["nodes"].columns) == [c for c in _tables.columns("nodes") if c in t["nodes"].columns]
    again = sk.Strategy.from_tables(t["nodes"], units=t["units"])
    assert again.to_dict() == s.to_dict()
    g = again.nodes.set_index("id").loc["g"]
    assert (g["weights"], g["status_green"], g["not_scored"]) == ([2.0], 0.5, ["b"])


def test_core_errors_carry_their_place_as_data():
    d = sk.examples.gavle_strategy().to_dict()
    d["nodes"][3]["kind"] = "indikator"
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_dict(d, source="min.json")
    err = e.value
    assert (err.source, err.path) == ("min.json", "$.nodes[3].kind")
    assert err.rule.startswith('unknown value "indikator"')
    assert str(err) == f"min.json: $.nodes[3].kind: {err.rule}"
    d["nodes"][3]["kind"] = "indicator"
    d["nodes"][3]["colour"] = "red"
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_dict(d)
    assert (e.value.path, e.value.key) == ("$.nodes[3]", "colour")


def test_measurement_errors_carry_row_and_column():
    s = sk.examples.gavle_strategy()
    m = sk.examples.gavle_measurements().frame.head(3).copy()
    m.loc[m.index[2], "unit"] = "okänd"
    with pytest.raises(sk.MeasurementError) as e:
        sk.evaluate(s, m)
    assert (e.value.column, e.value.row) == ("unit", 2)
    assert "okänd" in e.value.rule


NODES = pd.DataFrame(
    [
        {"id": "v", "kind": "vision"},
        {"id": "g", "kind": "goal", "parent": "v"},
        {"id": "i", "kind": "indicator", "parent": "g", "baseline_value": 1, "baseline_period": "2020"},
    ],
    index=[10, 11, 12],
)


def test_a_table_error_names_the_row_the_key_came_from():
    # The core's JSON path is mapped through where each object came from: a
    # node's row, a links row, a targets row.
    links = pd.DataFrame([{"child": "i", "parent": "v", "weight": -1}], index=[7])
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_tables(NODES, links=links)
    assert (e.value.table, e.value.row, e.value.column) == ("links", 7, "weight")
    assert str(e.value).startswith("links table, row 7, column 'weight': negative")
    targets = pd.DataFrame(
        [
            {"indicator": "i", "period": "2024", "value": 5},
            {"indicator": "i", "period": "2030", "value": 3},
        ],
        index=[20, 21],
    )
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_tables(NODES, targets=targets.iloc[::-1])
    assert (e.value.table, e.value.row, e.value.column) == ("targets", 21, "period")
    assert "must come before the target period" in e.value.rule
    bad = NODES.copy()
    bad.loc[12, "baseline_period"] = None
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_tables(bad)
    assert (e.value.table, e.value.row, e.value.column) == ("nodes", 12, "baseline_period")


def test_excel_names_sheet_row_and_column_from_the_error_data(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "s.xlsx"
    write_strategy_excel(path, sk.Strategy.from_tables(NODES))
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["nodes"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=4, column=header.index("baseline_period") + 1, value="20x0")
    book.save(path)
    with pytest.raises(sk.StrategyError) as e:
        read_strategy_excel(path)
    letter = chr(ord("A") + header.index("baseline_period"))
    assert str(e.value).startswith(f"{path}, sheet 'nodes', row 4, column {letter} (baseline_period): unknown period")
    assert (e.value.source, e.value.table, e.value.row, e.value.column) == (str(path), "nodes", 4, "baseline_period")
