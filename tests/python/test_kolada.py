"""Kolada API v3 import: fixture responses to measurements, metadata, and the
live fetch with batching, paging and retry (through a fake opener: no network)."""

import json
import math
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import small_strategy

import styrkort as sk
from styrkort.kolada import CREDIT, _KoladaOnlyRedirects, fetch_kolada, read_kolada, read_kolada_metadata

DATA = Path(__file__).resolve().parents[1] / "data" / "kolada"
SINGLE = DATA / "single.json"
PAGES = [DATA / "page-1.json", DATA / "page-2.json"]
UNITS = {"2180": "gavle", "0000": "sverige", "0180": "stockholm", "G124026": "grupp"}


def frame(rows, note=True):
    cols = ["indicator", "unit", "period", "value"] + (["note"] if note else [])
    df = pd.DataFrame(rows, columns=cols)
    df["value"] = df["value"].astype("float64")
    return df


def skipped(m):
    return {(r.reason, r.id): r.rows for r in m.skipped.itertuples()}


# --- reading responses ---------------------------------------------------------------------------------------------


def test_single_response_total_gender_exact_table():
    m = read_kolada(SINGLE, {"N00945": "i1"}, units=UNITS)
    expected = frame(
        [
            ("i1", "gavle", "2022", 41.2, CREDIT),
            ("i1", "gavle", "2023", 44.8, CREDIT),
            ("i1", "sverige", "2023", 47.5, CREDIT),
            ("i1", "stockholm", "2023", np.nan, CREDIT + "; status: Missing"),  # null stays missing, never 0
            ("i1", "grupp", "2023", 45.1, CREDIT + "; antal: 26"),
        ]
    )
    pd.testing.assert_frame_equal(m.frame, expected, check_dtype=False)
    assert skipped(m) == {
        ("KPI not in mapping", "U00405"): 1,
        ("gender K not mapped", "N00945"): 4,
        ("gender M not mapped", "N00945"): 4,
    }
    assert m.source == f"Kolada: {SINGLE}"


def test_gender_women_selected_and_group_without_gender_skipped():
    m = read_kolada(SINGLE, {"N00945": "i1"}, units=UNITS, gender="K")
    assert m.frame["unit"].tolist() == ["gavle", "gavle", "sverige", "stockholm"]
    assert m.frame["value"].tolist()[:3] == [43.0, 46.1, 48.9] and math.isnan(m.frame["value"].iloc[3])
    assert len(m) == 4  # the group has only a total
    assert skipped(m)[("gender T not mapped", "N00945")] == 5


def test_genders_into_separate_indicators_by_tuple_keys():
    m = read_kolada(SINGLE, {("N00945", "K"): "women", ("N00945", "M"): "men"}, units={"2180": "gavle"})
    got = {(r.indicator, r.period): r.value for r in m.frame.itertuples()}
    assert got == {("women", "2022"): 43.0, ("men", "2022"): 39.5, ("women", "2023"): 46.1, ("men", "2023"): 43.4}


def test_mapping_as_dataframe_with_gender_and_scale():
    mapping = pd.DataFrame(
        {"kpi": ["N00945", "N00945"], "gender": ["T", "K"], "indicator": ["share", "share_k"], "scale": [0.01, None]}
    )
    m = read_kolada(SINGLE, mapping, units={"2180": "gavle"})
    got = {(r.indicator, r.period): round(r.value, 9) for r in m.frame.itertuples()}
    assert got == {
        ("share", "2022"): 0.412,
        ("share", "2023"): 0.448,
        ("share_k", "2022"): 43.0,
        ("share_k", "2023"): 46.1,
    }


def test_scale_in_dict_value():
    m = read_kolada(SINGLE, {"N00945": {"indicator": "i1", "scale": 10}}, units={"0000": "sverige"})
    assert m.frame["value"].tolist() == [475.0]


def test_isdeleted_dropped_unless_asked():
    m = read_kolada(SINGLE, {"U00405": "i9"})
    assert len(m) == 0
    assert skipped(m)[("deleted in Kolada (isdeleted)", "U00405")] == 1
    kept = read_kolada(SINGLE, {"U00405": "i9"}, keep_deleted=True)
    pd.testing.assert_frame_equal(kept.frame, frame([("i9", "2180", "2023", 12.0, CREDIT)]), check_dtype=False)


