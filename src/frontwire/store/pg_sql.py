"""The PostgreSQL backend's SQL: upserts, row builders and event filters (postgres.py runs them)."""

from __future__ import annotations

import re
from typing import Any

from frontwire.models import Event, Mention, mention_to_dict, stored_dict
from frontwire.store.base import ACTOR_COLUMNS, EventQuery, country_key, decode_cursor, searchable
# The batch-filling rules are the SQLite backend's, shared so both backends store the same rows.
from frontwire.store.sqlite import _dumps, _folded

SORT_KEY = "COALESCE(event_date, '')"

ARTICLE_UPSERT = """
INSERT INTO articles (hash, id, title, url, published, source, language, body_start, dateline, text, ingested_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (hash) DO UPDATE SET id = excluded.id, title = excluded.title, url = excluded.url,
    published = excluded.published, source = excluded.source, language = excluded.language,
    body_start = excluded.body_start, dateline = excluded.dateline, text = excluded.text"""
MENTION_UPSERT = """
INSERT INTO mentions (article_hash, start, sub_event_type, event_date, event_type, time_precision, country, data)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s::json)
ON CONFLICT (article_hash, start, sub_event_type) DO UPDATE SET
    event_date = excluded.event_date, event_type = excluded.event_type,
    time_precision = excluded.time_precision, country = excluded.country, data = excluded.data"""
EVENT_UPSERT = """
INSERT INTO events (event_id, event_date, country, iso3, event_type, sub_event_type, actor1, actor2,
    assoc_actor_1, assoc_actor_2, latitude, longitude, fatalities, country_f, iso3_f, event_type_f,
    sub_event_type_f, actors_f, search, contested, data)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::json)
ON CONFLICT (event_id) DO UPDATE SET event_date = excluded.event_date, country = excluded.country,
    iso3 = excluded.iso3, event_type = excluded.event_type, sub_event_type = excluded.sub_event_type,
    actor1 = excluded.actor1, actor2 = excluded.actor2, assoc_actor_1 = excluded.assoc_actor_1,
    assoc_actor_2 = excluded.assoc_actor_2, latitude = excluded.latitude, longitude = excluded.longitude,
    fatalities = excluded.fatalities, country_f = excluded.country_f, iso3_f = excluded.iso3_f,
    event_type_f = excluded.event_type_f, sub_event_type_f = excluded.sub_event_type_f,
    actors_f = excluded.actors_f, search = excluded.search, contested = excluded.contested,
    data = excluded.data"""
BLOCK_JOIN = """
SELECT m.article_hash, m.start, m.sub_event_type, m.data FROM
    unnest(%s::text[], %s::int[], %s::text[], %s::text[]{country_array}) AS b(event_type, time_precision, lo, hi{country})
    JOIN mentions m ON m.event_type = b.event_type AND m.time_precision = b.time_precision{country_match}
        AND m.event_date BETWEEN b.lo AND b.hi"""
# Blocks in one country list and blocks of any country, each joined to the block index (a nested loop
# of index range scans): one statement to plan and send, however many blocks.
BLOCKS_SELECT = ("SELECT DISTINCT ON (article_hash, start, sub_event_type) * FROM ("
                  + BLOCK_JOIN.format(country_array=", %s::text[]", country=", country",
                                       country_match=" AND m.country = b.country")
                  + " UNION ALL " + BLOCK_JOIN.format(country_array="", country="", country_match="") + ") AS found")
SOURCE_INSERT = """
INSERT INTO event_sources (event_id, article_hash, article_id, start, "end", sentence)
VALUES (%s, %s, %s, %s, %s, %s)"""
FAILURE_UPSERT = """
INSERT INTO failures (name, reason, failed_at) VALUES (%s, %s, %s)
ON CONFLICT (name) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at"""


