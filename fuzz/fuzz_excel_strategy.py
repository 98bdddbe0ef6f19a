"""Fuzz the Excel strategy reader: read_strategy_excel on workbooks whose XML
parts (and, one time in five, whose bytes) libFuzzer mutates (harness.Workbooks)."""

from harness import fuzz_workbooks, instrumented

sk = instrumented("styrkort", "styrkort.excel", "styrkort._tables", "openpyxl")
fuzz_workbooks(sk, "strategy", sk.excel.read_strategy_excel)