def test_without_units_the_kolada_ids_are_the_units_including_country_and_group():
    m = read_kolada(SINGLE, {"N00945": "i1"})
    assert m.frame["unit"].tolist() == ["2180", "2180", "0000", "0180", "G124026"]


def test_areas_left_out_of_units_are_skipped_and_counted():
    m = read_kolada(SINGLE, {"N00945": "i1"}, units={"2180": "gavle"})
    assert m.frame["unit"].tolist() == ["gavle", "gavle"]
    s = skipped(m)
    assert (
        s[("area not in units", "0000")],
        s[("area not in units", "0180")],
        s[("area not in units", "G124026")],
    ) == (1, 1, 1)


def test_units_as_dataframe():
    units = pd.DataFrame({"kolada": ["2180", "0000"], "unit": ["gavle", "sverige"]})
    m = read_kolada(SINGLE, {"N00945": "i1"}, units=units)
    assert m.frame["unit"].tolist() == ["gavle", "gavle", "sverige"]


def test_every_note_carries_the_credit():
    m = read_kolada(PAGES, {"N00945": "i1", "N01951": "pop"})
    assert len(m) == 6 and m.frame["note"].str.startswith("Källa: Kolada").all()


def test_two_pages_in_any_order_folder_or_parsed():
    expected = frame(
        [
            ("i1", "1480", "2022", 52.3, CREDIT),
            ("i1", "1480", "2023", 55.0, CREDIT),
            ("i1", "2180", "2022", 41.2, CREDIT),
            ("i1", "2180", "2023", 44.8, CREDIT),
        ]
    )
    pd.testing.assert_frame_equal(read_kolada(PAGES, {"N00945": "i1"}).frame, expected, check_dtype=False)
    back = read_kolada(PAGES[::-1], {"N00945": "i1"}).frame
    pd.testing.assert_frame_equal(
        back.sort_values(["unit", "period"]).reset_index(drop=True), expected, check_dtype=False
    )
    parsed = [json.loads(p.read_text(encoding="utf-8")) for p in PAGES]
    pd.testing.assert_frame_equal(read_kolada(parsed, {"N00945": "i1"}).frame, expected, check_dtype=False)
    assert parsed == [json.loads(p.read_text(encoding="utf-8")) for p in PAGES]  # the caller's dicts unchanged


def test_folder_of_pages(tmp_path):
    for p in PAGES:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    m = read_kolada(tmp_path, {"N01951": "pop"}, units={"2180": "gavle"})
    assert m.frame["value"].tolist() == [102244.0]


def test_a_missing_page_is_an_error_not_silently_less_data():
    with pytest.raises(sk.MeasurementError, match=r"page-1\.json: the response has more pages.*page 2 .*missing"):
        read_kolada(PAGES[0], {"N00945": "i1"})
    with pytest.raises(sk.MeasurementError, match=r"page-2\.json: .*page 1 of this query is missing"):
        read_kolada(PAGES[1], {"N00945": "i1"})


def test_a_page_given_twice():
    with pytest.raises(sk.MeasurementError, match=r"page-1\.json: is page 1 of the same query as .*page-1\.json"):
        read_kolada([PAGES[0], PAGES[0], PAGES[1]], {"N00945": "i1"})


def test_the_same_cell_twice_names_both_places():
    with pytest.raises(sk.MeasurementError) as e:
        read_kolada([SINGLE, SINGLE], {"N00945": "i1"})
    msg = str(e.value)
    assert "single.json: $.values[0].values[2]: indicator 'i1', unit '2180', period '2022'" in msg
    assert "already given at" in msg and "the same page given twice" in msg


def test_organisational_unit_rows():
    doc = {
        "values": [
            {
                "kpi": "U00405",
                "ou": "V15E218000101",
                "period": 2023,
                "values": [{"gender": "T", "count": 1, "status": "", "value": 81.5, "isdeleted": False}],
            }
        ]
    }
    m = read_kolada(doc, {"U00405": "i1"}, units={"V15E218000101": "skola"})
    pd.testing.assert_frame_equal(m.frame, frame([("i1", "skola", "2023", 81.5, CREDIT)]), check_dtype=False)


# --- the mapping: issue 4 point 9 ---------------------------------------------------------------------------------


