"""The SDR 2023 goal dashboards (colours) wired into the styrkort tables.

:func:`sdr2023.to_styrkort_tables` gives the SDG Index tree (index -> 17 goals -> 98
index indicators). This module adds the SDSN dashboard colours to it:

* every index indicator gets the status rule ``sdg_dashboard`` with a green and a
  red threshold from ``tests/data/sdr2023/colour_thresholds.csv`` (derived from the
  published colours, not published by SDSN; see the README there), used as they are:
  a value on a threshold takes the better colour, in the published colours as in the
  engine;
* the goals ``sdg1``..``sdg17`` get the node rule ``two_worst``, which gives the goal
  colour from their index indicators only;
* a second root ``dashboard`` with one node per goal, ``dash1``..``dash17`` (rule
  ``two_worst``), whose children are *all* the coloured indicators of the goal: the
  index indicators (a second parent link: the nodes form a DAG) and the 26
  dashboard-only indicators (e.g. ``sdg1_oecdpov``), which are not in the index tree,
  so they change neither the goal and index scores nor the index coverage.

SDSN colours a goal grey when fewer than half of its index-indicator slots have data.
The engine has no such rule for a node's colour alone (``min_coverage`` and
``min_indicator_coverage`` would also drop the goal's score, and on ``dashN`` they
would count the dashboard-only indicators), so :func:`goal_colours` applies it from
the engine's coverage of ``sdgN`` (the share of its applicable index indicators with
data).

Departures, all from what the file shows (see ``tests/data/sdr2023/README.md``):

* ``sdg8_unemp`` and ``sdg12_msw`` have a value but no colour for exactly the 38
  countries with the OECD-only indicators (:data:`OECD_MARKER` has a value). Their
  dashboard copies (``<code>@dashboard``) are not applicable for those countries; the
  index nodes keep the values (they count in the index).
* ``sdg8_impacc`` has only green values; the file's pair is red = green = 1.0, which
  the engine rejects (it needs green < red for lower-is-better). Red is set to
  green + 1 (every value stays green).
* Dashboard-only indicators have no worst/best bounds, so their dashboard position
  in the red and the green band is the middle of the band (0.5, 3.5).

Only pandas and numpy are used; nothing from styrkort is imported.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import sdr2023 as sdr

__all__ = [
    "THRESHOLDS_FILE",
    "DASHBOARD_ID",
    "OECD_MARKER",
    "NOT_COLOURED_FOR_OECD",
    "GREY_BELOW",
    "COLOURS",
    "dashboard_id",
    "load_thresholds",
    "engine_thresholds",
    "add_dashboards",
    "goal_colours",
]

THRESHOLDS_FILE = sdr.DATA_DIR / "colour_thresholds.csv"
#: Id of the dashboard root.
DASHBOARD_ID = "dashboard"
#: An OECD-only dashboard indicator: the countries with a value of it are the 38
#: countries with the OECD dashboard indicators.
OECD_MARKER = "sdg8_empop"
#: Indicators that the file colours only for the countries without OECD indicators.
NOT_COLOURED_FOR_OECD = ("sdg8_unemp", "sdg12_msw")
#: SDSN: a goal is grey when fewer than this share of its index-indicator slots has data.
GREY_BELOW = 0.5
#: Goal colours from the worst to the best, then grey.
COLOURS = ["red", "orange", "yellow", "green", "grey"]

_COLOUR_STATUSES = ("green", "yellow", "orange", "red")


def dashboard_id(goal: int) -> str:
    """Node id of goal ``goal``'s dashboard node: ``'dash1'`` .. ``'dash17'``."""
    return f"dash{int(goal)}"


def load_thresholds(path: str | Path | None = None) -> pd.DataFrame:
    """``colour_thresholds.csv``: one row per coloured indicator (124)."""
    return pd.read_csv(THRESHOLDS_FILE if path is None else Path(path), encoding="utf-8")


def engine_thresholds(thresholds: pd.DataFrame) -> pd.DataFrame:
    """Thresholds as the engine's ``sdg_dashboard`` rule takes them.

    The file's thresholds as they are, except ``sdg8_impacc`` (see the module notes).
    Returns a DataFrame indexed by indicator with columns goal, in_index, direction,
    green, red.
    """
    t = thresholds.set_index("indicator")
    lower = t["direction"] == "lower_is_better"
    green = t["green_threshold"].astype(float)
    red = t["red_threshold"].astype(float)
    # Equal thresholds (only sdg8_impacc: every value green): move red to the bad side.
    red = red.where(red != green, green + np.where(lower, 1.0, -1.0))
    return pd.DataFrame(
        {
            "goal": t["goal"].astype(int),
            "in_index": t["in_index"].astype(bool),
            "direction": t["direction"],
            "green": green,
            "red": red,
        }
    )


