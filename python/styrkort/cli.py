"""The ``styrkort`` command.

``styrkort validate STRATEGY``
``styrkort evaluate STRATEGY MEASUREMENTS --out FILE.csv|FILE.json [--encoding NAME]``
``styrkort allocate [STRATEGY PLAN] [--out FILE.csv|FILE.json]``
``styrkort report [STRATEGY MEASUREMENTS] --out FILE.html [--plan PLAN.json] [--projects PROJECTS.csv]``

Errors in the input are reported in one line naming the place and the rule,
with exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import List, Optional

from ._io import output_path
from ._version import __version__
from .errors import ArgumentError, Error

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
HOURS_PER_DAY = 8.0  # staff hours in a staff day, for the projects' hours budget


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="styrkort",
        description="Follow-up of public-sector strategies: goal fulfilment, trends and reports.")
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
    x = sub.add_parser("excel", help="write every result table to one Excel workbook, a sheet each "
                                     "(without inputs: the embedded Gävle example; needs styrkort[excel])")
    for q, suffix in ((r, ".html"), (x, ".xlsx")):
        _follow_up_arguments(q, suffix)
    return p



# How many warnings a command prints unless asked for all of them.
WARNINGS_PRINTED = 5


def _warnings_argument(q: argparse.ArgumentParser) -> None:
    q.add_argument("--warnings", choices=["some", "all"], default="some",
                   help=f"print the number of warnings and the first {WARNINGS_PRINTED} (some, the default) or "
                        "every one (all)")


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
    q.add_argument("--encoding", metavar="NAME",
                   help="text encoding of the measurements CSV (default UTF-8, with or without BOM), e.g. cp1252 "
                        "for a file saved by an older Excel on Windows")


def _check_encoding(encoding: Optional[str]) -> None:
    """An unknown --encoding is refused before any file is read."""
    from ._io import text_codec

    if encoding is not None:
        text_codec(encoding, f"--encoding {encoding}")


def _follow_up_arguments(q: argparse.ArgumentParser, suffix: str) -> None:
    """The inputs shared by `report` and `excel`."""
    q.add_argument("strategy", nargs="?", help="strategy JSON file (omit both for the embedded example)")
    q.add_argument("measurements", nargs="?", help="measurements CSV")
    _encoding_argument(q)
    q.add_argument("--out", required=True, help=f"output {suffix} file")
    q.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of the labels (default sv)")
    _warnings_argument(q)
    q.add_argument("--unit", help="unit to follow up (default: the root unit)")
    q.add_argument("--period", help="period to follow up (default: the last)")
    q.add_argument("--plan", help="allocation plan JSON: adds the proposed split across the focus areas "
                                  "(the embedded example has its own)")
    q.add_argument("--funds", help="grants and applications CSV (id,project,programme,focus_area,unit,status,"
                                   "applied,granted,rate,own,decided,start,end,...): adds the compilation of "
                                   "external funds (the embedded example has its own)")
    q.add_argument("--projects", help="project proposals CSV (id,name,area,cost,hours,external,rate,value,group,"
                                      "must,never; must and never as 1/0, true/false, yes/no or ja/nej): adds the "
                                      "projects selected under the budget")
    q.add_argument("--projects-budget", type=float, metavar="AMOUNT",
                   help="own money for the projects (default with a plan: the own money its split matches "
                        "with co-financing)")
    q.add_argument("--projects-hours", type=float, metavar="HOURS",
                   help=f"staff hours for the projects (default with a plan: its staff days × {HOURS_PER_DAY:g}; "
                        "without: no limit)")


def _out(path: str, suffixes: List[str], *inputs: Optional[str]) -> Path:
    out = output_path(path, *inputs)
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
    print(f"{args.strategy}: valid strategy {s.name!r}: {len(s.nodes)} nodes ({parts}), {len(s.units)} units, "
          f"{len(s.periods)} declared periods, {len(s.activities)} activities")
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
    print(f"{out}: {len(table)} rows ({ev.score.shape[0]} nodes, {ev.score.shape[1]} units, "
          f"{ev.score.shape[2]} periods)")
    _print_warnings(ev.warnings, args.warnings)
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
    table = allocate_focus_areas(strategy, plan, args.weighting).table
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


class _FollowUp:
    """What `report` and `excel` compute from the same inputs: the evaluation,
    the proposed split, the selected projects and the external funds."""

    def __init__(self, args: argparse.Namespace, suffixes: List[str]) -> None:
        from . import examples
        from .allocation import allocate_focus_areas, select_projects
        from .evaluation import evaluate
        from .funds import load_funds
        from .measurements import load_measurements
        from .strategy import load_strategy

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
        self.inputs = [args.strategy, args.measurements, args.plan, args.projects, args.funds]
        self.out = _out(args.out, suffixes, *self.inputs)
        if embedded:
            strategy, measurements = examples.gavle_strategy(), examples.gavle_measurements()
        else:
            strategy = load_strategy(args.strategy)
            measurements = load_measurements(args.measurements, encoding=args.encoding)
        self.strategy = strategy
        self.ev = evaluate(strategy, measurements)
        ev = self.ev
        if args.unit is not None and args.unit not in ev.unit_ids:
            raise ArgumentError(f"--unit {args.unit!r}: unknown unit (units: {', '.join(ev.unit_ids)})")
        if args.period is not None and args.period not in ev.periods:
            raise ArgumentError(f"--period {args.period!r}: unknown period (periods: {', '.join(ev.periods)})")

        # the proposed split and the selected projects (the embedded example has both)
        plan = _read_plan(args.plan) if args.plan is not None else examples.gavle_allocation() if embedded else None
        allocation = None
        if plan is not None:
            try:
                allocation = allocate_focus_areas(strategy, plan)
            except Error as e:
                raise type(e)(f"{args.plan or 'the embedded plan'}: {e}") from None
        if args.projects is not None:
            projects, where = _read_projects(args.projects, strategy), args.projects
        elif embedded:
            projects, where = examples.gavle_projects(), "the embedded projects"
        else:
            projects, where = None, ""
        selection, budget, hours = None, None, None
        if projects is not None:
            budget = (args.projects_budget if args.projects_budget is not None
                      else _co_financed_own(plan, allocation.table if allocation is not None else None))
            hours = (args.projects_hours if args.projects_hours is not None
                     else float(plan["staff_days"]) * HOURS_PER_DAY if plan is not None else None)
            names = projects["name"] if "name" in projects.columns else None
            try:
                selection = select_projects(projects.drop(columns=["name"], errors="ignore"), budget, hours=hours)
            except Error as e:
                raise type(e)(f"{where}: {e}") from None
            if names is not None:
                selection.table["name"] = names.to_numpy()
        self.plan, self.allocation, self.selection, self.projects = plan, allocation, selection, projects
        self.budget, self.hours = budget, hours
        self.funds = (load_funds(args.funds, strategy) if args.funds is not None
                      else examples.gavle_funds(strategy) if embedded else None)

    def print_summary(self, what: str, warnings: str) -> None:
        print(f"{self.out}: {what} of {self.strategy.name!r}")
        if self.allocation is not None:
            print(f"  proposed split of {float(self.plan['budget']):,.0f} own money and {self.plan['staff_days']} "
                  f"staff days across {len(self.allocation.table)} focus areas")
        if self.funds is not None:
            granted = self.funds.compilation("status")
            print(f"  external funds: {int(granted['projects'].sum())} granted projects, "
                  f"{granted['granted'].sum():,.0f} granted")
        if self.selection is not None:
            limit = f" and {self.hours:,.0f} staff hours" if self.hours is not None else ""
            state = ("proven optimal" if self.selection.proven_optimal
                     else f"not proven optimal, gap {self.selection.gap:.4g}")
            print(f"  {len(self.selection.selected)} of {len(self.projects)} projects selected under "
                  f"{self.budget:,.0f} own money{limit} ({state})")
        _print_warnings(self.ev.warnings, warnings)


def _report(args: argparse.Namespace) -> int:
    from .report import write_report

    f = _FollowUp(args, [".html", ".htm"])
    write_report(f.ev, f.out, lang=args.lang, unit=args.unit, period=args.period, allocation=f.allocation,
                 plan=f.plan, selection=f.selection, projects_budget=f.budget, projects_hours=f.hours, funds=f.funds)
    f.print_summary("follow-up report", args.warnings)
    return 0


def _excel(args: argparse.Namespace) -> int:
    from .action_plan import follow_up, plan_year
    from .excel import result_sheets, write_workbook

    f = _FollowUp(args, [".xlsx"])
    period = str(args.period or f.ev.periods[-1])
    year = plan_year(f.strategy, int(period[:4]) if period[:4].isdigit() else None)
    fu = follow_up(f.strategy, year=year, unit=args.unit) if year is not None else None
    sheets = result_sheets(f.ev, follow_up=fu, funds=f.funds, allocation=f.allocation)
    if f.selection is not None:
        sheets["selected_projects"] = f.selection.table
    write_workbook(f.out, sheets, lang=args.lang, inputs=[i for i in f.inputs if i])
    f.print_summary(f"workbook ({len(sheets)} sheets)", args.warnings)
    return 0


def _read_plan(path: str) -> dict:
    """An allocation plan (JSON object with a numeric budget and staff_days)."""
    import json

    from ._io import read_text

    try:
        plan = json.loads(read_text(path, ArgumentError))
    except json.JSONDecodeError as e:
        raise ArgumentError(f"{path}: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}") from None
    if not isinstance(plan, dict):
        raise ArgumentError(f"{path}: expected a JSON object (budget, staff_days, areas)")
    for key in ("budget", "staff_days"):
        if not isinstance(plan.get(key), (int, float)) or isinstance(plan.get(key), bool):
            raise ArgumentError(f"{path}: \"{key}\" must be a number")
    areas = plan.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, dict) and "id" in a for a in areas):
        raise ArgumentError(f"{path}: \"areas\" must be a list of objects with an \"id\"")
    for i, a in enumerate(areas):
        grants = a.get("grants", [])
        if not isinstance(grants, list):
            raise ArgumentError(f"{path}: areas[{i}].grants must be a list")
        for k, g in enumerate(grants):
            number = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)  # noqa: E731
            ok = (isinstance(g, dict) and number(g.get("rate")) and number(g.get("cap", 0))) or \
                (isinstance(g, list) and 2 <= len(g) <= 3 and all(number(x) for x in g[1:]))
            if not ok:
                raise ArgumentError(f"{path}: areas[{i}].grants[{k}]: expected {{\"id\", \"rate\", \"cap\"}} with a "
                                    "numeric rate and cap")
    return plan


PROJECT_COLUMNS = ("id", "name", "area", "cost", "hours", "external", "rate", "value", "group", "must", "never")


def _read_projects(path: str, strategy: "object") -> "object":
    """Project proposals from a CSV file: the columns of ``PROJECT_COLUMNS``
    (``id``, ``cost`` and ``value`` required), ``must``/``never`` as 1/0,
    true/false, yes/no or ja/nej in any case (an empty cell is an error),
    ``area`` a focus area of the strategy. Errors name the file's line (the
    header is row 1)."""
    import io

    import pandas as pd

    from ._cells import flags
    from ._io import read_text

    text = read_text(path, ArgumentError)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise ArgumentError(f"{path}: not a readable CSV table ({str(e).splitlines()[0]})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    unknown = [c for c in frame.columns if c not in PROJECT_COLUMNS]
    if unknown:
        raise ArgumentError(f"{path}: unknown column {unknown[0]!r} (allowed: {', '.join(PROJECT_COLUMNS)})")
    for c in ("id", "cost", "value"):
        if c not in frame.columns:
            raise ArgumentError(f"{path}: missing column {c!r}")
    if frame.empty:
        raise ArgumentError(f"{path}: no project rows")
    frame = frame.apply(lambda col: col.str.strip())
    for c in ("must", "never"):
        if c in frame.columns:
            frame[c] = flags(frame[c], c, lambda i: f"{path}: row {i + 2} ({frame['id'].iloc[i]})")
    for c in ("cost", "hours", "external", "rate", "value"):
        if c in frame.columns:
            numbers = pd.to_numeric(frame[c].replace("", None), errors="coerce")
            bad = numbers.isna() & (frame[c] != "")
            if bad.any():
                i = int(bad.to_numpy().nonzero()[0][0])
                raise ArgumentError(f"{path}: row {i + 2} ({frame['id'].iloc[i]}), column {c!r}: "
                                    f"{frame[c].iloc[i]!r} is not a number")
            frame[c] = numbers.astype(float)
    if "area" in frame.columns:
        areas = set(strategy.focus_areas["id"].astype(str))
        bad = (frame["area"] != "") & ~frame["area"].isin(areas)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ArgumentError(f"{path}: row {i + 2} ({frame['id'].iloc[i]}): unknown focus area "
                                f"{frame['area'].iloc[i]!r} (focus areas: {', '.join(sorted(areas))})")
    for c in ("area", "group", "name"):
        if c in frame.columns:
            frame[c] = frame[c].replace("", None)
    return frame


def _co_financed_own(plan: Optional[dict], allocation: "object") -> float:
    """The own money the split puts into co-financed (project-type) work: in each
    area the own money that its external funding matches, grant by grant from the
    highest rate (external e at rate r needs e(1 − r)/r of own money)."""
    if plan is None or allocation is None:
        raise ArgumentError("the projects' budget needs --projects-budget or --plan")
    grants = {}
    for a in plan.get("areas", []):
        rows = []
        for k, g in enumerate(a.get("grants", []) or []):
            try:
                rate, cap = (g["rate"], g.get("cap", math.inf)) if isinstance(g, dict) else \
                    (g[1], g[2] if len(g) > 2 else math.inf)
                rows.append((float(rate), float(cap)))
            except (KeyError, IndexError, TypeError, ValueError):
                raise ArgumentError(f"allocation plan: area {a.get('id')!r}, grant {k}: expected "
                                    "{\"id\", \"rate\", \"cap\"}") from None
        grants[str(a.get("id"))] = sorted(rows, reverse=True)
    total = 0.0
    for area, own, external in zip(allocation["focus_area"], allocation["own"], allocation["external"]):
        left, matched = float(external), 0.0
        for rate, cap in grants.get(str(area), []):
            if left <= 0 or rate <= 0:
                break
            e = min(left, cap)
            matched += e * (1.0 - rate) / rate
            left -= e
        total += min(matched, float(own))
    return float(round(total))


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed the usage
        return int(e.code or 0)
    commands = {"validate": _validate, "evaluate": _evaluate, "allocate": _allocate, "report": _report,
                "excel": _excel}
    try:
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
        print(f"styrkort: internal error ({type(e).__name__}: {e}); please report it with the input that caused it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
