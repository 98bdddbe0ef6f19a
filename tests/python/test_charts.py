"""Charts that read (issue 10, point 7): round ticks on amount axes, months in
words, sparklines with their lowest and highest values labelled, periods of
different kinds on one time axis (the yearly line joined, tertials apart), and
axis labels that never overlap, in the report's SVG and in ``ev.plot.trend``.

The SVG is parsed (it is XML); label extents are the charts' own upper
estimate (font size × characters, :func:`styrkort._display.svg.text_width`),
measured in a real browser in test_report_browser.py.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import styrkort as sk  # noqa: E402
from styrkort._display.numbers import month_name  # noqa: E402
from styrkort._display.periods import line_kind, year_labels  # noqa: E402
from styrkort._display.svg import (  # noqa: E402
    LABEL_SIZE,
    label_boxes,
    labels_fit,
    nice_ticks,
    sparkline,
    text_width,
    thin_labels,
    tick_decimals,
)
from styrkort.report import LABELS, render_report  # noqa: E402
from styrkort.strategy import period_kind  # noqa: E402

NBSP = "\u00a0"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ev():
    return sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


@pytest.fixture(scope="module")
def report_sv(ev):
    return render_report(ev, funds=sk.examples.gavle_funds(ev.strategy))


@pytest.fixture(scope="module")
def report_en(ev):
    return render_report(ev, funds=sk.examples.gavle_funds(ev.strategy), lang="en")


def svg_of(doc: str, attr: str, key: str, cls: str = "spark") -> ET.Element:
    """The first ``<svg class=cls>`` in the table row whose ``attr`` is ``key``, parsed."""
    m = re.search(r"<tr[^>]*\b" + attr + r'="' + re.escape(key) + r'"[^>]*>(.*?)</tr>', doc, re.S)
    assert m, f"no row with {attr}={key!r}"
    return parse(re.search(r'<svg class="' + cls + r'".*?</svg>', m.group(1), re.S).group(0))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def texts(svg: ET.Element, cls: str):
    return [t for t in svg.iter(f"{SVG}text") if cls in t.get("class", "").split()]


def polyline(svg: ET.Element, cls: str = "spark-line"):
    lines = [p for p in svg.iter(f"{SVG}polyline") if p.get("class") == cls]
    assert len(lines) <= 1
    if not lines:
        return []
    return [tuple(float(c) for c in xy.split(",")) for xy in lines[0].get("points").split()]


def points_on_line(svg: ET.Element):
    return [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle") if "pt" in c.get("class", "")]


def points_apart(svg: ET.Element):
    """Centres of the open squares (points drawn apart from the line)."""
    out = []
    for r in svg.iter(f"{SVG}rect"):
        if "sep" in r.get("class", "").split():
            x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
            out.append((x + w / 2, y + h / 2))
    return out


def text_box(t: ET.Element):
    """(x0, y0, x1, y1) of an SVG text drawn from its x (start anchor) with its
    baseline at y: the charts' width estimate, the full font size as height."""
    size, x, y = float(t.get("font-size")), float(t.get("x")), float(t.get("y"))
    assert t.get("text-anchor") in (None, "start"), "the charts place their labels by their start"
    return (x, y - size, x + text_width(t.text, size), y)


