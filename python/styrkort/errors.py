"""Exceptions of styrkort. Every error the package raises on bad input is a
:class:`styrkort.Error`; the message names the place (file, JSON path, table,
row, column, id) and the rule that was broken, and the error keeps the place as
data for tools that map it to their own places."""

from __future__ import annotations

from typing import Optional

__all__ = ["Error", "StrategyError", "MeasurementError", "FundsError", "ArgumentError", "ConsistencyWarning"]


class Error(Exception):
    """Base class of every styrkort error.

    Parameters
    ----------
    message : str
        The whole message: the place and the rule.
    source, path, key, table, row, column, rule : optional
        The place as data; ``None`` where the error has none.

    Attributes
    ----------
    source : str or None
        The file, or what the input was given as (``"strategy"``, ``"tables"``,
        ``"measurements"``).
    path : str or None
        The JSON path in the source (``$.nodes[3].target.period``).
    key : str or None
        The key of the object at ``path`` the error is about (unknown or missing).
    table : str or None
        The table or Excel sheet (``"nodes"``).
    row : int or str or None
        The row: a DataFrame's row label, or the row number as the file counts.
    column : str or None
        The table column.
    rule : str or None
        The rule that was broken, without the place.
    """

    def __init__(
        self,
        message: str = "",
        *,
        source: Optional[str] = None,
        path: Optional[str] = None,
        key: Optional[str] = None,
        table: Optional[str] = None,
        row: object = None,
        column: Optional[str] = None,
        rule: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.source, self.path, self.key, self.table = source, path, key, table
        self.row, self.column, self.rule = row, column, rule


class StrategyError(Error, ValueError):
    """An invalid strategy: file, JSON, or tables."""


class MeasurementError(Error, ValueError):
    """An invalid measurements table."""


class FundsError(Error, ValueError):
    """An invalid table of grants and applications (external funds)."""


class ArgumentError(Error, ValueError):
    """An invalid argument to a styrkort function."""


class ConsistencyWarning(UserWarning):
    """AHP pairwise comparisons whose consistency ratio exceeds 0.10."""
