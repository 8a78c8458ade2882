"""Ingest bookkeeping of both backends: articles the prefilter skipped, and what `watch` has seen and when.

`StateStore` is mixed into SQLiteStore and PostgresStore; it writes SQL with `?` placeholders and leaves
running it to the backend (`_state_write`, `_state_read`), so both backends keep the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from frontwire.store.review import now

_CHUNK = 500

_SKIP_UPSERT = """
INSERT INTO skipped_articles (hash, reason, skipped_at) VALUES (?, ?, ?)
ON CONFLICT (hash) DO UPDATE SET reason = excluded.reason, skipped_at = excluded.skipped_at"""
_SEEN_UPSERT = """
INSERT INTO watch_seen (url, feed, status, seen_at) VALUES (?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET status = excluded.status, seen_at = excluded.seen_at"""
_FEED_UPSERT = """
INSERT INTO watch_feeds (url, failures, next_poll, last_error, etag, modified, polled_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET failures = excluded.failures, next_poll = excluded.next_poll,
    last_error = excluded.last_error, etag = excluded.etag, modified = excluded.modified,
    polled_at = excluded.polled_at"""

# Both backends create these tables in a named migration (SQLite 0005_prefilter_skips, 0006_watch_state; PostgreSQL 0006, 0007).
SKIPPED_TABLE = """CREATE TABLE skipped_articles (
    hash TEXT PRIMARY KEY, reason TEXT NOT NULL, skipped_at TEXT NOT NULL)"""
WATCH_TABLES = (
    """CREATE TABLE watch_seen (
        url TEXT PRIMARY KEY, feed TEXT NOT NULL, status TEXT NOT NULL, seen_at TEXT NOT NULL)""",
    """CREATE TABLE watch_feeds (
        url TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, next_poll DOUBLE PRECISION NOT NULL DEFAULT 0,
        last_error TEXT, etag TEXT, modified TEXT, polled_at TEXT)""",
)


@dataclass(frozen=True)
class FeedState:
    """What `watch` remembers of one feed: consecutive failures, when to poll next (epoch s), HTTP validators."""

    url: str
    failures: int = 0
    next_poll: float = 0.0
    last_error: str | None = None
    etag: str | None = None
    modified: str | None = None


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    iterator = iter(sorted(set(values)))
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


class StateStore:
    """Skip records and watch state; the backend supplies `_state_write(sql, rows)` and `_state_read(sql, params)`."""

    def _state_write(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _state_read(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _present(self, table: str, column: str, values: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(values):
            sql = f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})"
            found.update(row[0] for row in self._state_read(sql, chunk))
        return found

    def record_skipped(self, skipped: Sequence[tuple[str, str]]) -> None:
        """Remember (article hash, reason) of articles stored without analysis (the prefilter's skips)."""
        stamp = now()
        rows = sorted({h: (h, reason, stamp) for h, reason in skipped}.values())
        if rows:
            self._state_write(_SKIP_UPSERT, rows)

    def skipped_articles(self, hashes: Iterable[str]) -> set[str]:
        """The subset of these article hashes stored as skipped."""
        return self._present("skipped_articles", "hash", hashes)

    def forget_skipped(self, hashes: Iterable[str]) -> None:
        """Drop the skip records of articles that have since been analyzed."""
        rows = [(h,) for h in sorted(set(hashes))]
        if rows:
            self._state_write("DELETE FROM skipped_articles WHERE hash = ?", rows)

    def seen_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these article URLs that `watch` fetched (or gave up on) before."""
        return self._present("watch_seen", "url", urls)

    def mark_seen(self, entries: Sequence[tuple[str, str, str]]) -> None:
        """Remember (url, feed, status) of article URLs `watch` tried; status is "fetched" or why it failed."""
        stamp = now()
        rows = sorted({url: (url, feed, status, stamp) for url, feed, status in entries}.values())
        if rows:
            self._state_write(_SEEN_UPSERT, rows)

    def feed_state(self, url: str) -> FeedState:
        """What is remembered of a feed (a fresh state when it was never polled)."""
        rows = self._state_read("SELECT url, failures, next_poll, last_error, etag, modified FROM watch_feeds "
                                "WHERE url = ?", [url])
        return FeedState(*rows[0]) if rows else FeedState(url)

    def save_feed_state(self, state: FeedState) -> None:
        """Store a feed's state after a poll."""
        self._state_write(_FEED_UPSERT, [(state.url, state.failures, state.next_poll, state.last_error,
                                          state.etag, state.modified, now())])
