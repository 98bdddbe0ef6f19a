"""The ``styrkort`` command.

``styrkort validate STRATEGY``
``styrkort evaluate STRATEGY MEASUREMENTS --out FILE.csv|FILE.json [--encoding NAME] [--lang sv|en]``
``styrkort allocate [STRATEGY PLAN] [--out FILE.csv|FILE.json] [--lang sv|en]``
``styrkort report [STRATEGY MEASUREMENTS] --out FILE.html|FILE.pdf [--plan PLAN.json] [--projects PROJECTS.csv]
[--compare riket,2181,jämförelsegrupp=0380+1880]``

Errors in the input are reported in one line naming the place and the rule,
with exit status 1; never a traceback. What is printed for people (tables,
summaries) takes its words from ``_display/sv.py`` and ``en.py`` and its numbers
in the language's format (``--lang``); files for machines (JSON) keep every digit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import textwrap
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple

from ._deprecated import MESSAGE as DEPRECATED_NAME
from ._display.numbers import number
from ._display.words import CLI, HEADERS, REPORT
from ._io import output_path, write_csv, write_json
from ._version import __version__
from .errors import ArgumentError, ConsistencyWarning, Error

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .report import FollowUpResults

# Exit statuses: 1 bad input, 2 a usage error (argparse's own), 3 a bug.
EXIT_INVALID = 1
EXIT_INTERNAL = 3


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped at spaces only: a file name, an id or a list of
    columns is never cut in the middle (argparse's own wrapping breaks words
    longer than the column: "focu / s_area")."""

    def _split_lines(self, text: str, width: int) -> List[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        text = self._whitespace_matcher.sub(" ", text).strip()
        return textwrap.fill(
            text, width, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
        )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="styrkort",
        description="Follow-up of public-sector strategies: goal fulfilment, trends and reports.",
        formatter_class=_HelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"styrkort {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_SubParser)
    sub.required = True

    v = sub.add_parser("validate", help="check a strategy file and summarise it")
    v.add_argument("strategy", help="strategy JSON file")
    _warnings_argument(v)

    e = sub.add_parser("evaluate", help="evaluate goal fulfilment and write the results table")
    e.add_argument("strategy", help="strategy JSON file")
    e.add_argument("measurements", help="measurements CSV (indicator, unit, period, value[, note])")
    _encoding_argument(e)
    e.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="output file: .csv (rounded for people: values and targets 3 decimals, scores 1, shares 3, "
        "the forecast as a period) or .json (every digit)",
    )
    e.add_argument("--latest", action="store_true", help="only the latest period per unit and node")
    _csv_arguments(e)
    _warnings_argument(e)

    a = sub.add_parser(
        "allocate",
        help="split next year's money and staff days across the prioritised focus "
        "areas (without inputs: the embedded Gävle example)",
    )
    a.add_argument("strategy", nargs="?", help="strategy JSON file (omit both for the embedded example)")
    a.add_argument(
        "plan",
        nargs="?",
        help="allocation plan JSON (budget, staff_days, focus_areas; see "
        "docs/allocation.md and styrkort/examples/gavle/allocation.json)",
    )
    a.add_argument(
        "--out",
        metavar="FILE",
        help="also write the split: .csv (amounts to the cent, as the table) or .json (every digit)",
    )
    a.add_argument(
        "--weighting",
        choices=["rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal"],
        metavar="METHOD",
        help="weights from the focus areas' priorities: rank_order_centroid, rank_sum, rank_reciprocal, "
        "geometric or equal (default: the plan's, else rank_order_centroid)",
    )
    _csv_arguments(a, printed=True)

    r = sub.add_parser(
        "report",
        help="write the follow-up report as one HTML file, or a PDF printed by headless Chromium "
        "(without inputs: the embedded Gävle example)",
    )
    x = sub.add_parser(
        "excel",
        help="write every result table to one Excel workbook, a sheet each "
        "(without inputs: the embedded Gävle example; needs styrkort[excel])",
    )
    pdf = (
        ".html file, or a .pdf printed by headless Chromium (STYRKORT_CHROMIUM: the browser's path, "
        "else chromium on PATH)"
    )
    for q, suffix in ((r, pdf), (x, ".xlsx file")):
        _follow_up_arguments(q, suffix)
    r.add_argument(
        "--show-ids", action="store_true", help="also show the ids of units, goals and indicators beside their names"
    )
    r.add_argument(
        "--sensitivity",
        metavar="INPUTS.json",
        help="uncertain inputs JSON (as styrkort sensitivity --inputs takes; 'example': the embedded example's): "
        "adds the section 'Hur säkra är resultaten?' (how sure each focus area's status is, rank intervals, "
        "the choice that matters most)",
    )
    r.add_argument(
        "--sensitivity-n",
        type=int,
        default=1024,
        metavar="N",
        help="Sobol' base sample N for --sensitivity, a power of two (default 1024: N x (inputs + 2) calculations)",
    )

    s = sub.add_parser(
        "sensitivity",
        help="how sure are the results: rank and score intervals, status probabilities and Sobol' indices "
        "of uncertain inputs (without inputs: the embedded Gävle example and its example inputs)",
    )
    s.add_argument("strategy", nargs="?", help="strategy JSON file (omit both for the embedded example)")
    s.add_argument("measurements", nargs="?", help="measurements CSV (omit both for the embedded example)")
    s.add_argument("--inputs", help="uncertain inputs JSON (default with the embedded example: its example inputs)")
    s.add_argument("--n", type=int, default=1024, help="base sample size, a power of two for sobol (default 1024)")
    s.add_argument("--method", choices=["sobol", "monte_carlo"], default="sobol")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--period", help="the period to analyse (default: the last)")
    s.add_argument("--threads", type=int, default=0, help="threads (default 0: every core)")
    s.add_argument("--out", help="write the result: .json or .xlsx (needs styrkort[excel])")
    _encoding_argument(s)
    return p


