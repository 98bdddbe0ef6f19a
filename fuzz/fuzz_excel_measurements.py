"""Fuzz the Excel measurements reader: read_measurements_excel on workbooks whose XML
parts (and, one time in five, whose bytes) libFuzzer mutates (harness.Workbooks)."""

from harness import fuzz_workbooks, instrumented

sk = instrumented("styrkort", "styrkort.excel", "styrkort.measurements", "openpyxl")
fuzz_workbooks(sk, "measurements", sk.excel.read_measurements_excel)
