"""Priorities to weights: rank-order centroid, rank sum, rank reciprocal,
geometric and equal weights, the analytic hierarchy process, and the leverage
of co-financing."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Mapping,
    Optional,
    Sequence,
    Union,
)

import numpy as np
import pandas as pd

from .. import _core
from .._display.html import html_table
from ..errors import ArgumentError, ConsistencyWarning

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass


RANK_WEIGHTINGS = ("rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal")


def priority_weights(
    priorities: Union[pd.Series, Mapping[str, int], "Any"], method: str = "rank_order_centroid", ratio: float = 2.0
) -> pd.Series:
    """Weights from the focus areas' priorities (1 = most important).

    Parameters
    ----------
    priorities : Series, dict or Strategy
        Focus area id to priority; a :class:`styrkort.Strategy` gives its focus areas' priorities.
    method : {"rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal"}
        Rank-order centroid w_k = (1/n) Σ_{i≥k} 1/i (Barron & Barrett 1996), rank sum,
        rank reciprocal (Stillwell et al. 1981), geometric with ``ratio``, or equal.
    ratio : float
        Ratio between neighbouring positions for ``geometric`` (> 1).

    Returns
    -------
    Series
        Weights summing to 1, indexed by focus area id. Tied priorities share their positions' weights.

    Examples
    --------
    >>> priority_weights({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}).round(3).tolist()
    [0.457, 0.257, 0.157, 0.09, 0.04]
    """
    series = _priorities(priorities)
    w = _core.weights_from_priorities([int(r) for r in series.to_numpy()], method, float(ratio))
    return pd.Series(w, index=series.index, name="weight")


def _priorities(priorities: Any) -> pd.Series:
    from ..strategy import Strategy

    if isinstance(priorities, Strategy):
        fa = priorities.focus_areas
        if fa["priority"].isna().any():
            missing = fa.loc[fa["priority"].isna(), "id"].tolist()
            raise ArgumentError(f"focus areas without a priority: {', '.join(missing)}")
        return pd.Series(fa["priority"].astype(int).to_numpy(), index=fa["id"], name="priority")
    series = pd.Series(priorities) if not isinstance(priorities, pd.Series) else priorities
    if series.empty:
        raise ArgumentError("priorities: no focus areas given")
    bad = [k for k, v in series.items() if not (isinstance(v, (int, np.integer)) or float(v).is_integer())]
    if bad:
        raise ArgumentError(
            f"priorities: the priority of {bad[0]!r} is {series[bad[0]]!r}; priorities are whole numbers "
            "(1 = most important)"
        )
    return series


@dataclass
class AhpWeights:
    """Weights from an AHP pairwise-comparison matrix (Saaty 1980)."""

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    acceptable: bool
    warning: str = ""

    def _repr_html_(self) -> str:
        cr = "–" if math.isnan(self.consistency_ratio) else f"{self.consistency_ratio:.3f}"
        head = (
            f"<p>λmax = {self.lambda_max:.4f}, CI = {self.consistency_index:.4f}, CR = {cr}"
            f"{' (acceptable)' if self.acceptable else ' — ' + self.warning}</p>"
        )
        return head + html_table(self.weights.to_frame())


def ahp(
    matrix: Union[pd.DataFrame, np.ndarray, Sequence[Sequence[float]]],
    method: str = "eigenvector",
    random_index: Optional[Sequence[float]] = None,
) -> AhpWeights:
    """AHP weights from a reciprocal pairwise-comparison matrix on Saaty's 1–9 scale.

    Parameters
    ----------
    matrix : DataFrame or array
        Square, positive and reciprocal (a_ji = 1/a_ij). A DataFrame's index names the focus areas.
    method : {"eigenvector", "geometric_mean"}
        The principal eigenvector (Saaty) or the row geometric means.
    random_index : sequence of float, optional
        The random-index table RI(n) for n = 1, 2, ...; default Saaty (1980).

    Returns
    -------
    AhpWeights
        Weights, λmax, CI = (λmax − n)/(n − 1) and CR = CI/RI(n). A
        :class:`~styrkort.ConsistencyWarning` is issued when CR > 0.10.

    Raises
    ------
    ArgumentError
        Naming the cells when the matrix is not reciprocal or has a non-positive entry.
    """
    if isinstance(matrix, pd.DataFrame):
        names = list(matrix.index)
        a = matrix.to_numpy(dtype=float)
    else:
        a = np.asarray(matrix, dtype=float)
        names = list(range(1, a.shape[0] + 1)) if a.ndim == 2 else []
    if a.ndim != 2:
        raise ArgumentError(f"ahp: expected a square matrix, got an array of shape {a.shape}")
    r = _core.ahp_weights(np.ascontiguousarray(a), method, None if random_index is None else list(random_index))
    out = AhpWeights(
        pd.Series(r.weights, index=names, name="weight"),
        r.lambda_max,
        r.consistency_index,
        r.consistency_ratio,
        r.acceptable,
        r.warning,
    )
    if not r.acceptable:
        warnings.warn(r.warning, ConsistencyWarning, stacklevel=2)
    return out


def leverage_factor(rate: float, noneligible_share: float = 0.0) -> float:
    """Activity moved by one unit of own money at co-financing ``rate``: 1/(1−r)
    (with a non-eligible share η of costs: 1/(1 − r(1 − η)))."""
    return _core.leverage_factor(float(rate), float(noneligible_share))


#: The columns of a focus areas table (:func:`split_budget`).
