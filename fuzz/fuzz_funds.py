"""Fuzz the funds reader: load_funds alone and against the Gävle example
strategy (focus areas and units checked), and Funds.from_csv."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.funds", "styrkort._io", "styrkort._tables")
STRATEGY = sk.examples.gavle_strategy()


def _test_one(data: bytes, path: str) -> None:
    check(sk.load_funds, path)
    check(sk.Funds.from_csv, path, strategy=STRATEGY)


fuzz(_test_one, suffix=".csv")
