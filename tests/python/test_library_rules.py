"""The rules the command line, the report and the plots share, in the library:
the allocation plan (AllocationPlan), the projects table (read_projects), the
staff-day length, the year of a period, the activity filter, the summary's counts
and the one call that computes what `styrkort report` and `styrkort excel` write."""

import copy
import json
import re

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort import allocation as al
from styrkort.allocation import AllocationPlan
from styrkort.cli import main
from styrkort.report import FollowUpResults, build

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def strategy():
    return sk.examples.gavle_strategy()


@pytest.fixture
def plan_dict():
    return sk.examples.gavle_allocation()


def _section(doc, sid):
    m = re.search(rf'<section id="{sid}".*?</section>', doc, re.S)
    assert m, sid
    return m.group(0)


def _row(doc, key, attr):
    m = re.search(rf'<tr data-{attr}="{re.escape(key)}".*?</tr>', doc, re.S)
    assert m, key
    return m.group(0)


def _text(fragment):
    return re.sub(r"<[^>]+>", "", fragment).strip()


# -- the allocation plan ----------------------------------------------------------

BAD_PLANS = [
    (lambda p: {}, r'^plan\.json: "budget" is missing; give the own money to split, a number >= 0$'),
    (lambda p: [p], r'^plan\.json: expected a JSON object with "budget", "staff_days" and "focus_areas", got a list$'),
    (
        lambda p: {**p, "budget": "much"},
        r'^plan\.json: "budget" must be a number \(the own money to split, a number >= 0\), got "much"$',
    ),
    (
        lambda p: {**p, "staff_days": 10.5},
        r'^plan\.json: "staff_days" is 10\.5; give the staff days to split, a '
        r"whole number from 0 to 1,000,000,000$",
    ),
    (
        lambda p: {**p, "hours_per_staff_day": 0},
        r'^plan\.json: "hours_per_staff_day" is 0; give the staff hours in '
        r"a staff day, a number above 0 and at most 24$",
    ),
    (lambda p: {**p, "weighting": "ahp"}, r'^plan\.json: "weighting" is "ahp"; give one of rank_order_centroid, '),
    (lambda p: {**p, "bugdet": 5}, r'^plan\.json: unknown key "bugdet" \(allowed: note, year, currency, budget, '),
    (
        lambda p: {**p, "focus_areas": {"fa1": {}}},
        r'^plan\.json: "focus_areas" must be a list of objects with an "id", got ',
    ),
    (
        lambda p: {**p, "focus_areas": p["focus_areas"] + [{"floor": 1}]},
        r'^plan\.json: focus_areas\[5\]: "id" is missing; give the focus area\'s id$',
    ),
    (
        lambda p: {**p, "focus_areas": p["focus_areas"] + [{"id": "fa1"}]},
        r"^plan\.json: focus_areas\[5\] \(fa1\): focus area 'fa1' is already planned in focus_areas\[0\]; "
        r"give each focus area once$",
    ),
    (
        lambda p: {**p, "focus_areas": [{**a, "floor": None} if a["id"] == "fa3" else a for a in p["focus_areas"]]},
        r'^plan\.json: focus_areas\[2\] \(fa3\): "floor" is null, not a number; give the least own money for the '
        r"area, a number >= 0, or leave the key out for its default$",
    ),
    (
        lambda p: {**p, "focus_areas": [{**a, "cap": 1000} if a["id"] == "fa2" else a for a in p["focus_areas"]]},
        r'^plan\.json: focus_areas\[1\] \(fa2\): "cap" 1000 is below "floor" 150000; the floor must not be above '
        r"the cap$",
    ),
    (
        lambda p: {**p, "focus_areas": [{**a, "flor": 5} if a["id"] == "fa4" else a for a in p["focus_areas"]]},
        r'^plan\.json: focus_areas\[3\] \(fa4\): unknown key "flor" \(allowed: id, name, note, floor, cap, ',
    ),
    (
        lambda p: {
            **p,
            "focus_areas": [
                {**a, "grants": [{"id": "eu", "rate": 1.2}]} if a["id"] == "fa1" else a for a in p["focus_areas"]
            ],
        },
        r'^plan\.json: focus_areas\[0\] \(fa1\)\.grants\[0\]: "rate" is 1\.2; give the co-financing rate, a number in '
        r"\[0, 1\)$",
    ),
    (
        lambda p: {
            **p,
            "focus_areas": [{**a, "grants": [["eu"]]} if a["id"] == "fa1" else a for a in p["focus_areas"]],
        },
        r'^plan\.json: focus_areas\[0\] \(fa1\)\.grants\[0\]: expected \{"id", "rate", "cap"\} or \[id, rate, cap\], '
        r'got \["eu"\]$',
    ),
    (
        lambda p: {
            **p,
            "focus_areas": [
                {**a, "benefit": [[1, 0.5], [1, 1.0]]} if a["id"] == "fa1" else a for a in p["focus_areas"]
            ],
        },
        r"^plan\.json: focus_areas\[0\] \(fa1\)\.benefit\[1\]: the slope 1\.0 is above the previous segment's 0\.5; "
        r"the curve must be concave \(slopes non-increasing\)$",
    ),
]


