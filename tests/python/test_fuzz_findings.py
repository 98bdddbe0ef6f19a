"""Regression tests of the inputs the fuzz harnesses (fuzz/, issue 12 point 6)
found: each input that made a loader raise something other than a
styrkort.Error, with the error class and message it raises now."""

import pytest

import styrkort as sk


def test_strategy_text_with_a_lone_surrogate():
    # fuzz_strategy_json: a byte that is not UTF-8, decoded with
    # errors="surrogateescape", reached the binding as a str it could not
    # convert (TypeError: incompatible function arguments).
    text = '{\n  "format": "styrkort-strategy/1",\n  "name": "Gävle \udc9f"\n}'
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_json_text(text, "s.json")
    assert str(e.value) == (
        "s.json: line 3, column 18: the character '\\udc9f' (after '  \"name\": \"Gävle ') is a lone surrogate, "
        "not text (was the file decoded with errors='surrogateescape'?); a strategy must be Unicode text"
    )
    assert (e.value.source, e.value.rule) == ("s.json", "lone surrogate")


def test_strategy_dict_with_a_lone_surrogate():
    # the place in the dict: the JSON text it is written as, and what comes before
    with pytest.raises(sk.StrategyError) as e:
        sk.Strategy.from_dict({"name": "\udcff"}, source="d")
    assert str(e.value).startswith("d: line 1, column 11: the character '\\udcff' (after '{\"name\": \"') is a lone")


def test_sensitivity_inputs_not_utf8(tmp_path):
    # fuzz_sensitivity_inputs: UnicodeDecodeError escaped load_inputs.
    p = tmp_path / "inputs.json"
    p.write_bytes(b'[{"kind": "target", "indicator": "i\xff"}]')
    with pytest.raises(sk.ArgumentError) as e:
        sk.load_inputs(p)
    assert str(e.value) == (
        f"{p}: line 1, column 36: invalid UTF-8 byte 0xFF (byte 35 of the file); the file looks like Windows text "
        "(cp1252 or latin-1), where 0xFF is 'ÿ': save the file as UTF-8"
    )


def test_sensitivity_inputs_nested_too_deeply(tmp_path):
    # fuzz_sensitivity_inputs: RecursionError escaped load_inputs.
    p = tmp_path / "inputs.json"
    p.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(sk.ArgumentError) as e:
        sk.load_inputs(p)
    assert str(e.value) == (f"{p}: the JSON is nested too deeply to be a list of inputs (an input is two levels deep)")


def test_sensitivity_inputs_and_plans_name_the_line_of_malformed_json(tmp_path):
    # one reader of JSON files (_io.read_json) for the inputs and the plan
    p = tmp_path / "inputs.json"
    p.write_text('[\n  {"name": "w",\n  "kind": }\n]', encoding="utf-8")
    with pytest.raises(sk.ArgumentError) as e:
        sk.load_inputs(p)
    assert str(e.value) == f"{p}: line 3, column 11: malformed JSON: Expecting value"
    with pytest.raises(sk.ArgumentError) as e:
        sk.allocation.AllocationPlan.load(p)
    assert str(e.value) == f"{p}: line 3, column 11: malformed JSON: Expecting value"


@pytest.mark.parametrize("make", [lambda p: p.mkdir(), lambda p: None], ids=["directory", "missing"])
def test_sensitivity_inputs_not_a_file(tmp_path, make):
    # IsADirectoryError and FileNotFoundError: OSErrors, allowed, but the other
    # loaders name the file in a styrkort.Error; so does load_inputs now.
    p = tmp_path / "inputs.json"
    make(p)
    with pytest.raises(sk.ArgumentError, match=r"inputs.json: (is a directory, expected a file|no such file)$"):
        sk.load_inputs(p)


@pytest.mark.parametrize(
    "reader, error, expected",
    [
        (sk.Measurements.from_csv, sk.MeasurementError, "indicator,unit,period,value"),
        (sk.load_funds, sk.FundsError, "id,project,programme,focus_area,status,granted,rate,..."),
        (
            sk.allocation.read_projects,
            sk.ArgumentError,
            "id,name,focus_area,cost,hours,external,rate,value,group,must,never",
        ),
    ],
    ids=["measurements", "funds", "projects"],
)
@pytest.mark.parametrize("text", ["\r;", " \r,", "\r;\n"], ids=["cr-semicolon", "space-cr-comma", "cr-semicolon-lf"])
def test_csv_table_of_a_lone_carriage_return_and_separators(tmp_path, reader, error, expected, text):
    # fuzz_measurements_csv: b"\r;" made pandas raise EmptyDataError ("No columns
    # to parse from file"), which escaped every reader of CSV tables.
    p = tmp_path / "t.csv"
    p.write_bytes(text.encode())
    header = text.strip()
    with pytest.raises(error) as e:
        reader(p)
    assert str(e.value) == (
        f"{p}: no columns could be read from the first line ({header!r}); expected a header line {expected}"
    )
