"""The storage interface every backend implements, and the event query it answers."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from abc import ABC, abstractmethod
from contextlib import contextmanager
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from frontwire.models import Article, Event, Mention

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_QUERY_TERMS = 10  # bounds the work one `q` can ask of the database
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

BBox = tuple[float, float, float, float]
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def check_day(value: str | None, name: str) -> None:
    """Raise ValueError unless `value` is None or a real YYYY-MM-DD day."""
    if value is None:
        return
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


def parse_bbox(text: str) -> BBox:
    """Parse `min_lon,min_lat,max_lon,max_lat` (the form the CLI and the API take)."""
    parts = text.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError(f"bbox must be four comma-separated numbers min_lon,min_lat,max_lon,max_lat, "
                         f"got {text!r}") from None
    check_bbox(numbers)  # type: ignore[arg-type]
    return numbers  # type: ignore[return-value]


def check_bbox(bbox: Sequence[float]) -> None:
    """Raise ValueError unless `bbox` is (min_lon, min_lat, max_lon, max_lat) on the globe."""
    if len(bbox) != 4 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in bbox):
        raise ValueError("bbox must be four finite numbers (min_lon, min_lat, max_lon, max_lat)")
    min_lon, min_lat, max_lon, max_lat = bbox
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValueError("bbox longitudes must lie in [-180, 180]")
    if not (-90 <= min_lat <= max_lat <= 90):
        raise ValueError("bbox latitudes must lie in [-90, 90] with min_lat <= max_lat")


@dataclass(frozen=True)
class MentionBlock:
    """Stored mentions a new mention could join: these event types and time precision, dated within
    [since, until], and in one of these countries (the mentions' `country` key; None: any)."""

    event_types: tuple[str, ...]
    time_precision: int
    since: str
    until: str
    countries: tuple[str, ...] | None = None


NO_PLACE = "-"  # `country` key of a mention without a place; "" is a place without a country


def country_key(mention: Mention) -> str:
    """The mention's stored `country` key: its place's ISO2 code, "" without one, NO_PLACE without a place."""
    return NO_PLACE if mention.place is None else (mention.place.iso2 or "")


def searchable(event: Event) -> str:
    """The casefolded text `q` searches: notes, place, actors (claimed ones too) and source sentences."""
    texts = [event.notes, event.location, *(getattr(event, c) for c in ACTOR_COLUMNS),
             *(a.actor for a in event.attributions), *(s.sentence for s in event.sources)]
    return "\n".join(text for text in texts if text).casefold()


def block_condition(block: MentionBlock, mark: str) -> tuple[str, list[Any]]:
    """SQL condition and parameters of one block of `mentions_in_blocks` (an index range scan)."""
    check_day(block.since, "since")
    check_day(block.until, "until")
    where = [f"event_type IN ({', '.join([mark] * len(block.event_types))})", f"time_precision = {mark}"]
    params: list[Any] = [*block.event_types, block.time_precision]
    if block.countries is not None:
        where.append(f"country IN ({', '.join([mark] * len(block.countries))})")
        params += block.countries
    where.append(f"event_date BETWEEN {mark} AND {mark}")
    return " AND ".join(where), [*params, block.since, block.until]


def encode_cursor(event_date: str | None, event_id: str) -> str:
    """Opaque cursor for the page after the event with this sort key."""
    raw = json.dumps([event_date or "", event_id], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """Sort key (event_date or "", event_id) inside a cursor; ValueError when it is not one of ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        if not (isinstance(key, list) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            raise ValueError
    except (ValueError, UnicodeError, binascii.Error):
        raise ValueError("invalid cursor: pass back the `next` value of a previous page unchanged") from None
    return key[0], key[1]


@dataclass(frozen=True)
class EventQuery:
    """Filters and page of an event listing; every text filter is case-insensitive."""

    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    country: str | None = None  # country name or ISO3 code
    event_type: str | None = None  # event_type or sub_event_type
    actor: str | None = None  # substring of actor1, actor2 or an associated actor
    bbox: BBox | None = None  # min_lon, min_lat, max_lon, max_lat; min_lon > max_lon crosses 180°
    q: str | None = None  # every word must occur in notes, location, actors or a source sentence
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def validate(self) -> EventQuery:
        """Raise ValueError with a clear message when a filter is malformed; returns self."""
        check_day(self.since, "since")
        check_day(self.until, "until")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {self.limit!r}")
        if self.bbox is not None:
            check_bbox(self.bbox)
        if len(self.terms()) > MAX_QUERY_TERMS:
            raise ValueError(f"q may hold at most {MAX_QUERY_TERMS} words")
        if self.cursor is not None:
            decode_cursor(self.cursor)
        return self

    def terms(self) -> list[str]:
        """The casefolded words of `q`."""
        return self.q.casefold().split() if self.q else []


class Store(ABC):
    """Articles, mentions and events of one database; every write is an idempotent upsert."""

    @abstractmethod
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns the names applied now."""

    @abstractmethod
    def known_articles(self, hashes: Iterable[str]) -> set[str]:
        """The subset of these article content hashes already stored."""

    @abstractmethod
    def write_batch(self, articles: Sequence[Article], mentions: Sequence[Mention], events: Sequence[Event],
                    retired_event_ids: Iterable[str] = ()) -> None:
        """Upsert articles, mentions and events and delete retired events, all in one transaction."""

    @abstractmethod
    def mentions_in_blocks(self, blocks: Iterable[MentionBlock]) -> list[Mention]:
        """The stored mentions in any of these blocks, each once."""

    @abstractmethod
    def mentions_of_articles(self, hashes: Iterable[str]) -> list[Mention]:
        """Every stored mention of these articles."""

    @abstractmethod
    def event_ids_for_articles(self, hashes: Iterable[str]) -> set[str]:
        """Ids of the stored events that have a source in one of these articles."""

    @abstractmethod
    def event_ids_for_sources(self, sources: Iterable[tuple[str, int]]) -> set[str]:
        """Ids of the stored events citing one of these (article hash, sentence start) as a source."""

    @abstractmethod
    def record_failures(self, failures: Sequence[tuple[str, str]]) -> None:
        """Remember (input name, reason) pairs; a name seen again keeps its latest reason."""

    @abstractmethod
    def clear_failures(self, names: Iterable[str]) -> None:
        """Forget the failures of inputs that have since succeeded."""

    @abstractmethod
    def events(self, query: EventQuery) -> tuple[list[Event], str | None]:
        """One page of events (event_date descending, then event_id) and the next page's cursor or None."""

    @abstractmethod
    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""

    @abstractmethod
    def all_events(self) -> Iterator[Event]:
        """Every event, streamed in (event_date, event_id) order, undated ones last."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts: at least articles, events, sources (event-source links) and failed (inputs)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store may not be used afterwards."""

    def event_dicts(self, query: EventQuery) -> tuple[list[dict[str, Any]], str | None]:
        """One page as the contract's JSON objects; a backend may override it to skip building Events."""
        page, cursor = self.events(query)
        return [event.to_dict() for event in page], cursor

    # Review and reading aids. Not abstract: a backend without them answers NotImplementedError (501 in the API).

    def article(self, key: str) -> dict[str, Any] | None:
        """The stored article by content hash or id: {hash, id, title, url, published, source, text}, or None."""
        raise NotImplementedError(f"{type(self).__name__} does not serve article texts")

    def review(self, event_id: str, action: str, who: str, body: dict[str, Any]) -> dict[str, Any]:
        """Apply a review action (confirm, edit, reject, merge, split); returns {"event", "status", "audit"}."""
        raise NotImplementedError(f"{type(self).__name__} does not store reviews")

    def audit(self, event_id: str) -> list[dict[str, Any]]:
        """The audit records {id, event_id, action, who, at, before, after} of an event, oldest first."""
        raise NotImplementedError(f"{type(self).__name__} does not store reviews")

    def review_status(self, event_id: str) -> str | None:
        """The review status of an event, or None when it was never reviewed."""
        raise NotImplementedError(f"{type(self).__name__} does not store reviews")

    def summary(self, query: EventQuery) -> dict[str, Any]:
        """Events and fatalities of the matching events by ISO week (its Monday), event type and admin1."""
        weeks: dict[str, list[int]] = {}
        types: dict[str, int] = {}
        admin1: dict[str, int] = {}
        for event in self.iter_events(query):
            if event.event_date:
                day = date.fromisoformat(event.event_date)
                week = weeks.setdefault((day - timedelta(days=day.weekday())).isoformat(), [0, 0])
                week[0] += 1
                week[1] += event.fatalities
            types[event.event_type] = types.get(event.event_type, 0) + 1
            place = event.admin1 or "unknown"
            admin1[place] = admin1.get(place, 0) + 1
        return {"by_week": [{"week": w, "events": n, "fatalities": f} for w, (n, f) in sorted(weeks.items())],
                "by_event_type": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
                "by_admin1": dict(sorted(admin1.items(), key=lambda kv: (-kv[1], kv[0])))}

    @contextmanager
    def merge_lock(self) -> Iterator[None]:
        """Exclusive across processes for one ingest re-merge window; a private store needs none."""
        yield

    def iter_events(self, query: EventQuery) -> Iterator[Event]:
        """Every event matching the filters, walking the pages from `query.cursor` on."""
        query = replace(query, limit=MAX_LIMIT).validate()
        while True:
            page, cursor = self.events(query)
            yield from page
            if cursor is None:
                return
            query = replace(query, cursor=cursor)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
