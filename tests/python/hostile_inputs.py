"""The embedded Gävle example with every user-supplied text the report shows
replaced by a hostile payload (issue 12, point 8), written as the input files of
the command line: strategy JSON, measurements, funds and projects CSV and the
allocation plan. Shared by test_safety.py (HTML parsed, Excel, CSV) and
test_report_browser.py (the same report in headless Chromium).

Each field gets its own marker (``F01``, ``F02``, ...) at the start of its
payload, so that a test can tell which field a text came from.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pandas as pd

import styrkort as sk


def payload(marker: str) -> str:
    """A text that would run script, add an element or an attribute, or break
    out of a quoted attribute if it reached the HTML unescaped."""
    return (
        f"{marker}<script>window.__pwned='{marker}'</script><img src=x onerror=\"window.__pwned=1\">"
        f'"\' onmouseover="window.__pwned=2" x=\'<a href="javascript:window.__pwned=3">link</a>'
    )


def comparison_payload(marker: str) -> str:
    """The same for a comparison unit's name, given on the command line as
    ``--compare ID:NAME`` (so without ``=`` and ``,``, which that syntax uses)."""
    return f"{marker}<script>window.__pwned({marker!r})</script>\"'<b>javascript:x()</b>"


def formula(marker: str) -> str:
    """A text a spreadsheet would take for a formula."""
    return f'=HYPERLINK("http://example.invalid/{marker}";"{marker}")'


def hostile_inputs(
    folder: Path, text: Any = payload, compare_text: Any = comparison_payload
) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """Write the input files into ``folder``; return their paths (``strategy``,
    ``measurements`` with a comparison unit and ``own_measurements`` without,
    ``funds``, ``projects``, ``plan``, and ``compare``: the --compare argument)
    and, per marker, the field it replaced. ``text`` makes a field's text from
    its marker, ``compare_text`` the comparison unit's name (without ``=`` and
    ``,``)."""
    fields: Dict[str, str] = {}

    def put(where: str) -> str:
        marker = f"F{len(fields) + 1:02d}"
        fields[marker] = where
        return text(marker)

    s = copy.deepcopy(json.loads(sk.examples.path("gavle/strategy.json").read_text(encoding="utf-8")))
    s["name"] = put("strategy name")
    s["organisation"] = put("organisation")
    for n in s["nodes"]:
        n["name"] = put(f"node {n['id']} name")
        if "owner" in n:
            n["owner"] = put(f"node {n['id']} owner")
    for u in s["units"]:
        u["name"] = put(f"unit {u['id']} name")
    for a in s["activities"][:6]:
        a["name"] = put(f"activity {a['id']} name")
        a["owner"] = put(f"activity {a['id']} owner")
    for a in s["assessments"]:
        a["comment"] = put(f"assessment of {a['node']} comment")
    paths: Dict[str, Any] = {"strategy": folder / "strategy.json"}
    paths["strategy"].write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")

    m = pd.read_csv(sk.examples.path("gavle/measurements.csv"), dtype=str, keep_default_na=False)
    m.loc[m.index[-1], "note"] = put("measurement note")
    paths["own_measurements"] = folder / "own_measurements.csv"  # without the comparison unit
    m.to_csv(paths["own_measurements"], index=False)
    # a comparison unit: the whole country, with the values of the last indicator's rows
    last = m[(m["indicator"] == m["indicator"].iloc[-1]) & (m["unit"] == m["unit"].iloc[-1])].copy()
    last["unit"], last["note"] = "0000", ""
    m = pd.concat([m, last], ignore_index=True)
    paths["measurements"] = folder / "measurements.csv"
    m.to_csv(paths["measurements"], index=False)
    marker = f"F{len(fields) + 1:02d}"
    fields[marker] = "comparison unit name"
    paths["compare"] = f"0000:{compare_text(marker)}"

    f = pd.read_csv(sk.examples.path("gavle/funds.csv"), dtype=str, keep_default_na=False)
    for i in f.index[:4]:
        f.loc[i, "project"] = put(f"funds {f.loc[i, 'id']} project")
        f.loc[i, "programme"] = put(f"funds {f.loc[i, 'id']} programme")
        f.loc[i, "note"] = put(f"funds {f.loc[i, 'id']} note")
    paths["funds"] = folder / "funds.csv"
    f.to_csv(paths["funds"], index=False)

    p = pd.read_csv(sk.examples.path("gavle/projects.csv"), dtype=str, keep_default_na=False)
    for i in p.index:
        p.loc[i, "name"] = put(f"project {p.loc[i, 'id']} name")
    paths["projects"] = folder / "projects.csv"
    p.to_csv(paths["projects"], index=False)

    plan = json.loads(sk.examples.path("gavle/allocation.json").read_text(encoding="utf-8"))
    plan["note"] = put("plan note")
    paths["plan"] = folder / "allocation.json"
    paths["plan"].write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return paths, fields


def command(name: str, paths: Dict[str, Path], out: Path) -> List[str]:
    """The command line of ``report`` or ``excel`` on the hostile inputs."""
    args = [name, str(paths["strategy"]), str(paths["measurements"]), "--out", str(out)]
    args += ["--plan", str(paths["plan"]), "--funds", str(paths["funds"]), "--projects", str(paths["projects"])]
    return args + ["--compare", str(paths["compare"])]
