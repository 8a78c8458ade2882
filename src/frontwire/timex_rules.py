"""Recognition rules for calendar expressions: dates, months, years, decades, seasons, clock times.

Each rule is a regex (compiled case-insensitively by `frontwire.time`), the words that let it run, and a handler
that turns a match into `(start, end, type, value, anchor)` spans, or None to reject it. Handlers read and never
change the `Context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from frontwire.timex_calendar import Context, make_day, month_value, on_or_after, on_or_before
from frontwire.timex_lexicon import (
    DAYNUM, DECADE_WORDS, MOD, MONTH, MONTHS, ORDWORD, SEASON_START, SEASONS, WEEKDAY, WEEKDAYS,
    YEAR, month_number, ordinal, year_value,
)

Span = tuple[int, int, str, str, bool]  # start, end, type, value, whether later expressions may count from it
Handler = Callable[[re.Match, Context], "list[Span] | None"]


class Rule(NamedTuple):
    """A recognition rule: it runs only near one of its trigger words (digit runs are "#1".."#5", by length)."""

    triggers: str
    pattern: str
    handler: Handler


MONTH_WORDS = " ".join(MONTHS)
WEEKDAY_WORDS = " ".join(WEEKDAYS)

# Words after which a bare "May"/"March" is the month, not the verb.
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|of|from|to|through|during|before|after|between|and|or|throughout|last|"
    r"next|this|early|late|mid|end|beginning)\W*$", re.I)
# What may follow a 4-digit number that is a count, not a year: "1500 troops", "2000 people".
_COUNT_NOUN = re.compile(
    r"\s+(?!(?:was|has|is|as|its|does|this|thus|his|us|across|plus|towards|besides|unless|whereas|always|"
    r"perhaps)\b)(?:[a-z]+s|people|men|women|children|police|personnel|km|kilometres|kilometers|miles|"
    r"metres|meters|feet|of\s+(?:them|the|whom|which|these))\b")
_TEMPORAL_PREP = re.compile(r"\b(?:in|since|until|till|by|during|from|before|after|through|of|between)\s+$", re.I)
_AHEAD_DAYS, _SLOP_DAYS = 90, 7
_ENDED = re.compile(r"\b(?:ended|closed|expired)\s+(?:on\s+)?$", re.I)
_GARBLED_YEAR = re.compile(r",?\s*\d{4,}")
_NIGHT = {"night": "NI", "morning": "MO", "evening": "EV", "afternoon": "AF"}


def one(match: re.Match, kind: str, value: str | None, anchor: bool = True) -> list[Span] | None:
    """The whole match as one span, or None when there is no value."""
    return None if value is None else [(match.start(), match.end(), kind, value, anchor)]


def infer_year(ctx: Context, start: int, month: int, day: int | None = None) -> int | None:
    """Year of a date written without one: the latest not after the report, unless the text points ahead.

    The next occurrence wins when the clause is in the future tense and it is at most a year ahead, when a weaker
    cue ("until", "by", "would") points ahead and it is nearer than the last one, when it is at most a week ahead,
    or when it is at most three months ahead and the sentence is not in the past tense ("talks on January 5" in
    late December): a writer going back most of a year would have said "last November".
    """
    dct = ctx.dct
    if dct is None:
        return None
    past = dct.year if (month, day or 1) <= (dct.month, dct.day if day else 1) else dct.year - 1
    upcoming = make_day(past + 1, month, day or 1)
    if upcoming is None or (month, day) == (dct.month, None):
        return past
    ahead = (upcoming - dct).days
    if _ENDED.search(ctx.text, max(0, start - 12), start):
        return past  # "the quarter ended Oct. 31": a period that has ended by the report
    if ctx.future(start):
        return past + 1 if ahead <= 365 else past
    if ctx.future(start, weak=True):
        return past + 1 if _nearer_ahead(dct, past, month, day) else past
    if ahead <= _SLOP_DAYS:
        return past + 1  # a report dated a day or two early (time zones, late metadata) is not about last year
    return past + 1 if ahead <= _AHEAD_DAYS and not ctx.past(start, start + 1) else past


def _nearer_ahead(dct: date, past: int, month: int, day: int | None) -> bool:
    """True when the month/day's occurrence after year `past` is nearer the report than the one in it."""
    # A weak cue is as often about the past ("through Oct. 19", "cited by police in December") as the future
    # ("until Nov. 20"): the occurrence nearer the report is the likelier. A month is measured at its middle.
    before, after = make_day(past, month, day or 15), make_day(past + 1, month, day or 15)
    if before is None or after is None:
        return before is None  # February 29: only the leap year has it
    return (after - dct).days < (dct - before).days