def apart(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


# -- round ticks (Heckbert 1990) ---------------------------------------------------------
@pytest.mark.parametrize(
    "lo,hi,most,expected",
    [
        # range 1 128 438 → nicenum(·, floor) = 2 000 000; 9 ticks wanted: 2e6 / 8 = 250 000 → rounded
        # to 200 000 (2.5 < 3); from floor(0) = 0 to ceil(1 128 438 / 200 000) = 6 steps: 7 ticks
        (0, 1_128_438, 9, [0, 200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000]),
        # the Gävle example's largest pre-financing need: range → 5 000 000; 5e6 / 8 = 625 000 → 500 000
        (0, 2_256_875, 9, [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]),
        # 6 wanted: 2e6 / 5 = 400 000 → 500 000 (3 ≤ 4 < 7): 0 .. ceil(2.26) = 3 steps
        (0, 1_128_438, 6, [0, 500_000, 1_000_000, 1_500_000]),
        # 5 wanted: 1 / 4 = 0.25 → 0.2 gives 6 ticks, too many; 4 wanted: 1 / 3 → 0.5 (3.33 ≥ 3): 3 ticks
        (0, 1, 5, [0, 0.5, 1]),
        # range 15.9 → 20; 20 / 5 = 4 → 5; floor(-3.7 / 5) = -1, ceil(12.2 / 5) = 3
        (-3.7, 12.2, 6, [-5, 0, 5, 10, 15]),
        # range 0.4 → 0.5; 0.5 / 5 = 0.1; 0.3 / 0.1 is 2.9999999999999996 in floating point, still 3
        (0.3, 0.7, 6, [0.3, 0.4, 0.5, 0.6, 0.7]),
        # one value: the axis from it to twice it (5..10): 5 / 4 → 1 gives 6 ticks; 5 / 3 → 2: 4..10
        (5, 5, 5, [4, 6, 8, 10]),
    ],
)
def test_nice_ticks_by_hand(lo, hi, most, expected):
    assert nice_ticks(lo, hi, most) == pytest.approx(expected, abs=1e-12)


def test_nice_ticks_properties():
    rng = random.Random(20240610)
    for _ in range(400):
        a, b = sorted(rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-6, 3) for _ in range(2))
        most = rng.randint(3, 12)
        t = nice_ticks(a, b, most)
        step = t[1] - t[0]
        assert 2 <= len(t) <= most
        assert t[0] <= a + 1e-9 * abs(step) and t[-1] >= b - 1e-9 * abs(step)
        # the axis is at most one step loose at either end
        assert t[0] > a - step and t[-1] < b + step
        np.testing.assert_allclose(np.diff(t), step, rtol=1e-9)
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9
        # every tick is a whole number of steps, shown exactly with tick_decimals' decimals
        d = tick_decimals(t)
        assert all(abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)) for x in t)


@pytest.mark.parametrize("lo,hi,most", [(float("nan"), 1, 5), (0, float("inf"), 5), (2, 1, 5), (0, 1, 2)])
def test_nice_ticks_refuses_bad_input(lo, hi, most):
    with pytest.raises(sk.ArgumentError, match="nice_ticks"):
        nice_ticks(lo, hi, most)


# -- months in words ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "value,lang,short,expected",
    [
        ("2021-08", "sv", False, "augusti"),
        ("2021-08", "sv", True, "aug"),
        ("2021-08", "en", False, "August"),
        ("2021-08", "en", True, "Aug"),
        ("2021-M03", "sv", False, "mars"),
        ("2021-05-31", "sv", True, "maj"),
        (dt.date(2021, 12, 1), "en", True, "Dec"),
        (dt.datetime(2021, 1, 15, 12, 0), "sv", False, "januari"),
        (pd.Timestamp("2021-10-01"), "sv", True, "okt"),
        (np.datetime64("2021-06-30"), "en", False, "June"),
    ],
)
def test_month_name(value, lang, short, expected):
    assert month_name(value, lang, short=short) == f"{expected}{NBSP}2021"


@pytest.mark.parametrize("value", ["2021-13", "2021-00", "2021", "augusti 2021", None, float("nan"), pd.NaT, 202108])
def test_month_name_refuses_what_is_not_a_month(value):
    with pytest.raises(sk.ArgumentError, match="is not a month"):
        month_name(value, "sv")
    with pytest.raises(sk.ArgumentError, match="unknown language 'de'"):
        month_name("2021-08", "de")


def test_every_month_has_a_name_in_both_languages():
    for lang in ("sv", "en"):
        names = [month_name(f"2021-{m:02d}", lang) for m in range(1, 13)]
        short = [month_name(f"2021-{m:02d}", lang, short=True) for m in range(1, 13)]
        assert len(set(names)) == len(set(short)) == 12
    assert month_name("2021-09", "sv", short=True) == f"sep{NBSP}2021"
    assert month_name("2021-09", "en") == f"September{NBSP}2021"


# -- periods of different kinds -------------------------------------------------------------
def test_period_kinds(ev):
    assert [period_kind(p) for p in ("2020", "2020-H2", "2020-T3", "2020-Q4", "2020-M12")] == [
        "year",
        "half_year",
        "tertial",
        "quarter",
        "month",
    ]
    # what the core does not parse is another kind (a declared period with its own time)
    assert [period_kind(p) for p in ("2020-T4", "2020-M1", "2020-M13", "2020-X1", "läsår", "20201")] == ["other"] * 6
    # the Gävle example declares its periods: the kinds are the strategy's
    assert ev.period_kinds == ("year", "year", "year", "tertial", "tertial", "year")
    declared = ev.strategy.periods.set_index("id")["kind"]
    assert list(ev.period_kinds) == [declared[p] for p in ev.periods]