def test_a_kpi_id_that_occurs_nowhere_is_an_error():
    with pytest.raises(sk.MeasurementError) as e:
        read_kolada(SINGLE, {"N00945": "i1", "N00946": "i2"})
    msg = str(e.value)
    assert "mapping['N00946']: kpi 'N00946' gender 'T' (mapped to 'i2') does not occur in" in msg
    assert "single.json" in msg and "strict=False" in msg
    assert len(read_kolada(SINGLE, {"N00945": "i1", "N00946": "i2"}, strict=False)) == 5


def test_a_gender_the_kpi_does_not_have_is_an_error():
    with pytest.raises(sk.MeasurementError, match=r"mapping\[\('U00405', 'K'\)\]: kpi 'U00405' gender 'K'"):
        read_kolada(SINGLE, {("U00405", "K"): "i1"})


@pytest.mark.parametrize("kpi", ["N945", "n00945", "N009450", " "])
def test_a_malformed_kpi_id_in_the_mapping(kpi):
    with pytest.raises(sk.MeasurementError, match=rf"mapping\[{kpi!r}\]"):
        read_kolada(SINGLE, {kpi: "i1"})


def test_unknown_kpi_message():
    with pytest.raises(sk.MeasurementError, match=r"unknown KPI id 'N945'; Kolada KPI ids are a capital letter"):
        read_kolada(SINGLE, {"N945": "i1"})


def test_mapping_row_twice_in_a_dataframe():
    mapping = pd.DataFrame({"kpi": ["N00945", "N00945"], "indicator": ["i1", "i2"]})
    with pytest.raises(
        sk.MeasurementError,
        match=r"mapping, row 1: kpi 'N00945' gender 'T' is mapped twice "
        r"\(first at mapping, row 0\)",
    ):
        read_kolada(SINGLE, mapping)


def test_mapping_dataframe_missing_indicator_column():
    with pytest.raises(sk.MeasurementError, match="mapping: missing column 'indicator'"):
        read_kolada(SINGLE, pd.DataFrame({"kpi": ["N00945"], "target": ["i1"]}))


def test_municipality_ids_must_be_text():
    with pytest.raises(sk.MeasurementError, match=r"units\[2180\]: source id 2180 must be text.*'0180'"):
        read_kolada(SINGLE, {"N00945": "i1"}, units={2180: "gavle"})


def test_bad_gender_argument():
    with pytest.raises(sk.ArgumentError, match="gender 'W'"):
        read_kolada(SINGLE, {"N00945": "i1"}, gender="W")


def test_mapping_checked_against_the_strategy():
    s = sk.Strategy.from_dict(small_strategy())
    with pytest.raises(
        sk.MeasurementError,
        match=r"mapping\['N00945'\]: kpi 'N00945' gender 'T' maps to indicator "
        r"'i9', which is not in the strategy; .*i1, i2, i3",
    ):
        read_kolada(SINGLE, {"N00945": "i9"}, strategy=s)
    with pytest.raises(sk.MeasurementError, match="'g1', which is a goal node, not an indicator"):
        read_kolada(SINGLE, {"N00945": "g1"}, strategy=s)
    with pytest.raises(
        sk.MeasurementError,
        match=r"units\['2180'\]: '2180' maps to unit 'gavle', which is not in "
        r"the strategy",
    ):
        read_kolada(SINGLE, {"N00945": "i1"}, units={"2180": "gavle"}, strategy=s)


# --- bad files ------------------------------------------------------------------------------------------------------


def test_fixture_bad_files():
    with pytest.raises(sk.MeasurementError, match=r"bad-shape\.json: \$: expected a JSON object with a 'values' list"):
        read_kolada(DATA / "bad-shape.json", {"N00945": "i1"})
    with pytest.raises(
        sk.MeasurementError,
        match=r"bad-types\.json: \$\.values\[1\]\.values\[0\]\.value: expected a "
        r"number or null, got '44,8' \(string\)",
    ):
        read_kolada(DATA / "bad-types.json", {"N00945": "i1"})
    with pytest.raises(sk.MeasurementError, match=r"bad-json\.json: line 4, column 60: malformed JSON"):
        read_kolada(DATA / "bad-json.json", {"N00945": "i1"})


ROW = {
    "kpi": "N00945",
    "municipality": "2180",
    "period": 2023,
    "values": [{"gender": "T", "count": 1, "status": "", "value": 1.5, "isdeleted": False}],
}


def with_row(**change):
    row = json.loads(json.dumps(ROW))
    for k, v in change.items():
        if k.startswith("v_"):
            row["values"][0][k[2:]] = v
        elif v is None:
            del row[k]
        else:
            row[k] = v
    return json.dumps({"values": [ROW, row], "count": 2})


