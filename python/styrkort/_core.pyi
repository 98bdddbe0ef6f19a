"""Type stubs of the compiled engine (private; use the styrkort package)."""

from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import numpy.typing as npt

vocabulary: Dict[str, List[str]]
cell_flags: Dict[str, int]

class Strategy:
    name: str
    organisation: str
    source: str
    @staticmethod
    def from_json(text: str, source: str = "strategy") -> Strategy: ...
    def to_json(self, indent: int = 2) -> str: ...
    def node_columns(self) -> Dict[str, list]: ...
    def unit_columns(self) -> Dict[str, list]: ...
    def activity_columns(self) -> Dict[str, list]: ...
    def period_columns(self) -> Dict[str, list]: ...
    def assessment_columns(self) -> Dict[str, list]: ...

def strategy_format_keys() -> Dict[str, List[str]]: ...

class Measurements:
    def __init__(
        self,
        indicator_ids: List[str],
        unit_ids: List[str],
        period_ids: List[str],
        indicator: npt.NDArray[np.int32],
        unit: npt.NDArray[np.int32],
        period: npt.NDArray[np.int32],
        value: npt.NDArray[np.float64],
        source: str = "measurements",
        first_row: int = 1,
    ) -> None: ...
    def __len__(self) -> int: ...

class Panel:
    @property
    def shape(self) -> Tuple[int, int, int]: ...
    @property
    def period_ids(self) -> List[str]: ...
    @property
    def period_times(self) -> List[float]: ...
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
    @property
    def target(self) -> npt.NDArray[np.float64]: ...
    def reference_points(self, indicator: int, unit: int) -> List[Tuple[str, str, float]]: ...

class Evaluation:
    @property
    def score(self) -> npt.NDArray[np.float64]: ...
    @property
    def status(self) -> npt.NDArray[np.int8]: ...
    @property
    def flags(self) -> npt.NDArray[np.uint8]: ...
    @property
    def coverage(self) -> npt.NDArray[np.float64]: ...
    @property
    def indicators_present(self) -> npt.NDArray[np.int32]: ...
    @property
    def indicators_total(self) -> npt.NDArray[np.int32]: ...
    @property
    def rank(self) -> npt.NDArray[np.int32]: ...
    @property
    def aggregates(self) -> List[int]: ...
    @property
    def panel(self) -> Panel: ...
    @property
    def overrides(self) -> List[Tuple[int, int, int, str, str, str]]: ...
    @property
    def comments(self) -> List[Tuple[int, int, int, str]]: ...
    @property
    def normalisation(self) -> List[Optional[str]]: ...

class Engine:
    def __init__(self, strategy: Strategy) -> None: ...
    @property
    def strategy(self) -> Strategy: ...
    @property
    def indicators(self) -> List[int]: ...
    def link_columns(self) -> Dict[str, Any]: ...
    def prepare(self, measurements: Measurements) -> Panel: ...
    def evaluate(
        self,
        panel: Panel,
        link_weights: Optional[npt.ArrayLike] = None,
        normalisation: Optional[npt.ArrayLike] = None,
        aggregation: Optional[npt.ArrayLike] = None,
        power: Optional[npt.ArrayLike] = None,
        threads: int = 0,
    ) -> Evaluation: ...
    def strategy_warnings(self) -> Dict[str, Any]: ...
    def warnings(self, evaluation: Evaluation) -> Dict[str, Any]: ...
    def reasons(
        self, evaluation: Evaluation, node: npt.ArrayLike, unit: npt.ArrayLike, period: npt.ArrayLike
    ) -> List[str]: ...

# -- allocation -------------------------------------------------------------

def weights_from_ranks(ranks: List[int], method: str, ratio: float = 2.0) -> List[float]: ...
def saaty_random_index() -> List[float]: ...

