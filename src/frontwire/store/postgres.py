"""PostgreSQL backend of the store: psycopg 3, every write an upsert, PostGIS for bbox when present."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict

from frontwire.errors import NotConfigured, StoreInterrupted
from frontwire.models import Article, Event, Mention, mention_from_dict, mention_to_dict, stored_dict
from frontwire.store.base import (ACTOR_COLUMNS, EventQuery, MentionBlock, Store, block_condition, country_key,
                                  decode_cursor, encode_cursor, searchable)
from frontwire.store.pg_migrations import apply_migrations
from frontwire.store.review import Reviews
from frontwire.store.state import StateStore
# The batch-filling rules are the SQLite backend's, shared so both backends store the same rows.
from frontwire.store.sqlite import _dumps, _folded, _hashed_event, _hashed_mention, _now

log = logging.getLogger(__name__)
T = TypeVar("T")

CONNECT_ATTEMPTS = 4
CONNECT_TIMEOUT_S = 5
BACKOFF_S = 0.5  # doubled after each failed attempt: 0.5, 1, 2 s
# A server restart takes seconds: work that lost its connection is retried this long, with backoff, before
# one clear error. Each batch is one transaction, so a retry never leaves part of an article behind.
RETRY_WINDOW_S = 30.0
MAX_BACKOFF_S = 4.0
_MERGE_LOCK = 0x66770002  # advisory lock key of the ingest re-merge window
_PAGE_ORDER = "COALESCE(event_date, '') DESC, event_id"
_SORT_KEY = "COALESCE(event_date, '')"

_ARTICLE_UPSERT = """
INSERT INTO articles (hash, id, title, url, published, source, language, body_start, dateline, text, ingested_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (hash) DO UPDATE SET id = excluded.id, title = excluded.title, url = excluded.url,
    published = excluded.published, source = excluded.source, language = excluded.language,
    body_start = excluded.body_start, dateline = excluded.dateline, text = excluded.text"""
_MENTION_UPSERT = """
INSERT INTO mentions (article_hash, start, sub_event_type, event_date, event_type, time_precision, country, data)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s::json)
ON CONFLICT (article_hash, start, sub_event_type) DO UPDATE SET
    event_date = excluded.event_date, event_type = excluded.event_type,
    time_precision = excluded.time_precision, country = excluded.country, data = excluded.data"""
_EVENT_UPSERT = """
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
_BLOCK_JOIN = """
SELECT m.article_hash, m.start, m.sub_event_type, m.data FROM
    unnest(%s::text[], %s::int[], %s::text[], %s::text[]{country_array}) AS b(event_type, time_precision, lo, hi{country})
    JOIN mentions m ON m.event_type = b.event_type AND m.time_precision = b.time_precision{country_match}
        AND m.event_date BETWEEN b.lo AND b.hi"""
# Blocks in one country list and blocks of any country, each joined to the block index (a nested loop
# of index range scans): one statement to plan and send, however many blocks.
_BLOCKS_SELECT = ("SELECT DISTINCT ON (article_hash, start, sub_event_type) * FROM ("
                  + _BLOCK_JOIN.format(country_array=", %s::text[]", country=", country",
                                       country_match=" AND m.country = b.country")
                  + " UNION ALL " + _BLOCK_JOIN.format(country_array="", country="", country_match="") + ") AS found")
_SOURCE_INSERT = """
INSERT INTO event_sources (event_id, article_hash, article_id, start, "end", sentence)
VALUES (%s, %s, %s, %s, %s, %s)"""
_FAILURE_UPSERT = """
INSERT INTO failures (name, reason, failed_at) VALUES (%s, %s, %s)
ON CONFLICT (name) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at"""


def _clean(value: Any) -> Any:
    """Text PostgreSQL can hold (it refuses NUL): \\x01 -> \\x01\\x02, then NUL -> \\x01\\x01.

    Reversible and order-preserving, so keys stay distinct and sort as in SQLite; queries are encoded
    alike, so they still match. The JSON copy of each record keeps the original text.
    """
    if isinstance(value, str) and ("\x00" in value or "\x01" in value):
        return value.replace("\x01", "\x01\x02").replace("\x00", "\x01\x01")
    return value