@pytest.mark.parametrize("change,message", BAD_PLANS)
def test_a_bad_plan_is_an_error_naming_the_file_and_key(change, message, plan_dict, strategy, tmp_path, capsys):
    bad = change(plan_dict)
    with pytest.raises(sk.ArgumentError, match=message):
        AllocationPlan.from_dict(bad, source="plan.json")
    # the file names itself, and the command line says the same in one line
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(sk.ArgumentError, match=message.replace(r"^plan\.json", "^" + re.escape(str(path)))):
        AllocationPlan.load(path)
    strategy_file = tmp_path / "s.json"
    strategy_file.write_text(strategy.to_json(), encoding="utf-8")
    assert main(["allocate", str(strategy_file), str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(message.replace(r"^plan\.json", re.escape(str(path))).rstrip("$"), err), (
        err
    )
    assert "Traceback" not in err and "KeyError" not in err


def test_allocate_focus_areas_of_an_empty_plan_is_a_clear_error(strategy):
    with pytest.raises(sk.ArgumentError, match=r'^allocation plan: "budget" is missing'):
        al.allocate_focus_areas(strategy, {})
    with pytest.raises(sk.ArgumentError, match=r'^allocation plan: "staff_days" is missing'):
        al.allocate_focus_areas(strategy, {"budget": 100})
    with pytest.raises(sk.ArgumentError, match=r"^allocate_focus_areas: plan: expected an AllocationPlan, a dict"):
        al.allocate_focus_areas(strategy, 5)


def test_a_plan_naming_an_unknown_focus_area_or_with_infeasible_floors(plan_dict, strategy):
    plan_dict["focus_areas"].append({"id": "fa9", "floor": 0})
    with pytest.raises(
        sk.ArgumentError,
        match=r"^plan\.json: focus_areas\[5\] \(fa9\): unknown focus area 'fa9' "
        r"\(focus areas: fa1, fa2, fa3, fa4, fa5\)$",
    ):
        al.allocate_focus_areas(strategy, AllocationPlan.from_dict(plan_dict, source="plan.json"))
    plan_dict["focus_areas"].pop()
    plan_dict["focus_areas"][0]["staff_days_floor"] = 1000  # the floors sum to 1090 of the 500 staff days
    with pytest.raises(
        sk.ArgumentError,
        match=r"^plan\.json: split_units \(dhondt\): infeasible: floors sum to "
        r"1090 units, which exceeds the budget 500 units by 590 units",
    ):
        al.allocate_focus_areas(strategy, AllocationPlan.from_dict(plan_dict, source="plan.json"))


def test_plan_round_trip(plan_dict, tmp_path):
    plan = AllocationPlan.from_dict(plan_dict)
    assert plan.budget == 2_400_000 and plan.staff_days == 500 and plan.hours_per_staff_day == 8
    assert plan.year == 2021 and plan.currency == "kr" and plan.weighting == "rank_order_centroid"
    assert [a.id for a in plan.focus_areas] == ["fa1", "fa2", "fa3", "fa4", "fa5"]
    fa1 = plan.focus_area("fa1")
    assert (fa1.floor, fa1.cap, fa1.staff_days_floor) == (200_000, 1_000_000, 40)
    assert fa1.grants[0].rate == 0.5 and fa1.grants[0].cap == 450_000 and fa1.benefit[1] == (500_000, 0.6)
    d = plan.to_dict()
    # every setting written out: the file's own keys, and the staff day's default length
    assert {k: v for k, v in d.items() if k != "hours_per_staff_day"} == plan_dict
    assert d["hours_per_staff_day"] == 8
    assert AllocationPlan.from_dict(d) == plan
    assert AllocationPlan.from_dict(json.loads(json.dumps(d))) == plan
    path = tmp_path / "plan.json"
    plan.to_json(path)
    assert AllocationPlan.load(path) == plan and AllocationPlan.load(path).source == str(path)
    # the defaults written out, an unlimited cap left out; the short grant form read as the long one
    small = AllocationPlan.from_dict(
        {"budget": 10, "staff_days": 2, "focus_areas": [{"id": "fa1", "grants": [["eu", 0.5]]}]}
    )
    assert small.to_dict() == {
        "budget": 10,
        "staff_days": 2,
        "hours_per_staff_day": 8,
        "weighting": "rank_order_centroid",
        "focus_areas": [
            {"id": "fa1", "floor": 0.0, "staff_days_floor": 0, "grants": [{"id": "eu", "rate": 0.5}], "benefit": []}
        ],
    }
    assert AllocationPlan.from_dict(small.to_dict()) == small
    # read as a mapping, as Allocation.plan was a dict
    assert plan["budget"] == 2_400_000 and plan.get("note") == plan_dict["note"] and dict(plan) == d


def test_allocate_takes_a_plan_a_dict_or_a_path(plan_dict, strategy, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_dict), encoding="utf-8")
    tables = [
        al.allocate_focus_areas(strategy, p).table
        for p in (plan_dict, AllocationPlan.from_dict(plan_dict), path, str(path))
    ]
    for t in tables[1:]:
        pd.testing.assert_frame_equal(t, tables[0])
    # the weighting used is the plan's the result carries (the report names it)
    a = al.allocate_focus_areas(strategy, plan_dict, "rank_sum")
    assert a.weighting == "rank_sum" and a.plan.weighting == "rank_sum" and a.plan["weighting"] == "rank_sum"
    ev = sk.evaluate(strategy, sk.examples.gavle_measurements())
    assert "rangsumma" in _section(sk.report.render_report(ev, allocation=a), "allocation")


def test_hours_per_staff_day_sets_the_projects_hours_budget(plan_dict, tmp_path, capsys):
    # 500 staff days × 8 hours = 4 000 hours by default; × 7.5 = 3 750 hours
    default = build()
    assert default.plan.hours == 4000.0 and default.projects_hours == 4000.0
    plan_dict["hours_per_staff_day"] = 7.5
    custom = build(plan=plan_dict)
    assert custom.plan.hours == 3750.0 and custom.projects_hours == 3750.0
    # the own money is the same: 450 000 + 300 000 + 200 000 + 100 000 kr matched by the grants
    assert default.projects_budget == custom.projects_budget == 1_050_000
    projects = sk.examples.gavle_projects()
    expected = al.select_projects(projects.drop(columns="name"), 1_050_000, hours=3750)
    assert custom.selection.selected == expected.selected and custom.selection.hours <= 3750
    assert expected.selected != al.select_projects(projects.drop(columns="name"), 1_050_000, hours=4000).selected
    # the command line reads it from the plan file, and the report shows the budget
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_dict), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "--out", str(out), "--plan", str(path)]) == 0
    assert "och 3\u00a0750 personaltimmar" in capsys.readouterr().out  # the report's language, sv by default
    hours = _row(_section(out.read_text(encoding="utf-8"), "projects"), "hours", "resource")
    assert f"3{NBSP}750" in hours


