"""User text stays text in every output (issue 12, point 8): the report of the
embedded example with a hostile payload in every user-supplied text it shows
(hostile_inputs.py) has no element, attribute or link that the payloads would
add if they were not escaped, and shows each payload whole as text; the Excel
workbook holds no formula cell and the CSV outputs no cell a spreadsheet would
take for a formula. The same report is opened in headless Chromium in
test_report_browser.py."""

from __future__ import annotations

import csv
import html.parser
from pathlib import Path
from typing import List, Set, Tuple

import openpyxl
import pytest
from hostile_inputs import command, comparison_payload, formula, hostile_inputs, payload

from styrkort._io import FORMULA_START
from styrkort.cli import main

# The fields the report does not show (so that their payloads cannot reach it):
# a unit without measurements, assessments or activities of its own, and the
# project of an application that was rejected before the period.
NOT_SHOWN = {"unit stadshus name", "funds f02 project"}


class Parsed(html.parser.HTMLParser):
    """The elements (with their attributes) and the text of an HTML document."""

    def __init__(self, doc: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: List[Tuple[str, List[Tuple[str, str]]]] = []
        self.chunks: List[str] = []
        self.feed(doc)
        self.close()
        self.text = "".join(self.chunks)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(k, v or "") for k, v in attrs]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.chunks.append(data)

    def tags(self) -> Set[str]:
        return {t for t, _ in self.elements}

    def attribute_names(self) -> Set[str]:
        return {k for _, attrs in self.elements for k, _ in attrs}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    paths, fields = hostile_inputs(folder)
    out = folder / "rapport.html"
    assert main(command("report", paths, out)) == 0
    return paths, fields, out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def clean_report(tmp_path_factory):
    """The same report with plain names: what the report itself writes."""
    folder = tmp_path_factory.mktemp("clean")
    paths, _ = hostile_inputs(
        folder, text=lambda marker: f"Namn {marker}", compare_text=lambda marker: f"Namn {marker}"
    )
    out = folder / "rapport.html"
    assert main(command("report", paths, out)) == 0
    return Parsed(out.read_text(encoding="utf-8"))


def test_the_payloads_add_no_element_attribute_or_link(hostile, clean_report):
    _, _, doc = hostile
    got = Parsed(doc)
    assert "script" not in got.tags() and "img" not in got.tags()
    # nothing beyond what the report itself writes: no element or attribute from a payload
    assert got.tags() <= clean_report.tags() | {"wbr"}  # the report breaks long words with <wbr>
    assert got.attribute_names() <= clean_report.attribute_names()
    assert not any(k.startswith("on") for k in got.attribute_names())
    links = [v for _, attrs in got.elements for k, v in attrs if k in ("href", "src", "action", "xlink:href")]
    assert links and not any(v.strip().lower().startswith("javascript:") for v in links)


def test_every_payload_is_shown_whole_as_text(hostile):
    _, fields, doc = hostile
    text = Parsed(doc).text
    shown = {
        where
        for marker, where in fields.items()
        if (comparison_payload(marker) if where == "comparison unit name" else payload(marker)) in text
    }
    assert set(fields.values()) - shown == NOT_SHOWN
    assert len(shown) == len(fields) - len(NOT_SHOWN) > 70


@pytest.fixture(scope="module")
def formulas(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formulas")
    paths, fields = hostile_inputs(folder, text=formula, compare_text=lambda marker: f"@{marker}")
    return folder, paths, fields


def test_excel_workbook_has_no_formula_from_user_text(formulas):
    folder, paths, fields = formulas
    out = folder / "resultat.xlsx"
    assert main(command("excel", paths, out)) == 0
    wb = openpyxl.load_workbook(out)  # not read-only: the cells' types as written
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate}: {c.value!r}"
                if isinstance(c.value, str) and "HYPERLINK" in c.value:
                    texts.append(c.value)
    # the payloads reached the workbook as text, unchanged
    assert set(texts) >= {formula(m) for m, w in fields.items() if w.startswith("node ") and "name" in w}


def _cells(path: Path, sep: str) -> List[str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [c for row in csv.reader(f, delimiter=sep) for c in row]


@pytest.mark.parametrize("lang, sep", [("en", ","), ("sv", ";")])
def test_csv_outputs_have_no_formula_from_user_text(formulas, lang, sep):
    folder, paths, fields = formulas
    results = folder / f"resultat-{lang}.csv"
    args = ["evaluate", str(paths["strategy"]), str(paths["own_measurements"]), "--out", str(results), "--lang", lang]
    assert main(args) == 0
    split = folder / f"fordelning-{lang}.csv"
    assert main(["allocate", str(paths["strategy"]), str(paths["plan"]), "--out", str(split), "--lang", lang]) == 0
    for out in (results, split):
        cells = _cells(out, sep)
        hits = [c for c in cells if "HYPERLINK" in c]
        assert hits, out  # the node names reached the file
        assert any(c.startswith("'=HYPERLINK(") for c in hits), hits  # neutralised where a cell starts with one
        assert not [c for c in cells if c.startswith(FORMULA_START) and not _number(c)], out


def _number(c: str) -> bool:
    try:
        float(c.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return False
    return True
