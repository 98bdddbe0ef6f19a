"""The follow-up report in a real browser (issue 4, point 7).

Headless Chromium (Debian's ``chromium``, installed by tests/run.sh) opens the
report of the embedded Gävle example from a ``file:`` URL, with every other
request blocked and recorded, and the tests check that it renders without
console errors or network access, that the dashboard shows the statuses the
evaluation computed, that a label containing ``<script>`` stays text, that a
full-page screenshot is a real picture, and that it prints on A4 without
anything wider than the page.

The tests read the report through its attributes (``data-node``,
``data-status``, section ids), not its layout, so that new sections do not
break them. The screenshot is kept in the test's ``tmp_path``
(``report-sv.png``).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path
from typing import List, Tuple

import pytest
from browser import A4_INCHES, INSTALL_HINT, BrowserError, Chromium, Page, find_chromium
from hostile_inputs import command, comparison_payload, hostile_inputs, payload

import styrkort as sk
from styrkort.cli import main
from styrkort.report import LABELS, build, write_report

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
CSS_PX_PER_INCH = 96
PT_PER_INCH = 72


# -- fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium():
    """The browser's executable; a missing browser fails (never skips) the tests."""
    try:
        return find_chromium()
    except BrowserError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    """One headless Chromium for the module."""
    b = Chromium(tmp_path_factory.mktemp("chromium"), executable=chromium)
    yield b
    b.close()


@pytest.fixture
def page(browser):
    p = browser.new_page()
    yield p
    p.close()


