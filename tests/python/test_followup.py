"""Action-plan follow-up (GAS T-scores, statuses, cost) and external funds
(compilation, leverage, success rates, liquidity), against hand computation."""

import math

import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort import action_plan
from styrkort.funds import Funds


def _plan(activities):
    s = small_strategy()
    s["nodes"].insert(
        1, {"id": "fa1", "kind": "focus_area", "name": "Näringsliv", "priority": 1, "parents": ["vision"]}
    )
    s["nodes"].insert(2, {"id": "fa2", "kind": "focus_area", "name": "Skola", "priority": 2, "parents": ["vision"]})
    s["activities"] = activities
    return sk.Strategy.from_dict(s)


LEVELS = {"-2": "inget", "-1": "lite", "0": "som väntat", "1": "mer", "2": "mycket mer"}


def _act(i, fa, status, attained=None, weight=1, gas=True, **kw):
    a = {"id": f"a{i}", "focus_area": fa, "year": 2024, "status": status, "owner": kw.pop("owner", "IK"), **kw}
    if gas:
        a["gas"] = {"levels": LEVELS, "weight": weight, **({} if attained is None else {"attained": attained})}
    return a


@pytest.fixture
def plan():
    return _plan(
        [
            _act(
                1,
                "fa1",
                "completed",
                1,
                2,
                planned_cost=100,
                spent_cost=120,
                planned_hours=10,
                spent_hours=5,
                directions=["profilering", "samverkan"],
                means="network",
            ),
            _act(2, "fa1", "delayed", -1, 1, planned_cost=50, directions=["samverkan"], means="project"),
            _act(3, "fa1", "cancelled", gas=False, planned_cost=30, spent_cost=0, owner="NL"),
            _act(4, "fa2", "started", None, 1, planned_cost=10, spent_cost=4, means="network"),
            _act(5, "fa2", "completed", 2, 3, directions=["profilering"]),
        ]
    )


def test_summary_by_focus_area_hand_computed(plan):
    f = action_plan.follow_up(plan)
    s = f.summary("focus_area").set_index("focus_area")
    assert s.loc["fa1", ["activities", "completed", "delayed", "cancelled", "started"]].tolist() == [3, 1, 1, 1, 0]
    assert s.loc["fa1", "share_completed"] == pytest.approx(1 / 3)
    assert s.loc["fa1", "planned_cost"] == 180 and s.loc["fa1", "spent_cost"] == 120
    # spent/planned over the activities with both: (120 + 0) / (100 + 30)
    assert s.loc["fa1", "cost_ratio"] == pytest.approx(120 / 130)
    # fa1's GAS: x = (+1, -1), w = (2, 1): Σwx = 1, Σw² = 5, (Σw)² = 9,
    # T = 50 + 10 / sqrt(0.7*5 + 0.3*9) = 50 + 10/sqrt(6.2)
    assert s.loc["fa1", "gas_t_score"] == pytest.approx(50 + 10 / math.sqrt(6.2))
    assert s.loc["fa1", "gas_activities"] == 2 and s.loc["fa1", "gas_assessed"] == 2
    assert s.loc["fa1", "gas_mean_level"] == pytest.approx(1 / 3)
    # fa2: a4 is not yet followed up (left out), a5 at +2 alone: T = 50 + 20 = 70.
    assert s.loc["fa2", "gas_t_score"] == pytest.approx(70.0)
    assert s.loc["fa2", "gas_activities"] == 2 and s.loc["fa2", "gas_assessed"] == 1
    assert s.loc["fa2", "hours_ratio"] != s.loc["fa2", "hours_ratio"]  # no hours known: missing, not 0
    assert list(s.index) == ["fa1", "fa2"] and s.loc["fa1", "focus_area_name"] == "Näringsliv"


