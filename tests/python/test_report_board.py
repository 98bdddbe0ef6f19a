"""The board report a politician reads in five minutes (issue 10): the first
page's summary, names instead of ids, why each colour (in the report's
language), only what concerns the unit and period, and Swedish that reads
right. The browser and PDF checks of the same are in test_report_browser.py."""

from __future__ import annotations

import datetime as dt
import html
import re

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort._display.numbers import month_name
from styrkort.cli import main
from styrkort.errors import ArgumentError
from styrkort.funds import Funds
from styrkort.report import LABELS, build, render_report
from styrkort.report._reasons import Explainer, previous_period

SV = LABELS["sv"]


def section(doc: str, sid: str) -> str:
    m = re.search(r'<section id="' + sid + r'"[^>]*>.*?</section>', doc, re.S)
    assert m, f"no section {sid!r}"
    return m.group(0)


def text(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, spaces collapsed, SVG left out)."""
    fragment = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", fragment, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def summary_rows(doc: str) -> dict:
    """The board summary's rows by node id, in order."""
    board = section(doc, "board-summary")
    return {m.group(1): m.group(2) for m in re.finditer(r'<tr data-summary-node="([^"]+)">(.*?)</tr>', board, re.S)}


@pytest.fixture(scope="module")
def ev():
    return sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


@pytest.fixture(scope="module")
def doc(ev):
    return render_report(ev)


# -- 1. the first page ---------------------------------------------------------------
def test_the_summary_comes_first(doc):
    body = doc.split("<body>", 1)[1]
    sections = re.findall(r'<section id="([^"]+)"', body)
    assert sections[:2] == ["board-summary", "summary"]
    # right after the title block: nothing but the header (and its notes) before it
    before = body.split('<section id="board-summary"')[0]
    assert "<header" in before and "<table" not in before and "<nav" not in before
    board = section(doc, "board-summary")
    assert "<h2>Sammanfattning</h2>" in board


def test_every_focus_area_in_priority_order_with_its_status(doc, ev):
    rows = summary_rows(doc)
    assert list(rows) == ["fa1", "fa2", "fa3", "fa4", "fa5"]
    t = ev.table(unit="gavle", period="2020").set_index("node")
    for node, row in rows.items():
        status = re.search(r'data-status="([^"]+)"', row).group(1)
        assert status == t.loc[node, "status"], node
    assert text(rows["fa1"]).startswith("1 Näringslivsprogram Uppfyllt")


def test_change_since_the_previous_year(doc, ev):
    # by hand from the evaluation: 2019 -> 2020 (2019 is the year before; the tertials are another kind)
    assert previous_period(ev, "2020") == "2019" and previous_period(ev, "2020-T2") == "2020-T1"
    assert previous_period(ev, "2017") is None
    t = ev.table(unit="gavle").set_index(["node", "period"])
    assert [t.loc[(n, "2019"), "status"] for n in ("fa1", "fa2", "fa3", "fa4", "fa5")] == [
        "yellow",
        "green",
        "yellow",
        "green",
        "green",
    ]
    rows = summary_rows(doc)
    change = {n: re.search(r'data-change="([^"]+)"', r).group(1) for n, r in rows.items()}
    assert change == {"fa1": "better", "fa2": "worse", "fa3": "same", "fa4": "same", "fa5": "same"}
    cell = {n: text(re.search(r'<td class="change".*?</td>', r, re.S).group(0)) for n, r in rows.items()}
    assert cell["fa1"] == "↑ Bättre 2019: Delvis uppfyllt"
    assert cell["fa2"] == "↓ Sämre 2019: Uppfyllt"  # the manual yellow against a green
    # the same colour: the scores (fa3 86.8 -> 87.8, fa4 100 -> 79, fa5 73.3 -> 55.4)
    assert cell["fa3"] == "→ Samma status Poäng 87 → 88"
    assert cell["fa4"] == "→ Samma status Poäng 100 → 79"
    assert cell["fa5"] == "→ Samma status Poäng 73 → 55"
    assert "Jämfört med 2019" in section(doc, "board-summary")


def test_the_indicators_that_decided(doc, ev):
    decided = {
        n: re.findall(r'<li data-node="([^"]+)">', re.search(r'<td class="decided">.*?</td>', r, re.S).group(0))
        for n, r in summary_rows(doc).items()
    }
    # by hand from the evaluation of 2020 (share_green, at least half green):
    # fa1 green: its green indicators, best first (projekt 100, delegationer 87.5; medel is yellow)
    # fa2 (computed red): the worst first: deltagare red (22), projekt orange (33)
    # fa3 yellow: the non-green ones, lowest score first: natverk 66.7, ej_stod 96.8 (both yellow)
    # fa4, fa5 green: their one green indicator (skolor 98; foreningar 85.7, vanort is red)
    assert decided == {
        "fa1": ["i_fa1_projekt", "i_fa1_delegationer"],
        "fa2": ["i_fa2_deltagare", "i_fa2_projekt"],
        "fa3": ["i_fa3_natverk", "i_fa3_ej_stod"],
        "fa4": ["i_fa4_skolor"],
        "fa5": ["i_fa5_foreningar"],
    }
    t = ev.table(unit="gavle", period="2020").set_index("node")
    assert [t.loc[n, "status"] for n in ("i_fa3_natverk", "i_fa3_ej_stod")] == ["yellow", "yellow"]
    assert t.loc["i_fa3_natverk", "score"] < t.loc["i_fa3_ej_stod", "score"]
    fa2 = text(summary_rows(doc)["fa2"])
    # each with its outcome, target and reason
    assert "Ej uppfyllt Antal deltagare i internationella erfarenhetsutbyten inom social hållbarhet" in fa2
    assert "22\u00a0st, mål 80. Värdet 22 är sämre än gränsen för ej uppfyllt, 40." in fa2
    assert "3\u00a0st, mål 5. Poäng 33 av 100; i liten grad uppfyllt från 25, delvis uppfyllt från 50." in fa2
    # the rule of the choice is said
    assert SV["decided_rule"] in text(section(doc, "board-summary"))


