"""The follow-up report (styrkort.report): content, escaping, languages,
self-containment, missing values, and the proposed allocation and selected
projects."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort.allocation import allocate_focus_areas, select_projects
from styrkort.cli import main
from styrkort.report import LABELS, html_table, render_report, write_report

NOTE = "Illustrativa värden (ej officiell statistik)"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def strategy():
    return sk.examples.gavle_strategy()


@pytest.fixture(scope="module")
def measurements():
    return sk.examples.gavle_measurements()


@pytest.fixture(scope="module")
def ev(strategy, measurements):
    return sk.evaluate(strategy, measurements)


@pytest.fixture(scope="module")
def report_sv(ev):
    return render_report(ev)


@pytest.fixture(scope="module")
def report_en(ev):
    return render_report(ev, lang="en")


def row(doc: str, key: str, attr: str = "data-node") -> str:
    """The first table row whose ``attr`` is ``key``."""
    m = re.search(r"<tr[^>]*\b" + attr + r'="' + re.escape(html.escape(key)) + r'"[^>]*>(.*?)</tr>', doc, re.S)
    assert m, f"no row with {attr}={key!r}"
    return m.group(1)


def cell(fragment: str, cls: str) -> str:
    m = re.search(r'<td class="[^"]*\b' + cls + r'\b[^"]*">(.*?)</td>', fragment, re.S)
    assert m, f"no cell of class {cls!r}"
    return m.group(1)


def text(fragment: str) -> str:
    """The visible text of an HTML fragment."""

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("svg", "style"):
                self.skip += 1

        def handle_endtag(self, tag):
            if tag in ("svg", "style"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    p = P()
    p.feed(fragment)
    return re.sub(r"[ \t\r\n]+", " ", " ".join(p.parts)).strip()  # keeps no-break spaces


def badge_statuses(fragment: str) -> list:
    return re.findall(r'<span class="badge [^"]*" data-status="([^"]*)"(?: title="[^"]*")?>([^<]*)</span>', fragment)


# -- content of the Gävle report ----------------------------------------------------
def test_report_is_one_html_document(report_sv):
    assert report_sv.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in report_sv
    assert report_sv.count("<body>") == 1 and report_sv.rstrip().endswith("</html>")
    assert "@media print" in report_sv and "@page" in report_sv and "break-before: page" in report_sv


def test_header_names_strategy_unit_period_and_notes(report_sv, strategy):
    assert html.escape(strategy.name) in report_sv
    assert html.escape(strategy.organisation) in report_sv
    header = report_sv.split("</header>")[0]
    assert "<dd>Gävle kommun</dd>" in header and "(gavle)" not in report_sv  # names, not ids
    assert "<dd>2020</dd>" in header
    assert re.search(r"<dd>\d{4}-\d{2}-\d{2}</dd>", header)
    # the measurements' notes are shown once, visibly
    note = re.search(r'<aside class="note".*?</aside>', report_sv, re.S)
    assert note and html.escape(NOTE) in note.group(0)
    assert note.group(0).count(html.escape(NOTE)) == 1


def test_every_focus_area_and_indicator_is_named(report_sv, strategy):
    for name in strategy.focus_areas["name"]:
        assert html.escape(name) in report_sv
    for _, ind in strategy.indicators.iterrows():
        r = row(report_sv, ind["id"])
        assert html.escape(ind["name"]) in r
        assert html.escape(ind["unit_of_measure"]) in r


def test_focus_areas_by_priority_with_owner(report_sv, strategy):
    table = re.search(r'<table class="r dash focus">.*?</table>', report_sv, re.S).group(0)
    order = re.findall(r'<tr data-node="([^"]+)"', table)
    assert order == list(strategy.focus_areas["id"]) == ["fa1", "fa2", "fa3", "fa4", "fa5"]
    assert html.escape("Ansvarig för näringslivsprogrammet") in row(table, "fa1")


def current(ev, node, unit="gavle", period="2020"):
    """The evaluation's own row for a node (what the report must show)."""
    return ev.table(unit=unit, period=period, node=node).iloc[0]