def add_dashboards(
    nodes: pd.DataFrame, measurements: pd.DataFrame, units: pd.DataFrame, df: pd.DataFrame, thresholds: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tables of :func:`sdr2023.to_styrkort_tables` with the dashboards added.

    ``units`` is the matching :func:`sdr2023.units_table` (the dashboard-only values
    are read from ``df`` for these units); ``thresholds`` is :func:`load_thresholds`.
    Returns new ``(nodes, measurements)``; the arguments are not changed.
    """
    thr = engine_thresholds(thresholds)
    out = nodes.copy()
    for c in ("status_rule", "status_green", "status_red"):
        out[c] = pd.Series(np.nan, index=out.index, dtype=object if c == "status_rule" else float)
    out["parent"] = out["parent"].astype(object)
    out["not_applicable"] = out["not_applicable"].astype(object)

    is_ind = out["kind"] == "indicator"
    missing = set(out.loc[is_ind, "id"]) - set(thr.index)
    if missing:
        raise ValueError(f"indicators without colour thresholds: {sorted(missing)}")
    codes = out.loc[is_ind, "id"]
    out.loc[is_ind, "status_rule"] = "sdg_dashboard"
    out.loc[is_ind, "status_green"] = thr.loc[codes, "green"].to_numpy()
    out.loc[is_ind, "status_red"] = thr.loc[codes, "red"].to_numpy()
    out.loc[out["kind"] == "goal", "status_rule"] = "two_worst"

    # Second parent: the goal's dashboard node (except where a dashboard copy is used).
    linked = is_ind & ~out["id"].isin(NOT_COLOURED_FOR_OECD)
    out.loc[linked, "parent"] = [f"{p};{dashboard_id(int(p[3:]))}" for p in out.loc[linked, "parent"]]

    rows = sdr.country_rows(df)
    rows = rows[rows[sdr.ISO3].astype(str).isin(set(units["id"].astype(str)))]
    cols = sdr.indicator_columns(df).set_index("indicator")
    oecd = rows.loc[rows[cols.at[OECD_MARKER, "value"]].notna(), sdr.ISO3].astype(str).tolist()

    # The grey rule is applied by goal_colours, so the dashboard nodes take a colour
    # from any coloured indicator (the safe default of half is lowered explicitly).
    extra = [
        {
            "id": DASHBOARD_ID,
            "kind": "vision",
            "name": "SDG Dashboards",
            "status_rule": "worst",
            "min_indicator_coverage": 0.0,
        }
    ]
    for g in range(1, 18):
        extra.append(
            {
                "id": dashboard_id(g),
                "kind": "goal",
                "name": f"SDG {g} dashboard: {sdr.GOAL_NAMES[g]}",
                "parent": DASHBOARD_ID,
                "status_rule": "two_worst",
                "min_indicator_coverage": 0.0,
            }
        )
    parts = [measurements]
    by_id = out.set_index("id")
    for code in NOT_COLOURED_FOR_OECD:
        src = by_id.loc[code]
        extra.append(
            {
                "id": f"{code}@dashboard",
                "kind": "indicator",
                "name": f"{src['name']} (dashboard, not for OECD countries)",
                "parent": dashboard_id(thr.at[code, "goal"]),
                "direction": src["direction"],
                "worst": src["worst"],
                "best": src["best"],
                "normalisation": "bounded",
                "status_rule": "sdg_dashboard",
                "status_green": thr.at[code, "green"],
                "status_red": thr.at[code, "red"],
                "not_applicable": oecd or np.nan,
            }
        )
        parts.append(measurements[measurements["indicator"] == code].assign(indicator=f"{code}@dashboard"))
    for code, t in thr[~thr["in_index"]].iterrows():
        extra.append(
            {
                "id": code,
                "kind": "indicator",
                "name": str(cols.at[code, "value"]).strip(),
                "parent": dashboard_id(t["goal"]),
                "direction": t["direction"],
                "status_rule": "sdg_dashboard",
                "status_green": t["green"],
                "status_red": t["red"],
            }
        )
        values = pd.to_numeric(rows[cols.at[code, "value"]], errors="coerce")
        parts.append(
            pd.DataFrame(
                {
                    "indicator": code,
                    "unit": rows[sdr.ISO3].astype(str).to_numpy(),
                    "period": sdr.PERIOD,
                    "value": values.to_numpy(),
                    "note": "dashboard-only indicator",
                }
            ).dropna(subset=["value"])
        )
    extra = pd.DataFrame(extra).reindex(columns=out.columns)
    extra["weight"] = 1.0
    return (pd.concat([out, extra], ignore_index=True), pd.concat(parts, ignore_index=True))


def goal_colours(table: pd.DataFrame) -> pd.DataFrame:
    """Goal colours from an evaluation's long table (``Evaluation.table()``).

    Returns one row per unit and goal: unit, node (``sdg1``..``sdg17``), coverage (share
    of the goal's applicable index indicators with data), colour (from ``dashN``: all
    coloured indicators; grey below :data:`GREY_BELOW` coverage), index_only_colour
    (from ``sdgN``: the index indicators only, same grey rule).
    """
    t = table[["unit", "node", "status", "coverage"]].astype({"unit": str, "node": str, "status": str})
    goals = t[t["node"].isin([sdr.goal_id(g) for g in range(1, 18)])].rename(columns={"status": "index_only_colour"})
    dash = t[t["node"].isin([dashboard_id(g) for g in range(1, 18)])][["unit", "node", "status"]]
    dash = dash.assign(node="sdg" + dash["node"].str[len("dash") :]).rename(columns={"status": "colour"})
    out = goals.merge(dash, on=["unit", "node"], how="left")
    # Grey: too little data, or a goal not scored for the unit (SDG 14 of a landlocked country).
    grey = ~(out["coverage"] >= GREY_BELOW - 1e-12) | (out["index_only_colour"] == "not_applicable")
    for c in ("colour", "index_only_colour"):
        out[c] = out[c].where(out[c].isin(_COLOUR_STATUSES) & ~grey, "grey")
    return out[["unit", "node", "coverage", "colour", "index_only_colour"]].reset_index(drop=True)
