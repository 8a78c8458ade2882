"""SQLite backend of the store: one file (or memory), WAL, every write an upsert."""

from __future__ import annotations

import fcntl
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from frontwire.errors import NotConfigured
from frontwire.models import Article, Event, Mention, mention_from_dict, mention_to_dict, stored_dict
from frontwire.store.base import (ACTOR_COLUMNS, EventQuery, MentionBlock, Store, block_condition, country_key,
                                  decode_cursor, encode_cursor, searchable)
from frontwire.store.migrations import apply_migrations
from frontwire.store.review import Reviews
from frontwire.store.state import StateStore

MEMORY = ":memory:"
BUSY_TIMEOUT_S = 30
_CHUNK = 500  # stays well under SQLite's limit on bound parameters per statement
# Newest first, undated last; the cursor holds the last row's (COALESCE(event_date, ''), event_id).
_PAGE_ORDER = "COALESCE(event_date, '') DESC, event_id"
_SORT_KEY = "COALESCE(event_date, '')"

_ARTICLE_UPSERT = """
INSERT INTO articles (hash, id, title, url, published, source, language, body_start, dateline, text, ingested_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (hash) DO UPDATE SET id = excluded.id, title = excluded.title, url = excluded.url,
    published = excluded.published, source = excluded.source, language = excluded.language,
    body_start = excluded.body_start, dateline = excluded.dateline, text = excluded.text"""
_MENTION_UPSERT = """
INSERT INTO mentions (article_hash, start, sub_event_type, event_date, event_type, time_precision, country, data)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (article_hash, start, sub_event_type) DO UPDATE SET
    event_date = excluded.event_date, event_type = excluded.event_type,
    time_precision = excluded.time_precision, country = excluded.country, data = excluded.data"""
_EVENT_UPSERT = """
INSERT INTO events (event_id, event_date, country, iso3, event_type, sub_event_type, actor1, actor2,
    assoc_actor_1, assoc_actor_2, latitude, longitude, fatalities, search, contested, claimed_actors, data)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (event_id) DO UPDATE SET event_date = excluded.event_date, country = excluded.country,
    iso3 = excluded.iso3, event_type = excluded.event_type, sub_event_type = excluded.sub_event_type,
    actor1 = excluded.actor1, actor2 = excluded.actor2, assoc_actor_1 = excluded.assoc_actor_1,
    assoc_actor_2 = excluded.assoc_actor_2, latitude = excluded.latitude, longitude = excluded.longitude,
    fatalities = excluded.fatalities, search = excluded.search, contested = excluded.contested,
    claimed_actors = excluded.claimed_actors, data = excluded.data"""
_SOURCE_INSERT = """
INSERT INTO event_sources (event_id, article_hash, article_id, start, "end", sentence) VALUES (?, ?, ?, ?, ?, ?)"""
_FAILURE_UPSERT = """
INSERT INTO failures (name, reason, failed_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at"""


def _casefold(value: Any) -> str | None:
    # SQLite's lower() folds ASCII only; this folds "Côte" and "İstanbul" the way Python does.
    return value.casefold() if isinstance(value, str) else None


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dumps(data: Any) -> str:
    # allow_nan=False: a NaN coordinate is a bug upstream and would be invalid JSON for API clients.
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _folded(value: str | None) -> str | None:
    """A text filter casefolded and stripped; None when it is empty."""
    value = (value or "").strip().casefold()
    return value or None


