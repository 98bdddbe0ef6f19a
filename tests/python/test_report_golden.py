"""The board report of the embedded example, byte for byte against a stored copy.

A change to the report's text or layout shows here as a diff; when it is meant,
regenerate the copies deliberately and review the diff of the stored files:

    STYRKORT_REGENERATE_GOLDEN=1 python -m pytest tests/python/test_report_golden.py

Only the generation date is normalised (it changes every day).
"""

import datetime
import os
from pathlib import Path

import pytest

from styrkort.cli import main

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def _report(tmp_path: Path, lang: str) -> str:
    out = tmp_path / f"rapport-{lang}.html"
    assert main(["report", "--out", str(out), "--lang", lang]) == 0
    return out.read_text(encoding="utf-8").replace(datetime.date.today().isoformat(), "YYYY-MM-DD")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_report_of_the_embedded_example_is_unchanged(tmp_path, capsys, lang):
    text = _report(tmp_path, lang)
    capsys.readouterr()
    stored = GOLDEN / f"report-gavle-{lang}.html"
    if os.environ.get("STYRKORT_REGENERATE_GOLDEN"):
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(text, encoding="utf-8")
    expected = stored.read_text(encoding="utf-8")
    if text != expected:
        lines, old = text.splitlines(), expected.splitlines()
        first = next((k for k, (a, b) in enumerate(zip(lines, old)) if a != b), min(len(lines), len(old)))
        pytest.fail(
            f"the report differs from {stored.name} from line {first + 1}:\n"
            f"  now:    {lines[first][:300] if first < len(lines) else '(end)'}\n"
            f"  stored: {old[first][:300] if first < len(old) else '(end)'}\n"
            "regenerate deliberately (see this file's docstring) if the change is meant"
        )