# -- the projects table -------------------------------------------------------------


def test_read_projects_semicolons_and_decimal_commas_give_the_same_table(tmp_path, strategy):
    comma = sk.examples.path("gavle/projects.csv")
    frame = pd.read_csv(comma, dtype=str, keep_default_na=False)
    # as Swedish Excel saves it: ";", decimal commas, thousands grouped with a space, ja/nej
    swedish = frame.copy()
    for c in ("cost", "external"):
        swedish[c] = [f"{int(x):,}".replace(",", " ") for x in frame[c]]
    swedish["rate"] = [x.replace(".", ",") for x in frame["rate"]]
    for c in ("must", "never"):
        swedish[c] = [{"1": "ja", "0": "Nej"}[x] for x in frame[c]]
    path = tmp_path / "projekt.csv"
    swedish.to_csv(path, sep=";", index=False, encoding="cp1252")
    assert ";" in path.read_text(encoding="cp1252").splitlines()[1] and "0,5" in path.read_text(encoding="cp1252")
    read = al.read_projects(path, strategy, encoding="cp1252")
    pd.testing.assert_frame_equal(read, al.read_projects(comma, strategy))
    example = sk.examples.gavle_projects()
    pd.testing.assert_frame_equal(read, example)
    assert read.loc[0, "cost"] == 150_000.0 and read.loc[0, "rate"] == 0.5 and read["must"].dtype == bool
    assert read["group"].tolist()[4:6] == ["esf_unga", "esf_unga"] and read.loc[0, "group"] is None


