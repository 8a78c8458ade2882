"""Storage of articles, mentions and events behind one backend-neutral interface."""

from __future__ import annotations

from frontwire.errors import NotConfigured
from frontwire.store.base import DEFAULT_LIMIT, MAX_LIMIT, EventQuery, Store, parse_bbox

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "EventQuery", "Store", "open_store", "parse_bbox"]

_SQLITE = "sqlite:///"
_POSTGRES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open the database at `url` (sqlite:///PATH, sqlite:////ABS/PATH, sqlite:///:memory:, postgresql://...)
    and migrate it."""
    if url.startswith(_SQLITE) and len(url) > len(_SQLITE):
        # Imported here so that the PostgreSQL backend, when it comes, does not load SQLite code and vice versa.
        from frontwire.store.sqlite import SQLiteStore

        store: Store = SQLiteStore(url[len(_SQLITE):])
    elif url.startswith(_POSTGRES):
        from frontwire.store.postgres import PostgresStore

        store = PostgresStore(url)
    else:
        raise NotConfigured(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://...")
    if migrate:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store
