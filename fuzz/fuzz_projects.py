"""Fuzz the projects table reader: allocation.read_projects alone and against
the Gävle example strategy."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.allocation", "styrkort._io", "styrkort._tables")
STRATEGY = sk.examples.gavle_strategy()


def _test_one(data: bytes, path: str) -> None:
    check(sk.allocation.read_projects, path)
    check(sk.allocation.read_projects, path, STRATEGY, encoding="cp1252")


fuzz(_test_one, suffix=".csv")
