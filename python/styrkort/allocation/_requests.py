"""Scoring incoming requests on weighted criteria (value functions, TOPSIS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Iterable,
    Mapping,
)

import numpy as np
import pandas as pd

from .. import _core
from .._display.html import html_table
from ..errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover - typing only
    pass


@dataclass
class RequestScores:
    """Scores of incoming requests against the strategy's criteria."""

    method: str
    table: pd.DataFrame  # request, score, rank
    contributions: pd.DataFrame  # request x criterion: weight x value

    def _repr_html_(self) -> str:
        return html_table(self.table)


def score_requests(
    requests: pd.DataFrame,
    criteria: Iterable[Mapping[str, Any]],
    method: str = "weighted_sum",
    *,
    id_column: str = "id",
) -> RequestScores:
    """Score requests on criteria with value functions: weighted sum (MAVT) or TOPSIS.

    Parameters
    ----------
    requests : DataFrame
        One row per request: ``id`` and one column per criterion id (the rating;
        NaN for missing, allowed only where the criterion gives ``missing_rating``).
    criteria : list of dict
        Each ``{"id", "weight", "direction": "benefit"|"cost", "value_function": {...}}``
        with ``value_function`` one of ``{"kind": "linear", "worst", "best"}``,
        ``{"kind": "piecewise", "points": [[x, v], ...]}``, ``{"kind": "step",
        "points": [[x, v], ...]}`` (exact ratings) or ``{"kind": "exponential", "worst",
        "best", "shape"}`` (Kirkwood 1997); optional ``missing_rating`` (the rating a
        missing cell counts as). Other keys (``name``, ``unit``) are ignored. This
        is the shape of ``examples/stockholm/requests.json``.
    method : {"weighted_sum", "topsis"}
        Weighted sum of values in [0, 1], or TOPSIS closeness (Hwang & Yoon 1981).

    Returns
    -------
    RequestScores
    """
    crit = [_criterion(c) for c in criteria]
    ids = [c.id for c in crit]
    missing = [c for c in ids if c not in requests.columns]
    if missing:
        raise ArgumentError(f"requests: no column for criterion {missing[0]!r}")
    if id_column not in requests.columns:
        raise ArgumentError(f"requests: missing column {id_column!r}")
    ratings = requests[ids].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    reqs = [_core.Request(str(rid), list(row)) for rid, row in zip(requests[id_column], ratings)]
    if method == "weighted_sum":
        r = _core.score_weighted_sum(crit, reqs)
    elif method == "topsis":
        r = _core.score_topsis(crit, reqs)
    else:
        raise ArgumentError(f"score_requests: unknown method {method!r} (allowed: weighted_sum, topsis)")
    table = pd.DataFrame({"request": r.request_ids, "score": r.score, "rank": r.rank})
    contrib = pd.DataFrame(
        np.asarray(r.contribution).reshape(len(r.request_ids), len(r.criterion_ids)),
        index=pd.Index(r.request_ids, name="request"),
        columns=r.criterion_ids,
    )
    return RequestScores(method, table, contrib)


def _criterion(c: Mapping[str, Any]) -> "_core.Criterion":
    try:
        v = c["value_function"]
        kind = v.get("kind", "linear")
        if kind == "linear":
            vf = _core.ValueFunction.linear(float(v["worst"]), float(v["best"]))
        elif kind == "piecewise":
            vf = _core.ValueFunction.piecewise([(float(x), float(y)) for x, y in v["points"]])
        elif kind == "step":
            vf = _core.ValueFunction.step([(float(x), float(y)) for x, y in v["points"]])
        elif kind == "exponential":
            vf = _core.ValueFunction.exponential(float(v["worst"]), float(v["best"]), float(v["shape"]))
        else:
            raise ArgumentError(f"criterion {c.get('id')!r}: unknown value function kind {kind!r}")
        missing = c.get("missing_rating")
        return _core.Criterion(
            str(c["id"]),
            float(c.get("weight", 1.0)),
            str(c.get("direction", "benefit")),
            vf,
            None if missing is None else float(missing),
        )
    except KeyError as e:
        raise ArgumentError(f"criterion {c.get('id')!r}: missing key {e.args[0]!r}") from None