def test_the_summary_states_the_rule_and_the_counts(doc):
    board = text(section(doc, "board-summary"))
    assert "Av 5 fokusområden är 3 uppfyllda, 2 delvis uppfyllda, 0 ej uppfyllda och 0 kan ej bedömas." in board
    assert (
        "Så bedöms statusen: Uppfyllt när minst hälften av indikatorerna är uppfyllda, delvis uppfyllt när minst "
        "en fjärdedel är minst delvis uppfyllda, annars ej uppfyllt. Kan inte bedömas om färre än hälften av "
        "indikatorerna har värden."
    ) in board
    assert board.count("Så bedöms statusen") == 1


def test_summary_warnings_are_about_what_it_shows(tmp_path):
    """A strategy of one's own: warnings of the summary's focus areas and their
    parts, in words with names; not those of a goal the page does not show."""
    ev = sk.evaluate(own_strategy(), own_measurements())
    doc = render_report(ev)
    board = section(doc, "board-summary")
    warnings = re.findall(r'<li data-code="([^"]+)">([^<]*)</li>', board)
    assert warnings == [
        ("missing_target", "Vänortsbesök har varken mål, gränsvärden eller angiven normalisering och kan inte bedömas.")
    ]
    # the goal's low coverage is in the detail, not on the first page
    detail = re.findall(r'<li data-code="([^"]+)">([^<]*)</li>', section(doc, "summary"))
    assert (
        "low_coverage",
        "Statusen för Sandvik är en öppen och internationell kommun bygger på bara 60\u00a0% av indikatorerna.",
    ) in detail
    assert "low_coverage" not in [c for c, _ in warnings]
    # a focus area that cannot be assessed says why and which parts have no score
    row = text(summary_rows(doc)["fa_turism"])
    assert "Kan ej bedömas Bara 1 av 3 indikatorer har värden (33\u00a0%); minst 50\u00a0% krävs." in row
    assert "Saknar poäng: Aktiva nätverk inom besöksnäringen, Vänortsbesök" in row
    assert "Kan ej jämföras 2022: Delvis uppfyllt" in row


def test_summary_of_a_strategy_without_focus_areas():
    s = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Liten",
            "nodes": [
                {"id": "g", "kind": "goal", "name": "Ett mål"},
                {"id": "i", "kind": "indicator", "name": "En", "parents": ["g"], "bounds": {"worst": 0, "best": 10}},
            ],
        }
    )
    doc = render_report(sk.evaluate(s, pd.DataFrame({"indicator": ["i"], "period": ["2020"], "value": [8.0]})))
    rows = summary_rows(doc)
    assert list(rows) == ["g"]
    assert text(rows["g"]).startswith("Ett mål Uppfyllt")
    assert 'data-change="first"' in rows["g"] and "Första uppföljningen" in rows["g"]


# -- 2. names, not ids ------------------------------------------------------------
def ids_of(strategy) -> set:
    return set(strategy.nodes["id"]) | set(strategy.units["id"]) | set(strategy.activities["id"])


def test_no_id_in_the_visible_text_unless_asked(ev, tmp_path):
    s = ev.strategy
    funds = sk.examples.gavle_funds(s)
    projects = sk.examples.gavle_projects()
    ids = ids_of(s) | set(funds.table["id"]) | set(projects["id"])
    labels = " ".join(str(v) for v in SV.values())  # an id that is also a word of the report ("vision")
    words = {i for i in ids if not re.search(rf"\b{re.escape(i)}\b", labels)}
    assert {"fa1", "gavle", "ks", "i_fa1_projekt", "a2020_fa4_2", "f01"} <= words

    def visible(doc):
        return text(doc.split("<body>", 1)[1])

    out = tmp_path / "r.html"
    assert main(["report", "--out", str(out)]) == 0
    shown = visible(out.read_text(encoding="utf-8"))
    assert [i for i in sorted(words) if re.search(rf"\b{re.escape(i)}\b", shown)] == []
    assert "Gävle kommun" in shown and "Näringslivsprogram" in shown
    # the ids stay in the attributes
    doc = out.read_text(encoding="utf-8")
    assert 'data-node="fa1"' in doc and 'data-activity="a2020_fa4_2"' in doc and 'data-fund="f01"' in doc
    # --show-ids brings them back
    assert main(["report", "--out", str(out), "--show-ids"]) == 0
    with_ids = visible(out.read_text(encoding="utf-8"))
    for i in ("fa1", "i_fa1_projekt", "a2020_fa4_2", "f01", "p02"):
        assert re.search(rf"\b{i}\b", with_ids), i
    assert "Gävle kommun (gavle)" in with_ids