@pytest.fixture(scope="module")
def ev():
    return sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The embedded example's report as ``styrkort report`` writes it (with the
    proposed allocation and the selected projects), in Swedish and English."""
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for lang in ("sv", "en"):
        out[lang] = folder / f"gavle-{lang}.html"
        assert main(["report", "--out", str(out[lang]), "--lang", lang]) == 0
    return out


def open_report(page: Page, path: Path, check: bool = True) -> str:
    """Open ``path`` and return its URL; with ``check``, after :func:`assert_clean`."""
    url = path.resolve().as_uri()
    page.open(url)
    if check:
        assert_clean(page, url)
    return url


def assert_clean(page: Page, url: str) -> None:
    """No console error or warning, no uncaught exception, no request but ``url``."""
    problems = page.errors()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)
    assert set(page.requests) == {url} and page.blocked == [], f"requests besides the report: {page.requests}"


def js(value) -> str:
    """A Python value as a JavaScript literal (JSON is valid JavaScript)."""
    return json.dumps(value)


# What the dashboard shows per node: for every element with data-node, the
# first badge of a goal-fulfilment status inside it (a manual assessment comes
# first, the computed status after it; activity statuses are another
# vocabulary), its visible word, its background colour and its size.
NODE_STATUSES = ["green", "yellow", "orange", "red", "not_assessable", "not_applicable"]
DASHBOARD = r"""
[...document.querySelectorAll('[data-node]')].map(el => {
  const badge = [...el.querySelectorAll('[data-status]')].find(b => %s.includes(b.dataset.status));
  if (!badge) return {node: el.dataset.node, section: el.closest('section')?.id ?? null};
  const r = badge.getBoundingClientRect();
  return {node: el.dataset.node, section: el.closest('section')?.id ?? null,
          status: badge.dataset.status, word: badge.innerText.trim(),
          background: getComputedStyle(badge).backgroundColor, width: r.width, height: r.height};
})
""" % json.dumps(NODE_STATUSES)


def rgb(css: str):
    """(r, g, b) of a computed CSS colour such as ``rgb(46, 125, 50)``."""
    m = re.match(r"rgba?\((\d+), (\d+), (\d+)", css)
    assert m, css
    return tuple(int(x) for x in m.groups())


# -- 1. renders without errors or network --------------------------------------------------
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_report_renders_without_errors_or_network(page, reports, lang):
    open_report(page, reports[lang])
    state = page.evaluate("""({
        ready: document.readyState,
        lang: document.documentElement.lang,
        scripts: document.scripts.length,
        sections: [...document.querySelectorAll('section[id]')].map(s =>
            [s.id, Math.round(s.getBoundingClientRect().height)]),
        height: document.documentElement.scrollHeight,
        svgs: document.querySelectorAll('svg').length,
    })""")
    assert state["ready"] == "complete" and state["lang"] == lang and state["scripts"] == 0
    sections = dict(state["sections"])
    # the sections of the embedded example (more may come), each laid out with some height
    for sid in ("summary", "focus-areas", "goals", "indicators", "action-plan", "funds", "allocation", "projects"):
        assert sections.get(sid, 0) > 50, (sid, sections)
    assert state["height"] > 3000 and state["svgs"] > 20


# -- 2. the dashboard shows the evaluation's statuses ----------------------------------------
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_dashboard_shows_the_evaluated_statuses(page, reports, ev, lang):
    open_report(page, reports[lang])
    shown = page.evaluate(DASHBOARD)
    expected = ev.table(unit=ev.root_unit, period=ev.periods[-1]).set_index("node")
    badges = {}
    for item in shown:
        if "status" in item:
            badges.setdefault(item["node"], []).append(item)
    # every vision, goal, sub-goal, focus area and indicator of the example has a badge
    assert set(expected.index) <= set(badges), set(expected.index) - set(badges)
    words = LABELS[lang]["status_word"]
    assert set(words) == set(NODE_STATUSES)
    for node, items in badges.items():
        if node not in expected.index:
            continue
        want = expected.loc[node, "status"]
        for item in items:
            assert item["status"] == want, (node, item["section"], item["status"], want)
            assert item["word"] == words[want], (node, item["word"])
            assert item["width"] > 10 and item["height"] > 8, (node, "badge not visible")
    # the focus areas and goals are on their dashboards
    sections = {(i["node"], i["section"]) for i in shown}
    for node, kind in expected["kind"].items():
        if kind == "focus_area":
            assert (node, "focus-areas") in sections, node
        elif kind in ("vision", "goal", "sub_goal"):
            assert (node, "goals") in sections, node


def test_status_words_and_colours_by_hand(page, reports, ev):
    """Words and colours written out, so that a wrong mapping in LABELS or the CSS is caught."""
    open_report(page, reports["sv"])
    first = {}
    for item in page.evaluate(DASHBOARD):
        if "status" in item:
            first.setdefault(item["node"], item)
    t = ev.table(unit=ev.root_unit, period=ev.periods[-1]).set_index("node")
    by_hand = {
        "fa1": ("green", "Uppfyllt"),  # 92 points
        "fa2": ("yellow", "Delvis uppfyllt"),  # the manual assessment over a computed red
        "i_fa2_projekt": ("orange", "I liten grad uppfyllt"),
        "i_fa2_deltagare": ("red", "Ej uppfyllt"),
    }
    for node, (status, word) in by_hand.items():
        assert t.loc[node, "status"] == status
        assert (first[node]["status"], first[node]["word"]) == (status, word), node
    green, yellow = rgb(first["fa1"]["background"]), rgb(first["fa2"]["background"])
    orange, red = rgb(first["i_fa2_projekt"]["background"]), rgb(first["i_fa2_deltagare"]["background"])
    assert green[1] > green[0] + 40 and green[1] > green[2] + 40  # green
    assert red[0] > red[1] + 80 and red[0] > red[2] + 80  # red
    assert yellow[0] > 180 and yellow[1] > 150 and yellow[2] < 120  # yellow: red and green, no blue
    assert orange[0] > 180 and 60 < orange[1] < yellow[1] and orange[2] < 100  # orange: less green than yellow
    # fa2's computed status is shown beside the manual one
    fa2 = page.evaluate("""[...document.querySelector('#focus-areas [data-node="fa2"]')
                            .querySelectorAll('[data-status]')].map(b => b.dataset.status)""")
    assert fa2 == ["yellow", ev.overrides.set_index("node").loc["fa2", "computed_status"]] == ["yellow", "red"]


def test_english_words(page, reports):
    open_report(page, reports["en"])
    first = {}
    for item in page.evaluate(DASHBOARD):
        if "status" in item:
            first.setdefault(item["node"], item)
    assert first["fa1"]["word"] == "Fulfilled" and first["fa2"]["word"] == "Partly fulfilled"
    assert first["i_fa2_deltagare"]["word"] == "Not fulfilled"


# -- 2b. the comparison with other municipalities (issue 10, point 5) ---------------------------
def test_comparison_column_is_visible_with_the_whole_country(page, tmp_path):
    """tests/data/kolada/compare.json (made-up values): Gävle beside riket,
    Region Gävleborg and a peer group, in the indicator table after the outcome."""
    data = Path(__file__).resolve().parents[1] / "data" / "kolada"
    compare = "riket,0021:Region Gävleborg,jämförelsegrupp=0380+0580+1880+1980+2281"
    strategy = sk.load_strategy(data / "compare-strategy.json")
    m = sk.read_kolada(
        data / "compare.json",
        {"N00945": "i_utbildning", "N03937": "i_arbetsloshet"},
        units={"2180": "gavle"},
        compare=compare,
    )
    path = build(strategy, m, compare=compare, period="2023").write(tmp_path / "jamforelse.html")
    open_report(page, path)
    got = page.evaluate(r"""(() => {
        const box = el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
        const table = document.querySelector('#indicators table.ind');
        const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
        const cell = document.querySelector('tr[data-node="i_utbildning"] td.compare');
        const riket = cell.querySelector('[data-comparison="0000"]');
        const group = cell.querySelector('[data-comparison="jämförelsegrupp"]');
        const cells = [...cell.parentElement.children];
        return {heads, riket: riket.innerText.replace(/\s+/g, ' ').trim(), riketBox: box(riket),
                group: group.innerText.replace(/\s+/g, ' ').trim(), cellBox: box(cell),
                index: cells.indexOf(cell), outcome: cells.indexOf(cell.parentElement.querySelector('td.outcome')),
                right: cell.getBoundingClientRect().right <= table.getBoundingClientRect().right + 0.5};
    })()""")
    assert got["heads"][3:6] == ["Utfall", "Jämförelse", "Poäng"]
    assert got["riket"] == "Riket 47,5"
    assert got["group"] == "jämförelsegrupp, median 48 delad plats 4 av 6"
    assert got["index"] == got["outcome"] + 1
    assert got["riketBox"][0] > 30 and got["riketBox"][1] > 8 and got["cellBox"][0] > 100
    assert got["right"]  # inside the table, not cut off


# -- 3. a label with <script> stays text -----------------------------------------------------
def test_script_in_labels_stays_text(page, gavle, tmp_path):
    gavle["name"] = PAYLOAD
    for n in gavle["nodes"]:
        if n["id"] in ("fa1", "mal_int", "i_fa1_medel"):
            n["name"] = PAYLOAD
    ev = sk.evaluate(sk.Strategy.from_dict(gavle), sk.examples.gavle_measurements())
    path = write_report(ev, tmp_path / "xss.html", lang="sv")
    url = open_report(page, path, check=False)
    got = page.evaluate(f"""({{
        pwned: typeof window.__pwned,
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        handlers: [...document.querySelectorAll('*')].filter(e =>
            [...e.attributes].some(a => a.name.startsWith('on'))).length,
        title: document.title,
        body: document.body.textContent.includes({js(PAYLOAD)}),
        rows: ['fa1', 'mal_int', 'i_fa1_medel'].map(id =>
            document.querySelector(`[data-node="${{id}}"]`).textContent.includes({js(PAYLOAD)})),
    }})""")
    assert got["pwned"] == "undefined"
    assert got["scripts"] == 0 and got["images"] == 0 and got["handlers"] == 0
    assert PAYLOAD in got["title"] and got["body"] and got["rows"] == [True, True, True]
    assert_clean(page, url)  # no errors, and no request for the <img>'s "x"


def test_hostile_text_in_every_field_stays_text(page, tmp_path):
    # every user-supplied text the report shows (hostile_inputs.py; the HTML parsed in test_safety.py)
    paths, fields = hostile_inputs(tmp_path)
    path = tmp_path / "hostile.html"
    assert main(command("report", paths, path)) == 0
    url = open_report(page, path, check=False)
    got = page.evaluate("""({
        pwned: typeof window.__pwned,
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        handlers: [...document.querySelectorAll('*')].filter(e =>
            [...e.attributes].some(a => a.name.startsWith('on'))).length,
        javascript: [...document.querySelectorAll('[href], [src]')].filter(e =>
            (e.getAttribute('href') || e.getAttribute('src')).trim().toLowerCase().startsWith('javascript:')).length,
        text: document.body.textContent,
    })""")
    assert got["pwned"] == "undefined"
    assert got["scripts"] == 0 and got["images"] == 0 and got["handlers"] == 0 and got["javascript"] == 0
    shown = [m for m, where in fields.items() if payload(m) in got["text"] or comparison_payload(m) in got["text"]]
    assert len(shown) == len(fields) - 2  # as test_safety.py: all but two fields the report does not show
    assert_clean(page, url)  # no errors, and no request for the <img>'s "x"


# -- 4. a full-page screenshot ------------------------------------------------------------
def png_chunks(data: bytes):
    """The chunks of a PNG as (type, payload), checking the signature and every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        payload = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + payload) == crc, f"bad CRC in chunk {kind!r}"
        chunks.append((kind, payload))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    return chunks


