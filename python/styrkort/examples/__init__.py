"""The embedded examples.

``gavle``: Gävle municipality's *Inriktning internationellt arbete 2018–2020*
(the five prioritised focus areas, the four means, yearly action plans and
owners as the programme describes them). Its indicators and measurements for
2017–2020 are **illustrative values, not official statistics**; every
measurement row says so in its note. Its allocation plan (``gavle/allocation.json``)
and project proposals (``gavle/projects.csv``) are **illustrative** too: the plan's
``note`` says so, and so does :func:`gavle_projects`' ``attrs["note"]``. So are its
grants and applications (``gavle/funds.csv``, :func:`gavle_funds`): every row's
note says so.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..measurements import Measurements
from ..strategy import Strategy

if TYPE_CHECKING:
    from ..funds import Funds

__all__ = [
    "gavle_strategy",
    "gavle_measurements",
    "gavle_allocation",
    "gavle_projects",
    "gavle_funds",
    "stockholm_requests",
    "path",
]


def path(name: str) -> Path:
    """The path of an example file, e.g. ``path("gavle/strategy.json")``."""
    return Path(str(resources.files("styrkort.examples") / name))


def gavle_strategy() -> Strategy:
    """Gävle's international programme 2018–2020 as a strategy."""
    return Strategy.from_json(path("gavle/strategy.json"))


def gavle_measurements() -> Measurements:
    """Illustrative measurements 2017–2020 for the Gävle example."""
    return Measurements.from_csv(path("gavle/measurements.csv"))


def gavle_funds(strategy: "Strategy | None" = None) -> "Funds":
    """Illustrative EU and international grants and applications 2018–2021 for
    the Gävle example (every row's note says they are illustrative), checked
    against ``strategy`` (default: :func:`gavle_strategy`, read again)."""
    from ..funds import Funds

    return Funds.from_csv(path("gavle/funds.csv"), strategy=strategy if strategy is not None else gavle_strategy())


def gavle_allocation() -> dict:
    """Illustrative inputs for splitting next year's budget and staff days across
    Gävle's five focus areas: floors, caps, benefit curves and EU co-financing
    grants for project-type activities (``gavle/allocation.json``), as the dict
    the JSON file holds (the format of ``docs/allocation.md``;
    :meth:`styrkort.allocation.AllocationPlan.from_dict` checks and reads it)."""
    import json

    with open(path("gavle/allocation.json"), encoding="utf-8") as f:
        return json.load(f)


PROJECTS_NOTE = "Projektförslagen är illustrativa (påhittade exempel), inte verkliga ansökningar eller beslut."


def gavle_projects() -> pd.DataFrame:
    """Fifteen **illustrative** (made-up) project proposals for Gävle's next year
    (``gavle/projects.csv``, read by :func:`styrkort.allocation.read_projects`), to
    be selected under the budget with :func:`styrkort.allocation.select_projects`.

    Columns: ``id``, ``name``, ``focus_area`` (fa1–fa5), ``cost`` (own money,
    kr), ``hours`` (staff hours), ``external`` (external, mostly EU, funding, kr)
    and ``rate`` (its co-financing rate, so ``external = cost·rate/(1 − rate)``),
    ``value`` (expected contribution to the focus area's goals, 1–10), ``group``
    (alternatives of which at most one can be chosen: a full-scale ESF+ project or
    its pre-study), ``must`` (a project in its last, already committed year) and
    ``never`` (a proposal ruled out), the last two as booleans.

    The programme names no projects: every row, name and number is made up to show
    the method, and ``attrs["note"]`` says so (a CSV file has no place for the
    note). :func:`~styrkort.allocation.select_projects` carries the ``name``
    column along into the selection's ``table``.
    """
    from ..allocation import read_projects

    frame = read_projects(path("gavle/projects.csv"))
    frame.attrs["note"] = PROJECTS_NOTE
    return frame


def stockholm_requests() -> dict:
    """Illustrative incoming requests for international engagement, rated
    against Stockholm's four directions (``stockholm/requests.json``)."""
    import json

    with open(path("stockholm/requests.json"), encoding="utf-8") as f:
        return json.load(f)