def test_show_ids_in_the_api(ev):
    r = build()
    default, analyst = r.render(), r.render(show_ids=True)
    assert '<span class="id">' not in default and '<span class="id">fa1</span>' in analyst
    assert render_report(ev, show_ids=True).count('<span class="id">i_fa2_projekt</span>') >= 1
    assert "<dd>Gävle kommun (gavle)</dd>" in analyst and "<dd>Gävle kommun</dd>" in default


# -- 3. why this colour -----------------------------------------------------------
def test_every_badge_has_its_reason_in_swedish(doc, ev):
    t = ev.table(unit="gavle", period="2020").set_index("node")
    for node in t.index:
        m = re.search(r'<tr data-node="' + node + r'">.*?<td class="status">(.*?)</td>', doc, re.S)
        assert m, node
        reasons = re.findall(r'<span class="reason">([^<]*)</span>', m.group(1))
        assert reasons and all(reasons), node
        # no English of the engine in a Swedish report
        assert t.loc[node, "reason"] not in doc, node

    # by hand
    def reason(node):
        m = re.search(r'<tr data-node="' + node + r'">.*?<span class="reason">([^<]*)</span>', doc, re.S)
        return html.unescape(m.group(1))

    assert reason("i_fa1_projekt") == "Poäng 100 av 100; uppfyllt från 75."
    assert reason("i_fa5_vanort") == "Poäng 25 av 100, under 30."  # its own bands: 70/50/30
    assert reason("i_fa4_erasmus") == "Poäng 60 av 100; delvis uppfyllt från 50, uppfyllt från 75."
    assert reason("i_fa1_medel") == (
        "Värdet 3\u00a0500 ligger mellan gränserna 2\u00a0400 och 4\u00a0000, på den bättre sidan av mitten 3\u00a0200."
    )
    assert reason("i_fa3_ej_stod") == ("Värdet 3,1 ligger mellan gränserna 8 och 3, på den bättre sidan av mitten 5,5.")
    assert reason("i_fa2_deltagare") == "Värdet 22 är sämre än gränsen för ej uppfyllt, 40."
    assert reason("fa1") == "Uppfyllda: 2 av 3 indikatorer (67\u00a0%); uppfyllt från 50\u00a0%."
    assert reason("mal_int") == "Uppfyllda: 4 av 7 delar (57\u00a0%); uppfyllt från 50\u00a0%."


def test_a_manual_assessment_shows_its_text_and_the_computed_reason(doc, ev):
    o = ev.overrides.set_index("node").loc["fa2"]
    cell = re.search(r'<tr data-node="fa2">.*?<td class="status">(.*?)</td>', doc, re.S).group(1)
    assert "✎ Manuell bedömning" in cell and html.escape(o["comment"]) in cell
    computed = text(re.search(r'<span class="computed">.*?</span></span>', cell, re.S).group(0))
    assert computed == (
        "Beräknad status: Ej uppfyllt Uppfyllda: 0 av 2 indikatorer (0\u00a0%), under 50\u00a0%; minst delvis "
        "uppfyllda: 0 av 2 (0\u00a0%), under 25\u00a0%."
    )


def test_reasons_in_english(ev):
    doc = render_report(ev, lang="en")
    m = re.search(r'<tr data-node="fa1">.*?<span class="reason">([^<]*)</span>', doc, re.S)
    assert html.unescape(m.group(1)) == "Fulfilled: 2 of 3 indicators (67\u00a0%); fulfilled from 50\u00a0%."
    assert "How the status is decided:" in doc


def test_rules_stated_once_in_words(doc):
    goals = text(section(doc, "goals"))
    assert goals.count("Så bedöms statusen") == 1
    assert (
        "Vision 2025, Internationaliseringen bidrar till att uppfylla kommunövergripande mål och verksamhetsmål: "
        "Uppfyllt när minst hälften av delarna är uppfyllda"
    ) in goals
    fa = text(section(doc, "focus-areas"))
    assert "Så bedöms statusen" not in fa  # stated on the first page


def test_rounding_never_contradicts_the_threshold():
    """A score of 74.6 under the threshold 75 is written 74,6, not 75."""
    ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    x = Explainer(ev, "gavle", "2020", SV, {})
    assert x.fmt(74.6, [75.0]) == "74,6" and x.fmt(75.4, [75.0]) == "75" and x.fmt(74.96, [75.0]) == "74,96"
    assert x.fmt(62.46, [62.5]) == "62" and x.fmt(62.5, [62.5]) == "62,5" and x.fmt(62.54, [62.5]) == "63"
    assert x.share(2 / 3, [0.5]) == "67\u00a0%" and x.share(0.666, [2 / 3]) == "66,6\u00a0%"
    # lower is better: 3,04 is not within a green threshold of 3
    assert x.value(3.04, [3.0], scale=5.0, lower=True) == "3,04" and x.value(3.0, [3.0], lower=True) == "3"
    assert x.fraction(0.5) == "hälften" and x.fraction(0.6) == "60\u00a0%"


