"""Tests of the export formats: each output is parsed back and compared with the events."""

from __future__ import annotations

import csv
import io
import json
from functools import partial

import pyarrow.parquet as pq
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwire.export import (
    ACLED_COLUMNS, COLUMNS, CONTESTED_TAG, FORMATS, _regions, acled_region, disorder_type, event_feature, feature_collection,
    iso_numeric, write_events,
)
from frontwire.models import EVENT_FIELDS, EXTRA_FIELDS, Attribution, Event, Source

from factories import make_event

NOW = 1_700_000_000
ACLED_REGIONS = {
    "Middle East", "Northern Africa", "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa",
    "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "North America",
    "Central America", "Caribbean", "South America", "Oceania", "Antarctica",
}


def cite(article_id: str = "a1.txt", outlet: str | None = "Reuters", sentence: str = "Fighting went on.",
         start: int = 0) -> Source:
    """The evidence of one report by `outlet`."""
    return Source(article_id, outlet, f"https://example.org/{article_id}", "2016-12-05", sentence, start,
                  start + len(sentence))


# A Battles event in Mosul whose notes are not ASCII; keyword arguments override any field.
export_event = partial(make_event, notes="On 4 December 2016, Iraqi forces clashed with IS in Mosul, « Ninawa ».",
                       sources=(cite(),))


EVENTS = [
    export_event("e1", sources=(cite(), cite("a2.txt", "AP"), cite("a3.txt", "Reuters"))),
    export_event("e2", event_date=None, latitude=None, longitude=None, location=None, country=None, iso3=None,
                 civilian_targeting=True, event_type="Violence against civilians", sub_event_type="Attack",
                 inter1=None, interaction=None, sources=()),
    export_event("e3", country="Kosovo", iso3="XKX", notes='Notes with "quotes", commas\nand a newline.'),
    # Two reports blame different actors: neither is actor1, both are kept with their sources.
    export_event("e4", actor1=None, inter1=None, interaction=None, contested=True,
                 sources=(cite(), cite("a2.txt", "AP")),
                 attributions=(Attribution("Islamic State", 2, (cite(),)),
                               Attribution("Military Forces of Iraq (2014-)", 1, (cite("a2.txt", "AP"),)))),
]


def export(events, fmt: str) -> tuple[int, bytes]:
    out = io.BytesIO()
    count = write_events(events, fmt, out, now=NOW)
    return count, out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("events", [[], EVENTS], ids=["empty", "three"])
def test_export_counts_and_accepts_generators(fmt: str, events: list[Event]):
    count, data = export((e for e in events), fmt)
    assert count == len(events)
    assert data or fmt == "jsonl"


def test_export_unknown_format():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        write_events(EVENTS, "xml", io.BytesIO())


def test_export_jsonl():
    _, data = export(EVENTS, "jsonl")
    assert "« Ninawa »".encode() in data  # UTF-8, not \u escapes
    lines = data.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [e.to_dict() for e in EVENTS]
    assert list(json.loads(lines[0])) == list(EVENT_FIELDS + EXTRA_FIELDS)
    contested = json.loads(lines[3])
    assert contested["contested"] is True and contested["actor1"] is None
    assert [(a["actor"], a["sources"][0]["source"]) for a in contested["attributions"]] == [
        ("Islamic State", "Reuters"), ("Military Forces of Iraq (2014-)", "AP")]


