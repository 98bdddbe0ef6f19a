"""The ``styrkort`` command.

``styrkort validate STRATEGY``
``styrkort evaluate STRATEGY MEASUREMENTS --out FILE.csv|FILE.json [--encoding NAME]``
``styrkort allocate [STRATEGY PLAN] [--out FILE.csv|FILE.json]``
``styrkort report [STRATEGY MEASUREMENTS] --out FILE.html|FILE.pdf [--plan PLAN.json] [--projects PROJECTS.csv]``

Errors in the input are reported in one line naming the place and the rule,
with exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Tuple

from ._deprecated import MESSAGE as DEPRECATED_NAME
from ._io import output_path
from ._version import __version__
from .errors import ArgumentError, ConsistencyWarning, Error

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .report import FollowUpResults

# Exit statuses: 1 bad input, 2 a usage error (argparse's own), 3 a bug.
EXIT_INVALID = 1
EXIT_INTERNAL = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="styrkort", description="Follow-up of public-sector strategies: goal fulfilment, trends and reports."
    )
    p.add_argument("--version", action="version", version=f"styrkort {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    v = sub.add_parser("validate", help="check a strategy file and summarise it")
    v.add_argument("strategy", help="strategy JSON file")
    _warnings_argument(v)

    e = sub.add_parser("evaluate", help="evaluate goal fulfilment and write the results table")
    e.add_argument("strategy", help="strategy JSON file")
    e.add_argument("measurements", help="measurements CSV (indicator,unit,period,value[,note])")
    _encoding_argument(e)
    e.add_argument("--out", required=True, help="output file: .csv or .json")
    e.add_argument("--latest", action="store_true", help="only the latest period per unit and node")
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
    a.add_argument("--out", help="also write the split: .csv or .json")
    a.add_argument(
        "--weighting",
        choices=["rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal"],
        help="weights from the focus areas' priorities (default: the plan's, else rank_order_centroid)",
    )

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
    for q, suffix in ((r, ".html or .pdf"), (x, ".xlsx")):
        _follow_up_arguments(q, suffix)

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
    q.add_argument("--out", required=True, help=f"output {suffix} file")
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
        help="grants and applications CSV (id,project,programme,focus_area,unit,status,"
        "applied,granted,rate,own,decided,start,end,...): adds the compilation of "
        "external funds (the embedded example has its own)",
    )
    q.add_argument(
        "--projects",
        help="project proposals CSV (id,name,focus_area,cost,hours,external,rate,value,group,"
        "must,never; must and never as 1/0, true/false, yes/no or ja/nej; ',' or ';' "
        "with decimal commas): adds the projects selected under the budget",
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


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate
    from .measurements import load_measurements
    from .strategy import load_strategy

    out = _out(args.out, [".csv", ".json"], args.strategy, args.measurements)
    _check_encoding(args.encoding)
    ev = evaluate(load_strategy(args.strategy), load_measurements(args.measurements, encoding=args.encoding))
    table = ev.table(latest=args.latest, dropna=True)
    if out.suffix.lower() == ".csv":
        table.to_csv(out, index=False)
    else:
        ev.to_json(out, latest=args.latest)
    print(
        f"{out}: {len(table)} rows ({ev.score.shape[0]} nodes, {ev.score.shape[1]} units, {ev.score.shape[2]} periods)"
    )
    _print_warnings(ev.warnings, args.warnings)
    return 0


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
    if result.rank_node is not None:
        ranks = result.ranks[result.ranks["node"] == result.rank_node]
        print(f"rank intervals of {result.rank_node} (nominal, median, 5-95 %):")
        for row in ranks.itertuples():
            if row.nominal == row.nominal:  # a unit with a rank
                print(f"  {row.unit}: {row.nominal:g}, {row.median:g}, {row.q05:g}-{row.q95:g}")
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
    from .allocation import AllocationPlan, allocate_focus_areas
    from .strategy import load_strategy

    if (args.strategy is None) != (args.plan is None):
        raise ArgumentError("give both STRATEGY and PLAN, or neither for the embedded example")
    out = _out(args.out, [".csv", ".json"], args.strategy, args.plan) if args.out else None
    if args.strategy is None:
        strategy = examples.gavle_strategy()
        plan = AllocationPlan.from_dict(examples.gavle_allocation(), source="the embedded plan")
    else:
        strategy, plan = load_strategy(args.strategy), AllocationPlan.load(args.plan)
    allocation = allocate_focus_areas(strategy, plan, args.weighting)
    table = allocation.table
    if plan.note:
        print(plan.note)
    print(f"{strategy.name}: budget {plan.budget:,.0f}, {plan.staff_days} staff days")
    print(
        table.drop(columns=["name"]).to_string(
            index=False, float_format=lambda x: f"{x:,.3f}" if 0 < abs(x) < 1 else f"{x:,.0f}"
        )
    )
    if out is not None:
        if out.suffix.lower() == ".csv":
            table.to_csv(out, index=False)
        else:
            out.write_text(table.to_json(orient="records", force_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{out}: {len(table)} focus areas")
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
    inputs = [i for i in (args.strategy, args.measurements, args.plan, args.projects, args.funds) if i]
    out = _out(args.out, suffixes, *inputs)
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
    )
    return results, out, inputs


def _print_summary(f: "FollowUpResults", out: Path, what: str, warnings: str) -> None:
    print(f"{out}: {what} of {f.strategy.name!r}")
    if f.allocation is not None and f.plan is not None:
        print(
            f"  proposed split of {float(f.plan.budget):,.0f} own money and {f.plan.staff_days} "
            f"staff days across {len(f.allocation.table)} focus areas"
        )
    if f.funds is not None:
        granted = f.funds.compilation("status")
        print(
            f"  external funds: {int(granted['projects'].sum())} granted projects, "
            f"{granted['granted'].sum():,.0f} granted"
        )
    if f.selection is not None and f.projects is not None:
        limit = f" and {f.projects_hours:,.0f} staff hours" if f.projects_hours is not None else ""
        state = "proven optimal" if f.selection.proven_optimal else f"not proven optimal, gap {f.selection.gap:.4g}"
        print(
            f"  {len(f.selection.selected)} of {len(f.projects)} projects selected under "
            f"{f.projects_budget:,.0f} own money{limit} ({state})"
        )
    _print_warnings(f.evaluation.warnings, warnings)


def _report(args: argparse.Namespace) -> int:
    f, out, _ = _follow_up(args, [".html", ".htm", ".pdf"])
    f.write(out, lang=args.lang)
    _print_summary(f, out, "follow-up report", args.warnings)
    return 0


def _excel(args: argparse.Namespace) -> int:
    from .excel import write_workbook

    f, out, inputs = _follow_up(args, [".xlsx"])
    sheets = f.sheets()
    write_workbook(out, sheets, lang=args.lang, inputs=inputs)
    _print_summary(f, out, f"workbook ({len(sheets)} sheets)", args.warnings)
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
