"""Recognition rules for quarters and halves: "the third quarter", "the year-ago period", "the first half of 2015".

Same shape as `timex_rules` (which holds the other calendar rules): trigger words, a regex and a handler.
"""

from __future__ import annotations

import re

from frontwire.timex_calendar import Context, previous_quarter, quarter_of, quarter_value, shift_quarter
from frontwire.timex_lexicon import YEAR4
from frontwire.timex_rules import Rule, Span, one

_Q_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
          "final": 4, "last": 4}
_FRACTION = re.compile(r"\s+of\s+(?:the|a|an|its|all|their|them|his|her|our|those|these)\b", re.I)


def _quarter_year(m: re.Match, ctx: Context, quarter: int) -> int | None:
    """Year of an ordinal quarter or half: written, relative ("last year's"), else the latest begun by the report."""
    written = m["yr"] or m["yr2"]
    if written:
        return int(written)
    if ctx.dct is None:
        return None
    rel = (m["yrel"] or m["ago2"] or "").lower()
    for word, step in (("last", -1), ("next", 1), ("this", 0)):
        if word in rel and "ago" not in rel and "earlier" not in rel:
            return ctx.dct.year + step
    begun = (quarter - 1) * 3 + 1 <= ctx.dct.month
    return ctx.dct.year if begun or ctx.future(m.start()) else ctx.dct.year - 1


def _quarter_base(m: re.Match, ctx: Context) -> str | None:
    """The quarter a phrase without an ordinal refers to: the current, the latest, or the one just mentioned."""
    cur = " ".join((m["cur"] or "").lower().split())
    det = (m["det"] or "").lower()
    if det in ("a", "an") or _FRACTION.match(ctx.text, m.end()) or not (det or cur or m["yr"] or m["yrel"] or m["ago"]):
        return None  # "a quarter of the population", "the quarter-to-quarter comparison", "the transition period"
    if cur == "current" or (det == "this" and not cur):
        return quarter_value(*quarter_of(ctx.dct)) if ctx.dct else None
    if cur in ("latest", "recent", "most recent") and ctx.dct:
        # the quarter the report gives results for, else the last one completed before the report
        return ctx.reported or previous_quarter(quarter_value(*quarter_of(ctx.dct)))
    if ctx.quarter and cur == "previous":
        return previous_quarter(ctx.quarter)
    if (m["ago"] or m["yr"]) and ctx.reported:
        return ctx.reported  # "the year-ago period", "the 1988 period" compare with the quarter reported on
    if ctx.quarter:
        return ctx.quarter
    if m["unit"].lower() == "period" or ctx.dct is None:
        return None  # "the period" names a quarter only after one was mentioned
    return previous_quarter(quarter_value(*quarter_of(ctx.dct)))  # the latest quarter reported on


def _quarter(m: re.Match, ctx: Context) -> list[Span] | None:
    """"the third quarter", "third-quarter", "the year-ago period", "the first half of 2015"."""
    unit = m["unit"].lower()
    number = _Q_ORD.get((m["ord"] or "").lower())
    if m["pl"]:  # "the first two quarters of 1990" is its first half, "the last two quarters" its second
        if not m["two"] or number not in (1, 4):
            return None
        unit = "half"
    if unit == "quarter" and (m["ord"] or "").lower() == "last":
        number = None  # "the last quarter" is the latest one, not the fourth
    if unit == "half":
        if not number or number == 3 or not (m["yr"] or m["yr2"] or m["yrel"] or m["ago2"]):
            return None  # "the first half" of a match, a month, a speech
        year = _quarter_year(m, ctx, 1)
        return one(m, "DATE", None if year is None else f"{year:04d}-H{1 if number == 1 else 2}")
    anchor = True
    if number and unit == "quarter":
        year = _quarter_year(m, ctx, number)
        value = f"XXXX-Q{number}" if year is None else quarter_value(year, number)
    else:
        value = base = _quarter_base(m, ctx)
        if base and (m["yr"] or m["yrel"]):
            year = int(m["yr"]) if m["yr"] else _quarter_year(m, ctx, int(base[-1]))
            value = quarter_value(year or int(base[:4]), int(base[-1]))
            anchor = value == base  # "the 1988 period" beside the 1989 quarter is a comparison, not a new topic
    if value is None:
        return None
    ago = " ".join(((m["ago"] or "") + " " + (m["ago2"] or "")).lower().split())
    if unit == "period" and ctx.months and ctx.dct and value[:1].isdigit() and (ago or m["yr"] or m["yrel"]):
        # "the 1988 period" after "the first nine months": the same months of a year, compared by year
        return one(m, "DATE", f"{int(value[:4]) - (1 if ago and not m['yr'] else 0):04d}", anchor=False)
    if not value.startswith("X") and ("ago" in ago or "earlier" in ago or (ago.endswith("last year") and not number)):
        return one(m, "DATE", shift_quarter(value, -1), anchor=False)  # a comparison period, not a new topic
    return one(m, "DATE", value, anchor)


RULES: list[Rule] = [
    Rule("quarter quarters half period",
         r"(?:(?P<det>the|this|that|its|a|an|last|next)\s+)?(?:(?P<yrel>this|last|next)\s+year['’]s\s+|"
         r"(?P<ago>(?:comparable\s+|same\s+|corresponding\s+)?year[\s-](?:earlier|ago))\s+|"
         rf"(?:fiscal[\s-]+)?(?P<yr>{YEAR4})(?:['’]s)?\s+|"
         r"(?P<cur>latest|current|same|previous|comparable|corresponding|recent|most\s+recent)\s+)?"
         r"(?:fiscal[\s-]+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+)?"
         r"(?:(?P<two>two)\s+(?=quarters))?(?P<unit>quarter|half|period)(?P<pl>s)?(?![a-z-])"
         rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<yr2>{YEAR4})|"
         r"\s+(?P<ago2>a\s+year\s+(?:ago|earlier)|(?:of\s+)?(?:last|this|next)\s+year))?", _quarter),
]
