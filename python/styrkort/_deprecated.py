"""Old names kept for one release (0.2) as deprecated aliases of the new ones
(docs/glossary.md, "Renamed in 0.2"): each use works as the new name does and
issues a :class:`DeprecationWarning` that names the new name."""

from __future__ import annotations

import warnings
from typing import Any, Callable, Dict, Mapping, Optional

import pandas as pd

from .errors import ArgumentError

#: A keyword argument's default that tells "not given" from any value.
NOT_GIVEN: Any = object()


def warn_renamed(old: str, new: str, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new`` (both as the user writes them)."""
    warnings.warn(
        f"{old} is deprecated and will be removed in a later release; use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def keyword(
    function: str, old: str, old_value: Any, new: str, new_value: Any, unset: Any = None, stacklevel: int = 4
) -> Any:
    """The value of keyword ``new`` of ``function`` when the caller may have
    given it by its old name ``old``: ``old_value`` is :data:`NOT_GIVEN` when
    not, and ``new_value`` is ``unset`` (the new keyword's default) when the
    new name was not given. The old name warns; giving both is an error.
    ``stacklevel`` 4 names the caller of the function that calls this one."""
    if old_value is NOT_GIVEN:
        return new_value
    if new_value is not unset:
        raise ArgumentError(f"{function}: give {new}= only ({old}= is its deprecated old name)")
    warn_renamed(f"{function}({old}=...)", f"{function}({new}=...)", stacklevel=stacklevel)
    return old_value


def columns(frame: Any, renamed: Mapping[str, str], table: str, stacklevel: int = 4) -> Any:
    """``frame`` with its columns of old names (keys of ``renamed``) renamed to
    the new names, each with a warning; a table with both names of one column
    is an error. Anything but a DataFrame, and a frame without old names, is
    given back as it is (not copied)."""
    if not isinstance(frame, pd.DataFrame):
        return frame
    old = {c: renamed[c] for c in frame.columns if isinstance(c, str) and c in renamed}
    if not old:
        return frame
    for o, n in old.items():
        if n in frame.columns:
            raise ArgumentError(f"{table}: give the column {n!r} only ({o!r} is its deprecated old name)")
        warn_renamed(f"{table}: the column {o!r}", f"the column {n!r}", stacklevel=stacklevel)
    return frame.rename(columns=old)


def module_getattr(module: str, renamed: Dict[str, str], namespace: Dict[str, Any]) -> Callable[[str], Any]:
    """A module's ``__getattr__`` that gives the deprecated old names in ``renamed``
    (old name to new name) as the new ones, with a warning."""

    def __getattr__(name: str) -> Any:
        new: Optional[str] = renamed.get(name)
        if new is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warn_renamed(f"{module}.{name}", f"{module}.{new}", stacklevel=3)
        return namespace[new]

    return __getattr__
