"""The board report's follow-up sections: the action plan's follow-up with
Goal Attainment Scaling and the compilation of external funds."""

import math
import re

import pandas as pd
import pytest

import styrkort as sk
from styrkort.cli import main
from styrkort.funds import Funds
from styrkort.report import render_report


@pytest.fixture(scope="module")
def html_sv(gavle_eval):
    return render_report(gavle_eval, funds=sk.examples.gavle_funds())


def _section(html, sid):
    m = re.search(rf'<(section|div) id="{sid}".*?</\1>', html, re.S)
    assert m, sid
    return m.group(0)


def test_follow_up_of_the_report_year(html_sv):
    f = _section(html_sv, "action-plan-follow-up")
    assert "Uppföljning av handlingsplanen 2020" in f
    for by in ("focus_area", "owner", "means", "direction"):
        assert f'data-by="{by}"' in f
    # fa1 in 2020: levels 0 (w 2), -1 (w 2), -2 (w 1): T = 50 - 40/sqrt(13.8) = 39.23
    row = re.search(r'<tr data-focus-area="fa1">.*?</tr>', f, re.S).group(0)
    t = float(re.search(r'data-t-score="([\d.]+)"', row).group(1))
    assert t == pytest.approx(50 - 40 / math.sqrt(0.7 * 9 + 0.3 * 25), abs=0.05)
    assert ">39<" in row and "3 av 3 skattade" in row
    # the activity not yet rated is shown as such, never as 0
    assert re.search(r'data-activity="a2020_fa3_3".*?ej skattad', f, re.S)
    assert "Deltagandet ställs in" in f  # the attained outcome's description


def test_funds_section(html_sv):
    f = _section(html_sv, "funds")
    funds = sk.examples.gavle_funds()
    assert "Sammanställning av beviljade EU- och internationella projektmedel" in f
    assert "Illustrativa värden (ej officiella uppgifter)" in f
    assert "9 beviljade projekt har fått 10\u00a0265\u00a0000" in f or "9 beviljade projekt har fått 10 265 000" in f
    peak = float(re.search(r'data-peak="([\d.]+)"', f).group(1))
    assert peak == pytest.approx(funds.liquidity().peak, abs=0.05)
    assert f.count('<tr data-fund="') == 9  # the granted and closed projects
    assert '<tr data-programme="Interreg Aurora">' in f  # pending applications are listed by programme
    lev = re.search(r'<tr data-focus-area="fa4">.*?</tr>', f, re.S).group(0)
    assert "5,00×" in lev  # Erasmus+ at 80 %
    assert "<svg" in f


def test_funds_section_in_english_and_escaped(gavle_eval):
    rows = sk.examples.gavle_funds().table.copy()
    rows.loc[0, "project"] = "<script>alert(1)</script>"
    rows.loc[0, "programme"] = 'Interreg "<b>x</b>"'
    funds = Funds(rows, strategy=gavle_eval.strategy)
    html = render_report(gavle_eval, funds=funds, lang="en")
    f = _section(html, "funds")
    assert "Compilation of granted EU and international project funds" in f
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in f
    assert "<b>x</b>" not in f and "&lt;b&gt;x&lt;/b&gt;" in f
    assert "Follow-up of the 2020 action plan" in html


def test_report_without_funds_has_no_funds_section(gavle_eval):
    assert 'id="funds"' not in render_report(gavle_eval)
    with pytest.raises(sk.ArgumentError, match="funds must be a styrkort.Funds"):
        render_report(gavle_eval, funds=pd.DataFrame())


def test_cli_report_with_funds(tmp_path, capsys):
    s, m = sk.examples.path("gavle/strategy.json"), sk.examples.path("gavle/measurements.csv")
    bad = tmp_path / "medel.csv"
    bad.write_text("id,programme,status,granted,rate\nx,ESF+,beviljad,100,0.5\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(s), str(m), "--out", str(out), "--funds", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "medel.csv, row 2 (id x), column 'status': unknown status 'beviljad'" in err
    assert not out.exists()
    good = sk.examples.path("gavle/funds.csv")
    assert main(["report", str(s), str(m), "--out", str(out), "--funds", str(good)]) == 0
    assert 'id="funds"' in out.read_text(encoding="utf-8")
    assert main(["report", str(s), str(m), "--out", str(good), "--funds", str(good)]) == 1  # never over an input


def test_report_credits_kolada_where_its_values_are_shown():
    from pathlib import Path

    from conftest import small_strategy

    data = Path(__file__).resolve().parents[1] / "data" / "kolada"
    strategy = sk.Strategy.from_dict(small_strategy())
    m = sk.read_kolada(
        [data / "page-1.json", data / "page-2.json"],
        pd.DataFrame({"kpi": ["N00945", "N01951"], "indicator": ["i1", "i2"], "scale": [1, 1e-4]}),
        units={"2180": "a", "1480": "b"},
        strategy=strategy,
    )
    html = render_report(sk.evaluate(strategy, m), unit="a")
    assert re.search(r'<aside class="note".*?Källa: Kolada.*?</aside>', html, re.S)
