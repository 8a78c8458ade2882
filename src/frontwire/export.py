"""Events written as JSON lines, CSV, ACLED's CSV, GeoJSON or Parquet."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import islice
from typing import Any, BinaryIO

from frontwire.models import EVENT_FIELDS, EXTRA_FIELDS, Event

FORMATS = ("jsonl", "csv", "acled-csv", "geojson", "parquet")
# Columns of the tabular formats (csv, parquet): the contract's fields, then frontwire's extra ones.
COLUMNS = EVENT_FIELDS + EXTRA_FIELDS
# ACLED's `tags` column carries qualifiers of a coding; a contested perpetrator is one.
CONTESTED_TAG = "attribution contested"

# Column names and order of ACLED's own CSV export.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"
# ACLED's codebook: mob violence is political violence; excessive force against protesters is both.
_DISORDER_BY_SUB_EVENT = {
    "Mob violence": POLITICAL_VIOLENCE,
    "Violent demonstration": DEMONSTRATIONS,
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
}
_DISORDER_BY_EVENT = {
    "Battles": POLITICAL_VIOLENCE,
    "Explosions/Remote violence": POLITICAL_VIOLENCE,
    "Violence against civilians": POLITICAL_VIOLENCE,
    "Protests": DEMONSTRATIONS,
    "Riots": DEMONSTRATIONS,
    "Strategic developments": STRATEGIC_DEVELOPMENTS,
}
_ISO_NUMERIC_OVERRIDES = {"XKX": 0}  # Kosovo has no ISO 3166 number; ACLED codes it 0
_BATCH = 1000  # rows buffered before they are written out


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event type and sub-event type ("" when the type is not ACLED's)."""
    return _DISORDER_BY_SUB_EVENT.get(sub_event_type) or _DISORDER_BY_EVENT.get(event_type, "")


@cache
def _regions() -> dict[str, str]:
    text = resources.files("frontwire").joinpath("data/acled_regions.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows if row[0] != "iso3"}


def acled_region(iso3: str | None) -> str:
    """ACLED's region of a country given by ISO3 code ("" when unknown)."""
    return _regions().get((iso3 or "").upper(), "")


def iso_numeric(iso3: str | None) -> int | None:
    """ISO 3166 numeric code of a country given by ISO3 code (None when unknown)."""
    import pycountry  # loaded on first use: its database is large and most commands never need it

    code = (iso3 or "").upper()
    if code in _ISO_NUMERIC_OVERRIDES:
        return _ISO_NUMERIC_OVERRIDES[code]
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return int(country.numeric) if country else None


def _outlets(event: Event) -> str:
    """The outlets of an event's reports, each once, in report order."""
    return "; ".join(dict.fromkeys(s.source for s in event.sources if s.source))


def acled_row(event: Event, timestamp: int) -> list[Any]:
    """One row of ACLED's CSV in ACLED_COLUMNS order."""
    values = {
        "event_id_cnty": event.event_id, "year": event.event_date[:4] if event.event_date else None,
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": iso_numeric(event.iso3), "region": acled_region(event.iso3), "admin3": None,
        "source": _outlets(event), "source_scale": None, "tags": CONTESTED_TAG if event.contested else None,
        "timestamp": timestamp,
    }
    return [_cell(values[c] if c in values else getattr(event, c)) for c in ACLED_COLUMNS]


def _cell(value: Any) -> Any:
    """A CSV cell: empty for None, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def flat_dict(event: Event) -> dict[str, Any]:
    """The event's fields with `sources` and `attributions` as JSON strings, for tabular formats."""
    data = event.to_dict()
    data["sources"] = json.dumps(data["sources"], ensure_ascii=False)
    data["attributions"] = json.dumps(data["attributions"], ensure_ascii=False)
    return data


def csv_row(event: Event) -> list[Any]:
    """One row of the CSV in COLUMNS order."""
    data = flat_dict(event)
    return [_cell(data[name]) for name in COLUMNS]


def event_feature(event: Event) -> dict[str, Any]:
    """GeoJSON Feature of an event: a Point at [lon, lat], or no geometry when the place is unknown."""
    known = event.latitude is not None and event.longitude is not None
    geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]} if known else None
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": event.to_dict()}


def feature_collection(events: Iterable[Event]) -> dict[str, Any]:
    """GeoJSON FeatureCollection of events, built in memory (use write_events to stream)."""
    return {"type": "FeatureCollection", "features": [event_feature(e) for e in events]}


def _batches(events: Iterable[Event]) -> Iterator[list[Event]]:
    iterator = iter(events)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def _write_jsonl(events: Iterable[Event], out: BinaryIO, now: int) -> int:
    count = 0
    for batch in _batches(events):
        out.write("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in batch).encode("utf-8"))
        count += len(batch)
    return count


def _write_csv_rows(events: Iterable[Event], out: BinaryIO, header: Iterable[str],
                    row: Callable[[Event], list[Any]]) -> int:
    # csv writes text; rows go through a small string buffer so `out` stays a plain binary stream.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for batch in _batches(events):
        writer.writerows(row(e) for e in batch)
        count += len(batch)
        out.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return count


def _write_csv(events: Iterable[Event], out: BinaryIO, now: int) -> int:
    return _write_csv_rows(events, out, COLUMNS, csv_row)


def _write_acled_csv(events: Iterable[Event], out: BinaryIO, now: int) -> int:
    return _write_csv_rows(events, out, ACLED_COLUMNS, lambda e: acled_row(e, now))


def _write_geojson(events: Iterable[Event], out: BinaryIO, now: int) -> int:
    out.write(b'{"type":"FeatureCollection","features":[\n')
    count = 0
    for batch in _batches(events):
        lines = (json.dumps(event_feature(e), ensure_ascii=False) for e in batch)
        out.write(((",\n" if count else "") + ",\n".join(lines)).encode("utf-8"))
        count += len(batch)
    out.write(b"\n]}\n")
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa  # loaded on first use: pyarrow is slow to import and only parquet needs it

    types = {"time_precision": pa.int64(), "inter1": pa.int64(), "inter2": pa.int64(),
             "interaction": pa.int64(), "civilian_targeting": pa.bool_(), "latitude": pa.float64(),
             "longitude": pa.float64(), "geonameid": pa.int64(), "geo_precision": pa.int64(),
             "fatalities": pa.int64(), "fatalities_low": pa.int64(), "fatalities_high": pa.int64(),
             "confidence": pa.float64(), "contested": pa.bool_()}
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def _write_parquet(events: Iterable[Event], out: BinaryIO, now: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    # One row group per batch: memory stays bounded however many events stream through.
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batches(events):
            writer.write_table(pa.Table.from_pylist([flat_dict(e) for e in batch], schema=schema))
            count += len(batch)
    return count


_WRITERS: dict[str, Callable[[Iterable[Event], BinaryIO, int], int]] = {
    "jsonl": _write_jsonl, "csv": _write_csv, "acled-csv": _write_acled_csv,
    "geojson": _write_geojson, "parquet": _write_parquet,
}


def write_events(events: Iterable[Event], fmt: str, out: BinaryIO, *, now: int | None = None) -> int:
    """Write events to a binary stream in `fmt` (one of FORMATS); returns how many were written.

    `now` is the Unix time put in the acled-csv `timestamp` column (the time of export when None).
    """
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return _WRITERS[fmt](events, out, int(time.time()) if now is None else now)
