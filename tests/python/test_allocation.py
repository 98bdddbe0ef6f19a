"""Allocation through the public API: weights, AHP, splits, request scoring."""

import json

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort import allocation as al


def test_rank_order_centroid_for_five_ranks():
    # docs/methods.md: n = 5 -> .457 .257 .157 .090 .040
    w = al.priority_weights({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})
    assert w.round(3).tolist() == [0.457, 0.257, 0.157, 0.09, 0.04]
    assert w.sum() == pytest.approx(1.0)


def test_weights_from_the_gavle_focus_areas():
    w = al.priority_weights(sk.examples.gavle_strategy(), method="rank_sum")
    # rank sum, n = 5: 2(n+1-k)/(n(n+1)) = 10/30, 8/30, 6/30, 4/30, 2/30
    assert w.to_numpy() == pytest.approx(np.array([10, 8, 6, 4, 2]) / 30)
    assert list(w.index) == ["fa1", "fa2", "fa3", "fa4", "fa5"]


def test_ahp_consistent_matrix_and_warning():
    w = np.array([0.5, 0.3, 0.2])
    a = pd.DataFrame(w[:, None] / w[None, :], index=["x", "y", "z"], columns=["x", "y", "z"])
    r = al.ahp(a)
    assert r.weights.to_numpy() == pytest.approx(w)
    assert r.lambda_max == pytest.approx(3.0) and r.consistency_index == pytest.approx(0.0, abs=1e-12)
    bad = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    with pytest.warns(sk.ConsistencyWarning, match="consistency ratio"):
        r = al.ahp(bad)
    assert not r.acceptable and r.consistency_ratio > 0.1
    with pytest.raises(sk.ArgumentError, match=r"cells \(1, 2\) = 3 and \(2, 1\) = 0.5 are not reciprocal"):
        al.ahp([[1, 3], [0.5, 1]])


def test_proportional_split_by_hand():
    areas = pd.DataFrame(
        {"id": ["fa1", "fa2", "fa3"], "weight": [0.5, 0.3, 0.2], "floor": [0, 0, 25], "cap": [40, 1e9, 1e9]}
    )
    r = al.split_budget(areas, 100)
    # lambda w: fa1 capped at 40; fa3's floor 25 binds; fa2 gets the rest: 35
    assert r.table["amount"].tolist() == pytest.approx([40, 35, 25])
    assert r.table["binding"].tolist() == ["cap", "", "floor"]
    assert r.table["amount"].sum() == pytest.approx(100)


def test_leverage_moves_more_activity():
    assert al.leverage_factor(0.5) == pytest.approx(2.0)
    assert al.leverage_factor(0.8) == pytest.approx(5.0)
    areas = pd.DataFrame({"id": ["a", "b"], "weight": [1.0, 1.0], "grants": [[("eu", 0.5, 1e9)], []]})
    r = al.split_budget(areas, 100, "leverage")
    t = r.table.set_index("focus_area")
    # equal weights: every own krona in a moves 2 units, in b 1: all goes to a
    assert t.loc["a", "own"] == pytest.approx(100) and t.loc["a", "total"] == pytest.approx(200)
    assert t.loc["a", "external"] == pytest.approx(100)


def test_whole_units_dhondt():
    areas = pd.DataFrame({"id": ["a", "b", "c"], "weight": [100000, 80000, 30000]})
    r = al.split_budget(areas, 8, "units")
    # D'Hondt quotients: a 100,50,33.3,25 ; b 80,40,26.7 ; c 30 -> a 4, b 3, c 1
    assert r.table["amount"].tolist() == [4, 3, 1]
    with pytest.raises(sk.ArgumentError, match="whole number of units"):
        al.split_budget(areas, 7.5, "units")


def test_infeasible_floors_say_by_how_much():
    areas = pd.DataFrame({"id": ["a", "b"], "floor": [60, 50]})
    with pytest.raises(sk.ArgumentError, match="floors sum to 110, which exceeds the budget 100 by 10"):
        al.split_budget(areas, 100)


