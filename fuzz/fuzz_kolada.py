"""Fuzz the Kolada readers: read_kolada (data responses, with a mapping of the
fixtures' KPIs and units) and read_kolada_metadata (KPI, municipality and
organisational-unit responses) on the same file."""

from harness import check, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.kolada")
MAPPING = {"N00945": "i1", ("N01951", "K"): "i2", "N03937": {"indicator": "i3", "scale": 0.01}}
UNITS = {"2180": "gavle", "1480": "goteborg", "0000": "sverige", "G124026": "grupp"}


def _test_one(data: bytes, path: str) -> None:
    check(sk.read_kolada, path, MAPPING, strict=False)
    check(sk.read_kolada, path, MAPPING, units=UNITS, gender="K", keep_deleted=True)
    check(sk.read_kolada_metadata, path)


fuzz(_test_one, suffix=".json")
