"""Fuzz the Excel measurements reader: read_measurements_excel on workbooks whose XML
parts (and, one time in five, whose bytes) libFuzzer mutates (harness.Workbooks)."""

from harness import Workbooks, check, excel_seeds, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.excel", "styrkort.measurements", "openpyxl")
BOOKS = Workbooks(next(iter(excel_seeds(sk, "measurements").values())))


def _test_one(data: bytes, path: str) -> None:
    check(sk.excel.read_measurements_excel, path)


fuzz(_test_one, suffix=".xlsx", mutator=BOOKS.mutate, max_len=1 << 17)