def test_stockholm_requests_scored():
    with open(sk.examples.path("stockholm/requests.json"), encoding="utf-8") as f:
        data = json.load(f)
    assert "illustrativ" in json.dumps(data, ensure_ascii=False).lower()
    rows = [{"id": r["id"], **r["ratings"]} for r in data["requests"]]
    table = pd.DataFrame(rows)
    ws = al.score_requests(table, data["criteria"], "weighted_sum")
    top = al.score_requests(table, data["criteria"], "topsis")
    assert ws.table["score"].between(0, 1).all() and top.table["score"].between(0, 1).all()
    # a request's contributions add up to its weighted-sum score
    assert ws.contributions.sum(axis=1).to_numpy() == pytest.approx(ws.table["score"].to_numpy())
    assert sorted(ws.table["rank"])[0] == 1


def test_allocate_command_on_the_embedded_example(tmp_path, capsys):
    from styrkort.cli import main

    out = tmp_path / "split.csv"
    assert main(["allocate", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Illustrativa värden" in printed
    t = pd.read_csv(out)
    plan = sk.examples.gavle_allocation()
    assert list(t["focus_area"]) == ["fa1", "fa2", "fa3", "fa4", "fa5"]
    assert t["own"].sum() == pytest.approx(plan["budget"])
    assert t["staff_days"].sum() == plan["staff_days"]
    floors = {a["id"]: a for a in plan["focus_areas"]}
    for _, row in t.iterrows():
        a = floors[row["focus_area"]]
        assert a["floor"] - 1e-6 <= row["own"] <= a["cap"] + 1e-6
        assert row["staff_days"] >= a["staff_days_floor"]
        # external money never exceeds what the grants allow at their rates
        cap = sum(g["cap"] for g in a["grants"])
        assert row["external"] <= cap + 1e-6
    # the higher the priority, the more staff days (D'Hondt over decreasing weights)
    assert list(t["staff_days"]) == sorted(t["staff_days"], reverse=True)


def test_allocate_rejects_a_bad_plan(tmp_path, capsys):
    from styrkort.cli import main

    plan = tmp_path / "plan.json"
    plan.write_text('{"budget": "much", "staff_days": 10}', encoding="utf-8")
    strategy = tmp_path / "s.json"
    strategy.write_text(sk.examples.gavle_strategy().to_json(), encoding="utf-8")
    assert main(["allocate", str(strategy), str(plan)]) == 1
    assert '"budget" must be a number' in capsys.readouterr().err


def _brute_force(items, budget, hours=None):
    import itertools

    best = -1.0
    for k in range(len(items) + 1):
        for combo in itertools.combinations(range(len(items)), k):
            sub = items.iloc[list(combo)]
            if sub["cost"].sum() > budget + 1e-9:
                continue
            if hours is not None and sub["hours"].sum() > hours + 1e-9:
                continue
            if "group" in sub and sub["group"].dropna().duplicated().any():
                continue
            best = max(best, sub["value"].sum())
    return best


def test_selection_equals_brute_force_on_random_instances():
    rng = np.random.default_rng(7)
    for trial in range(20):
        n = int(rng.integers(4, 13))
        items = pd.DataFrame(
            {
                "id": [f"p{i}" for i in range(n)],
                "cost": rng.uniform(10, 100, n).round(1),
                "hours": rng.uniform(5, 50, n).round(0),
                "value": rng.uniform(1, 20, n).round(2),
                "group": [("g" if i % 4 == 0 else None) for i in range(n)],
            }
        )
        budget, hours = float(items["cost"].sum() * 0.4), float(items["hours"].sum() * 0.5)
        r = al.select_projects(items, budget, hours=hours)
        assert r.proven_optimal and r.gap == pytest.approx(0.0, abs=1e-9)
        assert r.value == pytest.approx(_brute_force(items, budget, hours), abs=1e-6), trial
        g = al.select_projects(items, budget, hours=hours, method="greedy")
        assert g.value <= r.value + 1e-9 <= r.bound + 2e-9


def test_selection_errors_name_the_item():
    items = pd.DataFrame({"id": ["a", "b"], "cost": [10, -1], "value": [1, 2]})
    with pytest.raises(sk.ArgumentError, match="'b'"):
        al.select_projects(items, 100)
    items = pd.DataFrame({"id": ["a", "b"], "cost": [80, 70], "value": [1, 2], "must": [True, True]})
    with pytest.raises(sk.ArgumentError, match="exceeds the budget"):
        al.select_projects(items, 100)


def test_split_robustness_mean_share_is_the_rank_order_centroid():
    areas = pd.DataFrame({"id": ["a", "b", "c"]})
    t = al.split_robustness(areas, 100.0, "proportional", priorities=[1, 2, 3], samples=20000, seed=3)
    roc = al.priority_weights({"a": 1, "b": 2, "c": 3}).to_numpy()
    # without floors or caps a share is the sampled weight: its mean is ROC within the MC error
    assert np.all(np.abs(t["mean_share"].to_numpy() - roc) < 4 * t["mc_error"].to_numpy() + 1e-12)
    again = al.split_robustness(areas, 100.0, "proportional", priorities=[1, 2, 3], samples=20000, seed=3, threads=1)
    pd.testing.assert_frame_equal(t, again)  # seeded: the same whatever the threads


def test_selection_robustness_always_and_never():
    items = pd.DataFrame(
        {
            "id": ["must", "never", "x", "y"],
            "cost": [10, 10, 50, 50],
            "value": [1, 100, 3, 2],
            "focus_area": ["a", "a", "a", "b"],
            "must": [True, False, False, False],
            "never": [False, True, False, False],
        }
    )
    t = al.selection_robustness(items, 60, ["a", "b"], priorities=[1, 2], samples=500, seed=1).set_index("id")
    assert t.loc["must", "acceptability"] == 1.0 and t.loc["never", "acceptability"] == 0.0
    assert t.loc["must", "mc_error"] == 0.0


def test_plan_with_a_grant_without_rate_is_a_clear_error(tmp_path, capsys):
    from styrkort.cli import main

    plan = sk.examples.gavle_allocation()
    plan["focus_areas"][0]["grants"] = [{"id": "eu", "cap": 100}]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    strategy = tmp_path / "s.json"
    strategy.write_text(sk.examples.gavle_strategy().to_json(), encoding="utf-8")
    assert main(["allocate", str(strategy), str(path)]) == 1
    assert (
        f'{path}: focus_areas[0] (fa1).grants[0]: "rate" is missing; give the co-financing rate, a number in [0, 1)'
        in capsys.readouterr().err
    )


def test_selection_carries_descriptive_columns():
    items = pd.DataFrame({"id": ["a", "b"], "name": ["Projekt A", "Projekt B"], "cost": [10, 20], "value": [1, 3]})
    r = al.select_projects(items, 25)
    assert r.selected == ["b"] and list(r.table["name"]) == ["Projekt A", "Projekt B"]


# ---- the allocation inputs, strictly read: empty cells, yes/no flags, floors
# that sum to the budget, and area windows no choice of items can meet


def _gavle_files(tmp_path, plan):
    strategy, path = tmp_path / "s.json", tmp_path / "plan.json"
    strategy.write_text(sk.examples.gavle_strategy().to_json(), encoding="utf-8")
    path.write_text(json.dumps(plan), encoding="utf-8")
    return strategy, path


@pytest.mark.parametrize("column", ["weight", "floor", "cap"])
@pytest.mark.parametrize("empty", [np.nan, None, ""])
def test_empty_weight_floor_or_cap_cell_names_row_and_column(column, empty):
    areas = pd.DataFrame({"id": ["a", "b", "c"], column: [1.0, empty, 2.0]})
    with pytest.raises(
        sk.ArgumentError,
        match=rf"^focus_areas, row 2 \(b\), column '{column}': the cell is empty \(or "
        r"NaN\); give a number, or leave the column out for its default",
    ):
        al.split_budget(areas, 10)
    with pytest.raises(sk.ArgumentError, match=rf"focus_areas, row 2 \(b\), column '{column}'"):
        al.split_robustness(areas, 10, priorities=[1, 2, 3], samples=10, progress=False)


def test_absent_weight_floor_cap_columns_take_their_defaults():
    # weight 1, floor 0, no cap for every area: 10 split 5 / 5
    assert al.split_budget(pd.DataFrame({"id": ["a", "b"]}), 10).table["amount"].tolist() == [5, 5]
    # floors, weights 1, no caps: x = max(lambda, floor) with 6 + lambda = 10, lambda = 4: a 6 (its floor), b 4
    r = al.split_budget(pd.DataFrame({"id": ["a", "b"], "floor": [6, 2]}), 10)
    assert r.table["amount"].tolist() == [6, 4]
    assert r.table["binding"].tolist() == ["floor", ""]
    # a non-number is still named as such, with the row counted from 1
    with pytest.raises(sk.ArgumentError, match=r"^focus_areas, row 1 \(a\), column 'cap': 'lots' is not a number$"):
        al.split_budget(pd.DataFrame({"id": ["a", "b"], "cap": ["lots", 3]}), 10)


def test_area_limits_read_strictly():
    items = pd.DataFrame({"id": ["a", "b", "c"], "cost": [4, 5, 6], "value": [4, 6, 5], "focus_area": ["x", "x", "y"]})
    for floor in (np.nan, None):
        with pytest.raises(
            sk.ArgumentError, match=r"^focus_area_limits, row 1 \(x\), column 'floor': the cell is empty"
        ):
            al.select_projects(
                items, 10, focus_area_limits=pd.DataFrame({"focus_area": ["x"], "floor": [floor], "cap": [5]})
            )
    with pytest.raises(sk.ArgumentError, match=r"^focus_area_limits, row 2 \(y\), column 'cap': the cell is empty"):
        al.select_projects(items, 10, focus_area_limits=pd.DataFrame({"focus_area": ["x", "y"], "cap": [5, np.nan]}))
    with pytest.raises(
        sk.ArgumentError, match=r"^focus_area_limits, row 1 \(x\), column 'cap': 'lots' is not a number"
    ):
        al.select_projects(items, 10, focus_area_limits=pd.DataFrame({"focus_area": ["x"], "cap": ["lots"]}))
    with pytest.raises(sk.ArgumentError, match=r"focus_area_limits: unknown column 'ceiling'"):
        al.select_projects(items, 10, focus_area_limits=pd.DataFrame({"focus_area": ["x"], "ceiling": [5]}))
    # Without a cap column, x's floor 9 only: a + b (cost 9, value 10); c no longer fits the budget 10.
    r = al.select_projects(items, 10, focus_area_limits=pd.DataFrame({"focus_area": ["x"], "floor": [9]}))
    assert r.selected == ["a", "b"] and r.value == 10
    # Without a floor column, x's cap 5 only: one of a and b; a + c (cost 10, value 9) beats b alone (6),
    # b + c costs 11.
    r = al.select_projects(items, 10, focus_area_limits=pd.DataFrame({"focus_area": ["x"], "cap": [5]}))
    assert r.selected == ["a", "c"] and r.value == 9


@pytest.mark.parametrize("key", ["floor", "cap", "staff_days_floor"])
def test_plan_floor_or_cap_null_is_an_error_naming_the_area(key, tmp_path, capsys):
    from styrkort.cli import main

    plan = sk.examples.gavle_allocation()
    plan["focus_areas"][2][key] = None
    with pytest.raises(
        sk.ArgumentError, match=rf'allocation plan: focus_areas\[2\] \(fa3\): "{key}" is null, not a number'
    ):
        al.allocate_focus_areas(sk.examples.gavle_strategy(), plan)
    strategy, path = _gavle_files(tmp_path, plan)
    for command in (
        ["allocate", str(strategy), str(path)],
        ["report", "--out", str(tmp_path / "r.html"), "--plan", str(path)],
    ):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f'focus_areas[2] (fa3): "{key}" is null' in err
    del plan["focus_areas"][2][key]  # left out: the default
    assert len(al.allocate_focus_areas(sk.examples.gavle_strategy(), plan).table) == 5


YES_NO = [
    (True, False),
    (1, 0),
    (1.0, 0.0),
    (np.True_, np.False_),
    ("1", "0"),
    ("true", "false"),
    ("TRUE", "False"),
    ("yes", "no"),
    ("Yes", "NO"),
    ("ja", "nej"),
    ("JA", "Nej"),
    (" ja ", " nej "),
]


@pytest.mark.parametrize("yes,no", YES_NO)
def test_must_and_never_accept_the_yes_no_spellings(yes, no):
    # a must (value 1), b free (5), c never (9), d free (3); budget 2: a and b.
    items = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "cost": [1, 1, 1, 1],
            "value": [1, 5, 9, 3],
            "must": [yes, no, no, no],
            "never": [no, no, yes, no],
        }
    )
    r = al.select_projects(items, 2)
    assert r.selected == ["a", "b"] and r.value == 6
    assert r.table["must"].tolist() == [True, False, False, False]
    assert r.table["never"].tolist() == [False, False, True, False]
    assert r.table["must"].dtype == bool


