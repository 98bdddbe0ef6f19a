"""Fuzz the Stratsys reader: read_stratsys with a mapping of the fixtures'
measures, the separator guessed from the header, and a period kind that varies
with the input's length (every kind of date-to-period rule gets inputs)."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.stratsys", "styrkort._io", "styrkort._tables")
MAPPING = {("M101", "Utfall"): "i1", ("M102", "Utfall"): {"indicator": "i3", "scale": 0.001}}
PERIODS = ("year", "half_year", "tertial", "quarter", "month")


def _test_one(data: bytes, path: str) -> None:
    period = PERIODS[len(data) % len(PERIODS)]
    check(sk.read_stratsys, path, MAPPING, period=period, strict=False)
    check(sk.read_stratsys, path, MAPPING, units={"KS": "a", "BUN": "b"}, encoding="cp1252")


fuzz(_test_one, suffix=".csv")