class _SubParser(argparse.ArgumentParser):
    """A subcommand's parser, with help wrapped at spaces (:class:`_HelpFormatter`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def _csv_arguments(q: argparse.ArgumentParser, printed: bool = False) -> None:
    """``--lang``, ``--sep`` and ``--decimal`` of the commands that write CSV."""
    what = "the printed table's words and numbers and " if printed else ""
    q.add_argument(
        "--lang",
        choices=["sv", "en"],
        help=f"language of {what}the CSV: sv writes Swedish Excel's CSV (';' between cells, decimal "
        "commas, UTF-8 with a byte-order mark so that Excel shows åäö right), en plain CSV (',' and a "
        "decimal point); default: English words and plain CSV",
    )
    q.add_argument("--sep", metavar="CHAR", help="the CSV's separator, overriding --lang's (e.g. ';')")
    q.add_argument("--decimal", metavar="CHAR", help="the CSV's decimal mark, overriding --lang's (e.g. ',')")


# How many warnings a command prints unless asked for all of them.
WARNINGS_PRINTED = 5


def _warnings_argument(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--warnings",
        choices=["some", "all"],
        default="some",
        help=f"print the number of warnings and the first {WARNINGS_PRINTED} (some, the default) or every one (all)",
    )


def _print_warnings(warnings: "object", mode: str) -> None:
    """The warnings (what the engine decided on thin ground): their number and
    the first few, or all of them."""
    n = len(warnings)  # type: ignore[arg-type]
    if not n:
        return
    rows = warnings.to_dict("records")  # type: ignore[attr-defined]
    shown = rows if mode == "all" else rows[:WARNINGS_PRINTED]
    more = "" if len(shown) == n else f" (the first {len(shown)}; --warnings all prints every one)"
    print(f"{n} warning{'' if n == 1 else 's'}{more}:")
    for r in shown:
        print(f"  {r['code']}: {r['message']}")


def _encoding_argument(q: argparse.ArgumentParser) -> None:
    """``--encoding`` for each command that reads a measurements file."""
    q.add_argument(
        "--encoding",
        metavar="NAME",
        help="text encoding of the measurements CSV (default UTF-8, with or without BOM), e.g. cp1252 "
        "for a file saved by an older Excel on Windows",
    )


def _check_encoding(encoding: Optional[str]) -> None:
    """An unknown --encoding is refused before any file is read."""
    from ._io import text_codec

    if encoding is not None:
        text_codec(encoding, f"--encoding {encoding}")


def _follow_up_arguments(q: argparse.ArgumentParser, suffix: str) -> None:
    """The inputs shared by `report` and `excel`."""
    from .allocation import DEFAULT_HOURS_PER_STAFF_DAY

    q.add_argument("strategy", nargs="?", help="strategy JSON file (omit both for the embedded example)")
    q.add_argument("measurements", nargs="?", help="measurements CSV")
    _encoding_argument(q)
    q.add_argument("--out", required=True, metavar="FILE", help=f"output: a {suffix}")
    q.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of the labels (default sv)")
    _warnings_argument(q)
    q.add_argument("--unit", help="unit to follow up (default: the root unit)")
    q.add_argument("--period", help="period to follow up (default: the last)")
    q.add_argument(
        "--plan",
        help="allocation plan JSON (docs/allocation.md): adds the proposed split across the "
        "focus areas (the embedded example has its own)",
    )
    q.add_argument(
        "--funds",
        help="grants and applications CSV (id, project, programme, focus_area, unit, status, "
        "applied, granted, rate, own, decided, start, end, ...): adds the compilation of "
        "external funds (the embedded example has its own)",
    )
    q.add_argument(
        "--projects",
        help="project proposals CSV (id, name, focus_area, cost, hours, external, rate, value, group, "
        "must, never; must and never as 1/0, true/false, yes/no or ja/nej; ',' or ';' "
        "with decimal commas; docs/allocation.md): adds the projects selected under the budget",
    )
    q.add_argument(
        "--projects-budget",
        type=float,
        metavar="AMOUNT",
        help="own money for the projects (default with a plan: the own money its split matches with co-financing)",
    )
    q.add_argument(
        "--projects-hours",
        type=float,
        metavar="HOURS",
        help="staff hours for the projects (default with a plan: its staff days × its "
        f"hours_per_staff_day, {DEFAULT_HOURS_PER_STAFF_DAY:g} unless it says; without: no limit)",
    )
    q.add_argument(
        "--compare",
        metavar="IDS",
        help="comparison units among the measurements' rows, kept out of the evaluation and shown beside "
        "the outcome: ids separated by commas, 'riket' for 0000 (the whole country), ID:NAME to name one, "
        "NAME=ID+ID+... for a peer group (its median and the unit's position in it), e.g. "
        "--compare riket,0021:Gävleborg,jämförelsegrupp=0380+1880+2281 (docs/import.md)",
    )


def _out(path: str, suffixes: List[str], *inputs: Optional[str]) -> Path:
    out = output_path(path, *(i for i in inputs if i is not None))
    if out.suffix.lower() not in suffixes:
        raise ArgumentError(f"{out}: unsupported output type {out.suffix or '(none)'!r}; use {' or '.join(suffixes)}")
    if not out.parent.exists():
        raise ArgumentError(f"{out}: the folder {out.parent} does not exist")
    return out


def _validate(args: argparse.Namespace) -> int:
    from .evaluation import strategy_warnings
    from .strategy import load_strategy

    s = load_strategy(args.strategy)
    kinds = s.nodes["kind"].value_counts()
    parts = ", ".join(f"{n} {k}" for k, n in kinds.items())
    print(
        f"{args.strategy}: valid strategy {s.name!r}: {len(s.nodes)} nodes ({parts}), {len(s.units)} units, "
        f"{len(s.periods)} declared periods, {len(s.activities)} activities"
    )
    _print_warnings(strategy_warnings(s), args.warnings)
    return 0


def _csv_options(args: argparse.Namespace, out: Path) -> Dict[str, Any]:
    """The CSV dialect the arguments ask for; --sep and --decimal only with a .csv output."""
    given = [f"--{k}" for k in ("sep", "decimal") if getattr(args, k) is not None]
    if given and out.suffix.lower() != ".csv":
        raise ArgumentError(f"{' and '.join(given)}: only for a .csv output, not {out.name}")
    return {"lang": args.lang, "sep": args.sep, "decimal": args.decimal}


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate
    from .measurements import load_measurements
    from .strategy import load_strategy

    out = _out(args.out, [".csv", ".json"], args.strategy, args.measurements)
    csv = _csv_options(args, out)
    _check_encoding(args.encoding)
    ev = evaluate(load_strategy(args.strategy), load_measurements(args.measurements, encoding=args.encoding))
    if out.suffix.lower() == ".csv":
        rows = len(ev.readable_table(latest=args.latest))
        ev.to_csv(out, latest=args.latest, **csv)
    else:
        rows = len(ev.table(latest=args.latest, dropna=True))
        ev.to_json(out, latest=args.latest)
    N, U, P = ev.score.shape
    W = CLI[args.lang or "en"]
    print(W["written_evaluation"].format(path=out, rows=rows, nodes=N, units=U, periods=P))
    _print_warnings(ev.warnings, args.warnings)
    return 0


def _text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """A plain-text table: columns two spaces apart, numbers right-aligned."""
    widths = [max([len(h), *(len(r[j]) for r in rows)]) for j, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)])


# A focus area's name longer than this is cut (with "…") in a printed table.
NAME_WIDTH = 40


def _short(name: str, width: int = NAME_WIDTH) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def _allocation_text(allocation: Any, strategy_name: str, lang: str) -> str:
    """What ``styrkort allocate`` prints: the budget, the method and the table
    of the split by focus area (names, not ids), in ``lang``'s words and number
    format: amounts in whole money, weights with three decimals."""
    W, L, H = CLI[lang], REPORT[lang], HEADERS[lang]
    plan, t = allocation.plan, allocation.table

    def n(x: Any, decimals: int = 0) -> str:
        return number(x, L, decimals) or ""

    currency = f" {plan.currency}" if plan.currency else ""
    year = W["year"].format(year=plan.year) if plan.year is not None else ""
    lines = [plan.note] if plan.note else []
    lines.append(
        W["budget_line"].format(
            strategy=strategy_name, budget=n(plan.budget) + currency, days=n(plan.staff_days), year=year
        )
    )
    method = "; ".join(
        [
            W["method_money"],
            W["method_weights"].format(method=L["weighting_word"].get(allocation.weighting, allocation.weighting)),
            W["method_days"].format(apportionment=W["apportionment"]["dhondt"]),
        ]
    )
    lines.append(textwrap.fill(f"{W['method_heading']} {method}.", 100, break_long_words=False))
    headers = [H[c] for c in ("focus_area", "priority", "weight", "own", "external", "total", "binding", "staff_days")]
    rows = [
        [
            _short(str(r.name)),
            str(int(r.priority)),
            n(r.weight, 3),
            n(r.own),
            n(r.external),
            n(r.total),
            L["binding_word"].get(str(r.binding), str(r.binding)) if r.binding else "",
            n(r.staff_days),
        ]
        for r in t.itertuples(index=False)
    ]
    rows.append(
        [
            W["sum"],
            "",
            "",
            n(t["own"].sum()),
            n(t["external"].sum()),
            n(t["total"].sum()),
            "",
            n(t["staff_days"].sum()),
        ]
    )
    right = [False, True, True, True, True, True, False, True]
    lines += ["", _text_table(headers, rows, right), "", W["precision"].format(currency=plan.currency or W["money"])]
    return "\n".join(lines)


def _sensitivity(args: argparse.Namespace) -> int:
    from . import examples
    from .measurements import load_measurements
    from .sensitivity import load_inputs, sensitivity
    from .strategy import load_strategy

    if (args.strategy is None) != (args.measurements is None):
        raise ArgumentError("give both STRATEGY and MEASUREMENTS, or neither for the embedded example")
    out = _out(args.out, [".json", ".xlsx"], args.strategy, args.measurements, args.inputs) if args.out else None
    _check_encoding(args.encoding)
    if args.strategy is None:
        strategy, measurements = examples.gavle_strategy(), examples.gavle_measurements()
        inputs = load_inputs(args.inputs or examples.path("gavle/sensitivity_inputs.json"))
    else:
        if args.inputs is None:
            raise ArgumentError("give the uncertain inputs with --inputs inputs.json")
        strategy = load_strategy(args.strategy)
        measurements = load_measurements(args.measurements, encoding=args.encoding)
        inputs = load_inputs(args.inputs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConsistencyWarning)
        result = sensitivity(
            strategy,
            measurements,
            inputs,
            n=args.n,
            seed=args.seed,
            method=args.method,
            period=args.period,
            threads=args.threads,
        )
    print(
        f"sensitivity ({result.method}, n = {result.n}): {result.n_evaluations} evaluations of "
        f"{len(result.inputs)} inputs at period {result.period}"
    )
    # names, not ids, in what people read
    unit_name = {u: n or u for u, n in zip(strategy.units["id"], strategy.units["name"])}
    node_name = {k: n or k for k, n in zip(strategy.nodes["id"], strategy.nodes["name"])}
    if result.rank_node is not None:
        ranks = result.ranks[result.ranks["node"] == result.rank_node]
        print(f"rank intervals of {node_name.get(result.rank_node, result.rank_node)} (nominal, median, 5-95 %):")
        for row in ranks.itertuples():
            if row.nominal == row.nominal:  # a unit with a rank
                name = unit_name.get(row.unit, row.unit)
                print(f"  {name}: {row.nominal:g}, {row.median:g}, {row.q05:g}-{row.q95:g}")
    idx = result.indices
    shift = idx[idx["node"] == "rank_shift"].sort_values("ST", ascending=False)
    if len(shift):
        print("what matters most for the ranks (total index ST of the mean absolute rank shift):")
        for row in shift.itertuples():
            print(f"  {row.input}: ST {row.ST:.3f} ± {row.ST_conf:.3f}, S1 {row.S1:.3f} ± {row.S1_conf:.3f}")
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    if out is not None:
        if out.suffix.lower() == ".json":
            result.to_json(out)
        else:
            result.to_excel(out)
        print(f"{out}: written")
    return 0


def _allocate(args: argparse.Namespace) -> int:
    from . import examples
    from ._io import json_records
    from .allocation import AllocationPlan, allocate_focus_areas
    from .strategy import load_strategy

    if (args.strategy is None) != (args.plan is None):
        raise ArgumentError("give both STRATEGY and PLAN, or neither for the embedded example")
    out = _out(args.out, [".csv", ".json"], args.strategy, args.plan) if args.out else None
    if args.out is None and (args.sep is not None or args.decimal is not None):
        raise ArgumentError("--sep and --decimal: only with --out FILE.csv")
    csv = _csv_options(args, out) if out is not None else {}
    if args.strategy is None:
        strategy = examples.gavle_strategy()
        plan = AllocationPlan.from_dict(examples.gavle_allocation(), source="the embedded plan")
    else:
        strategy, plan = load_strategy(args.strategy), AllocationPlan.load(args.plan)
    allocation = allocate_focus_areas(strategy, plan, args.weighting)
    lang = args.lang or "en"
    print(_allocation_text(allocation, strategy.name, lang))
    table = allocation.table
    if out is not None:
        if out.suffix.lower() == ".csv":
            write_csv(table.assign(weight=table["weight"].round(3)), out, **csv)
        else:
            write_json(out, json.dumps(json_records(table), ensure_ascii=False, indent=1))
        print(CLI[lang]["written_allocation"].format(path=out, n=len(table)))
    return 0


def _follow_up(args: argparse.Namespace, suffixes: List[str]) -> "Tuple[FollowUpResults, Path, List[str]]":
    """The checks of the arguments `report` and `excel` share, then
    :func:`styrkort.report.build` of their inputs: the results, the output path
    and the input files."""
    from .report import build

    if (args.strategy is None) != (args.measurements is None):
        raise ArgumentError("give both STRATEGY and MEASUREMENTS, or neither for the embedded example")
    for name in ("projects_budget", "projects_hours"):
        v = getattr(args, name)
        if v is not None and not (math.isfinite(v) and v >= 0):
            raise ArgumentError(f"--{name.replace('_', '-')} {v:g}: must be a non-negative number")
    embedded = args.strategy is None
    budgets_given = args.projects_budget is not None or args.projects_hours is not None
    if embedded and args.encoding is not None:
        raise ArgumentError("--encoding needs MEASUREMENTS (the embedded example is UTF-8)")
    _check_encoding(args.encoding)
    if not embedded and args.projects is None and budgets_given:
        raise ArgumentError("--projects-budget and --projects-hours need --projects")
    if not embedded and args.projects is not None and args.plan is None and args.projects_budget is None:
        raise ArgumentError("--projects needs --projects-budget (or --plan, whose split gives the budget)")
    sens = getattr(args, "sensitivity", None)
    if sens is not None and sens != "example" and not os.path.isfile(sens):
        raise ArgumentError(f"--sensitivity {sens}: no such file (give an inputs JSON file, or 'example')")
    inputs = [i for i in (args.strategy, args.measurements, args.plan, args.projects, args.funds) if i]
    out = _out(args.out, suffixes, *inputs, *([sens] if sens not in (None, "example") else []))
    results = build(
        args.strategy,
        args.measurements,
        plan=args.plan,
        projects=args.projects,
        funds=args.funds,
        projects_budget=args.projects_budget,
        projects_hours=args.projects_hours,
        unit=args.unit,
        period=args.period,
        encoding=args.encoding,
        compare=args.compare,
        sensitivity=sens,
        sensitivity_n=getattr(args, "sensitivity_n", 1024),
    )
    return results, out, inputs


def _print_summary(f: "FollowUpResults", out: Path, what: str, warnings: str, lang: str) -> None:
    """What ``report`` and ``excel`` print after writing: the file and what it
    holds, in ``lang``'s words and number format; then the warnings."""
    W, L = CLI[lang], REPORT[lang]

    def n(x: Any) -> str:
        return number(x, L, 0) or ""

    print(W["report_written"].format(path=out, what=what, strategy=f.strategy.name))
    if f.allocation is not None and f.plan is not None:
        print(
            W["report_split"].format(
                own=n(float(f.plan.budget)) + (f" {f.plan.currency}" if f.plan.currency else ""),
                days=n(f.plan.staff_days),
                n=len(f.allocation.table),
            )
        )
    if f.funds is not None:
        granted = f.funds.compilation("status")
        print(W["report_funds"].format(n=int(granted["projects"].sum()), granted=n(granted["granted"].sum())))
    if f.selection is not None and f.projects is not None:
        hours = W["report_hours"].format(hours=n(f.projects_hours)) if f.projects_hours is not None else ""
        state = W["proven"] if f.selection.proven_optimal else W["not_proven"].format(gap=number(f.selection.gap, L))
        print(
            W["report_projects"].format(
                n=len(f.selection.selected), m=len(f.projects), budget=n(f.projects_budget), hours=hours, state=state
            )
        )
    if f.comparison:
        names = [f"{c.key} (peer group of {len(c.ids)})" if c.group else c.key for c in f.comparison.comparands]
        print(f"  compared with {', '.join(names)}")
    if f.sensitivity is not None:
        s = f.sensitivity
        print(
            f"  how sure the results are: {s.n_evaluations} calculations of {len(s.inputs)} uncertain inputs "
            f"({s.method}, n = {s.n}, seed {s.seed})"
        )
    _print_warnings(f.evaluation.warnings, warnings)


