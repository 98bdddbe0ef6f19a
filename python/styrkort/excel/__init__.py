"""Excel workbooks: result tables out, measurements and strategies in.

:func:`write_workbook` writes result tables (scores, statuses, trends, the
action-plan follow-up, external funds, the allocation) to one ``.xlsx`` file
with one sheet per table: readable headers in Swedish or English, the header
row bold and frozen with an autofilter, fitted column widths, numbers as
numbers (a missing value is an empty cell, never 0), shares as percentages and
status cells coloured with the report's colours and their word.

:func:`read_measurements_excel` and :func:`read_strategy_excel` read workbooks
laid out like the pandas tables of :meth:`Strategy.from_tables
<styrkort.Strategy.from_tables>` and :class:`~styrkort.Measurements`. Errors
name the file, the sheet, the row (the header is row 1) and the column letter.

openpyxl (the ``excel`` extra) is imported only when a workbook is read or
written. Reading an untrusted workbook runs no code (formulas are never
evaluated, macros never run) and fetches nothing. Parts that declare a DTD
(which the package format forbids) are refused before any XML is parsed, so
entity tricks reach no parser; the standard library's expat, which openpyxl
uses for the sheets, would refuse them too. So defusedxml is not needed.
"""

from ._read import read_measurements_excel, read_strategy_excel
from ._sheets import (  # noqa: F401
    ACTIVITY_SHEET_COLUMNS,
    SCORE_COLUMNS,
    STATUS_COLUMNS,
    TREND_COLUMNS,
    evaluation_sheets,
    result_sheets,
    strategy_sheets,
    write_measurements_excel,
    write_strategy_excel,
)
from ._words import HEADERS, SHEET_TITLES, _header  # noqa: F401
from ._write import write_workbook

__all__ = [
    "write_workbook",
    "evaluation_sheets",
    "result_sheets",
    "strategy_sheets",
    "write_strategy_excel",
    "write_measurements_excel",
    "read_measurements_excel",
    "read_strategy_excel",
    "HEADERS",
    "SHEET_TITLES",
]