class AhpResult:
    weights: List[float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    acceptable: bool
    warning: str

def ahp_weights(pairwise: npt.ArrayLike, method: str = "eigenvector",
                random_index: Optional[List[float]] = None) -> AhpResult: ...

class BenefitSegment:
    length: float
    slope: float
    def __init__(self, length: float, slope: float) -> None: ...

class Grant:
    id: str
    rate: float
    cap: float
    def __init__(self, id: str, rate: float, cap: float = ...) -> None: ...

class SplitArea:
    id: str
    weight: float
    rank: int
    floor: float
    cap: float
    benefit: List[BenefitSegment]
    grants: List[Grant]
    noneligible_share: float
    money_per_unit: float
    hours_per_unit: float
    def __init__(self) -> None: ...

class SplitResult:
    amount: List[float]
    binding: List[str]
    level: float
    marginal_value: float
    objective: float
    unspent: float
    explanation: str

class LeverageResult(SplitResult):
    own: List[float]
    external: List[float]
    total: List[float]

class ResourceSplitResult(SplitResult):
    money: List[float]
    hours: List[float]
    shadow_money: float
    shadow_hours: float
    binding_resource: str
    unspent_hours: float

def split_priority(areas: List[SplitArea], budget: float) -> SplitResult: ...
def split_proportional(areas: List[SplitArea], budget: float) -> SplitResult: ...
def split_diminishing(areas: List[SplitArea], budget: float) -> SplitResult: ...
def split_units(areas: List[SplitArea], units: int, method: str = "dhondt") -> SplitResult: ...
def split_leverage(areas: List[SplitArea], budget: float) -> LeverageResult: ...
def split_resources(areas: List[SplitArea], money: float, hours: float) -> ResourceSplitResult: ...
def leverage_factor(rate: float, noneligible_share: float = 0.0) -> float: ...

class ValueFunction:
    @staticmethod
    def linear(worst: float, best: float) -> ValueFunction: ...
    @staticmethod
    def piecewise(points: List[Tuple[float, float]]) -> ValueFunction: ...
    @staticmethod
    def step(table: List[Tuple[float, float]]) -> ValueFunction: ...
    @staticmethod
    def exponential(worst: float, best: float, shape: float) -> ValueFunction: ...
    def __call__(self, x: float) -> float: ...

class Criterion:
    id: str
    weight: float
    def __init__(self, id: str, weight: float, direction: str, value: ValueFunction,
                 missing_rating: Optional[float] = None) -> None: ...

class Request:
    def __init__(self, id: str, ratings: List[float]) -> None: ...

class ScoreResult:
    request_ids: List[str]
    criterion_ids: List[str]
    weight: List[float]
    score: List[float]
    rank: List[int]
    value: List[float]
    contribution: List[float]
    imputed: List[int]
    d_plus: List[float]
    d_minus: List[float]

def score_weighted_sum(criteria: List[Criterion], requests: List[Request]) -> ScoreResult: ...
def score_topsis(criteria: List[Criterion], requests: List[Request], on_values: bool = False) -> ScoreResult: ...

class SelectionProblem: ...

def selection_problem(ids: List[str], cost: List[float], hours: List[float], external: List[float],
                      rate: List[float], value: List[float], area: List[str], group: List[str], must: List[bool],
                      never: List[bool], budget: float, hours_budget: float,
                      limits: List[Tuple[str, float, float]]) -> SelectionProblem: ...

class AreaSpend:
    area: str
    cost: float
    floor: float
    cap: float

class SelectionResult:
    method: str
    feasible: bool
    proven_optimal: bool
    selected: List[str]
    selected_index: List[int]
    value: float
    bound: float
    gap: float
    relative_gap: float
    root_bound: float
    cost: float
    hours: float
    external: float
    areas: List[AreaSpend]
    nodes: int
    seconds: float
    stopped_by: str

def select_exact(problem: SelectionProblem, time_limit: float = 60.0, node_limit: int = ...) -> SelectionResult: ...
def select_greedy(problem: SelectionProblem) -> SelectionResult: ...

class Distribution:
    mean: float
    sd: float
    mean_error: float
    min: float
    max: float
    quantiles: List[float]
    histogram: List[int]

class AreaShareDistribution:
    area: str
    share: Distribution
    weight: Distribution

class SplitRobustnessResult:
    samples: int
    seed: int
    rule: str
    quantile_levels: List[float]
    bin_edges: List[float]
    areas: List[AreaShareDistribution]
    mc_error_bound: float

class ItemAcceptability:
    id: str
    selected: int
    acceptability: float
    standard_error: float

class SelectionRobustnessResult:
    samples: int
    seed: int
    items: List[ItemAcceptability]
    value: Distribution
    mc_error_bound: float
    not_proven: int
    not_feasible: int

def split_robustness(areas: List[SplitArea], budget: float, rule: str, ranks: Optional[List[int]] = None,
                     weights: Optional[List[float]] = None, concentration: float = 100.0, samples: int = 10000,
                     seed: int = 1, threads: int = 0,
                     progress: Optional[Callable[[int, int], None]] = None) -> SplitRobustnessResult: ...
def selection_robustness(problem: SelectionProblem, area_ids: List[str], ranks: Optional[List[int]] = None,
                         weights: Optional[List[float]] = None, concentration: float = 100.0, samples: int = 1000,
                         seed: int = 1, threads: int = 0, time_limit: float = 10.0,
                         progress: Optional[Callable[[int, int], None]] = None) -> SelectionRobustnessResult: ...

gas_rho: float
def gas_t_scores(group: npt.ArrayLike, level: npt.ArrayLike, weight: npt.ArrayLike, n_groups: int,
                 rho: float = 0.3) -> Dict[str, npt.NDArray[Any]]: ...
def grant_cash_flow(ids: List[str], granted: npt.ArrayLike, start: npt.ArrayLike, end: npt.ArrayLike,
                    advance: npt.ArrayLike, claim_months: npt.ArrayLike, lag_months: npt.ArrayLike,
                    retention: npt.ArrayLike) -> Dict[str, Any]: ...
