"""Kolada (the Swedish municipal KPI database, API v3): responses to measurements.

A data response is ``{"values": [row, ...], "count": n, "next_url": ...,
"previous_url": ...}`` where a row is ``{"kpi": "N00945", "municipality":
"1480", "period": 2023, "values": [{"gender": "T", "count": 1, "status": "",
"value": 12.3, "isdeleted": false}, ...]}`` (``ou`` instead of
``municipality`` for organisational units). Long answers come in pages linked
by ``next_url``.

Data from Kolada must carry the credit "Källa: Kolada" where it is shown; every
imported row's ``note`` starts with it (:data:`CREDIT`).
"""

from __future__ import annotations

import email.utils
import http.client
import json
import math
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple, Union

import pandas as pd

from ._io import PathLike, read_text, write_atomic
from ._mapping import ImportLog, IndicatorMapping, MappingSpec, UnitMapping, finish
from ._progress import progress_bar
from .errors import ArgumentError, MeasurementError
from .measurements import Measurements

__all__ = ["CREDIT", "API", "read_kolada", "read_kolada_metadata", "fetch_kolada"]

CREDIT = "Källa: Kolada"
API = "https://api.kolada.se/v3"
HOST = "api.kolada.se"
BATCH = 25  # ids per request the API accepts in one comma-separated list
GENDERS = ("T", "K", "M")

_KPI_ID = re.compile(r"^[A-Z][0-9]{5}\Z")  # ASCII digits, no line break at the end ($ allows one)
_AREA_ID = re.compile(r"^[0-9A-Za-z]+\Z")  # municipality (0180), group (G124026) or organisational unit (V15E...)

Source = Union[PathLike, Mapping]  # type: ignore[valid-type]
Sources = Union[Source, Sequence[Source]]
Opener = Callable[[str, float], bytes]


# --- reading and checking responses -----------------------------------------------------------------------------


def _type(x: Any) -> str:
    return {
        type(None): "null",
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }.get(type(x), type(x).__name__)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    """A JSON number as a float; one beyond a double's range (``1e400``) is
    refused here rather than read as infinity."""
    x = float(text)
    if not math.isfinite(x):
        raise ValueError(f"the number {text} is out of range (a value must be finite, within about ±1.8e308)")
    return x


