"""Fuzz the allocation plan reader: AllocationPlan.load (a file) and, when the
bytes are JSON, AllocationPlan.from_dict on the parsed data."""

import json

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.allocation")


def _test_one(data: bytes, path: str) -> None:
    check(sk.allocation.AllocationPlan.load, path)
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):  # not JSON: the reader's input, not ours
        return
    check(sk.allocation.AllocationPlan.from_dict, parsed, source="fuzz")


fuzz(_test_one, suffix=".json")