def test_read_projects_of_the_documented_example(tmp_path, strategy):
    path = tmp_path / "projects.csv"
    path.write_text(
        "id;name;focus_area;cost;hours;external;rate;value;group;must;never\n"
        "p01;Interreg: hamnlogistik (slutår);fa1;150 000;500;150 000;0,5;6;;ja;nej\n"
        "p02;Erasmus+: elevutbyte;fa4;50 000;400;200 000;0,8;7;;nej;nej\n",
        encoding="utf-8",
    )
    t = al.read_projects(path, strategy)
    assert t["cost"].tolist() == [150_000.0, 50_000.0] and t["rate"].tolist() == [0.5, 0.8]
    assert t["must"].tolist() == [True, False] and t["never"].tolist() == [False, False]


@pytest.mark.parametrize(
    "text,message",
    [
        ("id,cost,value\np1,12x,3\n", r"projects\.csv: row 2 \(p1\), column 'cost': '12x' is not a number"),
        ("id,cost,value\np1,,3\n", r"projects\.csv: row 2 \(p1\), column 'cost': the cell is empty; give a number"),
        (
            "id,cost,value,colour\np1,1,3,red\n",
            r"projects\.csv: unknown column 'colour' \(allowed: id, name, focus_area, ",
        ),
        ("id,value\np1,3\n", r"projects\.csv: missing column 'cost'"),
        ("id,cost,value\n", r"projects\.csv: no project rows"),
        (
            "id,cost,value,focus_area\np1,1,3,fa1\np2,1,3,fa9\n",
            r"projects\.csv: row 3 \(p2\): unknown focus area 'fa9'",
        ),
        ("id,cost,value,must\np1,1,3,\n", r"projects\.csv: row 2 \(p1\), column 'must': the cell is empty; write 1/0"),
        ("id,cost,value\np1,1,3,5\n", r"projects\.csv, row 2: 4 cells but the header has 3"),
        ("id,cost,value\n,1,3\n", r"projects\.csv: row 2: the project has no id"),
    ],
)
def test_read_projects_errors_name_the_file_row_and_column(text, message, tmp_path, strategy):
    path = tmp_path / "projects.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(sk.ArgumentError, match=message):
        al.read_projects(path, strategy)


# -- the year of a period, the activities, the summary's counts ---------------------


def test_the_year_of_a_period():
    from styrkort.strategy import period_year, year_of_time

    assert [period_year(p) for p in ("2020", "2020-T1", "2020-H2", "2020-Q3", "2020-M01")] == [2020] * 5
    # a declared id of another form: the year its time falls in, by the core's convention
    # (a year's value is read at the end of the year: 2020-T1 is 2019.33, 2020 is 2020.0)
    assert period_year("läsår", 2020.5) == 2021 and period_year("läsår", 2020.0) == 2020
    assert period_year("läsår", 2019 + 1 / 3) == 2020 and period_year("läsår") is None
    assert year_of_time(2020.0004) == 2020 and year_of_time(float("nan")) is None