BAD = {
    "no values key": ('{"count": 0}', r"\$: missing key 'values'"),
    "values not a list": ('{"values": {}}', r"\$\.values: expected an array, got object"),
    "negative count": ('{"values": [], "count": -1}', r"\$\.count: expected a whole number >= 0"),
    "next_url a number": ('{"values": [], "next_url": 3}', r"\$\.next_url: expected a URL string or null"),
    "row not an object": ('{"values": [3]}', r"\$\.values\[0\]: expected an object, got number"),
    "kpi missing": (with_row(kpi=None), r"\$\.values\[1\]: missing key 'kpi'"),
    "kpi malformed": (with_row(kpi="X1"), r"\$\.values\[1\]\.kpi: expected a KPI id like 'N00945', got 'X1'"),
    "municipality a number": (with_row(municipality=2180), r"\$\.values\[1\]\.municipality: expected an id string"),
    "both municipality and ou": (
        with_row(ou="V15E218000101"),
        r"\$\.values\[1\]: expected exactly one of "
        r"'municipality' and 'ou', got municipality and ou",
    ),
    "period not a year": (with_row(period="2023a"), r"\$\.values\[1\]\.period: expected a year like 2023"),
    "period a boolean": (with_row(period=True), r"\$\.values\[1\]\.period"),
    "row values not a list": (with_row(values={}), r"\$\.values\[1\]\.values: expected an array of values by gender"),
    "gender unknown": (with_row(v_gender="X"), r"\$\.values\[1\]\.values\[0\]\.gender: expected 'T' \(total\)"),
    "value missing": (
        with_row(v_value=None).replace('"value": null', '"nothing": null'),
        r"\$\.values\[1\]\.values\[0\]: missing key 'value'",
    ),
    "value a boolean": (with_row(v_value=True), r"\$\.values\[1\]\.values\[0\]\.value: expected a number or null"),
    "isdeleted not a boolean": (
        with_row(v_isdeleted="no"),
        r"\$\.values\[1\]\.values\[0\]\.isdeleted: expected "
        r"true or false",
    ),
    "count not whole": (with_row(v_count=1.5), r"\$\.values\[1\]\.values\[0\]\.count: expected a whole number"),
    "status not text": (with_row(v_status=3), r"\$\.values\[1\]\.values\[0\]\.status: expected a string"),
    "NaN literal": (
        '{"values": [{"kpi": "N00945", "municipality": "2180", "period": 2023, "values": '
        '[{"gender": "T", "value": NaN}]}]}',
        r"NaN is not valid JSON; write null",
    ),
    "empty file": ("  \n", r"r\.json: empty; expected a Kolada API v3 response"),
    "metadata given as data": (
        json.dumps({"values": [{"id": "N00945", "title": "x"}]}),
        r"\$\.values\[0\]: this is a metadata row .* read_kolada_metadata",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_response(case, tmp_path):
    text, pattern = BAD[case]
    p = tmp_path / "r.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(sk.MeasurementError, match=r"r\.json(: |, )" if case != "empty file" else "r.json") as e:
        read_kolada(p, {"N00945": "i1"})
    assert e.match(pattern)


def test_invalid_utf8_and_missing_file(tmp_path):
    p = tmp_path / "latin1.json"
    p.write_bytes('{"values": [], "x": "Gävle"}'.encode("latin-1"))
    with pytest.raises(sk.MeasurementError, match=r"latin1\.json: line 1, column 23: invalid UTF-8"):
        read_kolada(p, {"N00945": "i1"})
    with pytest.raises(sk.MeasurementError, match=r"nowhere\.json: no such file"):
        read_kolada(tmp_path / "nowhere.json", {"N00945": "i1"})
    (tmp_path / "empty").mkdir()
    with pytest.raises(sk.MeasurementError, match=r"empty: the folder has no \.json files"):
        read_kolada(tmp_path / "empty", {"N00945": "i1"})


# --- metadata -------------------------------------------------------------------------------------------------------


def test_kpi_metadata():
    meta = read_kolada_metadata(DATA / "kpi.json")
    assert meta.attrs["kolada"] == "kpi"
    assert list(meta.columns[:8]) == [
        "id",
        "title",
        "description",
        "operating_area",
        "perspective",
        "is_divided_by_gender",
        "municipality_type",
        "has_ou_data",
    ]
    assert meta["id"].tolist() == ["N00945", "N01951", "U00405"]
    assert meta["is_divided_by_gender"].tolist() == [True, True, False]
    assert meta["is_divided_by_gender"].dtype == bool and meta["has_ou_data"].tolist() == [False, False, True]
    assert meta.loc[1, "title"] == "Invånare totalt, antal"


def test_municipality_metadata_keeps_leading_zeros():
    meta = read_kolada_metadata(DATA / "municipality.json")
    assert meta.attrs["kolada"] == "municipality"
    assert list(meta.columns) == ["id", "title", "type"]
    assert meta.set_index("id")["title"].to_dict() == {
        "0000": "Riket",
        "0180": "Stockholm",
        "1480": "Göteborg",
        "2180": "Gävle",
        "0021": "Region Gävleborg",
    }


def test_bad_metadata():
    with pytest.raises(sk.MeasurementError, match=r"single\.json: \$\.values\[0\]: this is a data row"):
        read_kolada_metadata(SINGLE)
    with pytest.raises(
        sk.MeasurementError,
        match=r"response 2: \$\.values\[0\]: municipality metadata mixed with "
        r"kpi metadata",
    ):
        read_kolada_metadata([DATA / "kpi.json", {"values": [{"id": "2180", "title": "Gävle", "type": "K"}]}])
    with pytest.raises(sk.MeasurementError, match=r"response 1: \$\.values\[1\]\.id: '2180' is given twice"):
        read_kolada_metadata({"values": [{"id": "2180", "title": "Gävle", "type": "K"}] * 2})
    with pytest.raises(sk.MeasurementError, match=r"\$\.values\[0\]\.title: expected a non-empty string"):
        read_kolada_metadata({"values": [{"id": "2180", "type": "K"}]})
    with pytest.raises(sk.MeasurementError, match=r"\$\.values\[0\]\.is_divided_by_gender: expected true/false"):
        read_kolada_metadata({"values": [{"id": "N00945", "title": "x", "is_divided_by_gender": "ja"}]})


# --- fetching (a fake opener: the tests never touch the network) ------------------------------------------------


def response(rows=(), next_url=None, previous_url=None):
    return json.dumps(
        {"values": list(rows), "count": len(rows), "next_url": next_url, "previous_url": previous_url}
    ).encode("utf-8")


class FakeAPI:
    """Records the URLs asked for; answers from a list of outcomes (bytes, or an exception to raise)."""

    def __init__(self, *outcomes, default=None):
        self.outcomes = list(outcomes)
        self.default = default if default is not None else response()
        self.urls = []

    def __call__(self, url, timeout):
        self.urls.append(url)
        out = self.outcomes.pop(0) if self.outcomes else self.default
        if isinstance(out, Exception):
            raise out
        return out


def http_error(code, retry_after=None):
    headers = Message()
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return urllib.error.HTTPError(
        "https://api.kolada.se/v3/x",
        code,
        {429: "Too Many Requests", 503: "Service Unavailable", 404: "Not Found"}.get(code, "Error"),
        headers,
        None,
    )


def test_batching_60_kpis_is_3_requests_of_at_most_25():
    kpis = [f"N{k:05d}" for k in range(60)]
    api = FakeAPI()
    pages = fetch_kolada(kpis, ["2180", "0000"], [2022, 2023], opener=api, progress=False)
    assert len(api.urls) == 3 and len(pages) == 3
    sent = [u.split("/kpi/")[1].split("/")[0].split(",") for u in api.urls]
    assert [len(s) for s in sent] == [25, 25, 10] and sum(sent, []) == kpis
    assert api.urls[2] == (
        "https://api.kolada.se/v3/data/kpi/"
        + ",".join(kpis[50:])
        + "/municipality/2180,0000/year/2022,2023?per_page=5000"
    )


def test_batching_municipalities_and_kpis_together():
    api = FakeAPI()
    fetch_kolada([f"N{k:05d}" for k in range(30)], [f"{k:04d}" for k in range(30)], None, opener=api, progress=False)
    assert len(api.urls) == 4  # 2 KPI batches x 2 municipality batches
    assert all("/year/" not in u for u in api.urls)
    assert max(len(u.split("/municipality/")[1].split("?")[0].split(",")) for u in api.urls) == 25


def test_paging_follows_next_url_and_reads_back():
    row = json.loads((DATA / "page-2.json").read_text(encoding="utf-8"))["values"][0]
    nxt = "https://api.kolada.se/v3/data/kpi/N00945/municipality/2180/year/2023?page=2&per_page=5000"
    first = "https://api.kolada.se/v3/data/kpi/N00945/municipality/2180/year/2023?per_page=5000"
    api = FakeAPI(response([row], next_url=nxt), response([], previous_url=first))
    pages = fetch_kolada("N00945", "2180", 2023, opener=api, progress=False)
    assert api.urls == ["https://api.kolada.se/v3/data/kpi/N00945/municipality/2180/year/2023?per_page=5000", nxt]
    m = read_kolada(pages, {"N00945": "i1"})
    assert m.frame["value"].tolist() == [44.8]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/v3/data?page=2",
        "http://api.kolada.se/v3/data?page=2",
        "https://api.kolada.se.evil.example/v3/data",
        "https://user@api.kolada.se/v3/data",
        "https://api.kolada.se:8443/v3/data",
        "file:///etc/passwd",
        "https://api.kolada.se/admin",
    ],
)
def test_next_url_off_the_kolada_api_is_refused(url):
    api = FakeAPI(response([], next_url=url))
    with pytest.raises(
        sk.MeasurementError,
        match=r"\$\.next_url: .* is not a https://api\.kolada\.se/v3/ URL; "
        "refusing to follow it",
    ):
        fetch_kolada("N00945", "2180", 2023, opener=api, progress=False)
    assert len(api.urls) == 1


