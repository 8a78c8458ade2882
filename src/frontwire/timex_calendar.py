"""Calendar arithmetic on TIMEX3 values, and the reading context that relative expressions are resolved in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# The rest of a clause up to an expression: no sentence end, but the period of an initial or a common abbreviation
# ("will succeed Daniel P. Davison Feb. 1", "paid Dec. 14 to holders") does not end it. A quotation mark does: in
# '"We will regroup," the commander said Friday' the future is the speaker's, the date is the statement's.
_CLAUSE_TAIL = (r"(?:(?!'')[^.;!?\n\"“”]|\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Sen|Rep|Gov|St|Jan|Feb|Mar|"
                r"Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Corp|Inc|Co|Ltd|No)\.)*$")
# Future-tense cues in the clause before an expression: "talks will resume on Monday", "due to vote on May 3".
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|due|scheduled|slated|set\s+(?:to|for)|planned\s+for|plans?\s+to|going\s+to|"
    r"upcoming|next|(?:is|are)\s+to(?!\s+blame))\b" + _CLAUSE_TAIL, re.I)
# Weaker cues that point a month or a date ahead ("payable Jan. 2", "until mid-November", "extended to Nov. 20") but
# not a weekday: "said it would attack on Monday" is often last Monday by the time it is reported.
# The prepositions among them ("until", "by") govern the expression itself, not the clause: "hampered by problems
# tied to the introduction of computers in April" points nowhere.
_AHEAD = re.compile(
    r"\b(?:would|to\s+be|expects?|expected|deadline|effective|payable|extend(?:s|ed)?|"
    r"postpone[sd]?|delay(?:s|ed)?|adjourn(?:s|ed)?)\b" + _CLAUSE_TAIL
    + r"|\b(?:until|till|through|by)\s+(?:(?:the\s+)?(?:end|middle|beginning|start|close)\s+of\s+|"
      r"(?:early|mid|late)[\s-]+)?$", re.I)
# How far back the cues above are looked for: about a clause.
_CUE_WINDOW = 100
# Past-tense cues in the sentence: "gunmen stormed the station on March 5" is not next March. Reporting verbs
# ("announced", "reported") date the report, not what it is about, so they are no cue.
_PAST = re.compile(
    r"\b(?:was|were|had|did|(?!(?:announc|report|stat|add|not|quot|confirm|claim|declar)ed)[a-z]{2,}ed|"
    r"began|blew|broke|brought|came|caught|fell|fled|flew|fought|forced|found|gave|hid|held|laid|led|left|lost|"
    r"made|met|overran|ran|rose|sank|saw|sent|shot|spent|stole|stood|struck|swept|took|went|won|wrote)\b")
# An indefinite article at or just before an expression: "a fourth-quarter charge", "after a flat second quarter".
_INDEFINITE = re.compile(r"(?:^|\W)an?\s+(?:[a-z]+\s+)?$", re.I)
_LENGTH = re.compile(r"P(?P<n>\d+)(?P<u>[MY])")
_PERIOD = re.compile(r"the\s+(?:first\s+|latest\s+|same\s+)?[\w-]+\s+months", re.I)
_SENTENCE_END = re.compile(r"[.!?\n]")
_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|"
    r"(?P<s>SP|SU|FA|WI)))?(?:T.*)?$|(?P<dec>\d{3})$|(?P<cent>\d{2})$"
)


@dataclass
class Context:
    """What resolving one document needs: its text, creation day and the last date it mentioned."""

    text: str
    dct: date | None
    ref: str | None = None  # last absolute DATE/TIME value mentioned, for "the following year", "a week earlier"
    day: date | None = None  # last day mentioned, for "the following day", "the previous Friday"
    quarter: str | None = None  # last quarter mentioned ("1989-Q3"), for "the quarter", "the year-ago period"
    reported: str | None = None  # the quarter the report gives results for, for "a year earlier", "the latest period"
    # True after a reporting period of months ("the first nine months") and before the next date: a year-ago
    # comparison then compares years, not the quarter mentioned before it
    months: bool = False

    def future(self, start: int, weak: bool = False) -> bool:
        """True when the clause before `start` is in the future tense (or, `weak`, points ahead)."""
        lo = max(0, start - _CUE_WINDOW)
        return bool(_FUTURE.search(self.text, lo, start) or (weak and _AHEAD.search(self.text, lo, start)))

    def past(self, start: int, end: int) -> bool:
        """True when the sentence around [start, end) has a past-tense verb and no future cue before `start`."""
        if self.future(start, weak=True):
            return False
        lo = max(0, start - 150)
        head = self.text[lo:start]
        lo += max(head.rfind("."), head.rfind("\n"), head.rfind("?"), head.rfind("!")) + 1
        stop = _SENTENCE_END.search(self.text, end, end + 150)
        return bool(_PAST.search(self.text, lo, stop.start() if stop else min(len(self.text), end + 150)))

    def anchor(self) -> date | None:
        """Day that anaphoric expressions count from: the last mentioned day, else the creation day."""
        return self.day or self.dct

    def note(self, value: str, start: int = 0) -> None:
        """Remember an absolute value just mentioned (at `start` in the text)."""
        if _VALUE.match(value) and not value.startswith("X"):
            self.ref = value
            self.day = parse_day(value) or self.day
            self.months = False
            if "-Q" in value:
                self.quarter = value
                self._note_reported(value, start)

    def _note_reported(self, quarter: str, start: int) -> None:
        """Remember a quarter that results may be reported for: one that has ended, or the current one when the
        text has named no other (a fiscal quarter); never one in a forecast ("losses through the third quarter")."""
        if self.future(start) or (self.reported and self._indefinite(start)):
            return  # "a fourth-quarter charge", "after a flat second quarter" describe, they do not change topic
        if self.dct is None or quarter <= previous_quarter(quarter_value(*quarter_of(self.dct))):
            self.reported = quarter
        elif self.reported is None and quarter == quarter_value(*quarter_of(self.dct)):
            self.reported = quarter

    def _indefinite(self, start: int) -> bool:
        """True when the expression at `start` has an indefinite article ("a flat second quarter")."""
        return bool(_INDEFINITE.search(self.text[max(0, start - 16):start])
                    or re.match(r"an?\s", self.text[start:start + 3], re.I))

    def note_length(self, value: str, words: str) -> None:
        """Remember a length just mentioned: a reporting period of several months ("the first nine months") makes
        later year-ago comparisons yearly; other lengths ("the next two years") are no period reported on."""
        match = _LENGTH.fullmatch(value)
        if match and match["u"] == "M" and int(match["n"]) > 3 and _PERIOD.fullmatch(words):
            self.months = True

    def comparison(self) -> str | None:
        """The quarter a year-ago comparison is about, None when the text last spoke of a longer period."""
        return None if self.months else self.reported


def parse_day(value: str) -> date | None:
    """The day of a YYYY-MM-DD value (a TIME value's date part too); None for coarser values."""
    match = _VALUE.match(value)
    if not match or not match["d"]:
        return None
    return make_day(int(match["y"]), int(match["m"]), int(match["d"]))


def make_day(year: int, month: int, day: int) -> date | None:
    """A date, or None when it does not exist ("February 30")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_value(day: date) -> str:
    """YYYY-MM-DD."""
    return day.isoformat()


def week_value(day: date) -> str:
    """ISO week of a day, e.g. 2016-W47."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    """YYYY-MM."""
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) n months later."""
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def shift(day: date, unit: str, n: int) -> date:
    """The day n units (D, W, M, Y, E for decade) after `day`; month ends are clamped."""
    if unit == "D":
        return day + timedelta(days=n)
    if unit == "W":
        return day + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "E": 120}[unit] * n
    year, month = add_months(day.year, day.month, months)
    while True:
        try:
            return day.replace(year=year, month=month)
        except ValueError:
            day = day - timedelta(days=1)