class SQLiteStore(Reviews, StateStore, Store):
    """Store on one SQLite database; one connection, opened on first use, for one thread at a time."""

    def __init__(self, path: str):
        self.path = path
        self._connection: sqlite3.Connection | None = None

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection

    def _connect(self) -> sqlite3.Connection:
        """Open the file in WAL mode with a busy timeout; one clear error when it cannot be opened."""
        try:
            if self.path != MEMORY:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE), never implicit.
            # check_same_thread=False: a web request may open the store in one worker thread and use it
            # in another; the store is still used by one thread at a time.
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
            _wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        except (sqlite3.Error, OSError) as error:
            raise NotConfigured(f"cannot open SQLite database {self.path}: {error}") from error
        conn.create_function("fw_casefold", 1, _casefold, deterministic=True)
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns the names applied now."""
        return apply_migrations(self._conn)

    def _reading(self) -> sqlite3.Connection:
        return self._conn

    def _state_write(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        with self._transaction() as conn:
            conn.executemany(sql, rows)

    def _state_read(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, list(params)).fetchall()

    def known_articles(self, hashes: Iterable[str]) -> set[str]:
        """The subset of these article content hashes already stored."""
        return self._select_set("SELECT hash FROM articles WHERE hash IN ({})", hashes)

    def event_ids_for_articles(self, hashes: Iterable[str]) -> set[str]:
        """Ids of the stored events that have a source in one of these articles."""
        return self._select_set("SELECT DISTINCT event_id FROM event_sources WHERE article_hash IN ({})", hashes)

    def event_ids_for_sources(self, sources: Iterable[tuple[str, int]]) -> set[str]:
        """Ids of the stored events citing one of these (article hash, sentence start) as a source."""
        wanted = set(sources)
        found: set[str] = set()
        for chunk in _chunks({h for h, _ in wanted}):
            rows = self._conn.execute("SELECT event_id, article_hash, start FROM event_sources WHERE article_hash "
                                      f"IN ({','.join('?' * len(chunk))})", chunk)
            found.update(event_id for event_id, article_hash, start in rows if (article_hash, start) in wanted)
        return found

    def mentions_in_blocks(self, blocks: Iterable[MentionBlock]) -> list[Mention]:
        """The stored mentions in any of these blocks, each once."""
        found: dict[tuple[str, int, str], str] = {}
        for block in blocks:
            condition, params = block_condition(block, "?")
            rows = self._conn.execute(f"SELECT article_hash, start, sub_event_type, data FROM mentions "
                                      f"WHERE {condition}", params)
            found.update(((h, s, t), data) for h, s, t, data in rows)
        return [mention_from_dict(json.loads(found[key])) for key in sorted(found)]

    def mentions_of_articles(self, hashes: Iterable[str]) -> list[Mention]:
        """Every stored mention of these articles."""
        found = []
        for chunk in _chunks(sorted(set(hashes))):
            rows = self._conn.execute(f"SELECT data FROM mentions WHERE article_hash IN ({','.join('?' * len(chunk))}) "
                                      "ORDER BY article_hash, start, sub_event_type", chunk)
            found += [mention_from_dict(json.loads(data)) for (data,) in rows]
        return found

    def _select_set(self, sql: str, values: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(set(values)):
            found.update(row[0] for row in self._conn.execute(sql.format(",".join("?" * len(chunk))), chunk))
        return found

    def write_batch(self, articles: Sequence[Article], mentions: Sequence[Mention], events: Sequence[Event],
                    retired_event_ids: Iterable[str] = ()) -> None:
        """Upsert articles, mentions and events and delete retired events, all in one transaction."""
        # Rows are built before the transaction, so a bad record fails the batch without touching the file.
        hash_of = {article.id: article.hash for article in articles}
        now = _now()
        article_rows = [(a.hash, a.id, a.title, a.url, a.published, a.source, a.language, a.body_start,
                         a.dateline, a.text, now) for a in articles]
        mention_rows = [_mention_row(_hashed_mention(m, hash_of)) for m in mentions]
        # The last copy of a repeated event wins, as an upsert would; its sources are then written once.
        hashed_events = [_hashed_event(e, hash_of) for e in {e.event_id: e for e in events}.values()]
        for event in hashed_events:
            _event_row(event)  # a bad record fails the batch here, before the transaction
        with self._transaction() as conn:
            # Analysts' reviews win over the pipeline: overrides re-applied, rejected events kept out.
            hashed_events, retired = self.protect_reviewed(conn, hashed_events, sorted(set(retired_event_ids)))
            conn.executemany(_ARTICLE_UPSERT, article_rows)
            conn.executemany(_MENTION_UPSERT, mention_rows)
            self._delete_events(conn, retired)
            self._write_reviewed(conn, hashed_events)

    def _write_reviewed(self, conn: sqlite3.Connection, events: Sequence[Event]) -> None:
        """Upsert these events and replace their sources, inside the caller's transaction."""
        conn.executemany(_EVENT_UPSERT, [_event_row(e) for e in events])
        conn.executemany("DELETE FROM event_sources WHERE event_id = ?", [(e.event_id,) for e in events])
        conn.executemany(_SOURCE_INSERT, [(e.event_id, s.article_hash, s.article_id, s.start, s.end, s.sentence)
                                          for e in events for s in e.sources])

    def _delete_events(self, conn: sqlite3.Connection, event_ids: Iterable[str]) -> None:
        """Delete these events and their sources, inside the caller's transaction."""
        ids = [(event_id,) for event_id in event_ids]
        conn.executemany("DELETE FROM event_sources WHERE event_id = ?", ids)
        conn.executemany("DELETE FROM events WHERE event_id = ?", ids)

    def article(self, key: str) -> dict[str, Any] | None:
        """The stored article with this content hash, else the latest one with this id; None when unknown."""
        row = self._conn.execute(
            "SELECT hash, id, title, url, published, source, text FROM articles WHERE hash = ? OR id = ? "
            "ORDER BY hash = ? DESC, ingested_at DESC LIMIT 1", (key, key, key)).fetchone()
        names = ("hash", "id", "title", "url", "published", "source", "text")
        return dict(zip(names, row)) if row else None

    def record_failures(self, failures: Sequence[tuple[str, str]]) -> None:
        """Remember (input name, reason) pairs; a name seen again keeps its latest reason."""
        now = _now()
        with self._transaction() as conn:
            conn.executemany(_FAILURE_UPSERT, [(name, reason, now) for name, reason in failures])

    def clear_failures(self, names: Iterable[str]) -> None:
        """Forget the failures of inputs that have since succeeded."""
        with self._transaction() as conn:
            conn.executemany("DELETE FROM failures WHERE name = ?", [(name,) for name in set(names)])

    def events(self, query: EventQuery) -> tuple[list[Event], str | None]:
        """One page of events (event_date descending, then event_id) and the next page's cursor or None."""
        page, cursor = self._page(query)
        return [Event.from_dict(json.loads(data)) for data in page], cursor

    def event_dicts(self, query: EventQuery) -> tuple[list[dict[str, Any]], str | None]:
        """The same page in the contract's JSON shape, read straight from the stored JSON (the API's fast path)."""
        page, cursor = self._page(query)
        dicts = [json.loads(data) for data in page]
        for data in dicts:
            for source in data["sources"]:
                source.pop("article_hash", None)
            # Events stored before contested attribution existed read as uncontested.
            data.setdefault("contested", False)
            for claim in data.setdefault("attributions", []):
                for source in claim["sources"]:
                    source.pop("article_hash", None)
        return dicts, cursor

    def _page(self, query: EventQuery) -> tuple[list[str], str | None]:
        """The stored JSON of one page of events, and the next page's cursor."""
        query.validate()
        where, params = _event_filters(query)
        sql = (f"SELECT event_date, event_id, data FROM events WHERE {' AND '.join(where) or '1'} "
               f"ORDER BY {_PAGE_ORDER} LIMIT ?")
        rows = self._conn.execute(sql, [*params, query.limit + 1]).fetchall()
        page = rows[:query.limit]
        cursor = encode_cursor(page[-1][0], page[-1][1]) if len(rows) > query.limit else None
        return [data for _, _, data in page], cursor

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        row = self._conn.execute("SELECT data FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return Event.from_dict(json.loads(row[0])) if row else None

    def all_events(self) -> Iterator[Event]:
        """Every event, streamed in (event_date, event_id) order, undated ones last."""
        rows = self._conn.execute("SELECT data FROM events ORDER BY event_date IS NULL, event_date, event_id")
        for (data,) in rows:
            yield Event.from_dict(json.loads(data))

    def stats(self) -> dict[str, Any]:
        """Counts: articles, events, sources (event-source links), failed (inputs) and mentions."""
        tables = {"articles": "articles", "events": "events", "sources": "event_sources",
                  "failed": "failures", "mentions": "mentions"}
        return {key: self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for key, table in tables.items()}

    def summary(self, query: EventQuery) -> dict[str, Any]:
        """Events and fatalities of the matching events by ISO week (its Monday), event type and admin1."""
        where, params = _event_filters(replace(query.validate(), cursor=None))
        condition = " AND ".join(where) or "1"
        weeks = self._conn.execute(
            f"SELECT date(event_date, '-6 days', 'weekday 1') AS week, COUNT(*), SUM(fatalities) FROM events "
            f"WHERE {condition} AND event_date IS NOT NULL GROUP BY week ORDER BY week", params).fetchall()
        counts = {}
        for key, column in (("by_event_type", "event_type"), ("by_admin1", "json_extract(data, '$.admin1')")):
            rows = self._conn.execute(f"SELECT COALESCE({column}, 'unknown') AS k, COUNT(*) AS n FROM events "
                                      f"WHERE {condition} GROUP BY k ORDER BY n DESC, k", params)
            counts[key] = dict(rows.fetchall())
        return {"by_week": [{"week": w, "events": n, "fatalities": f} for w, n, f in weeks], **counts}

    @contextmanager
    def merge_lock(self) -> Iterator[None]:
        """A lock file beside the database, not the database itself: SQLite's own POSIX locks would be
        dropped when another descriptor of its file was closed."""
        if self.path == MEMORY:  # private to this connection: nobody else can write it
            yield
            return
        with open(f"{self.path}-merge.lock", "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the connection; the store may not be used afterwards."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _hashed_mention(mention: Mention, hash_of: dict[str, str]) -> Mention:
    """The mention with its source's article_hash filled from the batch's articles when it was left empty."""
    if mention.source.article_hash:
        return mention
    article_hash = hash_of.get(mention.source.article_id)
    if not article_hash:
        raise ValueError(f"mention from article {mention.source.article_id!r} has no article_hash and its "
                         "article is not in the batch")
    return replace(mention, source=replace(mention.source, article_hash=article_hash))


def _hashed_event(event: Event, hash_of: dict[str, str]) -> Event:
    """The event with empty source article_hashes filled from the batch's articles where possible."""
    if all(s.article_hash or s.article_id not in hash_of for s in event.sources):
        return event
    return replace(event, sources=tuple(
        s if s.article_hash else replace(s, article_hash=hash_of.get(s.article_id, "")) for s in event.sources))


def _mention_row(mention: Mention) -> tuple[Any, ...]:
    return (mention.source.article_hash, mention.source.start, mention.sub_event_type, mention.event_date,
            mention.event_type, mention.time_precision, country_key(mention), _dumps(mention_to_dict(mention)))


def _event_row(event: Event) -> tuple[Any, ...]:
    # The actors of contested claims answer the actor filter, though actor1 stays open.
    claimed = "\n".join(a.actor for a in event.attributions).casefold()
    return (event.event_id, event.event_date, event.country, event.iso3, event.event_type, event.sub_event_type,
            event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2, event.latitude, event.longitude,
            event.fatalities, searchable(event), int(event.contested), claimed, _dumps(stored_dict(event)))


def _event_filters(query: EventQuery) -> tuple[list[str], list[Any]]:
    """WHERE conditions and their parameters; user values are only ever bound, never spliced."""
    where: list[str] = []
    params: list[Any] = []
    if query.since:
        where.append("event_date >= ?")
        params.append(query.since)
    if query.until:
        where.append("event_date <= ?")
        params.append(query.until)
    if country := _folded(query.country):
        where.append("(fw_casefold(country) = ? OR fw_casefold(iso3) = ?)")
        params += [country, country]
    if event_type := _folded(query.event_type):
        where.append("(fw_casefold(event_type) = ? OR fw_casefold(sub_event_type) = ?)")
        params += [event_type, event_type]
    if actor := _folded(query.actor):
        where.append("(" + " OR ".join(f"instr(fw_casefold({c}), ?) > 0" for c in ACTOR_COLUMNS)
                     + " OR instr(claimed_actors, ?) > 0)")
        params += [actor] * (len(ACTOR_COLUMNS) + 1)
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        where.append("latitude BETWEEN ? AND ?")
        # A box whose west edge lies east of its east edge crosses the antimeridian.
        where.append("longitude BETWEEN ? AND ?" if min_lon <= max_lon else "(longitude >= ? OR longitude <= ?)")
        params += [min_lat, max_lat, min_lon, max_lon]
    for term in query.terms():
        where.append("instr(search, ?) > 0")
        params.append(term)
    if query.cursor:
        last_date, last_id = decode_cursor(query.cursor)
        where.append(f"({_SORT_KEY} < ? OR ({_SORT_KEY} = ? AND event_id > ?))")
        params += [last_date, last_date, last_id]
    return where, params


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting while another process creates the same file.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is locked" at once
    instead of waiting in its busy handler, so two processes opening one new file must retry here.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
