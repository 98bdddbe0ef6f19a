"""Charts that read (issue 10, point 7): months in words (``month_name``) and
the kinds of period (``period_kind``, ``Evaluation.period_kinds``)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort._display.numbers import month_name
from styrkort.strategy import period_kind

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ev():
    return sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


# -- months in words ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "value,lang,short,expected",
    [
        ("2021-08", "sv", False, "augusti"),
        ("2021-08", "sv", True, "aug"),
        ("2021-08", "en", False, "August"),
        ("2021-08", "en", True, "Aug"),
        ("2021-M03", "sv", False, "mars"),
        ("2021-05-31", "sv", True, "maj"),
        (dt.date(2021, 12, 1), "en", True, "Dec"),
        (dt.datetime(2021, 1, 15, 12, 0), "sv", False, "januari"),
        (pd.Timestamp("2021-10-01"), "sv", True, "okt"),
        (np.datetime64("2021-06-30"), "en", False, "June"),
    ],
)
def test_month_name(value, lang, short, expected):
    assert month_name(value, lang, short=short) == f"{expected}{NBSP}2021"


@pytest.mark.parametrize("value", ["2021-13", "2021-00", "2021", "augusti 2021", None, float("nan"), pd.NaT, 202108])
def test_month_name_refuses_what_is_not_a_month(value):
    with pytest.raises(sk.ArgumentError, match="is not a month"):
        month_name(value, "sv")
    with pytest.raises(sk.ArgumentError, match="unknown language 'de'"):
        month_name("2021-08", "de")


def test_every_month_has_a_name_in_both_languages():
    for lang in ("sv", "en"):
        names = [month_name(f"2021-{m:02d}", lang) for m in range(1, 13)]
        short = [month_name(f"2021-{m:02d}", lang, short=True) for m in range(1, 13)]
        assert len(set(names)) == len(set(short)) == 12
    assert month_name("2021-09", "sv", short=True) == f"sep{NBSP}2021"
    assert month_name("2021-09", "en") == f"September{NBSP}2021"


# -- periods of different kinds -------------------------------------------------------------
def test_period_kinds(ev):
    assert [period_kind(p) for p in ("2020", "2020-H2", "2020-T3", "2020-Q4", "2020-M12")] == [
        "year",
        "half_year",
        "tertial",
        "quarter",
        "month",
    ]
    # what the core does not parse is another kind (a declared period with its own time)
    assert [period_kind(p) for p in ("2020-T4", "2020-M1", "2020-M13", "2020-X1", "läsår", "20201")] == ["other"] * 6
    # the Gävle example declares its periods: the kinds are the strategy's
    assert ev.period_kinds == ("year", "year", "year", "tertial", "tertial", "year")
    declared = ev.strategy.periods.set_index("id")["kind"]
    assert list(ev.period_kinds) == [declared[p] for p in ev.periods]


def test_period_kinds_without_declared_periods():
    ev = mixed_evaluation(range(2019, 2021), ["2020-Q1", "2020-Q2"])
    assert ev.strategy.periods.empty
    assert dict(zip(ev.periods, ev.period_kinds)) == {
        "2019": "year",
        "2020-Q1": "quarter",
        "2020-Q2": "quarter",
        "2020": "year",
    }


def mixed_evaluation(years, sub_periods, value=lambda k: 10.0 + k):
    """One indicator measured every year of ``years`` and in ``sub_periods``, no declared periods."""
    strategy = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Blandade perioder",
            "nodes": [
                {"id": "g", "kind": "goal", "name": "Mål"},
                {
                    "id": "x",
                    "kind": "indicator",
                    "name": "Antal",
                    "parents": ["g"],
                    "direction": "higher_is_better",
                    "baseline": {"value": 10, "period": str(min(years))},
                    "target": {"value": 40, "period": str(max(years))},
                },
            ],
        }
    )
    periods = [str(y) for y in years] + list(sub_periods)
    m = pd.DataFrame({"indicator": "x", "period": periods, "value": [value(k) for k in range(len(periods))]})
    return sk.evaluate(strategy, m)