def test_full_page_screenshot(page, reports, tmp_path):
    open_report(page, reports["sv"])
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    png = page.screenshot(full_page=True)
    shot = tmp_path / "report-sv.png"
    shot.write_bytes(png)  # kept for a person to look at

    chunks = png_chunks(shot.read_bytes())
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, abs(height - size[1]) <= 2) == (size[0], True), ((width, height), size)
    assert width >= 1000 and height > 3000 and len(png) > 100_000
    # the pixels: 8-bit RGB or RGBA rows, each with its filter byte, and not one flat colour
    assert depth == 8 and colour in (2, 6)
    raw = zlib.decompress(b"".join(p for k, p in chunks if k == b"IDAT"))
    assert len(raw) == height * (1 + width * (3 if colour == 2 else 4))
    assert len(set(raw)) > 100


# -- 5. prints on A4 ----------------------------------------------------------------------
# The left and right margins of the report's @page rule in CSS pixels (null without one).
PAGE_MARGINS = r"""
(() => {
  const px = len => {
    if (!len) return null;
    const d = document.createElement('div');
    d.style.position = 'absolute';
    d.style.width = len;
    document.body.appendChild(d);
    const w = d.getBoundingClientRect().width;
    d.remove();
    return w;
  };
  for (const sheet of document.styleSheets)
    for (const rule of sheet.cssRules)
      if (rule instanceof CSSPageRule)
        return [px(rule.style.getPropertyValue('margin-left')), px(rule.style.getPropertyValue('margin-right'))];
  return null;
})()
"""

