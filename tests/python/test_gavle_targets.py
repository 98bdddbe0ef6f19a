"""The Gävle example's yearly targets and per-board targets, against numbers computed by hand.

The programme is a three-year plan with yearly action plans that the operations follow up
(python/styrkort/examples/gavle/README.md): every indicator with a 2020 target has yearly
milestones for 2018 and 2019 (step interpolation: a year's target holds for the whole year,
its tertials included), the boards and companies that own part of the work have their own
targets (``by_unit``) or a share of the municipality's (``target_share``), and the measures of
the whole group do not apply to a single unit. All values are illustrative.
"""

import pytest

import styrkort as sk

SUBUNITS = ["ks", "un", "son", "stadshus", "gavle_energi", "gavlegardarna", "gavle_hamn"]


def cell(ev, node, unit, period, column="score"):
    t = ev.table(node=node, unit=unit, period=period)
    assert len(t) == 1, (node, unit, period)
    return t[column].iloc[0]


def test_an_indicator_is_judged_against_the_milestone_of_its_year(gavle_eval):
    ev = gavle_eval
    # i_kh_utbildade (progress, summed over the units): baseline 60 in 2017, milestones 100 (2018)
    # and 150 (2019), target 200 (2020). The values are sums over the six units that report:
    #   2018: 45 + 22 + 18 + (6 + 5 + 4) = 100;  2019: 60 + 35 + 26 + (9 + 8 + 6) = 144
    assert cell(ev, "i_kh_utbildade", "gavle", "2018", "value") == 100
    assert cell(ev, "i_kh_utbildade", "gavle", "2019", "value") == 144
    assert cell(ev, "i_kh_utbildade", "gavle", "2018", "target") == 100
    assert cell(ev, "i_kh_utbildade", "gavle", "2019", "target") == 150
    # 2018: 100 reaches the milestone 100: score 100, green (against the final target it would
    # have been 100 * (100 - 60) / (200 - 60) = 28.6, orange)
    assert cell(ev, "i_kh_utbildade", "gavle", "2018") == pytest.approx(100.0)
    assert cell(ev, "i_kh_utbildade", "gavle", "2018", "status") == "green"
    # 2019: progress 100 * (144 - 60) / (150 - 60) = 93.33 >= 75: green (against 200: 60, yellow)
    assert cell(ev, "i_kh_utbildade", "gavle", "2019") == pytest.approx(100 * 84 / 90)
    assert cell(ev, "i_kh_utbildade", "gavle", "2019", "status") == "green"
    # 2020: the final target, as before: 100 * (175 - 60) / (200 - 60) = 82.14, green
    assert cell(ev, "i_kh_utbildade", "gavle", "2020") == pytest.approx(100 * 115 / 140)
    assert cell(ev, "i_kh_utbildade", "gavle", "2020", "target") == 200


def test_the_trend_in_an_intermediate_year_needs_the_pace_to_the_milestone(gavle_eval):
    ev = gavle_eval
    # i_fa1_medel (ratio, CAGR trend): baseline 2 400 (2017), milestones 3 000 (2018) and 3 500
    # (2019). 2018: ratio 100 * 2900 / 3000 = 96.67; observed growth 2900/2400 - 1 = 0.2083,
    # required 3000/2400 - 1 = 0.25, R = 0.8333: acceleration needed (0.60 <= R < 0.95)
    assert cell(ev, "i_fa1_medel", "gavle", "2018", "target") == 3000
    assert cell(ev, "i_fa1_medel", "gavle", "2018") == pytest.approx(100 * 2900 / 3000)
    assert cell(ev, "i_fa1_medel", "gavle", "2018", "trend_ratio") == pytest.approx((2900 / 2400 - 1) / 0.25, rel=1e-6)
    assert cell(ev, "i_fa1_medel", "gavle", "2018", "trend") == "acceleration_needed"
    # 2019: ratio 100 * 3300 / 3500 = 94.29; R = ((3300/2400)^(1/2) - 1) / ((3500/2400)^(1/2) - 1)
    r = ((3300 / 2400) ** 0.5 - 1) / ((3500 / 2400) ** 0.5 - 1)
    assert cell(ev, "i_fa1_medel", "gavle", "2019") == pytest.approx(100 * 3300 / 3500)
    assert cell(ev, "i_fa1_medel", "gavle", "2019", "trend_ratio") == pytest.approx(r, rel=1e-6)


def test_the_tertials_of_2020_are_judged_against_the_target_for_2020(gavle_eval):
    ev = gavle_eval
    # step interpolation: the 2020 target (9 Erasmus+ projects) holds in 2020-T1 and 2020-T2.
    # T1: 9 >= 9, score 100; T2: progress from the 2017 value 4: 100 * (8 - 4) / (9 - 4) = 80, green
    assert cell(ev, "i_fa4_erasmus", "gavle", "2020-T1", "target") == 9
    assert cell(ev, "i_fa4_erasmus", "gavle", "2020-T2", "target") == 9
    assert cell(ev, "i_fa4_erasmus", "gavle", "2020-T1") == pytest.approx(100.0)
    assert cell(ev, "i_fa4_erasmus", "gavle", "2020-T2") == pytest.approx(80.0)
    assert cell(ev, "i_fa4_erasmus", "gavle", "2020-T2", "status") == "green"
    # the schools have tertial values too, so the education area's tertial status rests on both
    # indicators: T2 ratio 100 * 47 / 50 = 94; fa4 = mean(80, 94) = 87
    assert cell(ev, "i_fa4_skolor", "gavle", "2020-T2") == pytest.approx(94.0)
    assert cell(ev, "fa4", "gavle", "2020-T2") == pytest.approx(87.0)
    assert cell(ev, "fa4", "gavle", "2020-T2", "coverage") == pytest.approx(1.0)


