"""PostgreSQL backend of the store: psycopg 3, every write an upsert, PostGIS for bbox when present."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict

from frontwire.errors import NotConfigured, StoreInterrupted
from frontwire.models import Article, Event, Mention, mention_from_dict
from frontwire.store.base import EventQuery, MentionBlock, Store, encode_cursor
from frontwire.store import pg_sql
from frontwire.store.pg_migrations import apply_migrations
from frontwire.store.review import Reviews
from frontwire.store.state import StateStore
# The batch-filling rules are the SQLite backend's, shared so both backends store the same rows.
from frontwire.store.sqlite import _hashed_event, _hashed_mention, _now

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
        return self.raw.execute(sql.replace("?", "%s"), [pg_sql.clean(p) for p in params])

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.raw.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), [pg_sql.row(*r) for r in rows])


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
        wanted = sorted({pg_sql.clean(v) for v in values})
        if not wanted:
            return set()
        return self._retrying(lambda conn: {pg_sql.unclean(row[0]) for row in conn.execute(sql, (wanted,))})

    def write_batch(self, articles: Sequence[Article], mentions: Sequence[Mention], events: Sequence[Event],
                    retired_event_ids: Iterable[str] = ()) -> None:
        """Upsert articles, mentions and events and delete retired events, all in one transaction."""
        hash_of = {article.id: article.hash for article in articles}
        now = _now()
        # Rows sorted by key: concurrent writers then lock rows in one order and cannot deadlock each other.
        article_rows = sorted(pg_sql.row(a.hash, a.id, a.title, a.url, a.published, a.source, a.language, a.body_start,
                                   a.dateline, a.text, now) for a in {a.hash: a for a in articles}.values())
        # Keyed as the table is, so a mention repeated in the batch is written once, the last copy winning.
        mention_rows = sorted({row[:3]: row for row in (pg_sql.mention_row(_hashed_mention(m, hash_of))
                                                        for m in mentions)}.values())
        hashed_events = [_hashed_event(e, hash_of) for e in {e.event_id: e for e in events}.values()]
        for event in hashed_events:
            pg_sql.event_row(event)  # a bad record fails the batch here, before the transaction
        retired = sorted(set(retired_event_ids))

        def work(conn: psycopg.Connection) -> None:
            with conn.transaction(), conn.cursor() as cur:
                # Analysts' reviews win over the pipeline: overrides re-applied, rejected events kept out.
                kept, gone = self.protect_reviewed(_QMark(conn), hashed_events, retired)
                cur.executemany(pg_sql.ARTICLE_UPSERT, article_rows)
                cur.executemany(pg_sql.MENTION_UPSERT, mention_rows)
                self._delete_events(_QMark(conn), gone)  # sources cascade
                self._write_reviewed(_QMark(conn), kept)

        self._retrying(work)

    def event_ids_for_sources(self, sources: Iterable[tuple[str, int]]) -> set[str]:
        """Ids of the stored events citing one of these (article hash, sentence start) as a source."""
        wanted = {(pg_sql.clean(h), start) for h, start in sources}
        if not wanted:
            return set()
        sql = "SELECT event_id, article_hash, start FROM event_sources WHERE article_hash = ANY(%s)"
        rows = self._retrying(lambda conn: conn.execute(sql, (sorted({h for h, _ in wanted}),)).fetchall())
        return {pg_sql.unclean(event_id) for event_id, h, start in rows if (h, start) in wanted}

    def mentions_in_blocks(self, blocks: Iterable[MentionBlock]) -> list[Mention]:
        """The stored mentions in any of these blocks, each once."""
        blocks = list(blocks)
        # One row per event type (and country): the columns of the two unnest() lists of pg_sql.BLOCKS_SELECT.
        placed = [(t, b.time_precision, b.since, b.until, c) for b in blocks if b.countries is not None
                  for t in b.event_types for c in b.countries]
        anywhere = [(t, b.time_precision, b.since, b.until) for b in blocks if b.countries is None
                    for t in b.event_types]
        if not placed and not anywhere:
            return []
        params = [[pg_sql.clean(row[i]) for row in placed] for i in range(5)]
        params += [[pg_sql.clean(row[i]) for row in anywhere] for i in range(4)]
        found = self._retrying(lambda conn: conn.execute(pg_sql.BLOCKS_SELECT, params).fetchall())
        return [mention_from_dict(data) for *_, data in sorted(found, key=lambda row: row[:3])]

    def mentions_of_articles(self, hashes: Iterable[str]) -> list[Mention]:
        """Every stored mention of these articles."""
        wanted = sorted({pg_sql.clean(h) for h in hashes})
        sql = "SELECT data FROM mentions WHERE article_hash = ANY(%s) ORDER BY article_hash, start, sub_event_type"
        rows = self._retrying(lambda conn: conn.execute(sql, (wanted,)).fetchall()) if wanted else []
        return [mention_from_dict(data) for (data,) in rows]

    def record_failures(self, failures: Sequence[tuple[str, str]]) -> None:
        """Remember (input name, reason) pairs; a name seen again keeps its latest reason."""
        rows = sorted({pg_sql.clean(name): pg_sql.row(name, reason, _now()) for name, reason in failures}.values())
        self._write_many(pg_sql.FAILURE_UPSERT, rows)

    def clear_failures(self, names: Iterable[str]) -> None:
        """Forget the failures of inputs that have since succeeded."""
        self._write_many("DELETE FROM failures WHERE name = %s", [(pg_sql.clean(n),) for n in sorted(set(names))])

    def _write_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        def work(conn: psycopg.Connection) -> None:
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(sql, rows)
        if rows:
            self._retrying(work)

    def events(self, query: EventQuery) -> tuple[list[Event], str | None]:
        """One page of events (event_date descending, then event_id) and the next page's cursor or None."""
        query.validate()
        where, params = pg_sql.event_filters(query, self.spatial)
        sql = (f"SELECT event_date, event_id, data FROM events WHERE {' AND '.join(where) or 'TRUE'} "
               f"ORDER BY {_PAGE_ORDER} LIMIT %s")
        rows = self._retrying(lambda conn: conn.execute(sql, [*params, query.limit + 1]).fetchall())
        page = rows[:query.limit]
        last = page[-1] if page else None
        more = len(rows) > query.limit
        cursor = encode_cursor(pg_sql.unclean(last[0] or ""), pg_sql.unclean(last[1])) if more else None
        return [Event.from_dict(data) for _, _, data in page], cursor

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        row = self._retrying(lambda conn: conn.execute("SELECT data FROM events WHERE event_id = %s",
                                                       (pg_sql.clean(event_id),)).fetchone())
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
            cur.executemany(pg_sql.EVENT_UPSERT, [pg_sql.event_row(e) for e in events])
            cur.executemany("DELETE FROM event_sources WHERE event_id = %s",
                            [(pg_sql.clean(e.event_id),) for e in events])
            cur.executemany(pg_sql.SOURCE_INSERT, [pg_sql.row(e.event_id, s.article_hash, s.article_id, s.start, s.end,
                                                  s.sentence) for e in events for s in e.sources])

    def _delete_events(self, conn: _QMark, event_ids: Iterable[str]) -> None:
        """Delete these events (their sources cascade), inside the caller's transaction."""
        with conn.raw.cursor() as cur:
            cur.executemany("DELETE FROM events WHERE event_id = %s", [(pg_sql.clean(i),) for i in sorted(event_ids)])

    def article(self, key: str) -> dict[str, Any] | None:
        """The stored article with this content hash, else the latest one with this id; None when unknown."""
        row = self._retrying(lambda conn: _QMark(conn).execute(
            "SELECT hash, id, title, url, published, source, text FROM articles WHERE hash = ? OR id = ? "
            "ORDER BY hash = ? DESC, ingested_at DESC LIMIT 1", (key, key, key)).fetchone())
        names = ("hash", "id", "title", "url", "published", "source", "text")
        return {k: pg_sql.unclean(v) if isinstance(v, str) else v for k, v in zip(names, row)} if row else None

    def close(self) -> None:
        """Release the connection; the store may not be used afterwards."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