def test_period_kinds_without_declared_periods():
    ev = mixed_evaluation(range(2019, 2021), ["2020-Q1", "2020-Q2"])
    assert ev.strategy.periods.empty
    assert dict(zip(ev.periods, ev.period_kinds)) == {
        "2019": "year",
        "2020-Q1": "quarter",
        "2020-Q2": "quarter",
        "2020": "year",
    }


def test_line_kind_and_year_labels():
    assert line_kind(["year", "tertial", "tertial", "year"]) == "year"
    assert line_kind(["tertial", "tertial", "quarter"]) == "tertial"
    assert line_kind(["quarter", "tertial"]) == "tertial"  # a tie: the longer period
    assert line_kind([]) is None
    # the Gävle periods: each year at its latest period's time, 2020 at 2020.0 after its tertials
    times = [2017.0, 2018.0, 2019.0, 2019 + 1 / 3, 2019 + 2 / 3, 2020.0]
    assert year_labels(times, [2017, 2018, 2019, 2020, 2020, 2020]) == [
        (2017.0, "2017"),
        (2018.0, "2018"),
        (2019.0, "2019"),
        (2020.0, "2020"),
    ]


def mixed_evaluation(years, sub_periods, value=lambda k: 10.0 + k):
    """One indicator measured every year of ``years`` and in ``sub_periods``, no declared periods."""
    strategy = sk.Strategy.from_dict(
        {
            "format": "styrkort-strategy/1",
            "name": "Blandade perioder",
            "nodes": [
                {"id": "g", "kind": "goal", "name": "Mål"},
                {
                    "id": "x",
                    "kind": "indicator",
                    "name": "Antal",
                    "parents": ["g"],
                    "direction": "higher_is_better",
                    "baseline": {"value": 10, "period": str(min(years))},
                    "target": {"value": 40, "period": str(max(years))},
                },
            ],
        }
    )
    periods = [str(y) for y in years] + list(sub_periods)
    m = pd.DataFrame({"indicator": "x", "period": periods, "value": [value(k) for k in range(len(periods))]})
    return sk.evaluate(strategy, m)


# -- labels that do not overlap --------------------------------------------------------------
def test_label_boxes_stay_inside_and_thin_labels_never_overlap():
    # labels centred on their x, moved inside 0..90 at the ends
    boxes = label_boxes([(4.0, "2017"), (86.0, "2020")], 9.0, 0.0, 90.0)
    w = 4 * 0.6 * 9.0
    assert boxes == [(0.0, w, "2017"), (90.0 - w, 90.0, "2020")]
    # twenty years on 90 px: every k-th back from the last, for the smallest k that fits
    years = [(4 + i * 82 / 19, str(2001 + i)) for i in range(20)]
    kept = thin_labels(years, LABEL_SIZE, 0.0, 90.0)
    assert kept[-1][2] == "2020" and len(kept) >= 2
    assert labels_fit(kept, LABEL_SIZE / 2)
    step = {int(b[2]) - int(a[2]) for a, b in zip(kept[1:], kept[2:])}
    assert len(step) <= 1  # evenly spaced (the first may be added before them)
    # four years on 90 px: 27 px apart do not hold 21.6 px labels 4.5 px apart, so the two ends
    four = [(4 + i * 82 / 3, str(2017 + i)) for i in range(4)]
    assert [b[2] for b in thin_labels(four, LABEL_SIZE, 0.0, 90.0)] == ["2017", "2020"]
    # on 200 px they are 64 px apart: every label
    wide = [(4 + i * 192 / 3, str(2017 + i)) for i in range(4)]
    assert [b[2] for b in thin_labels(wide, LABEL_SIZE, 0.0, 200.0)] == ["2017", "2018", "2019", "2020"]
    # eleven years with room for every other: 2010, 2012, ..., 2020 (the first is among them)
    eleven = [(i * 25.0, str(2010 + i)) for i in range(11)]
    assert [b[2] for b in thin_labels(eleven, LABEL_SIZE, 0.0, 250.0)] == [str(y) for y in range(2010, 2021, 2)]
    # twelve: every other back from 2020 leaves 2009 out; it does not fit beside 2010, so
    # 2010, 2012, ..., 2020
    twelve = [(i * 25.0, str(2009 + i)) for i in range(12)]
    assert [b[2] for b in thin_labels(twelve, LABEL_SIZE, 0.0, 275.0)] == [str(y) for y in range(2010, 2021, 2)]


