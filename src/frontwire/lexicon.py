"""Event-type definitions (data/event_types.toml), compiled once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

# ACLED's taxonomy: event type -> its sub-event types (checked against the data file at load).
TAXONOMY = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}


@dataclass(frozen=True)
class SubEvent:
    """One trigger definition: which ACLED type its phrases signal and what else must hold."""

    event_type: str
    sub_event_type: str
    strength: str  # "strong" or "weak"
    needs: tuple[str, ...]
    pattern: re.Pattern[str]
    # Lower-case words one of which begins every match: a text without any is not searched (None: always).
    needles: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Cue:
    """A word pattern searched only in a text that holds one of its needles (what every match begins with)."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...] | None

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in the text, or None."""
        if self.needles is not None and not _holds_any(text, self.needles):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match in the text."""
        if self.needles is not None and not _holds_any(text, self.needles):
            return iter(())
        return self.pattern.finditer(text)


def cue(patterns: list[str]) -> Cue:
    """A case-insensitive word pattern of these alternatives with its needles."""
    return Cue(word_pattern(patterns), needles(patterns))


@dataclass(frozen=True)
class Lexicon:
    """All trigger definitions in priority order, with the abstention and context word lists."""

    sub_events: tuple[SubEvent, ...]
    cumulative: Cue
    spread: Cue  # a tally over many places, unless it reports demonstrations
    irrealis: Cue
    armed: Cue
    protest: Cue
    civilian: Cue
    nonconflict: Cue
    case_labels: dict[str, str]  # ACLED sub-event type -> its CASE 2021 label
    non_acled: tuple[tuple[str, Cue], ...]  # CASE 2021's non-ACLED labels and their cues, in order
    # Every definition's triggers in one pattern: a text it misses has no event (the prefilter's second test).
    triggers: re.Pattern[str]
    # (kept, replaced) sub-event types: where the rules read the first, the classifier may not make it the second.
    precedence: frozenset[tuple[str, str]]
    again: Cue  # "another drone": a munition of the same side as one told before
    unclaimed: Cue  # "no group claimed the attack": the doer is unknown
    negated: Cue  # "no one was killed": read as irrealis markers are, kept out of the classifier
    sides: Cue  # "fighting between rival armed groups": a battle, whoever died in it


# Below this many alternatives the look-ahead groups cost more than they save (measured on conflict sentences).
DISPATCH_FROM = 32


def word_pattern(patterns: list[str], flags: int = re.I) -> re.Pattern[str]:
    """Alternation of patterns on word boundaries (hyphens count as word characters), case-insensitive by default.

    Python's regex engine tries every alternative at every word start; with hundreds of trigger phrases that is
    most of the cost. So the alternatives are grouped behind a look-ahead for the letter they start with, in
    their own order, which matches exactly what the plain alternation matches, about twice as fast on the
    prefilter's lists.
    """
    if len(patterns) < DISPATCH_FROM:
        return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", flags)
    fold = str.lower if flags & re.I else str
    leads = [_lead(p) for p in patterns]
    anywhere = [p for p, lead in zip(patterns, leads) if lead is None]
    branches = []
    for letter in sorted({fold(lead) for lead in leads if lead is not None}):
        # Alternatives without a known first letter stay in every group, in place, so order decides as before.
        alts = [p for p, lead in zip(patterns, leads) if lead is None or fold(lead) == letter]
        branches.append(f"(?={re.escape(letter)})(?:{'|'.join(alts)})")
    if anywhere:
        branches.append("(?:" + "|".join(anywhere) + ")")
    return re.compile(r"(?<![\w-])(?:" + "|".join(branches) + r")(?![\w-])", flags)


