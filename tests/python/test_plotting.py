"""Result objects plot themselves: what is drawn is checked against the numbers.

The dashboard's cells against ``Evaluation.table()``, the trend's line against the
measurements of the Gävle example (hand-read from examples/gavle/measurements.csv),
the allocation's bars against its table, and the message when matplotlib is missing.
"""

import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import styrkort as sk  # noqa: E402
from styrkort.allocation import Allocation, allocate_focus_areas, split_budget  # noqa: E402
from styrkort.report import EXTERNAL_COLOUR, LABELS, OWN_COLOUR, STATUS_COLOURS  # noqa: E402

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ev():
    return sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


@pytest.fixture(scope="module")
def allocation():
    return allocate_focus_areas(sk.examples.gavle_strategy(), sk.examples.gavle_allocation())


def cells(ax):
    """{(column, row): (face colour, hatch, legend label)} of every dashboard cell."""
    out = {}
    for coll in ax.collections:
        face = coll.get_facecolors()
        for k, (x, y) in enumerate(coll.get_offsets()):
            key = (int(round(x)), int(round(y)))
            assert key not in out, f"cell {key} drawn twice"
            out[key] = (tuple(face[k if len(face) > 1 else 0]), coll.get_hatch(), coll.get_label())
    return out


def goal_rows(strategy):
    nodes = strategy.nodes
    return nodes.loc[nodes["kind"] != "indicator", ["id", "name"]].to_records(index=False).tolist()


# -- dashboard ------------------------------------------------------------------------


def test_dashboard_cells_have_the_status_colours_of_the_table(ev):
    ax = ev.plot.dashboard()
    rows = goal_rows(ev.strategy)
    # rows top to bottom in the strategy's order, named by the nodes' names
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(rows) == 8
    for label, (_node, name) in zip(labels, rows):
        assert label.rstrip("…") == name[: len(label.rstrip("…"))]
    assert ax.yaxis_inverted() and [round(y) for y in ax.get_yticks()] == list(range(8))
    assert [t.get_text() for t in ax.get_xticklabels()] == ev.periods
    table = ev.table(unit="gavle").set_index(["node", "period"])["status"].astype(str)
    drawn = cells(ax)
    assert len(drawn) == 8 * len(ev.periods)  # every cell, each once
    words = LABELS["sv"]["status_word"]
    for y, (node, _name) in enumerate(rows):
        for x, period in enumerate(ev.periods):
            status = table[(node, period)]
            face, hatch, label = drawn[(x, y)]
            assert face == to_rgba(STATUS_COLOURS[status][0]), (node, period, status)
            assert label == words[status]
            assert (hatch is not None) == (status == "not_assessable")
    # the example has all three kinds of cell that matter here, and not assessable is never red
    seen = {table[(n, p)] for n, _ in rows for p in ev.periods}
    assert {"green", "yellow", "red", "not_assessable"} <= seen
    assert drawn[(ev.periods.index("2020-T1"), 2)][0] == to_rgba(STATUS_COLOURS["not_assessable"][0])
    # fa1 in 2017 is red (a hand check of one cell against the example)
    assert drawn[(0, 2)][0] == to_rgba(STATUS_COLOURS["red"][0])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [words[s] for s in ("green", "yellow", "red", "not_assessable")]


def test_dashboard_by_unit_with_indicators_in_english(ev):
    ax = ev.plot.dashboard(by="unit", period="2019", indicators=True, lang="en")
    nodes = ev.strategy.nodes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(nodes)
    # each indicator comes right after its first parent's block: i_fa1_* after fa1, before fa2
    ids = []
    for label in labels:
        hit = [i for i in nodes["id"] if label.endswith(f"({i})")]
        ids.append(hit[0] if hit else None)
    fa1, fa2 = labels.index("Näringslivsprogram"), labels.index("Socialt hållbarhetsprogram")
    assert ids[fa1 + 1 : fa2] == ["i_fa1_projekt", "i_fa1_medel", "i_fa1_delegationer"]
    assert ids[-3:] == ["i_kh_utbildade", "i_kh_omvarld", "i_kh_chefer"]
    order = []
    for label, node in zip(labels, ids):
        order.append(
            node if node is not None else nodes.loc[nodes["name"].str.startswith(label.rstrip("…")), "id"].iloc[0]
        )
    assert sorted(order) == sorted(nodes["id"])
    assert len(ax.get_xticklabels()) == len(ev.unit_ids)
    table = ev.table(period="2019").set_index(["node", "unit"])["status"].astype(str)
    drawn = cells(ax)
    assert len(drawn) == len(nodes) * len(ev.unit_ids)
    for y, node in enumerate(order):
        for x, unit in enumerate(ev.unit_ids):
            assert drawn[(x, y)][0] == to_rgba(STATUS_COLOURS[table[(node, unit)]][0]), (node, unit)
    assert "Not applicable" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert ax.get_title(loc="left") == "Status by unit – period 2019"