def on_or_before(day: date, weekday: int, strict: bool = False) -> date:
    """The most recent `weekday` (1 = Monday) on or (strict) before `day`."""
    back = (day.isoweekday() - weekday) % 7
    return day - timedelta(days=back or (7 if strict else 0))


def on_or_after(day: date, weekday: int, strict: bool = False) -> date:
    """The next `weekday` on or (strict) after `day`."""
    ahead = (weekday - day.isoweekday()) % 7
    return day + timedelta(days=ahead or (7 if strict else 0))


def quarter_value(year: int, quarter: int) -> str:
    """YYYY-Qn."""
    return f"{year:04d}-Q{quarter}"


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter) of a day."""
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(value: str) -> str:
    """The quarter before a YYYY-Qn value."""
    year, quarter = int(value[:4]), int(value[-1])
    return quarter_value(year - 1, 4) if quarter == 1 else quarter_value(year, quarter - 1)


def shift_quarter(value: str, years: int) -> str:
    """A quarter value moved by whole years."""
    return quarter_value(int(value[:4]) + years, int(value[-1]))


def value_at(day: date, unit: str) -> str:
    """The value of the day, week, month, quarter, year or decade containing `day`."""
    if unit in ("D", "H", "S"):
        return day_value(day)
    if unit == "W":
        return week_value(day)
    if unit == "M":
        return month_value(day.year, day.month)
    if unit == "Q":
        return quarter_value(*quarter_of(day))
    if unit == "E":
        return f"{day.year // 10:03d}"
    return f"{day.year:04d}"


def earliest_day(value: str) -> date | None:
    """First day of the period a DATE/TIME value names; None for PRESENT_REF, XXXX-10-17 and the like."""
    match = _VALUE.match(value)
    if not match:
        return None
    if match["dec"] or match["cent"]:
        digits = match["dec"] or match["cent"]
        return date(int(digits) * 10 ** (4 - len(digits)) or 1, 1, 1)
    year = int(match["y"]) or 1
    if match["w"]:
        return _iso_day(year, int(match["w"]), 1)
    month = int(match["m"] or 1)
    if match["q"] or match["h"]:
        month = (int(match["q"]) - 1) * 3 + 1 if match["q"] else 1 + 6 * (int(match["h"]) - 1)
    elif match["s"]:
        month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[match["s"]]
    return make_day(year, month, int(match["d"] or 1))


def coded_day(value: str) -> tuple[date, int] | None:
    """ACLED's coded day and time precision of a value: a day (1), a week's Wednesday (2), a month's 15th (3)."""
    match = _VALUE.match(value)
    if not match or match["dec"] or match["cent"]:
        return None
    if match["d"]:
        day = make_day(int(match["y"]), int(match["m"]), int(match["d"]))
        return (day, 1) if day else None
    if match["w"]:
        day = _iso_day(int(match["y"]), int(match["w"]), 6 if match["we"] else 3)  # a weekend: its Saturday
        return (day, 2) if day else None
    if match["m"]:
        day = make_day(int(match["y"]), int(match["m"]), 15)
        return (day, 3) if day else None
    return None


def _iso_day(year: int, week: int, weekday: int) -> date | None:
    """date.fromisocalendar that answers None instead of raising."""
    try:
        return date.fromisocalendar(year, week, weekday)
    except ValueError:
        return None
