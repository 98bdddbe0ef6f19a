"""Progress bars on long work: the robustness samplers report to tqdm from the
engine, the result does not depend on it, and an interrupt stops the work."""

import sys
import types

import pandas as pd
import pytest

from styrkort import _core
from styrkort.allocation import _core_focus_areas, selection_robustness, split_robustness

AREAS = pd.DataFrame({"id": ["a", "b", "c"], "floor": [0.0, 10.0, 0.0]})


class FakeBar:
    made = []

    def __init__(self, total, desc, unit, delay, leave):
        self.total, self.desc, self.n, self.closed, self.updates = total, desc, 0, False, []
        FakeBar.made.append(self)

    def update(self, k):
        self.n += k
        self.updates.append(self.n)

    def close(self):
        self.closed = True


@pytest.fixture
def fake_tqdm(monkeypatch):
    FakeBar.made = []
    monkeypatch.setitem(sys.modules, "tqdm.auto", types.SimpleNamespace(tqdm=FakeBar))
    return FakeBar


def test_split_robustness_moves_a_bar_to_the_end(fake_tqdm):
    with_bar = split_robustness(AREAS, 100.0, priorities=[1, 2, 3], samples=300000, seed=3)
    (bar,) = fake_tqdm.made
    assert bar.total == 300000 and bar.n == 300000 and bar.closed
    assert bar.updates == sorted(bar.updates)  # never backwards
    without = split_robustness(AREAS, 100.0, priorities=[1, 2, 3], samples=300000, seed=3, progress=False)
    assert len(fake_tqdm.made) == 1  # progress=False makes no bar
    pd.testing.assert_frame_equal(with_bar, without)


def test_selection_robustness_bar(fake_tqdm):
    items = pd.DataFrame(
        {"id": ["p1", "p2", "p3"], "cost": [5.0, 4.0, 3.0], "value": [5.0, 4.0, 2.0], "focus_area": ["a", "b", "c"]}
    )
    selection_robustness(items, 8.0, ["a", "b", "c"], priorities=[1, 2, 3], samples=500)
    (bar,) = fake_tqdm.made
    assert bar.n == 500 and bar.closed


def test_an_interrupt_from_the_callback_stops_the_sampling():
    seen = []

    def interrupt(done, total):
        seen.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _core.split_robustness(
            _core_focus_areas(AREAS), 100.0, "proportional", [1, 2, 3], None, 100.0, 2_000_000, 1, 0, interrupt
        )
    assert len(seen) == 1 and seen[0] < 2_000_000


def test_without_tqdm_the_work_runs_without_a_bar(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails
    out = split_robustness(AREAS, 100.0, priorities=[1, 2, 3], samples=2000)
    assert out["mean_share"].sum() == pytest.approx(1.0)