def _parse(text: str, source: str) -> Any:
    if not text.strip():
        raise MeasurementError(
            f"{source}: empty; expected a Kolada API v3 response (a JSON object with a 'values' list)"
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except json.JSONDecodeError as e:
        raise MeasurementError(f"{source}: line {e.lineno}, column {e.colno}: malformed JSON ({e.msg})") from None
    except ValueError as e:  # NaN or Infinity, which JSON does not have, or a number out of range
        raise MeasurementError(f"{source}: {e}; write null for a missing value") from None
    except RecursionError:  # Python's JSON parser recurses once per level of nesting
        raise MeasurementError(
            f"{source}: the JSON is nested too deeply to be a Kolada response (a response is two or three levels deep)"
        ) from None


def _expand(sources: Sources) -> List[Tuple[str, Any]]:
    """(name for messages, parsed response) for each file, folder (its *.json
    files in name order) or already parsed response."""
    if isinstance(sources, (str, Path, Mapping)) or not isinstance(sources, Sequence):
        sources = [sources]  # type: ignore[list-item]
    if len(sources) == 0:
        raise ArgumentError("no Kolada files given")
    out: List[Tuple[str, Any]] = []
    for k, s in enumerate(sources):
        if isinstance(s, Mapping):
            out.append((f"response {k + 1}", s))
            continue
        if not isinstance(s, (str, Path)):
            raise ArgumentError(
                f"Kolada source {k + 1}: expected a file path, a folder or a parsed response (dict), "
                f"got {type(s).__name__}"
            )
        p = Path(s)
        if p.is_dir():
            files = sorted(p.glob("*.json"))
            if not files:
                raise MeasurementError(f"{p}: the folder has no .json files")
            out.extend((str(f), _parse(read_text(f, MeasurementError), str(f))) for f in files)
        else:
            out.append((str(p), _parse(read_text(p, MeasurementError), str(p))))
    return out


def _response_values(doc: Any, source: str) -> list:
    if not isinstance(doc, dict):
        raise MeasurementError(
            f"{source}: $: expected a JSON object with a 'values' list (a Kolada API v3 response), got {_type(doc)}"
        )
    if "values" not in doc:
        raise MeasurementError(
            f"{source}: $: missing key 'values'; expected a Kolada API v3 response "
            f'{{"values": [...], "count": n}}, got keys {", ".join(map(str, doc)) or "none"}'
        )
    if not isinstance(doc["values"], list):
        raise MeasurementError(f"{source}: $.values: expected an array, got {_type(doc['values'])}")
    if "count" in doc and (not isinstance(doc["count"], int) or isinstance(doc["count"], bool) or doc["count"] < 0):
        raise MeasurementError(f"{source}: $.count: expected a whole number >= 0, got {doc['count']!r}")
    for k in ("next_url", "previous_url"):
        if doc.get(k) is not None and not isinstance(doc[k], str):
            raise MeasurementError(f"{source}: $.{k}: expected a URL string or null, got {_type(doc[k])}")
    return doc["values"]


def _data_rows(doc: Any, source: str) -> List[dict]:
    """The checked data rows of one response as ``{kpi, area, period, values}``.

    Every value a Kolada row may hold is checked for type, so a changed API or
    a wrong file fails here with the JSON path rather than later as a wrong
    number. The response itself is not changed."""
    rows = _response_values(doc, source)
    out = []
    for i, row in enumerate(rows):
        at = f"{source}: $.values[{i}]"
        if not isinstance(row, dict):
            raise MeasurementError(f"{at}: expected an object, got {_type(row)}")
        if "kpi" not in row:
            if "id" in row and "title" in row:
                raise MeasurementError(
                    f"{at}: this is a metadata row (id, title), not data; read metadata "
                    "responses (/v3/kpi, /v3/municipality) with read_kolada_metadata"
                )
            raise MeasurementError(
                f"{at}: missing key 'kpi'; a data row has kpi, municipality (or ou), period and values"
            )
        if not isinstance(row["kpi"], str) or not _KPI_ID.match(row["kpi"]):
            raise MeasurementError(f"{at}.kpi: expected a KPI id like 'N00945', got {row['kpi']!r}")
        areas = [k for k in ("municipality", "ou") if k in row]
        if len(areas) != 1:
            raise MeasurementError(
                f"{at}: expected exactly one of 'municipality' and 'ou', got {' and '.join(areas) or 'neither'}"
            )
        area = row[areas[0]]
        if not isinstance(area, str) or not _AREA_ID.match(area):
            raise MeasurementError(f"{at}.{areas[0]}: expected an id string like '0180', got {area!r}")
        period = row.get("period")
        if isinstance(period, str) and re.fullmatch(r"\d{4}", period):
            period = int(period)
        if not isinstance(period, int) or isinstance(period, bool) or not 1000 <= period <= 9999:
            raise MeasurementError(f"{at}.period: expected a year like 2023, got {row.get('period')!r}")
        values = row.get("values")
        if not isinstance(values, list):
            raise MeasurementError(f"{at}.values: expected an array of values by gender, got {_type(values)}")
        for j, v in enumerate(values):
            vat = f"{at}.values[{j}]"
            if not isinstance(v, dict):
                raise MeasurementError(f"{vat}: expected an object, got {_type(v)}")
            if v.get("gender") not in GENDERS:
                raise MeasurementError(
                    f"{vat}.gender: expected 'T' (total), 'K' (women) or 'M' (men), got {v.get('gender')!r}"
                )
            if "value" not in v:
                raise MeasurementError(f"{vat}: missing key 'value' (null for a missing value)")
            x = v["value"]
            if x is not None and (isinstance(x, bool) or not isinstance(x, (int, float))):
                raise MeasurementError(f"{vat}.value: expected a number or null, got {x!r} ({_type(x)})")
            if not isinstance(v.get("isdeleted", False), bool):
                raise MeasurementError(f"{vat}.isdeleted: expected true or false, got {v.get('isdeleted')!r}")
            n = v.get("count")
            if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
                raise MeasurementError(f"{vat}.count: expected a whole number >= 0, got {n!r}")
            if v.get("status") is not None and not isinstance(v["status"], str):
                raise MeasurementError(f"{vat}.status: expected a string, got {_type(v['status'])}")
        out.append({"kpi": row["kpi"], "area": area, "period": period, "values": values})
    return out


def _page(url: Optional[str], where: str = "") -> Optional[Tuple[tuple, int]]:
    """(the query without its page, the page number) of a page URL; a URL
    without a page number is the first page. ``where`` names the URL in the
    error for one that cannot be parsed."""
    if not url:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as e:  # "Invalid IPv6 URL"
        raise MeasurementError(f"{where}: not a valid URL ({e}): {url[:200]!r}") from None
    query = urllib.parse.parse_qsl(parts.query)
    pages = [v for k, v in query if k == "page"] or ["1"]
    if len(pages) != 1 or not (pages[0].isascii() and pages[0].isdigit()):
        return None
    rest = tuple(sorted((k, v) for k, v in query if k != "page"))
    return (parts.scheme, parts.netloc.lower(), parts.path.rstrip("/"), rest), int(pages[0])


def _check_pages(docs: List[Tuple[str, Any]]) -> None:
    """The pages given must be complete: a page that points to a next page
    whose file was not given would silently leave out data."""
    places: Dict[tuple, Dict[int, str]] = {}
    last: Dict[tuple, int] = {}
    unknown = []
    for source, doc in docs:
        nxt = _page(doc.get("next_url"), f"{source}: $.next_url")
        prev = _page(doc.get("previous_url"), f"{source}: $.previous_url")
        if nxt is None and prev is None:
            if doc.get("next_url") or doc.get("previous_url"):
                unknown.append((source, doc))
            continue  # a single page, complete by itself
        query, page = (nxt[0], nxt[1] - 1) if nxt else (prev[0], prev[1] + 1)  # type: ignore[index]
        seen = places.setdefault(query, {})
        if page in seen:
            raise MeasurementError(f"{source}: is page {page} of the same query as {seen[page]}; give each page once")
        seen[page] = source
        if not doc.get("next_url"):
            last[query] = page
    for query, seen in places.items():
        end = last.get(query)
        expected = set(range(1, (end if end is not None else max(seen) + 1) + 1))
        missing = sorted(expected - set(seen))
        if missing:
            first = seen[min(seen)]
            raise MeasurementError(
                f"{first}: the response has more pages than were given: page {missing[0]} of this query is "
                f"missing ({len(seen)} page(s) given); pass every page's file (fetch_kolada(..., out_dir=...) "
                "writes them all)"
            )
    # Pages whose URLs carry no page number cannot be linked; at least their
    # number of chain starts and ends must agree.
    if unknown:
        starts = sum(1 for _, d in unknown if not d.get("previous_url"))
        ends = sum(1 for _, d in unknown if not d.get("next_url"))
        if starts != ends:
            src = next((s for s, d in unknown if d.get("next_url")), unknown[0][0])
            raise MeasurementError(
                f"{src}: the pages given are incomplete ({starts} first page(s) but {ends} last "
                "page(s)); pass every page linked by next_url"
            )


# --- the measurements ---------------------------------------------------------------------------------------------


def _check_kpi_key(key: Tuple[str, ...], place: str) -> None:
    kpi, gender = key
    if not _KPI_ID.match(kpi):
        raise MeasurementError(
            f"{place}: unknown KPI id {kpi!r}; Kolada KPI ids are a capital letter and five "
            "digits, like 'N00945' (look them up with read_kolada_metadata or on kolada.se)"
        )
    if gender not in GENDERS:
        raise MeasurementError(f"{place}: gender {gender!r} must be 'T' (total), 'K' (women) or 'M' (men)")


def _check_area(area: str, place: str) -> None:
    if not _AREA_ID.match(area):
        raise MeasurementError(
            f"{place}: {area!r} is not a Kolada municipality, group or unit id (e.g. '0180', "
            "'0000' for Sweden, 'G124026' for a group)"
        )


def kpi_mapping(mapping: MappingSpec, gender: str = "T") -> IndicatorMapping:
    """The KPI mapping as read by :func:`read_kolada` (see there)."""
    if gender not in GENDERS:
        raise ArgumentError(
            f"gender {gender!r}: expected 'T' (total), 'K' (women) or 'M' (men); to import "
            "several genders, give the gender per mapping entry"
        )
    return IndicatorMapping(
        mapping, ("kpi", "gender"), defaults={"gender": gender}, check=_check_kpi_key, name="mapping"
    )


def _comparison_ids(compare: Any, areas: UnitMapping, strategy: Any) -> Dict[str, None]:
    """The Kolada ids of ``compare`` (in order), checked: Kolada ids, not
    mapped by ``units``, not units of the strategy."""
    from .comparison import parse_compare

    ids: Dict[str, None] = {}
    for c in parse_compare(compare):
        for i in c.ids:
            _check_area(i, f"compare {c.key!r}")
            ids[i] = None
    if areas.units is not None:
        both = [i for i in ids if i in areas.units]
        if both:
            raise MeasurementError(
                f"compare: {', '.join(both)} {'is' if len(both) == 1 else 'are'} in units too "
                f"(at {areas.places[both[0]]}); a comparison unit is kept under its Kolada id and is not a "
                "unit of the strategy: leave it out of units"
            )
    if strategy is not None:
        own = set(map(str, strategy.units["id"]))
        clash = [i for i in ids if i in own]
        if clash:
            raise MeasurementError(
                f"compare: {', '.join(clash)} {'is a unit' if len(clash) == 1 else 'are units'} of the strategy; "
                "a comparison unit must be outside it"
            )
    return ids


def read_kolada(
    paths: Sources,
    mapping: MappingSpec,
    *,
    units: Optional[MappingSpec] = None,
    gender: str = "T",
    keep_deleted: bool = False,
    strategy: Any = None,
    strict: bool = True,
    compare: Any = None,
) -> Measurements:
    """Read Kolada API v3 data responses into measurements.

    Parameters
    ----------
    paths : path, folder, dict, or a list of them
        Response files (several pages of one answer, or several answers), a
        folder (its ``*.json`` files in name order) or parsed responses such as
        :func:`fetch_kolada` returns. Pages whose ``next_url`` points to a page
        that was not given raise an error rather than leave data out.
    mapping : dict or DataFrame
        Kolada KPI id to strategy indicator: ``{"N00945": "i1"}``; a key
        ``("N00945", "K")`` selects a gender, and a value may be
        ``{"indicator": "i1", "scale": 0.01}`` to multiply the values. A
        DataFrame has columns ``kpi``, ``indicator`` and optionally ``gender``
        and ``scale``. Rows of KPIs (or genders) the mapping leaves out are
        skipped and counted in the result's ``skipped`` table.
    units : dict or DataFrame, optional
        Kolada municipality, group or organisational-unit id (as text, with its
        leading zeros: ``"0180"``, ``"0000"`` for Sweden, ``"G124026"``) to
        strategy unit. A DataFrame has a column ``unit`` and one column of
        Kolada ids. Rows of ids left out are skipped and counted (a response
        often holds every municipality, and a strategy needs a few). Without
        ``units`` the Kolada ids are the unit ids.
    gender : {"T", "K", "M"}
        The gender of mapping entries that do not name one: T total, K women,
        M men.
    keep_deleted : bool
        Keep values Kolada marks ``isdeleted``; by default they are skipped.
    strategy : Strategy, optional
        When given, every mapped indicator and unit must be in it.
    strict : bool
        Every mapping entry must occur in the data (a KPI id that occurs
        nowhere is most often a typo); False allows entries without data.
        With ``compare``, every comparison id must occur too.
    compare : str, dict or list, optional
        Comparison units to keep besides ``units``: the whole country
        (``"0000"``, or ``"riket"``), regions (``"0021"``), municipalities and
        groups, and peer groups, in any form of
        :func:`styrkort.comparison.parse_compare` (``"riket,jämförelsegrupp=
        0380+1880"``, ``{"0000": "Riket"}``, ``["0000", "2181"]``). Their rows
        are kept under their Kolada id (``unit`` ``"0000"``) even when
        ``units`` leaves them out; give the same ``compare`` to
        :func:`styrkort.comparison.split_comparison` or
        ``styrkort.report.build(compare=...)``, which take them off before the
        evaluation. A comparison id may not be in ``units`` nor be a unit of
        ``strategy``.

    Returns
    -------
    Measurements
        One row per KPI, area and year: ``period`` is the year ("2023");
        ``value`` is NaN where Kolada has null (a missing value, never a
        zero); ``note`` is "Källa: Kolada", followed by Kolada's status and,
        for groups, the number of municipalities. ``skipped`` on the result is
        a table (reason, id, rows) of the rows that were not imported.

    Raises
    ------
    MeasurementError
        For an unexpected shape or type (naming the file and the JSON path,
        e.g. ``$.values[3].values[0].value``), a malformed or unknown KPI id in
        the mapping, a mapped indicator or unit not in ``strategy``, missing
        pages, or two rows for one cell.

    Examples
    --------
    >>> m = read_kolada("kolada.json", {"N00945": "sick_days"},  # doctest: +SKIP
    ...                 units={"2180": "gavle", "0000": "sweden"})

    Gävle with the whole country and a peer group kept for comparison:

    >>> compare = "riket,jämförelsegrupp=0380+0580+1880"
    >>> m = read_kolada("kolada.json", {"N00945": "i1"}, units={"2180": "gavle"},  # doctest: +SKIP
    ...                 compare=compare)
    >>> results = styrkort.report.build(strategy, m, compare=compare)  # doctest: +SKIP
    """
    kpis = kpi_mapping(mapping, gender)
    areas = UnitMapping(units, check=_check_area, name="units")
    kpis.check_strategy(strategy)
    areas.check_strategy(strategy)
    kept = _comparison_ids(compare, areas, strategy)
    docs = _expand(paths)
    all_rows = [(source, _data_rows(doc, source)) for source, doc in docs]
    _check_pages(docs)
    mapped_kpis = {k for k, _ in kpis.targets}
    log = ImportLog()
    seen = set()
    seen_areas: Set[str] = set()
    rows: List[dict] = []
    places: List[str] = []
    for source, data in all_rows:
        for i, row in enumerate(data):
            kpi, area = row["kpi"], row["area"]
            seen_areas.add(area)
            for j, v in enumerate(row["values"]):
                key = (kpi, v["gender"])
                seen.add(key)
                target = kpis.get(key)
                if target is None:
                    if kpi in mapped_kpis:
                        log.skip(f"gender {v['gender']} not mapped", kpi)
                    else:
                        log.skip("KPI not in mapping", kpi)
                    continue
                if v.get("isdeleted", False) and not keep_deleted:
                    log.skip("deleted in Kolada (isdeleted)", kpi)
                    continue
                unit = areas.get(area)
                if unit is None and area in kept:
                    unit = area
                if unit is None:
                    log.skip("area not in units", area)
                    continue
                x = v["value"]
                note = CREDIT
                if v.get("status"):
                    note += f"; status: {v['status']}"
                if (v.get("count") or 0) > 1:
                    note += f"; antal: {v['count']}"
                rows.append(
                    {
                        "indicator": target.indicator,
                        "unit": unit,
                        "period": str(row["period"]),
                        "value": math.nan if x is None else float(x) * target.scale,
                        "note": note,
                    }
                )
                places.append(f"{source}: $.values[{i}].values[{j}]")
    if strict:
        names = docs[0][0] if len(docs) == 1 else f"the {len(docs)} Kolada responses"
        kpis.check_used(
            seen,
            names,
            "check the KPI id (and gender: not every KPI is divided by gender), or pass "
            "strict=False to allow a KPI without data",
        )
        absent = [a for a in kept if a not in seen_areas]
        if absent:
            raise MeasurementError(
                f"compare: {', '.join(absent)} {'does' if len(absent) == 1 else 'do'} not occur in {names} "
                f"(its areas are {', '.join(sorted(seen_areas)) or 'none'}); fetch them too "
                "(fetch_kolada(kpis, [own, *comparison ids])) or pass strict=False"
            )
    source = docs[0][0] if len(docs) == 1 else f"{docs[0][0]} and {len(docs) - 1} more"
    return finish(
        rows,
        places,
        log,
        f"Kolada: {source}",
        hint="the same page given twice, or two KPIs or areas mapped to one indicator or unit",
    )


# --- metadata ---------------------------------------------------------------------------------------------------

_META_ORDER = {
    "kpi": [
        "id",
        "title",
        "description",
        "operating_area",
        "perspective",
        "is_divided_by_gender",
        "municipality_type",
        "has_ou_data",
        "publication_date",
        "prel_publication_date",
        "ou_publication_date",
        "auspices",
    ],
    "municipality": ["id", "title", "type"],
    "ou": ["id", "municipality", "title"],
}
_META_BOOL = ("is_divided_by_gender", "has_ou_data")


def _meta_kind(row: dict) -> str:
    if "kpi" in row:
        return "data"
    if any(k in row for k in ("is_divided_by_gender", "operating_area", "municipality_type", "has_ou_data")):
        return "kpi"
    if "type" in row:
        return "municipality"
    if "municipality" in row:
        return "ou"
    return "unknown"


def read_kolada_metadata(paths: Sources) -> pd.DataFrame:
    """Read Kolada API v3 metadata responses: KPIs, municipalities or organisational units.

    Parameters
    ----------
    paths : path, folder, dict, or a list of them
        ``/v3/kpi``, ``/v3/municipality`` or ``/v3/ou`` responses (pages of
        one kind).

    Returns
    -------
    DataFrame
        One row per id. KPIs: ``id, title, description, operating_area,
        perspective, is_divided_by_gender, municipality_type, has_ou_data,
        publication_date, ...``; municipalities: ``id, title, type`` (K
        municipality, L region); organisational units: ``id, municipality,
        title``. Other keys follow as extra columns. ``frame.attrs["kolada"]``
        says which kind ("kpi", "municipality", "ou").

    Raises
    ------
    MeasurementError
        For an unexpected shape (naming the file and JSON path), data rows
        instead of metadata, several kinds mixed, or an id given twice.
    """
    records: List[dict] = []
    first: Dict[str, str] = {}
    kind: Optional[str] = None
    kind_at = ""
    for source, doc in _expand(paths):
        for i, row in enumerate(_response_values(doc, source)):
            at = f"{source}: $.values[{i}]"
            if not isinstance(row, dict):
                raise MeasurementError(f"{at}: expected an object, got {_type(row)}")
            k = _meta_kind(row)
            if k == "data":
                raise MeasurementError(
                    f"{at}: this is a data row (kpi, municipality, period); read data responses with read_kolada"
                )
            for key in ("id", "title"):
                if not isinstance(row.get(key), str) or not row[key].strip():
                    raise MeasurementError(f"{at}.{key}: expected a non-empty string, got {row.get(key)!r}")
            if k == "unknown":
                raise MeasurementError(
                    f"{at}: cannot tell the kind of metadata; expected a KPI (with "
                    "is_divided_by_gender, operating_area, ...), a municipality (with type) or "
                    "an organisational unit (with municipality)"
                )
            if kind is None:
                kind, kind_at = k, at
            elif k != kind:
                raise MeasurementError(
                    f"{at}: {k} metadata mixed with {kind} metadata (from {kind_at}); read each kind separately"
                )
            if row["id"] in first:
                raise MeasurementError(f"{at}.id: {row['id']!r} is given twice (first at {first[row['id']]})")
            first[row["id"]] = at
            rec = dict(row)
            for b in _META_BOOL:
                if b in rec and rec[b] is not None:
                    if rec[b] not in (0, 1, True, False):
                        raise MeasurementError(f"{at}.{b}: expected true/false (or 1/0), got {rec[b]!r}")
                    rec[b] = bool(rec[b])
            records.append(rec)
    if kind is None:
        raise MeasurementError(f"{_expand(paths)[0][0]}: no metadata rows")
    order = [c for c in _META_ORDER[kind]]
    extra = sorted({c for r in records for c in r} - set(order))
    frame = pd.DataFrame.from_records(records, columns=order + extra)
    for b in _META_BOOL:
        if b in frame.columns and frame[b].notna().all():
            frame[b] = frame[b].astype(bool)
    frame.attrs["kolada"] = kind
    return frame


# --- the live API -----------------------------------------------------------------------------------------------


def _check_url(url: Any, where: str) -> str:
    """Only Kolada's own HTTPS API may be followed: next_url comes from the
    network, and following it elsewhere would send requests wherever a
    response says."""
    if not isinstance(url, str):
        raise MeasurementError(f"{where}: expected a URL string, got {_type(url)}")
    # urlsplit drops tabs and line breaks (WHATWG), so "api.kol\tada.se" would
    # parse as Kolada's host: a URL with any space or control character is refused.
    if any(c.isspace() or not c.isprintable() for c in url):
        raise MeasurementError(f"{where}: {url!r} is not a {API}/ URL; refusing to follow it")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise MeasurementError(f"{where}: {url!r} is not a {API}/ URL; refusing to follow it") from None
    if (
        parts.scheme != "https"
        or parts.hostname != HOST
        or parts.username
        or parts.password
        or port not in (None, 443)
        or not parts.path.startswith("/v3/")
    ):
        raise MeasurementError(f"{where}: {url!r} is not a {API}/ URL; refusing to follow it")
    return url


class _KoladaOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        _check_url(newurl, f"redirect from {req.full_url}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


MAX_BYTES = 256 * 1024 * 1024  # far above a 5000-row page; stops a runaway response from filling memory
MAX_PAGES = 10000  # a server that never stops paging must not make a hang


def _urlopen(url: str, timeout: float) -> bytes:
    opener = urllib.request.build_opener(_KoladaOnlyRedirects)
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "styrkort"})
    with opener.open(request, timeout=timeout) as response:
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise MeasurementError(f"Kolada: GET {url}: the response is larger than {MAX_BYTES // 2**20} MB")
    return data