def _unclean(value: str) -> str:
    """The text `_clean` encoded."""
    if "\x01" not in value:
        return value
    return re.sub("\x01(.)", lambda m: "\x00" if m.group(1) == "\x01" else "\x01", value, flags=re.DOTALL)


def _row(*values: Any) -> tuple[Any, ...]:
    return tuple(_clean(v) for v in values)


def describe(url: str) -> str:
    """host:port/dbname of a URL, without its password, for error messages."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.Error:
        return "the configured server"
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


class _QMark:
    """A connection that takes `?` placeholders, as the backend-neutral review and state code writes them."""

    def __init__(self, conn: psycopg.Connection):
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        return self.raw.execute(sql.replace("?", "%s"), [_clean(p) for p in params])

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.raw.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), [_row(*r) for r in rows])


class PostgresStore(Reviews, StateStore, Store):
    """Store on one PostgreSQL database (or schema, via search_path); the connection opens on first use."""

    def __init__(self, url: str, *, postgis: bool = True):
        self.url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.postgis = postgis  # False: never create the extension (plain lat/lon columns answer bbox)
        self._connection: psycopg.Connection | None = None
        self._spatial: bool | None = None
        self._locked = False  # holding the merge lock: a lost connection lost the lock too
        self._ever_connected = False  # a server never reached is a set-up error, not a restart to wait out

    @property
    def _conn(self) -> psycopg.Connection:
        if self._connection is None or self._connection.closed:
            self._connection = self._connect()
        return self._connection

    def _connect(self) -> psycopg.Connection:
        delay = BACKOFF_S
        for attempt in range(1, CONNECT_ATTEMPTS + 1):
            try:
                # autocommit: transactions are explicit (conn.transaction()), as in the SQLite backend.
                conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
                self._ever_connected = True
                return conn
            except psycopg.OperationalError as error:
                if attempt == CONNECT_ATTEMPTS:
                    raise NotConfigured(f"cannot connect to PostgreSQL at {describe(self.url)} after "
                                        f"{attempt} attempts: {str(error).strip()}") from error
                log.warning("PostgreSQL at %s unreachable (attempt %d), retrying", describe(self.url), attempt)
                time.sleep(delay)
                delay *= 2
            except psycopg.Error as error:
                raise NotConfigured(f"cannot open PostgreSQL database {describe(self.url)}: {error}") from error
        raise AssertionError("unreachable")

    def _retrying(self, work: Callable[[psycopg.Connection], T]) -> T:
        """Run `work` (idempotent: upserts, reads), again on a new connection when the old one broke.

        A deadlock or a dropped connection rolled the whole transaction back, so nothing of it was written
        and running it again is safe. Holding the merge lock, a lost connection lost the lock as well: the
        caller must read and merge again, so that case raises StoreInterrupted instead.
        """
        deadline = time.monotonic() + RETRY_WINDOW_S
        delay = BACKOFF_S
        while True:
            try:
                conn = self._conn
                return work(conn)
            except (psycopg.OperationalError, NotConfigured) as error:
                if isinstance(error, NotConfigured) and not self._ever_connected:
                    raise
                lost = self._connection is None or self._connection.broken or self._connection.closed
                if lost:
                    self._drop_connection()
                if lost and self._locked:
                    self._locked = False
                    raise StoreInterrupted(f"lost the connection to PostgreSQL at {describe(self.url)} "
                                           f"while merging: {str(error).strip()}") from error
                if time.monotonic() + delay > deadline:
                    raise NotConfigured(f"PostgreSQL at {describe(self.url)} failed and did not come back "
                                        f"within {RETRY_WINDOW_S:.0f} s: {str(error).strip()}") from error
                log.warning("PostgreSQL at %s failed (%s), retrying", describe(self.url), str(error).strip())
                time.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_S)

    def _drop_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except psycopg.Error:
                pass
        self._connection = None

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns the names applied now."""
        try:
            applied = self._retrying(lambda conn: apply_migrations(conn, postgis=self.postgis))
        except psycopg.Error as error:  # e.g. no right to create tables: a set-up error, said once
            raise NotConfigured(f"cannot migrate PostgreSQL database {describe(self.url)}: {error}") from error
        self._spatial = None
        return applied

    @property
    def spatial(self) -> bool:
        """Whether events carry a PostGIS point (bbox then uses its GiST index)."""
        if self._spatial is None:
            row = self._conn.execute("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
                                     "to_regclass('events') AND attname = 'geom' AND NOT attisdropped)").fetchone()
            self._spatial = bool(row and row[0])
        return self._spatial

    def known_articles(self, hashes: Iterable[str]) -> set[str]:
        """The subset of these article content hashes already stored."""
        return self._select_set("SELECT hash FROM articles WHERE hash = ANY(%s)", hashes)

    def event_ids_for_articles(self, hashes: Iterable[str]) -> set[str]:
        """Ids of the stored events that have a source in one of these articles."""
        return self._select_set("SELECT DISTINCT event_id FROM event_sources WHERE article_hash = ANY(%s)", hashes)

    def _select_set(self, sql: str, values: Iterable[str]) -> set[str]:
        # One array parameter instead of chunked IN lists: PostgreSQL has no small limit on its size.
        wanted = sorted({_clean(v) for v in values})
        if not wanted:
            return set()
        return self._retrying(lambda conn: {_unclean(row[0]) for row in conn.execute(sql, (wanted,))})

    def write_batch(self, articles: Sequence[Article], mentions: Sequence[Mention], events: Sequence[Event],
                    retired_event_ids: Iterable[str] = ()) -> None:
        """Upsert articles, mentions and events and delete retired events, all in one transaction."""
        hash_of = {article.id: article.hash for article in articles}
        now = _now()
        # Rows sorted by key: concurrent writers then lock rows in one order and cannot deadlock each other.
        article_rows = sorted(_row(a.hash, a.id, a.title, a.url, a.published, a.source, a.language, a.body_start,
                                   a.dateline, a.text, now) for a in {a.hash: a for a in articles}.values())
        # Keyed as the table is, so a mention repeated in the batch is written once, the last copy winning.
        mention_rows = sorted({row[:3]: row for row in (_mention_row(_hashed_mention(m, hash_of))
                                                        for m in mentions)}.values())
        hashed_events = [_hashed_event(e, hash_of) for e in {e.event_id: e for e in events}.values()]
        for event in hashed_events:
            _event_row(event)  # a bad record fails the batch here, before the transaction
        retired = sorted(set(retired_event_ids))

        def work(conn: psycopg.Connection) -> None:
            with conn.transaction(), conn.cursor() as cur:
                # Analysts' reviews win over the pipeline: overrides re-applied, rejected events kept out.
                kept, gone = self.protect_reviewed(_QMark(conn), hashed_events, retired)
                cur.executemany(_ARTICLE_UPSERT, article_rows)
                cur.executemany(_MENTION_UPSERT, mention_rows)
                self._delete_events(_QMark(conn), gone)  # sources cascade
                self._write_reviewed(_QMark(conn), kept)

        self._retrying(work)

    def event_ids_for_sources(self, sources: Iterable[tuple[str, int]]) -> set[str]:
        """Ids of the stored events citing one of these (article hash, sentence start) as a source."""
        wanted = {(_clean(h), start) for h, start in sources}
        if not wanted:
            return set()
        sql = "SELECT event_id, article_hash, start FROM event_sources WHERE article_hash = ANY(%s)"
        rows = self._retrying(lambda conn: conn.execute(sql, (sorted({h for h, _ in wanted}),)).fetchall())
        return {_unclean(event_id) for event_id, h, start in rows if (h, start) in wanted}

    def mentions_in_blocks(self, blocks: Iterable[MentionBlock]) -> list[Mention]:
        """The stored mentions in any of these blocks, each once."""
        blocks = list(blocks)
        # One row per event type (and country): the columns of the two unnest() lists of _BLOCKS_SELECT.
        placed = [(t, b.time_precision, b.since, b.until, c) for b in blocks if b.countries is not None
                  for t in b.event_types for c in b.countries]
        anywhere = [(t, b.time_precision, b.since, b.until) for b in blocks if b.countries is None
                    for t in b.event_types]
        if not placed and not anywhere:
            return []
        params = [[_clean(row[i]) for row in placed] for i in range(5)]
        params += [[_clean(row[i]) for row in anywhere] for i in range(4)]
        found = self._retrying(lambda conn: conn.execute(_BLOCKS_SELECT, params).fetchall())
        return [mention_from_dict(data) for *_, data in sorted(found, key=lambda row: row[:3])]

    def mentions_of_articles(self, hashes: Iterable[str]) -> list[Mention]:
        """Every stored mention of these articles."""
        wanted = sorted({_clean(h) for h in hashes})
        sql = "SELECT data FROM mentions WHERE article_hash = ANY(%s) ORDER BY article_hash, start, sub_event_type"
        rows = self._retrying(lambda conn: conn.execute(sql, (wanted,)).fetchall()) if wanted else []
        return [mention_from_dict(data) for (data,) in rows]

    def record_failures(self, failures: Sequence[tuple[str, str]]) -> None:
        """Remember (input name, reason) pairs; a name seen again keeps its latest reason."""
        rows = sorted({_clean(name): _row(name, reason, _now()) for name, reason in failures}.values())
        self._write_many(_FAILURE_UPSERT, rows)

    def clear_failures(self, names: Iterable[str]) -> None:
        """Forget the failures of inputs that have since succeeded."""
        self._write_many("DELETE FROM failures WHERE name = %s", [(_clean(n),) for n in sorted(set(names))])

    def _write_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        def work(conn: psycopg.Connection) -> None:
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(sql, rows)
        if rows:
            self._retrying(work)

    def events(self, query: EventQuery) -> tuple[list[Event], str | None]:
        """One page of events (event_date descending, then event_id) and the next page's cursor or None."""
        query.validate()
        where, params = _event_filters(query, self.spatial)
        sql = (f"SELECT event_date, event_id, data FROM events WHERE {' AND '.join(where) or 'TRUE'} "
               f"ORDER BY {_PAGE_ORDER} LIMIT %s")
        rows = self._retrying(lambda conn: conn.execute(sql, [*params, query.limit + 1]).fetchall())
        page = rows[:query.limit]
        last = page[-1] if page else None
        cursor = encode_cursor(_unclean(last[0] or ""), _unclean(last[1])) if len(rows) > query.limit else None
        return [Event.from_dict(data) for _, _, data in page], cursor

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        row = self._retrying(lambda conn: conn.execute("SELECT data FROM events WHERE event_id = %s",
                                                       (_clean(event_id),)).fetchone())
        return Event.from_dict(row[0]) if row else None

    def all_events(self) -> Iterator[Event]:
        """Every event, streamed in (event_date, event_id) order, undated ones last."""
        # A server-side cursor streams: the whole table never sits in memory at once.
        with self._conn.transaction(), self._conn.cursor(name="frontwire_all_events") as cur:
            cur.itersize = 500
            cur.execute("SELECT data FROM events ORDER BY event_date IS NULL, event_date, event_id")
            for (data,) in cur:
                yield Event.from_dict(data)

    def stats(self) -> dict[str, Any]:
        """Counts: articles, events, sources (event-source links), failed (inputs) and mentions."""
        tables = {"articles": "articles", "events": "events", "sources": "event_sources",
                  "failed": "failures", "mentions": "mentions"}
        sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables.values())
        row = self._retrying(lambda conn: conn.execute(sql).fetchone())
        return dict(zip(tables, (int(n) for n in row)))

    @contextmanager
    def merge_lock(self) -> Iterator[None]:
        """Hold the database-wide lock of the ingest re-merge window (read mentions, merge, write).

        The lock belongs to the connection: when the connection breaks inside, the work raises
        StoreInterrupted and the caller takes the lock again and redoes the whole window.
        """
        conn = self._retrying(lambda c: c.execute("SELECT pg_advisory_lock(%s)", (_MERGE_LOCK,)).connection)
        self._locked = True
        try:
            yield
        finally:
            self._locked = False
            if conn is self._connection and not (conn.closed or conn.broken):
                try:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (_MERGE_LOCK,))
                except psycopg.OperationalError:
                    self._drop_connection()  # the server ends the session, and the lock with it

    # Backend-neutral review and state code (review.py, state.py) runs through these.

    def _reading(self) -> _QMark:
        return _QMark(self._conn)

    @contextmanager
    def _transaction(self) -> Iterator[_QMark]:
        conn = self._conn
        with conn.transaction():
            yield _QMark(conn)

    def _state_write(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        def work(conn: psycopg.Connection) -> None:
            with conn.transaction():
                _QMark(conn).executemany(sql, rows)
        self._retrying(work)

    def _state_read(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._retrying(lambda conn: _QMark(conn).execute(sql, params).fetchall())

    def _write_reviewed(self, conn: _QMark, events: Sequence[Event]) -> None:
        """Upsert these events and replace their sources, inside the caller's transaction."""
        # Sorted by key: concurrent writers then lock rows in one order and cannot deadlock each other.
        events = sorted(events, key=lambda e: e.event_id)
        with conn.raw.cursor() as cur:
            cur.executemany(_EVENT_UPSERT, [_event_row(e) for e in events])
            cur.executemany("DELETE FROM event_sources WHERE event_id = %s", [(_clean(e.event_id),) for e in events])
            cur.executemany(_SOURCE_INSERT, [_row(e.event_id, s.article_hash, s.article_id, s.start, s.end,
                                                  s.sentence) for e in events for s in e.sources])

    def _delete_events(self, conn: _QMark, event_ids: Iterable[str]) -> None:
        """Delete these events (their sources cascade), inside the caller's transaction."""
        with conn.raw.cursor() as cur:
            cur.executemany("DELETE FROM events WHERE event_id = %s", [(_clean(i),) for i in sorted(event_ids)])

    def article(self, key: str) -> dict[str, Any] | None:
        """The stored article with this content hash, else the latest one with this id; None when unknown."""
        row = self._retrying(lambda conn: _QMark(conn).execute(
            "SELECT hash, id, title, url, published, source, text FROM articles WHERE hash = ? OR id = ? "
            "ORDER BY hash = ? DESC, ingested_at DESC LIMIT 1", (key, key, key)).fetchone())
        names = ("hash", "id", "title", "url", "published", "source", "text")
        return {k: _unclean(v) if isinstance(v, str) else v for k, v in zip(names, row)} if row else None

    def close(self) -> None:
        """Release the connection; the store may not be used afterwards."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _mention_row(mention: Mention) -> tuple[Any, ...]:
    return _row(mention.source.article_hash, mention.source.start, mention.sub_event_type, mention.event_date,
                mention.event_type, mention.time_precision, country_key(mention), _dumps(mention_to_dict(mention)))


def _fold(value: str | None) -> str | None:
    return _clean(value.casefold()) if isinstance(value, str) else None


def _event_row(event: Event) -> tuple[Any, ...]:
    actors = [getattr(event, c) for c in ACTOR_COLUMNS]
    # The actors of contested claims answer the actor filter, though actor1 stays open.
    claimed = [a.actor for a in event.attributions]
    return (*_row(event.event_id, event.event_date, event.country, event.iso3, event.event_type,
                  event.sub_event_type, *actors, event.latitude, event.longitude, event.fatalities),
            _fold(event.country), _fold(event.iso3), _fold(event.event_type), _fold(event.sub_event_type),
            [_fold(a) for a in actors + claimed if a], _clean(searchable(event)), event.contested,
            _dumps(stored_dict(event)))


def _event_filters(query: EventQuery, spatial: bool) -> tuple[list[str], list[Any]]:
    """WHERE conditions and their parameters; user values are only ever bound, never spliced."""
    where: list[str] = []
    params: list[Any] = []
    if query.since:
        where.append("event_date >= %s")
        params.append(query.since)
    if query.until:
        where.append("event_date <= %s")
        params.append(query.until)
    if country := _clean(_folded(query.country)):
        where.append("(country_f = %s OR iso3_f = %s)")
        params += [country, country]
    if event_type := _clean(_folded(query.event_type)):
        where.append("(event_type_f = %s OR sub_event_type_f = %s)")
        params += [event_type, event_type]
    if actor := _clean(_folded(query.actor)):
        where.append("EXISTS (SELECT 1 FROM unnest(actors_f) AS a WHERE strpos(a, %s) > 0)")
        params.append(actor)
    if query.bbox is not None:
        _bbox_filter(query.bbox, spatial, where, params)
    for term in query.terms():
        where.append("strpos(search, %s) > 0")
        params.append(_clean(term))
    if query.cursor:
        last_date, last_id = decode_cursor(query.cursor)
        where.append(f"({_SORT_KEY} < %s OR ({_SORT_KEY} = %s AND event_id > %s))")
        params += [_clean(last_date), _clean(last_date), _clean(last_id)]
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
