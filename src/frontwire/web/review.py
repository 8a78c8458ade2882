"""Reading and checking the body of an analyst's review request."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from frontwire.store.review import ACTIONS

MAX_BODY = 64 * 1024
MAX_WHO = 100
_LEGACY = {"confirmed": "confirm", "rejected": "reject"}
USAGE = ('the body must be a JSON object: {"action": "confirm" | "edit" | "reject" | "merge" | "split", '
         '"fields": {...} (edit), "other": EVENT_ID (merge), "source": INDEX (split), "who": NAME}')


# The body as the OpenAPI document describes it; parse_review checks the same and answers 400 otherwise.
REVIEW_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object",
    "properties": {
        "action": {"type": "string", "enum": list(ACTIONS)},
        "who": {"type": "string", "minLength": 1, "maxLength": MAX_WHO},
        "fields": {"type": "object", "description": "edit: the fields to change and their new values"},
        "other": {"type": "string", "description": "merge: the id of the event merged into this one"},
        "source": {"type": "integer", "minimum": 0, "description": "split: the index of the source split off"},
    },
    "required": ["action"],
}}}}


@dataclass(frozen=True)
class ReviewRequest:
    """One review action as the API received it."""

    action: str
    who: str
    body: dict[str, Any]


def parse_review(raw: bytes) -> ReviewRequest:
    """The review a request body asks for; ValueError with a message for the client when it is malformed."""
    if len(raw) > MAX_BODY:
        raise ValueError(f"the body is larger than {MAX_BODY} bytes")
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ValueError(USAGE) from None
    if not isinstance(data, dict):
        raise ValueError(USAGE)
    # {"status": "confirmed" | "rejected"}: the first form of this endpoint, still accepted.
    action = data.get("action", _LEGACY.get(data.get("status")) if "status" in data else None)
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)} (or status confirmed / rejected)")
    who = data.get("who", "analyst")
    if not isinstance(who, str) or not who.strip() or len(who) > MAX_WHO:
        raise ValueError(f"who must be a name of 1 to {MAX_WHO} characters")
    return ReviewRequest(action, who.strip(), data)