def test_redirects_off_the_kolada_api_are_refused():
    req = urllib.request.Request("https://api.kolada.se/v3/data/kpi/N00945")
    with pytest.raises(sk.MeasurementError, match="redirect from https://api.kolada.se/v3/data/kpi/N00945"):
        _KoladaOnlyRedirects().redirect_request(req, None, 302, "Found", Message(), "https://evil.example/")


def test_next_url_loop_stops():
    first = "https://api.kolada.se/v3/data/kpi/N00945/municipality/2180/year/2023?per_page=5000"
    api = FakeAPI(default=response([], next_url=first))
    with pytest.raises(sk.MeasurementError, match="leads back to a page already read"):
        fetch_kolada("N00945", "2180", 2023, opener=api, progress=False)
    assert len(api.urls) == 1


def test_retry_with_exponential_backoff_then_success():
    waits = []
    api = FakeAPI(http_error(503), urllib.error.URLError("connection reset"), TimeoutError("timed out"), response())
    pages = fetch_kolada("N00945", "2180", 2023, opener=api, sleep=waits.append, backoff=0.5, progress=False)
    assert len(pages) == 1 and len(api.urls) == 4
    assert waits == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured():
    waits = []
    api = FakeAPI(http_error(429, retry_after=7), response())
    fetch_kolada("N00945", "2180", 2023, opener=api, sleep=waits.append, progress=False)
    assert waits == [7.0]


