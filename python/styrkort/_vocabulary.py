"""The engine's names of states and methods, in the order of their codes, so that
Python decodes the engine's integer arrays with the engine's own words."""

from typing import Dict, List

from . import _core

VOCABULARY: Dict[str, List[str]] = {k: list(v) for k, v in _core.vocabulary.items()}
STATUSES: List[str] = VOCABULARY["status"]
FLAGS: Dict[str, int] = dict(_core.cell_flags)