def test_dashboard_of_one_unit_subtree_and_up_to_a_period(ev):
    ax = ev.plot.dashboard("stadshus", by="unit")
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Gävle Stadshus AB",
        "Gävle Energi AB",
        "AB Gavlegårdarna",
        "Gävle Hamn AB",
    ]
    ax = ev.plot.dashboard("ks", "2019")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017", "2018", "2019"]
    assert "Kommunstyrelsen (ks)" in ax.get_title(loc="left")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"unit": "nowhere"}, r"unit 'nowhere': unknown unit \(units: gavle, ks"),
        ({"period": "2031"}, r"period '2031': unknown period \(periods: 2017, 2018"),
        ({"by": "node"}, r"by='node' \(allowed: 'period', 'unit'\)"),
        ({"lang": "de"}, r"lang 'de': unknown language \(allowed: en, sv\)"),
    ],
)
def test_dashboard_arguments_are_checked(ev, kwargs, match):
    with pytest.raises(sk.ArgumentError, match=match):
        ev.plot.dashboard(**kwargs)


# -- trend --------------------------------------------------------------------------------


def line(ax, gid):
    hits = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    assert len(hits) == 1, gid
    return hits[0]


def test_trend_draws_the_measurements_with_gaps_and_the_target(ev):
    ax = ev.plot.trend("i_fa3_natverk")
    values = line(ax, "values")
    # gavle's own rows: 2017 3, 2018 4, 2020 4; 2019 is only carried forward from 2018, so it is
    # a gap (NaN), never 0; the line joins the years, and the tertials (2020-T1, -T2) have no
    # values, so they draw nothing and are not in the legend
    np.testing.assert_allclose(values.get_xdata(), [2017, 2018, 2019, 2020])
    np.testing.assert_array_equal(values.get_ydata(), [3, 4, np.nan, 4])
    assert not [ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith("values_")]
    target = line(ax, "target")
    assert list(target.get_ydata()) == [5, 5]
    assert list(line(ax, "target_period").get_xydata()[0]) == [2020, 5]
    assert list(line(ax, "baseline").get_xydata()[0]) == [2017, 3]
    assert ax.get_ylabel() == "st"
    # the periods' names do not fit side by side: the years, with a small tick at every period
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017", "2018", "2019", "2020"]
    np.testing.assert_allclose(ax.get_xticks(minor=True), [2019 + 1 / 3, 2019 + 2 / 3])
    # the latest value (2020: 4) in its status colour; the network indicator is yellow then
    latest = [c for c in ax.collections if c.get_gid() == "latest"][0]
    assert list(latest.get_offsets()[0]) == [2020, 4]
    assert tuple(latest.get_facecolors()[0]) == to_rgba(STATUS_COLOURS["yellow"][0])
    # score-band rules work on the score: no thresholds on the value axis
    assert not [ln for ln in ax.get_lines() if ln.get_linestyle() == ":" and ln.get_gid() is None]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Målvärde 5 år 2020" in legend and "Utgångsvärde 3 (2017)" in legend
    assert "Senaste utfall (2020): Delvis uppfyllt" in legend and "Utfall" in legend