def test_retry_after_longer_than_max_wait_gives_up():
    api = FakeAPI(http_error(429, retry_after=3600))
    with pytest.raises(sk.MeasurementError, match="HTTP 429 Too Many Requests, and the server asks to wait 3600 s"):
        fetch_kolada("N00945", "2180", 2023, opener=api, sleep=lambda s: None, progress=False)


def test_gives_up_after_the_retries():
    waits = []
    api = FakeAPI(default=b"")
    api.outcomes = [http_error(503)] * 3
    with pytest.raises(sk.MeasurementError, match=r"failed after 3 attempts \(last: HTTP 503 Service Unavailable\)"):
        fetch_kolada("N00945", "2180", 2023, opener=api, retries=2, sleep=waits.append, progress=False)
    assert len(api.urls) == 3 and waits == [1.0, 2.0]


def test_client_errors_are_not_retried():
    api = FakeAPI(http_error(404))
    with pytest.raises(
        sk.MeasurementError,
        match=r"GET https://api\.kolada\.se/v3/data/kpi/N00945/.*: HTTP 404 Not "
        r"Found; check the KPI",
    ):
        fetch_kolada("N00945", "2180", 2023, opener=api, sleep=lambda s: None, progress=False)
    assert len(api.urls) == 1


def test_an_invalid_api_response_names_the_url():
    api = FakeAPI(b'[{"kpi": "N00945"}]')
    with pytest.raises(
        sk.MeasurementError,
        match=r"Kolada: GET https://api\.kolada\.se/v3/data/kpi/N00945/"
        r"municipality/2180/year/2023\?per_page=5000: \$: expected a JSON "
        "object",
    ):
        fetch_kolada("N00945", "2180", 2023, opener=api, progress=False)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"kpis": "n00945"}, "kpi 'n00945': expected an id like 'N00945'"),
        ({"municipalities": [2180]}, r"municipality 2180: expected an id like '2180' \(as text, with leading zeros\)"),
        ({"municipalities": ["21/80"]}, "municipality '21/80'"),
        ({"years": ["20x3"]}, "year '20x3'"),
        ({"kpis": []}, "no kpi ids given"),
        ({"retries": -1}, "retries=-1"),
        ({"timeout": 0}, "timeout=0"),
    ],
)
def test_bad_fetch_arguments(kwargs, pattern):
    args = {"kpis": "N00945", "municipalities": "2180", "years": 2023, **kwargs}
    api = FakeAPI()
    with pytest.raises(sk.ArgumentError, match=pattern):
        fetch_kolada(opener=api, progress=False, **args)
    assert api.urls == []


