"""PostgreSQL schema as named migrations, each applied once and recorded in `_migrations`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import psycopg

Migration = tuple[str, Callable[[psycopg.Connection], None]]

POSTGIS = "0002_postgis_position"
# Any constant works: it only has to be the same in every process that migrates this database.
_MIGRATION_LOCK = 0x66770001


def _execute_all(conn: psycopg.Connection, statements: Sequence[str]) -> None:
    for statement in statements:
        conn.execute(statement)


def initial_schema(conn: psycopg.Connection) -> None:
    """Articles, mentions, events with their sources, and failed inputs."""
    # COLLATE "C" on every sort and key column: pages and cursors must order exactly as SQLite and
    # Python do (by code point), whatever the server's default collation is.
    _execute_all(conn, [
        """CREATE TABLE articles (
            hash TEXT COLLATE "C" PRIMARY KEY, id TEXT NOT NULL, title TEXT, url TEXT, published TEXT,
            source TEXT, language TEXT, body_start BIGINT NOT NULL DEFAULT 0, dateline TEXT, text TEXT NOT NULL,
            ingested_at TEXT NOT NULL)""",
        "CREATE INDEX articles_id ON articles (id)",
        # No foreign key to articles, as in SQLite: a mention outlives a re-written article.
        """CREATE TABLE mentions (
            article_hash TEXT COLLATE "C" NOT NULL, start BIGINT NOT NULL, sub_event_type TEXT COLLATE "C" NOT NULL,
            event_date TEXT COLLATE "C", data JSON NOT NULL,
            PRIMARY KEY (article_hash, start, sub_event_type))""",
        "CREATE INDEX mentions_event_date ON mentions (event_date)",
        # The *_f columns hold Python-casefolded copies, so filters fold text exactly as SQLite's do.
        """CREATE TABLE events (
            event_id TEXT COLLATE "C" PRIMARY KEY, event_date TEXT COLLATE "C", country TEXT, iso3 TEXT,
            event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
            actor1 TEXT, actor2 TEXT, assoc_actor_1 TEXT, assoc_actor_2 TEXT,
            latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, fatalities BIGINT NOT NULL DEFAULT 0,
            country_f TEXT, iso3_f TEXT, event_type_f TEXT, sub_event_type_f TEXT,
            actors_f TEXT[] NOT NULL DEFAULT '{}', search TEXT NOT NULL DEFAULT '', data JSON NOT NULL)""",
        # Matches the listing's keyset order, so a page is an index range scan.
        "CREATE INDEX events_page ON events ((COALESCE(event_date, '')) DESC, event_id)",
        "CREATE INDEX events_country ON events (country_f)",
        "CREATE INDEX events_iso3 ON events (iso3_f)",
        "CREATE INDEX events_type ON events (event_type_f, sub_event_type_f)",
        "CREATE INDEX events_position ON events (latitude, longitude)",
        """CREATE TABLE event_sources (
            event_id TEXT COLLATE "C" NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
            article_hash TEXT COLLATE "C" NOT NULL, article_id TEXT NOT NULL,
            start BIGINT NOT NULL, "end" BIGINT NOT NULL, sentence TEXT NOT NULL)""",
        "CREATE INDEX event_sources_event ON event_sources (event_id)",
        "CREATE INDEX event_sources_article ON event_sources (article_hash)",
        """CREATE TABLE failures (
            name TEXT COLLATE "C" PRIMARY KEY, reason TEXT NOT NULL, failed_at TEXT NOT NULL)""",
    ])


def postgis_position(conn: psycopg.Connection) -> None:
    """A PostGIS point of each located event, generated from latitude/longitude, with a GiST index."""
    _execute_all(conn, [
        """ALTER TABLE events ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS (
            CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL
                 THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED""",
        "CREATE INDEX events_geom ON events USING GIST (geom)",
    ])


def mention_blocks(conn: psycopg.Connection) -> None:
    """Mentions keyed for the incremental merge: event type, time precision and country beside the date."""
    _execute_all(conn, [
        """ALTER TABLE mentions ADD COLUMN event_type TEXT COLLATE "C" NOT NULL DEFAULT '',
            ADD COLUMN time_precision INTEGER NOT NULL DEFAULT 3,
            ADD COLUMN country TEXT COLLATE "C" NOT NULL DEFAULT '-'""",
        # The place's ISO2 code; '' for a place without a country; '-' for no place (store.base.NO_PLACE).
        """UPDATE mentions SET event_type = data->>'event_type',
            time_precision = COALESCE((data->>'time_precision')::int, 3),
            country = CASE WHEN data->>'place' IS NULL THEN '-' ELSE COALESCE(data->'place'->>'iso2', '') END""",
        "CREATE INDEX mentions_block ON mentions (event_type, time_precision, country, event_date)",
    ])


def contested_attribution(conn: psycopg.Connection) -> None:
    """Events whose reports blame different actors (the claimed actors join actors_f for the actor filter)."""
    _execute_all(conn, [
        "ALTER TABLE events ADD COLUMN contested BOOLEAN NOT NULL DEFAULT FALSE",
        "CREATE INDEX events_contested ON events (contested) WHERE contested",
    ])


def reviews(conn: psycopg.Connection) -> None:
    """Analyst review state of events (status, overriding fields) and the audit trail, as in SQLite."""
    _execute_all(conn, [
        """CREATE TABLE reviews (
            event_id TEXT COLLATE "C" PRIMARY KEY, status TEXT NOT NULL, overrides TEXT NOT NULL DEFAULT '{}',
            merged_into TEXT, updated_at TEXT NOT NULL)""",
        """CREATE TABLE audit (
            id BIGSERIAL PRIMARY KEY, event_id TEXT COLLATE "C" NOT NULL, action TEXT NOT NULL,
            who TEXT NOT NULL, at TEXT NOT NULL, before TEXT, after TEXT)""",
        "CREATE INDEX audit_event ON audit (event_id)",
    ])


def prefilter_skips(conn: psycopg.Connection) -> None:
    """Articles stored without analysis (the relevance prefilter's skips), so re-ingest stays idempotent."""
    from frontwire.store.state import SKIPPED_TABLE

    conn.execute(SKIPPED_TABLE.replace("TEXT PRIMARY KEY", 'TEXT COLLATE "C" PRIMARY KEY'))


def watch_state(conn: psycopg.Connection) -> None:
    """What `watch` fetched, and each feed's backoff and HTTP validators, so it resumes after a crash."""
    from frontwire.store.state import WATCH_TABLES

    _execute_all(conn, WATCH_TABLES)


# Append only: a released migration is never edited or reordered, since databases record it by name.
MIGRATIONS: tuple[Migration, ...] = (
    ("0001_initial_schema", initial_schema),
    (POSTGIS, postgis_position),
    ("0003_mention_blocks", mention_blocks),
    ("0004_contested_attribution", contested_attribution),
    ("0005_reviews", reviews),
    ("0006_prefilter_skips", prefilter_skips),
    ("0007_watch_state", watch_state),
)


def applied_migrations(conn: psycopg.Connection) -> set[str]:
    """Names recorded in `_migrations`."""
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def apply_migrations(conn: psycopg.Connection, postgis: bool = True,
                     migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply each migration not yet recorded, in one transaction; returns the names applied now.

    The PostGIS migration runs only when the extension can be created; otherwise it stays pending, so a
    database opened again after PostGIS is installed gains the spatial index then.
    """
    applied = []
    with conn.transaction():
        # The lock serialises processes that open a new database at the same moment.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = applied_migrations(conn)
        for name, function in migrations:
            if name in done or (name == POSTGIS and not (postgis and enable_postgis(conn))):
                continue
            function(conn)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (%s, %s)",
                         (name, datetime.now(timezone.utc).isoformat(timespec="seconds")))
            applied.append(name)
    return applied


def enable_postgis(conn: psycopg.Connection) -> bool:
    """Create the PostGIS extension when the server has it and we may; False otherwise."""
    row = conn.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')").fetchone()
    if not row or not row[0]:
        return False
    try:
        with conn.transaction():  # a savepoint: a refused CREATE EXTENSION must not abort the migration
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.Error:
        return False
    return True
