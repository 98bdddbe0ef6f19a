"""Fuzz the sensitivity inputs reader: load_inputs (a JSON list of uncertain
inputs, or an object with the list under "inputs")."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.sensitivity")


def _test_one(data: bytes, path: str) -> None:
    check(sk.load_inputs, path)


fuzz(_test_one, suffix=".json")
