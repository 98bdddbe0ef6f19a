"""Comparison with other municipalities: the whole country, a region, a peer group.

Kolada (and other sources) give the same indicator for other areas than the
strategy's own: the whole country (Kolada's ``"0000"``, *riket*), a region
(``"0021"`` Region Gävleborg), single municipalities (``"2181"`` Sandviken) and
municipality groups (``"G124026"``). They are not units of the strategy (the
evaluator refuses measurements of units it does not know), so
:func:`split_comparison` takes their rows off the measurements before the
evaluation and keeps them apart in a :class:`Comparison`:

- :attr:`Comparison.values`: ``indicator, period, comparison, value`` (and
  ``name, group, n, members``): the value of each comparison unit, and for a
  peer group the median of its members' values;
- :attr:`Comparison.positions`: ``unit, indicator, period, comparison,
  position, of`` (and ``value, tied``): each of the strategy's units' place
  among the members of a peer group with the unit included, 1 the best after
  the indicator's direction, ties sharing the place.

What to compare with is ``compare`` (see :func:`parse_compare`)::

    {"0000": "Riket", "0021": "Region Gävleborg",
     "jämförelsegrupp": ["0380", "0580", "1880", "1980", "2281"]}

or as one text, as the command line's ``--compare`` takes it:
``"riket,0021:Region Gävleborg,jämförelsegrupp=0380+0580+1880+1980+2281"``.

A missing value stays missing (never zero): it is shown as missing and left
out of the medians and the positions, which count only the members with a
value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from .errors import ArgumentError, MeasurementError
from .measurements import Measurements

__all__ = ["COUNTRY", "Comparand", "Comparison", "parse_compare", "split_comparison", "CompareSpec"]

#: Kolada's id of the whole country (*riket*).
COUNTRY = "0000"
#: Names the text form of ``compare`` reads as an id (case is ignored).
ALIASES = {"riket": COUNTRY}
_GROUP_SEPARATORS = re.compile(r"[+;]")
_SYNTAX = "ID, ID:NAME, NAME=ID+ID+... or riket, separated by commas"

VALUE_COLUMNS = ["indicator", "period", "comparison", "name", "group", "value", "n", "members"]
POSITION_COLUMNS = ["unit", "indicator", "period", "comparison", "value", "position", "of", "tied"]


@dataclass(frozen=True)
class Comparand:
    """One thing to compare with: a comparison unit, or a peer group.

    Attributes
    ----------
    key : str
        The id of a comparison unit, or the name of a peer group: the
        ``comparison`` column of :class:`Comparison`'s tables.
    ids : tuple of str
        The unit's id, or the group's members' ids (as the measurements'
        ``unit`` column has them: Kolada ids with their leading zeros).
    name : str or None
        A comparison unit's name to show (``"Riket"``); None shows the id
        (the report says *Riket* / *Sweden* for ``"0000"``). A group's name
        is its key.
    group : bool
        True for a peer group: its value is the median of its members'
        values, and the unit's position among its members is computed.
    """

    key: str
    ids: Tuple[str, ...]
    name: Optional[str] = None
    group: bool = False


CompareSpec = Union[None, str, Mapping[str, Union[str, Sequence[str], None]], Sequence[Union[str, Comparand]]]


def _id(x: Any, place: str) -> str:
    if not isinstance(x, str):
        hint = " (as text, with its leading zeros: '0180', not 180)" if isinstance(x, (int, float)) else ""
        raise ArgumentError(f"{place}: expected an id as text{hint}, got {x!r}")
    s = x.strip()
    if not s:
        raise ArgumentError(f"{place}: an empty id")
    return s


def _item(text: str, place: str) -> Comparand:
    """One item of the text form: ``ID``, ``ID:NAME``, ``NAME=ID+ID`` or an alias."""
    item = text.strip()
    if not item:
        raise ArgumentError(f"{place}: an empty item; write {_SYNTAX}, e.g. 'riket,2181,grupp=0380+1880'")
    if "=" in item:
        name, _, rest = item.partition("=")
        name = name.strip()
        if not name:
            raise ArgumentError(f"{place}: {item!r}: a peer group needs a name before '=' (NAME=ID+ID+...)")
        ids = [x.strip() for x in _GROUP_SEPARATORS.split(rest)]
        if not any(ids):
            raise ArgumentError(f"{place}: {item!r}: the peer group {name!r} has no ids after '='")
        if not all(ids):
            raise ArgumentError(f"{place}: {item!r}: an empty id in the peer group {name!r} (ids joined by '+')")
        return Comparand(name, tuple(ids), group=True)
    if ":" in item:
        key, _, name = item.partition(":")
        key, name = key.strip(), name.strip()
        if not key or not name:
            raise ArgumentError(f"{place}: {item!r}: write ID:NAME, e.g. '2181:Sandviken'")
        return Comparand(ALIASES.get(key.lower(), key), (ALIASES.get(key.lower(), key),), name=name)
    key = ALIASES.get(item.lower(), item)
    return Comparand(key, (key,))


def parse_compare(compare: CompareSpec) -> Tuple[Comparand, ...]:
    """What to compare with, from any of its forms.

    Parameters
    ----------
    compare : str, dict, list or None
        - a dict: an id to its name (``{"0000": "Riket"}``; None or ``""``
          for no name; the key ``riket`` is ``0000``), or a peer group's name to its members' ids
          (``{"jämförelsegrupp": ["0380", "1880"]}``);
        - a text, as the command line's ``--compare`` takes it: items
          separated by commas, each ``ID`` (``0000``), ``ID:NAME``
          (``2181:Sandviken``), ``NAME=ID+ID+...`` (a peer group; ``;`` may
          join the ids too, quoted on the command line) or ``riket`` (the
          whole country, ``0000``; case is ignored);
        - a list of such items or of :class:`Comparand`;
        - None: nothing.

    Returns
    -------
    tuple of Comparand
        In the order given.

    Raises
    ------
    ArgumentError
        An empty or malformed item, an id given as a number (which has lost its
        leading zeros), a peer group without ids or with an id twice, or a key
        (an id or a group's name) given twice.

    Examples
    --------
    >>> [c.key for c in parse_compare("riket,2181:Sandviken,grupp=0380+1880")]
    ['0000', '2181', 'grupp']
    """
    if compare is None:
        return ()
    items: List[Comparand] = []
    if isinstance(compare, str):
        items = [_item(x, f"compare item {k + 1}") for k, x in enumerate(compare.split(","))]
    elif isinstance(compare, Mapping):
        for key, v in compare.items():
            k = _id(key, "compare: a key")
            place = f"compare[{key!r}]"
            if v is None or isinstance(v, str):
                k = ALIASES.get(k.lower(), k)
                items.append(Comparand(k, (k,), name=(v.strip() or None) if isinstance(v, str) else None))
            elif isinstance(v, Sequence) and not isinstance(v, (bytes, bytearray)):
                if len(v) == 0:
                    raise ArgumentError(f"{place}: the peer group {k!r} has no ids")
                items.append(Comparand(k, tuple(_id(x, f"{place}[{j}]") for j, x in enumerate(v)), group=True))
            else:
                raise ArgumentError(
                    f"{place}: expected a name (for the id {k!r}) or a list of ids (for the peer group {k!r}), "
                    f"got {type(v).__name__}"
                )
    elif isinstance(compare, Sequence):
        for j, x in enumerate(compare):
            if isinstance(x, Comparand):
                items.append(x)
            elif isinstance(x, str):
                items.append(_item(x, f"compare[{j}]"))
            else:
                _id(x, f"compare[{j}]")
    else:
        raise ArgumentError(
            f"compare: expected ids as text ({_SYNTAX}), a dict or a list, got {type(compare).__name__}"
        )
    seen: Dict[str, Comparand] = {}
    for c in items:
        if c.key in seen:
            what = "peer group" if c.group or seen[c.key].group else "id"
            raise ArgumentError(f"compare: the {what} {c.key!r} is given twice")
        twice = sorted({i for i in c.ids if c.ids.count(i) > 1})
        if twice:
            raise ArgumentError(f"compare: the peer group {c.key!r} has {', '.join(twice)} twice")
        seen[c.key] = c
    return tuple(items)


def _directions(strategy: Any) -> Dict[str, Tuple[str, float, float]]:
    """Indicator id to (direction, band low, band high)."""
    nodes = strategy.nodes
    ind = nodes[nodes["kind"] == "indicator"]
    out = {}
    for r in ind.to_dict("records"):
        d = r.get("direction")
        d = d if isinstance(d, str) and d else "higher_is_better"
        lo, hi = r.get("band_low"), r.get("band_high")
        out[str(r["id"])] = (
            d,
            float(lo) if lo is not None and not pd.isna(lo) else np.nan,
            float(hi) if hi is not None and not pd.isna(hi) else np.nan,
        )
    return out


def split_comparison(
    measurements: Union[Measurements, pd.DataFrame], compare: CompareSpec, *, strategy: Any
) -> Tuple[Measurements, "Comparison"]:
    """Take the comparison units' rows off the measurements.

    Parameters
    ----------
    measurements : Measurements or DataFrame
        The strategy's own measurements together with the comparison units'
        rows (whose ``unit`` is the comparison id, e.g. ``"0000"``), such as
        :func:`styrkort.read_kolada` with ``compare=`` reads them.
    compare : str, dict or list
        What to compare with (:func:`parse_compare`).
    strategy : Strategy
        Gives the indicators and their directions (``lower_is_better`` ranks
        the lowest value first; ``band`` ranks by the distance to the band,
        every value inside it sharing the first place) and the units.

    Returns
    -------
    own : Measurements
        The other rows, to evaluate; an error the evaluation finds names a
        row by its number in the whole table.
    comparison : Comparison
        The comparison units' values and the units' positions.

    Raises
    ------
    ArgumentError
        For a malformed ``compare``, an id that is one of the strategy's units,
        or an id without any row in the measurements (naming the ids missing
        and the units the measurements have besides the strategy's).
    MeasurementError
        For a comparison row of an indicator the strategy does not have, two
        rows for one indicator, comparison unit and period, or a row of a unit
        that is neither the strategy's nor in ``compare`` (naming the rows).

    Examples
    --------
    >>> own, comparison = split_comparison(m, {"0000": "Riket"}, strategy=s)  # doctest: +SKIP
    >>> ev = sk.evaluate(s, own)                                              # doctest: +SKIP
    >>> comparison.values                                                     # doctest: +SKIP
    """
    from .strategy import Strategy

    if not isinstance(strategy, Strategy):
        raise ArgumentError(f"split_comparison: strategy must be a styrkort.Strategy, got {type(strategy).__name__}")
    if isinstance(measurements, pd.DataFrame):
        measurements = Measurements.from_frame(measurements)
    if not isinstance(measurements, Measurements):
        raise ArgumentError(
            f"split_comparison: expected styrkort.Measurements or a DataFrame, got {type(measurements).__name__}"
        )
    comparands = parse_compare(compare)
    directions = _directions(strategy)
    units = [str(u) for u in strategy.units["id"]]
    frame = measurements.frame
    if not comparands:
        return measurements, Comparison((), frame.iloc[:0], frame.iloc[:0], directions)
    ids = list(dict.fromkeys(i for c in comparands for i in c.ids))
    own_units = set(units)
    clash = [i for i in ids if i in own_units]
    if clash:
        raise ArgumentError(
            f"compare: {', '.join(map(repr, clash))} {'is a unit' if len(clash) == 1 else 'are units'} of the "
            "strategy; compare with units outside it (its units are " + ", ".join(units) + ")"
        )
    present = [] if "unit" not in frame.columns else [str(u) for u in pd.unique(frame["unit"].dropna())]
    missing = [i for i in ids if i not in set(present)]
    if missing:
        others = [u for u in present if u not in own_units]
        have = (
            f"the measurements' units besides the strategy's are {', '.join(others)}"
            if others
            else "the measurements have no units besides the strategy's"
            + (f" ({', '.join(present)})" if present else "")
        )
        raise ArgumentError(
            f"compare: no measurements for {', '.join(missing)} in {measurements.source}; {have}. Comparison "
            "rows have the comparison id as their unit (read_kolada(..., compare=...) keeps them so)"
        )
    mask = frame["unit"].isin(ids).to_numpy()
    numbers = measurements.row_numbers
    rows = frame[mask]
    where = numbers[mask]
    known = set(directions)
    for k, (indicator, period) in enumerate(zip(rows["indicator"], rows["period"])):
        if indicator not in known:
            raise MeasurementError(
                f"{measurements.source}, row {where[k]}: unknown indicator {indicator!r} for the comparison unit "
                f"{rows['unit'].iloc[k]!r}: it is not an indicator of the strategy",
                source=measurements.source,
                row=int(where[k]),
                column="indicator",
            )
        if period is None:
            raise MeasurementError(
                f"{measurements.source}, row {where[k]}: the period is missing",
                source=measurements.source,
                row=int(where[k]),
                column="period",
            )
    twice = rows.duplicated(["indicator", "unit", "period"], keep=False).to_numpy()
    if twice.any():
        first = rows[twice].iloc[0]
        at = [
            int(where[k])
            for k in np.flatnonzero(twice)
            if (rows["indicator"].iloc[k], rows["unit"].iloc[k], rows["period"].iloc[k])
            == (first["indicator"], first["unit"], first["period"])
        ]
        raise MeasurementError(
            f"{measurements.source}, row {at[1]}: indicator {first['indicator']!r}, unit {first['unit']!r}, period "
            f"{first['period']!r} is already given in row {at[0]}",
            source=measurements.source,
            row=at[1],
        )
    # another area's rows would be refused by the evaluation as an unknown
    # unit; with comparison units that is most often one left out of compare
    stray = (~mask) & frame["unit"].notna().to_numpy() & ~frame["unit"].isin(own_units).to_numpy()
    if stray.any():
        k = int(np.flatnonzero(stray)[0])
        unit = frame["unit"].iloc[k]
        raise MeasurementError(
            f"{measurements.source}, row {numbers[k]}: unit {unit!r} is neither a unit of the strategy nor compared "
            f"with (compare: {', '.join(c.key for c in comparands)}); add it to compare, e.g. to a peer group, or "
            "leave its rows out",
            source=measurements.source,
            row=int(numbers[k]),
            column="unit",
        )
    own = measurements.subset(~mask)
    own_rows = own.frame[own.frame["indicator"].isin(set(rows["indicator"]))]
    if len(units) == 1:  # a row without a unit is the only unit's
        own_rows = own_rows.assign(unit=own_rows["unit"].fillna(units[0]))
    return own, Comparison(comparands, rows, own_rows, directions)


class Comparison:
    """Comparison units' values and the units' positions among peer groups.

    Made by :func:`split_comparison`; the comparison rows are not part of the
    evaluation.

    Attributes
    ----------
    comparands : tuple of Comparand
        What is compared with, in the order given.
    measurements : DataFrame
        The comparison units' rows (``indicator, unit, period, value`` and
        ``note`` when the measurements have notes, e.g. "Källa: Kolada").
    """

    def __init__(
        self,
        comparands: Sequence[Comparand],
        rows: pd.DataFrame,
        own: pd.DataFrame,
        directions: Mapping[str, Tuple[str, float, float]],
    ) -> None:
        self.comparands: Tuple[Comparand, ...] = tuple(comparands)
        self.measurements = rows.reset_index(drop=True).copy()
        self._own = own[["indicator", "unit", "period", "value"]].reset_index(drop=True).copy()
        self._directions = dict(directions)
        self._order = {k: i for i, k in enumerate(self._directions)}

    def __len__(self) -> int:
        return len(self.comparands)

    def __bool__(self) -> bool:
        return bool(self.comparands)

    def __repr__(self) -> str:
        parts = [
            f"{c.key} ({len(c.ids)} members)" if c.group else (f"{c.name} ({c.key})" if c.name else c.key)
            for c in self.comparands
        ]
        return f"<styrkort.Comparison {', '.join(parts) or 'nothing'}; {len(self.measurements)} rows>"

    @property
    def notes(self) -> List[str]:
        """The distinct notes of the comparison rows (e.g. "Källa: Kolada"), in order."""
        if "note" not in self.measurements.columns:
            return []
        out: Dict[str, None] = {}
        for n in self.measurements["note"]:
            if isinstance(n, str) and n.strip():
                out[n.strip()] = None
        return list(out)

    def _sorted(self, frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
        order = frame["indicator"].map(self._order)
        return (
            frame.assign(_order=order)
            .sort_values(["_order", *keys], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )

    @cached_property
    def values(self) -> pd.DataFrame:
        """The value of each comparison unit and peer group, per indicator and period.

        Columns ``indicator, period, comparison`` (the :class:`Comparand`'s
        key), ``name`` (a comparison unit's name, or None), ``group`` (True
        for a peer group), ``value`` (a unit's value; a group's median of its
        members' values), ``n`` (the values behind it) and ``members`` (1, or
        the group's size). One row per comparand for every indicator and
        period that any comparison row has; a value nobody gave is NaN (never
        zero).
        """
        rows = self.measurements
        pairs = rows[["indicator", "period"]].drop_duplicates()
        out = []
        for c in self.comparands:
            sub = rows[rows["unit"].isin(c.ids)]
            agg = sub.groupby(["indicator", "period"], sort=False)["value"].agg(["median", "count"])
            t = pairs.merge(agg.reset_index(), on=["indicator", "period"], how="left")
            out.append(
                pd.DataFrame(
                    {
                        "indicator": t["indicator"].to_numpy(),
                        "period": t["period"].to_numpy(),
                        "comparison": c.key,
                        "name": c.name,
                        "group": c.group,
                        "value": t["median"].to_numpy(dtype=float),
                        "n": t["count"].fillna(0).to_numpy(dtype=np.int64),
                        "members": len(c.ids),
                    }
                )
            )
        if not out:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in VALUE_COLUMNS})
        keys = {c.key: i for i, c in enumerate(self.comparands)}
        t = pd.concat(out, ignore_index=True)
        t = t.assign(_c=t["comparison"].map(keys))
        return self._sorted(t, ["period", "_c"]).drop(columns="_c")[VALUE_COLUMNS]

    def _goodness(self, indicator: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Lower is better: -x, x, or the distance to the band (0 inside it);
        NaN where x is missing or no order is defined (a band without bounds)."""
        codes, uniq = pd.factorize(pd.Series(indicator, dtype=object))
        default = ("higher_is_better", np.nan, np.nan)
        info = [self._directions.get(i, default) for i in uniq]
        direction = np.array([d for d, _, _ in info] + [""], dtype=object)[codes]
        lo = np.array([a for _, a, _ in info] + [np.nan], dtype=float)[codes]
        hi = np.array([b for _, _, b in info] + [np.nan], dtype=float)[codes]
        with np.errstate(invalid="ignore"):
            band = np.maximum(np.maximum(lo - x, 0.0), x - hi)
        return np.where(direction == "lower_is_better", x, np.where(direction == "band", band, -x))

    @cached_property
    def positions(self) -> pd.DataFrame:
        """Each unit's position in each peer group, per indicator and period.

        Columns ``unit, indicator, period, comparison`` (the group's name),
        ``value`` (the unit's own measured value), ``position`` (1 the best;
        values that are equal share the better place, so two units sharing
        place 2 are followed by place 4), ``of`` (the members with a value,
        plus the unit) and ``tied`` (True when a member has the same value).

        The order follows the indicator's direction: the highest value first,
        for ``lower_is_better`` the lowest, for ``band`` the one closest to
        the band (every value inside it shares place 1). ``position`` and
        ``of`` are missing (<NA>) when the unit has no value, when no member of
        the group has one, or for a band without bounds. One row per unit of
        the strategy with a measurement, for every indicator and period that
        a member of the group has a row for.
        """
        empty = pd.DataFrame(
            {
                "unit": pd.Series(dtype=object),
                "indicator": pd.Series(dtype=object),
                "period": pd.Series(dtype=object),
                "comparison": pd.Series(dtype=object),
                "value": pd.Series(dtype=float),
                "position": pd.Series(dtype="Int64"),
                "of": pd.Series(dtype="Int64"),
                "tied": pd.Series(dtype="boolean"),
            }
        )
        out = []
        own = self._own
        for c in self.comparands:
            if not c.group:
                continue
            sub = self.measurements[self.measurements["unit"].isin(c.ids)]
            pairs = sub[["indicator", "period"]].drop_duplicates()
            mine = own.merge(pairs, on=["indicator", "period"], how="inner")
            if not len(mine):
                continue
            peers = sub[sub["value"].notna()][["indicator", "period", "value"]].rename(columns={"value": "peer"})
            m = mine.reset_index().merge(peers, on=["indicator", "period"], how="left")
            g_own = self._goodness(m["indicator"].to_numpy(), m["value"].to_numpy(dtype=float))
            g_peer = self._goodness(m["indicator"].to_numpy(), m["peer"].to_numpy(dtype=float))
            has = ~np.isnan(g_peer)
            m["better"] = has & (g_peer < g_own)
            m["same"] = has & (g_peer == g_own)
            m["has"] = has
            m["g_own"] = g_own
            agg = m.groupby("index").agg(better=("better", "sum"), same=("same", "sum"), n=("has", "sum"))
            agg = agg.reindex(range(len(mine)))
            known = ~np.isnan(self._goodness(mine["indicator"].to_numpy(), mine["value"].to_numpy(dtype=float)))
            ok = known & (agg["n"].to_numpy() > 0)
            position = pd.array(np.where(ok, agg["better"].to_numpy() + 1, 0), dtype="Int64")
            of = pd.array(np.where(ok, agg["n"].to_numpy() + 1, 0), dtype="Int64")
            position[~ok] = pd.NA
            of[~ok] = pd.NA
            tied = pd.array(agg["same"].to_numpy() > 0, dtype="boolean")
            tied[~ok] = pd.NA
            out.append(
                pd.DataFrame(
                    {
                        "unit": mine["unit"].to_numpy(),
                        "indicator": mine["indicator"].to_numpy(),
                        "period": mine["period"].to_numpy(),
                        "comparison": c.key,
                        "value": mine["value"].to_numpy(dtype=float),
                        "position": position,
                        "of": of,
                        "tied": tied,
                    }
                )
            )
        if not out:
            return empty
        keys = {c.key: i for i, c in enumerate(self.comparands)}
        t = pd.concat(out, ignore_index=True)
        t = t.assign(_c=t["comparison"].map(keys))
        return self._sorted(t, ["unit", "period", "_c"]).drop(columns="_c")[POSITION_COLUMNS]

    def at(self, indicator: str, period: str, unit: Optional[str] = None) -> List[Dict[str, Any]]:
        """What is compared for one indicator and period: one dict per comparand
        in order, with ``comparand`` (the :class:`Comparand`), ``value``, ``n``,
        ``members`` and, for a peer group and ``unit``, ``position``, ``of``
        and ``tied`` (None when not known).

        Parameters
        ----------
        indicator, period : str
        unit : str, optional
            The strategy's unit whose position is asked for.

        Returns
        -------
        list of dict
        """
        v = self._value_index.get((indicator, period), {})
        p = self._position_index.get((unit, indicator, period), {}) if unit is not None else {}
        out = []
        for c in self.comparands:
            r = v.get(c.key)
            q = p.get(c.key)
            out.append(
                {
                    "comparand": c,
                    "value": None if r is None or pd.isna(r["value"]) else float(r["value"]),
                    "n": 0 if r is None else int(r["n"]),
                    "members": len(c.ids),
                    "position": None if q is None or pd.isna(q["position"]) else int(q["position"]),
                    "of": None if q is None or pd.isna(q["of"]) else int(q["of"]),
                    "tied": None if q is None or pd.isna(q["tied"]) else bool(q["tied"]),
                }
            )
        return out

    @cached_property
    def _value_index(self) -> Dict[Tuple[str, str], Dict[str, dict]]:
        out: Dict[Tuple[str, str], Dict[str, dict]] = {}
        for r in self.values.to_dict("records"):
            out.setdefault((r["indicator"], r["period"]), {})[r["comparison"]] = r
        return out

    @cached_property
    def _position_index(self) -> Dict[Tuple[str, str, str], Dict[str, dict]]:
        out: Dict[Tuple[str, str, str], Dict[str, dict]] = {}
        for r in self.positions.to_dict("records"):
            out.setdefault((r["unit"], r["indicator"], r["period"]), {})[r["comparison"]] = r
        return out

    def table(self, unit: str) -> pd.DataFrame:
        """One table of :attr:`values` with ``unit``'s own value and position
        beside each row (the Excel workbook's ``comparison`` sheet).

        Parameters
        ----------
        unit : str
            One of the strategy's units.

        Returns
        -------
        DataFrame
            Columns ``indicator, period, comparison, name, value, n, members,
            unit, own_value, position, of, tied``; ``own_value`` is the unit's
            measured value (NaN when it has none), ``position``, ``of`` and
            ``tied`` are empty for a comparison unit (only peer groups rank).
        """
        t = self.values.drop(columns="group")
        own = self._own[self._own["unit"] == unit][["indicator", "period", "value"]]
        t = t.merge(own.rename(columns={"value": "own_value"}), on=["indicator", "period"], how="left")
        pos = self.positions
        pos = pos[pos["unit"] == unit][["indicator", "period", "comparison", "position", "of", "tied"]]
        t = t.merge(pos, on=["indicator", "period", "comparison"], how="left")
        t.insert(t.columns.get_loc("own_value"), "unit", unit)
        t["position"] = t["position"].astype("Int64")
        t["of"] = t["of"].astype("Int64")
        t["tied"] = t["tied"].astype("boolean")
        return t
