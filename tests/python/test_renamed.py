"""The names renamed in 0.2 (docs/glossary.md, "Renamed in 0.2"): each old
public name still works for one release, warns with a DeprecationWarning that
names the new name, and gives what the new name gives."""

import pytest

import styrkort as sk
from styrkort import _core


@pytest.fixture(scope="module")
def strategy():
    return sk.examples.gavle_strategy()


def test_strategy_warnings_engine_keyword(strategy):
    new = sk.strategy_warnings(strategy, evaluator=_core.Evaluator(strategy._strategy))
    with pytest.warns(DeprecationWarning, match=r"strategy_warnings\(engine=\.\.\.\).*strategy_warnings\(evaluator="):
        old = sk.strategy_warnings(strategy, engine=_core.Evaluator(strategy._strategy))
    assert old.equals(new) and old.equals(sk.strategy_warnings(strategy))
    with pytest.raises(sk.ArgumentError, match="give evaluator= only"):
        sk.strategy_warnings(strategy, evaluator=_core.Evaluator(strategy._strategy), engine=None)


def test_evaluation_engine_keyword(gavle_eval):
    core = gavle_eval._core
    new = sk.Evaluation(gavle_eval.strategy, core, evaluator=_core.Evaluator(gavle_eval.strategy._strategy))
    with pytest.warns(DeprecationWarning, match=r"Evaluation\(engine=\.\.\.\)"):
        old = sk.Evaluation(gavle_eval.strategy, core, engine=_core.Evaluator(gavle_eval.strategy._strategy))
    assert old.warnings.equals(new.warnings)


# -- styrkort.allocation --------------------------------------------------------------------------------------------

import json  # noqa: E402

import pandas as pd  # noqa: E402

from styrkort import allocation as al  # noqa: E402

RENAMED = r"is deprecated and will be removed in a later release; use "


@pytest.mark.parametrize(
    "old, new",
    [("PlanArea", "PlanFocusArea"), ("AREA_COLUMNS", "FOCUS_AREA_COLUMNS"), ("PLAN_AREA_KEYS", "PLAN_FOCUS_AREA_KEYS")],
)
def test_old_names_of_the_allocation_module(old, new):
    with pytest.warns(DeprecationWarning, match=rf"styrkort\.allocation\.{old} {RENAMED}styrkort\.allocation\.{new}"):
        got = getattr(al, old)
    assert got is getattr(al, new)
    with pytest.warns(DeprecationWarning):
        from styrkort.allocation import PlanArea  # noqa: F401
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchName'"):
        al.NoSuchName  # noqa: B018


def _focus_areas():
    return pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "weight": [3.0, 2.0, 1.0],
            "priority": [1, 2, 2],
            "floor": [10, 0, 5],
            "cap": [60, 40, 30],
        }
    )


@pytest.mark.parametrize("method", ["priority", "proportional", "units"])
def test_split_budget_areas_keyword_and_rank_column(method):
    new = al.split_budget(_focus_areas(), 100, method)
    assert list(new.table.columns[:1]) == ["focus_area"] and list(new.limits.columns) == ["focus_area", "floor", "cap"]
    with pytest.warns(DeprecationWarning, match=rf"split_budget\(areas=\.\.\.\) {RENAMED}split_budget\(focus_areas="):
        old = al.split_budget(areas=_focus_areas(), budget=100, method=method)
    pd.testing.assert_frame_equal(old.table, new.table)
    with pytest.warns(DeprecationWarning, match=rf"focus_areas: the column 'rank' {RENAMED}the column 'priority'"):
        ranked = al.split_budget(_focus_areas().rename(columns={"priority": "rank"}), 100, method)
    pd.testing.assert_frame_equal(ranked.table, new.table)
    with pytest.raises(
        sk.ArgumentError, match=r"give the column 'priority' only \('rank' is its deprecated old name\)"
    ):
        al.split_budget(_focus_areas().assign(rank=[1, 2, 3]), 100, method)
    with pytest.raises(sk.ArgumentError, match=r"split_budget: give focus_areas= only"):
        al.split_budget(_focus_areas(), 100, focus_areas=_focus_areas(), areas=_focus_areas())