def _retry_after(error: urllib.error.HTTPError) -> Optional[float]:
    value = error.headers.get("Retry-After") if error.headers is not None else None
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _get(
    url: str,
    opener: Opener,
    timeout: float,
    retries: int,
    backoff: float,
    max_wait: float,
    sleep: Callable[[float], None],
) -> Any:
    last = ""
    for attempt in range(retries + 1):
        wait = backoff * 2**attempt
        try:
            body = opener(url, timeout)
        except urllib.error.HTTPError as e:
            if e.code != 429 and not 500 <= e.code < 600:
                raise MeasurementError(
                    f"Kolada: GET {url}: HTTP {e.code} {e.reason}; check the KPI, municipality and year ids"
                ) from None
            last = f"HTTP {e.code} {e.reason}"
            asked = _retry_after(e)
            if asked is not None:
                if asked > max_wait:
                    raise MeasurementError(
                        f"Kolada: GET {url}: {last}, and the server asks to wait {asked:.0f} s "
                        f"(more than max_wait={max_wait:g}); try again later"
                    ) from None
                wait = asked
        except (urllib.error.URLError, TimeoutError, socket.timeout, ConnectionError, http.client.HTTPException) as e:
            last = str(getattr(e, "reason", e)) or type(e).__name__
        else:
            try:
                text = body if isinstance(body, str) else bytes(body).decode("utf-8")
                return _parse(text, f"Kolada: GET {url}")
            except UnicodeDecodeError:
                raise MeasurementError(f"Kolada: GET {url}: the response is not UTF-8 text") from None
        if attempt < retries:
            sleep(wait)
    raise MeasurementError(
        f"Kolada: GET {url} failed after {retries + 1} attempts (last: {last}); try again later, or raise retries"
    )