def _report(args: argparse.Namespace) -> int:
    f, out, _ = _follow_up(args, [".html", ".htm", ".pdf"])
    f.write(out, lang=args.lang, show_ids=args.show_ids)
    _print_summary(f, out, CLI[args.lang]["what_report"], args.warnings, args.lang)
    return 0


def _excel(args: argparse.Namespace) -> int:
    from .excel import write_workbook

    f, out, inputs = _follow_up(args, [".xlsx"])
    sheets = f.sheets()
    write_workbook(out, sheets, lang=args.lang, inputs=inputs)
    _print_summary(f, out, CLI[args.lang]["what_workbook"].format(n=len(sheets)), args.warnings, args.lang)
    return 0


def _show_renamed(show: Callable[..., None]) -> Callable[..., None]:
    """``show`` (warnings.showwarning) that prints the warning of a renamed name
    as one line, ``styrkort: warning: ...``, and passes every other warning on."""

    def showwarning(message: Any, category: type, *args: Any, **kwargs: Any) -> None:
        if issubclass(category, DeprecationWarning) and re.match(DEPRECATED_NAME, str(message)):
            print(f"styrkort: warning: {message}", file=sys.stderr)
        else:
            show(message, category, *args, **kwargs)

    return showwarning


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed the usage
        return int(e.code or 0)
    commands = {
        "validate": _validate,
        "evaluate": _evaluate,
        "allocate": _allocate,
        "report": _report,
        "excel": _excel,
        "sensitivity": _sensitivity,
    }
    try:
        with warnings.catch_warnings():
            # an input that uses a name renamed in 0.2 (docs/glossary.md) says so on stderr, and still works
            warnings.filterwarnings("default", DEPRECATED_NAME, DeprecationWarning)
            warnings.showwarning = _show_renamed(warnings.showwarning)
            return commands[args.command](args)
    except Error as e:
        print(f"styrkort: error: {e}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # the reader of our output went away (`| head`): the work is done, say nothing
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so that the interpreter's final flush stays quiet
        return 0
    except OSError as e:
        print(f"styrkort: error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return EXIT_INVALID
    except ImportError as e:  # an optional extra is missing: the message names it
        print(f"styrkort: error: {e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("styrkort: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: say so in one line, never a traceback
        print(
            f"styrkort: internal error ({type(e).__name__}: {e}); please report it with the input that caused it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
