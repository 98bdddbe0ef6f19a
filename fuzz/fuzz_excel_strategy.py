"""Fuzz the Excel strategy reader: read_strategy_excel on workbooks whose XML
parts (and, one time in five, whose bytes) libFuzzer mutates (harness.Workbooks)."""

from harness import Workbooks, check, excel_seeds, fuzz, instrumented

sk = instrumented("styrkort", "styrkort.excel", "styrkort._tables", "openpyxl")
BOOKS = Workbooks(next(iter(excel_seeds(sk, "strategy").values())))


def _test_one(data: bytes, path: str) -> None:
    check(sk.excel.read_strategy_excel, path)


fuzz(_test_one, suffix=".xlsx", mutator=BOOKS.mutate, max_len=1 << 17)