def _batches(ids: Sequence[str], size: int = BATCH) -> List[List[str]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def _ids(values: Any, what: str, pattern: "re.Pattern[str]", example: str) -> List[str]:
    if isinstance(values, (str, int)):
        values = [values]
    out: List[str] = []
    for v in values:
        s = str(v) if isinstance(v, int) and not isinstance(v, bool) and what == "year" else v
        if not isinstance(s, str) or not pattern.match(s):
            raise ArgumentError(
                f"{what} {v!r}: expected an id like {example}"
                + (" (as text, with leading zeros)" if what == "municipality" else "")
            )
        if s not in out:
            out.append(s)
    if not out:
        raise ArgumentError(f"no {what} ids given")
    return out


def fetch_kolada(
    kpis: Union[str, Sequence[str]],
    municipalities: Union[str, Sequence[str]],
    years: Union[None, int, Sequence[int]] = None,
    *,
    out_dir: Optional[PathLike] = None,
    timeout: float = 30,
    retries: int = 4,
    backoff: float = 1.0,
    max_wait: float = 120,
    per_page: int = 5000,
    opener: Optional[Opener] = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: bool = True,
) -> Union[List[dict], List[Path]]:
    """Fetch data from the live Kolada API v3.

    Requests ``/v3/data/kpi/{kpis}/municipality/{municipalities}/year/{years}``
    with at most 25 ids of each kind per request (every combination of the
    batches), follows ``next_url`` pages (only to ``https://api.kolada.se``),
    and retries with exponential backoff on HTTP 429 and 5xx, timeouts and
    network errors, honouring ``Retry-After``.

    Parameters
    ----------
    kpis : str or list of str
        KPI ids, e.g. ``["N00945", "U00405"]``.
    municipalities : str or list of str
        Municipality ids as text: ``"2180"`` Gävle, ``"0000"`` Sweden, group
        ids ``"G..."``.
    years : int or list of int, optional
        Years; None asks for every year.
    out_dir : path, optional
        A folder to write the pages to (``kolada-001.json``, ...); it is
        created if needed, and existing files are never overwritten.
    timeout : float
        Seconds per request.
    retries : int
        Retries after the first attempt.
    backoff : float
        Seconds before the first retry, doubled at each next one.
    max_wait : float
        The longest ``Retry-After`` honoured; a longer one gives up.
    per_page : int
        Rows per page asked of the API.
    opener : callable, optional
        ``opener(url, timeout) -> bytes``, raising ``urllib.error.HTTPError``
        or ``URLError`` on failure; the default uses urllib. For tests and
        proxies.
    sleep : callable
        Waits between retries (``time.sleep``).
    progress : bool
        Show a tqdm progress bar when tqdm is installed.

    Returns
    -------
    list of dict, or list of Path
        The responses (one per page), ready for :func:`read_kolada`; with
        ``out_dir``, the files written.

    Raises
    ------
    ArgumentError
        For malformed ids, or an ``out_dir`` file that already exists.
    MeasurementError
        When the API fails after the retries, answers 4xx, sends an invalid
        response, or a ``next_url`` that leaves the Kolada API.
    """
    kpi_ids = _ids(kpis, "kpi", _KPI_ID, "'N00945'")
    area_ids = _ids(municipalities, "municipality", _AREA_ID, "'2180'")
    year_ids = None if years is None else _ids(years, "year", re.compile(r"^[0-9]{4}\Z"), "2023")
    for name, v, lo in (("timeout", timeout, 0.0), ("backoff", backoff, 0.0), ("max_wait", max_wait, 0.0)):
        if not isinstance(v, (int, float)) or not math.isfinite(v) or v < lo or (name == "timeout" and v == 0):
            raise ArgumentError(
                f"{name}={v!r}: expected a finite number of seconds" + (" > 0" if name == "timeout" else " >= 0")
            )
    for name, v, lo in (("retries", retries, 0), ("per_page", per_page, 1)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise ArgumentError(f"{name}={v!r}: expected a whole number >= {lo}")
    out = Path(out_dir) if out_dir is not None else None
    if out is not None and out.exists() and not out.is_dir():
        raise ArgumentError(f"{out}: is a file; out_dir must be a folder")
    get = opener if opener is not None else _urlopen
    urls = []
    for kb in _batches(kpi_ids):
        for ab in _batches(area_ids):
            for yb in [None] if year_ids is None else _batches(year_ids):
                path = f"{API}/data/kpi/{','.join(kb)}/municipality/{','.join(ab)}"
                if yb is not None:
                    path += f"/year/{','.join(yb)}"
                urls.append(f"{path}?per_page={per_page}")
    bar = progress_bar(len(urls), "Kolada", "page", progress)
    pages: List[dict] = []
    try:
        for first in urls:
            url: Optional[str] = first
            seen: Set[str] = set()
            while url:
                if url in seen:
                    raise MeasurementError(f"Kolada: GET {url}: next_url leads back to a page already read; stopping")
                if len(seen) >= MAX_PAGES:
                    raise MeasurementError(
                        f"Kolada: GET {url}: more than {MAX_PAGES} pages for one request; "
                        "stopping (ask for fewer ids or years per call)"
                    )
                seen.add(url)
                doc = _get(url, get, timeout, retries, backoff, max_wait, sleep)
                _data_rows(doc, f"Kolada: GET {url}")
                pages.append(doc)
                nxt = doc.get("next_url")
                if nxt:
                    url = _check_url(nxt, f"Kolada: GET {url}: $.next_url")
                    if bar is not None:
                        bar.total += 1
                else:
                    url = None
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    if out is None:
        return pages
    names = [out / f"kolada-{k + 1:03d}.json" for k in range(len(pages))]
    for p in names:
        if p.exists():
            raise ArgumentError(f"{p}: already exists; choose an empty out_dir (files are never overwritten)")
    out.mkdir(parents=True, exist_ok=True)
    for p, doc in zip(names, pages):
        # whole or not at all, and never over a file written meanwhile
        write_atomic(p, json.dumps(doc, ensure_ascii=False, indent=1) + "\n", overwrite=False)
    return names