def test_split_robustness_areas_and_ranks_keywords():
    new = al.split_robustness(_focus_areas(), 100.0, priorities=[1, 2, 3], samples=200, seed=4, progress=False)
    assert new.columns[0] == "focus_area"
    with pytest.warns(DeprecationWarning) as caught:
        old = al.split_robustness(
            areas=_focus_areas(), budget=100.0, ranks=[1, 2, 3], samples=200, seed=4, progress=False
        )
    said = sorted(str(w.message).split(" is ")[0] for w in caught)
    assert said == ["split_robustness(areas=...)", "split_robustness(ranks=...)"]
    pd.testing.assert_frame_equal(old, new)


def _items():
    return pd.DataFrame(
        {
            "id": ["p1", "p2", "p3", "p4"],
            "cost": [40, 30, 30, 20],
            "value": [5, 4, 3, 1],
            "focus_area": ["x", "x", "y", "y"],
        }
    )


def test_select_projects_area_column_and_area_limits_keyword():
    limits = pd.DataFrame({"focus_area": ["y"], "floor": [45]})
    new = al.select_projects(_items(), 80, focus_area_limits=limits)
    assert new.selected == ["p2", "p3", "p4"] and list(new.focus_areas.columns) == [
        "focus_area",
        "cost",
        "floor",
        "cap",
    ]
    with pytest.warns(DeprecationWarning) as caught:
        old = al.select_projects(
            _items().rename(columns={"focus_area": "area"}),
            80,
            area_limits=limits.rename(columns={"focus_area": "area"}),
        )
    assert sorted(str(w.message).split(" is ")[0] for w in caught) == [
        "focus_area_limits: the column 'area'",
        "items: the column 'area'",
        "select_projects(area_limits=...)",
    ]
    pd.testing.assert_frame_equal(old.table, new.table)
    with pytest.warns(DeprecationWarning, match=rf"Selection\.areas {RENAMED}Selection\.focus_areas"):
        spent = new.areas
    pd.testing.assert_frame_equal(spent, new.focus_areas)
    with pytest.raises(sk.ArgumentError, match=r"^items: give the column 'focus_area' only"):
        al.select_projects(_items().assign(area="x"), 80)


def test_selection_robustness_old_keywords():
    kw = dict(samples=100, seed=2, progress=False)
    new = al.selection_robustness(_items(), 60, ["x", "y"], priorities=[1, 2], **kw)
    with pytest.warns(DeprecationWarning) as caught:
        old = al.selection_robustness(
            _items().rename(columns={"focus_area": "area"}),
            60,
            area_ids=["x", "y"],
            ranks=[1, 2],
            area_limits=None,
            **kw,
        )
    assert sorted(str(w.message).split(" is ")[0] for w in caught) == [
        "items: the column 'area'",
        "selection_robustness(area_ids=...)",
        "selection_robustness(area_limits=...)",
        "selection_robustness(ranks=...)",
    ]
    pd.testing.assert_frame_equal(old, new)


def test_read_projects_with_the_area_column(tmp_path):
    text = sk.examples.path("gavle/projects.csv").read_text(encoding="utf-8")
    assert text.startswith("id,name,focus_area,")
    old = tmp_path / "old.csv"
    old.write_text(text.replace("id,name,focus_area,", "id,name,area,", 1), encoding="utf-8")
    strategy = sk.examples.gavle_strategy()
    with pytest.warns(DeprecationWarning, match=rf"old\.csv: the column 'area' {RENAMED}the column 'focus_area'"):
        got = al.read_projects(old, strategy)
    pd.testing.assert_frame_equal(got, al.read_projects(sk.examples.path("gavle/projects.csv"), strategy))


def _old_plan():
    plan = sk.examples.gavle_allocation()
    plan["areas"] = plan.pop("focus_areas")
    return plan


