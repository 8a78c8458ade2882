"""Recognition rules for expressions relative to the report or to the last date mentioned.

"yesterday", "on Sunday", "last week", "two days ago", "the following day", "recently", durations and sets.
Same shape as `timex_rules`: trigger words, a regex and a handler giving `(start, end, type, value, anchor)` spans.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from frontwire.timex_calendar import (
    Context, earliest_day, on_or_after, on_or_before, parse_day, shift, shift_quarter, value_at, week_value,
)
from frontwire.timex_lexicon import (
    MOD, MONTH, NUM, NUMWORD, PARTS_OF_DAY, UNITS, WEEKDAY, WEEKDAYS, month_number, number,
)
from frontwire.timex_rules import WEEKDAY_WORDS, Rule, Span, one

# What turns "the past" into a length and "soon" into a link between two events.
_COUNTED = re.compile(
    rf"\s+(?:(?:\d+|{NUMWORD})[\s-]+[a-z]+s|centur(?:y|ies)|decades?|years?|months?|weeks?|days?)\b", re.I)
_QUOTE_OPEN = re.compile(r"[\"“‘']\s*$")
_THROUGHOUT = re.compile(r"\b(?:throughout|all)\s+$", re.I)
_RELATIVE_TO = re.compile(r"\s+(?:after|afterwards?|before|thereafter)\b", re.I)
_UNKNOWN = {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "E": "XXX"}  # a unit's value with no date to count from
_GRANULARITY = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4, "E": 5}
_LENGTH_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:days|weeks|months|years)\b", re.I)
_IN = re.compile(r"\bin\s+$", re.I)
# Words before "a day", "a week" that make it a length of time ("for a week"), not "twice a week".
_FOR = re.compile(
    r"\b(?:for|within|in|over|after|about|nearly|almost|last|lasted|lasting|past|than|least|spent|took)\s+$", re.I)


def _words(text: str | None) -> str:
    """Lower-cased text with single spaces."""
    return " ".join((text or "").lower().split())


def _day_time(day: date | None, part: str | None, kind: str = "DATE") -> tuple[str, str]:
    """(type, value) of a day, made a TIME when a part of day ("night") is named."""
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    if part:
        return "TIME", f"{prefix}T{PARTS_OF_DAY[part.lower()]}"
    return kind, prefix


def _deictic(m: re.Match, ctx: Context) -> list[Span] | None:
    """today, tonight, yesterday, this morning, last night, overnight: days counted from the report."""
    word = _words(m["w"])
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2, "last night": -1, "last evening": -1, "overnight": 0}
    day = ctx.dct + timedelta(days=offsets.get(word, 0)) if ctx.dct else None
    part = m["pod"] or m["pre"]  # "yesterday afternoon", "mid-afternoon yesterday"
    if word in ("tonight", "overnight") or word.startswith("last"):
        part = part or ("evening" if word.endswith("evening") else "night")
    elif word.startswith("this "):
        part = word.split()[1]
    # "overnight" names no night of its own: the narrative stays on the day it was on ("Friday ... overnight
    # losses in New York ... down from the previous Friday")
    return one(m, *_day_time(day, part), anchor=word != "overnight")


def weekday_day(ctx: Context, start: int, weekday: int, rel: str) -> date | None:
    """The day a weekday refers to: news usage counts back from the report, "the following Monday" from the text."""
    if rel in ("the previous", "the following", "the next"):
        base = ctx.anchor()
        if base is None:
            return None
        return on_or_before(base, weekday, True) if rel == "the previous" else on_or_after(base, weekday, True)
    dct = ctx.dct
    if dct is None:
        return None
    if rel in ("last", "this past", "past"):
        return on_or_before(dct, weekday, True)
    if rel in ("next", "this coming", "coming"):
        return on_or_after(dct, weekday, True)
    if rel == "this":
        return dct + timedelta(days=weekday - dct.isoweekday())
    if ctx.future(start):
        return on_or_after(dct, weekday)
    return on_or_before(dct, weekday)


def _weekday(m: re.Match, ctx: Context) -> list[Span] | None:
    """"Sunday", "last Friday", "Monday night": a weekday resolved as news uses it."""
    if not m["wd"][0].isupper():
        return None
    weekday = WEEKDAYS[m["wd"].lower()]
    plural = _PLURAL_PART.match(ctx.text, m.end())
    if m["pl"] or plural:  # "Monday nights", "on Monday and Tuesday nights": every such night, not one day
        part = m["pod"] if m["pl"] else plural["pod"]
        return one(m, "SET", f"XXXX-WXX-{weekday}T{PARTS_OF_DAY[part.lower()]}")
    day = weekday_day(ctx, m.start(), weekday, _words(m["rel"]))
    part = m["pod"] or ("overnight" if _words(m["mod"]) == "overnight" else None)
    if day is None:
        value = f"XXXX-WXX-{weekday}" + (f"T{PARTS_OF_DAY[part.lower()]}" if part else "")
        return one(m, "TIME" if part else "DATE", value)
    return one(m, *_day_time(day, part))


def _ref_base(ctx: Context) -> date | None:
    """A day inside the last mentioned period, else the report's day."""
    return (earliest_day(ctx.ref) if ctx.ref else None) or ctx.dct


