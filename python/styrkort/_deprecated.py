"""Old names kept for one release (0.2) as deprecated aliases of the new ones
(docs/glossary.md, "Renamed in 0.2"): each use works as the new name does and
issues a :class:`DeprecationWarning` that names the new name."""

from __future__ import annotations

import functools
import warnings
from typing import Any, Callable, Dict, Mapping, Optional, TypeVar, cast

from .errors import ArgumentError

F = TypeVar("F", bound=Callable[..., Any])

#: What every warning of a renamed name says (a regular expression for warnings.filterwarnings).
MESSAGE = r".* is deprecated and will be removed in a later release; use "


def warn_renamed(old: str, new: str, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new`` (both as the user writes them)."""
    warnings.warn(
        f"{old} is deprecated and will be removed in a later release; use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def keywords(**renamed: str) -> Callable[[F], F]:
    """A decorator: the function also takes its keyword arguments by their old
    names (``old="new"``), each with a warning; giving both names of one
    argument is an :class:`~styrkort.ArgumentError`."""

    def decorate(function: F) -> F:
        name = function.__qualname__.replace(".__init__", "")

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renamed.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ArgumentError(f"{name}: give {new}= only ({old}= is its deprecated old name)")
                    warn_renamed(f"{name}({old}=...)", f"{name}({new}=...)", stacklevel=3)
                    kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def columns(frame: Any, renamed: Mapping[str, str], table: str, stacklevel: int = 4) -> Any:
    """``frame`` with its columns of old names (keys of ``renamed``) renamed to
    the new names, each with a warning; a table with both names of one column
    is an error. Anything but a DataFrame, and a frame without old names, is
    given back as it is (not copied)."""
    import pandas as pd

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
