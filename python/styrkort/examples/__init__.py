"""The embedded examples.

``gavle``: Gävle municipality's *Inriktning internationellt arbete 2018–2020*
(the five prioritised focus areas, the four means, yearly action plans and
owners as the programme describes them). Its indicators and measurements for
2017–2020 are **illustrative values, not official statistics**; every
measurement row says so in its note.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..measurements import Measurements
from ..strategy import Strategy

__all__ = ["gavle_strategy", "gavle_measurements", "path"]


def path(name: str) -> Path:
    """The path of an example file, e.g. ``path("gavle/strategy.json")``."""
    return Path(str(resources.files("styrkort.examples") / name))


def gavle_strategy() -> Strategy:
    """Gävle's international programme 2018–2020 as a strategy."""
    return Strategy.from_json(path("gavle/strategy.json"))


def gavle_measurements() -> Measurements:
    """Illustrative measurements 2017–2020 for the Gävle example."""
    return Measurements.from_csv(path("gavle/measurements.csv"))