def test_fa1_fulfilled_and_fa2_manual_yellow(report_sv, ev):
    fa1 = row(report_sv, "fa1")
    assert current(ev, "fa1")["status"] == "green"
    assert badge_statuses(cell(fa1, "status")) == [("green", "Uppfyllt")]
    assert text(cell(fa1, "score")) == f"{current(ev, 'fa1')['score']:.0f}"
    assert "Manuell" not in fa1

    fa2 = row(report_sv, "fa2")
    statuses = badge_statuses(cell(fa2, "status"))
    assert statuses[0] == ("yellow", "Delvis uppfyllt")
    computed = ev.overrides.set_index("node").loc["fa2", "computed_status"]
    assert computed != "yellow"
    # the computed status beside the manual one
    assert statuses[1:] == [(computed, LABELS["sv"]["status_word"][computed])]
    assert "Manuell bedömning" in fa2 and "Beräknad status" in fa2
    comment = ev.overrides.set_index("node").loc["fa2", "comment"]
    assert html.escape(comment) in fa2


def test_summary_shares(report_sv, ev):
    sm = ev.summary().set_index("kind")
    for kind in sm.index:
        r = row(report_sv, kind, "data-kind")
        for group in ("fulfilled", "partly", "not_fulfilled", "not_assessable"):
            shown = text(re.search(r'data-group="' + group + r'">(.*?)</td>', r).group(1))
            assert shown == f"{100 * sm.loc[kind, group]:.0f}\u00a0%", (kind, group)
    fa = sm.loc["focus_area"]
    n = int(fa["n"])
    c = {g: round(fa[g] * n) for g in ("fulfilled", "partly", "not_fulfilled", "not_assessable")}
    assert n == 5 and c["fulfilled"] >= 1 and c["partly"] >= 1  # fa1 green, fa2 yellow
    assert (
        f"Av 5 fokusområden är {c['fulfilled']} uppfyllda, {c['partly']} delvis uppfyllda, "
        f"{c['not_fulfilled']} ej uppfyllda och {c['not_assessable']} kan ej bedömas."
    ) in report_sv


def test_indicator_row_values(report_sv, ev):
    # i_fa1_medel is measured for the whole municipality in 2017-2020 (2400, 2900, 3300, 3500)
    r = row(report_sv, "i_fa1_medel")
    assert text(cell(r, "baseline")) == "2\u00a0400 2017"
    assert text(cell(r, "target")) == "4\u00a0000 2020"
    assert text(cell(r, "outcome")) == "3\u00a0500 2020"
    assert "Måttenhet: tkr" in cell(r, "ind")
    c = current(ev, "i_fa1_medel")
    assert text(cell(r, "score")) == f"{c['score']:.0f}"
    assert badge_statuses(cell(r, "status")) == [(c["status"], LABELS["sv"]["status_word"][c["status"]])]
    assert f'data-trend="{c["trend"]}"' in r and LABELS["sv"]["trend_word"][c["trend"]] in r
    if c["arrow"] != "not_assessable":
        assert f'data-arrow="{c["arrow"]}"' in r and LABELS["sv"]["arrow_word"][c["arrow"]] in r
    if np.isfinite(c["forecast"]) and c["forecast"] > 2020:
        assert text(cell(r, "forecast")) == str(int(np.ceil(c["forecast"] - 1e-3)))
    # a sparkline of the four values with the target as a dashed line
    svg = cell(r, "chart")
    assert svg.startswith("<svg") and "stroke-dasharray" in svg and svg.count("<circle") == 4
    assert "2017: 2\u00a0400, 2018: 2\u00a0900, 2019: 3\u00a0300, 2020: 3\u00a0500; målvärde 4\u00a0000" in svg
    # decimal comma in Swedish
    assert text(cell(row(report_sv, "i_fa3_ej_stod"), "outcome")).startswith("3,1")


def forecast_strategy():
    """Three indicators from 10 in 2017 toward 20 in 2020: reached, on the way, falling."""
    ind = {
        "kind": "indicator",
        "parents": ["g"],
        "unit_of_measure": "st",
        "direction": "higher_is_better",
        "baseline": {"value": 10, "period": "2017"},
        "target": {"value": 20, "period": "2020"},
        "trend": {"model": "linear"},
    }
    s = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Prognoser",
            "nodes": [
                {"id": "g", "kind": "goal", "name": "G"},
                {**ind, "id": "reached", "name": "Nått"},
                {**ind, "id": "slow", "name": "Långsam"},
                {**ind, "id": "falling", "name": "Fallande"},
            ],
        }
    )
    m = pd.DataFrame(
        {
            "indicator": ["reached"] * 2 + ["slow"] * 2 + ["falling"] * 2,
            "period": ["2017", "2019"] * 3,
            "value": [10, 21, 10, 12, 10, 8],
        }
    )
    return sk.evaluate(s, m)


