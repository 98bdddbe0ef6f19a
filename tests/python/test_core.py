"""The compiled layer, styrkort._core, directly."""

import ast
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort import _core


def test_vocabulary_is_the_engines():
    v = _core.vocabulary
    assert v["status"] == ["red", "orange", "yellow", "green", "not_assessable", "not_applicable"]
    assert v["trend"][:5] == ["target_achieved", "on_track", "acceleration_needed", "limited_progress", "deterioration"]
    assert v["origin"] == ["missing", "observed", "units", "carried_forward"]


def test_evaluator_round_trip_through_core():
    s = _core.Strategy.from_json(json.dumps(small_strategy()), "small")
    m = _core.Measurements(
        ["i1", "i2"],
        ["a"],
        ["2022"],
        np.array([0, 1], np.int32),
        np.array([0, 0], np.int32),
        np.array([0, 0], np.int32),
        np.array([40.0, 10.0]),
        "m",
        1,
    )
    evaluator = _core.Evaluator(s)
    panel = evaluator.prepare(m)
    assert panel.shape == (3, 3, 3)  # i1..i3 x kommun, a, b x 2020, 2022, 2024
    assert panel.period_ids == ["2020", "2022", "2024"]
    ev = evaluator.evaluate(panel)
    g1 = s.node_columns()["id"].index("g1")
    assert ev.score[g1, 1, 1] == pytest.approx(60.0)  # (40 + 100*(10-50)/(0-50)) / 2
    assert ev.score.base is not None  # a view of the engine's memory
    with pytest.raises(ValueError):
        panel.value[0, 0, 0] = 1.0  # the panel is shared and read-only


def test_column_lengths_must_agree():
    with pytest.raises(sk.ArgumentError, match="same length"):
        _core.Measurements(
            ["i1"],
            [],
            ["2022"],
            np.array([0, 0], np.int32),
            np.array([], np.int32),
            np.array([0], np.int32),
            np.array([1.0]),
            "m",
            1,
        )


def test_a_panel_of_another_strategy_is_refused():
    a = _core.Evaluator(_core.Strategy.from_json(json.dumps(small_strategy()), "a"))
    other = small_strategy()
    other["nodes"] = other["nodes"][:4]
    b = _core.Evaluator(_core.Strategy.from_json(json.dumps(other), "b"))
    m = _core.Measurements(
        ["i1"],
        ["a"],
        ["2022"],
        np.array([0], np.int32),
        np.array([0], np.int32),
        np.array([0], np.int32),
        np.array([1.0]),
        "m",
        1,
    )
    with pytest.raises(sk.ArgumentError, match="another strategy"):
        b.evaluate(a.prepare(m))


# -- errors: the engine's exceptions arrive as the package's classes -----------------------------------------------


def _strategy_error():
    _core.Strategy.from_json("{", "bad.json")


def _measurement_error():
    _core.Measurements(
        ["i1"],
        ["a"],
        ["2022"],
        np.array([0], np.int32),
        np.array([0], np.int32),
        np.array([0], np.int32),
        np.array([np.inf]),
        "m.csv",
        2,
    )


def _argument_error():
    _core.weights_from_priorities([1, 2], "nope")


ENGINE_ERRORS = [
    (_strategy_error, "StrategyError", r"^bad\.json: line 1, column 2: malformed JSON"),
    (_measurement_error, "MeasurementError", r"^m\.csv, row 2: value is infinite"),
    (_argument_error, "ArgumentError", r"^unknown rank weighting 'nope' \(allowed: rank_order_centroid, "),
]


@pytest.mark.parametrize("call, name, message", ENGINE_ERRORS, ids=[e[1] for e in ENGINE_ERRORS])
def test_engine_errors_are_the_public_classes(call, name, message):
    public = getattr(sk, name)
    assert public is getattr(sk.errors, name)  # styrkort.errors is the one home of the class
    with pytest.raises(public, match=message) as info:
        call()
    assert type(info.value) is public
    assert isinstance(info.value, sk.Error) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("call, name, message", ENGINE_ERRORS, ids=[e[1] for e in ENGINE_ERRORS])
def test_raising_an_engine_error_imports_nothing(monkeypatch, call, name, message):
    # The classes were looked up once, when _core was imported. With styrkort.errors made unimportable
    # (None in sys.modules makes `import styrkort.errors` fail), a raise that imported it would fail or
    # give a class of a fresh module; the stored class is raised instead.
    public = getattr(sk, name)
    monkeypatch.setitem(sys.modules, "styrkort.errors", None)
    with pytest.raises(public, match=message) as info:
        call()
    assert type(info.value) is public


# -- stubs: what mypy's stubtest cannot see in pybind11 functions ------------------------------------------------


def _split_top_level(text):
    """`text` split at the commas outside brackets and quotes."""
    parts, depth, quote, start = [], 0, None, 0
    for k, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _bound_parameters(obj, name):
    """(name, default or None) of each parameter of a pybind11 function, from the signature it writes first in
    its docstring, `name(a: type, b: type = default) -> type`; `self` left out."""
    line = (obj.__doc__ or "").lstrip().splitlines()[0]
    assert line.startswith(name + "("), f"{name}: no pybind11 signature in {line!r}"
    inner = line[len(name) + 1 : line.rindex(") -> ")]
    out = []
    for p in _split_top_level(inner):
        arg, _, default = p.partition(" = ")
        arg = arg.split(":")[0].strip()
        if arg != "self":
            out.append((arg, default.strip() or None))
    return out


def _stub_parameters(fn):
    """(name, default repr or ... or None) of each parameter of a stub function; `self` left out."""
    args = fn.args.posonlyargs + fn.args.args
    defaults = [None] * (len(args) - len(fn.args.defaults)) + list(fn.args.defaults)
    out = []
    for a, d in zip(args, defaults):
        if a.arg == "self":
            continue
        if d is None:
            out.append((a.arg, None))
        else:
            value = ast.literal_eval(d)
            out.append((a.arg, ... if value is ... else repr(value)))
    assert not fn.args.vararg and not fn.args.kwonlyargs and not fn.args.kwarg, fn.name
    return out


def _stub_functions():
    """(runtime object, name, stub function) of every function and method the stubs declare, properties left out."""
    tree = ast.parse(Path(sk.__file__).with_name("_core.pyi").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield _core, node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                decorators = {getattr(d, "id", None) for d in getattr(item, "decorator_list", [])}
                if isinstance(item, ast.FunctionDef) and "property" not in decorators:
                    yield getattr(_core, node.name), f"{node.name}.{item.name}", item


STUB_FUNCTIONS = list(_stub_functions())


@pytest.mark.parametrize("owner, name, stub", STUB_FUNCTIONS, ids=[f[1] for f in STUB_FUNCTIONS])
def test_stub_names_the_bound_arguments_and_defaults(owner, name, stub):
    bound = _bound_parameters(getattr(owner, stub.name), stub.name)
    declared = _stub_parameters(stub)
    assert [a for a, _ in declared] == [a for a, _ in bound]
    for (arg, default), (_, bound_default) in zip(declared, bound):
        if default is ...:
            assert bound_default is not None, f"{name}({arg}): the stub gives a default, the binding none"
        else:
            assert default == bound_default, f"{name}({arg})"


def test_stubs_cover_every_function_the_bindings_define():
    # stubtest checks the names; this checks that the test above saw every function and method
    checked = {name for _, name, _ in STUB_FUNCTIONS}
    assert {"Strategy.from_json", "Evaluator.evaluate", "FocusAreas.__getitem__", "grant_cash_flow"} <= checked
    assert len(checked) == len(STUB_FUNCTIONS)
