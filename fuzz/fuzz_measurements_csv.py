"""Fuzz the measurements CSV reader: Measurements.from_csv, as UTF-8 and as
cp1252 (the encoding an older Swedish Excel saves in)."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.measurements", "styrkort._io", "styrkort._tables")


def _test_one(data: bytes, path: str) -> None:
    check(sk.Measurements.from_csv, path)
    check(sk.Measurements.from_csv, path, encoding="cp1252")


fuzz(_test_one, suffix=".csv")