@pytest.mark.parametrize(
    "lang,reached,pace",
    [("sv", "Målet nått", "Inte i nuvarande takt"), ("en", "Target reached", "Not at the current pace")],
)
def test_forecast_wording(lang, reached, pace):
    ev = forecast_strategy()
    doc = render_report(ev, lang=lang, period="2019")
    t = ev.table(period="2019").set_index("node")
    assert t.loc["reached", "trend"] == "target_achieved"
    assert text(cell(row(doc, "reached"), "forecast")) == reached
    # slow: +1 a year from 12 in 2019 reaches 20 in 2027
    assert t.loc["slow", "forecast"] == pytest.approx(2027.0)
    assert text(cell(row(doc, "slow"), "forecast")) == "2027"
    assert t.loc["falling", "trend"] == "deterioration"
    assert text(cell(row(doc, "falling"), "forecast")) == pace


def test_carried_forward_value_names_its_period(ev):
    # i_fa3_natverk has no 2019 value; the engine carries 2018's forward one year
    r = row(render_report(ev, period="2019"), "i_fa3_natverk")
    assert text(cell(r, "outcome")) == "4 2018, överfört till 2019"
    assert cell(r, "chart").count("<circle") == 2  # only the observations are drawn


def test_indicator_grouped_under_parent(report_sv):
    sections = re.split(r'<div class="group-head"', report_sv)
    fa1 = next(s for s in sections if s.startswith(' data-group="fa1"'))
    assert 'data-node="i_fa1_projekt"' in fa1 and 'data-node="i_fa2_projekt"' not in fa1
    assert "Fokusområde 1: Näringslivsprogram" in fa1


def test_activities_by_status(report_sv, strategy):
    acts = strategy.activities
    for (year, fa), g in acts.groupby(["year", "focus_area"]):
        r = re.search(
            r'<tr class="" data-year="' + str(year) + '" data-focus-area="' + fa + r'">(.*?)</tr>', report_sv, re.S
        )
        assert r, (year, fa)
        for status in ["not_started", "started", "completed", "delayed", "cancelled"]:
            got = re.search(r'data-status="' + status + r'">(\d+)</td>', r.group(1)).group(1)
            assert int(got) == int((g["status"] == status).sum()), (year, fa, status)
        assert re.search(r'<td class="num">(\d+)</td>', r.group(1)).group(1) == str(len(g))
    total = re.search(r'<tr class="tot">(.*?)</tr>', report_sv, re.S).group(1)
    assert f'<td class="num">{len(acts)}</td>' in total
    # the activity table: name, means, owner, planned and spent cost and hours, status
    a = row(report_sv, "a2020_fa4_2", "data-activity")
    assert "Erasmus+-mobilitet för elever" in a and "Projekt" in a and "Utbildningsförvaltningen" in a
    assert "250\u00a0000" in a and "30\u00a0000" in a and "300" in a and "60" in a
    assert badge_statuses(a) == [("delayed", "Försenad")]


def test_period_and_unit_options(ev):
    doc = render_report(ev, period="2019", unit="ks", title="Delrapport")
    assert "<h1>Delrapport</h1>" in doc
    assert "<dd>Kommunstyrelsen</dd>" in doc and "<dd>2019</dd>" in doc
    assert "a2020_" not in doc  # later action plans are left out
    assert "a2019_fa1_1" in doc and "a2018_fa4_1" not in doc  # another unit's activity


