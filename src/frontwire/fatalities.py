"""Numbers in news text ("about 40", "a dozen", "scores of") and the deaths a sentence reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# ACLED codes "tens" as 10, "dozens" as 12, "hundreds" as 100; vague plurals take the low end.
_VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "scores": 20, "tens": 10, "hundreds": 100,
    "thousands": 1000, "several": 3, "a few": 3, "few": 3, "some": 3, "many": 10,
    "a number": 3, "a handful": 3,
}
# A modifier before a number: (low factor, high factor) applied to the figure.
_MODIFIERS = {
    "at least": (1.0, None), "more than": (1.0, None), "over": (1.0, None), "upwards of": (1.0, None),
    "about": (1.0, 1.0), "around": (1.0, 1.0), "some": (1.0, 1.0), "roughly": (1.0, 1.0),
    "approximately": (1.0, 1.0), "an estimated": (1.0, 1.0), "nearly": (0.9, 1.0),
    "almost": (0.9, 1.0), "close to": (0.9, 1.0), "up to": (0.0, 1.0), "as many as": (0.0, 1.0),
    "fewer than": (0.0, 1.0), "less than": (0.0, 1.0),
}
# Numbers this large are tallies or typos, never one event's deaths.
MAX_EVENT_DEATHS = 100_000

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(sorted((k for k in _UNITS if k not in ("a", "an", "no", "single")), key=len, reverse=True))
    + r")(?:[- ](?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r"))?"
    + r"(?: (?:hundred|thousand|million))*)"
)
_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?: (?:hundred|thousand|million))?|"
    + _WORD_NUMBER + r"|a dozen|dozens|scores|tens|hundreds|thousands|several|a few|a handful|many"
    + r"|an? (?:hundred|thousand))"
)
_MOD = r"(?P<mod>" + "|".join(sorted(_MODIFIERS, key=len, reverse=True)) + r")?\s*"
_VICTIM = r"(?P<victim>(?:[\w-]+ ){0,3}?)"
_VICTIM_AFTER = r"(?:of\s+)?(?P<victim>[\w-]+(?: [\w-]+)?)?"
_DEATH_VERB = (
    r"(?:were|was|have been|had been|has been|are|is|being|have|has|had)?\s*(?:reportedly |reported |confirmed |believed )?"
    r"(?:killed|dead|died|slain|perished|executed|massacred|beheaded|shot dead|gunned down|lost their lives)"
)
_PATTERNS = [
    # "40 militants were killed", "at least 12 people died", "two soldiers dead"
    re.compile(r"\b" + _MOD + _NUMBER + r"\b(?: of (?:them|the \w+))?\s+(?:of\s+)?" + _VICTIM + r"(?:\([^)]*\) )?" + _DEATH_VERB + r"\b", re.I),
    # "killed about 40 militants", "killing two", "left 12 dead"
    re.compile(r"\b(?:kill(?:ed|ing|s)?|claimed the lives of|left)\s+" + _MOD + _NUMBER + r"\b\s*" + _VICTIM_AFTER, re.I),
    # "the death toll rose to 80", "a toll of 15"
    re.compile(r"\b(?:death toll|toll|number of dead|number of deaths)\b[^.;]{0,140}?\b(?:rose|risen|climbed|reached|"
               r"stood|jumped|increased|hit|is|was|of)\s+(?:to\s+|at\s+)?" + _MOD + _NUMBER + r"\b", re.I),
    # "80 deaths", "15 fatalities", "20 bodies"
    re.compile(r"\b" + _MOD + _NUMBER + r"\s+(?:deaths|fatalities|bodies|dead)\b", re.I),
]
_NO_DEATHS = re.compile(r"\b(?:no (?:one|deaths|casualties|fatalities) (?:was|were) (?:killed|reported|hurt)|no (?:deaths|fatalities) (?:were )?reported|without casualties|no one was (?:killed|hurt|injured))\b", re.I)
_UNNUMBERED = re.compile(r"\b(?:killing|killed|kill)\s+(?:a|an|one)\s+([\w-]+)|\b(?:a|an|one)\s+([\w-]+)\s+(?:was|were)\s+killed", re.I)


@dataclass(frozen=True)
class Deaths:
    """Deaths one phrase reports: the conservative figure and the range the words allow."""

    low: int
    high: int
    start: int  # offsets of the phrase within the sentence
    end: int
    victim: str  # the words naming who died, e.g. "militants", "" when not said

    @property
    def best(self) -> int:
        """ACLED's conservative figure: the lowest credible number."""
        return self.low


def parse_number(words: str) -> int | None:
    """An English or digit number ("1,000", "about forty-two", "a dozen") as an int; None if not one."""
    text = words.strip().lower().replace("\u2009", "")
    if not text:
        return None
    if text in _VAGUE:
        return _VAGUE[text]
    try:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
            return int(text.replace(",", ""))
        match = re.fullmatch(r"(\d+(?:\.\d+)?) (hundred|thousand|million)", text)
        if match:
            return int(float(match.group(1)) * _SCALES[match.group(2)])
    except (ValueError, OverflowError):  # thousands of digits, or a float that overflows: no count at all
        return None
    return _parse_words(text)


def _parse_words(text: str) -> int | None:
    """Word numbers: "forty-two", "two hundred", "a thousand"."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word in ("and",):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def _bounds(value: int, modifier: str | None) -> tuple[int, int]:
    """Low/high range of a figure given its modifier ("at least 40": 40..unbounded → 40..40)."""
    if not modifier:
        return value, value
    low_factor, high_factor = _MODIFIERS[modifier.lower()]
    low = int(value * low_factor)
    high = value if high_factor is None else int(value * high_factor)
    return low, max(high, low)


def find_deaths(sentence: str) -> list[Deaths]:
    """Death figures reported in one sentence; injuries are not deaths."""
    nobody = _NO_DEATHS.search(sentence)
    if nobody:
        return [Deaths(0, 0, nobody.start(), nobody.end(), "")]
    found: list[Deaths] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            span = match.span("num")
            if any(a <= span[0] < b for a, b in taken):
                continue
            value = parse_number(match.group("num"))
            if value is None or value > MAX_EVENT_DEATHS:
                continue
            low, high = _bounds(value, match.group("mod"))
            victim = _victim_words(match.groupdict().get("victim") or "")
            found.append(Deaths(low, high, match.start(), match.end(), victim))
            taken.append(span)
    if not found:
        found.extend(_unnumbered(sentence))
    return found


_STOP = {"on", "in", "at", "and", "when", "as", "after", "during", "near", "while", "with", "the", "of", "since", "including"}


def _victim_words(words: str) -> str:
    """The noun phrase naming the dead, cut at the first function word."""
    kept = []
    for word in words.split():
        if word.lower() in _STOP:
            break
        kept.append(word)
    return " ".join(kept)


def _unnumbered(sentence: str) -> list[Deaths]:
    """"Killing a soldier" is one death."""
    match = _UNNUMBERED.search(sentence)
    if match:
        victim = match.group(1) or match.group(2) or ""
        return [Deaths(1, 1, match.start(), match.end(), victim)]
    return []


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: the two inter codes joined, lower first; a sole actor's code then 0."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
