import copy
import json

import pytest

import styrkort as sk


@pytest.fixture(scope="session")
def gavle_dict():
    with open(sk.examples.path("gavle/strategy.json"), encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture
def gavle(gavle_dict):
    """A fresh copy of the Gävle example as a dict, to change in a test."""
    return copy.deepcopy(gavle_dict)


@pytest.fixture(scope="session")
def gavle_eval():
    return sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


def small_strategy(**changes):
    """Two goals under a vision, three indicators, two units under a root unit.

    vision <- g1 (weight 1), g2 (weight 3)
    g1 <- i1 (bounded 0..100), i2 (lower is better, bounded 50..0)
    g2 <- i3 (progress from baseline 10 in 2020 to target 20 in 2024)
    """
    s = {
        "format": "styrkort-strategy/1",
        "name": "Small",
        "units": [{"id": "kommun"}, {"id": "a", "parent": "kommun"}, {"id": "b", "parent": "kommun"}],
        "nodes": [
            {"id": "vision", "kind": "vision"},
            {"id": "g1", "kind": "goal", "parents": [{"id": "vision", "weight": 1}]},
            {"id": "g2", "kind": "goal", "parents": [{"id": "vision", "weight": 3}]},
            {
                "id": "i1",
                "kind": "indicator",
                "parents": ["g1"],
                "bounds": {"worst": 0, "best": 100},
                "unit_aggregation": "mean",
            },
            {
                "id": "i2",
                "kind": "indicator",
                "parents": ["g1"],
                "direction": "lower_is_better",
                "bounds": {"worst": 50, "best": 0},
                "unit_aggregation": "max",
            },
            {
                "id": "i3",
                "kind": "indicator",
                "parents": ["g2"],
                "baseline": {"value": 10, "period": "2020"},
                "target": {"value": 20, "period": "2024"},
                "unit_aggregation": "sum",
            },
        ],
    }
    s.update(changes)
    return s