def test_the_string_false_is_no():
    # bool("False") is True: the text must not make both items must (2 over the budget 1).
    items = pd.DataFrame({"id": ["a", "b"], "cost": [1, 1], "value": [1, 2], "must": ["False", "false"]})
    r = al.select_projects(items, 1)
    assert r.selected == ["b"] and r.table["must"].tolist() == [False, False]


@pytest.mark.parametrize(
    "bad,said",
    [
        ("x", "'x' is neither yes nor no"),
        ("maybe", "'maybe' is neither yes nor no"),
        (2, "2 is neither yes nor no"),
        (-1, "-1 is neither yes nor no"),
        (0.5, "0.5 is neither yes nor no"),
        ("", "the cell is empty"),
        (None, "the cell is empty"),
        (np.nan, "the cell is empty"),
    ],
)
def test_must_and_never_other_values_are_errors_naming_the_row(bad, said):
    items = pd.DataFrame({"id": ["a", "b"], "cost": [1, 1], "value": [1, 2], "never": [False, bad]}, dtype=object)
    with pytest.raises(
        sk.ArgumentError,
        match=rf"^items, row 2 \(b\), column 'never': {said}; write 1/0, true/false, "
        r"yes/no or ja/nej \(any case\)$",
    ):
        al.select_projects(items, 1)
    with pytest.raises(sk.ArgumentError, match=r"items, row 2 \(b\), column 'never'"):
        al.selection_robustness(items, 1, ["a"], priorities=[1], samples=5, progress=False)


