"""Exceptions of styrkort. Every error the package raises on bad input is a
:class:`styrkort.Error`; the message names the place (file, JSON path, row, id)
and the rule that was broken."""

from __future__ import annotations

__all__ = ["Error", "StrategyError", "MeasurementError", "FundsError", "ArgumentError", "ConsistencyWarning"]


class Error(Exception):
    """Base class of every styrkort error."""


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