def test_summary_by_direction_counts_an_activity_per_direction(plan):
    s = action_plan.follow_up(plan).summary("direction").set_index("direction")
    assert s.loc["profilering", "activities"] == 2 and s.loc["samverkan", "activities"] == 2
    # profilering: a1 (+1, w 2) and a5 (+2, w 3): Σwx = 8, Σw² = 13, (Σw)² = 25
    assert s.loc["profilering", "gas_t_score"] == pytest.approx(50 + 80 / math.sqrt(0.7 * 13 + 0.3 * 25))
    assert s["activities"].sum() > 5  # an activity under two directions counts twice


def test_summary_by_owner_and_means_and_total(plan):
    f = action_plan.follow_up(plan)
    by = f.summary(["owner", "means"])
    assert len(by) == 4  # IK/network, IK/project, IK/–, NL/–
    t = f.total()
    assert t["activities"] == 5 and t["completed"] == 2 and t["share_completed"] == pytest.approx(0.4)
    assert t["gas_assessed"] == 3
    # all three assessed: x = (1, -1, 2), w = (2, 1, 3): Σwx = 7, Σw² = 14, (Σw)² = 36
    assert t["gas_t_score"] == pytest.approx(50 + 70 / math.sqrt(0.7 * 14 + 0.3 * 36))


def test_activities_table_has_the_attained_outcome(plan):
    a = action_plan.follow_up(plan).activities.set_index("id")
    assert a.loc["a1", "gas_outcome"] == "mer" and a.loc["a5", "gas_outcome"] == "mycket mer"
    assert pd.isna(a.loc["a4", "gas_attained"]) and pd.isna(a.loc["a4", "gas_outcome"])
    assert a.loc["a1", "cost_deviation"] == 20


def test_no_assessed_activity_is_not_assessable_never_fifty():
    s = _plan([_act(1, "fa1", "started", None)])
    row = action_plan.follow_up(s).summary().iloc[0]
    assert math.isnan(row["gas_t_score"]) and row["gas_assessed"] == 0


def test_filters_and_errors(plan):
    with pytest.raises(sk.ArgumentError, match="no action plan for 2019 .*the years are 2024"):
        action_plan.follow_up(plan, year=2019)
    with pytest.raises(sk.ArgumentError, match="unknown focus area 'fa9'"):
        action_plan.follow_up(plan, focus_area="fa9")
    with pytest.raises(sk.ArgumentError, match="unknown unit 'x'"):
        action_plan.follow_up(plan, unit="x")
    with pytest.raises(sk.ArgumentError, match="cannot group by 'colour'.*focus_area, owner"):
        action_plan.follow_up(plan).summary("colour")
    with pytest.raises(sk.ArgumentError, match="rho"):
        action_plan.follow_up(plan, rho=1.0)
    assert len(action_plan.follow_up(plan, focus_area="fa2")) == 2


def test_gavle_2020_follow_up():
    f = sk.follow_up(sk.examples.gavle_strategy(), year=2020)
    s = f.summary().set_index("focus_area")
    assert s["activities"].sum() == 16 and s.loc["fa1", "cancelled"] == 1
    # fa1 2020: levels 0 (w 2), -1 (w 2), -2 (w 1): Σwx = -4, Σw² = 9, (Σw)² = 25
    assert s.loc["fa1", "gas_t_score"] == pytest.approx(50 - 40 / math.sqrt(0.7 * 9 + 0.3 * 25))
    # from_tables takes the activities table (gas_* columns) back
    strat = sk.examples.gavle_strategy()
    again = sk.Strategy.from_tables(_nodes_for_tables(strat), activities=strat.activities, units=strat.units)
    assert again.to_dict()["activities"] == strat.to_dict()["activities"]


def _nodes_for_tables(strategy):
    n = strategy.to_dict()["nodes"]
    return pd.DataFrame(
        [
            {
                "id": x["id"],
                "kind": x["kind"],
                "name": x.get("name"),
                "priority": x.get("priority"),
                "parent": ";".join(p["id"] if isinstance(p, dict) else p for p in x.get("parents", [])) or None,
            }
            for x in n
        ]
    )


# ---------------------------------------------------------------- funds