def _lead(pattern: str) -> str | None:
    """The ASCII letter every match of the pattern starts with; None for a group, a class, an optional first
    letter, a top-level `|` or another script (whose case folding may join letters: `ſ` matches `s`)."""
    if not (pattern[:1].isascii() and pattern[:1].isalpha()) or pattern[1:2] in ("?", "*", "{"):
        return None
    if any(char == "|" and depth == 0 for _, char, depth in _structure(pattern)):
        return None
    return pattern[0]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load data/event_types.toml and validate it against ACLED's taxonomy."""
    text = resources.files("frontwire.data").joinpath("event_types.toml").read_text("utf-8")
    data = tomllib.loads(text)
    subs = []
    for item in data["sub_event"]:
        if item["sub_event_type"] not in TAXONOMY.get(item["event_type"], ()):
            raise ValueError(f"event_types.toml: {item['event_type']} / {item['sub_event_type']} is not ACLED's")
        subs.append(SubEvent(item["event_type"], item["sub_event_type"], item["strength"],
                             tuple(item.get("needs", ())), word_pattern(item["triggers"]), needles(item["triggers"])))
    abstain, context = data["abstain"], data["context"]
    return Lexicon(
        tuple(subs), cue(abstain["cumulative"]), cue(abstain["spread"]), cue(abstain["irrealis"]),
        cue(context["armed"]), cue(context["protest"]), cue(context["civilian"]), cue(context["nonconflict"]),
        dict(data["case2021"]), tuple((label, cue(cues)) for label, cues in data["case2021_other"].items()),
        word_pattern([trigger for item in data["sub_event"] for trigger in item["triggers"]]),
        frozenset((kept, replaced) for kept, replaced in data.get("precedence", {}).get("pairs", ())),
        again=cue(context["again"]), unclaimed=cue(context["unclaimed"]), negated=cue(abstain["negated"]),
        sides=cue(context["sides"]),
    )


def trigger_matches(text: str) -> tuple[re.Match[str] | None, ...]:
    """Each definition's first trigger match in a text, None where it has none; the rules and the typing
    classifier both ask it of the same sentence, so a sentence is searched once (whole articles are not kept)."""
    if len(text) > _CACHED_UP_TO:
        return _trigger_matches(text)
    return _cached_trigger_matches(text)


_CACHED_UP_TO = 2_000  # characters: sentences, not 5 MB articles, stay in the cache


def _trigger_matches(text: str) -> tuple[re.Match[str] | None, ...]:
    low = _folded(text)
    return tuple(sub.pattern.search(text) if sub.needles is None or any(n in low for n in sub.needles) else None
                 for sub in lexicon().sub_events)


def _folded(text: str) -> str:
    """The text lower-cased as re's case-insensitive matching sees it (dotless i and long s are i and s)."""
    return text.lower().translate(_FOLD)


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Some of the lower-case words occurs in the text."""
    low = _folded(text)
    return any(word in low for word in words)


_FOLD = {0x131: "i", 0x17F: "s"}


def needles(patterns: list[str]) -> tuple[str, ...] | None:
    """Lower-case words one of which every match of the patterns begins with; None when a pattern may begin
    with anything (a class, an escape, an optional first letter), so a text holding none of them has no match."""
    found: list[str] = []
    for pattern in patterns:
        for branch in _top_level(pattern):
            heads = _heads(branch)
            if heads is None:
                return None
            found += heads
    return tuple(sorted(set(found)))


def _heads(branch: str) -> list[str] | None:
    """The literal beginnings of one branch: past look-behinds, into a leading group's alternatives."""
    while branch.startswith(("(?<!", "(?<=")):
        branch = branch[_group_end(branch) + 1:]
    if branch.startswith("(?:"):
        end = _group_end(branch)
        if branch[end + 1:end + 2] in ("?", "*", "{"):
            return None
        heads: list[str] = []
        for alternative in _top_level(branch[3:end]):
            more = _heads(alternative)
            if more is None:
                return None
            heads += more
        return heads
    literal = re.match(r"[^\\()\[\]{}?*+|.^$]*", branch).group()
    if branch[len(literal):len(literal) + 1] in ("?", "*", "{"):
        literal = literal[:-1]  # the last letter is optional
    return [literal.lower()] if len(literal) >= 2 and literal.isascii() else None


def _top_level(pattern: str) -> list[str]:
    """The pattern's alternatives: split at `|` outside groups and classes."""
    cuts = [i for i, char, depth in _structure(pattern) if char == "|" and depth == 0]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[a + 1:b] for a, b in zip(bounds, bounds[1:])]


def _group_end(pattern: str) -> int:
    """Index of the `)` that closes the group opening the pattern."""
    return next((i for i, char, depth in _structure(pattern) if char == ")" and depth == 1), len(pattern))


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character of a pattern outside escapes and character classes: its index, itself, and the depth of
    groups around it (before it opens or closes one)."""
    depth, klass, i = 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if klass:
            klass = char != "]"
        elif char == "[":
            klass = True
        else:
            yield i, char, depth
            depth += (char == "(") - (char == ")")
        i += 1


_cached_trigger_matches = lru_cache(maxsize=256)(_trigger_matches)
