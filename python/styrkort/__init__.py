"""styrkort: follow-up of public-sector strategies.

Goal fulfilment (normalised scores, statuses, trends, forecasts and roll-ups
through the goal tree and across organisational units) computed by a C++ core,
with pandas in and out.

>>> import styrkort as sk
>>> strategy = sk.examples.gavle_strategy()
>>> result = sk.evaluate(strategy, sk.examples.gavle_measurements())
"""

from __future__ import annotations

from . import action_plan, allocation, comparison, examples, funds, kolada, stratsys
from ._version import __version__
from .action_plan import ActionPlanFollowUp, follow_up
from .comparison import Comparison, split_comparison
from .errors import ArgumentError, ConsistencyWarning, Error, FundsError, MeasurementError, StrategyError
from .evaluation import Evaluation, Evaluator, evaluate, strategy_warnings
from .funds import Funds, load_funds
from .kolada import fetch_kolada, read_kolada, read_kolada_metadata
from .measurements import Measurements, load_measurements
from .sensitivity import Sensitivity, load_inputs, sensitivity
from .strategy import Strategy, load_strategy
from .stratsys import read_stratsys

__all__ = [
    "__version__",
    "Error",
    "StrategyError",
    "MeasurementError",
    "FundsError",
    "ArgumentError",
    "ConsistencyWarning",
    "Strategy",
    "load_strategy",
    "allocation",
    "action_plan",
    "follow_up",
    "ActionPlanFollowUp",
    "funds",
    "Funds",
    "load_funds",
    "kolada",
    "read_kolada",
    "read_kolada_metadata",
    "fetch_kolada",
    "comparison",
    "Comparison",
    "split_comparison",
    "stratsys",
    "read_stratsys",
    "Measurements",
    "load_measurements",
    "Evaluation",
    "Evaluator",
    "evaluate",
    "strategy_warnings",
    "sensitivity",
    "Sensitivity",
    "load_inputs",
    "examples",
]
