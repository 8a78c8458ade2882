"""Words of English temporal expressions: tables for normalisation and regex fragments for recognition."""

from __future__ import annotations

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # month each season begins in
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "F", "month": "M",
         "quarter": "Q", "year": "Y", "decade": "E", "century": "C"}
PARTS_OF_DAY = {"morning": "MO", "dawn": "MO", "afternoon": "AF", "noon": "AF", "evening": "EV", "night": "NI",
                "overnight": "NI", "midnight": "NI", "tonight": "NI"}
VAGUE = {"several", "a few", "few", "many", "some", "a couple of", "couple of"}

# Regex fragments; every pattern is compiled case-insensitively and proper names are checked for a capital later.
_ONES_RE = "|".join(sorted(ONES[1:], key=len, reverse=True))
_TENS_RE = "|".join(TENS)
NUMWORD = rf"(?:(?:{_TENS_RE})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)(?![a-z]))?|{_ONES_RE})"
NUM = rf"(?:\d{{1,4}}(?:\.\d+)?|{NUMWORD}|an?|several|a\s+few|few|many|some|a\s+couple\s+of|couple\s+of)"
MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
         r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)(?![a-z])")
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![a-z])"
_ORD_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
ORDWORD = (rf"(?:(?:twenty|thirty)[\s-](?:{_ORD_UNITS})|thirty-first|twentieth|thirtieth|tenth|eleventh|twelfth|"
           r"(?:thir|four|fif|six|seven|eigh|nine)teenth|" + _ORD_UNITS + ")(?![a-z])")
DAYNUM = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\da-z]|:\d)|{ORDWORD})"
YEAR4 = r"(?<![\d.,$£€#])(?:1[0-9]\d\d|20\d\d)(?![\d%]|\.\d|,\d)"
SPELLED_YEAR = (rf"(?:nineteen[\s-](?:hundred(?:\s+and)?[\s-]?)?(?:(?:{_TENS_RE})(?:[\s-](?:one|two|three|four|"
                r"five|six|seven|eight|nine))?|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen)(?![a-z])"
                rf"|two\s+thousand(?:(?:\s+and)?[\s-](?:{_ONES_RE}))?(?![a-z]))")
YEAR = rf"(?:{YEAR4}|{SPELLED_YEAR})"
MOD = r"(?:early|earlier|late|later|mid|the\s+(?:beginning|start|middle|end|close|rest)\s+of)"


def number(word: str) -> int | None:
    """Value of a cardinal written in digits or words ("seven", "twenty-four", "a"); None when vague."""
    word = " ".join(word.lower().replace("-", " ").split())
    if word in VAGUE:
        return None
    if word in ("a", "an"):
        return 1
    if word.replace(".", "", 1).isdigit():
        return int(float(word)) if "." in word else int(word)
    total = 0
    for part in word.split():
        if part in TENS:
            total += TENS[part]
        elif part in ONES:
            total += ONES.index(part)
        else:
            return None
    return total


def ordinal(word: str) -> int | None:
    """Value of a day ordinal ("17th", "17", "seventeenth", "twenty-first")."""
    word = " ".join(word.lower().replace("-", " ").split())
    digits = word.rstrip("stndrh")
    if digits.isdigit():
        return int(digits)
    parts = word.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINALS:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return ORDINALS.get(word)


def spelled_year(words: str) -> int | None:
    """Value of a year written in words ("nineteen ninety-six", "two thousand and one")."""
    parts = [p for p in words.lower().replace("-", " ").split() if p not in ("and", "hundred")]
    if parts[:2] == ["two", "thousand"]:
        rest = number(" ".join(parts[2:])) if parts[2:] else 0
        return None if rest is None else 2000 + rest
    if parts and parts[0] == "nineteen":
        rest = number(" ".join(parts[1:])) if parts[1:] else 0
        return None if rest is None or rest > 99 else 1900 + rest
    return None


def year_value(text: str) -> int | None:
    """Year written in digits or words."""
    text = text.strip()
    return int(text) if text.isdigit() else spelled_year(text)


def month_number(token: str) -> int | None:
    """Month of a name or abbreviation ("Sept.", "October"); None for lower-case words ("may", "march")."""
    if not token or not token[0].isupper():
        return None  # "may" and "march" are also a verb; month names are capitalised in news prose
    return MONTHS.get(token.rstrip(".").lower())