def test_a_board_is_judged_against_its_own_target(gavle_eval):
    ev = gavle_eval
    # Kommunstyrelsen's business projects: own baseline 2 (2017), own yearly targets 3, 4 and 4.
    # 2019: 3 projects: progress 100 * (3 - 2) / (4 - 2) = 50: yellow (50 <= score < 75).
    # (The municipality's 2019 milestone, 5, is not the board's: 100 * (3 - 2) / (5 - 2) = 33.3.)
    assert cell(ev, "i_fa1_projekt", "ks", "2019", "value") == 3
    assert cell(ev, "i_fa1_projekt", "ks", "2019", "target") == 4
    assert cell(ev, "i_fa1_projekt", "ks", "2019") == pytest.approx(50.0)
    assert cell(ev, "i_fa1_projekt", "ks", "2019", "status") == "yellow"
    # its only applicable indicator in fa1, so the focus area follows it
    assert cell(ev, "fa1", "ks", "2019") == pytest.approx(50.0)
    assert cell(ev, "fa1", "ks", "2019", "status") == "yellow"
    # 2020: 4 of 4: 100, green
    assert cell(ev, "i_fa1_projekt", "ks", "2020") == pytest.approx(100.0)
    # Socialnämnden's social projects, 2020: 1 against its own target 3 from its baseline 1:
    # 100 * (1 - 1) / (3 - 1) = 0: red
    assert cell(ev, "i_fa2_projekt", "son", "2020", "target") == 3
    assert cell(ev, "i_fa2_projekt", "son", "2020") == pytest.approx(0.0)
    assert cell(ev, "i_fa2_projekt", "son", "2020", "status") == "red"


def test_a_shared_target_follows_the_unit_weights(gavle_eval):
    ev = gavle_eval
    # i_kh_utbildade shares the municipality's target by unit weight. Under gavle: ks 40, un 24,
    # son 20, stadshus 16 (sum 100); under stadshus: Gävle Energi 6, Gavlegårdarna 6, Gävle Hamn 4.
    # ks 2020: 200 * 40 / 100 = 80; progress from its own 2017 value 30: 100 * (70 - 30) / (80 - 30) = 80
    assert cell(ev, "i_kh_utbildade", "ks", "2020", "target") == pytest.approx(80.0)
    assert cell(ev, "i_kh_utbildade", "ks", "2020") == pytest.approx(80.0)
    # Gavlegårdarna 2019: 150 * 16 / 100 = 24 for the group, * 6 / 16 = 9; from 3 to 8:
    # 100 * (8 - 3) / (9 - 3) = 83.33, green
    assert cell(ev, "i_kh_utbildade", "gavlegardarna", "2019", "target") == pytest.approx(9.0)
    assert cell(ev, "i_kh_utbildade", "gavlegardarna", "2019") == pytest.approx(100 * 5 / 6)
    assert cell(ev, "i_kh_utbildade", "gavlegardarna", "2019", "status") == "green"


def test_the_units_targets_add_up_to_their_parents(gavle_eval):
    # The example's own consistency: for every indicator summed over units, the targets in force
    # of a unit's applicable sub-units add up to the unit's own (by_unit targets that split the
    # municipality's path, or shares of it), in every year of the programme.
    ev = gavle_eval
    s = ev.strategy
    parent = dict(zip(s.units["id"], s.units["parent"]))
    t = ev.table()
    summed = s.indicators.loc[s.indicators["unit_aggregation"] == "sum", "id"]
    for ind in summed:
        for period in ("2018", "2019", "2020"):
            rows = t[(t["node"] == ind) & (t["period"] == period) & (t["status"] != "not_applicable")]
            target = dict(zip(rows["unit"].astype(str), rows["target"]))
            for unit in ("gavle", "stadshus"):
                kids = [u for u in target if parent.get(u) == unit]
                if unit in target and kids:
                    assert sum(target[k] for k in kids) == pytest.approx(target[unit]), (ind, period, unit)


def test_no_unjustified_warnings_and_no_failure_for_want_of_a_target(gavle_eval):
    ev = gavle_eval
    # every sub-unit of a summed indicator has its own target or a share of its parent's, the
    # measures of the whole group do not apply to single units, and the tertial status of the
    # education area rests on both of its indicators: nothing for the engine to warn about
    assert ev.warnings.empty, ev.warnings.to_string()
    # a board outside a focus area's plan is "not applicable" there, not "not assessable" or red
    assert cell(ev, "i_fa1_projekt", "son", "2020", "status") == "not_applicable"
    assert cell(ev, "fa1", "son", "2020", "status") == "not_applicable"
    assert cell(ev, "i_kh_omvarld", "ks", "2020", "status") == "not_applicable"
    # nowhere is a unit given a traffic light without a target in force for it
    t = ev.table(kind="indicator")
    t = t[t["unit"].isin(SUBUNITS)]
    no_target = t[t["target"].isna()]
    assert set(no_target["status"].astype(str)) <= {"not_applicable", "not_assessable"}
    # and every unit of the programme gets an overall status for 2020 (no unit left without)
    goals = ev.table(node="mal_int", period="2020")
    assert not (goals["status"].astype(str) == "not_assessable").any(), goals[["unit", "status", "reason"]]


def test_the_example_says_its_targets_are_illustrative():
    readme = sk.examples.path("gavle/README.md").read_text(encoding="utf-8")
    assert "illustrative" in readme and "milestones" in readme
    assert "illustrativa värden" in sk.examples.gavle_strategy().name