def test_trend_thresholds_and_forecast(ev):
    ax = ev.plot.trend("i_fa1_medel", lang="en")
    np.testing.assert_array_equal(line(ax, "values").get_ydata(), [2400, 2900, 3300, 3500])
    # the sdg_dashboard rule's green (4000) and red (2400) thresholds, in the status colours
    dotted = {
        tuple(ln.get_ydata()): ln.get_color()
        for ln in ax.get_lines()
        if ln.get_linestyle() == ":" and ln.get_gid() is None
    }
    assert dotted == {(4000, 4000): STATUS_COLOURS["green"][0], (2400, 2400): STATUS_COLOURS["red"][0]}
    # forecast (CAGR from the baseline 2400 in 2017 to 3500 in 2020): the target 4000 is reached
    # ln(4000/3500)/ln((3500/2400)^(1/3)) = 1.062 years after 2020
    when = 2020 + math.log(4000 / 3500) / math.log((3500 / 2400) ** (1 / 3))
    fc = line(ax, "forecast")
    np.testing.assert_allclose(fc.get_xydata(), [[2020, 3500], [when, 4000]], rtol=1e-6)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Forecast: target reached in 2022" in legend
    assert "Green threshold 4,000" in legend and "Red threshold 2,400" in legend
    assert ax.get_ylabel() == "tkr"


def test_trend_band_and_target_reached(ev):
    ax = ev.plot.trend("i_fa1_delegationer", "gavle")
    band = [p for p in ax.patches if p.get_label().startswith("Bäst inom")]
    assert len(band) == 1
    # the patch's corners in data coordinates on the value axis
    ys = band[0].get_patch_transform().transform(band[0].get_path().vertices)[:, 1]
    assert {round(float(v), 6) for v in ys} == {12.0, 20.0}
    assert band[0].get_label() == "Bäst inom 12–20"
    # i_fa1_projekt reached its target of 6 in 2020: no forecast line
    ax = ev.plot.trend("i_fa1_projekt")
    assert not [ln for ln in ax.get_lines() if ln.get_gid() == "forecast"]


def test_trend_of_a_unit_without_values_says_so(ev):
    # i_fa1_medel is a measure of the whole group: since the example declares it not applicable to
    # the boards, ks has no values and no target for it, so no target line is drawn.
    ax = ev.plot.trend("i_fa1_medel", "ks")
    assert np.isnan(line(ax, "values").get_ydata()).all()
    assert "Inga värden för enheten" in [t.get_text() for t in ax.texts]
    assert not [x for x in ax.get_lines() if x.get_gid() == "target"]


def test_trend_draws_the_units_own_path(ev):
    # the municipality's path of i_fa1_medel: milestones 3000 (2018) and 3500 (2019), final 4000 (2020)
    ax = ev.plot.trend("i_fa1_medel")
    assert list(line(ax, "target").get_ydata()) == [4000, 4000]
    np.testing.assert_allclose(line(ax, "milestones").get_xydata(), [[2018, 3000], [2019, 3500]])
    # a board's own target (by_unit): fa1 projects of Kommunstyrelsen (the example's illustrative path)
    path = ev.target_path("i_fa1_projekt", "ks")
    ax = ev.plot.trend("i_fa1_projekt", "ks")
    final = path[path["kind"] == "target"]["value"].iloc[0]
    assert list(line(ax, "target").get_ydata()) == [final, final]


def test_trend_names_a_bad_indicator(ev):
    with pytest.raises(
        sk.ArgumentError,
        match=r"unknown indicator 'i_nope' \(indicators: i_fa1_projekt, "
        r"i_fa1_medel, .*\(15 in all\)\)",
    ):
        ev.plot.trend("i_nope")
    with pytest.raises(sk.ArgumentError, match=r"'fa1' is a focus_area, not an indicator"):
        ev.plot.trend("fa1")
    with pytest.raises(sk.ArgumentError, match=r"unit 'x': unknown unit"):
        ev.plot.trend("i_fa1_medel", "x")


# -- allocation -------------------------------------------------------------------------------


def test_allocate_focus_areas_returns_an_allocation(allocation):
    assert isinstance(allocation, Allocation)
    assert list(allocation.table.columns) == [
        "focus_area",
        "name",
        "priority",
        "weight",
        "own",
        "external",
        "total",
        "binding",
        "staff_days",
    ]
    assert allocation.plan["budget"] == 2_400_000 and allocation.weighting == "rank_order_centroid"
    assert repr(allocation) == (
        "<styrkort.Allocation of 5 focus areas: own 2,400,000, external 1,450,000, "
        "total 3,850,000; 500 staff days; rank_order_centroid weights>"
    )
    html = allocation._repr_html_()
    assert "<table" in html and "Näringslivsprogram" in html and "1450000" in html.replace(",", "")


