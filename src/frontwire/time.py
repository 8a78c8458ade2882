"""Temporal expressions in news reports and the dates of the events they report.

`find_timexes` recognises and normalises expressions to TIMEX3 values against the document creation time
(the report's day), `event_date` picks the day an event in a sentence happened with ACLED's time precision,
`timex_records` gives the contract's `timex` output. Pure Python; the regexes compile on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from frontwire.models import Timex
from frontwire.timex_calendar import Context, coded_day, earliest_day
from frontwire.timex_rules import Handler

__all__ = ["event_date", "find_timexes", "is_reporting_date", "timex_records"]

# Every rule must start and end on a word boundary; a number glued to "$" or "," is an amount, not a date.
_BEFORE, _AFTER = r"(?<![\w.,$£€#])(?:", r")(?!\w)"
# Rules run only in windows around their trigger words: this many characters before and after the word.
_BACK, _AHEAD = 60, 45
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_WORD_TAIL = re.compile(r"\w*")
_FAR_FUTURE = timedelta(days=366)
# Rule groups that capture a written year: "2014", "March 1992", "fiscal 1989", "the 1990s", "2016-10-17".
_YEAR_GROUPS = ("y", "year", "yr", "yr2", "dec")
# How far ahead a written year is still a plan, a term or a maturity ("due 2011") rather than a misreading.
_WRITTEN_AHEAD_YEARS = 30
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


@cache
def _rules() -> tuple[list[tuple[re.Pattern[str], Handler]], dict[str, tuple[int, ...]]]:
    """The recognition rules compiled once, and for each trigger word the rules it lets run."""
    from frontwire import timex_relative, timex_rules

    compiled, index = [], {}
    for number, rule in enumerate(timex_rules.RULES + timex_relative.RULES):
        compiled.append((re.compile(_BEFORE + rule.pattern + _AFTER, re.I), rule.handler))
        for word in rule.triggers.split():
            index.setdefault(word, []).append(number)
    return compiled, {word: tuple(numbers) for word, numbers in index.items()}


def _parse_dct(dct: str | date | None) -> date | None:
    """The document creation day from YYYY-MM-DD (a time after it is ignored); None when absent or unreadable."""
    if dct is None or isinstance(dct, date):
        return dct
    try:
        return date.fromisoformat(dct.strip()[:10])
    except ValueError:
        return None


def _windows(text: str, start: int, end: int, index: dict[str, tuple[int, ...]], n: int) -> list[list[list[int]]]:
    """For each rule, the merged stretches of text around its trigger words: the only places it is run on."""
    windows: list[list[list[int]]] = [[] for _ in range(n)]
    for token in _TOKEN.finditer(text, start, end):
        word = token.group()
        numbers = index.get(f"#{min(len(word), 5)}" if word[0].isdigit() else word.lower())
        if not numbers:
            continue
        lo, hi = max(start, token.start() - _BACK), min(end, token.end() + _AHEAD)
        for number in numbers:
            spans = windows[number]
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = hi
            else:
                spans.append([lo, hi])
    return windows


def _candidates(text: str, start: int, end: int) -> list[tuple[int, int, int, re.Match[str], Handler]]:
    """Every rule match near its triggers, ordered leftmost first, longest first, then by rule order."""
    rules, index = _rules()
    found = []
    for number, spans in enumerate(_windows(text, start, end, index, len(rules))):
        regex, handler = rules[number]
        for lo, hi in spans:
            hi = min(end, _WORD_TAIL.match(text, hi).end())  # never cut a word: "now" is not in "nowhere"
            for match in regex.finditer(text, lo, hi):
                if match.end() > match.start():
                    found.append((match.start(), match.start() - match.end(), number, match, handler))
    found.sort(key=lambda c: c[:3])
    return found


def _checked(value: str, kind: str, ctx: Context, written: bool) -> str:
    """A DATE/TIME value more than a year after the report loses precision until it is not (or is FUTURE_REF)."""
    if ctx.dct is None or kind not in ("DATE", "TIME"):
        return value
    first = earliest_day(value)
    # A year written in the text ("bonds due 2011", "elections in March 2030") is what the writer said, not bad
    # input; only relative expressions resolved into the far future, and written years beyond any plan's
    # horizon, lose precision.
    if written and first is not None and first.year <= ctx.dct.year + _WRITTEN_AHEAD_YEARS:
        return value
    try:
        limit = ctx.dct + _FAR_FUTURE
    except OverflowError:
        return value
    while first is not None and first > limit:
        value = _coarser(value)
        if not value:
            return "FUTURE_REF"
        first = earliest_day(value)
    return value


def _written_year(match: re.Match[str]) -> bool:
    """True when the match holds a year written in the text, not one inferred from the report."""
    names = match.re.groupindex
    return any(name in names and match[name] for name in _YEAR_GROUPS)


def _coarser(value: str) -> str:
    """The value one step less precise: 2030-05-01 -> 2030-05 -> 2030 -> 203 (decade) -> 20 (century) -> ''."""
    if len(value) > 7 and value[4] == "-" and value[5:7].isdigit():
        return value[:7]
    if len(value) > 4 and value[4] == "-":
        return value[:4]
    return value[:-1] if len(value) > 2 else ""


def find_timexes(text: str, dct: str | None, start: int = 0, end: int | None = None) -> list[Timex]:
    """Temporal expressions in text[start:end] with TIMEX3 values resolved against the creation day `dct`."""
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    ctx = Context(text, _parse_dct(dct))
    found: list[Timex] = []
    taken = start
    for first, _, _, match, handler in _candidates(text, start, end):
        if first < taken:
            continue  # overlaps an expression already taken, which was longer or began earlier
        try:
            spans = handler(match, ctx)
        except (ValueError, OverflowError):
            spans = None  # arithmetic that leaves the calendar (year 0, year 10000): no value rather than a crash
        if not spans:
            continue
        written = _written_year(match)
        for lo, hi, kind, value, anchor in spans:
            value = _checked(value, kind, ctx, written)
            found.append(Timex(lo, hi, text[lo:hi], kind, value))
            if anchor and kind in ("DATE", "TIME"):
                ctx.note(value)
        taken = match.end()
    return found


def is_reporting_date(text: str, timex: Timex, sent_start: int = 0) -> bool:
    """True when the timex dates a statement ("an officer said Tuesday") rather than what was stated."""
    if _SPEECH_BEFORE.search(text, max(sent_start, timex.start - 80), timex.start):
        return True
    stop = min(len(text), timex.end + 50)
    if _SPEECH_AFTER.match(text, timex.end, stop):
        return True
    opening = sent_start <= timex.start and _OPENING.fullmatch(text, sent_start, timex.start)
    return bool(opening and _SPEECH_AFTER_COMMA.match(text, timex.end, stop))


def _coded(timex: Timex, dct: date | None) -> tuple[date, int] | None:
    """Coded day and precision of a DATE/TIME timex; never after the report (coarse ones are clamped to it)."""
    if timex.type not in ("DATE", "TIME"):
        return None
    coded = coded_day(timex.value)
    if coded is None or dct is None or coded[0] <= dct:
        return coded
    first = earliest_day(timex.value)
    if coded[1] == 1 or first is None or first > dct:
        return None  # a day after the report is a plan or a misreading, not when a reported event happened
    return dct, coded[1]  # "this week" in a Monday report: the week is known, its Wednesday is not yet


def _nearest(items: list[tuple[Timex, tuple[date, int]]], anchor: int | None,
             text: str | None = None) -> tuple[date, int] | None:
    """Coded day of the timex closest to the anchor offset (the first one without an anchor).

    With the text, a date in another clause than the anchor's ("shelled the port on Saturday and stormed the
    airport on Monday") only comes after those in the same clause.
    """
    if not items:
        return None
    if anchor is None:
        return items[0][1]

    def distance(item: tuple[Timex, tuple[date, int]]) -> tuple[bool, int, int]:
        timex = item[0]
        lo, hi = (timex.end, anchor) if timex.end <= anchor else (anchor, timex.start)
        crosses = text is not None and bool(_CLAUSE_BREAK.search(text, lo, max(lo, hi)))
        return crosses, max(timex.start - anchor, anchor - timex.end, 0), timex.start

    return min(items, key=distance)[1]


def event_date(timexes: list[Timex], sent_start: int, sent_end: int, dct: str | None,
               anchor: int | None = None, text: str | None = None) -> tuple[str | None, int]:
    """Day an event reported in sentence [sent_start, sent_end) happened and ACLED's time precision (1, 2, 3).

    Pass the article `text` to let a date of the sentence that only dates a statement ("said Tuesday") give way.
    """
    report = _parse_dct(dct)
    inside: list[tuple[Timex, tuple[date, int]]] = []
    before: list[tuple[Timex, tuple[date, int]]] = []
    for timex in sorted(timexes, key=lambda t: t.start):
        coded = _coded(timex, report)
        if coded is None:
            continue
        if sent_start <= timex.start < sent_end:
            inside.append((timex, coded))
        elif timex.end <= sent_start:
            before.append((timex, coded))

    def reporting(item: tuple[Timex, tuple[date, int]]) -> bool:
        # a date before the sentence is checked without knowing where its own sentence starts
        lo = sent_start if item[0].start >= sent_start else 0
        return text is not None and is_reporting_date(text, item[0], lo)

    choices = (
        _nearest([it for it in inside if not reporting(it)], anchor, text),
        _nearest([it for it in before if not reporting(it)][-1:], None),
        _nearest([it for it in inside if reporting(it)], anchor, text),
        _nearest(before[-1:], None),
    )
    for choice in choices:
        if choice is not None:
            return choice[0].isoformat(), choice[1]
    if report is not None:
        return report.isoformat(), 2  # a news report's events happened within about the week before it
    return None, 3


def timex_records(article_id: str, timexes: Iterable[Timex]) -> list[dict]:
    """The contract's `timex` output: one record per expression."""
    return [{"article_id": article_id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
             "value": t.value} for t in timexes]
