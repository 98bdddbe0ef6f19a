"""The ``styrkort`` command.

``styrkort validate STRATEGY``
``styrkort evaluate STRATEGY MEASUREMENTS --out FILE.csv|FILE.json``
``styrkort allocate [STRATEGY PLAN] [--out FILE.csv|FILE.json]``
``styrkort report [STRATEGY MEASUREMENTS] --out FILE.html``

Errors in the input are reported in one line naming the place and the rule,
with exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from . import __version__
from ._io import output_path
from .errors import ArgumentError, Error

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="styrkort",
        description="Follow-up of public-sector strategies: goal fulfilment, trends and reports.")
    p.add_argument("--version", action="version", version=f"styrkort {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    v = sub.add_parser("validate", help="check a strategy file and summarise it")
    v.add_argument("strategy", help="strategy JSON file")

    e = sub.add_parser("evaluate", help="evaluate goal fulfilment and write the results table")
    e.add_argument("strategy", help="strategy JSON file")
    e.add_argument("measurements", help="measurements CSV (indicator,unit,period,value[,note])")
    e.add_argument("--out", required=True, help="output file: .csv or .json")
    e.add_argument("--latest", action="store_true", help="only the latest period per unit and node")

    a = sub.add_parser("allocate", help="split next year's money and staff days across the prioritised focus "
                                         "areas (without inputs: the embedded Gävle example)")
    a.add_argument("strategy", nargs="?", help="strategy JSON file (omit both for the embedded example)")
    a.add_argument("plan", nargs="?", help="allocation plan JSON (budget, staff_days, areas; see "
                                           "styrkort/examples/gavle/allocation.json)")
    a.add_argument("--out", help="also write the split: .csv or .json")
    a.add_argument("--weighting", choices=["rank_order_centroid", "rank_sum", "rank_reciprocal", "geometric", "equal"],
                   help="weights from the priority ranks (default: the plan's, else rank_order_centroid)")

    r = sub.add_parser("report", help="write the follow-up report as one HTML file "
                                      "(without inputs: the embedded Gävle example)")
    r.add_argument("strategy", nargs="?", help="strategy JSON file (omit both for the embedded example)")
    r.add_argument("measurements", nargs="?", help="measurements CSV")
    r.add_argument("--out", required=True, help="output .html file")
    r.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of the labels (default sv)")
    r.add_argument("--unit", help="unit to follow up (default: the root unit)")
    r.add_argument("--period", help="period to follow up (default: the last)")
    return p


def _out(path: str, suffixes: List[str], *inputs: Optional[str]) -> Path:
    out = output_path(path, *inputs)
    if out.suffix.lower() not in suffixes:
        raise ArgumentError(f"{out}: unsupported output type {out.suffix or '(none)'!r}; use {' or '.join(suffixes)}")
    if not out.parent.exists():
        raise ArgumentError(f"{out}: the folder {out.parent} does not exist")
    return out


def _validate(args: argparse.Namespace) -> int:
    from .strategy import load_strategy

    s = load_strategy(args.strategy)
    kinds = s.nodes["kind"].value_counts()
    parts = ", ".join(f"{n} {k}" for k, n in kinds.items())
    print(f"{args.strategy}: valid strategy {s.name!r}: {len(s.nodes)} nodes ({parts}), {len(s.units)} units, "
          f"{len(s.periods)} declared periods, {len(s.activities)} activities")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate
    from .measurements import load_measurements
    from .strategy import load_strategy

    out = _out(args.out, [".csv", ".json"], args.strategy, args.measurements)
    ev = evaluate(load_strategy(args.strategy), load_measurements(args.measurements))
    table = ev.table(latest=args.latest, dropna=True)
    if out.suffix.lower() == ".csv":
        table.to_csv(out, index=False)
    else:
        ev.to_json(out, latest=args.latest)
    print(f"{out}: {len(table)} rows ({ev.score.shape[0]} nodes, {ev.score.shape[1]} units, "
          f"{ev.score.shape[2]} periods)")
    return 0


def _allocate(args: argparse.Namespace) -> int:
    import json

    from . import examples
    from ._io import read_text
    from .allocation import allocate_focus_areas
    from .strategy import load_strategy

    if (args.strategy is None) != (args.plan is None):
        raise ArgumentError("give both STRATEGY and PLAN, or neither for the embedded example")
    out = _out(args.out, [".csv", ".json"], args.strategy, args.plan) if args.out else None
    if args.strategy is None:
        strategy, plan = examples.gavle_strategy(), examples.gavle_allocation()
    else:
        strategy = load_strategy(args.strategy)
        try:
            plan = json.loads(read_text(args.plan, ArgumentError))
        except json.JSONDecodeError as e:
            raise ArgumentError(f"{args.plan}: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}") from None
        for key in ("budget", "staff_days"):
            if not isinstance(plan.get(key), (int, float)):
                raise ArgumentError(f"{args.plan}: \"{key}\" must be a number")
    table = allocate_focus_areas(strategy, plan, args.weighting)
    if plan.get("note"):
        print(plan["note"])
    print(f"{strategy.name}: budget {plan['budget']:,.0f}, {plan['staff_days']} staff days")
    print(table.drop(columns=["name"]).to_string(index=False, float_format=lambda x: f"{x:,.3f}"
                                                  if 0 < abs(x) < 1 else f"{x:,.0f}"))
    if out is not None:
        if out.suffix.lower() == ".csv":
            table.to_csv(out, index=False)
        else:
            out.write_text(table.to_json(orient="records", force_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{out}: {len(table)} focus areas")
    return 0


def _report(args: argparse.Namespace) -> int:
    from . import examples
    from .evaluation import evaluate
    from .measurements import load_measurements
    from .report import write_report
    from .strategy import load_strategy

    if (args.strategy is None) != (args.measurements is None):
        raise ArgumentError("give both STRATEGY and MEASUREMENTS, or neither for the embedded example")
    out = _out(args.out, [".html", ".htm"], args.strategy, args.measurements)
    if args.strategy is None:
        strategy, measurements = examples.gavle_strategy(), examples.gavle_measurements()
    else:
        strategy, measurements = load_strategy(args.strategy), load_measurements(args.measurements)
    ev = evaluate(strategy, measurements)
    if args.unit is not None and args.unit not in ev.unit_ids:
        raise ArgumentError(f"--unit {args.unit!r}: unknown unit (units: {', '.join(ev.unit_ids)})")
    if args.period is not None and args.period not in ev.periods:
        raise ArgumentError(f"--period {args.period!r}: unknown period (periods: {', '.join(ev.periods)})")
    write_report(ev, out, lang=args.lang, unit=args.unit, period=args.period)
    print(f"{out}: follow-up report of {strategy.name!r}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed the usage
        return int(e.code or 0)
    commands = {"validate": _validate, "evaluate": _evaluate, "allocate": _allocate, "report": _report}
    try:
        return commands[args.command](args)
    except Error as e:
        print(f"styrkort: error: {e}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as e:
        print(f"styrkort: error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("styrkort: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: say so in one line, never a traceback
        print(f"styrkort: internal error ({type(e).__name__}: {e}); please report it with the input that caused it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
