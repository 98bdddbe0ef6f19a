"""The report's section "Hur säkra är resultaten?" / "How sure are the results?"
(issue 11, point 2): on only with sensitivity inputs, its numbers those of the
Sensitivity result, names not ids, user text escaped."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

import styrkort as sk
from styrkort._vocabulary import STATUSES
from styrkort.cli import main
from styrkort.errors import ArgumentError
from styrkort.report import build, render_report
from styrkort.sensitivity import load_inputs

N = 128


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(sk.examples.path("gavle/sensitivity_inputs.json"))


@pytest.fixture(scope="module")
def results(inputs):
    return build(sensitivity=inputs, sensitivity_n=N)


def section(text: str) -> str:
    i = text.index('<section id="sensitivity"')
    return text[i : text.index("</section>", i)]


def rows(text: str):
    """node -> the cells' visible text, of the section's table."""
    out = {}
    for node, body in re.findall(r'<tr data-node="([^"]+)">(.*?)</tr>', section(text)):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body)
        out[node] = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]
    return out


def test_absent_without_inputs():
    text = build().render()
    assert 'id="sensitivity"' not in text and "Hur säkra" not in text


def test_numbers_are_the_result_tables(results):
    sens = results.sensitivity
    assert sens is not None and sens.period == results.period and sens.n == N
    text = results.render()
    shown = rows(text)
    sp = sens.status_probability
    sp = sp[sp["unit"] == results.unit]
    fa = [n for n in results.strategy.focus_areas["id"] if n in shown]
    assert fa == list(shown)  # every focus area, in priority order
    nominal = sens._raw["nominal_status"]
    for node in fa:
        o = sens.nodes.index(node)
        status = STATUSES[int(nominal[o, sens.units.index(results.unit)])]
        p = float(sp[(sp["node"] == node) & (sp["status"] == status)]["probability"].iloc[0])
        m = re.search(rf'<tr data-node="{node}">.*?data-probability="([0-9.]+)"', section(text))
        assert m and abs(float(m.group(1)) - p) < 1e-6
        assert f"{round(p * 100)}\u00a0%" in shown[node][2] or p > 0.995 or p < 0.005


def test_hand_checked_row(results):
    # fa2 (Socialt hållbarhetsprogram) is partly fulfilled whatever the choices;
    # fa1 (Näringslivsprogram) is fulfilled unless min-max normalisation (p = 0.25)
    # leaves it not assessable: 75 % / 25 %.
    shown = rows(results.render())
    assert shown["fa2"][0] == "Socialt hållbarhetsprogram"
    assert shown["fa2"][2] == "Delvis uppfyllt i 100\u00a0% av beräkningarna"
    assert shown["fa2"][3] == "Alltid samma status"
    assert shown["fa1"][2] == "Uppfyllt i 75\u00a0% av beräkningarna"
    assert shown["fa1"][3] == "Kan ej bedömas 25\u00a0%"
    sp = results.sensitivity.status_probability
    got = sp[(sp["unit"] == "gavle") & (sp["node"] == "fa1")].set_index("status")["probability"]
    assert got["green"] == pytest.approx(0.75) and got["not_assessable"] == pytest.approx(0.25)
    # which choice matters most: the normalisation, the one that leaves it not assessable
    assert shown["fa1"][-1] == "Normalisering"


def test_rank_intervals_when_units_are_compared(inputs):
    r = build(sensitivity=inputs, sensitivity_n=N, unit="ks")
    text = r.render(lang="en")
    assert "Position" in section(text)
    ranks = r.sensitivity.ranks
    shown = rows(text)
    for node, cells in shown.items():
        row = ranks[(ranks["unit"] == "ks") & (ranks["node"] == node)].iloc[0]
        lo, hi = int(np.floor(row["q05"])), int(np.ceil(row["q95"]))
        want = (
            f"{row['nominal']:g} in every calculation"
            if lo == hi == row["nominal"]
            else f"{row['nominal']:g}; {lo}–{hi} in 90\u00a0% of the calculations"
        )
        assert cells[4] == want
    # the root unit has no units to be compared with: no rank column
    assert "Placering" not in section(build(sensitivity=inputs, sensitivity_n=N).render())


def test_matters_most_is_the_largest_total_index(inputs):
    r = build(sensitivity=inputs, sensitivity_n=N, unit="ks")
    sens, shown = r.sensitivity, rows(r.render(lang="en"))
    idx = sens.indices
    for node, cells in shown.items():
        st = idx[(idx["unit"] == "ks") & (idx["node"] == node)].set_index("input")["ST"]
        if st.notna().all() and st.max() > 1e-9:
            assert cells[-1] == st.idxmax()


def test_given_result_and_errors(inputs, tmp_path):
    sens = sk.sensitivity(sk.examples.gavle_strategy(), sk.examples.gavle_measurements(), inputs, n=64)
    r = build(sensitivity=sens)
    assert r.sensitivity is sens and 'id="sensitivity"' in r.render()
    with pytest.raises(ArgumentError, match="period"):
        build(sensitivity=sens, period="2019").render()
    with pytest.raises(ArgumentError, match="sensitivity must be"):
        build(sensitivity=42)
    with pytest.raises(ArgumentError, match="power of two"):
        build(sensitivity=inputs, sensitivity_n=100)
    s, m = sk.examples.gavle_strategy(), sk.examples.gavle_measurements()
    with pytest.raises(ArgumentError, match="example"):
        build(s, m, sensitivity="example")
    ev = sk.evaluate(s, m)
    with pytest.raises(ArgumentError, match="Sensitivity"):
        render_report(ev, sensitivity="x")


def test_user_text_is_escaped(inputs):
    evil = [dict(x) for x in inputs]
    evil[2]["name"] = "<script>alert(1)</script>"
    text = build(sensitivity=evil, sensitivity_n=64).render()
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in section(text)


def test_cli(tmp_path, inputs, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "--out", str(out), "--sensitivity", "example", "--sensitivity-n", "64"]) == 0
    assert "Hur säkra är resultaten?" in out.read_text(encoding="utf-8")
    assert "how sure the results are: 576 calculations of 7 uncertain inputs" in capsys.readouterr().out
    f = tmp_path / "inputs.json"
    f.write_text(json.dumps({"inputs": inputs[:2]}), encoding="utf-8")
    out2 = tmp_path / "r2.html"
    assert main(["report", "--out", str(out2), "--lang", "en", "--sensitivity", str(f), "--sensitivity-n", "64"]) == 0
    assert "How sure are the results?" in out2.read_text(encoding="utf-8")
    assert main(["report", "--out", str(out2), "--sensitivity", str(tmp_path / "missing.json")]) != 0
    assert "no such file" in capsys.readouterr().err
