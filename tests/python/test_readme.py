"""The README runs as written: every ```python block in order in an empty folder,
every ```sh block of `styrkort` commands through the command line's `main`; and
its table of the command line names every option the parser knows (issue 10,
points 10 and 11)."""

import re
import shlex
from pathlib import Path

import pytest

from styrkort.cli import _parser, main

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def blocks():
    """(language, code) of every fenced block, in order."""
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_the_readme_has_the_blocks_this_test_runs():
    langs = [lang for lang, _ in blocks()]
    assert langs.count("python") >= 3
    assert sum(1 for lang, code in blocks() if lang in ("sh", "bash") and code.startswith("styrkort")) >= 1


def test_every_readme_block_runs_in_order_in_an_empty_folder(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    pytest.importorskip("openpyxl")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__readme__"}
    ran = 0
    for k, (lang, code) in enumerate(blocks()):
        if lang == "python":
            exec(compile(code, f"README.md, block {k + 1}", "exec"), namespace)
            ran += 1
        elif lang in ("sh", "bash") and code.startswith("styrkort"):
            for line in code.splitlines():
                if line.strip():
                    args = shlex.split(line)
                    assert args[0] == "styrkort", line
                    assert main(args[1:]) == 0, (line, capsys.readouterr().err)
                    ran += 1
    assert ran >= 8
    # what the blocks wrote, each a real file
    for name in ("results.json", "resultat.csv", "mall.xlsx", "rapport.html", "uppfoljning.xlsx", "fordelning.csv"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert (tmp_path / "resultat.csv").read_bytes().startswith(b"\xef\xbb\xbfunit;node;")
    import matplotlib.pyplot as plt

    plt.close("all")


def _command_line_section():
    text = README.read_text(encoding="utf-8")
    start = text.index("## The command line")
    return text[start : text.index("\n## ", start + 1)]


def test_the_readme_table_names_every_option_of_every_command():
    table = "\n".join(line for line in _command_line_section().splitlines() if line.startswith("|"))
    named = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", table))
    parser = _parser()
    known = {o for a in parser._actions for o in a.option_strings}
    subcommands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    for name, sub in subcommands.items():
        assert f"`styrkort {name}" in table, name
        known |= {o for a in sub._actions for o in a.option_strings}
    assert sorted(known - named) == []