# Every laid-out element whose box sticks out of the page's width, named by tag,
# id, class and data- attributes so that a failure says where.
OVERFLOW = r"""
(() => {
  const page = document.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.getAttribute('class') ? '.' + e.getAttribute('class').trim().split(/\s+/).join('.') : '') +
      [...e.attributes].filter(a => a.name.startsWith('data-')).map(a => `[${a.name}="${a.value}"]`).join('');
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > page + 0.5 || r.left < -0.5)
      out.push(`${name(e)} in #${e.closest('section[id]')?.id}: ${r.left.toFixed(0)}..${r.right.toFixed(0)} px`);
  }
  return {page, scrollWidth: document.documentElement.scrollWidth, overflowing: out};
})()
"""


def test_prints_on_a4(page, reports):
    open_report(page, reports["sv"])
    pdf = page.print_pdf(A4_INCHES)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 50_000
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no page size in the PDF"
    for w, h in boxes:  # Chromium rounds the paper to its own units: within a point
        assert abs(float(w) - A4_INCHES[0] * PT_PER_INCH) < 1 and abs(float(h) - A4_INCHES[1] * PT_PER_INCH) < 1
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    # a page break before the indicators, the action plan and the allocation at least
    assert pages >= 4, pages

    # the print layout at the width inside the margins of A4: nothing wider than the page
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    margins = page.evaluate(PAGE_MARGINS)
    assert margins and all(m and m > 0 for m in margins), f"no @page margins: {margins}"
    width = int(A4_INCHES[0] * CSS_PX_PER_INCH - sum(margins))
    assert 650 < width < 780, width
    page.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": int(A4_INCHES[1] * CSS_PX_PER_INCH), "deviceScaleFactor": 1, "mobile": False},
    )
    assert page.evaluate("matchMedia('print').matches") is True
    fit = page.evaluate(OVERFLOW)
    assert fit["page"] == width
    assert fit["overflowing"] == [] and fit["scrollWidth"] <= fit["page"], "\n".join(fit["overflowing"])

    # the check itself finds an element wider than the page
    page.evaluate("""(() => { const d = document.createElement('div'); d.id = 'too-wide';
                              d.style.width = '2000px'; d.style.height = '1px';
                              document.querySelector('#summary').appendChild(d); })()""")
    assert any(o.startswith("div#too-wide in #summary") for o in page.evaluate(OVERFLOW)["overflowing"])


