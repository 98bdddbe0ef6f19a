"""The Sustainable Development Report 2023 (SDSN) as styrkort tables.

Reads the SDR 2023 country file (``SDR-2023-Data.csv``) and the recovered indicator
bounds (``bounds.csv``), both in ``tests/data/sdr2023/``, and turns them into the
tables the styrkort engine reads (see ``docs/format.md``): a node table (index ->
17 goals -> 98 index indicators), a unit table (the 193 countries) and a long
measurement table of the raw values. It also gives the published results in a
tidy form, and a small pandas re-implementation of the SDSN method
(:func:`reference_scores`) to check the engine's results and these tables against.

Only pandas and numpy are used; nothing from styrkort is imported.

How the published figures follow from the raw values (checked against the file;
see ``tests/data/sdr2023/README.md`` for the match rates):

* indicator score = 100 * (x - worst) / (best - worst), capped to [0, 100];
  published rounded to 3 decimals.
* goal score = unweighted mean of the scores of the goal's indicators that have
  data (any number >= 1); published rounded half-up to 1 decimal. A goal with no
  indicator data has no score. SDG 14 is not scored for landlocked countries
  (even though ``sdg14_biomar`` is reported for them).
* index score = unweighted mean of all 17 goal scores, where a missing goal score
  (no data, or SDG 14 of a landlocked country) is replaced by the mean of that
  goal's score over the ranked countries of the same SDR region (column
  'Regions used for the SDR'); published rounded half-up to 1 decimal.
* rank = order of the unrounded index score, 1 = best; no shared ranks.
* 'Percentage missing values' = missing / applicable index indicators, where
  ``sdg17_oda`` (high-income and OECD DAC countries) and ``sdg17_govrev`` (other
  countries) are one slot (97 slots) and landlocked countries have 92 (the five
  coastal SDG 14 indicators do not apply). The documented rule "no index when
  more than 20 % is missing" holds for 186 of the 193 countries; 7 countries are
  ranked with 20.6-24.7 % missing (see ``SDSN_RANKED_DESPITE_MISSING``).

Typical use, from a notebook in ``notebooks/`` (a pytest test first puts the
``notebooks`` directory on ``sys.path``, e.g. ``sys.path.insert(0, str(REPO /
"notebooks"))``, or loads this file with ``importlib``)::

    from sdr_support import sdr2023 as sdr
    df = sdr.load_sdr()               # default: tests/data/sdr2023/SDR-2023-Data.csv
    bounds = sdr.load_bounds()        # default: tests/data/sdr2023/bounds.csv
    nodes, measurements = sdr.to_styrkort_tables(df, bounds)
    units = sdr.units_table(df)
    published = sdr.published_scores(df)
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "PERIOD",
    "INDEX_ID",
    "MIN_INDICATOR_COVERAGE",
    "LANDLOCKED",
    "COASTAL_SDG14",
    "SCORE_ONLY_INDICATORS",
    "SDSN_RANKED_DESPITE_MISSING",
    "GOAL_NAMES",
    "DATA_DIR",
    "load_sdr",
    "load_bounds",
    "indicator_columns",
    "country_rows",
    "units_table",
    "to_styrkort_tables",
    "published_scores",
    "published_indicator_scores",
    "percentage_missing",
    "reference_scores",
    "round_half_up",
    "goal_id",
]

#: The one period of the file.
PERIOD = "2023"
#: Id of the root node (the SDG Index).
INDEX_ID = "index"
#: The SDSN rule "no index with more than 20 % of the indicators missing", as the
#: share of applicable indicators that must have data (coverage >= 0.8).
MIN_INDICATOR_COVERAGE = 0.8

ISO3 = "Country Code ISO3"
COUNTRY = "Country"
REGION = "Regions used for the SDR"
INDEX_SCORE = "2023 SDG Index Score"
INDEX_RANK = "2023 SDG Index Rank"
PCT_MISSING = "Percentage missing values"

#: Where the copies of the data live, relative to this file (the repository's tests/data).
DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "sdr2023"

#: Countries SDSN treats as landlocked in SDR 2023: the 40 ranked countries that have
#: an index score but no SDG 14 score, plus Andorra and Liechtenstein (unranked; only
#: with 92 applicable indicators does their 'Percentage missing values' come out).
#: San Marino is not in the list: its published percentage uses 97 slots.
LANDLOCKED = frozenset(
    {
        "AFG",
        "AND",
        "ARM",
        "AUT",
        "AZE",
        "BDI",
        "BFA",
        "BLR",
        "BOL",
        "BTN",
        "BWA",
        "CAF",
        "CHE",
        "CZE",
        "ETH",
        "HUN",
        "KAZ",
        "KGZ",
        "LAO",
        "LIE",
        "LSO",
        "LUX",
        "MDA",
        "MKD",
        "MLI",
        "MNG",
        "MWI",
        "NER",
        "NPL",
        "PRY",
        "RWA",
        "SRB",
        "SSD",
        "SVK",
        "SWZ",
        "TCD",
        "TJK",
        "TKM",
        "UGA",
        "UZB",
        "ZMB",
        "ZWE",
    }
)
#: The SDG 14 indicators that do not apply to landlocked countries.
COASTAL_SDG14 = ("sdg14_cpma", "sdg14_cleanwat", "sdg14_fishstocks", "sdg14_trawl", "sdg14_discard")
#: ODA for high-income and OECD DAC countries, government revenue for the others:
#: one indicator slot, filled by one of the two.
ALTERNATIVES = ("sdg17_oda", "sdg17_govrev")
#: Indicators with a published normalised score but no published raw value
#: (Gallup data). Their measurement is the normalised score, with bounds 0..100.
SCORE_ONLY_INDICATORS = ("sdg16_safe",)
#: Countries with an index score although 'Percentage missing values' > 20.
SDSN_RANKED_DESPITE_MISSING = frozenset({"BHR", "SOM", "MDV", "STP", "BRB", "COM", "CPV"})

GOAL_NAMES = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}

NODE_COLUMNS = [
    "id",
    "kind",
    "name",
    "parent",
    "weight",
    "direction",
    "worst",
    "best",
    "normalisation",
    "aggregation",
    "min_indicator_coverage",
    "not_applicable",
    "not_scored",
    "impute",
]


def goal_id(goal: int) -> str:
    """Node id of goal ``goal`` (1..17): ``'sdg1'`` .. ``'sdg17'``."""
    return f"sdg{int(goal)}"


# ----------------------------------------------------------------------------- loading
def load_sdr(path: str | Path | None = None) -> pd.DataFrame:
    """The SDR 2023 country file as a DataFrame, one row per country or aggregate.

    Columns as in the file (``'Country Code ISO3'``, ``'Goal 3 Score'``,
    ``'Normalized Score: sdg3_tb'`` ...). Aggregates (regions, income groups,
    world) have ids starting with ``'_'``. ``path`` defaults to the copy in
    ``tests/data/sdr2023``.
    """
    path = DATA_DIR / "SDR-2023-Data.csv" if path is None else Path(path)
    return pd.read_csv(path, encoding="utf-8")


def load_bounds(path: str | Path | None = None) -> pd.DataFrame:
    """``bounds.csv``: indicator, goal, label, worst, best for the 98 index indicators."""
    path = DATA_DIR / "bounds.csv" if path is None else Path(path)
    return pd.read_csv(path, encoding="utf-8")


def indicator_columns(df: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator in the file, with the names of its columns.

    Columns: ``indicator`` (code), ``value`` (raw value column: the column just
    before ``'Year: <code>'``; its header is the indicator's label), ``year``,
    ``imputation``, ``normalised``, ``colour``, ``trend`` (missing, NaN, where the
    file has no such column). Dashboard-only indicators have no ``normalised`` column.
    """
    cols = list(df.columns)
    rows = []
    for i, col in enumerate(cols):
        m = re.fullmatch(r"Year: (\S+)", col)
        if not m:
            continue
        code = m.group(1)

        def opt(prefix: str, code: str = code) -> str | None:
            name = f"{prefix}: {code}"
            return name if name in df.columns else None

        rows.append(
            {
                "indicator": code,
                "value": cols[i - 1],
                "year": col,
                "imputation": opt("Imputation"),
                "normalised": opt("Normalized Score"),
                "colour": opt("Dashboard Color"),
                "trend": opt("Trend"),
            }
        )
    return pd.DataFrame(rows)