def date_value(year: int | None, month: int, day: int | None) -> str | None:
    """YYYY-MM-DD (XXXX-MM-DD without a year); None for a day that does not exist."""
    if day is None:
        return f"XXXX-{month:02d}" if year is None else month_value(year, month)
    if make_day(2000 if year is None else year, month, day) is None:  # 2000 is a leap year: "February 29" exists
        return None
    return f"XXXX-{month:02d}-{day:02d}" if year is None else f"{year:04d}-{month:02d}-{day:02d}"


def _iso(m: re.Match, ctx: Context) -> list[Span] | None:
    """2016-10-17, optionally with a clock time."""
    day = make_day(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["hh"] and int(m["hh"]) < 24 and int(m["mm"]) < 60:
        return one(m, "TIME", f"{day.isoformat()}T{m['hh']}:{m['mm']}")
    return one(m, "DATE", day.isoformat())


def _numeric(m: re.Match, ctx: Context) -> list[Span] | None:
    """25/12/2015 and 17.10.2016, when the order of day and month is not in doubt."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 or (m["sep"] == "." and b <= 12):  # day first: "17/10/2016", European "17.10.2016"
        day, month = a, b
    elif b > 12 or a == b:
        month, day = a, b
    else:
        return None  # "5/10/2016" is May 10 in the US and 5 October elsewhere
    return one(m, "DATE", date_value(year, month, day) if month <= 12 else None)


def _year_with_weekday(ctx: Context, start: int, month: int, day: int, weekday: str | None) -> int | None:
    """Inferred year; a weekday given with the date picks the year in which they agree."""
    year = infer_year(ctx, start, month, day)
    if year is None or not weekday or not weekday[0].isupper():
        return year
    for candidate in (year, year - 1, year + 1):
        known = make_day(candidate, month, day)
        if known and known.isoweekday() == WEEKDAYS[weekday.lower()]:
            return candidate
    return year


def _month_day(m: re.Match, ctx: Context) -> list[Span] | None:
    """"October 17, 2016", "17 October", "Saturday, Oct. 15", "October 17-19": one span per day."""
    month, day = month_number(m["mon"]), ordinal(m["day"])
    if month is None or not day:
        return None
    if m["year"]:
        year = year_value(m["year"])
    elif _GARBLED_YEAR.match(ctx.text, m.end()):
        year = None  # "October 17, 20017": the year written is no year, and no other is taken in its place
    else:
        year = _year_with_weekday(ctx, m.start(), month, day, m["wd"])
    value = date_value(year, month, day)
    if value is None:
        return None
    kind, suffix = "DATE", ""
    mod = (m["mod"] or "").lower().split()
    if len(mod) == 3 and mod[1] in _NIGHT:  # "the night of October 17"
        kind, suffix = "TIME", "T" + _NIGHT[mod[1]]
    if not m["day2"]:
        return one(m, kind, value + suffix)
    second = date_value(year, month, ordinal(m["day2"]) or 0)
    first_end = m.end("day")
    spans: list[Span] = [(m.start(), first_end, kind, value + suffix, True)]
    if second:
        spans.append((m.start("day2"), m.end(), kind, second + suffix, True))
    return spans


def _month_year(m: re.Match, ctx: Context) -> list[Span] | None:
    """"July 2014", "June last year"."""
    month = month_number(m["mon"])
    if month is None:
        return None
    if m["rel"]:
        if ctx.dct is None:
            return one(m, "DATE", f"XXXX-{month:02d}")
        year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    else:
        year = year_value(m["year"])
    return one(m, "DATE", None if year is None else month_value(year, month))


def _month(m: re.Match, ctx: Context) -> list[Span] | None:
    """"November", "last May", "early September", "mid-July" without a year."""
    token = m["mon"]
    month = month_number(token)
    if month is None or (len(token) <= 4 and not token.endswith(".") and token.lower() not in ("may", "june", "july")):
        return None  # a bare "Dec" or "Mar" is too often something else
    rel = " ".join((m["rel"] or "").lower().split())
    if not rel and not m["mod"] and month in (3, 5) and not _MONTH_CONTEXT.search(ctx.text, 0, m.start()):
        return None
    if ctx.dct is None:
        return one(m, "DATE", f"XXXX-{month:02d}")
    dct = ctx.dct
    if rel in ("last", "this past"):
        year = dct.year if month < dct.month else dct.year - 1
    elif rel in ("next", "this coming", "the following"):
        year = dct.year if month > dct.month else dct.year + 1
    elif rel == "this":
        year = dct.year
    else:
        year = infer_year(ctx, m.start(), month)
    return one(m, "DATE", month_value(year, month))


def _year(m: re.Match, ctx: Context) -> list[Span] | None:
    """"2014", "fiscal 1989", "the end of 1990", "nineteen ninety-six"; counts ("1500 troops") are not years."""
    year = year_value(m["year"])
    if year is None:
        return None
    if not m["mod"]:  # "1500 troops", "more than two thousand years": counts, written in digits or words
        before = _TEMPORAL_PREP.search(ctx.text, max(0, m.start() - 12), m.start())
        if not before and _COUNT_NOUN.match(ctx.text, m.end()):
            return None
    return one(m, "DATE", f"{year:04d}")


def _decade(m: re.Match, ctx: Context) -> list[Span] | None:
    """"the 1990s", "the late '70s", "the nineties": TIMEX3 decade values (199)."""
    if m["dec"]:
        return one(m, "DATE", m["dec"][:3])
    tens = int(m["short"][0]) if m["short"] else DECADE_WORDS[m["word"].lower()]
    century = 19
    if ctx.dct is not None and 2000 + tens * 10 <= ctx.dct.year:
        century = 20  # "the '10s" written in 2016 are this century's
    return one(m, "DATE", f"{century}{tens}")


def _century(m: re.Match, ctx: Context) -> list[Span] | None:
    """"the 20th century": TIMEX3 century values (19)."""
    n = ordinal(m["n"] or m["w"])
    return one(m, "DATE", f"{n - 1:02d}" if n and 1 <= n <= 21 else None)


def _season(m: re.Match, ctx: Context) -> list[Span] | None:
    """"the summer of 2014", "last winter"."""
    name, det = m["s"].lower(), " ".join((m["det"] or "").lower().split())
    code = SEASONS[name]
    if m["year"]:
        year = year_value(m["year"])
        return one(m, "DATE", None if year is None else f"{year:04d}-{code}")
    if not det or (name in ("fall", "spring") and det in ("the", "that")):
        return None  # "the fall of Mosul", "a spring" are not seasons
    if ctx.dct is None:
        return one(m, "DATE", f"XXXX-{code}")
    year = ctx.dct.year
    if det in ("last", "past"):
        year -= 1
    elif det == "next":
        year += 1
    elif det in ("the", "that") and SEASON_START[code] > ctx.dct.month:
        year -= 1
    return one(m, "DATE", f"{year:04d}-{code}")


def _clock(m: re.Match, ctx: Context) -> list[Span] | None:
    """"3 p.m. on Saturday", "0600 GMT", "noon": TIME values on the day written or last mentioned."""
    if m["word"]:
        hour, minute = (24 if m["word"].lower() == "midnight" else 12), 0
    elif m["mil"]:
        hour, minute = int(m["mil"][:2]), int(m["mil"][2:])
    else:
        hour, minute = int(m["h"] or m["h24"]), int(m["mi"] or m["mi24"] or 0)
        if m["ap"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    day = clock_day(m, ctx)
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    return one(m, "TIME", f"{prefix}T{hour:02d}:{minute:02d}")


def clock_day(m: re.Match, ctx: Context) -> date | None:
    """Day a clock time is on: the weekday or deictic word after it, else the last day mentioned."""
    word = (m["wd"] or "").lower()
    month = month_number(m["cmon"] or "")
    if month and ordinal(m["cday"]):
        year = infer_year(ctx, m.start(), month, ordinal(m["cday"]))
        return make_day(year, month, ordinal(m["cday"]) or 0) if year else None
    if ctx.dct is not None and word in WEEKDAYS:
        return on_or_before(ctx.dct, WEEKDAYS[word]) if not ctx.future(m.start()) else on_or_after(
            ctx.dct, WEEKDAYS[word])
    if ctx.dct is not None and word:
        return ctx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[word])
    return ctx.anchor()


_DAYPART = "|".join(_NIGHT)
RULES: list[Rule] = [
    Rule("#4",
         r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d)?)?(?![\d-])", _iso),
    Rule("#1 #2",
         r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/]|\.\d)", _numeric),
    Rule(MONTH_WORDS,
         rf"(?:(?P<mod>{MOD}|the\s+(?:{_DAYPART})\s+of)\s+(?:on\s+)?)?(?:(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?)?"
         rf"(?P<mon>{MONTH})\s+(?:the\s+)?(?P<day>{DAYNUM})(?:(?:\s*[-–]\s*|\s+(?:to|and|through|until|till)\s+)"
         rf"(?P<day2>{DAYNUM}))?(?:,?\s+(?P<year>{YEAR}))?(?!\d)", _month_day),
    Rule(MONTH_WORDS,
         rf"(?:(?P<mod>{MOD}|the\s+(?:{_DAYPART})\s+of)\s+(?:on\s+)?)?(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?"
         rf"(?P<day>{DAYNUM})(?:\s*[-–]\s*(?P<day2>{DAYNUM}))?\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<year>{YEAR}))?"
         r"(?!\d)", _month_day),
    Rule(MONTH_WORDS,
         rf"(?:(?P<mod>{MOD})[\s-]+(?:of\s+)?)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?:(?P<year>{YEAR})|"
         r"(?P<rel>last|this|next)\s+year(?![a-z-]))", _month_year),
    Rule(MONTH_WORDS,
         rf"(?:(?P<mod>{MOD})[\s-]+(?:of\s+)?)?"
         r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+following)\s+)?"
         rf"(?P<mon>{MONTH})", _month),
    Rule("#4 nineteen thousand",
         rf"(?:(?P<mod>{MOD}|fiscal(?:\s+year)?|the\s+(?:fiscal\s+|calendar\s+)?year|calendar(?:\s+year)?|FY)[\s-]*)?"
         rf"(?P<year>{YEAR})", _year),
    Rule("#4 #2 " + " ".join(DECADE_WORDS),
         r"(?:the\s+)?(?:(?:early|late|mid)[\s-]*)?(?P<dec>(?:1[0-9]|20)\d0)['’]?s(?![a-z])"
         r"|the\s+(?:(?:early|late|mid)[\s-]*)?(?:['’](?P<short>\d0)s|(?:nineteen[\s-])?(?P<word>"
         + "|".join(DECADE_WORDS) + r"))(?![a-z])", _decade),
    Rule("century",
         rf"(?:the\s+)?(?:(?:early|late|mid)[\s-]*)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{ORDWORD}))[\s-]+century",
         _century),
    Rule("spring summer autumn fall winter",
         r"(?:(?:early|late|mid)[\s-]+)?(?:(?P<det>last|this|next|this\s+past|this\s+coming|the|that|past)\s+)?"
         rf"(?:(?:early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)(?![a-z])(?:,?\s+(?:of\s+)?(?P<year>{YEAR}))?",
         _season),
    Rule("#1 #2 #4 noon midday midnight",
         r"(?:(?:around|about|at\s+about|at\s+around|shortly\s+(?:before|after)|just\s+(?:before|after)|"
         r"approximately)\s+)?"
         r"(?:(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?![a-z])"
         r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?![\d:])"
         r"|(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*(?:GMT|UTC|hours|hrs))"
         r"|(?P<word>noon|midday|midnight))(?:\s+(?:GMT|UTC|local\s+time|hours|hrs|[ECMP][SD]T)(?![a-z]))?"
         rf"(?:,?\s+(?:on\s+)?(?:(?P<wd>{WEEKDAY}|yesterday|today|tomorrow)|(?P<cmon>{MONTH})\s+(?P<cday>{DAYNUM})))?",
         _clock),
]