# the engine's English reason for each of the report's cases: the same case, the same counts and names
ENGINE = {
    "not_scored": r"^not scored for this unit; .* \(([-\d.]+)\)$",
    "not_scored_none": r"^not scored for this unit; .* \(no peer has a score\)$",
    "not_applicable": r"^not applicable to this unit$",
    "no_applicable_parts": r"^none of its parts applies to this unit$",
    "no_value": r"^no value$",
    "no_target_any": r"^no target, bounds or normalisation$",
    "no_target_unit": r"^no target for this unit$",
    "whole_thresholds": r"^the status thresholds are the whole organisation's",
    "no_score": r"^the value \S+ gives no score",
    "dashboard_green": r"^value \S+ [≥≤] green threshold",
    "dashboard_red": r"^value \S+ [<>] red threshold",
    "dashboard_yellow": r"^value \S+ between red \S+ and green \S+, on the green side",
    "dashboard_orange": r"^value \S+ between red \S+ and green \S+, on the red side",
    "low_coverage": r"^(?P<have>\d+) of (?P<total>\d+) indicators with data",
    "no_part_scored": r"^none of its (?P<n>\d+) parts has a score$",
    "few_parts_scored": r"^(?P<scored>\d+) of (?P<n>\d+) parts with a score",
    "score_green": r"^(imputed from the peer group's mean; )?score \S+ ≥ \S+$",
    "score_yellow": r"^(imputed from the peer group's mean; )?score \S+ ≥ (?P<yellow>\S+), < \S+$",
    "score_orange": r"^(imputed from the peer group's mean; )?score \S+ ≥ (?P<orange>\S+), < \S+$",
    "score_red": r"^(imputed from the peer group's mean; )?score \S+ < \S+$",
    "share_green": r"^(?P<green>\d+) of (?P<n>\d+) parts green \([^)]*\) ≥ [^;]*$",
    "share_yellow": r"^(?P<green>\d+) of (?P<n>\d+) parts green .* < .*; (?P<yellow>\d+) of \d+ at least yellow .* ≥",
    "share_red": r"^(?P<green>\d+) of (?P<n>\d+) parts green .* < .*; (?P<yellow>\d+) of \d+ at least yellow .* <",
    "share_red_no_yellow": r"^(?P<green>\d+) of (?P<n>\d+) parts green [^;]* < [^;]*$",
    "worst": r"^worst part: (?P<part>.+) \((?P<status>\w+)\)$",
    "one_part": r"^one part with a colour: (?P<part>.+) \((?P<status>\w+)\)$",
    "two_worst": r"^two worst parts: (?P<first>.+) \((?P<first_status>\w+)\), "
    r"(?P<second>.+) \((?P<second_status>\w+)\)$",
    "no_colour": r"^no part has a colour$",
    "not_assessable": r"^no score$",
}


def cases_strategy() -> sk.Strategy:
    """A strategy that meets every rule and most reasons: worst, two_worst,
    score bands and share green on goals, dashboards both ways, a unit
    without a target, an indicator without one, a node not scored for a unit,
    imputed peers and a goal short of coverage."""
    dash = {"kind": "indicator", "unit_aggregation": "mean"}
    return sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Fall",
            "units": [
                {"id": "k", "name": "Kommunen"},
                {"id": "a", "name": "Nämnd A", "parent": "k", "peer_group": "n"},
                {"id": "b", "name": "Nämnd B", "parent": "k", "peer_group": "n"},
                {"id": "c", "name": "Nämnd C", "parent": "k", "peer_group": "n"},
            ],
            "nodes": [
                {"id": "v", "kind": "vision", "name": "Visionen", "status_rule": {"method": "two_worst"}},
                {"id": "gw", "kind": "goal", "name": "Sämst", "parents": ["v"], "status_rule": {"method": "worst"}},
                {"id": "gt", "kind": "goal", "name": "Två", "parents": ["v"], "status_rule": {"method": "two_worst"}},
                {
                    "id": "gb",
                    "kind": "goal",
                    "name": "Band",
                    "parents": ["v"],
                    "status_rule": {"method": "score_bands", "green": 75, "yellow": 50, "orange": 25},
                    "not_scored": ["c"],
                },
                {
                    "id": "gs",
                    "kind": "goal",
                    "name": "Andel",
                    "parents": ["v"],
                    "min_coverage": 0.75,
                    "status_rule": {"method": "share_green", "green": 0.6},
                },
                {
                    **dash,
                    "id": "d1",
                    "name": "Högre",
                    "parents": ["gw", "gt"],
                    "bounds": {"worst": 0, "best": 100},
                    "status_rule": {"method": "sdg_dashboard", "green": 80, "red": 40},
                },
                {
                    **dash,
                    "id": "d2",
                    "name": "Lägre",
                    "parents": ["gw", "gt"],
                    "direction": "lower_is_better",
                    "bounds": {"worst": 12, "best": 0},
                    "status_rule": {"method": "sdg_dashboard", "green": 3, "red": 8},
                },
                {
                    **dash,
                    "id": "d3",
                    "name": "Tredje",
                    "parents": ["gt"],
                    "bounds": {"worst": 0, "best": 10},
                    "status_rule": {"method": "sdg_dashboard", "green": 8, "red": 4},
                },
                {
                    **dash,
                    "id": "s1",
                    "name": "Poäng",
                    "parents": ["gb", "gs"],
                    "bounds": {"worst": 0, "best": 100},
                    "impute": {"method": "peer_mean"},
                },
                {
                    "kind": "indicator",
                    "id": "s2",
                    "name": "Framsteg",
                    "parents": ["gs", "gb"],
                    "unit_aggregation": "sum",
                    "baseline": {"value": 10, "period": "2020"},
                    "target": {"value": 20, "period": "2022"},
                    "by_unit": [{"unit": "a", "target": {"value": 12, "period": "2022"}}],
                },
                {"kind": "indicator", "id": "s3", "name": "Utan mål", "parents": ["gs"]},
                {
                    **dash,
                    "id": "s4",
                    "name": "Gles",
                    "parents": ["gs"],
                    "bounds": {"worst": 0, "best": 10},
                    "not_applicable": ["c"],
                },
            ],
        }
    )


