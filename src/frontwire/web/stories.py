"""Stories of the API: events that share a reporting article, grouped together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from frontwire.models import Event


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def event_stories(events: Iterable[Event], limit: int) -> list[dict[str, Any]]:
    """Up to `limit` stories, newest first: {story_id, event_ids, article_ids, first, last, fatalities}."""
    parent: dict[str, str] = {}
    by_id: dict[str, Event] = {}
    for event in events:
        by_id[event.event_id] = event
        parent.setdefault(event.event_id, event.event_id)
        for source in event.sources:
            article = "article:" + (source.article_hash or source.article_id)
            parent.setdefault(article, article)
            parent[_find(parent, article)] = _find(parent, event.event_id)
    groups: dict[str, list[Event]] = {}
    for event_id, event in by_id.items():
        groups.setdefault(_find(parent, event_id), []).append(event)
    stories = []
    for members in groups.values():
        members.sort(key=lambda e: (e.event_date or "", e.event_id))
        dates = [e.event_date for e in members if e.event_date]
        stories.append({
            "story_id": "story-" + members[0].event_id,
            "event_ids": [e.event_id for e in members],
            "article_ids": sorted({s.article_id for e in members for s in e.sources}),
            "first": min(dates, default=None), "last": max(dates, default=None),
            "fatalities": sum(e.fatalities for e in members),
        })
    stories.sort(key=lambda s: (s["last"] or "", s["story_id"]), reverse=True)
    return stories[:limit]