def _funds(rows, **kw):
    return Funds(pd.DataFrame(rows), **kw)


BASE = [
    {
        "id": "g1",
        "programme": "Interreg",
        "focus_area": "fa1",
        "status": "granted",
        "applied": 1000,
        "granted": 800,
        "rate": 0.8,
        "decided": "2023-05",
        "start": "2023-07",
        "end": "2024-06",
    },
    {
        "id": "g2",
        "programme": "Interreg",
        "focus_area": "fa1",
        "status": "rejected",
        "applied": 3000,
        "decided": "2023-11",
    },
    {
        "id": "g3",
        "programme": "Erasmus+",
        "focus_area": "fa2",
        "status": "closed",
        "applied": 200,
        "granted": 100,
        "own": 100,
        "decided": "2022-03",
        "start": "2022",
        "end": "2022",
    },
    {"id": "g4", "programme": "Erasmus+", "focus_area": "fa2", "status": "applied", "applied": 500},
]


def test_funds_compilation_leverage_success():
    f = _funds(BASE)
    t = f.table.set_index("id")
    assert t.loc["g1", "own"] == pytest.approx(200) and t.loc["g3", "rate"] == pytest.approx(0.5)
    c = f.compilation().set_index(["programme", "focus_area", "year"])
    assert c.loc[("Interreg", "fa1", 2023), "granted"] == 800 and c.loc[("Interreg", "fa1", 2023), "total"] == 1000
    assert c.loc[("Erasmus+", "fa2", 2022), "external_share"] == pytest.approx(0.5)
    lev = f.leverage().set_index("focus_area")["leverage"]
    assert lev["fa1"] == pytest.approx(5.0) and lev["fa2"] == pytest.approx(2.0)  # 1/(1-0.8), 1/(1-0.5)
    s = f.success_rate().set_index("programme")
    assert s.loc["Interreg", "success_rate"] == pytest.approx(0.5)
    assert s.loc["Interreg", "amount_rate"] == pytest.approx(800 / 4000)  # the rejection counts as 0
    assert s.loc["Erasmus+", "pending"] == 1 and s.loc["Erasmus+", "decided"] == 1
    assert s.loc["Erasmus+", "success_rate"] == 1.0


def test_funds_compilation_by_project_years():
    # g1 runs July 2023 - June 2024: half of it in each year.
    c = _funds(BASE).compilation(["year"], basis="period").set_index("year")
    assert c.loc[2023, "granted"] == pytest.approx(400) and c.loc[2024, "granted"] == pytest.approx(400)
    assert c.loc[2022, "granted"] == pytest.approx(100)
    assert c["granted"].sum() == pytest.approx(900)


def test_liquidity_hand_computed():
    # g1: 800 over 12 months (66.67 a month), half-yearly claims paid 3 months
    # later (defaults): the first claim (400) is paid in 2024-03, the balance in 2024-09.
    L = _funds(BASE[:1]).liquidity()
    m = L.monthly.set_index("month")
    assert m.loc["2023-12", "outstanding"] == pytest.approx(400)
    assert m.loc["2024-02", "outstanding"] == pytest.approx(800 * 8 / 12)
    assert m.loc["2024-03", "received"] == pytest.approx(400)
    assert m.loc["2024-09", "received"] == pytest.approx(400)
    assert L.peak == pytest.approx(800 * 8 / 12) and L.peak_month == "2024-02"
    assert m["received"].sum() == pytest.approx(800) and m["outstanding"].iloc[-1] == pytest.approx(0)