def cases_measurements() -> pd.DataFrame:
    rows = []
    values = {
        "d1": {"k": [50, 85, 60], "a": [30, 90, 45], "b": [90, 70, None], "c": [10, 20, 81]},
        "d2": {"k": [2, 9, 5], "a": [7, 2, 9], "b": [4, 5, 6], "c": [1, 1, 1]},
        "d3": {"k": [5, 9, 3], "a": [9, 9, 9], "b": [2, 3, 5], "c": [7, None, None]},
        "s1": {"k": [80, 74.6, 30], "a": [90, None, 40], "b": [60, 70, None], "c": [55, 20, 10]},
        "s2": {"a": [10, 11, 12], "b": [5, 6, 8]},
        "s3": {"k": [1, 2, 3]},
        "s4": {"k": [5, None, None], "a": [6, 7, None]},
    }
    for ind, by_unit in values.items():
        for unit, vs in by_unit.items():
            for period, v in zip(("2020", "2021", "2022"), vs):
                if v is not None:
                    rows.append((ind, unit, period, float(v)))
    return pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"])


@pytest.mark.parametrize("which", ["gavle", "cases"])
def test_reasons_say_what_the_engine_says(which):
    """Every cell's reason is the engine's own case, with its counts and names:
    the report renders the engine's reasons from the data, not from its English."""
    if which == "gavle":
        ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    else:
        ev = sk.evaluate(cases_strategy(), cases_measurements())
    words = {**SV, "status_word": {k: k for k in SV["status_word"]}}  # statuses as the engine writes them
    seen = set()
    for unit in ev.unit_ids:
        for period in ev.periods:
            t = ev.table(unit=unit, period=period)
            current = {str(r["node"]): r for r in t.to_dict("records")}
            x = Explainer(ev, unit, period, words, current)
            for node, r in current.items():
                engine = str(r["reason"])
                if r["manual"]:
                    continue  # the engine's reason is the assessment's; the report's is the rule's
                key, values = x.reason_parts(node)
                seen.add(key)
                if not key:
                    assert engine == "", (node, unit, period, engine)
                    continue
                m = re.search(ENGINE[key], engine)
                assert m, (node, unit, period, key, engine)
                for name, got in m.groupdict().items():
                    if got is None:
                        continue
                    if name in ("yellow", "orange"):
                        assert float(got) == pytest.approx(float(values[name].replace(",", ".")))
                    else:
                        assert values[name] == got, (node, unit, period, name, values[name], got)
    if which == "cases":
        # the cases the strategy was made for
        assert {
            "worst",
            "two_worst",
            "dashboard_green",
            "dashboard_red",
            "dashboard_yellow",
            "dashboard_orange",
            "score_green",
            "score_yellow",
            "score_red",
            "share_red_no_yellow",
            "no_value",
            "no_target_any",
            "no_target_unit",
            "not_applicable",
            "not_scored",
            "few_parts_scored",
        } <= seen, seen


