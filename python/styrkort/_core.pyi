"""Type stubs of the compiled engine (private; use the styrkort package).

Hand-written to match python/bindings (one section per bind_<area>.cpp, in the
order module.cpp registers them); checked by `python -m mypy.stubtest
styrkort._core --allowlist tests/stubtest_allowlist.txt` (tests/run.sh) and, for
the argument names and defaults stubtest cannot see in pybind11 functions, by
tests/python/test_core.py. Attributes the bindings expose read-only are
properties; classes without a constructor in the bindings have no __init__
(pybind11's default one raises TypeError; tests/stubtest_allowlist.txt).

The engine's exceptions are raised as the classes of styrkort.errors: `_core`
defines none (python/bindings/bind_errors.cpp).
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any, TypedDict, type_check_only

import numpy as np
import numpy.typing as npt

# Array arguments: anything numpy converts, copied once into a C-contiguous
# array of the dtype named (pass that dtype, contiguous, and nothing is copied).
_Int8Like = Annotated[npt.ArrayLike, np.int8]
_Int32Like = Annotated[npt.ArrayLike, np.int32]
_Float64Like = Annotated[npt.ArrayLike, np.float64]

# Every bound class derives from pybind11's base and has pybind11's metaclass
# (pybind11_builtins.pybind11_object and .pybind11_type at runtime, which no
# module exports); said here so that the stubs describe the classes as they are.
@type_check_only
class _pybind11_type(type): ...

@type_check_only
class _pybind11_object(metaclass=_pybind11_type): ...

# -- model: bind_model.cpp ----------------------------------------------------

def strategy_format_keys() -> dict[str, list[str]]: ...

class Strategy(_pybind11_object):
    @staticmethod
    def from_json(text: str, source: str = "strategy") -> Strategy: ...
    def to_json(self, indent: int = 2) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def source(self) -> str: ...
    def node_columns(self) -> dict[str, list[Any]]: ...
    def unit_columns(self) -> dict[str, list[Any]]: ...
    def activity_columns(self) -> dict[str, list[Any]]: ...
    def period_columns(self) -> dict[str, list[Any]]: ...
    def assessment_columns(self) -> dict[str, list[Any]]: ...

class Measurements(_pybind11_object):
    # The arrays are viewed, not copied, when they are contiguous: the codes as signed
    # integers of any width (a categorical's int8/int16 codes), the values as float64.
    def __init__(
        self,
        indicator_ids: Sequence[str],
        unit_ids: Sequence[str],
        period_ids: Sequence[str],
        indicator: _Int32Like,
        unit: _Int32Like,
        period: _Int32Like,
        value: _Float64Like,
        source: str = "measurements",
        first_row: int = 1,
    ) -> None: ...
    def __len__(self) -> int: ...

# -- evaluation: bind_evaluation.cpp ------------------------------------------

vocabulary: dict[str, list[str]]
cell_flags: dict[str, int]

class Panel(_pybind11_object):
    # Arrays of shape (indicators, units, periods); read-only views of the
    # panel (shared by every evaluation made from it), except `target`.
    @property
    def shape(self) -> tuple[int, int, int]: ...
    @property
    def period_ids(self) -> list[str]: ...
    @property
    def period_times(self) -> list[float]: ...
    @property
    def value(self) -> npt.NDArray[np.float64]: ...
    @property
    def origin(self) -> npt.NDArray[np.int8]: ...
    @property
    def trend(self) -> npt.NDArray[np.int8]: ...
    @property
    def trend_ratio(self) -> npt.NDArray[np.float32]: ...
    @property
    def arrow(self) -> npt.NDArray[np.int8]: ...
    @property
    def forecast(self) -> npt.NDArray[np.float32]: ...
    def reference_points(self, indicator: int, unit: int) -> list[tuple[str, str, float]]: ...
    @property
    def target(self) -> npt.NDArray[np.float64]: ...

class Evaluation(_pybind11_object):
    # score, status, flags: (nodes, units, periods); the others: (aggregates,
    # units, periods). Writable views of the evaluation's memory.
    @property
    def score(self) -> npt.NDArray[np.float64]: ...
    @property
    def status(self) -> npt.NDArray[np.int8]: ...
    @property
    def flags(self) -> npt.NDArray[np.uint8]: ...
    @property
    def coverage(self) -> npt.NDArray[np.float64]: ...
    @property
    def rank(self) -> npt.NDArray[np.int32]: ...
    @property
    def indicators_present(self) -> npt.NDArray[np.int32]: ...
    @property
    def indicators_total(self) -> npt.NDArray[np.int32]: ...
    @property
    def aggregates(self) -> list[int]: ...
    @property
    def panel(self) -> Panel: ...
    @property
    def overrides(self) -> list[tuple[int, int, int, str, str, str]]: ...
    @property
    def comments(self) -> list[tuple[int, int, int, str]]: ...
    @property
    def normalisation(self) -> list[str | None]: ...

@type_check_only
class _LinkColumns(TypedDict):
    child: list[int]
    parent: list[int]
    weight: list[float]

@type_check_only
class _WarningColumns(TypedDict):
    code: list[str]
    node: list[int]  # an index, -1 for all
    unit: list[int]
    period: list[int]
    message: list[str]

class Evaluator(_pybind11_object):
    def __init__(self, strategy: Strategy) -> None: ...
    @property
    def strategy(self) -> Strategy: ...
    @property
    def indicators(self) -> list[int]: ...
    def link_columns(self) -> _LinkColumns: ...
    def prepare(self, measurements: Measurements, threads: int = 0) -> Panel: ...
    def evaluate(
        self,
        panel: Panel,
        link_weights: _Float64Like | None = None,
        normalisation: _Int8Like | None = None,
        aggregation: _Int8Like | None = None,
        power: _Float64Like | None = None,
        threads: int = 0,
    ) -> Evaluation: ...
    def strategy_warnings(self) -> _WarningColumns: ...
    def warnings(self, evaluation: Evaluation) -> _WarningColumns: ...
    def reasons(self, evaluation: Evaluation, node: _Int32Like, unit: _Int32Like, period: _Int32Like) -> list[str]: ...

# -- weights: bind_weights.cpp ------------------------------------------------

def weights_from_priorities(priorities: Sequence[int], method: str, ratio: float = 2.0) -> list[float]: ...
def saaty_random_index() -> list[float]: ...

class AhpResult(_pybind11_object):
    @property
    def weights(self) -> list[float]: ...
    @property
    def lambda_max(self) -> float: ...
    @property
    def consistency_index(self) -> float: ...
    @property
    def consistency_ratio(self) -> float: ...
    @property
    def acceptable(self) -> bool: ...
    @property
    def warning(self) -> str: ...

def ahp_weights(
    pairwise: _Float64Like, method: str = "eigenvector", random_index: Sequence[float] | None = None
) -> AhpResult: ...

# -- split: bind_split.cpp ----------------------------------------------------

class BenefitSegment(_pybind11_object):
    length: float
    slope: float
    def __init__(self, length: float, slope: float) -> None: ...

class Grant(_pybind11_object):
    id: str
    rate: float
    cap: float
    def __init__(self, id: str, rate: float, cap: float = ...) -> None: ...  # cap: infinity

class FocusArea(_pybind11_object):
    id: str
    weight: float
    priority: int
    floor: float
    cap: float
    benefit: list[BenefitSegment]
    grants: list[Grant]
    noneligible_share: float
    money_per_unit: float
    hours_per_unit: float
    def __init__(self) -> None: ...

class FocusAreas(_pybind11_object):
    # A table of focus areas kept as a C++ vector (made by focus_areas only).
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> FocusArea: ...
    def __iter__(self) -> Iterator[FocusArea]: ...

def focus_areas(
    ids: Sequence[str],
    weight: Sequence[float],
    priority: Sequence[int],
    floor: Sequence[float],
    cap: Sequence[float],
    noneligible: Sequence[float],
    money_per_unit: Sequence[float],
    hours_per_unit: Sequence[float],
    benefit: Sequence[Sequence[BenefitSegment]] | None = None,
    grants: Sequence[Sequence[Grant]] | None = None,
) -> FocusAreas: ...

class SplitResult(_pybind11_object):
    @property
    def amount(self) -> list[float]: ...
    @property
    def binding(self) -> list[str]: ...
    @property
    def level(self) -> float: ...
    @property
    def marginal_value(self) -> float: ...
    @property
    def objective(self) -> float: ...
    @property
    def unspent(self) -> float: ...
    @property
    def explanation(self) -> str: ...

class LeverageResult(SplitResult):
    @property
    def own(self) -> list[float]: ...
    @property
    def external(self) -> list[float]: ...
    @property
    def total(self) -> list[float]: ...

class ResourceSplitResult(SplitResult):
    @property
    def money(self) -> list[float]: ...
    @property
    def hours(self) -> list[float]: ...
    @property
    def shadow_money(self) -> float: ...
    @property
    def shadow_hours(self) -> float: ...
    @property
    def binding_resource(self) -> str: ...
    @property
    def unspent_hours(self) -> float: ...

def split_priority(focus_areas: FocusAreas, budget: float) -> SplitResult: ...
def split_proportional(focus_areas: FocusAreas, budget: float) -> SplitResult: ...
def split_diminishing(focus_areas: FocusAreas, budget: float) -> SplitResult: ...
def split_units(focus_areas: FocusAreas, units: int, method: str = "dhondt") -> SplitResult: ...
def split_leverage(focus_areas: FocusAreas, budget: float) -> LeverageResult: ...
def split_resources(focus_areas: FocusAreas, money: float, hours: float) -> ResourceSplitResult: ...
def leverage_factor(rate: float, noneligible_share: float = 0.0) -> float: ...

# -- selection: bind_selection.cpp --------------------------------------------

class SelectionProblem(_pybind11_object):
    # Made by selection_problem only.
    ...

def selection_problem(
    ids: Sequence[str],
    cost: Sequence[float],
    hours: Sequence[float],
    external: Sequence[float],
    rate: Sequence[float],
    value: Sequence[float],
    focus_area: Sequence[str],
    group: Sequence[str],
    must: Sequence[bool],
    never: Sequence[bool],
    budget: float,
    hours_budget: float,
    limits: Sequence[tuple[str, float, float]],
) -> SelectionProblem: ...

class FocusAreaSpend(_pybind11_object):
    @property
    def focus_area(self) -> str: ...
    @property
    def cost(self) -> float: ...
    @property
    def floor(self) -> float: ...
    @property
    def cap(self) -> float: ...

class SelectionResult(_pybind11_object):
    @property
    def method(self) -> str: ...
    @property
    def feasible(self) -> bool: ...
    @property
    def proven_optimal(self) -> bool: ...
    @property
    def selected(self) -> list[str]: ...
    @property
    def selected_index(self) -> list[int]: ...
    @property
    def value(self) -> float: ...
    @property
    def bound(self) -> float: ...
    @property
    def gap(self) -> float: ...
    @property
    def relative_gap(self) -> float: ...
    @property
    def root_bound(self) -> float: ...
    @property
    def cost(self) -> float: ...
    @property
    def hours(self) -> float: ...
    @property
    def external(self) -> float: ...
    @property
    def focus_areas(self) -> list[FocusAreaSpend]: ...
    @property
    def nodes(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def stopped_by(self) -> str: ...

def select_exact(
    problem: SelectionProblem, time_limit: float = 60.0, node_limit: int = 2000000000
) -> SelectionResult: ...
def select_greedy(problem: SelectionProblem) -> SelectionResult: ...

# -- scoring: bind_scoring.cpp ------------------------------------------------

class ValueFunction(_pybind11_object):
    @staticmethod
    def linear(worst: float, best: float) -> ValueFunction: ...
    @staticmethod
    def piecewise(points: Sequence[tuple[float, float]]) -> ValueFunction: ...
    @staticmethod
    def step(table: Sequence[tuple[float, float]]) -> ValueFunction: ...
    @staticmethod
    def exponential(worst: float, best: float, shape: float) -> ValueFunction: ...
    def __call__(self, x: float) -> float: ...

class Criterion(_pybind11_object):
    def __init__(
        self, id: str, weight: float, direction: str, value: ValueFunction, missing_rating: float | None = None
    ) -> None: ...
    @property
    def id(self) -> str: ...
    @property
    def weight(self) -> float: ...

class Request(_pybind11_object):
    def __init__(self, id: str, ratings: Sequence[float]) -> None: ...

class ScoreResult(_pybind11_object):
    @property
    def request_ids(self) -> list[str]: ...
    @property
    def criterion_ids(self) -> list[str]: ...
    @property
    def weight(self) -> list[float]: ...
    @property
    def score(self) -> list[float]: ...
    @property
    def rank(self) -> list[int]: ...
    @property
    def value(self) -> list[float]: ...
    @property
    def contribution(self) -> list[float]: ...
    @property
    def imputed(self) -> list[int]: ...
    @property
    def d_plus(self) -> list[float]: ...
    @property
    def d_minus(self) -> list[float]: ...

def score_weighted_sum(criteria: Sequence[Criterion], requests: Sequence[Request]) -> ScoreResult: ...
def score_topsis(
    criteria: Sequence[Criterion], requests: Sequence[Request], on_values: bool = False
) -> ScoreResult: ...

# -- robustness: bind_robustness.cpp ------------------------------------------

class Distribution(_pybind11_object):
    @property
    def mean(self) -> float: ...
    @property
    def sd(self) -> float: ...
    @property
    def mean_error(self) -> float: ...
    @property
    def min(self) -> float: ...
    @property
    def max(self) -> float: ...
    @property
    def quantiles(self) -> list[float]: ...
    @property
    def histogram(self) -> list[int]: ...

class FocusAreaShareDistribution(_pybind11_object):
    @property
    def focus_area(self) -> str: ...
    @property
    def share(self) -> Distribution: ...
    @property
    def weight(self) -> Distribution: ...

class SplitRobustnessResult(_pybind11_object):
    @property
    def samples(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def rule(self) -> str: ...
    @property
    def quantile_levels(self) -> list[float]: ...
    @property
    def bin_edges(self) -> list[float]: ...
    @property
    def focus_areas(self) -> list[FocusAreaShareDistribution]: ...
    @property
    def mc_error_bound(self) -> float: ...

class ItemAcceptability(_pybind11_object):
    @property
    def id(self) -> str: ...
    @property
    def selected(self) -> int: ...
    @property
    def acceptability(self) -> float: ...
    @property
    def standard_error(self) -> float: ...

class SelectionRobustnessResult(_pybind11_object):
    @property
    def samples(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def items(self) -> list[ItemAcceptability]: ...
    @property
    def value(self) -> Distribution: ...
    @property
    def mc_error_bound(self) -> float: ...
    @property
    def not_proven(self) -> int: ...
    @property
    def not_feasible(self) -> int: ...

# progress(done, total): called from the calling thread; an exception from it
# stops the sampling and is raised.
def split_robustness(
    focus_areas: FocusAreas,
    budget: float,
    rule: str,
    priorities: Sequence[int] | None = None,
    weights: Sequence[float] | None = None,
    concentration: float = 100.0,
    samples: int = 10000,
    seed: int = 1,
    threads: int = 0,
    progress: Callable[[int, int], object] | None = None,
) -> SplitRobustnessResult: ...
def selection_robustness(
    problem: SelectionProblem,
    focus_area_ids: Sequence[str],
    priorities: Sequence[int] | None = None,
    weights: Sequence[float] | None = None,
    concentration: float = 100.0,
    samples: int = 1000,
    seed: int = 1,
    threads: int = 0,
    time_limit: float = 10.0,
    progress: Callable[[int, int], object] | None = None,
) -> SelectionRobustnessResult: ...

# -- gas: bind_gas.cpp --------------------------------------------------------

gas_rho: float

@type_check_only
class _GasGroups(TypedDict):
    t_score: npt.NDArray[np.float64]
    assessed: npt.NDArray[np.int64]
    mean_level: npt.NDArray[np.float64]

def gas_t_scores(
    group: _Int32Like, level: _Float64Like, weight: _Float64Like, n_groups: int, rho: float = 0.3
) -> _GasGroups: ...

# -- funds: bind_funds.cpp ----------------------------------------------------

@type_check_only
class _CashFlow(TypedDict):
    first_month: int  # months since year 0 (12 * year + month - 1) of index 0
    incurred: npt.NDArray[np.float64]
    received: npt.NDArray[np.float64]
    outstanding: npt.NDArray[np.float64]
    peak: npt.NDArray[np.float64]  # per grant
    peak_month: npt.NDArray[np.int32]

def grant_cash_flow(
    ids: Sequence[str],
    granted: _Float64Like,
    start: _Int32Like,
    end: _Int32Like,
    advance: _Float64Like,
    claim_months: _Int32Like,
    lag_months: _Int32Like,
    retention: _Float64Like,
) -> _CashFlow: ...

# -- sensitivity: bind_sensitivity.cpp ----------------------------------------

# An uncertain input in the engine's form (styrkort.sensitivity resolves ids and
# method names to node indices and codes): name, kind and the kind's fields.
_EngineInput = dict[str, Any]

@type_check_only
class _BatchOutputs(TypedDict):
    nodes: list[int]
    score: npt.NDArray[np.float32]  # evaluations x nodes x units
    status: npt.NDArray[np.int8]
    rank: npt.NDArray[np.int16]

@type_check_only
class _SobolIndices(TypedDict):
    S1: list[float]
    S1_conf: list[float]
    ST: list[float]
    ST_conf: list[float]

@type_check_only
class _SensitivityResult(_BatchOutputs):
    period: int
    inputs: list[str]
    sample: npt.NDArray[np.float64]  # evaluations x inputs
    nominal_score: npt.NDArray[np.float32]  # nodes x units
    nominal_status: npt.NDArray[np.int8]
    nominal_rank: npt.NDArray[np.int16]
    rank_node: int
    rank_shift: npt.NDArray[np.float64]
    S1: npt.NDArray[np.float64]  # nodes x units x inputs
    S1_conf: npt.NDArray[np.float64]
    ST: npt.NDArray[np.float64]
    ST_conf: npt.NDArray[np.float64]
    rank_shift_indices: _SobolIndices
    score_mean: npt.NDArray[np.float64]  # nodes x units
    score_median: npt.NDArray[np.float64]
    score_q05: npt.NDArray[np.float64]
    score_q95: npt.NDArray[np.float64]
    rank_mean: npt.NDArray[np.float64]
    rank_median: npt.NDArray[np.float64]
    rank_q05: npt.NDArray[np.float64]
    rank_q95: npt.NDArray[np.float64]
    status_probability: npt.NDArray[np.float64]  # nodes x units x status codes
    warnings: list[str]

# progress(done, total): called from the calling thread; an exception from it
# stops the batch and is raised.
def sensitivity(
    evaluator: Evaluator,
    panel: Panel,
    inputs: list[_EngineInput],
    n: int,
    sobol: bool = True,
    seed: int = 0,
    period: int = -1,
    nodes: Sequence[int] = [],
    resamples: int = 100,
    conf_level: float = 0.95,
    threads: int = 0,
    progress: Callable[[int, int], object] | None = None,
    outputs: _BatchOutputs | None = None,
) -> _SensitivityResult: ...
def sensitivity_part(
    evaluator: Evaluator,
    panel: Panel,
    inputs: list[_EngineInput],
    n: int,
    sobol: bool,
    seed: int,
    period: int,
    nodes: Sequence[int],
    begin: int,
    end: int,
    threads: int = 0,
) -> _BatchOutputs: ...
def evaluate_many(
    evaluator: Evaluator,
    panel: Panel,
    options: list[dict[str, Any]],
    period: int = -1,
    nodes: Sequence[int] = [],
    threads: int = 0,
    progress: Callable[[int, int], object] | None = None,
) -> _BatchOutputs: ...
def sobol_indices(
    f: _Float64Like, n: int, d: int, resamples: int = 100, conf_level: float = 0.95, seed: int = 0
) -> _SobolIndices: ...
def sobol_points(n: int, dimensions: int, scramble: bool = True, seed: int = 0) -> npt.NDArray[np.float64]: ...
