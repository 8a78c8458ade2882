"""Numbers in news text ("about 40", "a dozen", "scores of") and the deaths a sentence reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

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
    re.compile(r"\b(?:kill(?:ed|ing|s)?|claimed the lives of|left|shot dead|gunned down|executed|executing|beheaded"
               r"|massacred|murdered|slaughtered)\s+" + _MOD + _NUMBER + r"\b\s*" + _VICTIM_AFTER, re.I),
    # "the death toll rose to 80", "a toll of 15"
    re.compile(r"\b(?:death toll|toll|number of (?:dead|deaths|fatalities|victims|people killed|those killed|people who died))\b[^.;]{0,140}?\b(?:rose|risen|climbed|reached|"
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
    exact: bool = True  # False for vague words ("dozens", "many") and one unnumbered victim ("killing a soldier")
    partial: bool = False  # a part of the toll ("two of them", "including six children"), not a toll

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


# Every figure pattern above needs one of these words: a sentence without any skips the costlier search.
_DEATH_WORD = re.compile(r"\b(?:kill\w*|dead|died|slain|perished|execut\w*|massacred|beheaded|gunned|lives|left|"
                         r"deaths?|toll|fatalities|bodies|victims|murdered|slaughtered)\b", re.I)


def find_deaths(sentence: str) -> list[Deaths]:
    """Death figures reported in one sentence; injuries are not deaths."""
    nobody = _NO_DEATHS.search(sentence)
    if nobody:
        return [Deaths(0, 0, nobody.start(), nobody.end(), "")]
    if not _DEATH_WORD.search(sentence):
        return []
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
            found.append(Deaths(low, high, match.start(), match.end(), victim,
                                exact=match.group("num").lower() not in _VAGUE,
                                partial=_partial(sentence, match.start(), match.group(0))))
            taken.append(span)
    if not found:
        found.extend(_unnumbered(sentence))
    return found


_PART_BEFORE = re.compile(r"\b(?:including|among them|among the dead|among those|of whom|of them)\W*$", re.I)
_PART_OF = re.compile(r"\bof (?:them|those|the (?:dead|victims|wounded|people|casualties))\b", re.I)


def _partial(sentence: str, start: int, phrase: str) -> bool:
    """A count of some of the dead ("including six children", "two of the victims"), not the toll."""
    return bool(_PART_BEFORE.search(sentence, max(0, start - 20), start) or _PART_OF.search(phrase))


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
        return [Deaths(1, 1, match.start(), match.end(), victim, exact=False)]
    return []


# Verbs whose object (or, passive, subject) is the dead.
_DEATH_LEMMAS = {"kill", "die", "perish", "slay", "execute", "massacre", "behead", "murder", "slaughter"}
_FIGURE = re.compile(_MOD + _NUMBER + r"$", re.I)


def deaths_in_parse(span: Span, offset: int) -> list[Deaths]:
    """Deaths from the dependency parse: who "killed" and "died" govern, with the numbers on them.

    This finds what word patterns miss ("Eleven villagers, some of them teenagers, were rounded up and
    killed") and adds up lists of victims ("20 IS fighters and seven members of the security forces",
    "six aid workers, their guide and their driver"); "including ..." is a part, not an addition.
    Offsets are relative to `offset`, the start of the sentence text.
    """
    out = []
    for token in span:
        if token.lemma_ not in _DEATH_LEMMAS and not (token.lemma_ == "shoot" and _has(token, "dead")):
            continue
        if any(child.dep_ == "neg" for child in token.children):
            continue
        victim = _victim_of(token)
        counted = _count(victim, with_list=True) if victim is not None else None
        if counted is None or token.idx < offset:
            continue
        low, high, first, last = counted
        if 0 < high <= MAX_EVENT_DEATHS:
            exact = not (victim.lower_ in _VAGUE or any(c.dep_ == "nummod" and c.lower_ in _VAGUE
                                                        for c in victim.children)) and counted[0] != 1
            out.append(Deaths(low, high, first - offset, last - offset, _victim_name(victim), exact=exact,
                              partial=_PART_OF.search(doc_text(span.doc)[first:last + 24]) is not None))
    return out


def _victim_name(noun: Token) -> str:
    """Words naming the dead: the noun with its compounds, or what "dozens of ..." counts."""
    if noun.like_num or noun.lower_ in _VAGUE:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), noun) if of is not None else noun
    words = [c for c in noun.lefts if c.dep_ in ("compound", "amod")] + [noun]
    return " ".join(t.text for t in words)


def _has(token: Token, word: str) -> bool:
    """The token has a dependent spelled `word` ("shot dead")."""
    return any(child.lower_ == word for child in token.children)


def _victim_of(verb: Token) -> Token | None:
    """The noun naming the dead: the object of "killed", the subject of "died" or of a passive."""
    deps = ("nsubj",) if verb.lemma_ in ("die", "perish") else ("nsubjpass", "dobj")
    victim = next((c for c in verb.children if c.dep_ in deps), None)
    if victim is None and verb.dep_ == "conj":
        # "were rounded up and killed": the conjoined verbs share their subject
        victim = next((c for c in verb.head.children if c.dep_ in ("nsubjpass",) + deps[:1]), None)
    if victim is None and verb.dep_ in ("acl", "relcl"):
        victim = verb.head  # "the 22 people killed when ..."
    if victim is not None and victim.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        victim = verb.head  # "22 people who were killed"
    return victim


def _count(noun: Token, with_list: bool) -> tuple[int, int, int, int] | None:
    """(low, high, start, end) of the people a noun names, with the nouns listed after it."""
    own = _own_count(noun)
    if not with_list:
        return own
    parts = [own] if own else []
    for other in noun.conjuncts:
        if other.i > noun.i:
            parts.append(_count(other, with_list=False))
    for appos in (c for c in noun.children if c.dep_ == "appos" and _one_person(c)):
        parts += [(1, 1, appos.idx, appos.idx + len(appos))]
        parts += [(1, 1, c.idx, c.idx + len(c)) for c in appos.conjuncts if c.i > appos.i and _one_person(c)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return (sum(p[0] for p in parts), sum(p[1] for p in parts), min(p[2] for p in parts), max(p[3] for p in parts))


def _own_count(noun: Token) -> tuple[int, int, int, int] | None:
    """How many one noun phrase names: its number ("at least 19 people", "dozens of"), or one person."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return None
    number = noun if (noun.like_num or noun.lower_ in _VAGUE) else \
        next((c for c in noun.children if c.dep_ == "nummod"), None)
    if number is None:
        if noun.tag_ in ("NN", "NNP") and any(c.dep_ in ("det", "poss") and c.lower_ in ("a", "an", "one", "their",
                                                                                          "his", "her", "its")
                                               for c in noun.children):
            return 1, 1, noun.idx, noun.idx + len(noun)
        return None
    start = min(t.idx for t in number.subtree)
    end = number.idx + len(number)
    match = _FIGURE.match(doc_text(number.doc)[start:end].replace("\n", " "))
    value = parse_number(match.group("num")) if match else parse_number(number.text)
    if value is None or value > MAX_EVENT_DEATHS:
        return None
    low, high = _bounds(value, match.group("mod") if match else None)
    return low, high, start, max(end, noun.idx + len(noun))


def _one_person(token: Token) -> bool:
    """A singular noun with a possessive ("their driver"): one more person in a list of the dead."""
    return token.tag_ == "NN" and any(c.dep_ == "poss" for c in token.children)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: the two inter codes joined, lower first; a sole actor's code then 0."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
