"""Live feeds: poll RSS/Atom feeds, fetch the new articles once each, and ingest them incrementally.

What was fetched and each feed's backoff live in the database (store/state.py), so a watcher resumes where
it stopped, after a crash too; the only article fetched again after a crash is one whose round had not
been written yet.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .models import Article
from .pipeline import Report

if TYPE_CHECKING:
    from .store.base import Store
    from .store.state import FeedState

USER_AGENT = "frontwire-watch/0.1"
TIMEOUT_S = 10.0
MAX_FEED_BYTES = 20 * 1024 * 1024
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_NEW_PER_FEED = 100  # articles fetched from one feed in one round: a 10k-item feed is worked off over rounds
BACKOFF_BASE_S = 60.0  # a failing feed waits 1, 2, 4 ... minutes, at most MAX_BACKOFF_S, before its next poll
MAX_BACKOFF_S = 6 * 3600.0


@dataclass(frozen=True)
class Options:
    """How one watcher polls and ingests."""

    timeout: float = TIMEOUT_S
    max_new: int = MAX_NEW_PER_FEED
    workers: int = 1
    model: str | None = None
    prefilter: bool | None = None


@dataclass
class WatchReport:
    """One round: feeds polled, failed or backing off, articles fetched, and the ingest's own report."""

    polled: int = 0
    backing_off: int = 0
    fetched: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    ingest: Report = field(default_factory=Report)

    def summary(self) -> dict[str, Any]:
        """The round as the JSON object `watch` prints."""
        return {"feeds_polled": self.polled, "feeds_backing_off": self.backing_off, "fetched": self.fetched,
                "new_articles": self.ingest.new_articles, "events_written": len(self.ingest.events),
                "skipped": self.ingest.skipped, "failed": len(self.failures)}


class FetchError(Exception):
    """A feed or page could not be fetched or read; the message says why."""


def read_feeds(path: str) -> list[str]:
    """Feed URLs of a file: one a line; blank lines and `#` comments are ignored; each URL once."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = [line.strip() for line in handle]
    except (OSError, UnicodeDecodeError) as error:
        from .errors import NotConfigured

        raise NotConfigured(f"cannot read feeds file {path}: {error}") from error
    return list(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


def fetch(url: str, timeout: float, limit: int, headers: dict[str, str] | None = None) -> tuple[bytes, Any]:
    """(body, response headers) of a GET; FetchError with a short reason on any failure."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - feeds are http(s)
            body = response.read(limit + 1)
            if len(body) > limit:
                raise FetchError(f"larger than {limit // (1024 * 1024)} MB")
            return body, response.headers
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return b"", error.headers
        raise FetchError(f"HTTP {error.code}") from None
    except (socket.timeout, TimeoutError):
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FetchError(str(getattr(error, "reason", error))) from None


def _entries(body: bytes) -> list[Any]:
    """The entries of an RSS/Atom document; FetchError when it is not one (an HTML page, say)."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise FetchError("not an RSS or Atom feed")
    return list(parsed.entries)


def _entry_day(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def poll_feed(store: Store, state: FeedState, options: Options) -> list[tuple[str, str | None]]:
    """(link, entry day) of the feed's entries not fetched before, at most `options.max_new`; updates state."""
    from .store.state import FeedState

    headers = {k: v for k, v in (("If-None-Match", state.etag), ("If-Modified-Since", state.modified)) if v}
    body, response = fetch(state.url, options.timeout, MAX_FEED_BYTES, headers)
    entries = _entries(body) if body else []
    store.save_feed_state(FeedState(state.url, 0, 0.0, None, response.get("ETag") or state.etag,
                                    response.get("Last-Modified") or state.modified))
    links = list(dict.fromkeys((e.get("link"), _entry_day(e)) for e in entries if e.get("link")))
    new: list[tuple[str, str | None]] = []
    # Feeds list newest first; chunks keep the seen-check bounded however long the feed is.
    for start in range(0, len(links), 500):
        chunk = links[start:start + 500]
        seen = store.seen_urls(link for link, _ in chunk)
        new += [(link, day) for link, day in chunk if link not in seen]
        if len(new) >= options.max_new:
            break
    return new[:options.max_new]


def fetch_article(link: str, day: str | None, timeout: float) -> Article:
    """The article of a page, through the HTML reader; the feed's date when the page has none."""
    from .ingest import parse_html

    body, _ = fetch(link, timeout, MAX_PAGE_BYTES)
    article = parse_html(body, link, url=link)
    if article is None:
        raise FetchError("no article text found")
    return article if article.published or not day else replace(article, published=day)


def backoff(state: FeedState, reason: str, now: float) -> FeedState:
    """The state after a failed poll: one more failure, the next poll pushed back exponentially."""
    failures = state.failures + 1
    wait = min(BACKOFF_BASE_S * 2 ** (failures - 1), MAX_BACKOFF_S)
    return replace(state, failures=failures, next_poll=now + wait, last_error=reason)


def run_round(feeds: list[str], store: Store, options: Options = Options(),
              clock: Callable[[], float] = time.time) -> WatchReport:
    """Poll every feed that is not backing off, fetch its new articles once each, and ingest them."""
    from .scale import ingest_articles

    report = WatchReport()
    todo: dict[str, tuple[str, str | None]] = {}  # link -> (feed, day); an article in two feeds is fetched once
    for url in feeds:
        state = store.feed_state(url)
        if state.next_poll > clock():
            report.backing_off += 1
            continue
        report.polled += 1
        try:
            for link, day in poll_feed(store, state, options):
                todo.setdefault(link, (url, day))
        except FetchError as error:
            store.save_feed_state(backoff(state, str(error), clock()))
            report.failures.append((url, f"feed failed: {error}"))
    articles, seen = _fetch_all(todo, options, report)
    ingest_articles(articles, store, report.ingest, options.workers, options.model, prefilter=options.prefilter)
    store.record_failures(report.ingest.failures)
    # Marked after the articles are stored: a crash before this line fetches this round's pages again.
    store.mark_seen(seen)
    return report


def _fetch_all(todo: dict[str, tuple[str, str | None]], options: Options,
               report: WatchReport) -> tuple[list[Article], list[tuple[str, str, str]]]:
    """Articles of the new links, and (link, feed, status) of every link tried, fetched or not."""
    articles, seen = [], []
    for link, (feed, day) in todo.items():
        try:
            articles.append(fetch_article(link, day, options.timeout))
            seen.append((link, feed, "fetched"))
            report.fetched += 1
        except FetchError as error:
            # Not tried again: a watcher never fetches one article twice.
            seen.append((link, feed, f"failed: {error}"))
            report.failures.append((link, str(error)))
        except Exception as error:  # noqa: BLE001 - one odd page must not end the round
            seen.append((link, feed, f"failed: {type(error).__name__}"))
            report.failures.append((link, f"could not read the page ({type(error).__name__})"))
    return articles, seen


def watch(feeds_file: str, store: Store, options: Options = Options(), once: bool = False,
          interval: float = 300.0, sleep: Callable[[float], None] = time.sleep) -> Iterator[WatchReport]:
    """Rounds of `run_round` over the feeds file (read again each round), `interval` seconds apart."""
    while True:
        yield run_round(read_feeds(feeds_file), store, options)
        if once:
            return
        sleep(interval)
