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