# -- sparklines ------------------------------------------------------------------------------
def test_sparkline_labels_its_lowest_and_highest_values():
    pts = [(2017.0, 2400.0), (2018.0, 2900.0), (2019.0, 234.5), (2020.0, 3500.0)]
    for lang, high, low in (("sv", f"3{NBSP}500", "234,5"), ("en", "3,500", "234.5")):
        svg = parse(sparkline(pts, L=LABELS[lang], label="x", target=4000.0))
        assert [t.text for t in texts(svg, "spark-max")] == [high]
        assert [t.text for t in texts(svg, "spark-min")] == [low]
        # the labels stand clear of everything drawn from the values: the line, its points, the target
        drawn = [y for _, y in polyline(svg)] + [
            float(ln.get("y1")) for ln in svg.iter(f"{SVG}line") if ln.get("stroke-dasharray")
        ]
        (mx,) = texts(svg, "spark-max")
        (mn,) = texts(svg, "spark-min")
        assert text_box(mx)[3] < min(drawn) - 2.8  # above the highest point's marker (r 2.8)
        assert text_box(mn)[1] > max(drawn) + 2.8  # below the lowest
        # each label at the time of its value: the highest is the last point, so it ends at the right edge
        assert text_box(mx)[2] == pytest.approx(90.0)
        assert apart(text_box(mx), text_box(mn))
    # decimals asked for (the report's scores are whole numbers)
    svg = parse(sparkline([(1.0, 40.54), (2.0, 98.65)], L=LABELS["sv"], label="x", decimals=0))
    assert [t.text for t in texts(svg, "spark-min") + texts(svg, "spark-max")] == ["41", "99"]
    # all values equal: one label
    svg = parse(sparkline([(1.0, 5.0), (2.0, 5.0)], L=LABELS["sv"], label="x"))
    assert [t.text for t in texts(svg, "spark-max")] == ["5"] and texts(svg, "spark-min") == []


def test_report_sparkline_of_an_indicator(report_sv, report_en):
    # i_fa1_medel: 2 400, 2 900, 3 300, 3 500 tkr in 2017-2020
    for doc, high, low in ((report_sv, f"3{NBSP}500", f"2{NBSP}400"), (report_en, "3,500", "2,400")):
        svg = svg_of(doc, "data-node", "i_fa1_medel")
        assert [t.text for t in texts(svg, "spark-max")] == [high]
        assert [t.text for t in texts(svg, "spark-min")] == [low]
        assert len(polyline(svg)) == 4 and points_apart(svg) == []
        # drawn at the size it is shown (the style sheet does not shrink sparklines)
        assert svg.get("width") == "90"
        assert "svg.spark { display: block; overflow: visible; }" in doc


def test_mixed_periods_join_the_years_and_set_tertials_apart(report_sv, ev):
    # fa4's scores: 2017 40.5, 2018 98.6, 2019 100, 2020-T1 96, 2020-T2 87, 2020 79
    svg = svg_of(report_sv, "data-node", "fa4")
    line = polyline(svg)
    assert len(line) == 4 and [x for x, _ in line] == sorted(x for x, _ in line)
    assert [p[0] for p in points_on_line(svg)] == [x for x, _ in line]  # a dot on each yearly value
    # higher scores are higher up (smaller y): 2019 (100) > 2018 (98.6) > 2020 (79) > 2017 (40.5)
    ys = [y for _, y in line]
    assert sorted(range(4), key=lambda k: ys[k]) == [2, 1, 3, 0]
    # the two tertials apart, between 2019 and 2020 in time, T1 (96) above T2 (87), not on the line
    sep = points_apart(svg)
    assert len(sep) == 2
    assert line[2][0] < sep[0][0] < sep[1][0] < line[3][0]
    assert sep[0][1] < sep[1][1]
    assert not {x for x, _ in sep} & {x for x, _ in line}
    assert [t.text for t in texts(svg, "spark-max")] == ["100"]
    assert [t.text for t in texts(svg, "spark-min")] == ["41"]
    # an indicator's values: i_fa4_erasmus 4, 6, 8, (9, 8), 7; its highest is the tertial T1's
    svg = svg_of(report_sv, "data-node", "i_fa4_erasmus")
    assert len(polyline(svg)) == 4 and len(points_apart(svg)) == 2
    (mx,) = texts(svg, "spark-max")
    assert mx.text == "9"
    t1 = points_apart(svg)[0]
    assert text_box(mx)[0] <= t1[0] <= text_box(mx)[2]  # written above the point it names


