"""The names renamed in 0.2 (docs/glossary.md, "Renamed in 0.2"): each old
public name still works for one release, warns with a DeprecationWarning that
names the new name, and gives what the new name gives."""

import pytest

import styrkort as sk
from styrkort import _core


@pytest.fixture(scope="module")
def strategy():
    return sk.examples.gavle_strategy()


def test_strategy_warnings_engine_keyword(strategy):
    new = sk.strategy_warnings(strategy, evaluator=_core.Evaluator(strategy._strategy))
    with pytest.warns(DeprecationWarning, match=r"strategy_warnings\(engine=\.\.\.\).*strategy_warnings\(evaluator="):
        old = sk.strategy_warnings(strategy, engine=_core.Evaluator(strategy._strategy))
    assert old.equals(new) and old.equals(sk.strategy_warnings(strategy))
    with pytest.raises(sk.ArgumentError, match="give evaluator= only"):
        sk.strategy_warnings(strategy, evaluator=_core.Evaluator(strategy._strategy), engine=None)


def test_evaluation_engine_keyword(gavle_eval):
    core = gavle_eval._core
    new = sk.Evaluation(gavle_eval.strategy, core, evaluator=_core.Evaluator(gavle_eval.strategy._strategy))
    with pytest.warns(DeprecationWarning, match=r"Evaluation\(engine=\.\.\.\)"):
        old = sk.Evaluation(gavle_eval.strategy, core, engine=_core.Evaluator(gavle_eval.strategy._strategy))
    assert old.warnings.equals(new.warnings)
