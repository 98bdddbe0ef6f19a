"""Id mapping for imports: source ids (a Kolada KPI, a Stratsys measure and
column, a municipality or unit code) to the strategy's indicators and units.

One concept shared by every importer: the mapping is read and checked here,
rows the mapping does not cover are counted (never silently turned into
numbers), and the imported table is checked for cells given twice before the
core sees it, so that the error can name both places in the source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Hashable, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from .errors import MeasurementError
from .measurements import Measurements

__all__ = ["Target", "IndicatorMapping", "UnitMapping", "ImportLog", "finish"]

Key = Tuple[str, ...]
KeyCheck = Callable[[Key, str], None]
MappingSpec = Union[Mapping[Any, Any], pd.DataFrame]

_SAFE_ID = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]*$")


@dataclass(frozen=True)
class Target:
    """Where one source series goes: a strategy indicator, its values multiplied by ``scale``."""

    indicator: str
    scale: float = 1.0


def _blank(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip())


def _text_id(x: Any, place: str, what: str) -> str:
    """An id given as text. Numbers are refused because a spreadsheet or an int
    literal has already dropped leading zeros (Kolada's "0180" becomes 180)."""
    if isinstance(x, bool) or not isinstance(x, str):
        raise MeasurementError(
            f"{place}: {what} {x!r} must be text, got {type(x).__name__}; write ids as strings with their "
            "leading zeros (e.g. '0180', not 180)"
        )
    s = x.strip()
    if not s or not _SAFE_ID.match(s):
        raise MeasurementError(f"{place}: {what} {x!r} is empty or contains control characters")
    return s


def _scale(x: Any, place: str) -> float:
    if _blank(x):
        return 1.0
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise MeasurementError(f"{place}: scale {x!r} is not a number") from None
    if isinstance(x, bool) or not math.isfinite(v) or v == 0:
        raise MeasurementError(f"{place}: scale {x!r} must be a finite non-zero number (1 keeps the values)")
    return v


class IndicatorMapping:
    """Source keys to strategy indicators.

    Parameters
    ----------
    spec : dict or DataFrame
        A dict from a key to an indicator id (or to ``{"indicator": id,
        "scale": factor}``); or a DataFrame with one column per key field,
        ``indicator`` and an optional ``scale``.
    fields : tuple of str
        The names of the key's fields, e.g. ``("kpi", "gender")``.
    defaults : dict
        Values for trailing key fields that an entry may leave out (a dict key
        that is a plain string, or an empty cell in the DataFrame).
    check : callable, optional
        ``check(key, place)`` raises a MeasurementError for a malformed key.
    name : str
        What the mapping is called in messages.
    """

    def __init__(
        self,
        spec: MappingSpec,
        fields: Tuple[str, ...],
        *,
        defaults: Optional[Mapping[str, str]] = None,
        check: Optional[KeyCheck] = None,
        name: str = "mapping",
    ) -> None:
        self.fields = fields
        self.name = name
        self.defaults = dict(defaults or {})
        self.targets: Dict[Key, Target] = {}
        self.places: Dict[Key, str] = {}
        if isinstance(spec, pd.DataFrame):
            entries = self._from_frame(spec)
        elif isinstance(spec, Mapping):
            entries = self._from_dict(spec)
        else:
            raise MeasurementError(
                f"{name}: expected a dict or a DataFrame with columns "
                f"{', '.join(fields)}, indicator, got {type(spec).__name__}"
            )
        if not entries:
            raise MeasurementError(f"{name}: the mapping is empty; map at least one source id to an indicator")
        for key, target, place in entries:
            if check is not None:
                check(key, place)
            if key in self.targets:
                raise MeasurementError(
                    f"{place}: {self.describe(key)} is mapped twice (first at {self.places[key]}); keep one entry"
                )
            self.targets[key] = target
            self.places[key] = place

    def describe(self, key: Key) -> str:
        return " ".join(f"{f} {v!r}" for f, v in zip(self.fields, key))

    def _key(self, raw: Sequence[Any], place: str) -> Key:
        parts: List[str] = []
        for i, f in enumerate(self.fields):
            v = raw[i] if i < len(raw) else None
            if _blank(v):
                if f not in self.defaults:
                    raise MeasurementError(f"{place}: the key has no {f}; key each entry by ({', '.join(self.fields)})")
                v = self.defaults[f]
            parts.append(_text_id(v, place, f))
        return tuple(parts)

    def _from_dict(self, spec: Mapping[Any, Any]) -> List[Tuple[Key, Target, str]]:
        out = []
        for raw, value in spec.items():
            place = f"{self.name}[{raw!r}]"
            raw_t = raw if isinstance(raw, tuple) else (raw,)
            if len(raw_t) > len(self.fields):
                raise MeasurementError(
                    f"{place}: a key has at most {len(self.fields)} parts ({', '.join(self.fields)})"
                )
            key = self._key(raw_t, place)
            if isinstance(value, Mapping):
                unknown = set(value) - {"indicator", "scale"}
                if unknown or "indicator" not in value:
                    raise MeasurementError(
                        f"{place}: expected an indicator id or {{'indicator': id, 'scale': "
                        f"factor}}, got keys {', '.join(map(str, value))}"
                    )
                target = Target(_text_id(value["indicator"], place, "indicator"), _scale(value.get("scale"), place))
            else:
                target = Target(_text_id(value, place, "indicator"))
            out.append((key, target, place))
        return out

    def _from_frame(self, frame: pd.DataFrame) -> List[Tuple[Key, Target, str]]:
        required = [f for f in self.fields if f not in self.defaults] + ["indicator"]
        allowed = set(self.fields) | {"indicator", "scale"}
        for c in required:
            if c not in frame.columns:
                raise MeasurementError(
                    f"{self.name}: missing column {c!r}; the columns are "
                    f"{', '.join(self.fields)}, indicator and optionally scale"
                )
        unknown = [c for c in frame.columns if c not in allowed]
        if unknown:
            raise MeasurementError(
                f"{self.name}: unknown column {unknown[0]!r} (allowed: {', '.join(self.fields)}, indicator, scale)"
            )
        out = []
        for label, row in zip(frame.index, frame.to_dict("records")):
            place = f"{self.name}, row {label}"
            key = self._key([row.get(f) for f in self.fields], place)
            if _blank(row["indicator"]):
                raise MeasurementError(f"{place}, column 'indicator': the cell is empty")
            target = Target(
                _text_id(row["indicator"], f"{place}, column 'indicator'", "indicator"),
                _scale(row.get("scale"), f"{place}, column 'scale'"),
            )
            out.append((key, target, place))
        return out

    def get(self, key: Key) -> Optional[Target]:
        return self.targets.get(key)

    def check_strategy(self, strategy: Any) -> None:
        """Every target must be an indicator of ``strategy``."""
        if strategy is None:
            return
        indicators = set(strategy.indicators["id"])
        kinds = dict(zip(strategy.nodes["id"], strategy.nodes["kind"]))
        for key, target in self.targets.items():
            if target.indicator not in indicators:
                what = (
                    f"is a {kinds[target.indicator]} node, not an indicator"
                    if target.indicator in kinds
                    else "is not in the strategy"
                )
                raise MeasurementError(
                    f"{self.places[key]}: {self.describe(key)} maps to indicator {target.indicator!r}, which "
                    f"{what}; the strategy's indicators are {', '.join(sorted(indicators))}"
                )

    def check_used(self, seen: Iterable[Key], source: str, hint: str) -> None:
        """Every entry must match some row of the data: a key that matches
        nothing is most often a typo, and would otherwise leave its indicator
        silently without data."""
        seen = set(seen)
        for key in self.targets:
            if key not in seen:
                raise MeasurementError(
                    f"{self.places[key]}: {self.describe(key)} (mapped to {self.targets[key].indicator!r}) does "
                    f"not occur in {source}; {hint}"
                )


class UnitMapping:
    """Source unit ids (municipality, organisational unit, unit code) to strategy units.

    Parameters
    ----------
    spec : dict, DataFrame or None
        A dict from a source id to a strategy unit id, or a DataFrame with a
        column ``unit`` and one other column holding the source ids. None keeps
        the source ids as the unit ids.
    check : callable, optional
        ``check(source_id, place)`` raises for a malformed source id.
    """

    def __init__(
        self, spec: Optional[MappingSpec], *, check: Optional[Callable[[str, str], None]] = None, name: str = "units"
    ) -> None:
        self.name = name
        self.units: Optional[Dict[str, str]] = None
        self.places: Dict[str, str] = {}
        if spec is None:
            return
        if isinstance(spec, pd.DataFrame):
            others = [c for c in spec.columns if c != "unit"]
            if "unit" not in spec.columns or len(others) != 1:
                raise MeasurementError(
                    f"{name}: expected a column 'unit' and one column of source ids, got "
                    f"{', '.join(map(str, spec.columns))}"
                )
            pairs = [(a, b, f"{name}, row {label}") for label, a, b in zip(spec.index, spec[others[0]], spec["unit"])]
        elif isinstance(spec, Mapping):
            pairs = [(a, b, f"{name}[{a!r}]") for a, b in spec.items()]
        else:
            raise MeasurementError(f"{name}: expected a dict or a DataFrame, got {type(spec).__name__}")
        self.units = {}
        for a, b, place in pairs:
            src = _text_id(a, place, "source id")
            if check is not None:
                check(src, place)
            if src in self.units:
                raise MeasurementError(f"{place}: {src!r} is mapped twice (first at {self.places[src]})")
            self.units[src] = _text_id(b, place, "unit")
            self.places[src] = place

    def get(self, source_id: str) -> Optional[str]:
        """The strategy unit, or None when the mapping leaves this source id out."""
        if self.units is None:
            return source_id
        return self.units.get(source_id)

    def check_strategy(self, strategy: Any) -> None:
        if strategy is None or self.units is None:
            return
        known = set(strategy.units["id"])
        for src, unit in self.units.items():
            if unit not in known:
                raise MeasurementError(
                    f"{self.places[src]}: {src!r} maps to unit {unit!r}, which is not in the "
                    f"strategy; its units are {', '.join(sorted(known))}"
                )


class ImportLog:
    """Counts of source rows that were not imported, by reason and source id."""

    def __init__(self) -> None:
        self._counts: Dict[Tuple[str, str], int] = {}

    def skip(self, reason: str, source_id: Hashable, n: int = 1) -> None:
        k = (reason, str(source_id))
        self._counts[k] = self._counts.get(k, 0) + n

    def table(self) -> pd.DataFrame:
        rows = [{"reason": r, "id": i, "rows": n} for (r, i), n in sorted(self._counts.items())]
        return pd.DataFrame(rows, columns=["reason", "id", "rows"])


def finish(
    rows: List[dict], places: List[str], log: ImportLog, source: str, *, hint: str, has_note: bool = True
) -> Measurements:
    """The imported rows as :class:`Measurements`, after checking that no
    (indicator, unit, period) cell is given twice (naming both source places).

    The skipped-row counts are kept on the result as ``skipped``."""
    first: Dict[Tuple[str, str, str], int] = {}
    for i, r in enumerate(rows):
        cell = (r["indicator"], r["unit"], r["period"])
        if cell in first:
            j = first[cell]
            raise MeasurementError(
                f"{places[i]}: indicator {cell[0]!r}, unit {cell[1]!r}, period {cell[2]!r} is already given at "
                f"{places[j]}; two source rows map to the same cell ({hint})"
            )
        first[cell] = i
    columns = ["indicator", "unit", "period", "value"] + (["note"] if has_note else [])
    frame = pd.DataFrame(rows, columns=columns)
    frame["value"] = frame["value"].astype("float64")
    m = Measurements(frame, source=source, first_row=0)
    m.skipped = log.table()
    return m
