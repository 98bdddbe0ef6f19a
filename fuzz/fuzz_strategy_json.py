"""Fuzz the strategy JSON reader: Strategy.from_json (a file) and
Strategy.from_json_text (the same bytes as text; bytes that are not UTF-8 become
lone surrogates, as a str may hold)."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.strategy")


def _test_one(data: bytes, path: str) -> None:
    check(sk.Strategy.from_json, path)
    check(sk.Strategy.from_json_text, data.decode("utf-8", "surrogateescape"), "fuzz")


fuzz(_test_one, suffix=".json")
