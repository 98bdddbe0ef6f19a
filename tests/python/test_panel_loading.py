"""Measurements reach the engine without copies: category codes of any integer
width, rows checked and placed in parallel (issue 12, throughput of the
ordinary case). Results must not depend on how the table was handed over."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort import _core

UNITS = ["kommun", "a", "b"]
PERIODS = [str(y) for y in range(1990, 2030)]
INDICATORS = ["i1", "i2", "i3"]


def big_table(rows_per_cell: int = 1) -> pd.DataFrame:
    """Every indicator x unit x period once: 3 x 3 x 40 = 360 rows, repeated
    with other periods until the table is larger than one thread's share."""
    ind, unit, per = np.meshgrid(np.arange(3), np.arange(3), np.arange(len(PERIODS)), indexing="ij")
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(ind.ravel(), categories=INDICATORS),
            "unit": pd.Categorical.from_codes(unit.ravel(), categories=UNITS),
            "period": pd.Categorical.from_codes(per.ravel(), categories=PERIODS),
            "value": rng.uniform(1.0, 40.0, ind.size).round(2),
        }
    )


@pytest.fixture(scope="module")
def strategy():
    data = small_strategy()
    data["periods"] = PERIODS
    return sk.Strategy.from_dict(data)


def core_measurements(frame: pd.DataFrame, dtype) -> _core.Measurements:
    codes = [frame[c].cat.codes.to_numpy().astype(dtype) for c in ("indicator", "unit", "period")]
    return _core.Measurements(INDICATORS, UNITS, PERIODS, *codes, frame["value"].to_numpy(), "table", 0)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.float64])
def test_codes_of_every_width_give_the_same_panel(strategy, dtype):
    frame = big_table()
    evaluator = _core.Evaluator(strategy._strategy)
    reference = evaluator.evaluate(evaluator.prepare(core_measurements(frame, np.int32)))
    result = evaluator.evaluate(evaluator.prepare(core_measurements(frame, dtype)))
    for name in ("value", "origin", "trend", "trend_ratio"):
        np.testing.assert_array_equal(getattr(result.panel, name), getattr(reference.panel, name))
    np.testing.assert_array_equal(result.score, reference.score)
    # the value the table gave a cell is the one on the panel (i2, unit b, 2001)
    row = frame[(frame["indicator"] == "i2") & (frame["unit"] == "b") & (frame["period"] == "2001")]
    assert result.panel.value[1, 2, PERIODS.index("2001")] == row["value"].item()


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int64])
def test_a_code_out_of_range_names_its_row_whatever_the_width(dtype):
    frame = big_table()
    codes = [frame[c].cat.codes.to_numpy().astype(dtype) for c in ("indicator", "unit", "period")]
    codes[1][200] = -1  # an empty unit cell (pandas codes a missing category as -1)
    codes[1][300] = -1
    with pytest.raises(sk.MeasurementError) as e:
        _core.Measurements(INDICATORS, UNITS, PERIODS, *codes, frame["value"].to_numpy(), "table.csv", 2)
    assert str(e.value) == "table.csv, row 202: column 'unit' is empty; every row needs an unit"
    assert (e.value.row, e.value.column) == (202, "unit")


def test_an_infinite_value_after_the_first_thread_share_names_its_row():
    n = 600_000  # more than one thread's share (2**18 rows)
    codes = np.zeros(n, dtype=np.int8)
    values = np.ones(n)
    values[[450_001, 500_000]] = np.inf
    with pytest.raises(sk.MeasurementError) as e:
        _core.Measurements(["i1"], ["a"], ["2020"], codes, codes, codes, values, "big.csv", 2)
    assert str(e.value).startswith("big.csv, row 450003: value is infinite")


def test_a_second_value_far_apart_in_a_large_table_names_both_rows(strategy):
    """Rows are placed by several threads; two rows for one cell are still
    found, and named as a serial pass names them (the later row, and the first)."""
    base = big_table()
    # 2**18 rows and more: the same cells many times would be an error at once,
    # so the large table is one cell's worth of rows plus missing values.
    filler = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(np.zeros(400_000, dtype=np.int8), categories=INDICATORS),
            "unit": pd.Categorical.from_codes(np.zeros(400_000, dtype=np.int8), categories=UNITS),
            "period": pd.Categorical.from_codes(np.zeros(400_000, dtype=np.int8), categories=PERIODS),
            "value": np.full(400_000, np.nan),
        }
    )
    duplicate = base.iloc[[17]]
    frame = pd.concat([base, filler, duplicate, filler], ignore_index=True)
    clean = pd.concat([base, filler, filler], ignore_index=True)
    sk.Evaluator(strategy, clean)  # no duplicate: accepted
    with pytest.raises(sk.MeasurementError) as e:
        sk.Evaluator(strategy, frame)
    row = len(base) + len(filler)
    i, u, p = (str(base.iloc[17][c]) for c in ("indicator", "unit", "period"))
    assert str(e.value) == (
        f"DataFrame, row {row}: a second value for indicator '{i}', unit '{u}', period '{p}' "
        "(the first is at row 17); give one value per indicator, unit and period"
    )


def test_from_frame_leaves_the_callers_frame_as_it_was(strategy):
    frame = pd.DataFrame(
        {
            "indicator": [" i1 ", "i2"],
            "unit": ["a", "b"],
            "period": [2020, 2021],
            "value": ["1,5", "2"],
        }
    )
    before = frame.copy()
    m = sk.Measurements.from_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert m.frame["indicator"].tolist() == ["i1", "i2"]
    assert m.frame["period"].tolist() == ["2020", "2021"]
    assert m.frame["value"].tolist() == [1.5, 2.0]