_REL_STEP = {"last": -1, "the past": -1, "the last": -1, "the latest": -1, "last fiscal": -1,
             "the latest fiscal": -1, "this": 0, "the current": 0, "the full": 0, "the current fiscal": 0,
             "this fiscal": 0, "next": 1, "the coming": 1, "next fiscal": 1}
_ANAPHORIC_STEP = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1, "the prior": -1,
                   "that": 0, "the same": 0}


def _weekend(ctx: Context, start: int, rel: str) -> str | None:
    """The weekend a phrase means: the last one before the report unless "this"/"next" or the future says so."""
    dct = ctx.dct
    if dct is None:
        return "XXXX-WXX-WE"
    if rel == "next" or (rel in ("this", "") and ctx.future(start)):
        return week_value(dct + timedelta(days=7 if rel == "next" or dct.isoweekday() == 7 else 0)) + "-WE"
    if rel == "this" or dct.isoweekday() >= 6:
        return week_value(dct) + "-WE"
    return week_value(dct - timedelta(days=7)) + "-WE"


def _relative_unit(m: re.Match, ctx: Context) -> list[Span] | None:
    """"last week", "this month", "earlier this year", "the following year", "the weekend", "year-end"."""
    rel = _words(m["rel"])
    unit = (m["unit"] or m["unit2"] or m["unit3"] or ("year" if m["ye"] else "weekend")).lower()
    if m["unit"] and m["unit"][0].isupper() and _QUOTE_OPEN.search(ctx.text, max(0, m.start() - 2), m.start()):
        return None  # ABC's "This Week": a title
    if unit == "weekend":
        return one(m, "DATE", _weekend(ctx, m.start(), rel))
    if unit == "day":  # "later in the day": the day the text is on
        return one(m, *_day_time(ctx.anchor(), None))
    code = UNITS[unit]
    if rel in _ANAPHORIC_STEP:
        base, step = _ref_base(ctx), _ANAPHORIC_STEP[rel]
    else:
        base, step = ctx.dct, _REL_STEP.get(rel, 0)
    if base is None:
        return one(m, "DATE", _UNKNOWN[code])
    return one(m, "DATE", value_at(shift(base, code, step), code))


def _anaphoric_day(m: re.Match, ctx: Context) -> list[Span] | None:
    """"the following day", "the previous night", "that day": counted from the last day mentioned."""
    which = _words(m["which"])
    if m["dir"]:
        after = ctx.text[m.end():m.end() + 2]
        if after[:1].isalnum() or after.strip()[:1].isalnum():
            return None  # "the day after the attack" counts from the attack, which has no date here
        which = "the next" if m["dir"].lower() == "after" else "the previous"
    step = {"the following": 1, "the next": 1, "next": 1, "the previous": -1, "the preceding": -1,
            "the prior": -1}.get(which, 0)
    if m["unit3"]:  # "the year before": the year before the one last mentioned
        base_day, code = _ref_base(ctx), UNITS[m["unit3"].lower()]
        return one(m, "DATE", value_at(shift(base_day, code, step), code) if base_day else _UNKNOWN[code])
    base = ctx.anchor()
    day = base + timedelta(days=step) if base else None
    part = (m["unit"] or m["unit2"]).lower()
    return one(m, *_day_time(day, None if part == "day" else part))