# -- escaping ----------------------------------------------------------------------
def test_user_text_is_escaped(strategy, measurements):
    d = strategy.to_dict()
    for n in d["nodes"]:
        if n["id"] in ("fa1", "i_fa1_medel"):
            n["name"] = SCRIPT
        if n["id"] == "fa2":
            n["owner"] = '"><img src=x onerror=alert(2)>'
    d["assessments"][0]["comment"] = "<b>fet</b> & " + SCRIPT
    d["activities"][0]["name"] = SCRIPT
    d["organisation"] = SCRIPT
    s = sk.Strategy.from_dict(d)
    frame = measurements.frame.copy()
    frame["note"] = np.where(frame["indicator"] == "i_fa1_medel", SCRIPT, frame["note"])
    ev = sk.evaluate(s, frame)
    for doc in (render_report(ev), render_report(ev, lang="en", title=SCRIPT)):
        assert "<script" not in doc.lower()
        assert "<img" not in doc and "<b>fet</b>" not in doc
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
        assert "&lt;b&gt;fet&lt;/b&gt; &amp; " in doc
        assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in doc
        assert "&lt;script&gt;" in row(doc, "fa1")


def test_html_table_escapes_and_colours():
    df = pd.DataFrame(
        {
            "<th>": ["<script>x</script>", "a&b", None],
            "status": ["green", "not_assessable", "<i>"],
            "value": [1.0, np.nan, 1234.5678],
        }
    )
    out = html_table(df)
    assert "<script" not in out and "<th>" not in out.replace("<th style", "")
    assert "&lt;th&gt;" in out and "&lt;script&gt;x&lt;/script&gt;" in out and "a&amp;b" in out
    assert "&lt;i&gt;" in out and "<i>" not in out
    # status cells are coloured and keep the word
    assert re.search(r'<td style="[^"]*background:#2e7d32[^"]*">green</td>', out)
    assert re.search(r'<td style="[^"]*background:[^"]*">not_assessable</td>', out)
    # missing as a dash, never 0 or nan
    assert "nan" not in out.lower().replace("not_assessable", "")
    assert out.count("–") == 2
    assert ">1<" in out and ">1234.6<" in out


def test_html_table_rows_and_index():
    df = pd.DataFrame({"x": range(10)}, index=[f"r{i}" for i in range(10)])
    out = html_table(df, max_rows=3)
    assert out.count("<tr>") == 1 + 3 and "7 more rows" in out and "r2" in out and "r3" not in out
    assert html_table(df, max_rows=None).count("<tr>") == 11
    with pytest.raises(sk.ArgumentError):
        html_table([1, 2])


def test_repr_html_uses_table(ev, strategy, measurements):
    for obj in (ev, strategy, measurements):
        out = obj._repr_html_()
        assert "<table" in out and "<script" not in out


# -- languages ---------------------------------------------------------------------
def test_english_labels(report_en):
    assert '<html lang="en">' in report_en
    for word in (
        "Goal fulfilment",
        "Focus area",
        "Indicator",
        "Outcome",
        "Target",
        "Baseline",
        "Trend",
        "Forecast",
        "Action plan",
        "Activities",
    ):
        assert word in report_en, word
    for word in ("Måluppfyllelse", "Fokusområde", "Utfall", "Målvärde", "Handlingsplan"):
        assert word not in report_en, word
    assert badge_statuses(cell(row(report_en, "fa1"), "status")) == [("green", "Fulfilled")]
    assert badge_statuses(cell(row(report_en, "fa2"), "status"))[0] == ("yellow", "Partly fulfilled")
    assert text(cell(row(report_en, "i_fa1_medel"), "outcome")) == "3,500 2020"


def test_label_dicts_have_the_same_keys():
    def keys(d, prefix=""):
        out = set()
        for k, v in d.items():
            out.add(prefix + k)
            if isinstance(v, dict):
                out |= keys(v, prefix + k + ".")
        return out

    assert keys(LABELS["sv"]) == keys(LABELS["en"])
    for lang in LABELS:
        assert LABELS[lang]["fulfilled"] and LABELS[lang]["status_word"]["green"]
    assert LABELS["sv"]["status_word"]["green"] == "Uppfyllt"
    assert LABELS["sv"]["not_assessable"] == "Kan ej bedömas"


def test_bad_arguments(ev, tmp_path):
    with pytest.raises(sk.ArgumentError, match="language"):
        render_report(ev, lang="de")
    with pytest.raises(sk.ArgumentError, match="unit"):
        render_report(ev, unit="nowhere")
    with pytest.raises(sk.ArgumentError, match="period"):
        render_report(ev, period="1999")
    with pytest.raises(sk.ArgumentError):
        render_report("not an evaluation")
    with pytest.raises(sk.ArgumentError, match="directory"):
        write_report(ev, tmp_path)


