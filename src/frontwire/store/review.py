"""Analyst review of stored events: confirm, edit, reject, merge, split, each kept as an audit record.

The rules here are backend-neutral (what an edit may change, how a merge or split rewrites events), and so
is `Reviews`, which stores them in the `reviews` and `audit` tables (SQLite's migration 0002, PostgreSQL's
the reviews migration) through the backend's connection with `?` placeholders. An event's review overrides survive
later ingests: the store re-applies them whenever the pipeline rewrites the event.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from frontwire.lexicon import TAXONOMY
from frontwire.models import EVENT_FIELDS, Event, stored_dict
from frontwire.store.base import check_day

ACTIONS = ("confirm", "edit", "reject", "merge", "split")
GONE = ("rejected", "merged")  # statuses of events that no longer exist and must not come back
_NULLABLE_TEXT = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "country", "iso3", "admin1", "admin2",
                  "location")
_COUNTS = ("fatalities", "fatalities_low", "fatalities_high")
_CODES = {"inter1": (1, 8), "inter2": (1, 8), "interaction": (10, 88), "time_precision": (1, 3),
          "geo_precision": (1, 3)}
EDITABLE = tuple(f for f in EVENT_FIELDS if f not in ("event_id", "sources"))
MAX_TEXT = 2000


class ReviewNotFound(LookupError):
    """The event to review does not exist (never did)."""


class ReviewGone(LookupError):
    """The event to review was rejected or merged into another one."""


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def apply_overrides(event: Event, overrides: dict[str, Any]) -> Event:
    """The event with the analyst's reviewed fields put back over the pipeline's values."""
    if not overrides:
        return event
    data = stored_dict(event)
    data.update({k: v for k, v in overrides.items() if k in EVENT_FIELDS and k != "event_id"})
    return Event.from_dict(data)


def _check_number(name: str, value: Any) -> None:
    if name in _COUNTS or name in _CODES or name == "geonameid":
        nullable = name not in _COUNTS and name != "time_precision"
        if value is None and nullable:
            return
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer")
        low, high = _CODES.get(name, (0, math.inf))
        if not low <= value <= high:
            raise ValueError(f"{name} must lie in [{low}, {high}]")
        return
    bounds = {"latitude": 90, "longitude": 180, "confidence": 1}[name]
    if value is None and name != "confidence":
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number")
    if not (0 if name == "confidence" else -bounds) <= value <= bounds:
        raise ValueError(f"{name} is out of range")


def check_edit(event: Event, changes: Any) -> dict[str, Any]:
    """The validated field changes of an edit; ValueError naming the first bad field."""
    if not isinstance(changes, dict) or not changes:
        raise ValueError("fields must be a non-empty object of event fields to change")
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"field {str(name)[:40]!r} cannot be edited; editable: {', '.join(EDITABLE)}")
        if name in _NULLABLE_TEXT or name == "notes":
            if not (isinstance(value, str) or (value is None and name != "notes")):
                raise ValueError(f"{name} must be text" + ("" if name == "notes" else " or null"))
            if isinstance(value, str) and len(value) > MAX_TEXT:
                raise ValueError(f"{name} is longer than {MAX_TEXT} characters")
        elif name == "event_date":
            if value is not None and not isinstance(value, str):
                raise ValueError("event_date must be YYYY-MM-DD or null")
            check_day(value, "event_date")
        elif name == "civilian_targeting":
            if not isinstance(value, bool):
                raise ValueError("civilian_targeting must be true or false")
        elif name not in ("event_type", "sub_event_type"):
            _check_number(name, value)
    changes = _with_fatality_range(event, dict(changes))
    kind = changes.get("event_type", event.event_type)
    sub = changes.get("sub_event_type", event.sub_event_type)
    if kind not in TAXONOMY or sub not in TAXONOMY[kind]:
        raise ValueError(f"sub_event_type {str(sub)[:60]!r} is not an ACLED sub-event type of {str(kind)[:60]!r}")
    return changes


def _with_fatality_range(event: Event, changes: dict[str, Any]) -> dict[str, Any]:
    """Changes that keep fatalities_low <= fatalities <= fatalities_high, widening the range to an edited count."""
    count = changes.get("fatalities", event.fatalities)
    if "fatalities" in changes:
        changes.setdefault("fatalities_low", min(event.fatalities_low, count))
        changes.setdefault("fatalities_high", max(event.fatalities_high, count))
    if not changes.get("fatalities_low", event.fatalities_low) <= count <= changes.get(
            "fatalities_high", event.fatalities_high):
        raise ValueError("fatalities must lie within fatalities_low and fatalities_high")
    return changes


def merged_event(target: Event, other: Event) -> Event:
    """The target with the other event's sources added (each report once)."""
    seen = {(s.article_hash or s.article_id, s.start, s.end) for s in target.sources}
    extra = tuple(s for s in other.sources if (s.article_hash or s.article_id, s.start, s.end) not in seen)
    return replace(target, sources=target.sources + extra)