# -- 4. only what concerns the unit and period --------------------------------------
def own_strategy() -> sk.Strategy:
    """A municipality that is not Gävle: two boards, two focus areas, five
    indicators; tourism does not concern the education board, and one
    indicator has no target at all."""
    ind = {"kind": "indicator", "direction": "higher_is_better"}
    return sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Internationell strategi 2021–2023",
            "organisation": "Sandvik kommun",
            "periods": ["2021", "2022", "2023"],
            "units": [
                {"id": "sandvik", "kind": "municipality", "name": "Sandvik kommun"},
                {"id": "kfn", "kind": "board", "name": "Kultur- och fritidsnämnden", "parent": "sandvik"},
                {"id": "bun", "kind": "board", "name": "Barn- och utbildningsnämnden", "parent": "sandvik"},
            ],
            "nodes": [
                {"id": "mal", "kind": "goal", "name": "Sandvik är en öppen och internationell kommun"},
                {"id": "fa_unga", "kind": "focus_area", "name": "Unga i Europa", "priority": 1, "parents": ["mal"]},
                {
                    "id": "fa_turism",
                    "kind": "focus_area",
                    "name": "Hållbar besöksnäring",
                    "priority": 2,
                    "parents": ["mal"],
                    "not_applicable": ["bun"],
                },
                {
                    **ind,
                    "id": "i_utbyten",
                    "name": "Elever och unga i utbyten",
                    "parents": ["fa_unga"],
                    "unit_of_measure": "personer",
                    "normalisation": "progress",
                    "unit_aggregation": "sum",
                    "baseline": {"period": "2021", "value": 40},
                    "target": {"period": "2023", "value": 100},
                    "by_unit": [
                        {
                            "unit": "bun",
                            "baseline": {"period": "2021", "value": 30},
                            "target": {"period": "2023", "value": 80},
                        },
                        {
                            "unit": "kfn",
                            "baseline": {"period": "2021", "value": 10},
                            "target": {"period": "2023", "value": 20},
                        },
                    ],
                },
                {
                    **ind,
                    "id": "i_ungdomsprojekt",
                    "name": "Ungdomsprojekt med EU-stöd",
                    "parents": ["fa_unga"],
                    "unit_of_measure": "st",
                    "normalisation": "progress",
                    "unit_aggregation": "sum",
                    "not_applicable": ["bun"],
                    "baseline": {"period": "2021", "value": 1},
                    "target": {"period": "2023", "value": 4},
                    "by_unit": [
                        {
                            "unit": "kfn",
                            "baseline": {"period": "2021", "value": 1},
                            "target": {"period": "2023", "value": 4},
                        }
                    ],
                },
                {
                    **ind,
                    "id": "i_gastnatter",
                    "name": "Internationella gästnätter",
                    "parents": ["fa_turism"],
                    "unit_of_measure": "tusental",
                    "not_applicable": ["bun"],
                    "status_rule": {"method": "sdg_dashboard", "green": 120, "red": 80},
                    "normalisation": "ratio",
                    "baseline": {"period": "2021", "value": 70},
                    "target": {"period": "2023", "value": 120},
                },
                {
                    **ind,
                    "id": "i_natverk",
                    "name": "Aktiva nätverk inom besöksnäringen",
                    "parents": ["fa_turism"],
                    "unit_of_measure": "st",
                    "normalisation": "progress",
                    "not_applicable": ["bun"],
                    "baseline": {"period": "2021", "value": 2},
                    "target": {"period": "2023", "value": 5},
                },
                {
                    **ind,
                    "id": "i_vanorter",
                    "name": "Vänortsbesök",
                    "parents": ["fa_turism"],
                    "unit_of_measure": "st",
                    "not_applicable": ["bun"],
                },
            ],
        }
    )


def own_measurements() -> pd.DataFrame:
    rows = [
        ("i_utbyten", "bun", "2021", 30, ""),
        ("i_utbyten", "bun", "2022", 45, ""),
        ("i_utbyten", "bun", "2023", 70, "Preliminär siffra för vårterminen"),
        ("i_utbyten", "kfn", "2021", 10, ""),
        ("i_utbyten", "kfn", "2022", 9, ""),
        ("i_utbyten", "kfn", "2023", 8, ""),
        ("i_ungdomsprojekt", "kfn", "2021", 1, ""),
        ("i_ungdomsprojekt", "kfn", "2022", 2, ""),
        ("i_ungdomsprojekt", "kfn", "2023", 4, ""),
        ("i_gastnatter", "sandvik", "2021", 70, ""),
        ("i_gastnatter", "sandvik", "2022", 95, ""),
        ("i_gastnatter", "sandvik", "2023", 104, "Källa: SCB:s inkvarteringsstatistik"),
        ("i_gastnatter", "kfn", "2023", 104, ""),
        ("i_natverk", "sandvik", "2021", 2, ""),
        ("i_natverk", "sandvik", "2022", 3, ""),
        ("i_natverk", "kfn", "2021", 2, ""),
        ("i_natverk", "kfn", "2022", 3, ""),
        ("i_vanorter", "sandvik", "2022", 4, ""),
    ]
    return pd.DataFrame(rows, columns=["indicator", "unit", "period", "value", "note"])


@pytest.fixture(scope="module")
def own():
    return sk.evaluate(own_strategy(), own_measurements())


