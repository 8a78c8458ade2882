"""SQLite schema as named migrations, each applied once and recorded in `_migrations`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _execute_all(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    # One statement at a time: executescript() would COMMIT the migration's transaction midway.
    for statement in statements:
        conn.execute(statement)


def initial_schema(conn: sqlite3.Connection) -> None:
    """Articles, mentions, events with their sources, and failed inputs."""
    _execute_all(conn, [
        """CREATE TABLE articles (
            hash TEXT PRIMARY KEY, id TEXT NOT NULL, title TEXT, url TEXT, published TEXT, source TEXT,
            language TEXT, body_start INTEGER NOT NULL DEFAULT 0, dateline TEXT, text TEXT NOT NULL,
            ingested_at TEXT NOT NULL)""",
        "CREATE INDEX articles_id ON articles (id)",
        # No foreign key to articles: a mention's article may have been stored by an earlier batch
        # under a text that has since changed, and losing the mention would lose its evidence.
        """CREATE TABLE mentions (
            article_hash TEXT NOT NULL, start INTEGER NOT NULL, sub_event_type TEXT NOT NULL,
            event_date TEXT, data TEXT NOT NULL,
            PRIMARY KEY (article_hash, start, sub_event_type))""",
        "CREATE INDEX mentions_event_date ON mentions (event_date)",
        """CREATE TABLE events (
            event_id TEXT PRIMARY KEY, event_date TEXT, country TEXT, iso3 TEXT,
            event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
            actor1 TEXT, actor2 TEXT, assoc_actor_1 TEXT, assoc_actor_2 TEXT,
            latitude REAL, longitude REAL, fatalities INTEGER NOT NULL DEFAULT 0,
            search TEXT NOT NULL DEFAULT '', data TEXT NOT NULL)""",
        # Matches the listing's keyset order, so a page is an index range scan.
        "CREATE INDEX events_page ON events (COALESCE(event_date, '') DESC, event_id)",
        "CREATE INDEX events_country ON events (country)",
        "CREATE INDEX events_iso3 ON events (iso3)",
        "CREATE INDEX events_type ON events (event_type, sub_event_type)",
        "CREATE INDEX events_position ON events (latitude, longitude)",
        """CREATE TABLE event_sources (
            event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
            article_hash TEXT NOT NULL, article_id TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence TEXT NOT NULL)""",
        "CREATE INDEX event_sources_event ON event_sources (event_id)",
        "CREATE INDEX event_sources_article ON event_sources (article_hash)",
        """CREATE TABLE failures (
            name TEXT PRIMARY KEY, reason TEXT NOT NULL, failed_at TEXT NOT NULL)""",
    ])


def reviews(conn: sqlite3.Connection) -> None:
    """Analyst review state of events (status, overriding fields) and the audit trail of every change."""
    _execute_all(conn, [
        """CREATE TABLE reviews (
            event_id TEXT PRIMARY KEY, status TEXT NOT NULL, overrides TEXT NOT NULL DEFAULT '{}',
            merged_into TEXT, updated_at TEXT NOT NULL)""",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, action TEXT NOT NULL,
            who TEXT NOT NULL, at TEXT NOT NULL, before TEXT, after TEXT)""",
        "CREATE INDEX audit_event ON audit (event_id)",
    ])


def mention_blocks(conn: sqlite3.Connection) -> None:
    """Mentions keyed for the incremental merge: event type, time precision and country beside the date."""
    _execute_all(conn, [
        "ALTER TABLE mentions ADD COLUMN event_type TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE mentions ADD COLUMN time_precision INTEGER NOT NULL DEFAULT 3",
        # The place's ISO2 code; '' for a place without a country; '-' for no place (store.base.NO_PLACE).
        "ALTER TABLE mentions ADD COLUMN country TEXT NOT NULL DEFAULT '-'",
        """UPDATE mentions SET event_type = json_extract(data, '$.event_type'),
            time_precision = COALESCE(json_extract(data, '$.time_precision'), 3),
            country = CASE WHEN json_extract(data, '$.place') IS NULL THEN '-'
                           ELSE COALESCE(json_extract(data, '$.place.iso2'), '') END""",
        # One block of `mentions_in_blocks` is a range scan of this index.
        "CREATE INDEX mentions_block ON mentions (event_type, time_precision, country, event_date)",
    ])


def contested_attribution(conn: sqlite3.Connection) -> None:
    """Events whose reports blame different actors: a flag, and the claimed actors for the actor filter."""
    _execute_all(conn, [
        "ALTER TABLE events ADD COLUMN contested INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE events ADD COLUMN claimed_actors TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX events_contested ON events (contested) WHERE contested",
    ])


def prefilter_skips(conn: sqlite3.Connection) -> None:
    """Articles stored without analysis (the relevance prefilter's skips), so re-ingest stays idempotent."""
    from frontwire.store.state import SKIPPED_TABLE

    conn.execute(SKIPPED_TABLE)


def watch_state(conn: sqlite3.Connection) -> None:
    """What `watch` fetched, and each feed's backoff and HTTP validators, so it resumes after a crash."""
    from frontwire.store.state import WATCH_TABLES

    _execute_all(conn, WATCH_TABLES)


# Append only: a released migration is never edited or reordered, since databases record it by name.
MIGRATIONS: tuple[Migration, ...] = (
    ("0001_initial_schema", initial_schema),
    ("0002_reviews", reviews),
    ("0003_mention_blocks", mention_blocks),
    ("0004_contested_attribution", contested_attribution),
    ("0005_prefilter_skips", prefilter_skips),
    ("0006_watch_state", watch_state),
)


def applied_migrations(conn: sqlite3.Connection) -> set[str]:
    """Names recorded in `_migrations`."""
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply each migration not yet recorded, one transaction each; returns the names applied now."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    # Read first: an up-to-date database (the usual case) is opened without taking the write lock.
    pending = [(name, function) for name, function in migrations if name not in applied_migrations(conn)]
    applied = []
    for name, function in pending:
        # IMMEDIATE takes the write lock before the re-check, so two processes cannot both apply one.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if name not in applied_migrations(conn):
                function(conn)
                conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                             (name, datetime.now(timezone.utc).isoformat(timespec="seconds")))
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return applied