def test_chart_headings_say_what_the_line_and_the_points_are(report_sv, report_en):
    for doc, words in ((report_sv, ("helår", "tertial")), (report_en, ("full year", "tertial"))):
        heads = re.findall(r'<th class="chart">(.*?)</th>', doc, re.S)
        assert len(heads) >= 3  # focus areas, goals and every indicator table
        for h in heads:
            items = [re.sub(r"<svg.*?</svg>", "", i) for i in re.findall(r'<span class="key-item">(.*?)</span>', h)]
            assert items == list(words)
            assert h.count('<svg class="key"') == 2


def test_one_kind_of_period_has_no_points_apart_and_no_key():
    ev = mixed_evaluation(range(2015, 2021), [])
    doc = render_report(ev)
    assert 'class="chart-key"' not in doc and 'class="sep' not in doc
    svg = svg_of(doc, "data-node", "x")
    assert len(polyline(svg)) == 6


def test_many_periods_put_the_years_on_the_axis_without_overlap():
    # twelve years and three tertials of the last: the periods' names cannot stand side by side
    ev = mixed_evaluation(range(2009, 2021), ["2020-T1", "2020-T2", "2020-T3"])
    doc = render_report(ev, period="2020")
    svg = svg_of(doc, "data-node", "x")
    labels = texts(svg, "spark-axis")
    assert [t.text for t in labels][-1] == "2020"
    assert all(re.fullmatch(r"\d{4}", t.text) for t in labels) and len(labels) >= 2
    boxes = sorted(text_box(t) for t in labels)
    assert all(b[0] - a[2] >= LABEL_SIZE / 2 for a, b in zip(boxes, boxes[1:]))
    assert boxes[0][0] >= 0 and boxes[-1][2] <= float(svg.get("width")) + 1e-9
    # 2020-T3 ends the year like 2020 (both 2020.0): the line joins the twelve years, three tertials apart
    assert len(polyline(svg)) == 12 and len(points_apart(svg)) == 3


def test_few_periods_are_named_on_the_axis():
    ev = mixed_evaluation([2019, 2020], [])
    svg = svg_of(render_report(ev), "data-node", "x")
    assert [t.text for t in texts(svg, "spark-axis")] == ["2019", "2020"]


# -- the pre-financing chart -------------------------------------------------------------------
def test_liquidity_chart_months_in_words_and_round_amounts(report_sv, report_en):
    # the Gävle funds' need runs from 2018-04 to 2023-04 (61 months on 720 px): a month's name is
    # about 48 px wide, so every sixth month (January and July) is named
    months_sv = ["jul", "jan"] * 5
    years = [2018, 2019, 2019, 2020, 2020, 2021, 2021, 2022, 2022, 2023]
    for doc, months, grouped in (
        (report_sv, months_sv, lambda n: f"{n:,}".replace(",", NBSP)),
        (report_en, [m.capitalize() for m in months_sv], lambda n: f"{n:,}"),
    ):
        svg = parse(re.search(r'<svg class="chart".*?</svg>', doc, re.S).group(0))
        assert [t.text for t in texts(svg, "x-tick")] == [f"{m}{NBSP}{y}" for m, y in zip(months, years)]
        # round amounts: the peak 2 256 875 under a 0 .. 2 500 000 axis by 500 000
        assert [t.text for t in texts(svg, "y-tick")] == ["0"] + [grouped(k * 500_000) for k in range(1, 6)]
        (peak,) = texts(svg, "peak")
        month = "aug" if doc is report_sv else "Aug"
        assert peak.text == f"{grouped(2_256_875)} ({month}{NBSP}2021)"
        # no two labels touch
        boxes = sorted(text_box(t) for t in texts(svg, "x-tick"))
        assert all(b[0] - a[2] >= 5 for a, b in zip(boxes, boxes[1:]))
        ys = sorted(float(t.get("y")) for t in texts(svg, "y-tick"))
        assert min(np.diff(ys)) >= 1.6 * 10