def test_a_board_report_leaves_out_what_does_not_concern_it(own):
    doc = render_report(own, unit="bun")
    # the tourism focus area and its indicators do not apply to the education board
    for node in ("fa_turism", "i_gastnatter", "i_natverk", "i_vanorter", "i_ungdomsprojekt"):
        assert f'data-node="{node}"' not in doc and f'data-summary-node="{node}"' not in doc, node
    assert list(summary_rows(doc)) == ["fa_unga"]
    line = text(re.search(r'<p class="small left-out">.*?</p>', doc, re.S).group(0))
    assert line == (
        "Visas inte för Barn- och utbildningsnämnden: gäller inte enheten – Hållbar besöksnäring, "
        "Ungdomsprojekt med EU-stöd, Internationella gästnätter, Aktiva nätverk inom besöksnäringen, Vänortsbesök."
    )
    # the counts are of what is shown
    assert "Av 1 fokusområden är 1 uppfyllda" in text(section(doc, "board-summary"))
    assert 'data-kind="indicator"' in section(doc, "summary")
    ind = re.search(r'<tr data-kind="indicator"><td>Indikatorer</td><td class="num">(\d+)</td>', doc).group(1)
    assert ind == "1"


def test_an_indicator_with_neither_values_nor_target_for_the_unit_is_left_out(own):
    # Vänortsbesök has no target anywhere and no value for the culture board: not its concern
    doc = render_report(own, unit="kfn")
    assert 'data-node="i_vanorter"' not in doc
    line = text(re.search(r'<p class="small left-out">.*?</p>', doc, re.S).group(0))
    assert line == "Visas inte för Kultur- och fritidsnämnden: varken värden eller mål för enheten – Vänortsbesök."
    # the whole municipality's report keeps it (and says it cannot be assessed)
    root = render_report(own)
    assert 'data-node="i_vanorter"' in root and 'class="small left-out"' not in root


def test_notes_only_of_the_values_shown(own):
    def notes(doc):
        m = re.search(r'<aside class="note" role="note"><p><strong>Observera:</strong>.*?</aside>', doc, re.S)
        return re.findall(r"<li>([^<]*)</li>", m.group(0)) if m else []

    # the municipality: its own gästnätter note and the education board's note of a value rolled up from it
    assert notes(render_report(own)) == ["Preliminär siffra för vårterminen", "Källa: SCB:s inkvarteringsstatistik"]
    assert notes(render_report(own, unit="bun")) == ["Preliminär siffra för vårterminen"]
    assert notes(render_report(own, unit="kfn")) == []  # neither note is of its values
    # a value of a later period is not shown
    assert notes(render_report(own, unit="bun", period="2022")) == []


def test_gavle_unit_reports(ev):
    doc = render_report(ev, unit="un")
    assert list(summary_rows(doc)) == ["fa2", "fa4"]
    line = text(re.search(r'<p class="small left-out">.*?</p>', doc, re.S).group(0))
    assert line.startswith("Visas inte för Utbildningsnämnden: gäller inte enheten – Näringslivsprogram, ")
    for node in ("fa1", "fa3", "fa5", "i_fa1_projekt", "i_kh_omvarld"):
        assert f'data-node="{node}"' not in doc, node
    for node in ("fa2", "fa4", "i_fa2_projekt", "i_fa4_erasmus", "i_kh_chefer"):
        assert f'data-node="{node}"' in doc, node


def funds_rows(doc: str) -> list:
    return re.findall(r'<tr data-fund="([^"]+)"', section(doc, "funds"))


def test_funds_scoped_by_unit_and_year(ev):
    funds = sk.examples.gavle_funds(ev.strategy)
    t = funds.table.set_index("id")
    # the whole municipality in 2020: every granted project
    assert funds_rows(render_report(ev, funds=funds)) == sorted(
        t.index[t["status"].isin(["granted", "closed"])], key=lambda i: funds_rows_order(ev, t, i)
    )
    # the education board: its own grants (f10, f11 granted; f12 rejected)
    un = render_report(ev, unit="un", funds=funds)
    assert sorted(funds_rows(un)) == ["f10", "f11"]
    assert "Projekt för Utbildningsnämnden och enheterna under den, beslutade till och med 2020." in un
    decided = text(re.search(r'<p class="lead">([^<]*beslutats[^<]*)</p>', section(un, "funds")).group(0))
    assert decided.endswith("3 ansökningar har beslutats, varav 2 beviljades; 0 väntar på beslut.")
    # the municipal group: the companies below Gävle Stadshus AB
    stadshus = render_report(ev, unit="stadshus", funds=funds)
    below = set(ev.strategy.units_below("stadshus"))
    want = [i for i in t.index if t.loc[i, "unit"] in below and t.loc[i, "status"] in ("granted", "closed")]
    assert sorted(funds_rows(stadshus)) == sorted(want) == ["f01", "f03", "f07", "f09"]
    # 2019: the grants decided in 2020 (f03, f09, f11, f13, f04 is 2019-12) are left out
    y2019 = render_report(ev, period="2019", funds=funds)
    later = {i for i in t.index if str(t.loc[i, "decided"] or "")[:4] == "2020"}
    assert later == {"f03", "f09", "f11", "f13"}
    assert not later & set(funds_rows(y2019)) and "f04" in funds_rows(y2019)


def funds_rows_order(ev, t, i):
    prio = list(ev.strategy.focus_areas["id"])
    return (prio.index(t.loc[i, "focus_area"]), t.loc[i, "start"], i)


