"""How sure are the results? Uncertainty and sensitivity analysis of an evaluation.

The uncertain inputs are data: a list of JSON-able dicts, each with a ``name``
and a ``kind`` (the same list from Python and from a JSON file, see
:func:`load_inputs`):

- ``{"kind": "weights", "node": …, "low": …, "high": …}``: each child link
  weight of ``node`` uniform in ``[low, high]``;
- ``{"kind": "weights_dirichlet", "node": …, "concentration": …}``: the child
  link weights of ``node`` are their sum times a Dirichlet draw with parameters
  ``concentration`` × the nominal shares (mean: the nominal weights);
- ``{"kind": "normalisation", "alternatives": [...]}`` (every indicator, or those
  below an optional ``node``) and ``{"kind": "aggregation", "node": …,
  "alternatives": [...]}``: one of the methods, equally likely unless ``p`` gives
  their probabilities;
- ``{"kind": "imputation", "alternatives": ["none", "peer_mean"]}``;
- ``{"kind": "exclude_indicator", "indicators": [...]}``: none or one of them
  left out per sample, equally likely;
- ``{"kind": "measurement_error", "indicator": …, "relative": r}`` (or
  ``"absolute": a``) with ``"distribution": "uniform"`` (± r, the default) or
  ``"normal"`` (standard deviation r): each unit's value at the period gets its
  own independent error;
- ``{"kind": "target", "indicator": …, "relative": r}``: the indicator's targets
  times 1 + e, e uniform in ± r (one e for every unit).

:func:`sensitivity` evaluates thousands of variants of the prepared strategy in
one parallel C++ batch (``styrkort._core.sensitivity``) and reports the rank and
score intervals, the probability of each status and, for ``method="sobol"``,
first-order and total Sobol' indices of each node's score per unit.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._display.html import html_table
from ._io import read_json
from ._progress import engine_progress
from ._vocabulary import STATUSES, VOCABULARY
from .errors import ArgumentError, ConsistencyWarning
from .evaluation import Evaluator
from .measurements import Measurements
from .strategy import Strategy

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ._io import PathLike
    from .plotting import SensitivityPlots

__all__ = ["sensitivity", "Sensitivity", "load_inputs", "INPUT_KINDS"]

# The keys each kind of input takes (besides name and kind), and those it needs.
INPUT_KINDS: Dict[str, Dict[str, Sequence[str]]] = {
    "weights": {"keys": ["node", "low", "high"], "required": ["node", "low", "high"]},
    "weights_dirichlet": {"keys": ["node", "concentration"], "required": ["node", "concentration"]},
    "normalisation": {"keys": ["alternatives", "p", "node"], "required": ["alternatives"]},
    "aggregation": {"keys": ["node", "alternatives", "p"], "required": ["node", "alternatives"]},
    "imputation": {"keys": ["alternatives", "p"], "required": ["alternatives"]},
    "exclude_indicator": {"keys": ["indicators"], "required": ["indicators"]},
    "measurement_error": {"keys": ["indicator", "relative", "absolute", "distribution"], "required": ["indicator"]},
    "target": {"keys": ["indicator", "relative"], "required": ["indicator", "relative"]},
}

_METHODS = ("sobol", "monte_carlo")
_IMPUTATION = ("none", "peer_mean")


def load_inputs(path: "PathLike") -> List[Dict[str, Any]]:
    """Read uncertain inputs from a JSON file: a list of input dicts, or an
    object with the list under ``"inputs"``.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    list of dict

    Raises
    ------
    ArgumentError
        Naming the file: no such file, not UTF-8 (line, column and byte),
        malformed or too deeply nested JSON, or no list of inputs.
    """
    data = read_json(path, ArgumentError, "a list of inputs (an input is two levels deep)")
    if isinstance(data, Mapping):
        data = data.get("inputs")
    if not isinstance(data, list):
        raise ArgumentError(f"{path}: expected a list of inputs (or an object with an 'inputs' list)")
    return data


def _label(spec: Any, position: int) -> str:
    if isinstance(spec, Mapping) and isinstance(spec.get("name"), str) and spec["name"]:
        return f"input {spec['name']!r}"
    return f"input #{position + 1}"


def _engine_inputs(ev: Evaluator, inputs: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """The inputs in the engine's form: node indices and method codes, every
    id and name checked (messages name the input)."""
    ids = list(ev.strategy.nodes["id"])
    index = {k: i for i, k in enumerate(ids)}
    kinds = ev.strategy.nodes["kind"].to_numpy()
    return [_engine_input(ev, spec, pos, index, kinds) for pos, spec in enumerate(inputs)]


def _engine_input(ev: Evaluator, spec: Any, pos: int, index: Mapping[str, int], kinds: np.ndarray) -> Dict[str, Any]:
    """One input in the engine's form (see :func:`_engine_inputs`)."""
    who = _label(spec, pos)
    if not isinstance(spec, Mapping):
        raise ArgumentError(f"{who}: expected a dict with a name and a kind, got {type(spec).__name__}")
    name = spec.get("name")
    if not isinstance(name, str) or not name:
        raise ArgumentError(f"{who}: needs a 'name' (a non-empty string) for the results to call it by")
    kind = spec.get("kind")
    if kind not in INPUT_KINDS:
        raise ArgumentError(f"{who}: unknown kind {kind!r} (allowed: {', '.join(INPUT_KINDS)})")
    allowed = set(INPUT_KINDS[kind]["keys"]) | {"name", "kind"}
    extra = sorted(set(spec) - allowed)
    if extra:
        raise ArgumentError(f"{who}: unknown key(s) {', '.join(map(repr, extra))} for kind {kind!r}")
    missing = [k for k in INPUT_KINDS[kind]["required"] if k not in spec]
    if missing:
        raise ArgumentError(f"{who}: kind {kind!r} needs {', '.join(map(repr, missing))}")

    def node(key: str, indicator: bool = False) -> int:
        value = spec[key]
        if value not in index:
            what = "indicator" if indicator else "node"
            raise ArgumentError(f"{who}: unknown {what} {value!r}: it is not in the strategy")
        i = index[value]
        if indicator and kinds[i] != "indicator":
            raise ArgumentError(f"{who}: {value!r} is a {kinds[i]}, not an indicator")
        return i

    def number(key: str) -> float:
        value = spec[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ArgumentError(f"{who}: {key} must be a finite number, got {value!r}")
        return float(value)

    def codes(vocabulary: Sequence[str], what: str) -> List[int]:
        alts = spec["alternatives"]
        if not isinstance(alts, list) or not alts:
            raise ArgumentError(f"{who}: alternatives must be a non-empty list of {what} methods")
        found = []
        for a in alts:
            if a not in vocabulary:
                raise ArgumentError(f"{who}: unknown {what} {a!r} (allowed: {', '.join(vocabulary)})")
            found.append(list(vocabulary).index(a))
        return found

    e: Dict[str, Any] = {"name": name, "kind": kind}
    if "p" in spec:
        p = spec["p"]
        if not isinstance(p, list) or not all(isinstance(x, (int, float)) for x in p):
            raise ArgumentError(f"{who}: p must be a list of probabilities")
        e["p"] = [float(x) for x in p]
    if kind in ("weights", "weights_dirichlet"):
        e["node"] = node("node")
        if kind == "weights":
            e["low"], e["high"] = number("low"), number("high")
        else:
            e["concentration"] = number("concentration")
    elif kind == "normalisation":
        e["alternatives"] = codes(VOCABULARY["normalisation"], "normalisation")
        if "node" in spec:
            i = node("node")
            e["nodes"] = [i] if kinds[i] == "indicator" else ev._indicators_below(i).tolist()
    elif kind == "aggregation":
        e["node"] = node("node")
        e["alternatives"] = codes(VOCABULARY["aggregation"], "aggregation")
    elif kind == "imputation":
        e["alternatives"] = codes(_IMPUTATION, "imputation")
    elif kind == "exclude_indicator":
        inds = spec["indicators"]
        if not isinstance(inds, list) or not inds:
            raise ArgumentError(f"{who}: indicators must be a non-empty list of indicator ids")
        e["nodes"] = []
        for k in inds:
            if k not in index:
                raise ArgumentError(f"{who}: unknown indicator {k!r}: it is not in the strategy")
            if kinds[index[k]] != "indicator":
                raise ArgumentError(f"{who}: {k!r} is a {kinds[index[k]]}, not an indicator")
            e["nodes"].append(index[k])
    elif kind == "measurement_error":
        e["node"] = node("indicator", indicator=True)
        if ("relative" in spec) == ("absolute" in spec):
            raise ArgumentError(f"{who}: give either 'relative' or 'absolute' (the size of the error)")
        key = "relative" if "relative" in spec else "absolute"
        e[key] = number(key)
        if e[key] <= 0:
            raise ArgumentError(f"{who}: {key} must be positive, got {spec[key]!r}")
        dist = spec.get("distribution", "uniform")
        if dist not in ("uniform", "normal"):
            raise ArgumentError(f"{who}: distribution must be 'uniform' or 'normal', got {dist!r}")
        e["normal"] = dist == "normal"
    elif kind == "target":
        e["node"] = node("indicator", indicator=True)
        e["relative"] = number("relative")
    return e


class Sensitivity:
    """The result of :func:`sensitivity`: how sure the scores, ranks and
    statuses are, and which uncertain input matters most.

    Attributes
    ----------
    indices : DataFrame
        ``unit, node, period, input, S1, S1_conf, ST, ST_conf``: first-order
        (Saltelli 2010) and total (Jansen 1999) Sobol' indices of each node's
        score per unit, with bootstrap confidence half-widths; plus rows with
        ``node="rank_shift"`` (and no unit) for the mean absolute rank shift of
        :attr:`rank_node`. Empty for ``method="monte_carlo"``; NaN where the
        score is not assessable in some sample or does not vary.
    ranks, scores : DataFrame
        ``unit, node, period, nominal, mean, median, q05, q95`` over every
        evaluation (samples where the node is not assessable left out).
    status_probability : DataFrame
        ``unit, node, period, status, probability``: the share of evaluations
        with each status (statuses that never occur left out).
    warnings : list of str
        Inputs that change nothing.
    unit_names : dict
        Unit id to its name, for the plots.
    """

    def __init__(
        self,
        raw: Mapping[str, Any],
        *,
        node_ids: Sequence[str],
        unit_ids: Sequence[str],
        period: str,
        inputs: Sequence[Mapping[str, Any]],
        method: str,
        n: int,
        seed: int,
        unit_names: Optional[Mapping[str, str]] = None,
    ) -> None:
        self._raw = raw
        self.unit_names = dict(unit_names or {})
        self.inputs = [dict(x) for x in inputs]
        self.method = method
        self.n = n
        self.seed = seed
        self.period = period
        self.nodes = [node_ids[i] for i in raw["nodes"]]
        self.units = list(unit_ids)
        self.rank_node = node_ids[raw["rank_node"]] if raw["rank_node"] >= 0 else None
        self.warnings = list(raw["warnings"])
        self.n_evaluations = int(raw["score"].shape[0])

    def _cells(self) -> pd.DataFrame:
        o, u = len(self.nodes), len(self.units)
        return pd.DataFrame(
            {
                "unit": np.tile(np.asarray(self.units, dtype=object), o),
                "node": np.repeat(np.asarray(self.nodes, dtype=object), u),
                "period": self.period,
            }
        )

    @property
    def scores(self) -> pd.DataFrame:
        """Score intervals per unit and node (see the class docstring)."""
        return self._summary("score")

    @property
    def ranks(self) -> pd.DataFrame:
        """Rank intervals per unit and node (1 = best among sibling units)."""
        return self._summary("rank")

    def _summary(self, what: str) -> pd.DataFrame:
        r = self._raw
        t = self._cells()
        nominal = r[f"nominal_{what}"].astype(np.float64).ravel()
        if what == "rank":
            nominal = np.where(nominal > 0, nominal, np.nan)
        t["nominal"] = nominal
        for stat in ("mean", "median", "q05", "q95"):
            t[stat] = r[f"{what}_{stat}"].ravel()
        keep = ~(t["nominal"].isna() & t["mean"].isna())
        return t[keep].reset_index(drop=True)

    @property
    def status_probability(self) -> pd.DataFrame:
        """The probability of each status per unit and node."""
        p = self._raw["status_probability"]
        cells = self._cells()
        o, u, s = p.shape
        rows = np.repeat(np.arange(o * u), s)
        codes = np.tile(np.arange(s), o * u)
        prob = p.reshape(-1)
        keep = prob > 0
        t = cells.iloc[rows[keep]].reset_index(drop=True)
        t["status"] = pd.Categorical([STATUSES[c] for c in codes[keep]], categories=STATUSES)
        t["probability"] = prob[keep]
        return t

    @property
    def indices(self) -> pd.DataFrame:
        """Sobol' indices per unit, node and input (see the class docstring)."""
        r = self._raw
        cols = ["unit", "node", "period", "input", "S1", "S1_conf", "ST", "ST_conf"]
        if self.method != "sobol":
            return pd.DataFrame(columns=cols)
        d = len(self.inputs)
        cells = self._cells()
        t = cells.loc[cells.index.repeat(d)].reset_index(drop=True)
        t["input"] = np.tile(np.asarray([x["name"] for x in self.inputs], dtype=object), len(cells))
        for k in ("S1", "S1_conf", "ST", "ST_conf"):
            t[k] = r[k].reshape(-1)
        shift = r["rank_shift_indices"]
        if shift["S1"]:
            extra = pd.DataFrame(
                {
                    "unit": None,
                    "node": "rank_shift",
                    "period": self.period,
                    "input": [x["name"] for x in self.inputs],
                    **{k: shift[k] for k in ("S1", "S1_conf", "ST", "ST_conf")},
                }
            )
            t = pd.concat([t, extra], ignore_index=True)
        return t[cols]

    @property
    def samples(self) -> Dict[str, np.ndarray]:
        """Every evaluation's outputs: ``score`` (float32), ``status``, ``rank``
        as evaluations × nodes × units (in :attr:`nodes` and :attr:`units` order),
        ``sample`` (evaluations × inputs: each input's first uniform coordinate)
        and ``rank_shift``. For ``method="sobol"`` the evaluations are in
        SALib's order: N rows of A, AB_1 … AB_D, B."""
        r = self._raw
        return {k: r[k] for k in ("score", "status", "rank", "sample", "rank_shift")}

    @property
    def plot(self) -> "SensitivityPlots":
        """Plots with matplotlib (extra ``plot``): ``.plot.ranks()``, ``.plot.indices()``."""
        from .plotting import SensitivityPlots

        return SensitivityPlots(self)

    def to_dict(self) -> Dict[str, Any]:
        """The result as JSON-able data (tables as lists of records; NaN as null)."""

        def records(t: pd.DataFrame) -> List[Dict[str, Any]]:
            t = t.astype(object).where(t.notna(), None)
            return [
                {k: (str(v) if k == "status" and v is not None else v) for k, v in row.items()}
                for row in t.to_dict("records")
            ]

        return {
            "method": self.method,
            "n": self.n,
            "seed": self.seed,
            "period": self.period,
            "evaluations": self.n_evaluations,
            "inputs": self.inputs,
            "rank_node": self.rank_node,
            "warnings": self.warnings,
            "indices": records(self.indices),
            "ranks": records(self.ranks),
            "scores": records(self.scores),
            "status_probability": records(self.status_probability),
        }

    def to_json(self, path: Optional["PathLike"] = None) -> str:
        """The result as JSON (:meth:`to_dict`), written to ``path`` when given."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1, default=_jsonable)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_excel(self, path: "PathLike", *, lang: str = "sv") -> Path:
        """Write the tables to an Excel workbook (extra ``excel``): sheets
        ``ranks``, ``scores``, ``status_probability`` and ``indices``.
        See :func:`styrkort.excel.write_workbook`."""
        from .excel import write_workbook

        sheets = {"ranks": self.ranks, "scores": self.scores, "status_probability": self.status_probability}
        if self.method == "sobol":
            sheets["indices"] = self.indices
        return write_workbook(path, sheets, lang=lang)

    def _repr_html_(self) -> str:
        import html

        head = (
            f"<p><b>Sensitivity</b> ({html.escape(self.method)}, n = {self.n}, "
            f"{self.n_evaluations} evaluations, period {html.escape(self.period)}, seed {self.seed})</p>"
        )
        warn = "".join(f"<p>⚠ {html.escape(w)}</p>" for w in self.warnings)
        ranks = self.ranks
        if self.rank_node is not None:
            ranks = ranks[ranks["node"] == self.rank_node]
        body = html_table(ranks.head(20))
        if self.method == "sobol" and len(self.indices):
            top = self.indices[self.indices["node"] == "rank_shift"]
            if len(top):
                body += "<p>What matters most for the ranks (mean absolute rank shift):</p>" + html_table(
                    top.sort_values("ST", ascending=False)[["input", "S1", "S1_conf", "ST", "ST_conf"]]
                )
        return head + warn + body

    def __repr__(self) -> str:
        return (
            f"<styrkort.Sensitivity {self.method} n={self.n} ({self.n_evaluations} evaluations), "
            f"{len(self.inputs)} inputs, period {self.period}>"
        )


def _unit_names(strategy: Strategy) -> Dict[str, str]:
    """Unit id to its name (the id where the name is empty)."""
    units = strategy.units
    return {str(u): (str(n) if isinstance(n, str) and n else str(u)) for u, n in zip(units["id"], units["name"])}


def _jsonable(x: Any) -> Any:
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return None if math.isnan(x) else float(x)
    return str(x)


def sensitivity(
    strategy: Union[Strategy, Evaluator],
    measurements: Union[Measurements, pd.DataFrame, None],
    inputs: Union[Sequence[Mapping[str, Any]], "PathLike"],
    *,
    n: int = 1024,
    seed: int = 0,
    method: str = "sobol",
    period: Optional[str] = None,
    nodes: Optional[Sequence[str]] = None,
    threads: int = 0,
    resamples: int = 100,
    conf_level: float = 0.95,
    progress: bool = True,
    client: Any = None,
    batches: Optional[int] = None,
) -> Sensitivity:
    """Uncertainty and sensitivity analysis of goal fulfilment in one batch.

    Parameters
    ----------
    strategy : Strategy or Evaluator
        An :class:`~styrkort.Evaluator` is used as prepared (``measurements``
        is then None).
    measurements : Measurements or DataFrame or None
    inputs : list of dict, or a path to a JSON file
        The uncertain inputs (see the module docstring and :func:`load_inputs`).
    n : int
        ``method="sobol"``: the base sample N, a power of two (the batch is
        N × (inputs + 2) evaluations); ``"monte_carlo"``: the number of samples.
    seed : int
        The same seed gives the same result, whatever the number of threads.
    method : {"sobol", "monte_carlo"}
        ``"sobol"``: Saltelli's design on a scrambled Sobol' sequence, with
        indices; ``"monte_carlo"``: independent samples, intervals and status
        probabilities only.
    period : str, optional
        The period to analyse (default: the last on the axis).
    nodes : list of str, optional
        The nodes whose scores, statuses and ranks are kept (default: every
        node that is not an indicator).
    threads : int
        Threads to use; 0 uses every core.
    resamples : int
        Bootstrap resamples for the confidence intervals of the indices.
    conf_level : float
        Level of the intervals (the half-width is z × the bootstrap's sd).
    progress : bool
        Show a progress bar (tqdm) for long batches; Ctrl-C stops the batch.
    client : dask.distributed.Client, optional
        Run the evaluations as tasks on the cluster's workers (extra ``dask``):
        the strategy and the measurements are scattered once, each task
        prepares them once per worker and evaluates a contiguous part of the
        design; the summaries and indices are computed here. The result is
        identical to the local one for the same seed.
    batches : int, optional
        With ``client``: the number of tasks (default: twice the cluster's
        worker threads).

    Returns
    -------
    Sensitivity

    Raises
    ------
    ArgumentError
        An input that names an unknown node or indicator, an alternative the
        strategy cannot take, ``low > high``, ``n`` not a power of two for
        ``method="sobol"``; the message names the input.

    Warns
    -----
    ConsistencyWarning
        For an input that changes no score, status or rank (``method="sobol"``).

    Notes
    -----
    Each input is one group of the analysis with one coordinate of the
    Sobol' sequence; an input of several numbers (the weights of several
    children, the errors of several units) takes its first from the sequence
    and the others from a counter-based random stream of the seed, the row and
    the matrix (A or B), so that AB_i switches the whole group.
    """
    if method not in _METHODS:
        raise ArgumentError(f"unknown method {method!r} (allowed: {', '.join(_METHODS)})")
    if isinstance(strategy, Evaluator):
        ev = strategy
    else:
        if measurements is None:
            raise ArgumentError("give the measurements (or a prepared styrkort.Evaluator)")
        ev = Evaluator(strategy, measurements)
    specs: Sequence[Mapping[str, Any]]
    if isinstance(inputs, (str, os.PathLike)):
        specs = load_inputs(inputs)
    else:
        specs = list(inputs)
    inputs = specs
    if not inputs:
        raise ArgumentError("no uncertain inputs: give at least one")
    n = int(n)
    if method == "sobol" and (n < 2 or n & (n - 1)):
        raise ArgumentError(
            f"n = {n} is not a power of two; the Sobol' design needs one (e.g. n = {1 << max(1, (n - 1).bit_length())})"
        )
    engine = _engine_inputs(ev, inputs)
    periods = list(ev._panel.period_ids)
    if period is None:
        t = len(periods) - 1
    elif period in periods:
        t = periods.index(period)
    else:
        raise ArgumentError(f"unknown period {period!r} (the periods: {', '.join(periods)})")
    ids = list(ev.strategy.nodes["id"])
    if nodes is None:
        node_index: List[int] = []
    else:
        node_index = []
        for k in nodes:
            if k not in ids:
                raise ArgumentError(f"nodes: unknown node {k!r}")
            node_index.append(ids.index(k))
    total = n * (len(engine) + 2) if method == "sobol" else n
    design = (n, method == "sobol", int(seed), t, node_index)
    outputs: Optional[_core._BatchOutputs] = None
    if client is not None:
        outputs = _on_cluster(client, ev, engine, design, total, int(threads), batches, progress)
    with engine_progress(total, "sensitivity", progress and outputs is None) as report:
        raw = _core.sensitivity(
            ev._evaluator,
            ev._panel,
            engine,
            n,
            method == "sobol",
            int(seed),
            t,
            node_index,
            int(resamples),
            float(conf_level),
            int(threads),
            report,
            outputs,
        )
    result = Sensitivity(
        raw,
        node_ids=ids,
        unit_ids=list(ev.strategy.units["id"]),
        period=periods[t],
        inputs=inputs,
        method=method,
        n=n,
        seed=int(seed),
        unit_names=_unit_names(ev.strategy),
    )
    for w in result.warnings:
        warnings.warn(w, ConsistencyWarning, stacklevel=2)
    return result


# ----------------------------------------------------------------- on a cluster

# Per worker process: the evaluators prepared from scattered data, by the
# identity of that data (kept alive here, so that an identity is not reused).
_PREPARED: Dict[Tuple[int, int], Tuple[Any, Any, Evaluator]] = {}


def _part(
    strategy_json: str,
    measurements: Measurements,
    engine: List[Dict[str, Any]],
    design: tuple,
    begin: int,
    end: int,
    threads: int,
) -> Dict[str, Any]:
    """A task: evaluations [begin, end) of the design, on a worker."""
    key = (id(strategy_json), id(measurements))
    if key not in _PREPARED:
        if len(_PREPARED) >= 4:
            _PREPARED.clear()
        ev = Evaluator(Strategy.from_json_text(strategy_json, source="scattered strategy"), measurements)
        _PREPARED[key] = (strategy_json, measurements, ev)
    ev = _PREPARED[key][2]
    n, sobol, seed, period, nodes = design
    return dict(
        _core.sensitivity_part(ev._evaluator, ev._panel, engine, n, sobol, seed, period, nodes, begin, end, threads)
    )


def _on_cluster(
    client: Any,
    ev: Evaluator,
    engine: List[Dict[str, Any]],
    design: tuple,
    total: int,
    threads: int,
    batches: Optional[int],
    progress: bool,
) -> _core._BatchOutputs:
    """Every evaluation of the design, as tasks on a dask.distributed cluster."""
    from ._optional import require

    distributed = require("dask.distributed", "Running the sensitivity analysis on a cluster", "dask")
    if batches is None:
        batches = 2 * max(1, sum(client.nthreads().values()))
    batches = max(1, min(int(batches), total))
    strategy_json, measurements = client.scatter([ev.strategy.to_json(), ev.measurements], broadcast=True)
    edges = [total * k // batches for k in range(batches + 1)]
    futures = [
        client.submit(_part, strategy_json, measurements, engine, design, b, e, threads, pure=False)
        for b, e in zip(edges[:-1], edges[1:])
    ]
    parts: Dict[Any, _core._BatchOutputs] = {}
    try:
        with engine_progress(total, "sensitivity (dask)", progress) as report:
            done = 0
            for future, part in distributed.as_completed(futures, with_results=True):
                parts[future.key] = part
                done += int(part["score"].shape[0])
                if report is not None:
                    report(done, total)
    except BaseException:  # an interrupt or a failed task: cancel the rest
        client.cancel(futures)
        raise
    ordered = [parts[f.key] for f in futures]
    return {
        "nodes": ordered[0]["nodes"],
        "score": np.concatenate([p["score"] for p in ordered]),
        "status": np.concatenate([p["status"] for p in ordered]),
        "rank": np.concatenate([p["rank"] for p in ordered]),
    }