def test_plan_with_the_areas_key(tmp_path):
    new = al.AllocationPlan.from_dict(sk.examples.gavle_allocation())
    with pytest.warns(DeprecationWarning, match=rf'allocation plan: the key "areas" {RENAMED}"focus_areas"'):
        old = al.AllocationPlan.from_dict(_old_plan())
    assert old == new and old.to_dict() == new.to_dict() and "areas" not in old.to_dict()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_old_plan()), encoding="utf-8")
    with pytest.warns(DeprecationWarning, match=rf'plan\.json: the key "areas" {RENAMED}"focus_areas"'):
        assert al.AllocationPlan.load(path) == new
    # errors name the key as written
    bad = _old_plan()
    bad["areas"][2]["floor"] = None
    with (
        pytest.warns(DeprecationWarning),
        pytest.raises(sk.ArgumentError, match=r'^allocation plan: areas\[2\] \(fa3\): "floor" is null'),
    ):
        al.AllocationPlan.from_dict(bad)
    with pytest.raises(sk.ArgumentError, match=r'give "focus_areas" only \("areas" is its deprecated old name\)'):
        al.AllocationPlan.from_dict({**sk.examples.gavle_allocation(), "areas": []})
    # allocate_focus_areas reads it as the new key
    strategy = sk.examples.gavle_strategy()
    with pytest.warns(DeprecationWarning):
        split = al.allocate_focus_areas(strategy, _old_plan())
    pd.testing.assert_frame_equal(split.table, al.allocate_focus_areas(strategy, new).table)


def test_plan_attributes_renamed():
    plan = al.AllocationPlan.from_dict(sk.examples.gavle_allocation())
    with pytest.warns(DeprecationWarning, match=rf"AllocationPlan\.areas {RENAMED}AllocationPlan\.focus_areas"):
        assert plan.areas == plan.focus_areas
    with pytest.warns(DeprecationWarning, match=rf"AllocationPlan\.area\(\) {RENAMED}AllocationPlan\.focus_area\(\)"):
        assert plan.area("fa1") == plan.focus_area("fa1") and plan.focus_area("fa1").id == "fa1"
    with pytest.warns(DeprecationWarning, match=rf"the plan's key 'areas' {RENAMED}'focus_areas'"):
        assert plan["areas"] == plan["focus_areas"]
    assert "areas" not in plan and "focus_areas" in plan
    with pytest.warns(DeprecationWarning, match=rf"AllocationPlan\.staff_hours {RENAMED}AllocationPlan\.hours"):
        assert plan.staff_hours == plan.hours == 4000.0
    with pytest.warns(
        DeprecationWarning, match=rf"AllocationPlan\(areas=\.\.\.\) {RENAMED}AllocationPlan\(focus_areas="
    ):
        old = al.AllocationPlan(budget=plan.budget, staff_days=plan.staff_days, areas=plan.focus_areas)
    assert old == al.AllocationPlan(budget=plan.budget, staff_days=plan.staff_days, focus_areas=plan.focus_areas)


def test_cli_reads_an_old_plan_and_says_so(tmp_path, capsys):
    from styrkort.cli import main

    strategy = tmp_path / "s.json"
    strategy.write_text(sk.examples.gavle_strategy().to_json(), encoding="utf-8")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_old_plan()), encoding="utf-8")
    new.write_text(json.dumps(sk.examples.gavle_allocation()), encoding="utf-8")
    assert main(["allocate", str(strategy), str(new), "--out", str(tmp_path / "new.csv")]) == 0
    assert capsys.readouterr().err == ""
    assert main(["allocate", str(strategy), str(old), "--out", str(tmp_path / "old.csv")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("styrkort: warning: ") and 'old.json: the key "areas" is deprecated' in err
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "old.csv"), pd.read_csv(tmp_path / "new.csv"))


def test_report_of_a_plan_dict_with_the_areas_key():
    from styrkort import report

    ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    split = al.allocate_focus_areas(ev.strategy, sk.examples.gavle_allocation())
    new = report.render_report(ev, allocation=split.table, plan=sk.examples.gavle_allocation())
    with pytest.warns(DeprecationWarning, match=rf"render_report: the plan's key \"areas\" {RENAMED}\"focus_areas\""):
        old = report.render_report(ev, allocation=split.table, plan=_old_plan())
    assert old == new and "Interreg Botnia-Atlantica (projekt)" in new