def _shifted(ctx: Context, code: str, n: int, from_text: bool) -> str | None:
    """Value n units from the last date mentioned (from_text) or from the report, at a sensible granularity."""
    unit = "Y" if code == "E" else code
    n = n * 10 if code == "E" else n
    if code in ("H", "MIN", "S"):
        unit, n = "D", 0  # "two hours ago", "seconds later" are on the day they count from
    if from_text and ctx.ref and unit == "Y" and n == -1 and ctx.months and ctx.dct:
        return value_at(shift(ctx.dct, unit, n), unit)  # "through the nine months, up from a year earlier"
    if from_text and ctx.ref:
        if unit == "Y" and "-Q" in ctx.ref and ctx.comparison():
            return shift_quarter(ctx.comparison(), n)  # "a year earlier" after a quarter: the same quarter then
        ref_day, base = parse_day(ctx.ref), earliest_day(ctx.ref)  # the last mention itself, not an older day
        if ref_day is not None:
            return value_at(shift(ref_day, unit, n), "M" if unit == "M" else "D")
        ref_unit = _granularity(ctx.ref)
        if base is not None and _GRANULARITY[ref_unit] <= _GRANULARITY.get(unit, 0) + 1:
            coarser = max(ref_unit, unit, key=lambda u: _GRANULARITY.get(u, 0))
            return value_at(shift(base, unit, n), coarser)
    if ctx.dct is None:
        return None
    if unit == "Y" and ctx.ref and "-Q" in ctx.ref and ctx.comparison():
        return shift_quarter(ctx.comparison(), n)
    return value_at(shift(ctx.dct, unit, n), unit)


def _granularity(value: str) -> str:
    """Unit code of an absolute value: D, W, M, Q, Y, E."""
    if len(value) == 3:
        return "E"
    if len(value) == 4:
        return "Y"
    if "-W" in value:
        return "W"
    if "-Q" in value or "-H" in value:
        return "Q"
    return "M" if len(value) == 7 and value[5].isdigit() else ("D" if value[5:6].isdigit() else "Q")


def _ago(m: re.Match, ctx: Context) -> list[Span] | None:
    """"two days ago" from the report; "a week earlier", "three days later" from the last date mentioned."""
    direction = _words(m["dir"])
    unit = m["unit"].lower()
    code = "MIN" if unit == "minute" else ("H" if unit == "hour" else UNITS[unit])
    if direction in ("before", "after", "prior") and re.match(r"\s*[\w(]", ctx.text[m.end():m.end() + 3]):
        # "two days before the vote": a length of time counted from an event that is not a date here
        n = number(m["num"])
        value = f"P{'T' if code in ('H', 'MIN', 'S') else ''}{'X' if n is None else n}{'M' if code == 'MIN' else code}"
        return [(m.start("num"), m.end("u"), "DURATION", value, False)]
    n = number(m["num"])
    back = direction in ("ago", "earlier", "before", "previously", "prior", "back")
    if n is None:
        return one(m, "DATE", "PAST_REF" if back else "FUTURE_REF")
    if code == "F":
        code, n = "W", n * 2
    from_text = direction not in ("ago", "back", "from now", "hence")
    value = _shifted(ctx, code, -n if back else n, from_text) or "XXXX-XX-XX"
    # "a year earlier" is a comparison: later expressions keep counting from the date it was compared with
    return one(m, "DATE", value, anchor=code not in ("Y", "E"))


def _reference(m: re.Match, ctx: Context) -> list[Span] | None:
    """"now", "recently", "soon": PRESENT_REF, PAST_REF, FUTURE_REF."""
    if m["present"]:
        return one(m, "DATE", "PRESENT_REF")
    if m["past"]:
        if _COUNTED.match(ctx.text, m.end()):
            return None  # "the past three summers", "the past century": a length of time, not the past
        return one(m, "DATE", "PAST_REF")
    if ctx.text[max(0, m.start() - 3):m.start()].lower() == "as " or _RELATIVE_TO.match(ctx.text, m.end()):
        return None  # "as soon as the fighting stopped", "killed soon after his capture": no time of its own
    return one(m, "DATE", "FUTURE_REF")


def _year_earlier(m: re.Match, ctx: Context) -> list[Span] | None:
    """A bare "year-earlier"/"year-ago": the same quarter a year before when one was mentioned, else last year."""
    if _LENGTH_AFTER.match(ctx.text, m.end()):
        return None  # "the year-earlier nine months" is a length, dated by the length rule
    if ctx.comparison():
        return one(m, "DATE", shift_quarter(ctx.comparison(), -1), anchor=False)
    return one(m, "DATE", f"{ctx.dct.year - 1:04d}" if ctx.dct else "XXXX", anchor=False)


def _the_year(m: re.Match, ctx: Context) -> list[Span] | None:
    """"the year" on its own ("the deadliest attack of the year"): the report's year."""
    if _THROUGHOUT.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None  # "throughout the year" is a length of time
    return one(m, "DATE", f"{ctx.dct.year:04d}" if ctx.dct else "XXXX", anchor=False)