def test_gavle_funds_example():
    f = sk.examples.gavle_funds()
    assert len(f) == 15 and f.table["note"].str.contains("Illustrativa").all()
    lev = f.leverage().set_index("focus_area")["leverage"]
    assert lev["fa4"] == pytest.approx(5.0)  # Erasmus+ at 80 %
    total = f.success_rate(None).iloc[0]
    assert total["applications"] == 15 and total["pending"] == 2 and total["granted_count"] == 9
    assert f.liquidity().peak > 0


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"status": "approved"},
            "row 0 (id g1), column 'status': unknown status 'approved' (allowed: applied, granted",
        ),
        ({"rate": 1.5}, "column 'rate': a co-financing rate is a share in (0, 1], got 1.5"),
        ({"rate": 0.5, "own": 100}, "the rate 0.5 does not match granted 800 and own 100, which give 0.889"),
        ({"rate": None}, "a grant needs its co-financing rate or its own contribution"),
        ({"granted": None}, "a granted project needs the granted amount"),
        ({"start": "2023-13"}, "column 'start': '2023-13' is not a date"),
        ({"end": "2023-01"}, "the project ends (2023-01) before it starts (2023-07)"),
        ({"decided": None}, "a granted application needs its decision date"),
        ({"granted": "mycket"}, "row 0, column 'granted': 'mycket' is not a number"),
        ({"granted": -5}, "an amount must be a finite number >= 0"),
        ({"advance": 0.9, "retention": 0.2}, "advance + retention exceed the whole grant"),
        ({"claim_months": 0}, "claim_months is a whole number of months in [1, 120]"),
        ({"focus_area": "fa9"}, "unknown focus area 'fa9'"),
    ],
)
def test_bad_funds_rows(change, message):
    row = {**BASE[0], **change}
    strategy = _plan([])
    with pytest.raises(sk.FundsError) as e:
        _funds([row], strategy=strategy, source="medel.csv")
    assert "medel.csv, row 0" in str(e.value)
    assert message in str(e.value)


def test_bad_funds_tables(tmp_path):
    with pytest.raises(sk.FundsError, match="missing column 'status'"):
        _funds([{"id": "x", "programme": "p"}])
    with pytest.raises(sk.FundsError, match="unknown column 'colour'"):
        _funds([{**BASE[0], "colour": 1}])
    with pytest.raises(sk.FundsError, match=r"duplicate id 'g1' in rows 0 and 1"):
        _funds([BASE[0], BASE[0]])
    p = tmp_path / "medel.csv"
    p.write_text(
        "id;programme;status;applied;decided\nx;ESF+;rejected;1 000,5;2024-01\ny;ESF+;applied;;\n", encoding="utf-8"
    )
    with pytest.raises(sk.FundsError, match=r"medel.csv, row 3 \(id y\), column 'applied': an application needs"):
        sk.load_funds(p)
    p.write_text("id;programme;status;applied;decided\nx;ESF+;rejected;1000,5;2024-01\n", encoding="utf-8")
    assert sk.load_funds(p).table["applied"].iloc[0] == 1000.5  # a decimal comma


def test_plan_year_is_the_latest_plan_up_to_the_year():
    s = sk.examples.gavle_strategy()  # action plans 2018, 2019, 2020
    assert action_plan.plan_year(s, 2021) == 2020 and action_plan.plan_year(s, 2019) == 2019
    assert action_plan.plan_year(s, 2017) is None and action_plan.plan_year(s, None) is None


def test_empty_action_plan_and_empty_funds_give_empty_results_not_errors(gavle_eval):
    from styrkort import excel
    from styrkort.report import render_report

    s = sk.Strategy.from_dict(small_strategy())
    f = action_plan.follow_up(s)
    assert len(f) == 0 and len(f.summary()) == 0 and math.isnan(f.total()["gas_t_score"])
    funds = Funds(pd.DataFrame(columns=["id", "programme", "status"]))
    total = funds.success_rate(None).iloc[0]
    assert total["applications"] == 0 and math.isnan(total["success_rate"])
    liq = funds.liquidity()
    assert liq.peak == 0 and liq.peak_month is None and len(liq.by_year()) == 0
    html = render_report(gavle_eval, funds=funds)
    assert 'id="funds"' in html and "Inga beviljade projekt." in html
    sheets = excel.result_sheets(funds=funds, follow_up=f)
    assert len(sheets["funds"]) == 0 and len(sheets["activities"]) == 0