# -- self-contained ----------------------------------------------------------------
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_network_resources_or_scripts(ev, lang):
    doc = render_report(ev, lang=lang)
    assert "http://" not in doc and "https://" not in doc
    low = doc.lower()
    assert "<link" not in low and "<script" not in low and "<img" not in low and "<iframe" not in low
    assert "src=" not in low and "@import" not in low and "url(" not in low
    assert "<svg" in low and "xmlns" not in low  # inline SVG needs no namespace URL


def test_write_report(ev, tmp_path):
    p = write_report(ev, tmp_path / "rapport.html", lang="sv")
    assert p == tmp_path / "rapport.html"
    data = p.read_bytes()
    assert data.decode("utf-8") == data.decode("utf-8")  # valid UTF-8
    assert "Måluppfyllelse" in data.decode("utf-8") and b"\r\n" not in data


# -- missing values ----------------------------------------------------------------
def test_not_assessable_indicator_is_not_zero(strategy, measurements):
    frame = measurements.frame[measurements.frame["indicator"] != "i_fa5_vanort"]
    ev = sk.evaluate(strategy, frame)
    assert ev.table(unit="gavle", period="2020", node="i_fa5_vanort")["status"].iloc[0] == "not_assessable"
    for lang, state, word in (("sv", "saknas", "Kan ej bedömas"), ("en", "missing", "Not assessable")):
        r = row(render_report(ev, lang=lang), "i_fa5_vanort")
        outcome, score = text(cell(r, "outcome")), text(cell(r, "score"))
        assert outcome == f"– {state}"
        assert score.startswith("–") and word in score
        assert "0" not in outcome and "0" not in score
        assert badge_statuses(cell(r, "status")) == [("not_assessable", word)]
        assert text(cell(r, "forecast")) == "–" and "<svg" not in cell(r, "chart")
        # the baseline and target are still shown
        assert text(cell(r, "baseline")) == "6 2017" and text(cell(r, "target")) == "10 2020"


def test_not_applicable_focus_area(ev):
    # fa4 and fa5 do not apply to Gävle Stadshus AB: left out of its report, and named
    assert ev.table(unit="stadshus", period="2020", node="fa4")["status"].iloc[0] == "not_applicable"
    doc = render_report(ev, unit="stadshus")
    assert 'data-node="fa4"' not in doc and 'data-summary-node="fa4"' not in doc
    line = text(re.search(r'<p class="small left-out">.*?</p>', doc, re.S).group(0))
    assert line.startswith("Visas inte för Gävle Stadshus AB: gäller inte enheten – ")
    assert "Utbildning" in line and "Övriga insatser" in line


def test_small_strategy_without_focus_areas_or_activities():
    s = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Liten",
            "nodes": [
                {"id": "g", "kind": "goal", "name": "G"},
                {"id": "i", "kind": "indicator", "name": "I", "parents": ["g"], "bounds": {"worst": 0, "best": 10}},
                {"id": "j", "kind": "indicator", "name": "J", "parents": ["g"], "bounds": {"worst": 0, "best": 10}},
            ],
        }
    )
    ev = sk.evaluate(s, pd.DataFrame({"indicator": ["i"], "period": ["2020"], "value": [0.0]}))
    doc = render_report(ev)
    # sections the strategy has nothing for are left out; one period: no charts
    assert 'id="focus-areas"' not in doc and 'id="action-plan"' not in doc and 'class="spark"' not in doc
    assert 'id="goals"' in doc and 'id="indicators"' in doc
    # a measured 0 is a 0; a missing value is not
    i, j = row(doc, "i"), row(doc, "j")
    assert text(cell(i, "outcome")) == "0 2020" and text(cell(i, "score")) == "0"
    assert text(cell(j, "outcome")) == "– saknas" and text(cell(j, "score")) == "– Kan ej bedömas"
    assert text(cell(i, "baseline")) == "–" and text(cell(i, "target")) == "–"
    assert text(cell(i, "forecast")) == "–"
    assert text(row(doc, "indicator", "data-kind")).split(" ")[-2:] == ["50\u00a0%", "50\u00a0%"]