def test_out_dir_written_and_never_overwritten(tmp_path):
    row = json.loads(SINGLE.read_text(encoding="utf-8"))["values"][0]
    nxt = "https://api.kolada.se/v3/data/kpi/N00945/municipality/2180/year/2022?page=2&per_page=1"
    api = FakeAPI(response([row], next_url=nxt), response([], previous_url=nxt.replace("page=2", "page=1")))
    out = tmp_path / "kolada"
    files = fetch_kolada("N00945", "2180", 2022, opener=api, out_dir=out, progress=False)
    assert [f.name for f in files] == ["kolada-001.json", "kolada-002.json"]
    before = [f.read_bytes() for f in files]
    m = read_kolada(out, {"N00945": "i1"})
    assert m.frame["value"].tolist() == [41.2]
    with pytest.raises(sk.ArgumentError, match=r"kolada-001\.json: already exists"):
        fetch_kolada("N00945", "2180", 2022, opener=FakeAPI(), out_dir=out, progress=False)
    assert [f.read_bytes() for f in files] == before


def test_progress_bar_runs(monkeypatch):
    import sys
    import types

    bars = []

    class Bar:
        def __init__(self, total, desc, unit, delay, leave):
            self.total, self.desc, self.n, self.closed = total, desc, 0, False
            bars.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            self.closed = True

    monkeypatch.setitem(sys.modules, "tqdm.auto", types.SimpleNamespace(tqdm=Bar))
    api = FakeAPI()
    fetch_kolada([f"N{k:05d}" for k in range(30)], "2180", 2023, opener=api, progress=True)
    assert len(api.urls) == 2
    (bar,) = bars
    assert bar.desc == "Kolada" and bar.n == bar.total == 2 and bar.closed


# --- end to end ----------------------------------------------------------------------------------------------------


def test_kolada_pages_to_evaluation():
    """N00945 -> i1 (bounded 0..100, mean over units); N01951 scaled by 1e-4 -> i2 (lower is better, bounded
    worst 50 .. best 0, max over units)."""
    strategy = sk.Strategy.from_dict(small_strategy())
    mapping = pd.DataFrame({"kpi": ["N00945", "N01951"], "indicator": ["i1", "i2"], "scale": [1, 1e-4]})
    m = read_kolada(PAGES, mapping, units={"2180": "a", "1480": "b"}, strategy=strategy)
    t = sk.evaluate(strategy, m).table().set_index(["unit", "node", "period"])
    assert t.loc[("a", "i1", "2023"), "score"] == pytest.approx(44.8)
    assert t.loc[("kommun", "i1", "2023"), "score"] == pytest.approx((44.8 + 55.0) / 2)
    i2_a = 100 * (10.2244 - 50) / (0 - 50)
    assert t.loc[("a", "i2", "2023"), "score"] == pytest.approx(i2_a)
    assert t.loc[("b", "i2", "2023"), "score"] == pytest.approx(0.0)  # 59.7146 is past the worst bound: capped
    assert t.loc[("a", "g1", "2023"), "score"] == pytest.approx((44.8 + i2_a) / 2)
    assert t.loc[("a", "g1", "2022"), "score"] == pytest.approx(41.2)  # i2 has no 2022 value: weights re-spread