# -- 6. charts that read -------------------------------------------------------------------
# Every chart's texts and marks as the browser lays them out: boxes in the SVG's
# own units (getBBox), the size it is shown at, and whether it stays in its cell.
CHARTS = r"""
[...document.querySelectorAll('svg.spark, svg.chart')].map(svg => {
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const r = svg.getBoundingClientRect();
  const cell = svg.closest('td')?.getBoundingClientRect();
  return {
    where: svg.closest('[data-node]')?.dataset.node ?? svg.closest('section')?.id ?? null,
    kind: svg.getAttribute('class'),
    width: +svg.getAttribute('width'), height: +svg.getAttribute('height'), shown: r.width,
    inCell: !cell || (r.left >= cell.left - 0.5 && r.right <= cell.right + 0.5),
    texts: [...svg.querySelectorAll('text')].map(t => ({cls: t.getAttribute('class'), text: t.textContent,
                                                       box: box(t)})),
    marks: [...svg.querySelectorAll('polyline.spark-line, circle, rect.sep')].map(box),
  };
})
"""


def _overlap(a, b, tol=0.25):
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("media", ["screen", "print"])
def test_chart_labels_stand_apart(page, reports, lang, media):
    open_report(page, reports[lang])
    if media == "print":  # the print layout at the width inside A4's margins (188 mm)
        page.call("Emulation.setEmulatedMedia", {"media": "print"})
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 710, "height": 1123, "deviceScaleFactor": 1, "mobile": False},
        )
    charts = page.evaluate(CHARTS)
    sparks = [c for c in charts if c["kind"] == "spark"]
    assert len(sparks) >= 20 and [c["kind"] for c in charts].count("chart") == 1
    for c in charts:
        where = f"{c['kind']} of {c['where']} ({media})"
        texts = c["texts"]
        for i, a in enumerate(texts):
            # inside the chart, and clear of every other label
            assert a["box"][0] >= -0.5 and a["box"][2] <= c["width"] + 0.5, (where, a)
            assert a["box"][1] >= -0.5 and a["box"][3] <= c["height"] + 0.5, (where, a)
            for b in texts[i + 1 :]:
                assert not _overlap(a["box"], b["box"]), (where, a, b)
        if c["kind"] == "spark":
            # the lowest and highest values are written, off the line and its points
            assert {t["cls"] for t in texts} >= {"spark-max", "spark-axis"}, where
            for t in texts:
                for m in c["marks"]:
                    assert not _overlap(t["box"], m), (where, t, m)
            # shown at the size it is drawn (its 9 px labels print at 6.75 pt), inside its cell
            assert c["shown"] == pytest.approx(c["width"], abs=0.5) and c["inCell"], (where, c["shown"])
    # the pre-financing chart: months in words on the time axis
    (need,) = [c for c in charts if c["kind"] == "chart"]
    months = LABELS[lang]["months_short"]
    ticks = [t["text"] for t in need["texts"] if t["cls"] == "x-tick"]
    assert ticks and all(t.split("\u00a0")[0] in months for t in ticks)