# -- proposed allocation and selected projects ---------------------------------------
NBSP = "\u00a0"


def sv_amount(x: float) -> str:
    """An amount as the Swedish report writes it: no decimals, no-break space between thousands."""
    return f"{x:,.0f}".replace(",", NBSP)


def section(doc: str, anchor: str) -> str:
    m = re.search(r'<section id="' + anchor + r'"[^>]*>.*?</section>', doc, re.S)
    assert m, f"no section {anchor!r}"
    return m.group(0)


def named_selection(projects, budget, hours=None, **kw):
    """select_projects takes no name column: select, then put the names back (as the CLI does)."""
    sel = select_projects(projects.drop(columns=["name"]), budget, hours=hours, **kw)
    sel.table["name"] = projects["name"].to_numpy()
    return sel


@pytest.fixture(scope="module")
def plan():
    return sk.examples.gavle_allocation()


@pytest.fixture(scope="module")
def allocation(strategy, plan):
    return allocate_focus_areas(strategy, plan).table


@pytest.fixture(scope="module")
def projects():
    return sk.examples.gavle_projects()


@pytest.fixture(scope="module")
def embedded_report(tmp_path_factory):
    """The report of the embedded example as the command line writes it."""
    out = tmp_path_factory.mktemp("report") / "gavle.html"
    assert main(["report", "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_gavle_projects_example(projects):
    assert len(projects) >= 12 and projects["id"].is_unique
    assert set(projects["focus_area"]) == {"fa1", "fa2", "fa3", "fa4", "fa5"}
    assert projects["must"].dtype == bool and projects["never"].dtype == bool
    assert projects["must"].sum() == 1 and projects["never"].sum() == 1
    assert projects["value"].between(1, 10).all() and (projects["cost"] > 0).all()
    assert projects["rate"].between(0, 1, inclusive="left").all()
    # external funding is the co-financing of the own money: e = c·r/(1 − r)
    expected = projects["cost"] * projects["rate"] / (1 - projects["rate"])
    assert np.allclose(projects["external"], expected)
    assert "illustrativa" in projects.attrs["note"]


def test_embedded_report_has_allocation_and_projects(embedded_report, allocation, projects, plan):
    doc = embedded_report
    toc = re.search(r'<nav class="toc">.*?</nav>', doc, re.S).group(0)
    assert "Förslag till fördelning" in toc and "Valda projekt" in toc
    alloc = section(doc, "allocation")
    # the five focus areas in priority order with own money, external funding, total and staff days
    assert re.findall(r'<tr data-focus-area="([^"]+)"', alloc) == ["fa1", "fa2", "fa3", "fa4", "fa5"]
    for rec in allocation.to_dict("records"):
        r = row(alloc, rec["focus_area"], "data-focus-area")
        for c in ("own", "external", "total"):
            assert text(cell(r, c)) == sv_amount(rec[c]), (rec["focus_area"], c)
        assert text(cell(r, "staff-days")) == str(rec["staff_days"])
        assert "<svg" in r and html.escape(rec["name"]) in r
    # fa1 gets its cap of 1 000 000 kr, matched by 450 000 kr from Interreg
    fa1 = row(alloc, "fa1", "data-focus-area")
    assert text(cell(fa1, "own")) == "1\u00a0000\u00a0000" and text(cell(fa1, "external")) == "450\u00a0000"
    assert 'data-binding="cap">Tak' in fa1 and "Interreg Botnia-Atlantica (projekt) (50\u00a0%)" in fa1
    assert text(cell(fa1, "weight")) == "46\u00a0%"
    assert f"Egna medel på {sv_amount(plan['budget'])}{NBSP}kr" in alloc
    assert html.escape(plan["note"]) in alloc

    proj = section(doc, "projects")
    # the embedded projects budget: the own money the split matches with co-financing,
    # 450 000 + 300 000 + 200 000 + 100 000 kr, and 500 staff days × 8 hours
    sel = named_selection(projects, 1_050_000, hours=4_000)
    assert sel.proven_optimal and sel.selected
    chosen = re.findall(r'<tr data-project="([^"]+)"', proj)
    assert sorted(chosen) == sorted(sel.selected)
    for pid, name in zip(projects["id"], projects["name"]):
        if pid in sel.selected:
            assert html.escape(name) in row(proj, pid, "data-project")
    assert "p15" not in chosen  # never
    assert "p01" in chosen and "måste med" in row(proj, "p01", "data-project")  # must
    money = row(proj, "money", "data-resource")
    assert text(cell(money, "used")) == sv_amount(sel.cost)
    assert text(cell(money, "limit")) == "1\u00a0050\u00a0000"
    assert text(cell(row(proj, "hours", "data-resource"), "limit")) == "4\u00a0000"
    assert 'data-proven="true"' in proj and "bevisat optimalt" in proj
    assert html.escape(projects.attrs["note"]) in doc
    assert "<script" not in doc.lower()


def test_cli_names_the_projects_budget(tmp_path, capsys):
    # the summary speaks the report's language: Swedish by default, English with --lang en
    assert main(["report", "--out", str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert "inom 1\u00a0050\u00a0000 i egna medel och 4\u00a0000 personaltimmar (bevisat optimalt)" in out
    assert main(["report", "--out", str(tmp_path / "r.html"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "under 1,050,000 own money and 4,000 staff hours (proven optimal)" in out


def test_allocation_section_escapes_user_text(ev, allocation, projects, plan):
    p = projects.copy()
    p.attrs = {"note": "<b>påhittat</b>"}
    p.loc[p["id"] == "p01", "name"] = SCRIPT  # p01 must be selected
    sel = named_selection(p, 1_050_000, hours=4_000)
    assert "p01" in sel.selected
    bad_plan = {
        **plan,
        "note": SCRIPT,
        "currency": "<i>kr</i>",
        "focus_areas": [
            {**a, "grants": [{**g, "id": '"><img src=x>'} for g in a["grants"]]} for a in plan["focus_areas"]
        ],
    }
    a = allocation.copy()
    a.loc[a["focus_area"] == "fa2", "name"] = SCRIPT
    for lang in ("sv", "en"):
        doc = render_report(ev, lang=lang, allocation=a, plan=bad_plan, selection=sel, projects_budget=1_050_000)
        low = doc.lower()
        assert "<script" not in low and "<img" not in low and "<i>" not in low and "<b>" not in low
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row(section(doc, "projects"), "p01", "data-project")
        assert "&lt;script&gt;" in row(section(doc, "allocation"), "fa2", "data-focus-area")
        assert "&quot;&gt;&lt;img src=x&gt;" in doc and "&lt;b&gt;påhittat&lt;/b&gt;" in doc


def test_allocation_section_in_english(ev, allocation, projects, plan):
    sel = named_selection(projects, 1_050_000, hours=4_000)
    doc = render_report(
        ev, lang="en", allocation=allocation, plan=plan, selection=sel, projects_budget=1_050_000, projects_hours=4_000
    )
    alloc, proj = section(doc, "allocation"), section(doc, "projects")
    for word in (
        "Proposed allocation",
        "Priority",
        "Weight",
        "Own money (kr)",
        "External funding (kr)",
        "Total activity (kr)",
        "Binding limit",
        "Staff days",
        "Cap",
        "Floor",
        "rank-order centroid",
    ):
        assert word in alloc, word
    for word in (
        "Selected projects",
        "Project",
        "Hours",
        "Value",
        "Budget",
        "Left",
        "Staff hours",
        "must",
        "proven optimal",
        "Proposals not selected",
        "excluded",
    ):
        assert word in proj, word
    for word in (
        "Förslag till fördelning",
        "Egna medel",
        "Extern finansiering",
        "Personaldagar",
        "Valda projekt",
        "Värde",
        "Kvar",
        "Golv",
        "Tak<",
        "måste med",
        "bevisat",
    ):
        assert word not in alloc + proj, word
    assert text(cell(row(alloc, "fa1", "data-focus-area"), "own")) == "1,000,000"


def test_allocation_sections_absent_when_not_given(report_sv, report_en, ev, allocation, projects, strategy):
    for doc in (report_sv, report_en):
        assert 'id="allocation"' not in doc and 'id="projects"' not in doc
        assert "Förslag till fördelning" not in doc and "Proposed allocation" not in doc
        assert "Valda projekt" not in doc and "Selected projects" not in doc
    only_split = render_report(ev, allocation=allocation)
    assert 'id="allocation"' in only_split and 'id="projects"' not in only_split
    # the Allocation result itself brings its plan: the plan's note and year appear, as with plan=
    result = allocate_focus_areas(strategy, sk.examples.gavle_allocation())
    from_result = section(render_report(ev, allocation=result), "allocation")
    assert from_result == section(render_report(ev, allocation=result.table, plan=result.plan), "allocation")
    assert "för 2021" in from_result and html.escape(result.plan["note"]) in from_result
    only_projects = render_report(ev, selection=named_selection(projects, 500_000))
    assert 'id="allocation"' not in only_projects and 'id="projects"' in only_projects
    # without the budgets the section says there is no limit
    assert "ingen gräns" in row(section(only_projects, "projects"), "hours", "data-resource")


def test_selection_not_proven_optimal(ev, projects):
    greedy = named_selection(projects, 1_050_000, hours=4_000, method="greedy")
    assert not greedy.proven_optimal and greedy.gap > 0
    proj = section(render_report(ev, selection=greedy, projects_budget=1_050_000, projects_hours=4_000), "projects")
    assert 'data-proven="false"' in proj and "inte bevisat optimalt" in proj
    gap = f"{greedy.gap:.2f}".replace(".", ",")  # 2,62 (the LP bound 52,62 against the value 50)
    assert f"gap {gap}" in proj and "girig" in proj


def test_allocation_arguments_are_checked(ev, allocation):
    with pytest.raises(sk.ArgumentError, match="allocate_focus_areas"):
        render_report(ev, allocation={"fa1": 1})
    with pytest.raises(sk.ArgumentError, match="'own'"):
        render_report(ev, allocation=allocation.drop(columns=["own"]))
    with pytest.raises(sk.ArgumentError, match="select_projects"):
        render_report(ev, selection=pd.DataFrame({"id": ["a"]}))
    with pytest.raises(sk.ArgumentError, match="projects_budget"):
        render_report(ev, projects_budget=-1)


def test_cli_report_with_plan_and_projects(tmp_path, capsys, strategy):
    sp, mp = sk.examples.path("gavle/strategy.json"), sk.examples.path("gavle/measurements.csv")
    plan, projects = tmp_path / "plan.json", tmp_path / "projects.csv"
    plan.write_text(sk.examples.path("gavle/allocation.json").read_text(encoding="utf-8"), encoding="utf-8")
    csv = sk.examples.path("gavle/projects.csv").read_text(encoding="utf-8")
    projects.write_text(csv.replace("Nordplus: språkutbyte", "Nordplus <script>"), encoding="utf-8")
    out = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                str(sp),
                str(mp),
                "--out",
                str(out),
                "--plan",
                str(plan),
                "--projects",
                str(projects),
                "--projects-budget",
                "600000",
                "--projects-hours",
                "2000",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    doc = out.read_text(encoding="utf-8")
    assert 'id="allocation"' in doc and 'id="projects"' in doc and "<script" not in doc.lower()
    proj = section(doc, "projects")
    assert text(cell(row(proj, "money", "data-resource"), "limit")) == "600,000"
    assert text(cell(row(proj, "hours", "data-resource"), "limit")) == "2,000"
    # without a plan and without a projects budget: one line, exit 1
    capsys.readouterr()
    assert main(["report", str(sp), str(mp), "--out", str(out), "--projects", str(projects)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--projects-budget" in err
    # the output never overwrites the plan or the projects
    for target in (plan, projects):
        before = target.read_bytes()
        assert main(["report", "--out", str(target.with_suffix(".html")), "--plan", str(plan)]) == 0
        assert (
            main(["report", str(sp), str(mp), "--out", str(target), "--plan", str(plan), "--projects", str(projects)])
            == 1
        )
        assert target.read_bytes() == before
    # an unknown focus area names the row and the item
    projects.write_text(csv.replace(",fa5,60000", ",fa9,60000"), encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "--out", str(out), "--projects", str(projects)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "(p14)" in err and "'fa9'" in err and "Traceback" not in err