def test_evaluation_period_year_and_the_report_of_a_declared_period(gavle_dict):
    d = copy.deepcopy(gavle_dict)
    d["periods"] = [p if p["id"] != "2020-T2" else {"id": "delår 2", "time": 2019 + 2 / 3} for p in d["periods"]]
    s = sk.Strategy.from_dict(d)
    m = sk.examples.gavle_measurements().frame
    m = m.assign(period=m["period"].replace("2020-T2", "delår 2"))
    ev = sk.evaluate(s, m)
    assert ev.periods == ["2017", "2018", "2019", "2020-T1", "delår 2", "2020"]
    assert [ev.period_year(p) for p in ev.periods] == [2017, 2018, 2019, 2020, 2020, 2020]
    # the report of "delår 2" (time 2019.67) follows up the action plan of 2020, as for 2020-T2
    doc = sk.report.render_report(ev, period="delår 2")
    assert "Uppföljning av handlingsplanen 2020" in doc and 'data-activity="a2020_fa1_1"' in doc
    with pytest.raises(sk.ArgumentError, match="period_year: unknown period '2030'"):
        ev.period_year("2030")


def test_an_activity_without_a_unit_belongs_to_the_top_unit(gavle_dict):
    # the whole organisation's activity (no unit): the root's follow-up takes it, a board's does not;
    # follow_up(unit=<the root>) left it out while unit=None and the report kept it
    d = copy.deepcopy(gavle_dict)
    a = next(a for a in d["activities"] if a["id"] == "a2020_fa5_1")
    del a["unit"]
    s = sk.Strategy.from_dict(d)
    ids = lambda f: set(f.activities["id"])  # noqa: E731
    assert "a2020_fa5_1" in ids(sk.follow_up(s, unit="gavle")) and "a2020_fa5_1" in ids(sk.follow_up(s))
    assert ids(sk.follow_up(s, unit="gavle")) == ids(sk.follow_up(s))
    assert "a2020_fa5_1" not in ids(sk.follow_up(s, unit="ks"))
    results = build(s, sk.examples.gavle_measurements(), unit="gavle")
    assert "a2020_fa5_1" in ids(results.action_plan())
    assert "a2020_fa5_1" in set(results.sheets()["activities"]["id"])
    assert 'data-activity="a2020_fa5_1"' in _section(results.render(), "action-plan")


@pytest.mark.parametrize(
    "unit,period", [("gavle", "2020"), ("ks", "2019"), ("stadshus", "2020-T1"), ("gavle_hamn", "2018")]
)
def test_the_report_lists_the_activities_of_follow_up(gavle_eval, unit, period):
    section = _section(sk.report.render_report(gavle_eval, unit=unit, period=period), "action-plan")
    assert section.count("<div") <= 1  # the follow-up of the plan year, then the list of every activity
    listed = re.findall(
        r'<tr data-activity="([^"]+)">', re.sub(r'<div id="action-plan-follow-up">.*?</div>', "", section, flags=re.S)
    )
    year = gavle_eval.period_year(period)
    expected = sk.follow_up(gavle_eval.strategy, unit=unit, until=year).activities["id"]
    assert sorted(listed) == sorted(expected) and len(listed) > 0


def test_summary_counts_from_the_statuses(gavle_eval):
    # Gävle 2020, the whole municipality: fa1, fa4 and fa5 green, fa2 (manual) and fa3 yellow
    sm = gavle_eval.summary().set_index("kind")
    fa = sm.loc["focus_area"]
    assert (fa["n"], fa["n_fulfilled"], fa["n_partly"], fa["n_not_fulfilled"], fa["n_not_assessable"]) == (
        5,
        3,
        2,
        0,
        0,
    )
    assert fa["fulfilled"] == pytest.approx(3 / 5) and fa["partly"] == pytest.approx(2 / 5)
    t = gavle_eval.table(unit="gavle", period="2020")
    assert dict(t.loc[t["kind"] == "focus_area", ["node", "status"]].astype(str).values) == {
        "fa1": "green",
        "fa2": "yellow",
        "fa3": "yellow",
        "fa4": "green",
        "fa5": "green",
    }
    ind = sm.loc["indicator"]
    assert (ind["n"], ind["n_fulfilled"], ind["n_partly"], ind["n_not_fulfilled"], ind["n_not_assessable"]) == (
        15,
        7,
        6,
        2,
        0,
    )
    counts = sm[["n_fulfilled", "n_partly", "n_not_fulfilled", "n_not_assessable"]]
    assert (counts.sum(axis=1) == sm["n"]).all() and counts.dtypes.map(lambda d: d.kind == "i").all()
    shares = sm[["fulfilled", "partly", "not_fulfilled", "not_assessable"]].to_numpy()
    assert np.allclose(shares * sm[["n"]].to_numpy(), counts.to_numpy())
    # the report's sentence on its first page says the counts
    doc = sk.report.render_report(gavle_eval)
    assert "Av 5 fokusområden är 3 uppfyllda, 2 delvis uppfyllda, 0 ej uppfyllda och 0 kan ej bedömas." in _section(
        doc, "board-summary"
    )