def test_funds_without_units_say_so(ev):
    funds = sk.examples.gavle_funds(ev.strategy)
    bare = Funds(funds.table.assign(unit=None))
    doc = render_report(ev, unit="un", funds=bare)
    assert "Projekten är inte knutna till enheter: alla visas, också de som inte gäller Utbildningsnämnden." in section(
        doc, "funds"
    )
    assert len(funds_rows(doc)) == 9


# -- 8. Swedish that reads right --------------------------------------------------
def test_month_name():
    # month and year joined by a no-break space: a sentence never breaks between them
    assert month_name("2021-08", "sv") == "augusti\u00a02021" and month_name("2021-08", "en") == "August\u00a02021"
    assert (
        month_name("2021-08", "sv", short=True) == "aug\u00a02021"
        and month_name("2021-08", "en", True) == "Aug\u00a02021"
    )
    assert month_name("2020-M03", "sv") == "mars\u00a02020" and month_name("2020-05-17", "sv") == "maj\u00a02020"
    assert month_name(dt.date(2019, 12, 1), "sv") == "december\u00a02019"
    assert month_name(pd.Timestamp("2022-01-31"), "en") == "January\u00a02022"
    assert month_name(np.datetime64("2023-06"), "sv") == "juni\u00a02023"
    for bad in ("2021", "2021-13", "augusti", None):
        with pytest.raises(ArgumentError):
            month_name(bad, "sv")
    with pytest.raises(ArgumentError, match="language"):
        month_name("2021-08", "de")


def test_liquidity_month_in_words(ev):
    funds = sk.examples.gavle_funds(ev.strategy)
    liq = funds.liquidity()
    assert liq.peak_month == "2021-08"
    sv, en = render_report(ev, funds=funds), render_report(ev, funds=funds, lang="en")
    assert re.search(r"Det största förfinansieringsbehovet är [\d\u00a0]+ i augusti\u00a02021\.", sv)
    assert re.search(r"The largest pre-financing need is [\d,]+ in August\u00a02021\.", en)
    assert " i 2021-08" not in sv


def test_statistics_canada_by_its_name(doc):
    assert "Statistics Canadas metod" in doc and "Statistiska centralbyrån i Kanada" not in doc


def test_no_co_financing_sentence_without_co_financing(ev):
    s = ev.strategy
    plan = sk.examples.gavle_allocation()
    plan = {**plan, "focus_areas": [{**a, "grants": []} for a in plan["focus_areas"]]}
    split = sk.allocation.allocate_focus_areas(s, plan)
    assert float(split.table["external"].sum()) == 0
    doc = section(render_report(ev, allocation=split), "allocation")
    assert "medfinansiering" not in doc.lower() and "växlas upp" not in doc
    assert "Egna medel på 2\u00a0400\u00a0000\u00a0kr fördelas. 500 personaldagar fördelas." in text(doc)
    # with co-financing the sentence is there
    with_grants = section(
        render_report(ev, allocation=sk.allocation.allocate_focus_areas(s, sk.examples.gavle_allocation())),
        "allocation",
    )
    assert "växlas upp med" in with_grants and "medfinansieringsgraden r" in with_grants
    # grants that cover everything: no own co-financing to speak of
    t = sk.examples.gavle_funds(s).table
    full = Funds(t.assign(own=np.where(t["status"].isin(["granted", "closed"]), 0.0, np.nan), rate=1.0))
    lead = text(re.search(r'<p class="lead">.*?</p>', section(render_report(ev, funds=full), "funds"), re.S).group(0))
    assert lead.startswith(
        "9 beviljade projekt har fått 10\u00a0265\u00a0000 i externa medel, utan egen medfinansiering."
    )
    assert "hävstång" not in lead


def test_legend_explains_t_score_and_leverage(ev):
    doc = render_report(ev, funds=sk.examples.gavle_funds(ev.strategy))
    legend = section(doc, "legend")
    assert 'data-legend="t_score"' in legend and "T-poäng: " in legend and "50 betyder som förväntat" in legend
    assert 'data-legend="leverage"' in legend and "Hävstång: " in legend and "Hävstång 2×" in legend
    # without funds, no word about leverage
    assert 'data-legend="leverage"' not in section(render_report(ev), "legend")


def test_words_break_at_syllables():
    from importlib import resources

    css = (resources.files("styrkort.report") / "style.css").read_text(encoding="utf-8")
    assert re.search(r"body \{[^}]*hyphens: auto", css)
    assert "break-all" not in css and "word-break" not in css
    assert re.search(r"section\.board \{[^}]*break-after: page", css)


def test_the_new_words_in_both_languages():
    for key in ("board_summary", "reason", "rule", "change_word", "legend_t_score", "legend_leverage"):
        assert key in LABELS["sv"] and key in LABELS["en"], key
    assert set(LABELS["sv"]["reason"]) == set(LABELS["en"]["reason"])
    from styrkort._display.words import REPORT

    assert len(REPORT["sv"]["months"]) == len(REPORT["en"]["months_short"]) == 12
