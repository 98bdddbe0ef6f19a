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

__all__ = ["gavle_strategy", "gavle_measurements", "gavle_allocation", "stockholm_requests", "path"]


def path(name: str) -> Path:
    """The path of an example file, e.g. ``path("gavle/strategy.json")``."""
    return Path(str(resources.files("styrkort.examples") / name))


def gavle_strategy() -> Strategy:
    """Gävle's international programme 2018–2020 as a strategy."""
    return Strategy.from_json(path("gavle/strategy.json"))


def gavle_measurements() -> Measurements:
    """Illustrative measurements 2017–2020 for the Gävle example."""
    return Measurements.from_csv(path("gavle/measurements.csv"))


def gavle_allocation() -> dict:
    """Illustrative inputs for splitting next year's budget and staff days across
    Gävle's five focus areas: floors, caps, benefit curves and EU co-financing
    grants for project-type activities (``gavle/allocation.json``)."""
    import json

    with open(path("gavle/allocation.json"), encoding="utf-8") as f:
        return json.load(f)


def stockholm_requests() -> dict:
    """Illustrative incoming requests for international engagement, rated
    against Stockholm's four directions (``stockholm/requests.json``)."""
    import json

    with open(path("stockholm/requests.json"), encoding="utf-8") as f:
        return json.load(f)