def test_liquidity_chart_y_labels_are_right_aligned_in_their_gutter(report_sv):
    svg = parse(re.search(r'<svg class="chart".*?</svg>', report_sv, re.S).group(0))
    ticks = texts(svg, "y-tick")
    assert {t.get("text-anchor") for t in ticks} == {"end"}
    right = float(ticks[0].get("x"))
    widest = max(text_width(t.text, 10.0) for t in ticks)
    assert right - widest >= 0  # the gutter holds the widest amount


# -- matplotlib ---------------------------------------------------------------------------------
def line(ax, gid):
    (ln,) = [x for x in ax.get_lines() if x.get_gid() == gid]
    return ln


def overlapping_ticks(ax):
    ax.figure.draw_without_rendering()
    lo, hi = sorted(ax.get_xlim())
    boxes = sorted(
        (t.get_window_extent() for t in ax.get_xticklabels() if t.get_text() and lo <= t.get_position()[0] <= hi),
        key=lambda b: b.x0,
    )
    return [(a, b) for a, b in zip(boxes, boxes[1:]) if b.x0 < a.x1]


def test_trend_joins_the_years_and_marks_the_tertials(ev):
    # i_fa4_erasmus: 2017 4, 2018 6, 2019 8, 2020-T1 9, 2020-T2 8, 2020 7
    ax = ev.plot.trend("i_fa4_erasmus")
    years = line(ax, "values")
    np.testing.assert_allclose(years.get_xdata(), [2017, 2018, 2019, 2020])
    np.testing.assert_allclose(years.get_ydata(), [4, 6, 8, 7])
    assert years.get_linestyle() == "-"
    tertials = line(ax, "values_tertial")
    np.testing.assert_allclose(tertials.get_xdata(), [2019 + 1 / 3, 2019 + 2 / 3])
    np.testing.assert_allclose(tertials.get_ydata(), [9, 8])
    assert (
        tertials.get_linestyle() == "None"
        and tertials.get_marker() == "s"
        and tertials.get_markerfacecolor()
        in (
            "white",
            "#ffffff",
        )
    )
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Utfall per helår" in legend and "Utfall per tertial" in legend and "Utfall" not in legend
    assert not overlapping_ticks(ax)
    ax = ev.plot.trend("i_fa4_erasmus", lang="en")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Outcome per full year" in legend and "Outcome per tertial" in legend


def test_trend_time_axis_of_many_periods():
    ev = mixed_evaluation(range(2005, 2021), [f"2020-T{k}" for k in (1, 2)] + [f"2019-T{k}" for k in (1, 2)])
    ax = ev.plot.trend("x")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[-1] == "2020" and all(re.fullmatch(r"\d{4}", s) for s in labels)
    assert not overlapping_ticks(ax)
    # every period has a small tick (those under a year's label are the label's own tick)
    minor = set(np.round(ax.get_xticks(minor=True), 6)) | set(np.round(ax.get_xticks(), 6))
    assert set(np.round(ev.period_times, 6)) <= minor
    # the yearly line has only the sixteen years
    assert len(line(ax, "values").get_xdata()) == 16
    np.testing.assert_allclose(np.asarray(line(ax, "values").get_xdata()) % 1, 0)
    # a narrow axes: fewer years, still apart, the latest named
    fig, small = plt.subplots(figsize=(3.5, 2.5))
    ev.plot.trend("x", ax=small)
    labels = [t.get_text() for t in small.get_xticklabels()]
    assert labels[-1] == "2020" and len(labels) < 16 and not overlapping_ticks(small)


def test_trend_of_few_yearly_periods_names_them_all():
    ev = mixed_evaluation(range(2017, 2021), [])
    ax = ev.plot.trend("x")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017", "2018", "2019", "2020"]
    assert [t.get_text() for t in ax.get_legend().get_texts()].count("Utfall") == 1