def _duration(m: re.Match, ctx: Context) -> list[Span] | None:
    """"three days", "a seven-week (assault)", "the past two months": lengths of time."""
    if m["adj"]:
        return None  # "a 25-year-old man" is an age
    word = _words(m["num"])
    if word in ("a", "an") and not m["pre"] and not _FOR.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None  # "twice a week", "a year" without "for" are not lengths
    n = number(word)  # a range ("two to three weeks") is coded by its lower bound, as TimeBank does
    unit = "century" if m["unit"].lower().startswith("centur") else m["unit"].lower()
    code = UNITS[unit]
    amount = "X" if n is None else str(n)
    if code == "F":
        code, amount = "W", "X" if n is None else str(n * 2)
    if code == "E":
        code, amount = "Y", "X" if n is None else str(n * 10)
    if code == "C":
        code, amount = "Y", "X" if n is None else str(n * 100)
    timed = unit in ("hour", "minute", "second")
    if n and not timed and not m["pre"] and not m["num2"] and _IN.search(ctx.text, max(0, m.start() - 4), m.start()):
        if ctx.dct and ctx.future(m.start(), weak=True):  # "will be redeemed in five years": a date ahead
            return one(m, "DATE", value_at(shift(ctx.dct, code, n), code), anchor=False)
    return one(m, "DURATION", f"P{'T' if timed else ''}{amount}{code}")


def _set(m: re.Match, ctx: Context) -> list[Span] | None:
    """"daily", "every Friday", "twice a week": recurring times."""
    adverbs = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "fortnightly": "P2W",
               "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y"}
    if m["adv"]:
        return one(m, "SET", adverbs[m["adv"].lower()])
    if m["wds"]:
        return one(m, "SET", f"XXXX-WXX-{WEEKDAYS[m['wds'].lower()[:-1]]}")
    if m["smon"]:  # "each July": every year's July
        month = month_number(m["smon"])
        return None if month is None else one(m, "SET", f"XXXX-{month:02d}")
    unit = (m["unit"] or m["unit2"]).lower()
    if unit in WEEKDAYS:
        return one(m, "SET", f"XXXX-WXX-{WEEKDAYS[unit]}")
    if unit in PARTS_OF_DAY:
        return one(m, "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}")
    n = number(m["num"]) if m["num"] else 1
    code = UNITS.get(unit, "D")
    return one(m, "SET", f"P{'T' if unit in ('hour', 'minute', 'second') else ''}{n or 'X'}{code}")


_POD = r"morning|afternoon|evening|night"
# A weekday before another one with a plural part of day: "Monday" in "on Monday and Tuesday nights".
_PLURAL_PART = re.compile(
    rf"\s+(?:and|or|&)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?P<pod>{_POD})s(?![a-z])", re.I)
_UNIT = r"second|minute|hour|day|week|fortnight|month|year|decade"
_UNIT_WORDS = " ".join(w + s for w in _UNIT.split("|") for s in ("", "s")) + " century centuries"
_SET_WORDS = ("every each hourly daily nightly weekly fortnightly monthly quarterly annually yearly once twice thrice "
              "times " + " ".join(w + "s" for w in WEEKDAYS))