def test_cli_projects_flags_read_by_the_same_rule(tmp_path, capsys):
    from styrkort.cli import main

    lines = sk.examples.path("gavle/projects.csv").read_text(encoding="utf-8").splitlines()
    flagged = {1: "Ja,False", 2: "nej,NEJ", 15: "no,YES"}  # p01 must, p02 neither, p15 never
    for i, cells in flagged.items():
        lines[i] = lines[i].rsplit(",", 2)[0] + "," + cells
    projects, out = tmp_path / "projects.csv", tmp_path / "r.html"
    projects.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", "--out", str(out), "--projects", str(projects), "--projects-budget", "600000"]) == 0
    read = al.read_projects(projects, sk.examples.gavle_strategy())
    example = sk.examples.gavle_projects()
    for c in ("must", "never"):
        assert read[c].tolist() == example[c].tolist() and read[c].dtype == bool
    capsys.readouterr()
    for cell, said in (("x", "'x' is neither yes nor no"), ("", "the cell is empty")):
        bad = list(lines)
        bad[2] = bad[2].rsplit(",", 2)[0] + f",{cell},NEJ"
        projects.write_text("\n".join(bad) + "\n", encoding="utf-8")
        assert main(["report", "--out", str(out), "--projects", str(projects)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"projects.csv: row 3 (p02), column 'must': {said}; write 1/0" in err


@pytest.mark.parametrize("method", ["priority", "proportional", "diminishing", "leverage", "resources"])
@pytest.mark.parametrize("floors", [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.2, 0.1, 0.3]])
def test_floors_summing_to_the_budget_fit_in_any_order(method, floors):
    # 0.1 + 0.2 + 0.3 is 0.6000000000000001: the floors fit, each area gets its floor.
    r = al.split_budget(pd.DataFrame({"id": ["a", "b", "c"], "floor": floors}), 0.6, method)
    assert r.table["amount"].tolist() == floors and r.unspent == 0
    with pytest.raises(
        sk.ArgumentError,
        match=r"floors (sum to|need) 0\.6(| of money), which exceeds the (money )?"
        r"budget 0\.5999999 by",
    ):
        al.split_budget(pd.DataFrame({"id": ["a", "b", "c"], "floor": floors}), 0.5999999, method)


def test_selection_floors_summing_to_the_budget_are_feasible():
    items = pd.DataFrame(
        {"id": ["a", "b", "c"], "cost": [0.1, 0.2, 0.3], "value": [1, 1, 1], "focus_area": ["x", "y", "z"]}
    )
    limits = pd.DataFrame({"focus_area": ["x", "y", "z"], "floor": [0.1, 0.2, 0.3]})
    assert al.select_projects(items, 0.6, focus_area_limits=limits).selected == ["a", "b", "c"]


def test_cli_allocate_floors_summing_to_the_budget(tmp_path, capsys):
    from styrkort.cli import main

    plan = {
        "budget": 0.6,
        "staff_days": 10,
        "focus_areas": [{"id": "fa1", "floor": 0.1}, {"id": "fa2", "floor": 0.2}, {"id": "fa3", "floor": 0.3}],
    }
    strategy, path = _gavle_files(tmp_path, plan)
    out = tmp_path / "split.csv"
    assert main(["allocate", str(strategy), str(path), "--out", str(out)]) == 0
    assert "exceeds" not in capsys.readouterr().err
    assert pd.read_csv(out)["own"].tolist() == [0.1, 0.2, 0.3, 0.0, 0.0]


def test_area_window_no_choice_meets_names_the_nearest_sums():
    # 32 items costing 5 or 10 in one area, window [133, 134]: every sum is a multiple of 5.
    items = pd.DataFrame(
        {
            "id": [f"p{j}" for j in range(32)],
            "cost": [10 if j % 2 else 5 for j in range(32)],
            "value": [5 if j % 2 else 3 for j in range(32)],
            "focus_area": "fa1",
        }
    )
    limits = pd.DataFrame({"focus_area": ["fa1"], "floor": [133], "cap": [134]})
    with pytest.raises(
        sk.ArgumentError,
        match=r"^infeasible: area 'fa1': no choice of its items costs between its "
        r"floor 133 and its cap 134 \(every cost is a multiple of 5; .*\); the "
        r"nearest sums are 130 and 135; lower the floor to 130 or raise the "
        r"cap to 135$",
    ):
        al.select_projects(items, 1000, focus_area_limits=limits)
    # [133, 135]: 5a + 10b = 135 with a, b <= 16; value 3a + 5b = 81 - b is best at b = 6, a = 15: 75
    r = al.select_projects(items, 1000, focus_area_limits=limits.assign(cap=[135]))
    assert r.proven_optimal and r.value == 75 and r.cost == 135
