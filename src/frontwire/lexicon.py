"""Event-type definitions (data/event_types.toml), compiled once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


@dataclass(frozen=True)
class Lexicon:
    """All trigger definitions in priority order, with the abstention and context word lists."""

    sub_events: tuple[SubEvent, ...]
    cumulative: re.Pattern[str]
    spread: re.Pattern[str]  # a tally over many places, unless it reports demonstrations
    irrealis: re.Pattern[str]
    armed: re.Pattern[str]
    protest: re.Pattern[str]
    civilian: re.Pattern[str]
    nonconflict: re.Pattern[str]
    case_labels: dict[str, str]  # ACLED sub-event type -> its CASE 2021 label
    non_acled: tuple[tuple[str, re.Pattern[str]], ...]  # CASE 2021's non-ACLED labels and their cues, in order
    # Every definition's triggers in one pattern: a text it misses has no event (the prefilter's second test).
    triggers: re.Pattern[str]
    # (kept, replaced) sub-event types: where the rules read the first, the classifier may not make it the second.
    precedence: frozenset[tuple[str, str]] = frozenset()


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
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        i += 1
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
                             tuple(item.get("needs", ())), word_pattern(item["triggers"])))
    abstain, context = data["abstain"], data["context"]
    return Lexicon(
        tuple(subs), word_pattern(abstain["cumulative"]), word_pattern(abstain["spread"]),
        word_pattern(abstain["irrealis"]),
        word_pattern(context["armed"]), word_pattern(context["protest"]), word_pattern(context["civilian"]),
        word_pattern(context["nonconflict"]), dict(data["case2021"]),
        tuple((label, word_pattern(cues)) for label, cues in data["case2021_other"].items()),
        word_pattern([trigger for item in data["sub_event"] for trigger in item["triggers"]]),
        frozenset((kept, replaced) for kept, replaced in data.get("precedence", {}).get("pairs", ())),
    )


def trigger_matches(text: str) -> tuple[re.Match[str] | None, ...]:
    """Each definition's first trigger match in a text, None where it has none; the rules and the typing
    classifier both ask it of the same sentence, so a sentence is searched once (whole articles are not kept)."""
    if len(text) > _CACHED_UP_TO:
        return _trigger_matches(text)
    return _cached_trigger_matches(text)


_CACHED_UP_TO = 2_000  # characters: sentences, not 5 MB articles, stay in the cache


def _trigger_matches(text: str) -> tuple[re.Match[str] | None, ...]:
    return tuple(sub.pattern.search(text) for sub in lexicon().sub_events)


_cached_trigger_matches = lru_cache(maxsize=256)(_trigger_matches)