# -- the client itself: missing browser, timeouts ------------------------------------------
def test_missing_chromium_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserError) as e:
        find_chromium()
    message = str(e.value)
    assert INSTALL_HINT in message and "tests/run.sh" in message and "apt-get install chromium" in message


def test_a_stuck_page_fails_in_time_and_the_browser_is_killed(chromium, tmp_path):
    b = Chromium(tmp_path / "chromium", executable=chromium)
    try:
        p = b.new_page()
        with pytest.raises(BrowserError, match="no answer from the browser in time"):
            p.evaluate("new Promise(() => {})", timeout=1.0)  # a promise that never settles
        assert b._proc.poll() is not None  # killed, not left running
        with pytest.raises(BrowserError, match="not running"):
            p.evaluate("1")
    finally:
        b.close()


# -- the PDF (issue 10, point 6) ------------------------------------------------------------
def pdf_pages(path: Path) -> List[str]:
    """The text of each page of a PDF (pypdf, of the test extra)."""
    import pypdf

    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def pdf_page_size_pt(path: Path) -> Tuple[float, float]:
    import pypdf

    box = pypdf.PdfReader(str(path)).pages[0].mediabox
    return float(box.width), float(box.height)


def test_report_as_pdf(chromium, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STYRKORT_CHROMIUM", chromium)
    out = tmp_path / "rapport.pdf"
    assert main(["report", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(out)
    # the embedded example: a summary, the focus areas, goals, indicators,
    # the action plan, funds, the allocation and projects - more than a
    # few pages, less than a stack
    assert 6 <= len(pages) <= 40, len(pages)
    first = pages[0]
    assert LABELS["sv"]["board_summary"] in first and "Gävle kommun" in first
    width, height = pdf_page_size_pt(out)
    mm = 25.4 / PT_PER_INCH
    assert abs(width * mm - 210) < 1 and abs(height * mm - 297) < 1, (width, height)  # A4 portrait
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, then moved into place


def test_pdf_without_a_browser_names_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("STYRKORT_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on it
    out = tmp_path / "rapport.pdf"
    assert main(["report", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "apt-get install chromium" in err and "STYRKORT_CHROMIUM" in err and ".html" in err
    assert not out.exists()
    monkeypatch.setenv("STYRKORT_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert main(["report", "--out", str(out)]) == 1
    assert "STYRKORT_CHROMIUM=" in capsys.readouterr().err and not out.exists()


# -- the board's first page (issue 10, points 1-3) --------------------------------------------
def squeeze(s: str) -> str:
    """Text for comparing across line breaks: no whitespace, hyphens or soft hyphens."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", s)


def test_the_printed_first_page_holds_the_summary(chromium, tmp_path, monkeypatch):
    monkeypatch.setenv("STYRKORT_CHROMIUM", chromium)
    ev = sk.evaluate(sk.examples.gavle_strategy(), sk.examples.gavle_measurements())
    names = list(ev.strategy.focus_areas["name"])
    for lang in ("sv", "en"):
        out = tmp_path / f"rapport-{lang}.pdf"
        assert main(["report", "--out", str(out), "--lang", lang]) == 0
        pages = [squeeze(p) for p in pdf_pages(out)]
        L = LABELS[lang]
        first = pages[0]
        # the whole summary: its heading, every focus area, what decided them and the rule of that (its last line)
        assert squeeze(L["board_summary"]) in first
        for name in names:
            assert squeeze(name) in first, (lang, name)
        for name in ("Antal deltagare i internationella erfarenhetsutbyten", "Antal föreningar och organisationer"):
            assert squeeze(name) in first, (lang, name)
        assert squeeze(L["decided_rule"]) in first
        # the detail starts on the next page
        assert squeeze(L["summary"]) not in first
        assert pages[1].startswith(squeeze(L["summary"])), pages[1][:80]


def test_the_summary_fits_the_first_page_in_print(page, reports):
    """Measured in the browser: the print layout at A4's width inside the
    margins, the summary ends within the first page's height."""
    open_report(page, reports["sv"])
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    margins = page.evaluate(PAGE_MARGINS)
    width = int(A4_INCHES[0] * CSS_PX_PER_INCH - sum(margins))
    # @page margins: 13 mm above, 14 mm below
    height = A4_INCHES[1] * CSS_PX_PER_INCH - (13 + 14) / 25.4 * CSS_PX_PER_INCH
    page.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": int(height), "deviceScaleFactor": 1, "mobile": False},
    )
    box = page.evaluate("""(() => {
        const s = document.querySelector('#board-summary');
        const r = s.getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY,
                body: document.body.getBoundingClientRect().top + scrollY,
                breakAfter: getComputedStyle(s).breakAfter,
                rows: [...s.querySelectorAll('tr[data-summary-node]')].map(t => t.dataset.summaryNode)};
    })()""")
    assert box["rows"] == ["fa1", "fa2", "fa3", "fa4", "fa5"]
    assert box["breakAfter"] == "page"
    assert box["bottom"] - box["body"] <= height, (box, height)


# Every badge of a node's status (in the dashboards, the summary and the group heads) with the
# text of the reason shown with it: the cell, list item or group head it is in.
BADGE_REASONS = r"""
(() => {
  const statuses = %s;
  const out = [];
  for (const b of document.querySelectorAll('.badge[data-status]')) {
    if (!statuses.includes(b.dataset.status) || b.closest('#legend')) continue;
    const box = b.closest('.computed') || b.closest('td, li, .group-head');
    const owner = b.closest('[data-node], [data-summary-node], [data-group]');
    if (!owner || !box) continue;
    // a manual assessment's reason is its comment; a computed status's is the rule's reason
    const boxOf = r => r.closest('.computed') || r.closest('td, li, .group-head');
    const reason = box.querySelector(':scope > .manual') ? box.querySelector(':scope > blockquote.comment')
        : [...box.querySelectorAll('.reason')].find(r => boxOf(r) === box);
    out.push({where: owner.dataset.node || owner.dataset.summaryNode || owner.dataset.group,
              section: b.closest('section')?.id, reason: reason ? reason.innerText.trim() : null,
              shown: reason ? reason.getBoundingClientRect().height > 0 : false});
  }
  return out;
})()
""" % json.dumps(NODE_STATUSES)


@pytest.mark.parametrize("media", ["screen", "print"])
def test_every_status_badge_shows_its_reason(page, reports, media):
    open_report(page, reports["sv"])
    page.call("Emulation.setEmulatedMedia", {"media": media})
    found = page.evaluate(BADGE_REASONS)
    sections = {f["section"] for f in found}
    assert {"board-summary", "focus-areas", "goals", "indicators"} <= sections
    assert len(found) > 40
    missing = [f for f in found if not f["reason"] or not f["shown"]]
    assert missing == []
    # in Swedish: none of the engine's English words
    english = re.compile(r"\b(score|value|parts?|green|threshold|between|indicators|of)\b")
    assert [f["reason"] for f in found if english.search(f["reason"])] == []


def test_no_internal_id_is_visible(browser, reports, tmp_path):
    s = sk.examples.gavle_strategy()
    funds, projects = sk.examples.gavle_funds(s), sk.examples.gavle_projects()
    ids = set(s.nodes["id"]) | set(s.units["id"]) | set(s.activities["id"]) | set(funds.table["id"])
    ids |= set(projects["id"])
    labels = " ".join(str(v) for v in LABELS["sv"].values())
    # an id that is also a word of the report's own text ("vision") cannot be told apart
    ids = {i for i in ids if not re.search(rf"(?<!\w){re.escape(i)}(?!\w)", labels)}

    def visible_ids(path):
        page = browser.new_page()
        try:
            open_report(page, path)
            shown = page.evaluate("document.body.innerText")
        finally:
            page.close()
        return sorted(i for i in ids if re.search(rf"(?<!\w){re.escape(i)}(?!\w)", shown))

    assert visible_ids(reports["sv"]) == []
    out = tmp_path / "ids.html"
    assert main(["report", "--out", str(out), "--show-ids"]) == 0
    with_ids = visible_ids(out)
    assert {"fa1", "gavle", "i_fa1_projekt", "a2020_fa4_2", "f01", "p02"} <= set(with_ids)


# Every word that the print layout breaks over two lines, with its section.
BROKEN_WORDS = r"""
(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    if (n.parentElement.closest('svg, style')) continue;
    const re = /[^\s\u00a0]+/g;
    let m;
    while ((m = re.exec(n.data))) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (lines.size > 1) out.push([m[0], n.parentElement.closest('section')?.id ?? null]);
    }
  }
  return out;
})()
"""


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_words_break_only_where_they_may_in_print(page, reports, lang):
    """On A4, a word is broken over two lines only at a hyphen, a dash, a soft hyphen or
    a slash, never anywhere in the middle (the tables size their columns to
    their words; hyphens: auto breaks at syllables where the browser can)."""
    open_report(page, reports[lang])
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    width = int(A4_INCHES[0] * CSS_PX_PER_INCH - sum(page.evaluate(PAGE_MARGINS)))
    page.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    broken = page.evaluate(BROKEN_WORDS)
    assert [(w, where) for w, where in broken if not re.search("[-\u2013\u00ad/]", w)] == []
    # the check finds a word broken in the middle
    page.evaluate("""(() => { const p = document.createElement('p'); p.id = 'narrow';
                              p.style.width = '40px'; p.style.overflowWrap = 'anywhere';
                              p.textContent = 'Utbildningsförvaltningen';
                              document.querySelector('#summary').appendChild(p); })()""")
    assert ["Utbildningsförvaltningen", "summary"] in page.evaluate(BROKEN_WORDS)


# -- the section "Hur säkra är resultaten?" (issue 11) ---------------------------------------
@pytest.mark.parametrize("lang,unit", [("sv", None), ("en", "ks")])
def test_sensitivity_section_renders_and_fits_a4(page, tmp_path, lang, unit):
    out = tmp_path / f"sens-{lang}.html"
    args = ["report", "--out", str(out), "--lang", lang, "--sensitivity", "example", "--sensitivity-n", "256"]
    assert main(args + (["--unit", unit] if unit else [])) == 0
    open_report(page, out)
    rows = page.evaluate("[...document.querySelectorAll('#sensitivity tr[data-node]')].map(r => r.dataset.node)")
    assert rows and all(r.startswith("fa") for r in rows)
    shown = page.evaluate("document.querySelector('#sensitivity').innerText")
    assert not re.search(r"(?<!\w)(fa\d|i_fa\w+|gavle|ks)(?!\w)", shown), shown  # names, not ids
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    margins = page.evaluate(PAGE_MARGINS)
    width = int(A4_INCHES[0] * CSS_PX_PER_INCH - sum(margins))
    page.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": int(A4_INCHES[1] * CSS_PX_PER_INCH), "deviceScaleFactor": 1, "mobile": False},
    )
    fit = page.evaluate(OVERFLOW)
    assert fit["overflowing"] == [] and fit["scrollWidth"] <= fit["page"], "\n".join(fit["overflowing"])
    (tmp_path / f"sens-{lang}.png").write_bytes(page.screenshot())
