"""Event dates: which temporal expression dates a reported event, with ACLED's time precision.

The cascade (docs/time.md): the expression in the event's own clause of the parse, else one in the sentence's main
clause, else the nearest in the sentence, else the main date of the nearest dated sentence before, else a date that
only dates a statement ("said Tuesday"), else the report's week (precision 2), else nothing (precision 3). Without a
parse the clause steps are skipped. Spans ("from Monday to Wednesday") give their first and last day.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

from frontwire.models import Mention, Timex
from frontwire.nlp import sentence_bounds
from frontwire.timex_calendar import Context, coded_day, earliest_day, on_or_after, parse_day

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["DateChoice", "choose_date", "estimate_dct", "is_reporting_date", "parse_dct", "per_day", "split_deaths"]

Dated = tuple[Timex, tuple[date, int]]

# A reporting verb just before a date ("said Tuesday", "told Reuters on Tuesday") or after it ("on Tuesday said").
_SPEECH = (r"(?:said|says|say|told|tells|announced|announces|reported|reports|stated|states|added|adds|declared|"
           r"claimed|claims|confirmed|confirms|tweeted|wrote|noted|insisted|warned|explained|quoted)")
_SPEECH_BEFORE = re.compile(
    rf"\b{_SPEECH}\b(?:\s+(?:[A-Z][\w.'’&-]*|reporters|journalists|the|a|an|in|at|to|by|via|during|on|statement|"
    r"interview|briefing|conference|news|press|telephone|phone|television|TV|radio|state|separately|also|late|"
    r"early|later|earlier)){0,6}\s*$")
# After the date: "The ministry on Tuesday said"; with a comma only when the date opens the sentence ("On Tuesday,
# the ministry said"): in "Gunmen attacked a post on Sunday, police said" Sunday is the attack's day.
_SPEECH_AFTER = re.compile(rf"\s+(?:[\w'’.-]+\s+){{0,3}}?{_SPEECH}\b")
_SPEECH_AFTER_COMMA = re.compile(rf"\s*,\s*(?:[\w'’.-]+\s+){{0,4}}?{_SPEECH}\b")
_OPENING = re.compile(r"\s*[\"'“‘(]?\s*(?:(?:on|late|early|later|earlier|by|since)\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r";|\b(?:and|but|while|whereas)\b")
# Lemmas of verbs whose complement clause is what a sentence reports ("Police said gunmen attacked ...").
_SPEECH_LEMMAS = {"say", "tell", "report", "announce", "add", "claim", "confirm", "state", "declare", "note",
                  "explain", "insist", "warn", "write", "tweet", "accuse", "allege"}
# What joins the two ends of a span of days: "from Monday to Wednesday", "October 17-19", "Monday and Tuesday".
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and|&)\s*", re.I)
_WEEKDAY_VALUE = re.compile(r"XXXX-WXX-[1-7]")
_UNPLACED = re.compile(r"XXXX-(?:WXX-[1-7]|\d\d-\d\d)|XXXX-XX-XX")
# Longer stretches are sieges and campaigns: ACLED codes what happened on particular days, not one per day.
MAX_SPAN_DAYS = 14


class DateChoice(NamedTuple):
    """When a reported event happened: its day, ACLED's time precision, and a multi-day span's last day."""

    day: str | None
    precision: int
    last: str | None = None


def parse_dct(dct: str | date | None) -> date | None:
    """The document creation day from YYYY-MM-DD (a time after it is ignored); None when absent or unreadable."""
    if dct is None or isinstance(dct, date):
        return dct
    try:
        return date.fromisoformat(dct.strip()[:10])
    except ValueError:
        return None


def is_reporting_date(text: str, timex: Timex, sent_start: int = 0) -> bool:
    """True when the timex dates a statement ("an officer said Tuesday") rather than what was stated."""
    if _SPEECH_BEFORE.search(text, max(sent_start, timex.start - 80), timex.start):
        return True
    stop = min(len(text), timex.end + 50)
    if _SPEECH_AFTER.match(text, timex.end, stop):
        return True
    opening = sent_start <= timex.start and _OPENING.fullmatch(text, sent_start, timex.start)
    return bool(opening and _SPEECH_AFTER_COMMA.match(text, timex.end, stop))


def coded(timex: Timex, dct: date | None) -> tuple[date, int] | None:
    """Coded day and precision of a DATE/TIME timex; never after the report (coarse ones are clamped to it)."""
    if timex.type not in ("DATE", "TIME"):
        return None
    day = coded_day(timex.value)
    if day is None or dct is None or day[0] <= dct:
        return day
    first = earliest_day(timex.value)
    if day[1] == 1 or first is None or first > dct:
        return None  # a day after the report is a plan or a misreading, not when a reported event happened
    return dct, day[1]  # "this week" in a Monday report: the week is known, its Wednesday is not yet

# ---------------------------------------------------------------- the parse


def _token(doc: Doc | None, timex: Timex) -> Token | None:
    """The syntactic head of a timex in the parse; None outside the parsed body."""
    if doc is None:
        return None
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return span.root if span is not None and len(span) and not span.root.is_space else None


def _trigger(doc: Doc | None, offset: int) -> Token | None:
    """The head of the phrase an event trigger at `offset` is in; None without a parse."""
    if doc is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    token = span.root if span is not None and len(span) else None
    while token is not None and token.dep_ in ("compound", "amod") and token.head.i != token.i:
        token = token.head  # "missile" in "missile strike": the trigger is the phrase's head
    return token


def _clause(token: Token) -> Token:
    """The verb heading the clause a token is in (the sentence root when no verb is above it)."""
    for _ in range(30):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head.i == token.i:
            return token
        token = token.head
    return token


def _main(token: Token) -> bool:
    """The token's clause is the sentence's main clause: the root, what a reporting root reports, or their conjuncts."""
    head = _clause(token)
    for _ in range(30):
        parent = _clause(head.head)
        if head.dep_ == "ROOT" or head.head.i == head.i:
            return True
        if head.dep_ == "conj" or (head.dep_ == "ccomp" and parent.dep_ == "ROOT"
                                   and parent.lemma_.lower() in _SPEECH_LEMMAS):
            head = parent
            continue
        return False
    return False

# ---------------------------------------------------------------- choosing


def _nearest(items: list[Dated], anchor: int | None, text: str | None = None) -> Dated | None:
    """The dated timex closest to the anchor offset (the first one without an anchor).

    With the text, a date in another clause than the anchor's ("shelled the port on Saturday and stormed the
    airport on Monday") only comes after those in the same clause.
    """
    if not items:
        return None
    if anchor is None:
        return items[0]

    def distance(item: Dated) -> tuple[bool, int, int]:
        timex = item[0]
        lo, hi = (timex.end, anchor) if timex.end <= anchor else (anchor, timex.start)
        crosses = text is not None and bool(_CLAUSE_BREAK.search(text, lo, max(lo, hi)))
        return crosses, max(timex.start - anchor, anchor - timex.end, 0), timex.start

    return min(items, key=distance)


def _in_sentence(items: list[Dated], anchor: int | None, text: str | None, doc: Doc | None) -> Dated | None:
    """The date of the event's own clause, else of the sentence's main clause, else the nearest one."""
    trigger = _trigger(doc, anchor) if anchor is not None else None
    if trigger is not None:
        heads = {id(item): _token(doc, item[0]) for item in items}
        verb = _clause(trigger)
        # A noun's own modifiers date it first: "a missile strike that tore through a building on Saturday" in
        # "The death toll from <it> rose to 40 on Monday"; a verb's clause would be the toll's.
        noun = trigger.pos_ in ("NOUN", "PROPN")
        inner = [it for it in items if noun and heads[id(it)] is not None
                 and trigger.left_edge.i <= heads[id(it)].i <= trigger.right_edge.i]
        mine = [it for it in items if heads[id(it)] is not None and _clause(heads[id(it)]).i == verb.i]
        # Then clauses under the event's own: "the 22 people killed when gunmen stormed it the day before".
        under = [it for it in items if heads[id(it)] is not None and verb.dep_ != "ROOT"
                 and verb.left_edge.i <= heads[id(it)].i <= verb.right_edge.i]
        main = [it for it in items if heads[id(it)] is not None and _main(heads[id(it)])]
        for group in (inner, mine, under, main):
            if group:
                return _nearest(group, anchor, text)
    return _nearest(items, anchor, text)


def _preceding(items: list[Dated], doc: Doc | None) -> Dated | None:
    """The main date of the nearest dated sentence before: its last date in the main clause, else its last one."""
    if not items:
        return None
    last = items[-1]
    head = _token(doc, last[0])
    if head is None:
        return last
    first, last_token = sentence_bounds(doc, head.i)
    heads = [(it, tok) for it in items if (tok := _token(doc, it[0])) is not None and first <= tok.i <= last_token]
    main = [it for it, tok in heads if _main(tok)]
    return (main or [it for it, _ in heads] or [last])[-1]


def _span(chosen: Dated, items: list[Dated], text: str | None, dct: date | None) -> tuple[date, date | None]:
    """First and last day of the span of days the chosen date belongs to ("from Monday to Wednesday")."""
    day = chosen[1][0]
    if text is None or chosen[1][1] != 1:
        return day, None
    days = [it for it in items if it[1][1] == 1]
    after = min((it for it in days if it[0].start >= chosen[0].end), key=lambda it: it[0].start, default=None)
    before = max((it for it in days if it[0].end <= chosen[0].start), key=lambda it: it[0].start, default=None)
    for first, last in ((chosen, after), (before, chosen)):
        if first is None or last is None or not _RANGE_JOIN.fullmatch(text, first[0].end, last[0].start):
            continue
        length = (last[1][0] - first[1][0]).days
        joined_by_and = bool(re.search(r"and|&", text[first[0].end:last[0].start], re.I))
        if 1 <= length <= MAX_SPAN_DAYS and not (joined_by_and and length != 1) and not (dct and last[1][0] > dct):
            return first[1][0], last[1][0]  # "Monday and Thursday" are two dates, not a span
    return day, None


def choose_date(timexes: list[Timex], sent_start: int, sent_end: int, dct: str | date | None,
                anchor: int | None = None, text: str | None = None, doc: Doc | None = None,
                dct_precision: int = 1) -> DateChoice:
    """Day an event reported in sentence [sent_start, sent_end) happened, its precision, and a span's last day.

    `dct_precision` 2 says only the report's week is sure: a day counted from it is then only a week. Without
    a report date, one is estimated from the text (`estimate_dct`) and days counted from it are weeks too.
    """
    report = parse_dct(dct)
    if report is None and text is not None and (guess := estimate_dct(text)) is not None:
        report, dct_precision = guess, 2
        timexes = _resolved(text, guess.isoformat())
    choice = _choose(timexes, sent_start, sent_end, report, anchor, text, doc)
    if dct_precision > 1 and choice.day is not None and choice.precision < dct_precision:
        fixed = choice.source is not None and text is not None and (choice.source.start, choice.source.value) in \
            _text_fixed(text)
        if not fixed:  # "Sunday" moves with the report's day; "on 4 December 2016" does not
            return DateChoice(choice.day, dct_precision, None)
    return DateChoice(choice.day, choice.precision, choice.last)


class _Choice(NamedTuple):
    day: str | None
    precision: int
    last: str | None
    source: Timex | None


def _choose(timexes: list[Timex], sent_start: int, sent_end: int, report: date | None, anchor: int | None,
            text: str | None, doc: Doc | None) -> _Choice:
    """The cascade of `choose_date`, naming the expression chosen (None for the report's week)."""
    inside: list[Dated] = []
    before: list[Dated] = []
    for timex in sorted(timexes, key=lambda t: t.start):
        day = coded(timex, report)
        if day is None:
            continue
        if sent_start <= timex.start < sent_end:
            inside.append((timex, day))
        elif timex.end <= sent_start:
            before.append((timex, day))

    def reporting(item: Dated) -> bool:
        # a date before the sentence is checked without knowing where its own sentence starts
        lo = sent_start if item[0].start >= sent_start else 0
        return text is not None and is_reporting_date(text, item[0], lo)

    stated = [it for it in inside if not reporting(it)]
    if not stated and _unresolved_day(timexes, sent_start, sent_end, text):
        return _Choice(None, 3, None, None)  # "on Sunday" of an undated report: that Sunday is not known

    def choices() -> Iterator[tuple[Dated | None, list[Dated]]]:
        # Lazily: the later steps look at every date before the sentence, and most events stop at the first.
        yield _in_sentence(stated, anchor, text, doc), stated
        # a date in the page furniture, outside the parsed body, dates no event of the body
        body = before if doc is None else [it for it in before if _token(doc, it[0]) is not None]
        yield _preceding([it for it in body if not reporting(it)], doc), []
        yield _nearest([it for it in inside if reporting(it)], anchor, text), []
        yield _nearest(body[-1:], None), []

    for choice, pool in choices():
        if choice is not None:
            first, last = _span(choice, pool, text, report)
            return _Choice(first.isoformat(), choice[1][1], last.isoformat() if last else None, choice[0])
    if report is not None:  # a news report's events happened within about the week before it
        return _Choice(report.isoformat(), 2, None, None)
    return _Choice(None, 3, None, None)

def _unresolved_day(timexes: list[Timex], sent_start: int, sent_end: int, text: str | None) -> bool:
    """The sentence names a day that could not be placed in the calendar (a weekday without a report date)."""
    return any(sent_start <= t.start < sent_end and t.type in ("DATE", "TIME") and _UNPLACED.match(t.value)
               and not (text is not None and is_reporting_date(text, t, sent_start)) for t in timexes)

# ---------------------------------------------------------------- a report without a date


@lru_cache(maxsize=16)
def _resolved(text: str, dct: str | None) -> list[Timex]:
    """The text's expressions resolved against `dct` (cached: every event of an article asks again)."""
    from frontwire.time import find_timexes  # time.py imports this module

    return find_timexes(text, dct)


@lru_cache(maxsize=16)
def _text_fixed(text: str) -> frozenset[tuple[int, str]]:
    """(start, value) of the expressions whose value the text fixes without any report date."""
    return frozenset((t.start, t.value) for t in _resolved(text, None) if "X" not in t.value)


@lru_cache(maxsize=16)  # every event of an undated article asks again
def estimate_dct(text: str) -> date | None:
    """The report's day guessed from its text when no source gives it; None when the text does not tell.

    A statement's weekday ("an Iraqi officer said Tuesday") puts the report on that weekday; the latest day the
    text writes out in full, not as a plan, puts it on or after that day: the first such weekday from it. A
    weekday alone gives no calendar date, and a year is never taken from nowhere: no estimate then.
    """
    found = _resolved(text, None)
    ctx = Context(text, None)
    written = [parse_day(t.value) for t in found if t.type in ("DATE", "TIME") and not ctx.future(t.start)]
    written = [day for day in written if day is not None]
    said = [t for t in found if t.type == "DATE" and _WEEKDAY_VALUE.fullmatch(t.value) and is_reporting_date(text, t)]
    if not written or not said:
        return None
    return on_or_after(max(written), int(said[-1].value[-1]))

# ---------------------------------------------------------------- spans of days


def split_deaths(total: int, days: int) -> list[int]:
    """ACLED's spread of a total over the days of a multi-day event: equal shares, the remainder on the first day."""
    share, rest = divmod(max(total, 0), days)
    return [share + rest] + [share] * (days - 1)


def per_day(mention: Mention) -> list[Mention]:
    """One mention per day of the span a mention reports ("clashes from Monday to Wednesday"), deaths spread."""
    if not mention.span_end or not mention.event_date:
        return [mention]
    first, last = date.fromisoformat(mention.event_date), date.fromisoformat(mention.span_end)
    n = (last - first).days + 1
    if not 1 < n <= MAX_SPAN_DAYS + 1:
        return [replace(mention, span_end=None)]
    lows, highs = split_deaths(mention.fatalities_low, n), split_deaths(mention.fatalities_high, n)
    # each copy keeps span_end: merge names it by its day, and never joins copies of one sentence
    return [replace(mention, event_date=(first + timedelta(days=k)).isoformat(), fatalities_low=lows[k],
                    fatalities_high=highs[k]) for k in range(n)]