# -- one call for what the commands compute -------------------------------------------


def _without_date(path):
    import datetime

    return path.read_text(encoding="utf-8").replace(datetime.date.today().isoformat(), "DATE")


def test_build_writes_what_styrkort_report_writes(tmp_path, capsys):
    results = build()
    assert isinstance(results, FollowUpResults) and results.unit == "gavle" and results.period == "2020"
    assert results.year == 2020 and results.plan_year == 2020
    assert results.projects_budget == 1_050_000 and results.projects_hours == 4000
    for lang in ("sv", "en"):
        cli, py = tmp_path / f"cli-{lang}.html", tmp_path / f"py-{lang}.html"
        assert main(["report", "--out", str(cli), "--lang", lang]) == 0
        results.write(py, lang=lang)
        assert _without_date(py) == _without_date(cli)
        assert results.render(lang=lang) == py.read_text(encoding="utf-8")


def test_build_from_files_writes_what_the_command_writes(tmp_path, capsys):
    ex = sk.examples.path("gavle")
    files = dict(plan=ex / "allocation.json", projects=ex / "projects.csv", funds=ex / "funds.csv")
    cli, py = tmp_path / "cli.html", tmp_path / "py.html"
    assert (
        main(
            [
                "report",
                str(ex / "strategy.json"),
                str(ex / "measurements.csv"),
                "--out",
                str(cli),
                "--plan",
                str(files["plan"]),
                "--projects",
                str(files["projects"]),
                "--funds",
                str(files["funds"]),
                "--projects-budget",
                "600000",
                "--unit",
                "ks",
                "--period",
                "2019",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    results = build(
        ex / "strategy.json", ex / "measurements.csv", **files, projects_budget=600_000, unit="ks", period="2019"
    )
    results.write(py, lang="en")
    assert _without_date(py) == _without_date(cli)
    assert results.projects_hours == 4000 and results.selection.cost <= 600_000


def test_build_writes_what_styrkort_excel_writes(tmp_path, capsys):
    import openpyxl

    def values(path):
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in openpyxl.load_workbook(path)}

    cli, py = tmp_path / "cli.xlsx", tmp_path / "py.xlsx"
    assert main(["excel", "--out", str(cli), "--unit", "ks"]) == 0
    build(unit="ks").write_excel(py)
    assert values(py) == values(cli)
    assert list(values(py))[-2:] == ["Fördelning", "Valda projekt"]


def test_build_checks_its_arguments(strategy):
    m = sk.examples.gavle_measurements()
    with pytest.raises(sk.ArgumentError, match="give both strategy and measurements"):
        build(strategy)
    with pytest.raises(sk.ArgumentError, match=r"projects need projects_budget \(or a plan"):
        build(strategy, m, projects=sk.examples.gavle_projects())
    with pytest.raises(sk.ArgumentError, match="projects_budget and projects_hours need projects"):
        build(strategy, m, projects_hours=10)
    with pytest.raises(sk.ArgumentError, match=r"projects_budget -1: must be a non-negative number"):
        build(projects_budget=-1)
    with pytest.raises(sk.ArgumentError, match=r"^unit 'x': unknown unit"):
        build(unit="x")
    with pytest.raises(sk.ArgumentError, match=r"^period '1999': unknown period"):
        build(period="1999")
    with pytest.raises(sk.ArgumentError, match=r'^allocation plan: "budget" is missing'):
        build(plan={"staff_days": 1})
    with pytest.raises(sk.ArgumentError, match="encoding is for a measurements file"):
        build(encoding="cp1252")
