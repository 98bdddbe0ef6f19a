"""How robust a split or a selection is to the weights: weights consistent
with the priorities sampled in the core, with progress and interrupts."""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Optional,
    Sequence,
)

import pandas as pd

from .. import _core
from .. import _deprecated as deprecated
from .._progress import engine_progress
from ._projects import _renamed_item_columns, _selection_problem
from ._split import _core_focus_areas, _renamed_focus_area_columns

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass


@deprecated.keywords(areas="focus_areas", ranks="priorities")
def split_robustness(
    focus_areas: pd.DataFrame,
    budget: float,
    rule: str = "proportional",
    *,
    priorities: Optional[Sequence[int]] = None,
    weights: Optional[Sequence[float]] = None,
    concentration: float = 100.0,
    samples: int = 10000,
    seed: int = 1,
    threads: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """How robust a budget split is to the weights.

    Samples weights uniformly among those consistent with the focus areas'
    ``priorities`` (1 = most important; sorted uniform spacings; the mean is the
    rank-order centroid), or around given ``weights`` (Dirichlet with
    concentration κ·w), re-solves the split of ``focus_areas`` (a table as
    :func:`split_budget` takes) for each sample on every core, and describes
    each focus area's share. With
    ``progress`` (and tqdm installed) a bar shows the samples done when the work
    lasts more than half a second; interrupting (Ctrl-C) stops the sampling,
    with or without a bar. The samples are kept in memory: more than fit in
    2 GiB ((2n + 1) numbers of 8 bytes each for n focus areas) are refused
    with an ArgumentError naming the memory they would need.

    Returns
    -------
    DataFrame
        One row per focus area: ``focus_area``, mean share, its Monte Carlo error,
        sd, quantiles 5–95 %, and the mean sampled weight. Seeded and reproducible.
    """
    core_areas = _core_focus_areas(_renamed_focus_area_columns(focus_areas))
    with engine_progress(int(samples), "split robustness", progress) as report:
        r = _core.split_robustness(
            core_areas,
            float(budget),
            rule,
            None if priorities is None else [int(x) for x in priorities],
            None if weights is None else [float(x) for x in weights],
            float(concentration),
            int(samples),
            int(seed),
            int(threads),
            report,
        )
    rows = []
    for a in r.focus_areas:
        row = {"focus_area": a.focus_area, "mean_share": a.share.mean, "mc_error": a.share.mean_error, "sd": a.share.sd}
        for level, q in zip(r.quantile_levels, a.share.quantiles):
            row[f"q{round(level * 100):02d}"] = q
        row["mean_weight"] = a.weight.mean
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(samples=r.samples, seed=r.seed, rule=r.rule, mc_error_bound=r.mc_error_bound)
    return out


@deprecated.keywords(area_ids="focus_area_ids", area_limits="focus_area_limits", ranks="priorities")
def selection_robustness(
    items: pd.DataFrame,
    budget: float,
    focus_area_ids: Sequence[str],
    *,
    hours: Optional[float] = None,
    focus_area_limits: Optional[pd.DataFrame] = None,
    priorities: Optional[Sequence[int]] = None,
    weights: Optional[Sequence[float]] = None,
    concentration: float = 100.0,
    samples: int = 1000,
    seed: int = 1,
    threads: int = 0,
    time_limit: float = 10.0,
    progress: bool = True,
) -> pd.DataFrame:
    """How often each item is selected when the focus areas' weights vary.

    Each sample draws weights of the focus areas ``focus_area_ids`` (from their
    ``priorities`` or around ``weights``, as :func:`split_robustness`), sets every
    item's value to its focus area's weight times its own value, and re-solves the
    exact selection (``items``, ``focus_area_limits`` as :func:`select_projects`).
    With ``progress`` (and tqdm installed) a bar shows the samples done when the
    work lasts more than half a second; interrupting (Ctrl-C) stops the
    sampling, with or without a bar. More samples than fit in 2 GiB (10 bytes
    each) are refused with an ArgumentError naming the memory they would need.

    Returns
    -------
    DataFrame
        One row per item: how often it is selected (acceptability) and the Monte
        Carlo standard error sqrt(p(1−p)/N).
    """
    items, focus_area_limits = _renamed_item_columns(items, focus_area_limits)
    problem, _ = _selection_problem(items, budget, hours, focus_area_limits)
    with engine_progress(int(samples), "selection robustness", progress) as report:
        r = _core.selection_robustness(
            problem,
            [str(a) for a in focus_area_ids],
            None if priorities is None else [int(x) for x in priorities],
            None if weights is None else [float(x) for x in weights],
            float(concentration),
            int(samples),
            int(seed),
            int(threads),
            float(time_limit),
            report,
        )
    out = pd.DataFrame(
        [(i.id, i.acceptability, i.standard_error, i.selected) for i in r.items],
        columns=["id", "acceptability", "mc_error", "times_selected"],
    )
    out.attrs.update(samples=r.samples, seed=r.seed, mc_error_bound=r.mc_error_bound, not_proven=r.not_proven)
    return out


# ------------------------------------------------------------------- requests