def country_rows(df: pd.DataFrame, ranked_only: bool = False) -> pd.DataFrame:
    """The rows of the 193 countries (aggregates, ids starting with '_', left out).

    With ``ranked_only`` only the 166 countries with a published index score.
    """
    out = df[~df[ISO3].astype(str).str.startswith("_")]
    if ranked_only:
        out = out[out[INDEX_SCORE].notna()]
    return out


# ------------------------------------------------------------------------ styrkort tables
def units_table(df: pd.DataFrame, ranked_only: bool = False) -> pd.DataFrame:
    """The units: one per country. Columns id (ISO3), name, kind ('country'),
    peer_group (the SDR region; used by the goals' peer-mean imputation)."""
    rows = country_rows(df, ranked_only)
    return pd.DataFrame(
        {
            "id": rows[ISO3].astype(str).to_numpy(),
            "name": rows[COUNTRY].astype(str).to_numpy(),
            "kind": "country",
            "peer_group": rows[REGION].to_numpy(),
        }
    )


def _nodes(bounds: pd.DataFrame, unit_ids: list[str], oda_units: set[str]) -> pd.DataFrame:
    landlocked = sorted(u for u in unit_ids if u in LANDLOCKED)
    not_app = {c: landlocked for c in COASTAL_SDG14}
    # sdg17_oda applies where an ODA value is reported, sdg17_govrev everywhere else.
    not_app["sdg17_oda"] = sorted(u for u in unit_ids if u not in oda_units)
    not_app["sdg17_govrev"] = sorted(u for u in unit_ids if u in oda_units)

    rows = [
        {
            "id": INDEX_ID,
            "kind": "vision",
            "name": "SDG Index",
            "parent": np.nan,
            "aggregation": "arithmetic",
            "min_indicator_coverage": MIN_INDICATOR_COVERAGE,
        }
    ]
    for g in range(1, 18):
        # A goal's score is the mean of any of its indicators with data (SDSN):
        # the safe default of half the indicators is lowered explicitly.
        rows.append(
            {
                "id": goal_id(g),
                "kind": "goal",
                "name": f"SDG {g}: {GOAL_NAMES[g]}",
                "parent": INDEX_ID,
                "aggregation": "arithmetic",
                "impute": "peer_mean",
                "min_indicator_coverage": 0.0,
                # SDG 14 is not scored for landlocked countries; the index takes the region's mean
                "not_scored": landlocked if g == 14 and landlocked else np.nan,
            }
        )
    for b in bounds.itertuples(index=False):
        worst, best = float(b.worst), float(b.best)
        if b.indicator in SCORE_ONLY_INDICATORS:
            worst, best = 0.0, 100.0  # the value is the published score
        rows.append(
            {
                "id": b.indicator,
                "kind": "indicator",
                "name": str(b.label).strip(),
                "parent": goal_id(b.goal),
                "direction": "higher_is_better" if best > worst else "lower_is_better",
                "worst": worst,
                "best": best,
                "normalisation": "bounded",
                "not_applicable": not_app.get(b.indicator, np.nan),
            }
        )
    nodes = pd.DataFrame(rows).reindex(columns=NODE_COLUMNS)
    nodes["weight"] = 1.0
    return nodes


