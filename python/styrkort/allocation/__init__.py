"""Resource allocation across prioritised focus areas.

Priorities to weights (rank-order centroid, rank sum, rank reciprocal,
geometric, equal; AHP), budget splits (strict priority, proportional with floors
and caps, diminishing returns, whole units, leverage through co-financing,
money and staff hours at once) and the scoring of incoming requests (weighted
sum with value functions, TOPSIS). The arithmetic is in the C++ core; this
module speaks pandas.
"""

from .. import _deprecated as deprecated
from ._plan import (  # noqa: F401 (PLAN_FOCUS_AREA_KEYS: for the renamed name below)
    DEFAULT_HOURS_PER_STAFF_DAY,
    PLAN_FOCUS_AREA_KEYS,
    Allocation,
    AllocationPlan,
    PlanFocusArea,
    PlanGrant,
    allocate_focus_areas,
)
from ._projects import PROJECT_COLUMNS, Selection, read_projects, select_projects
from ._requests import RequestScores, score_requests
from ._robustness import selection_robustness, split_robustness
from ._split import (
    FOCUS_AREA_COLUMNS,
    SPLIT_METHODS,
    BudgetSplit,
    _core_focus_areas,  # noqa: F401 (the core's focus-area table, for benchmarks and tests)
    round_to_sum,
    split_budget,
)
from ._weights import RANK_WEIGHTINGS, AhpWeights, ahp, leverage_factor, priority_weights

__all__ = [
    "priority_weights",
    "ahp",
    "AhpWeights",
    "split_budget",
    "BudgetSplit",
    "round_to_sum",
    "leverage_factor",
    "score_requests",
    "RequestScores",
    "AllocationPlan",
    "PlanFocusArea",
    "PlanGrant",
    "allocate_focus_areas",
    "Allocation",
    "read_projects",
    "select_projects",
    "Selection",
    "split_robustness",
    "selection_robustness",
    "RANK_WEIGHTINGS",
    "SPLIT_METHODS",
    "DEFAULT_HOURS_PER_STAFF_DAY",
    "FOCUS_AREA_COLUMNS",
    "PROJECT_COLUMNS",
]

# Names renamed in 0.2, still importable for one release (with a DeprecationWarning).
__getattr__ = deprecated.module_getattr(
    __name__,
    {"PlanArea": "PlanFocusArea", "AREA_COLUMNS": "FOCUS_AREA_COLUMNS", "PLAN_AREA_KEYS": "PLAN_FOCUS_AREA_KEYS"},
    globals(),
)