def test_export_csv():
    _, data = export(EVENTS, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert list(rows[0]) == list(COLUMNS) and COLUMNS[:len(EVENT_FIELDS)] == EVENT_FIELDS
    assert [r["event_id"] for r in rows] == ["e1", "e2", "e3", "e4"]
    assert (rows[0]["contested"], rows[3]["contested"]) == ("false", "true")
    assert json.loads(rows[3]["attributions"]) == EVENTS[3].to_dict()["attributions"]
    assert json.loads(rows[0]["sources"]) == EVENTS[0].to_dict()["sources"]
    assert rows[1]["latitude"] == "" and rows[1]["civilian_targeting"] == "true"
    assert rows[2]["notes"] == EVENTS[2].notes
    assert float(rows[0]["latitude"]) == 36.335 and int(rows[0]["fatalities"]) == 3


def test_export_acled_csv():
    _, data = export(EVENTS, "acled-csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == ACLED_COLUMNS
    first, second, third, contested = rows
    assert (first["tags"], contested["tags"]) == ("", CONTESTED_TAG)
    assert contested["actor1"] == "" and "Islamic State" not in contested["actor1"]
    assert first["event_id_cnty"] == "e1" and first["event_date"] == "2016-12-04" and first["year"] == "2016"
    assert (first["iso"], first["region"], first["country"]) == ("368", "Middle East", "Iraq")
    assert first["disorder_type"] == "Political violence"
    assert first["source"] == "Reuters; AP"
    assert first["civilian_targeting"] == "" and first["timestamp"] == str(NOW)
    assert (first["inter1"], first["interaction"], first["admin3"]) == ("1", "12", "")
    assert second["civilian_targeting"] == "Civilian targeting"
    assert (second["year"], second["iso"], second["region"], second["latitude"]) == ("", "", "", "")
    assert (third["iso"], third["region"]) == ("0", "Europe")


@pytest.mark.parametrize("event_type, sub_event_type, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Violence against civilians", "Abduction/forced disappearance", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Protests", "Protest with intervention", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Strategic developments", "Arrests", "Strategic developments"),
    ("Something else", "Other", ""),
])
def test_export_disorder_type(event_type, sub_event_type, expected):
    assert disorder_type(event_type, sub_event_type) == expected


@pytest.mark.parametrize("iso3, numeric, region", [
    ("IRQ", 368, "Middle East"), ("afg", 4, "South Asia"), ("SYR", 760, "Middle East"),
    ("NGA", 566, "Western Africa"), ("COD", 180, "Middle Africa"), ("SOM", 706, "Eastern Africa"),
    ("LBY", 434, "Northern Africa"), ("MMR", 104, "Southeast Asia"), ("UKR", 804, "Europe"),
    ("XKX", 0, "Europe"), (None, None, ""), ("ZZZ", None, ""), ("", None, ""),
])
def test_export_country_codes(iso3, numeric, region):
    assert iso_numeric(iso3) == numeric
    assert acled_region(iso3) == region


def test_export_region_table_is_valid():
    regions = _regions()
    assert set(regions.values()) <= ACLED_REGIONS
    assert {code for code in regions if code != "XKX"} <= {c.alpha_3 for c in pycountry.countries}


def test_export_geojson():
    _, data = export(EVENTS, "geojson")
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    first, second, *_ = collection["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [43.119, 36.335]}
    assert second["geometry"] is None
    assert [f["properties"] for f in collection["features"]] == [e.to_dict() for e in EVENTS]
    assert collection == json.loads(json.dumps(feature_collection(EVENTS)))
    assert event_feature(EVENTS[0])["id"] == "e1"


def test_export_parquet():
    _, data = export(EVENTS, "parquet")
    table = pq.read_table(io.BytesIO(data))
    assert table.column_names == list(COLUMNS)
    rows = table.to_pylist()
    for row, event in zip(rows, EVENTS, strict=True):
        row["sources"] = json.loads(row["sources"])
        row["attributions"] = json.loads(row["attributions"])
        assert row == event.to_dict()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "acled-csv", "geojson", "parquet"])
def test_export_streams_several_batches(fmt: str):
    events = [export_event(f"e{i:05d}") for i in range(2500)]
    count, data = export(iter(events), fmt)
    assert count == 2500
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == 2500
    elif fmt == "geojson":
        assert len(json.loads(data)["features"]) == 2500
    else:
        lines = data.decode("utf-8").splitlines()
        assert len(lines) == 2500 + (fmt != "jsonl")


texts = st.text(max_size=20)
events_strategy = st.builds(
    make_event, event_id=st.text(min_size=1, max_size=10), notes=texts, actor1=st.none() | texts,
    event_date=st.none() | st.dates().map(lambda d: d.isoformat()),
    latitude=st.none() | st.floats(-90, 90), longitude=st.none() | st.floats(-180, 180),
    sources=st.lists(st.builds(cite, texts, st.none() | texts, texts), max_size=2).map(tuple))


@settings(max_examples=30, deadline=None)
@given(st.lists(events_strategy, max_size=5))
def test_export_round_trips(events: list[Event]):
    expected = [e.to_dict() for e in events]
    _, data = export(events, "jsonl")
    assert [json.loads(line) for line in data.decode("utf-8").split("\n")[:-1]] == expected
    _, data = export(events, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [(r["event_id"], r["notes"], json.loads(r["sources"])) for r in rows] == \
        [(e["event_id"], e["notes"], e["sources"]) for e in expected]
    _, data = export(events, "geojson")
    assert [f["properties"] for f in json.loads(data)["features"]] == expected
