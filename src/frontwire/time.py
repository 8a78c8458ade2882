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
from typing import TYPE_CHECKING

from frontwire.models import Timex
from frontwire.timex_calendar import Context, earliest_day, parse_day
from frontwire.timex_dates import choose_date, is_reporting_date, parse_dct
from frontwire.timex_lexicon import number as cardinal
from frontwire.timex_rules import Handler

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["choose_date", "event_date", "find_timexes", "is_reporting_date", "timex_records"]

# Every rule must start and end on a word boundary; a number glued to "$" or "," is an amount, not a date.
_BEFORE, _AFTER = r"(?<![\w.,$£€#])(?:", r")(?!\w)"
# Rules run only in windows around their trigger words: this many characters before and after the word.
_BACK, _AHEAD = 60, 45
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_WORD_TAIL = re.compile(r"\w*")
_FAR_FUTURE, _WEEK = timedelta(days=366), timedelta(days=7)
# Rule groups that capture a written year: "2014", "March 1992", "fiscal 1989", "the 1990s", "2016-10-17".
_YEAR_GROUPS = ("y", "year", "yr", "yr2", "dec")
# How far ahead a written year is still a plan, a term or a maturity ("due 2011") rather than a misreading.
_WRITTEN_AHEAD_YEARS = 30
# A count of units from the report: "in five years" (a date when the clause points ahead), "two years from now".
_FROM_REPORT = re.compile(r"^in\s|\s(?:from\s+now|hence)$", re.I)
_WEEKDAY_ONLY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|through|until|till)\s*", re.I)


@cache
def _rules() -> tuple[list[tuple[re.Pattern[str], Handler]], dict[str, tuple[int, ...]]]:
    """The recognition rules compiled once, and for each trigger word the rules it lets run."""
    from frontwire import timex_quarters, timex_relative, timex_rules

    compiled, index = [], {}
    for number, rule in enumerate(timex_rules.RULES + timex_quarters.RULES + timex_relative.RULES):
        compiled.append((re.compile(_BEFORE + rule.pattern + _AFTER, re.I), rule.handler))
        for word in rule.triggers.split():
            index.setdefault(word, []).append(number)
    return compiled, {word: tuple(numbers) for word, numbers in index.items()}


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
    """True when the match states its year: written in the text, or counted from the report ("in five years",
    "ten years from now"), not inferred."""
    names = match.re.groupindex
    if any(name in names and match[name] for name in _YEAR_GROUPS):
        return True
    return ("num" in names and match["num"] is not None
            and bool(_FROM_REPORT.search(match.string[max(0, match.start() - 3):match.end()]))
            and cardinal(match["num"]) is not None)


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
    ctx = Context(text, parse_dct(dct))
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
                ctx.note(value, lo)
            elif kind == "DURATION":
                ctx.note_length(value, text[lo:hi])
        taken = match.end()
    return _ordered_ranges(text, found, ctx.dct)


def _ordered_ranges(text: str, found: list[Timex], dct: date | None) -> list[Timex]:
    """Weekdays of a range in order: "from Monday to Wednesday" in a Tuesday report is last week's, in a plan the
    end is next week's."""
    for i in range(len(found) - 1):
        first, last = found[i], found[i + 1]
        if not (first.type == last.type == "DATE" and _WEEKDAY_ONLY.fullmatch(first.text)
                and _WEEKDAY_ONLY.fullmatch(last.text) and _RANGE_JOIN.fullmatch(text, first.end, last.start)):
            continue
        start, end = parse_day(first.value), parse_day(last.value)
        if start is None or end is None or start <= end or dct is None:
            continue
        if start > dct:
            found[i + 1] = Timex(last.start, last.end, last.text, last.type, (end + _WEEK).isoformat())
        else:
            found[i] = Timex(first.start, first.end, first.text, first.type, (start - _WEEK).isoformat())
    return found


def event_date(timexes: list[Timex], sent_start: int, sent_end: int, dct: str | None,
               anchor: int | None = None, text: str | None = None, doc: Doc | None = None) -> tuple[str | None, int]:
    """Day an event reported in sentence [sent_start, sent_end) happened and ACLED's time precision (1, 2, 3).

    Pass the article `text` to let a date of the sentence that only dates a statement ("said Tuesday") give way,
    and its parse `doc` to prefer the date of the event's own clause (see `timex_dates.choose_date`).
    """
    choice = choose_date(timexes, sent_start, sent_end, dct, anchor, text, doc)
    return choice.day, choice.precision


def timex_records(article_id: str, timexes: Iterable[Timex]) -> list[dict]:
    """The contract's `timex` output: one record per expression."""
    return [{"article_id": article_id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
             "value": t.value} for t in timexes]