def test_allocation_plot_bars_are_the_table(allocation):
    ax = allocation.plot.allocation()
    t = allocation.table.sort_values("priority")
    own, ext = ax.containers[0], ax.containers[1]
    assert [b.get_width() for b in own] == t["own"].tolist()
    assert [b.get_width() for b in ext] == t["external"].tolist()
    assert [b.get_x() for b in ext] == t["own"].tolist()  # stacked after the own money
    assert own[0].get_width() == 1_000_000 and ext[0].get_width() == 450_000  # fa1: its cap, Interreg
    assert to_rgba(own[0].get_facecolor()) == to_rgba(OWN_COLOUR)
    assert to_rgba(ext[0].get_facecolor()) == to_rgba(EXTERNAL_COLOUR)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "1. Näringslivsprogram"
    texts = [x.get_text() for x in ax.texts]
    assert "229 personaldagar" in texts
    # fa5's own 50 000 kr is too narrow to hold its label: it is written after the bar
    assert f"Egna medel 50{NBSP}000 · 20 personaldagar" in texts
    assert ax.get_title(loc="left") == "Förslag till fördelning för 2021"
    assert ax.get_xlabel() == "Egna medel + Extern finansiering (kr)"


def test_budget_split_plot_marks_floors_and_caps():
    areas = pd.DataFrame(
        {"id": ["a", "b", "c"], "weight": [0.5, 0.3, 0.2], "floor": [10, 20, 0], "cap": [40, math.inf, 30]}
    )
    split = split_budget(areas, 100)
    # hand: a would get 50 and is capped at 40; the other 60 go 3:2 to b and c
    assert split.table["amount"].tolist() == pytest.approx([40, 36, 24])
    assert split.limits.to_dict("list") == {
        "focus_area": ["a", "b", "c"],
        "floor": [10, 20, 0],
        "cap": [40, math.inf, 30],
    }
    ax = split.plot.allocation(lang="en")
    assert [b.get_width() for b in ax.containers[0]] == pytest.approx([40, 36, 24])
    marks = {c.get_gid(): c.get_offsets().tolist() for c in ax.collections}
    assert marks == {"floor": [[10, 0], [20, 1]], "cap": [[40, 0], [30, 2]]}  # no floor 0, no infinite cap
    assert "Cap" in [x.get_text() for x in ax.texts]  # a's cap binds
    assert ax.get_xlabel() == "Amount"


# -- missing matplotlib ----------------------------------------------------------------------


def test_missing_matplotlib_names_the_extra(ev, allocation, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    plots = ev.plot  # reaching the plots needs no matplotlib; drawing does
    for draw in (plots.dashboard, lambda: plots.trend("i_fa1_medel"), allocation.plot.allocation):
        with pytest.raises(ImportError, match=r"pip install styrkort\[plot\]"):
            draw()


def test_importing_styrkort_does_not_import_matplotlib():
    code = "import sys, styrkort, styrkort.plotting, styrkort.report; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- pictures -----------------------------------------------------------------------------------


def test_each_plot_saves_as_png(ev, allocation, tmp_path):
    fig, axes = plt.subplots(1, 2, figsize=(14, 4))
    assert ev.plot.trend("i_kh_omvarld", ax=axes[0]) is axes[0]  # draws on the Axes given
    drawings = {
        "dashboard": ev.plot.dashboard(),
        "dashboard_indicators": ev.plot.dashboard(indicators=True, lang="en"),
        "trend": ev.plot.trend("i_fa1_medel"),
        "allocation": allocation.plot.allocation(),
        "split": split_budget(
            pd.DataFrame(
                {
                    "id": ["fa1", "fa2", "fa3"],
                    "weight": [0.6, 0.3, 0.1],
                    "floor": [100, 200, 50],
                    "cap": [500, 400, math.inf],
                }
            ),
            1000,
        ).plot.allocation(),
    }
    for name, ax in drawings.items():
        path = tmp_path / f"{name}.png"
        ax.figure.savefig(path, dpi=80)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000, name
