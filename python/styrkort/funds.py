"""External funds: grants and applications (EU and other programmes).

The operations report their externally funded projects; the International
Office compiles the granted funds for the municipal board. :class:`Funds`
holds one row per application or grant and gives

- :meth:`Funds.compilation`: granted funds by programme, focus area and year;
- :meth:`Funds.leverage`: total project money per krona of own money, per area;
- :meth:`Funds.success_rate`: the share of decided applications that were
  granted, by count and by amount;
- :meth:`Funds.liquidity`: the pre-financing need, month by month, because
  grants are paid in arrears (the cash-flow model is in the C++ core,
  ``funds.hpp``).

Statuses: ``applied`` (pending), ``granted``, ``rejected``, ``closed``
(granted and finished). "Granted funds" are the granted and closed ones.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._display.html import html_table
from ._io import PathLike, read_csv_table, to_numbers
from .errors import FundsError

__all__ = ["Funds", "Liquidity", "load_funds", "FUND_STATUSES", "COLUMNS"]

FUND_STATUSES = ("applied", "granted", "rejected", "closed")
GRANTED = ("granted", "closed")
DECIDED = ("granted", "closed", "rejected")
REQUIRED = ("id", "programme", "status")
TEXT_COLUMNS = ("id", "project", "programme", "focus_area", "unit", "status", "note")
AMOUNT_COLUMNS = ("applied", "granted", "own")
DATE_COLUMNS = ("decided", "start", "end")
# Payment terms of the cash-flow model and their defaults when a cell is empty:
# no advance, half-yearly claims paid three months after the period, nothing
# retained. Programmes differ (Erasmus+ pays large advances, many Interreg
# programmes pay 3-6 months after a claim): give the terms per grant.
TERMS = {"advance": 0.0, "claim_months": 6, "lag_months": 3, "retention": 0.0}
COLUMNS = TEXT_COLUMNS + AMOUNT_COLUMNS + ("rate",) + DATE_COLUMNS + tuple(TERMS)
# granted / (granted + own) may differ from the stated rate by rounding only.
RATE_TOLERANCE = 0.005
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class Funds:
    """Grants and applications, one row each.

    Columns (``id``, ``programme`` and ``status`` required):

    ``id``
        unique; ``project`` its name;
    ``programme``
        e.g. Interreg Baltic Sea Region, ESF+, Erasmus+, Horizon Europe;
    ``focus_area``, ``unit``
        the strategy's focus area and organisational unit (checked when a
        strategy is given);
    ``status``
        applied, granted, rejected or closed;
    ``applied``, ``granted``, ``own``
        the amount applied for, the grant, and the own contribution;
    ``rate``
        the co-financing rate, granted / (granted + own), in (0, 1]. For a
        grant give ``rate`` or ``own`` (or both, which must agree);
    ``decided``, ``start``, ``end``
        dates as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a year starts in
        January and ends in December). A decision needs ``decided``; a grant
        needs ``start`` and ``end``;
    ``advance``, ``claim_months``, ``lag_months``, ``retention``
        payment terms for :meth:`liquidity` (defaults 0, 6, 3, 0);
    ``note``
        free text.

    Parameters
    ----------
    frame : DataFrame
        The table; checked and copied, never changed.
    strategy : Strategy, optional
        When given, focus areas and units must be the strategy's.
    source : str
        Names the table in messages.
    first_row : int
        The number of the first data row in messages (2 for a CSV file).

    Raises
    ------
    FundsError
        Naming the source, row, id and column, and the rule broken.
    """

    def __init__(self, frame: pd.DataFrame, *, strategy: Any = None, source: str = "funds", first_row: int = 0) -> None:
        if not isinstance(frame, pd.DataFrame):
            raise FundsError(f"{source}: expected a pandas DataFrame, got {type(frame).__name__}")
        self.source, self.first_row = source, first_row
        missing = [c for c in REQUIRED if c not in frame.columns]
        if missing:
            raise FundsError(
                f"{source}: missing column {missing[0]!r}; the columns are {', '.join(COLUMNS)} "
                f"(id, programme and status required), got {', '.join(map(str, frame.columns))}"
            )
        unknown = [c for c in frame.columns if c not in COLUMNS]
        if unknown:
            raise FundsError(f"{source}: unknown column {unknown[0]!r} (allowed: {', '.join(COLUMNS)})")
        df = frame.reset_index(drop=True).reindex(columns=list(COLUMNS)).copy()
        for c in TEXT_COLUMNS:
            text = df[c].astype("string").str.strip()
            df[c] = text.where(text.notna() & (text != ""), None).astype(object)
        for c in AMOUNT_COLUMNS + ("rate",) + tuple(TERMS):
            df[c] = to_numbers(df[c], FundsError, source, first_row, c)
        self._months: Dict[str, np.ndarray] = {}
        for c in DATE_COLUMNS:
            self._months[c] = self._dates(df[c], c, end=(c == "end"), ids=df["id"])
            df[c] = [None if m < 0 else _month_id(m) for m in self._months[c]]
        self._check(df, strategy)
        self.table = df

    # -- reading ------------------------------------------------------------
    @classmethod
    def from_csv(cls, path: PathLike, *, strategy: Any = None) -> "Funds":
        """Read a CSV file with a header line (comma-separated, or semicolon-
        separated with decimal commas). Messages name the file and its line."""
        frame = read_csv_table(path, FundsError, "id,project,programme,focus_area,status,granted,rate,...")
        return cls(frame, strategy=strategy, source=str(path), first_row=2)

    # -- checks -------------------------------------------------------------
    def _where(self, i: int, ids: Any, column: Optional[str] = None) -> str:
        rid = ids.iloc[i] if ids is not None else None
        who = f" (id {rid})" if rid is not None and not pd.isna(rid) else ""
        col = f", column {column!r}" if column else ""
        return f"{self.source}, row {i + self.first_row}{who}{col}"

    def _dates(self, col: pd.Series, name: str, *, end: bool, ids: pd.Series) -> np.ndarray:
        """Dates as months since year 0 (12·y + m − 1); -1 when missing. A year
        alone is January as a start and December as an end."""
        out = np.full(len(col), -1, dtype=np.int32)
        for i, x in enumerate(col):
            if x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
                continue
            if hasattr(x, "year") and hasattr(x, "month"):  # a date or timestamp, as Excel gives
                out[i] = 12 * x.year + x.month - 1
                continue
            text = str(int(x)) if isinstance(x, (int, float)) and float(x).is_integer() else str(x).strip()
            if not text:
                continue
            m = _DATE.match(text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else text)
            month = (int(m.group(2)) if m.group(2) else (12 if end else 1)) if m else 0
            if m is None or not 1 <= month <= 12:
                raise FundsError(f"{self._where(i, ids, name)}: {x!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
            out[i] = 12 * int(m.group(1)) + month - 1
        return out

    def _check(self, df: pd.DataFrame, strategy: Any) -> None:
        ids = df["id"]
        for c in REQUIRED:
            empty = np.flatnonzero(df[c].isna().to_numpy())
            if len(empty):
                raise FundsError(
                    f"{self._where(int(empty[0]), ids, c)}: the cell is empty; every row needs {', '.join(REQUIRED)}"
                )
        dup = ids.duplicated(keep=False).to_numpy()
        if dup.any():
            rows = np.flatnonzero(dup)
            first = [r for r in rows if ids.iloc[r] == ids.iloc[rows[0]]]
            raise FundsError(
                f"{self.source}: duplicate id {ids.iloc[first[0]]!r} in rows "
                f"{first[0] + self.first_row} and {first[1] + self.first_row}; ids must be unique"
            )
        bad = ~df["status"].isin(FUND_STATUSES).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise FundsError(
                f"{self._where(i, ids, 'status')}: unknown status {df['status'].iloc[i]!r} "
                f"(allowed: {', '.join(FUND_STATUSES)})"
            )
        for c in AMOUNT_COLUMNS:
            neg = (df[c] < 0) | np.isinf(df[c])
            if neg.any():
                i = int(np.flatnonzero(neg.to_numpy())[0])
                raise FundsError(
                    f"{self._where(i, ids, c)}: an amount must be a finite number >= 0, got {df[c].iloc[i]}"
                )
        rate = df["rate"]
        bad = rate.notna() & ~((rate > 0) & (rate <= 1))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise FundsError(
                f"{self._where(i, ids, 'rate')}: a co-financing rate is a share in (0, 1], "
                f"got {rate.iloc[i]} (write 0.5 for 50 %)"
            )
        for c, (lo, hi, whole) in {
            "advance": (0, 1, False),
            "retention": (0, 1, False),
            "claim_months": (1, 120, True),
            "lag_months": (0, 120, True),
        }.items():
            x = df[c]
            bad = x.notna() & ~((x >= lo) & (x <= hi) & ((x == np.floor(x)) if whole else True))
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                kind = "a whole number of months" if whole else "a share"
                raise FundsError(f"{self._where(i, ids, c)}: {c} is {kind} in [{lo}, {hi}], got {x.iloc[i]}")
        status = df["status"].to_numpy()
        for i in range(len(df)):
            st = status[i]
            if st in DECIDED and self._months["decided"][i] < 0:
                raise FundsError(f"{self._where(i, ids, 'decided')}: a {st} application needs its decision date")
            if st in ("applied", "rejected") and pd.isna(df["applied"].iloc[i]):
                raise FundsError(f"{self._where(i, ids, 'applied')}: an application needs the amount applied for")
            if st in GRANTED:
                self._check_grant(df, i, ids)
        if strategy is not None:
            self._check_ids(df, strategy)

    def _check_grant(self, df: pd.DataFrame, i: int, ids: pd.Series) -> None:
        g, r, own = df["granted"].iloc[i], df["rate"].iloc[i], df["own"].iloc[i]
        if pd.isna(g):
            raise FundsError(f"{self._where(i, ids, 'granted')}: a granted project needs the granted amount")
        if pd.isna(r) and pd.isna(own):
            raise FundsError(
                f"{self._where(i, ids, 'rate')}: a grant needs its co-financing rate or its own "
                "contribution (column 'own')"
            )
        if pd.isna(own):
            df.loc[i, "own"] = g * (1 - r) / r
        elif pd.isna(r):
            if g + own <= 0:
                raise FundsError(f"{self._where(i, ids, 'own')}: granted and own are both 0; give the rate")
            df.loc[i, "rate"] = g / (g + own)
        elif g + own > 0 and abs(g / (g + own) - r) > RATE_TOLERANCE:
            raise FundsError(
                f"{self._where(i, ids, 'rate')}: the rate {r:g} does not match granted {g:,.0f} and "
                f"own {own:,.0f}, which give {g / (g + own):.3f}; correct one of them or leave the "
                "rate empty"
            )
        s, e = self._months["start"][i], self._months["end"][i]
        if s < 0 or e < 0:
            raise FundsError(
                f"{self._where(i, ids, 'start' if s < 0 else 'end')}: a grant needs its project period (start and end)"
            )
        if e < s:
            raise FundsError(
                f"{self._where(i, ids, 'end')}: the project ends ({df['end'].iloc[i]}) before it "
                f"starts ({df['start'].iloc[i]})"
            )
        adv, ret = df["advance"].iloc[i], df["retention"].iloc[i]
        if (0 if pd.isna(adv) else adv) + (0 if pd.isna(ret) else ret) > 1:
            raise FundsError(f"{self._where(i, ids, 'retention')}: advance + retention exceed the whole grant")

    def _check_ids(self, df: pd.DataFrame, strategy: Any) -> None:
        valid = {"focus_area": set(strategy.focus_areas["id"]), "unit": set(strategy.units["id"])}
        for c, ok in valid.items():
            bad = df[c].notna() & ~df[c].isin(ok)
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise FundsError(
                    f"{self._where(i, df['id'], c)}: unknown {c.replace('_', ' ')} "
                    f"{df[c].iloc[i]!r} (the strategy's are {', '.join(sorted(ok))})"
                )

    # -- results ------------------------------------------------------------
    def _granted(self) -> pd.DataFrame:
        g = self.table[self.table["status"].isin(GRANTED)].copy()
        g["total"] = g["granted"] + g["own"]
        return g

    def compilation(
        self, by: Union[str, Sequence[str]] = ("programme", "focus_area", "year"), *, basis: str = "decision"
    ) -> pd.DataFrame:
        """Granted funds (granted and closed projects) summed per group.

        Parameters
        ----------
        by : str or list of str
            Any of ``programme, focus_area, unit, year, status``.
        basis : {"decision", "period"}
            What ``year`` means: the year of the decision (the whole grant in
            the year it was granted), or the project's years, with the grant
            and own money spread evenly over the project's months.

        Returns
        -------
        DataFrame
            The group columns, ``projects`` (count), ``granted``, ``own``,
            ``total`` and ``external_share`` (granted / total).
        """
        keys = [by] if isinstance(by, str) else list(by)
        allowed = ("programme", "focus_area", "unit", "year", "status")
        bad = [k for k in keys if k not in allowed]
        if bad:
            raise FundsError(f"compilation: cannot group by {bad[0]!r} (allowed: {', '.join(allowed)})")
        if basis not in ("decision", "period"):
            raise FundsError(f"compilation: basis must be 'decision' or 'period', got {basis!r}")
        g = self._granted()
        idx = g.index.to_numpy()
        if "year" in keys and basis == "period":
            g = self._spread_over_years(g, idx)
        elif "year" in keys:
            g["year"] = self._months["decided"][idx] // 12
        g = g.assign(projects=1)
        for k in keys:  # a missing focus area or unit is its own group, not dropped
            if k != "year":
                g[k] = g[k].fillna("–")
        if "year" in keys and basis == "period":
            g["projects"] = (~g["id"].duplicated()).astype(int)  # counted in the first year only
        out = g.groupby(keys, sort=True, dropna=False)[["projects", "granted", "own", "total"]].sum().reset_index()
        out["external_share"] = out["granted"] / out["total"].where(out["total"] > 0)
        return out

    def _spread_over_years(self, g: pd.DataFrame, idx: np.ndarray) -> pd.DataFrame:
        start, end = self._months["start"][idx], self._months["end"][idx]
        rows = []
        for k, (s, e) in enumerate(zip(start, end)):
            n = e - s + 1
            for y in range(s // 12, e // 12 + 1):
                months = min(e, 12 * y + 11) - max(s, 12 * y) + 1
                rows.append((k, y, months / n))
        row, year, share = (np.array(x) for x in zip(*rows)) if rows else (np.array([], int),) * 3
        out = g.iloc[row].copy()
        out["year"] = year.astype(int)
        for c in ("granted", "own", "total"):
            out[c] = out[c].to_numpy() * share
        return out

    def leverage(self, by: Union[str, Sequence[str]] = "focus_area") -> pd.DataFrame:
        """Total project money per krona of own money, from the granted funds.

        Leverage = (granted + own) / own: with a co-financing rate r it is
        1 / (1 − r) (50 % gives 2×, 80 % gives 5×); infinite when the grants
        cover everything.
        """
        out = self.compilation(by, basis="decision")
        out["leverage"] = out["total"] / out["own"]
        return out

    def success_rate(self, by: Union[str, Sequence[str], None] = "programme") -> pd.DataFrame:
        """How often decided applications were granted.

        Returns
        -------
        DataFrame
            Per group: ``applications`` (all), ``pending`` (applied, not yet
            decided: left out of the rates), ``decided``, ``granted_count``,
            ``rejected``, ``success_rate`` (granted / decided, missing when
            nothing is decided), ``applied_decided`` (amount applied for in the
            decided applications), ``granted`` (amount) and ``amount_rate``
            (amount granted / amount applied for, over the decided applications
            whose amount applied for is known; a rejection counts as 0 granted).
        """
        t = self.table.copy()
        keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
        for k in keys:
            if k not in ("programme", "focus_area", "unit"):
                raise FundsError(f"success_rate: cannot group by {k!r} (allowed: programme, focus_area, unit)")
            t[k] = t[k].fillna("–")
        if not keys:
            t["_all"], keys = "all", ["_all"]
        st = t["status"]
        t["applications"] = 1
        t["pending"] = (st == "applied").astype(int)
        t["decided"] = st.isin(DECIDED).astype(int)
        t["granted_count"] = st.isin(GRANTED).astype(int)
        t["rejected"] = (st == "rejected").astype(int)
        # By amount: what was granted of what was applied for, over the decided
        # applications whose amount applied for is known (a rejection grants 0).
        known = st.isin(DECIDED) & t["applied"].notna()
        t["applied_decided"] = t["applied"].where(st.isin(DECIDED))
        t["_applied_both"] = t["applied"].where(known)
        t["_granted_both"] = t["granted"].where(known & st.isin(GRANTED), 0.0).where(known)
        t["granted"] = t["granted"].where(st.isin(GRANTED))
        cols = [
            "applications",
            "pending",
            "decided",
            "granted_count",
            "rejected",
            "applied_decided",
            "granted",
            "_applied_both",
            "_granted_both",
        ]
        out = t.groupby(keys, sort=True)[cols].sum(min_count=1).reset_index()
        if keys == ["_all"]:  # the totals are one row, also of an empty table
            out = out.set_index("_all").reindex(["all"]).reset_index()
        for c in ("applications", "pending", "decided", "granted_count", "rejected"):
            out[c] = out[c].fillna(0).astype(int)
        out["success_rate"] = out["granted_count"] / out["decided"].where(out["decided"] > 0)
        out["amount_rate"] = out["_granted_both"] / out["_applied_both"].where(out["_applied_both"] > 0)
        out = out.drop(columns=["_applied_both", "_granted_both"])
        return out.drop(columns="_all") if "_all" in out.columns else out

    def liquidity(self) -> "Liquidity":
        """The pre-financing need of the granted projects, month by month.

        The grants' share of the costs is incurred evenly over each project's
        months and paid in arrears by the payment terms (``advance``,
        ``claim_months``, ``lag_months``, ``retention``); see ``funds.hpp``.
        """
        g = self._granted()
        idx = g.index.to_numpy()
        terms = {c: g[c].fillna(d).to_numpy() for c, d in TERMS.items()}
        r = _core.grant_cash_flow(
            g["id"].astype(str).tolist(),
            g["granted"].to_numpy(dtype=np.float64),
            self._months["start"][idx],
            self._months["end"][idx],
            terms["advance"].astype(np.float64),
            terms["claim_months"].astype(np.int32),
            terms["lag_months"].astype(np.int32),
            terms["retention"].astype(np.float64),
        )
        months = r["first_month"] + np.arange(len(r["outstanding"]))
        monthly = pd.DataFrame(
            {
                "month": pd.Series([_month_id(int(m)) for m in months], dtype=object),
                "incurred": r["incurred"],
                "received": r["received"],
                "outstanding": r["outstanding"],
            }
        )
        monthly["need"] = monthly["outstanding"].clip(lower=0.0)
        grants = pd.DataFrame(
            {
                "id": g["id"].to_numpy(),
                "project": g["project"].to_numpy(),
                "programme": g["programme"].to_numpy(),
                "granted": g["granted"].to_numpy(),
                "peak": r["peak"],
                "peak_month": pd.Series([_month_id(m) for m in r["peak_month"]], dtype=object),
            }
        )
        return Liquidity(monthly, grants)

    # -- display ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        g = self._granted()
        return (
            f"<styrkort.Funds {len(self)} rows from {self.source}: {len(g)} granted, "
            f"{g['granted'].sum():,.0f} granted in all>"
        )

    def _repr_html_(self) -> str:
        return html_table(
            self.table[["id", "project", "programme", "focus_area", "status", "granted", "rate", "own", "start", "end"]]
        )


class Liquidity:
    """The cash flow of the granted projects.

    Attributes
    ----------
    monthly : DataFrame
        ``month`` (YYYY-MM), ``incurred`` (the grants' share of the costs in the
        month), ``received``, ``outstanding`` (incurred so far − received so
        far; negative while an advance is unused) and ``need`` (the positive part).
    grants : DataFrame
        Per grant: its largest need (``peak``) and the month of it.
    peak : float
        The largest need over all months; ``peak_month`` its month.
    """

    def __init__(self, monthly: pd.DataFrame, grants: pd.DataFrame) -> None:
        self.monthly = monthly
        self.grants = grants
        if len(monthly):
            i = int(monthly["need"].to_numpy().argmax())
            self.peak, self.peak_month = float(monthly["need"].iloc[i]), str(monthly["month"].iloc[i])
        else:
            self.peak, self.peak_month = 0.0, None  # type: ignore[assignment]  # no month: no grants

    def by_year(self) -> pd.DataFrame:
        """The largest need and the payments received per calendar year."""
        m = self.monthly.assign(year=self.monthly["month"].astype(str).str[:4].astype(int))
        return (
            m.groupby("year")
            .agg(incurred=("incurred", "sum"), received=("received", "sum"), peak_need=("need", "max"))
            .reset_index()
        )

    def __repr__(self) -> str:
        return f"<styrkort.Liquidity peak need {self.peak:,.0f} in {self.peak_month}>"

    def _repr_html_(self) -> str:
        return f"<p>Peak pre-financing need {self.peak:,.0f} in {self.peak_month}</p>" + html_table(self.by_year())


def _month_id(m: int) -> str:
    return f"{int(m) // 12:04d}-{int(m) % 12 + 1:02d}"


def load_funds(path: PathLike, strategy: Any = None) -> Funds:
    """Read grants and applications from a CSV file (see :class:`Funds`)."""
    return Funds.from_csv(path, strategy=strategy)