def split_events(event: Event, index: Any) -> tuple[Event, Event]:
    """(the event without source `index`, a new event holding only that source)."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(event.sources):
        raise ValueError(f"source must be the index of one of the event's {len(event.sources)} sources")
    if len(event.sources) < 2:
        raise ValueError("an event with one source cannot be split")
    source = event.sources[index]
    key = f"{event.event_id}|{source.article_hash or source.article_id}|{source.start}|{source.end}"
    new_id = f"{event.event_id}-split-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"
    rest = tuple(s for i, s in enumerate(event.sources) if i != index)
    return replace(event, sources=rest), replace(event, event_id=new_id, sources=(source,))


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


class Reviews:
    """Review and audit, mixed into a store that has `_reading()` and `_transaction()` (connections that take
    `?` placeholders), `_write_reviewed`, `_delete_events` and `event`."""

    def _reading(self) -> Any:
        raise NotImplementedError

    def review_states(self, conn: sqlite3.Connection, event_ids: Sequence[str]) -> dict[str, tuple[str, dict]]:
        """(status, overrides) of the reviewed events among these ids."""
        found: dict[str, tuple[str, dict]] = {}
        for start in range(0, len(event_ids), 500):
            chunk = list(event_ids[start:start + 500])
            sql = f"SELECT event_id, status, overrides FROM reviews WHERE event_id IN ({','.join('?' * len(chunk))})"
            found.update((i, (s, json.loads(o))) for i, s, o in conn.execute(sql, chunk))
        return found

    def protect_reviewed(self, conn: sqlite3.Connection, events: list[Event],
                         retired: list[str]) -> tuple[list[Event], list[str]]:
        """Events with review overrides re-applied (gone ones dropped), and retired ids minus reviewed ones."""
        states = self.review_states(conn, [e.event_id for e in events] + list(retired))
        kept = [apply_overrides(e, states[e.event_id][1]) if e.event_id in states else e
                for e in events if states.get(e.event_id, ("", {}))[0] not in GONE]
        return kept, [i for i in retired if i not in states or states[i][0] in GONE]

    def audit(self, event_id: str) -> list[dict[str, Any]]:
        """The audit records of an event, oldest first."""
        rows = self._reading().execute("SELECT id, event_id, action, who, at, before, after FROM audit "
                                  "WHERE event_id = ? ORDER BY id", (event_id,))
        return [{"id": r[0], "event_id": r[1], "action": r[2], "who": r[3], "at": r[4],
                 "before": _loads(r[5]), "after": _loads(r[6])} for r in rows]

    def review_status(self, event_id: str) -> str | None:
        """The review status of an event (confirmed, edited, rejected, merged, split) or None."""
        row = self._reading().execute("SELECT status FROM reviews WHERE event_id = ?", (event_id,)).fetchone()
        return row[0] if row else None

    def review(self, event_id: str, action: str, who: str, body: dict[str, Any]) -> dict[str, Any]:
        """Apply one review action in one transaction; returns {"event", "status", "audit"} of the event."""
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
        with self._transaction() as conn:
            event = self._reviewable(conn, event_id)
            status = getattr(self, f"_review_{action}")(conn, event, who, body)
        return {"event": None if status in GONE else self.event(event_id), "status": status,
                "audit": self.audit(event_id)}

    def _reviewable(self, conn: sqlite3.Connection, event_id: str) -> Event:
        state = self.review_states(conn, [event_id]).get(event_id)
        if state and state[0] in GONE:
            raise ReviewGone(f"event {event_id!r} was {state[0]} and can no longer be reviewed")
        event = self.event(event_id)
        if event is None:
            raise ReviewNotFound(f"no event with id {event_id!r}")
        return event

    def _record(self, conn: sqlite3.Connection, event_id: str, action: str, who: str, before: Any,
                after: Any, status: str, overrides: dict | None = None, merged_into: str | None = None) -> None:
        old = self.review_states(conn, [event_id]).get(event_id, ("", {}))[1]
        conn.execute("INSERT INTO reviews (event_id, status, overrides, merged_into, updated_at) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET status = excluded.status, "
                     "overrides = excluded.overrides, merged_into = excluded.merged_into, "
                     "updated_at = excluded.updated_at",
                     (event_id, status, _dumps(old | (overrides or {})), merged_into, now()))
        conn.execute("INSERT INTO audit (event_id, action, who, at, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                     (event_id, action, who, now(), _dumps(before), _dumps(after)))

    def _review_confirm(self, conn: sqlite3.Connection, event: Event, who: str, body: dict) -> str:
        before = {"status": self.review_status(event.event_id)}
        self._record(conn, event.event_id, "confirm", who, before, {"status": "confirmed"}, "confirmed")
        return "confirmed"

    def _review_edit(self, conn: sqlite3.Connection, event: Event, who: str, body: dict) -> str:
        changes = check_edit(event, body.get("fields"))
        data = event.to_dict()
        before = {name: data[name] for name in changes}
        self._write_reviewed(conn, [apply_overrides(event, changes)])
        self._record(conn, event.event_id, "edit", who, before, changes, "edited", overrides=changes)
        return "edited"

    def _review_reject(self, conn: sqlite3.Connection, event: Event, who: str, body: dict) -> str:
        self._delete_events(conn, [event.event_id])
        self._record(conn, event.event_id, "reject", who, stored_dict(event), {"status": "rejected"}, "rejected")
        return "rejected"

    def _review_merge(self, conn: sqlite3.Connection, event: Event, who: str, body: dict) -> str:
        other_id = body.get("other")
        if not isinstance(other_id, str) or other_id == event.event_id:
            raise ValueError("merge needs \"other\": the id of another event to merge into this one")
        other = self._reviewable(conn, other_id)
        merged = merged_event(event, other)
        sources = stored_dict(merged)["sources"]
        self._delete_events(conn, [other_id])
        self._write_reviewed(conn, [merged])
        self._record(conn, event.event_id, "merge", who, {"sources": event.to_dict()["sources"]},
                     {"merged": other_id, "sources": merged.to_dict()["sources"]}, "merged-into",
                     overrides={"sources": sources})
        self._record(conn, other_id, "merge", who, stored_dict(other), {"merged_into": event.event_id}, "merged",
                     merged_into=event.event_id)
        return "merged-into"

    def _review_split(self, conn: sqlite3.Connection, event: Event, who: str, body: dict) -> str:
        rest, new = split_events(event, body.get("source"))
        if self.event(new.event_id) is not None:
            raise ValueError("this source was already split off")
        self._write_reviewed(conn, [rest, new])
        moved = new.sources[0].to_dict()
        self._record(conn, event.event_id, "split", who, {"sources": event.to_dict()["sources"]},
                     {"split_off": new.event_id, "source": moved}, "split",
                     overrides={"sources": stored_dict(rest)["sources"]})
        self._record(conn, new.event_id, "split", who, {"split_from": event.event_id}, {"source": moved},
                     "split", overrides={"sources": stored_dict(new)["sources"]})
        return "split"