def clean(value: Any) -> Any:
    """Text PostgreSQL can hold (it refuses NUL): \\x01 -> \\x01\\x02, then NUL -> \\x01\\x01.

    Reversible and order-preserving, so keys stay distinct and sort as in SQLite; queries are encoded
    alike, so they still match. The JSON copy of each record keeps the original text.
    """
    if isinstance(value, str) and ("\x00" in value or "\x01" in value):
        return value.replace("\x01", "\x01\x02").replace("\x00", "\x01\x01")
    return value


def unclean(value: str) -> str:
    """The text `clean` encoded."""
    if "\x01" not in value:
        return value
    return re.sub("\x01(.)", lambda m: "\x00" if m.group(1) == "\x01" else "\x01", value, flags=re.DOTALL)


def row(*values: Any) -> tuple[Any, ...]:
    return tuple(clean(v) for v in values)


def mention_row(mention: Mention) -> tuple[Any, ...]:
    return row(mention.source.article_hash, mention.source.start, mention.sub_event_type, mention.event_date,
                mention.event_type, mention.time_precision, country_key(mention), _dumps(mention_to_dict(mention)))


def fold(value: str | None) -> str | None:
    return clean(value.casefold()) if isinstance(value, str) else None


def event_row(event: Event) -> tuple[Any, ...]:
    actors = [getattr(event, c) for c in ACTOR_COLUMNS]
    # The actors of contested claims answer the actor filter, though actor1 stays open.
    claimed = [a.actor for a in event.attributions]
    return (*row(event.event_id, event.event_date, event.country, event.iso3, event.event_type,
                  event.sub_event_type, *actors, event.latitude, event.longitude, event.fatalities),
            fold(event.country), fold(event.iso3), fold(event.event_type), fold(event.sub_event_type),
            [fold(a) for a in actors + claimed if a], clean(searchable(event)), event.contested,
            _dumps(stored_dict(event)))


def event_filters(query: EventQuery, spatial: bool) -> tuple[list[str], list[Any]]:
    """WHERE conditions and their parameters; user values are only ever bound, never spliced."""
    where: list[str] = []
    params: list[Any] = []
    if query.since:
        where.append("event_date >= %s")
        params.append(query.since)
    if query.until:
        where.append("event_date <= %s")
        params.append(query.until)
    if country := clean(_folded(query.country)):
        where.append("(country_f = %s OR iso3_f = %s)")
        params += [country, country]
    if event_type := clean(_folded(query.event_type)):
        where.append("(event_type_f = %s OR sub_event_type_f = %s)")
        params += [event_type, event_type]
    if actor := clean(_folded(query.actor)):
        where.append("EXISTS (SELECT 1 FROM unnest(actors_f) AS a WHERE strpos(a, %s) > 0)")
        params.append(actor)
    if query.bbox is not None:
        _bbox_filter(query.bbox, spatial, where, params)
    for term in query.terms():
        where.append("strpos(search, %s) > 0")
        params.append(clean(term))
    if query.cursor:
        last_date, last_id = decode_cursor(query.cursor)
        where.append(f"({SORT_KEY} < %s OR ({SORT_KEY} = %s AND event_id > %s))")
        params += [clean(last_date), clean(last_date), clean(last_id)]
    return where, params


def _bbox_filter(bbox: tuple[float, float, float, float], spatial: bool, where: list[str],
                 params: list[Any]) -> None:
    min_lon, min_lat, max_lon, max_lat = bbox
    crosses = min_lon > max_lon  # the west edge east of the east edge: the box crosses the antimeridian
    if spatial:
        # && on the GiST index narrows the rows; its boxes are single precision, rounded outwards, so the
        # exact comparisons below still decide the edges as SQLite does.
        boxes = [(min_lon, 180.0), (-180.0, max_lon)] if crosses else [(min_lon, max_lon)]
        where.append("(" + " OR ".join(["geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"] * len(boxes)) + ")")
        for west, east in boxes:
            params += [west, min_lat, east, max_lat]
    where.append("latitude BETWEEN %s AND %s")
    where.append("(longitude >= %s OR longitude <= %s)" if crosses else "longitude BETWEEN %s AND %s")
    params += [min_lat, max_lat, min_lon, max_lon]