RULES: list[Rule] = [
    Rule("today tonight yesterday tomorrow morning afternoon evening night overnight",
         r"(?:(?:early|earlier|late|later|mid)[\s-]+)?"
         rf"(?:(?P<pre>{_POD})\s+(?=yesterday|today|tomorrow))?(?P<w>the\s+day\s+before\s+yesterday|"
         r"the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|"
         r"last\s+(?:night|evening)|overnight)"
         rf"(?:\s+(?P<pod>{_POD})(?![a-z]))?", _deictic),
    Rule(WEEKDAY_WORDS,
         r"(?:(?P<mod>early|earlier|late|later|overnight)\s+(?:on\s+)?)?(?:(?P<rel>last|this|next|this\s+past|"
         r"this\s+coming|the\s+previous|the\s+following|the\s+next|coming|past)\s+)?"
         rf"(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{_POD}|overnight|dawn|noon|midnight)(?P<pl>s)?(?![a-z]))?", _weekday),
    Rule("day week month year decade weekend",
         rf"(?:(?:{MOD}|early|late)\s+)?(?P<rel>last|this|next|the\s+past|the\s+previous|the\s+coming|the\s+current|"
         r"the\s+following|the\s+next|the\s+same|that|the\s+latest|the\s+last|the\s+full|the\s+preceding|the\s+prior|"
         r"(?:the\s+current|the\s+latest|this|last|next)\s+fiscal)\s+"
         r"(?P<unit>week|month|year|decade|weekend)(?![a-z-])"
         r"|(?:earlier|later|early|late)\s+in\s+the\s+(?P<unit2>day|week|month|year)(?![a-z])"
         r"|(?P<ye>year[\s-]end|year['’]s\s+end)(?![a-z])"
         r"|the\s+(?:end|close|turn)\s+of\s+the\s+(?P<unit3>year|month|week)(?![a-z])"
         r"|(?P<rel2>the)\s+weekend(?![a-z])", _relative_unit),
    Rule("day morning afternoon evening night week month year",
         rf"(?:(?P<which>the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+same|that|next|the\s+prior)"
         rf"\s+(?P<unit>day|{_POD})(?![a-z])|the\s+(?:(?P<unit2>day|{_POD})|(?P<unit3>week|month|year))\s+"
         r"(?P<dir>before|after)(?![a-z]))",
         _anaphoric_day),
    Rule("ago earlier later before after previously prior back now hence",
         r"(?:(?:nearly|almost|about|around|some|roughly|approximately|more\s+than|less\s+than|over|just\s+over|"
         r"just\s+under|under|exactly|only|at\s+least|barely|just)\s+)?"
         rf"(?P<num>{NUM})[\s-]+(?P<u>(?P<unit>{_UNIT})s?)(?:\s+or\s+(?:so|two|more))?\s+"
         r"(?P<dir>ago|earlier|later|before|after|previously|prior|back|from\s+now|hence)(?![a-z])", _ago),
    Rule("now current currently present presently nowadays days moment recently recent lately past years few "
         "future soon term date coming ahead",
         r"(?P<present>right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment|"
         r"the\s+present(?:\s+day)?|current)(?![a-z])"
         r"|(?P<past>(?:more\s+|most\s+|very\s+|until\s+|only\s+)?recently|then[\s-]+current|"
         r"recent\s+(?:days|weeks|months|years|times|history)|lately|the\s+past|past\s+years|"
         r"the\s+last\s+few\s+(?:days|weeks|months|years)|years\s+ago)"
         r"(?![a-z])|(?P<future>the\s+(?:near\s+|distant\s+)?future|soon|the\s+(?:near|short)\s+term|a\s+later\s+date|"
         r"(?:the\s+)?coming\s+(?:days|weeks|months|quarters|years)|the\s+(?:days|weeks|months|years)\s+ahead)"
         r"(?![a-z])",
         _reference),
    Rule("year",
         r"year[\s-](?:earlier|ago)", _year_earlier),
    # not "the year ended June 30" (a fiscal year, a length), "the year before" (counted from another date),
    # "the year 2000" or "the year's end" (other rules)
    Rule("year",
         r"the\s+(?:(?:fiscal|calendar)\s+)?year(?![a-z'’-])(?!\s+(?:ended|ending|before|after|earlier|later|ago|"
         r"of(?!\s*[$£€\d])|that|when|since|in\s+which|to\s+date|\d)(?![a-z]))", _the_year),
    Rule(_UNIT_WORDS,
         r"(?:(?P<pre>the\s+(?:past|last|next|first|previous|coming|following|final|remaining)|another|an\s+additional|"
         r"the)\s+)?(?:(?:nearly|almost|about|around|some|roughly|approximately|more\s+than|less\s+than|over|"
         rf"at\s+least|up\s+to|just\s+over|only)\s+)?(?P<num>{NUM})(?:\s+(?:to|or|-|and)\s+(?P<num2>{NUM}))?[\s-]+"
         rf"(?P<unit>{_UNIT}|century|centurie)s?(?P<adj>[\s-]+old)?(?![a-z-])", _duration),
    Rule(_SET_WORDS,
         rf"(?:every|each)\s+(?:other\s+)?(?:(?P<num>{NUM})\s+)?(?P<unit>{_UNIT}|night|morning|evening|quarter|"
         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?(?![a-z])"
         rf"|(?:every|each)\s+(?P<smon>{MONTH})"
         r"|(?P<adv>hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly)(?![a-z])"
         r"|(?P<wds>(?:mon|tues|wednes|thurs|fri|satur|sun)days)(?![a-z])"
         rf"|(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit2>{_UNIT})(?![a-z])", _set),
]
