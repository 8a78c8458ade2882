"""Background: older events a report recalls beside its own news ("a truck bombing in October 2017", "the 2015
attack on Garissa University College in which ... killed 148"). They are no events of the report."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .models import Timex

if TYPE_CHECKING:
    from spacy.tokens import Span

# A report's own news happened within days of it; an older event told later in it is background.
BACKGROUND_DAYS = 14


def older(published: str | None, event_date: str | None) -> bool:
    """The event's day lies more than BACKGROUND_DAYS before the report's."""
    if not published or not event_date:
        return False
    return (dt.date.fromisoformat(published) - dt.date.fromisoformat(event_date)).days > BACKGROUND_DAYS


def long_ago(published: str | None, timexes: list[Timex], start: int, end: int) -> bool:
    """The text [start, end) names only years, months or days long gone by ("in 2012, when it seized Goma")."""
    if not published:
        return False
    day = dt.date.fromisoformat(published)
    periods = [period(t.value) for t in timexes if start <= t.start < end]
    # "this year" holds the report's own day: it dates nothing in particular
    periods = [p for p in periods if p is not None and not p[0] <= day <= p[1]]
    return bool(periods) and all((day - p[1]).days > BACKGROUND_DAYS for p in periods)


def recalled(published: str | None, timexes: list[Timex], trigger: Span | None) -> bool:
    """The trigger's own phrase dates it long ago and hangs on the sentence's news as a reference ("convicted
    three men over the 2015 attack", or a relative clause about it: "the 2015 attack ... in which gunmen killed
    148"). As the sentence's subject ("A U.S. air strike on March 17 killed 105 civilians, an inquiry found")
    the older event is the news, and it is coded."""
    if trigger is None:
        return False
    head = trigger.root
    if head.pos_ not in ("NOUN", "PROPN"):
        head = head if head.dep_ != "relcl" else head.head
    # up to the whole phrase: "the 2015 attack on Garissa University College in which ..."
    while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head.head
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ in ("nsubj", "nsubjpass", "ROOT"):
        return False
    doc = head.doc
    start, end = doc[head.left_edge.i].idx, doc[head.right_edge.i].idx + len(doc[head.right_edge.i])
    return long_ago(published, timexes, start, end)


def period(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 year, month or day value; None for anything else."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if match is None:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            return dt.date(year, int(month), int(day)), dt.date(year, int(month), int(day))
        if month:
            first = dt.date(year, int(month), 1)
            return first, dt.date(year + int(month) // 12, int(month) % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