def to_styrkort_tables(
    df: pd.DataFrame, bounds: pd.DataFrame, *, ranked_only: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The SDG Index as styrkort tables: ``(nodes, measurements)``.

    nodes (one row per node, columns ``NODE_COLUMNS``; NaN where not set):
      * ``index``: kind vision, aggregation arithmetic, min_indicator_coverage 0.8
        (the SDSN ">20 % missing: no index" rule);
      * ``sdg1`` .. ``sdg17``: kind goal, parent ``index``, aggregation arithmetic,
        min_indicator_coverage 0 (a goal score from any of its indicators),
        impute ``peer_mean`` (SDSN fills a missing goal score with the mean over the
        unit's region, i.e. its ``peer_group`` in :func:`units_table`, for the index);
        ``sdg14`` is ``not_scored`` for the landlocked countries;
      * the 98 index indicators: kind indicator, parent their goal, normalisation
        bounded, worst/best from ``bounds``, direction higher_is_better when
        best > worst else lower_is_better. ``not_applicable`` (list of unit ids):
        landlocked countries for the five coastal SDG 14 indicators; units without
        an ODA value for ``sdg17_oda``, units with one for ``sdg17_govrev``.
      All weights are 1.

    measurements (columns indicator, unit, period, value, note): the raw value of
    every index indicator for every country that has one, period ``'2023'``.
    One deliberate departure from the file: ``sdg16_safe`` has no published raw
    value; its value is the published normalised score (0..100) and its node has
    worst 0, best 100, so the bounded score reproduces the published one. ``note``
    says so. (``sdg14`` is declared ``not_scored`` for landlocked countries: it
    gets no score of its own, and the index takes the region's mean in its place.)
    Units are the countries (aggregates left out); with ``ranked_only`` only the
    166 ranked ones, which is what reproduces the published regional means (SDSN
    averages over ranked countries only; unranked countries have no goal scores).
    """
    rows = country_rows(df, ranked_only)
    unit_ids = rows[ISO3].astype(str).tolist()
    cols = indicator_columns(df).set_index("indicator")
    missing = set(bounds["indicator"]) - set(cols.index)
    if missing:
        raise ValueError(f"indicators in bounds but not in the data: {sorted(missing)}")

    parts = []
    for code in bounds["indicator"]:
        note = None
        if code in SCORE_ONLY_INDICATORS:
            values = rows[cols.at[code, "normalised"]]
            note = "published normalised score (raw value not published)"
        else:
            values = rows[cols.at[code, "value"]]
        part = pd.DataFrame(
            {
                "indicator": code,
                "unit": unit_ids,
                "period": PERIOD,
                "value": pd.to_numeric(values, errors="coerce").to_numpy(),
                "note": note,
            }
        )
        parts.append(part.dropna(subset=["value"]))
    measurements = pd.concat(parts, ignore_index=True)

    oda = rows.loc[rows[cols.at["sdg17_oda", "value"]].notna(), ISO3].astype(str)
    nodes = _nodes(bounds, unit_ids, set(oda))
    return nodes, measurements


# --------------------------------------------------------------------- published results
def published_scores(df: pd.DataFrame, *, include_aggregates: bool = False) -> pd.DataFrame:
    """The published goal and index results, tidy.

    Columns: unit, node (``sdg1``..``sdg17``, ``index``), published_score (goal
    scores and index rounded to 1 decimal; NaN where not published),
    published_rank (index rows of ranked countries; NaN otherwise),
    published_colour (goal dashboard colour: green/yellow/orange/red/grey; NaN for
    the index), published_pct_missing (index rows: 'Percentage missing values').
    """
    rows = df if include_aggregates else country_rows(df)
    unit = rows[ISO3].astype(str).to_numpy()
    parts = [
        pd.DataFrame(
            {
                "unit": unit,
                "node": goal_id(g),
                "published_score": rows[f"Goal {g} Score"].to_numpy(float),
                "published_rank": np.nan,
                "published_colour": rows[f"Goal {g} Dash"].to_numpy(object),
                "published_pct_missing": np.nan,
            }
        )
        for g in range(1, 18)
    ]
    parts.append(
        pd.DataFrame(
            {
                "unit": unit,
                "node": INDEX_ID,
                "published_score": rows[INDEX_SCORE].to_numpy(float),
                "published_rank": rows[INDEX_RANK].to_numpy(float),
                "published_colour": None,
                "published_pct_missing": rows[PCT_MISSING].to_numpy(float),
            }
        )
    )
    return pd.concat(parts, ignore_index=True)


def published_indicator_scores(
    df: pd.DataFrame, bounds: pd.DataFrame | None = None, *, include_aggregates: bool = False
) -> pd.DataFrame:
    """Published indicator results, tidy: unit, indicator, normalised_score (3
    decimals; NaN for dashboard-only indicators and unranked countries), colour.

    With ``bounds`` only the index indicators; otherwise every indicator with a
    dashboard colour (including dashboard-only ones such as ``sdg1_oecdpov``).
    """
    rows = df if include_aggregates else country_rows(df)
    cols = indicator_columns(df)
    if bounds is not None:
        cols = cols[cols["indicator"].isin(set(bounds["indicator"]))]
    unit = rows[ISO3].astype(str).to_numpy()
    parts = []
    for c in cols.itertuples(index=False):
        has_score, has_colour = isinstance(c.normalised, str), isinstance(c.colour, str)
        if not (has_score or has_colour):
            continue
        parts.append(
            pd.DataFrame(
                {
                    "unit": unit,
                    "indicator": c.indicator,
                    "normalised_score": rows[c.normalised].to_numpy(float) if has_score else np.nan,
                    "colour": rows[c.colour].to_numpy(object) if has_colour else None,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    return out[out["normalised_score"].notna() | out["colour"].notna()].reset_index(drop=True)


def percentage_missing(df: pd.DataFrame, bounds: pd.DataFrame) -> pd.Series:
    """'Percentage missing values' recomputed from the file (unrounded), by ISO3.

    100 * (applicable index-indicator slots without a value) / (applicable slots):
    98 indicators, ``sdg17_oda``/``sdg17_govrev`` counted as one slot (97), minus
    the five coastal SDG 14 indicators for :data:`LANDLOCKED` units (92).
    ``sdg16_safe`` counts as present when it has a score or a dashboard colour.
    Rounded half-up to 1 decimal this equals the published column for all 206 rows.
    """
    cols = indicator_columns(df).set_index("indicator")
    present = {}
    for code in bounds["indicator"]:
        if code in SCORE_ONLY_INDICATORS:
            present[code] = df[cols.at[code, "normalised"]].notna() | df[cols.at[code, "colour"]].notna()
        else:
            present[code] = df[cols.at[code, "value"]].notna()
    present = pd.DataFrame(present)
    alt = list(ALTERNATIVES)
    have = present.drop(columns=alt).sum(axis=1) + present[alt].any(axis=1)
    slots = pd.Series(len(present.columns) - 1, index=df.index)
    landlocked = df[ISO3].isin(LANDLOCKED)
    have = have - np.where(landlocked, present[list(COASTAL_SDG14)].sum(axis=1), 0)
    slots = slots - np.where(landlocked, len(COASTAL_SDG14), 0)
    out = 100 * (slots - have) / slots
    out.index = df[ISO3].astype(str)
    return out


# --------------------------------------------------------------- reference implementation
def round_half_up(x, digits: int = 1):
    """Round half away from zero (as the published figures are), elementwise.

    Values are first rounded to 9 decimals so that float noise (51.449999... for an
    exact 51.45) does not decide the rounding.
    """

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return np.nan
        q = Decimal(1).scaleb(-digits)
        return float(Decimal(repr(round(float(v), 9))).quantize(q, rounding=ROUND_HALF_UP))

    if np.isscalar(x):
        return one(x)
    if isinstance(x, pd.Series):
        return x.map(one)
    if isinstance(x, pd.DataFrame):
        return x.map(one)
    return np.vectorize(one, otypes=[float])(x)


def _explode_na(nodes: pd.DataFrame) -> set[tuple[str, str]]:
    out = set()
    for node, units in zip(nodes["id"], nodes["not_applicable"]):
        if isinstance(units, Iterable) and not isinstance(units, str):
            out.update((node, u) for u in units)
    return out


def reference_scores(nodes: pd.DataFrame, measurements: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The SDSN method on the styrkort tables, in plain pandas (unrounded).

    For checking an engine and these tables: indicator score = bounded
    normalisation capped to [0, 100]; goal score = mean of its indicators' scores
    with data; a goal without a score is imputed, for the index only, with the
    mean of that goal's (non-imputed) score over the units of the same peer group;
    index = mean of the 17 goals; no index when the share of applicable indicators
    with data is below the index node's min_indicator_coverage.

    Returns a wide DataFrame indexed by unit with columns ``sdg1``..``sdg17``
    (NaN where the goal has no data), ``index``, ``coverage`` (share of applicable
    indicators with data) and ``rank`` (1 = best, by unrounded index).
    """
    ind = nodes[nodes["kind"] == "indicator"].set_index("id")
    goals = nodes.loc[nodes["kind"] == "goal", "id"].tolist()
    root = nodes[nodes["id"] == INDEX_ID].iloc[0]
    m = measurements.merge(ind[["worst", "best"]], left_on="indicator", right_index=True)
    m = m.assign(score=(100 * (m["value"] - m["worst"]) / (m["best"] - m["worst"])).clip(0, 100))
    scores = m.pivot_table(index="unit", columns="indicator", values="score", aggfunc="first")
    unit_ids = units["id"].tolist()
    scores = scores.reindex(index=unit_ids, columns=ind.index)

    na = _explode_na(nodes)
    applicable = pd.DataFrame({c: [(c, u) not in na for u in unit_ids] for c in ind.index}, index=unit_ids)
    scores = scores.where(applicable)
    coverage = scores.notna().sum(axis=1) / applicable.sum(axis=1)

    goal_scores = pd.DataFrame({g: scores[ind.index[ind["parent"] == g]].mean(axis=1) for g in goals})
    peer = units.set_index("id")["peer_group"].reindex(unit_ids)
    peer_mean = goal_scores.groupby(peer).transform("mean")
    filled = goal_scores.fillna(peer_mean)
    index = filled.mean(axis=1, skipna=False)
    min_cov = root["min_indicator_coverage"]
    if pd.notna(min_cov):
        index = index.where(coverage >= float(min_cov) - 1e-12)
    out = goal_scores.copy()
    out["index"] = index
    out["coverage"] = coverage
    out["rank"] = index.rank(ascending=False, method="first")
    out.index.name = "unit"
    return out
