"""Comparison with other municipalities (issue 10, point 5): the comparison
units' rows kept apart from the evaluation, their values, a unit's position in
a peer group (computed here by hand), the Kolada reader keeping the ids asked
for, the report's comparison column, the workbook's sheet and the command line.

The Kolada fixture tests/data/kolada/compare.json has made-up values (see the
README there): Gävle (2180), riket (0000), Region Gävleborg (0021) and five
peer municipalities (0380, 0580, 1880, 1980, 2281); 1480 is not asked for."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import styrkort as sk
from styrkort.comparison import COUNTRY, Comparand, Comparison, parse_compare, split_comparison
from styrkort.kolada import read_kolada

DATA = Path(__file__).resolve().parents[1] / "data" / "kolada"
FIXTURE = DATA / "compare.json"
KPIS = {"N00945": "i_utbildning", "N03937": "i_arbetsloshet"}
PEERS = ["0380", "0580", "1880", "1980", "2281"]
COMPARE = "riket,0021:Region Gävleborg,jämförelsegrupp=" + "+".join(PEERS)


# -- what to compare with -----------------------------------------------------------------------


def test_the_text_form():
    got = parse_compare(" riket , 2181:Sandviken,grupp=0380+1880;2281, G124026")
    assert got == (
        Comparand("0000", ("0000",)),
        Comparand("2181", ("2181",), name="Sandviken"),
        Comparand("grupp", ("0380", "1880", "2281"), group=True),
        Comparand("G124026", ("G124026",)),
    )
    assert parse_compare("RIKET")[0].key == COUNTRY == "0000"


def test_the_dict_and_list_forms():
    assert parse_compare({"0000": "Riket", "0021": None, "jämförelsegrupp": ["0380", "1880"]}) == (
        Comparand("0000", ("0000",), name="Riket"),
        Comparand("0021", ("0021",)),
        Comparand("jämförelsegrupp", ("0380", "1880"), group=True),
    )
    assert parse_compare(["0000", "g=1+2"]) == (Comparand("0000", ("0000",)), Comparand("g", ("1", "2"), group=True))
    assert parse_compare({"Riket": None}) == (Comparand("0000", ("0000",)),)
    assert parse_compare(None) == () and parse_compare([]) == ()


@pytest.mark.parametrize(
    "spec, message",
    [
        ("0000,,2181", r"^compare item 2: an empty item; write ID, ID:NAME, NAME=ID\+ID\+\.\.\. or riket"),
        ("=0380+1880", r"a peer group needs a name before '='"),
        ("grupp=", r"the peer group 'grupp' has no ids after '='"),
        ("grupp=0380++1880", r"an empty id in the peer group 'grupp'"),
        ("2181:", r"write ID:NAME, e\.g\. '2181:Sandviken'"),
        ("0000,riket", r"^compare: the id '0000' is given twice$"),
        ("g=1+1", r"^compare: the peer group 'g' has 1 twice$"),
        ({"0180": 180}, r"expected a name \(for the id '0180'\) or a list of ids"),
        ({"g": ["0380", 180]}, r"compare\['g'\]\[1\]: expected an id as text \(as text, with its leading zeros"),
        ({"g": []}, r"the peer group 'g' has no ids"),
        ([180], r"compare\[0\]: expected an id as text"),
        (180, r"compare: expected ids as text"),
    ],
)
def test_malformed_compare(spec, message):
    with pytest.raises(sk.ArgumentError, match=message):
        parse_compare(spec)


# -- positions and values by hand ---------------------------------------------------------------


def hand_strategy():
    return sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Hand",
            "units": [{"id": "kommun"}, {"id": "a", "parent": "kommun"}],
            "nodes": [
                {"id": "g", "kind": "goal"},
                {"id": "hi", "kind": "indicator", "parents": ["g"]},  # higher is better by default
                {"id": "lo", "kind": "indicator", "parents": ["g"], "direction": "lower_is_better"},
                {
                    "id": "band",
                    "kind": "indicator",
                    "parents": ["g"],
                    "direction": "band",
                    "band": [2, 3],
                    "tolerance": 1,
                },
            ],
        }
    )


def hand_measurements():
    nan = math.nan
    rows = [
        # hi 2023: kommun 10 among 12, 10, 8, –, 15; a 12
        ("hi", "kommun", "2023", 10),
        ("hi", "a", "2023", 12),
        ("hi", "p1", "2023", 12),
        ("hi", "p2", "2023", 10),
        ("hi", "p3", "2023", 8),
        ("hi", "p4", "2023", nan),
        ("hi", "p5", "2023", 15),
        ("hi", "0000", "2023", 11.5),
        # hi 2022: the unit has no value
        ("hi", "kommun", "2022", nan),
        ("hi", "p1", "2022", 9),
        # lo 2023: kommun 5 among 4, 6, 5, 3, 7
        ("lo", "kommun", "2023", 5),
        ("lo", "p1", "2023", 4),
        ("lo", "p2", "2023", 6),
        ("lo", "p3", "2023", 5),
        ("lo", "p4", "2023", 3),
        ("lo", "p5", "2023", 7),
        ("lo", "0000", "2023", nan),
        # lo 2022: no member has a value
        ("lo", "kommun", "2022", 6),
        ("lo", "p1", "2022", nan),
        # band [2, 3] 2023: distances kommun 0.5, a 0; members 0, 1, 0, 1, 0.5
        ("band", "kommun", "2023", 3.5),
        ("band", "a", "2023", 2.2),
        ("band", "p1", "2023", 2.5),
        ("band", "p2", "2023", 1.0),
        ("band", "p3", "2023", 2.0),
        ("band", "p4", "2023", 4.0),
        ("band", "p5", "2023", 3.5),
    ]
    return pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"])


@pytest.fixture(scope="module")
def hand():
    return split_comparison(
        hand_measurements(),
        {"0000": "Riket", "grupp": ["p1", "p2", "p3", "p4", "p5"]},
        strategy=hand_strategy(),
    )


def test_positions_by_hand_with_ties_direction_and_band(hand):
    _, c = hand
    got = {
        (r.unit, r.indicator, r.period): (
            None if pd.isna(r.position) else int(r.position),
            None if pd.isna(r.of) else int(r.of),
            None if pd.isna(r.tied) else bool(r.tied),
        )
        for r in c.positions.itertuples()
    }
    assert got == {
        # 12 and 15 are better; 10 is shared with p2; 4 members have a value, plus the unit
        ("kommun", "hi", "2023"): (3, 5, True),
        # only 15 is better; 12 is shared with p1
        ("a", "hi", "2023"): (2, 5, True),
        # the unit has no value: no position (never a place of its own)
        ("kommun", "hi", "2022"): (None, None, None),
        # lower is better: 4 and 3 are better; 5 is shared with p3
        ("kommun", "lo", "2023"): (3, 6, True),
        # no member has a value: no position (not "1 of 1")
        ("kommun", "lo", "2022"): (None, None, None),
        # band: distance 0.5; p1 and p3 (inside, 0) are better, p5 shares 0.5
        ("kommun", "band", "2023"): (3, 6, True),
        # inside the band: the first place, shared with p1 and p3
        ("a", "band", "2023"): (1, 6, True),
    }
    assert c.positions["comparison"].unique().tolist() == ["grupp"]
    assert c.positions.columns.tolist() == [
        "unit",
        "indicator",
        "period",
        "comparison",
        "value",
        "position",
        "of",
        "tied",
    ]


def test_shared_places_skip_the_next():
    """Two members share place 1 above the unit: the unit is third, not second."""
    s = hand_strategy()
    m = pd.DataFrame(
        [("hi", "kommun", "2023", 5.0), ("hi", "x", "2023", 9.0), ("hi", "y", "2023", 9.0), ("hi", "z", "2023", 1.0)],
        columns=["indicator", "unit", "period", "value"],
    )
    _, c = split_comparison(m, "g=x+y+z", strategy=s)
    r = c.positions.iloc[0]
    assert (int(r.position), int(r.of), bool(r.tied)) == (3, 4, False)


def test_values_medians_and_missing_stay_missing(hand):
    _, c = hand
    v = c.values.set_index(["indicator", "period", "comparison"])
    assert v.loc[("hi", "2023", "0000"), "value"] == 11.5
    assert v.loc[("hi", "2023", "0000"), "name"] == "Riket"
    assert v.loc[("hi", "2023", "grupp"), ["value", "n", "members"]].tolist() == [11.0, 4, 5]  # median of 8 10 12 15
    assert v.loc[("lo", "2023", "grupp"), "value"] == 5.0  # median of 3 4 5 6 7
    assert v.loc[("band", "2023", "grupp"), "value"] == 2.5  # median of 1 2 2.5 3.5 4
    # missing stays missing, never zero: a null value, nobody's value, and no row at all
    for key in [("lo", "2023", "0000"), ("lo", "2022", "grupp"), ("band", "2023", "0000"), ("hi", "2022", "0000")]:
        assert math.isnan(v.loc[key, "value"]), key
        assert v.loc[key, "n"] == 0
    assert not (c.values["value"] == 0).any()
    assert c.values.columns.tolist() == ["indicator", "period", "comparison", "name", "group", "value", "n", "members"]


def test_the_own_rows_are_evaluated_without_the_comparison_rows(hand):
    own, c = hand
    assert sorted(own.frame["unit"].unique()) == ["a", "kommun"]
    assert len(own) == 7 and len(c.measurements) == 19
    assert own.row_numbers.tolist() == [0, 1, 8, 10, 17, 19, 20]
    ev = sk.evaluate(hand_strategy(), own)  # no error for the comparison units
    assert set(ev.unit_ids) == {"kommun", "a"}


def test_at_gives_what_the_report_shows(hand):
    _, c = hand
    riket, grupp = c.at("hi", "2023", "kommun")
    assert (riket["comparand"].key, riket["value"], riket["position"]) == ("0000", 11.5, None)
    assert (grupp["value"], grupp["n"], grupp["members"], grupp["position"], grupp["of"], grupp["tied"]) == (
        11.0,
        4,
        5,
        3,
        5,
        True,
    )
    riket, grupp = c.at("lo", "2022", "kommun")
    assert riket["value"] is None and grupp["value"] is None and grupp["position"] is None and grupp["n"] == 0


def test_unknown_compare_ids_name_them_and_the_ids_there_are():
    with pytest.raises(sk.ArgumentError) as e:
        split_comparison(hand_measurements(), "0000,9999,g=p1+p9", strategy=hand_strategy())
    assert str(e.value) == (
        "compare: no measurements for 9999, p9 in DataFrame; the measurements' units besides the strategy's "
        "are p1, p2, p3, p4, p5, 0000. Comparison rows have the comparison id as their unit "
        "(read_kolada(..., compare=...) keeps them so)"
    )
    own_only = hand_measurements().query("unit in ['kommun', 'a']")
    with pytest.raises(sk.ArgumentError, match=r"the measurements have no units besides the strategy's \(kommun, a\)"):
        split_comparison(own_only, "0000", strategy=hand_strategy())


def test_a_unit_of_the_strategy_is_no_comparison_unit():
    with pytest.raises(sk.ArgumentError, match=r"^compare: 'a' is a unit of the strategy; .*its units are kommun, a"):
        split_comparison(hand_measurements(), "0000,a", strategy=hand_strategy())


def test_bad_comparison_rows_name_the_row(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("indicator,unit,period,value\nhi,kommun,2023,1\nhi,0000,2023,2\nxx,0000,2023,3\n", encoding="utf-8")
    with pytest.raises(sk.MeasurementError, match=r"m\.csv, row 4: unknown indicator 'xx' for the comparison unit"):
        split_comparison(sk.load_measurements(p), "riket", strategy=hand_strategy())
    p.write_text("indicator,unit,period,value\nhi,0000,2023,2\nhi,kommun,2023,1\nhi,0000,2023,3\n", encoding="utf-8")
    with pytest.raises(
        sk.MeasurementError, match=r"m\.csv, row 4: .*unit '0000', period '2023' is already given in row 2"
    ):
        split_comparison(sk.load_measurements(p), "riket", strategy=hand_strategy())


def test_errors_in_the_own_rows_keep_their_line_numbers(tmp_path):
    """The comparison rows are taken off, but an error the evaluation finds
    names the line of the file, not the position among the rows left."""
    p = tmp_path / "m.csv"
    p.write_text(
        "indicator,unit,period,value\nhi,kommun,2023,1\nhi,0000,2023,2\nlo,0000,2023,2\nhi,nowhere,2023,3\n",
        encoding="utf-8",
    )
    own, _ = split_comparison(sk.load_measurements(p), "riket", strategy=hand_strategy())
    assert own.row_numbers.tolist() == [2, 5]
    with pytest.raises(sk.MeasurementError) as e:
        sk.evaluate(hand_strategy(), own)
    assert str(e.value).startswith(f"{p}, row 5: unknown unit 'nowhere'")
    assert e.value.row == 5 and e.value.column == "unit"


def test_nothing_to_compare_leaves_the_measurements():
    m = sk.Measurements.from_frame(hand_measurements().query("unit in ['kommun', 'a']"))
    own, c = split_comparison(m, None, strategy=hand_strategy())
    assert own is m and not c and len(c) == 0 and c.values.empty and c.positions.empty


# -- Kolada ----------------------------------------------------------------------------------------


def test_read_kolada_keeps_the_whole_country_when_asked():
    without = read_kolada(FIXTURE, KPIS, units={"2180": "gavle"})
    assert without.frame["unit"].unique().tolist() == ["gavle"]
    skipped = without.skipped.set_index(["reason", "id"])["rows"]
    assert skipped[("area not in units", "0000")] == 4
    m = read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare="riket")
    assert m.frame["unit"].unique().tolist() == ["gavle", "0000"]
    riket = m.frame[m.frame["unit"] == "0000"].set_index(["indicator", "period"])["value"]
    assert riket.to_dict() == {
        ("i_utbildning", "2022"): 46.9,
        ("i_utbildning", "2023"): 47.5,
        ("i_arbetsloshet", "2022"): 7.0,
        ("i_arbetsloshet", "2023"): 6.6,
    }
    assert "0000" not in set(m.skipped["id"])
    full = read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare=COMPARE)
    assert sorted(full.frame["unit"].unique()) == sorted(["gavle", "0000", "0021", *PEERS])
    assert set(full.skipped["id"]) == {"1480"}  # not asked for
    null = full.frame.query("unit == '2281' and period == '2022' and indicator == 'i_utbildning'")
    assert math.isnan(null["value"].iloc[0]) and null["note"].iloc[0] == "Källa: Kolada; status: Missing"


def test_read_kolada_compare_errors():
    with pytest.raises(sk.MeasurementError, match=r"^compare: 2181, 9999 do not occur in .*compare\.json"):
        read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare="riket,2181,9999")
    assert len(read_kolada(FIXTURE, KPIS, units={"2180": "gavle"}, compare="riket,2181", strict=False)) == 8
    with pytest.raises(sk.MeasurementError, match=r"^compare: 0000 is in units too \(at units\['0000'\]\)"):
        read_kolada(FIXTURE, KPIS, units={"2180": "gavle", "0000": "sverige"}, compare="riket")
    with pytest.raises(sk.MeasurementError, match=r"compare '21/80': '21/80' is not a Kolada municipality"):
        read_kolada(FIXTURE, KPIS, compare="21/80")
    strategy = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "units": [{"id": "2180"}],
            "nodes": [{"id": "i_utbildning", "kind": "indicator"}],
        }
    )
    with pytest.raises(sk.MeasurementError, match=r"^compare: 2180 is a unit of the strategy"):
        read_kolada(FIXTURE, {"N00945": "i_utbildning"}, compare="2180", strategy=strategy)


def test_repr():
    _, c = split_comparison(hand_measurements(), {"0000": "Riket", "grupp": ["p1", "p2"]}, strategy=hand_strategy())
    assert repr(c) == "<styrkort.Comparison Riket (0000), grupp (2 members); 10 rows>"
    assert isinstance(c, Comparison) and bool(c) and np.isnan(c.values["value"]).sum() >= 1
