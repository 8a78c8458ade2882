"""Actor dictionary (data/actors.toml): find actors in a sentence and name them as ACLED does."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Kinds of actor mention; the generic ones are named only once the event's country is known.
NAMED, STATE, POLICE, UNIT, MILITARY, ARMED, CIVILIANS, PROTESTERS, RIOTERS = (
    "named", "state", "police", "unit", "military", "armed_group", "civilians", "protesters", "rioters")
_GENERIC_INTER = {MILITARY: 1, POLICE: 1, ARMED: 2, CIVILIANS: 7, PROTESTERS: 6, RIOTERS: 5}
# Words for attackers of unknown affiliation; ACLED codes them as an unidentified armed group.
_UNKNOWN_ATTACKERS = {"gunmen", "gunman", "armed men", "assailants", "attackers", "bandits", "unknown assailants"}
_STATE_NOUNS = r"(?:forces|troops|army|soldiers|military|air force|warplanes|jets|aircraft|drones?|artillery|navy|special forces|commandos|security forces|government forces)"


# An alias ends at a word boundary; "Islamic State-held town" still names Islamic State.
_END = r"(?!\w)(?!-(?!held\b|led\b|backed\b|controlled\b|linked\b|affiliated\b|aligned\b|allied\b|run\b)\w)"


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a sentence; offsets are absolute in the article text."""

    start: int
    end: int
    text: str
    kind: str
    name: str | None = None  # normalized name when the mention names one actor
    inter: int | None = None
    iso2: str | None = None  # the state, for state forces
    assoc: str | None = None  # a named unit, coded as associated actor


@dataclass(frozen=True)
class _Entry:
    kind: str
    name: str | None
    inter: int | None
    iso2: str | None = None
    assoc: str | None = None


@dataclass(frozen=True)
class Dictionary:
    """Compiled actor dictionary."""

    pattern: re.Pattern[str]  # case-insensitive aliases
    cased: re.Pattern[str] | None  # short all-capital aliases, matched as written
    entries: dict[str, _Entry]  # lower-cased alias -> entry
    states: dict[str, str]  # iso2 -> country name


def _alternation(aliases: list[str]) -> str:
    """One regex alternative per alias, longest first, tolerant of hyphen/space variants."""
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        parts.append(re.escape(alias).replace(r"\-", r"[- ]?").replace(r"\ ", r"\s+"))
    return "|".join(parts)


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """Load and compile data/actors.toml once."""
    data = tomllib.loads(resources.files("frontwire.data").joinpath("actors.toml").read_text("utf-8"))
    entries: dict[str, _Entry] = {}
    for actor in data["actor"]:
        for alias in actor["aliases"]:
            entries[alias.lower()] = _Entry(NAMED, actor["name"], actor["inter"])
    states = {}
    for state in data["state"]:
        states[state["iso2"]] = state["country"]
        _add_state(entries, state)
    for kind, words in data["generic"].items():
        mapped = {"military": MILITARY, "police": POLICE, "armed_group": ARMED, "civilians": CIVILIANS,
                  "protesters": PROTESTERS, "rioters": RIOTERS}[kind]
        for word in words:
            entries.setdefault(word.lower(), _Entry(mapped, None, _GENERIC_INTER[mapped]))
    cased = [a for a in _all_aliases(data) if a.isupper() and len(a) <= 4]
    loose = [a for a in entries if a.upper() not in cased or len(a) > 4]
    pattern = re.compile(r"(?<![\w-])(?:" + _alternation(loose) + r")" + _END, re.I)
    cased_pattern = re.compile(r"(?<![\w-])(?:" + _alternation(cased) + r")" + _END) if cased else None
    return Dictionary(pattern, cased_pattern, entries, states)


def _all_aliases(data: dict) -> list[str]:
    """Every alias and unit name as written in the data file."""
    names = [alias for actor in data["actor"] for alias in actor["aliases"]]
    names += [unit for state in data["state"] for unit in state.get("units", [])]
    return names


def _add_state(entries: dict[str, _Entry], state: dict) -> None:
    """State forces: '<demonym> forces', '<demonym> police', the formal names and named units."""
    iso2, country = state["iso2"], state["country"]
    military = _Entry(STATE, f"Military Forces of {country}", 1, iso2)
    police = _Entry(POLICE, f"Police Forces of {country}", 1, iso2)
    entries[f"military forces of {country}".lower()] = military
    entries[f"police forces of {country}".lower()] = police
    for demonym in state["demonyms"]:
        for noun in ("forces", "troops", "army", "soldiers", "soldier", "military", "air force", "warplanes",
                     "jets", "aircraft", "drones", "drone", "artillery", "navy", "special forces",
                     "security forces", "government forces", "government", "regime forces"):
            entries.setdefault(f"{demonym} {noun}".lower(), military)
        for noun in ("police", "policemen", "police officers", "federal police"):
            entries.setdefault(f"{demonym} {noun}".lower(), police)
    for unit in state.get("units", []):
        entries[unit.lower()] = _Entry(UNIT, f"Military Forces of {country}", 1, iso2, unit)


def find_actors(text: str, start: int, end: int) -> list[ActorMention]:
    """Actor mentions in text[start:end], longest match first, without overlaps."""
    book = dictionary()
    window = text[start:end]
    matches = [(m.start(), m.end()) for m in book.pattern.finditer(window)]
    if book.cased:
        matches += [(m.start(), m.end()) for m in book.cased.finditer(window)]
    matches.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    found: list[ActorMention] = []
    last_end = -1
    for s, e in matches:
        if s < last_end:
            continue
        words = re.sub(r"\s+", " ", window[s:e])
        entry = book.entries.get(words.lower()) or book.entries.get(words.lower().replace("-", " "))
        if entry is None:
            entry = _fuzzy_entry(book, words)
        if entry is None:
            continue
        found.append(ActorMention(start + s, start + e, window[s:e], entry.kind, entry.name,
                                  entry.inter, entry.iso2, entry.assoc))
        last_end = e
    return found


def _fuzzy_entry(book: Dictionary, words: str) -> _Entry | None:
    """Find the entry for a match whose spelling differs in hyphens or spaces."""
    key = re.sub(r"[- ]", "", words.lower())
    for alias, entry in book.entries.items():
        if re.sub(r"[- ]", "", alias) == key:
            return entry
    return None


def state_of_demonym(word: str) -> ActorMention | None:
    """State forces named by a demonym alone ("Russian" in "a Russian missile"), as a mention without offsets."""
    entry = dictionary().entries.get(f"{word.lower()} forces")
    if entry is None or entry.kind != STATE:
        return None
    return ActorMention(0, 0, word, entry.kind, entry.name, entry.inter, entry.iso2, None)


def actor_name(mention: ActorMention, country: str | None, armed_group: ActorMention | None) -> tuple[str, int, str | None]:
    """ACLED name, inter code and associated actor of a mention, given the event's country."""
    suffix = f" ({country})" if country else ""
    if mention.name:
        return mention.name, mention.inter or 2, mention.assoc
    if mention.kind == MILITARY:
        return (f"Military Forces of {country}" if country else "Military Forces"), 1, None
    if mention.kind == POLICE:
        return (f"Police Forces of {country}" if country else "Police Forces"), 1, None
    if mention.kind == ARMED:
        if armed_group is not None and mention.text.lower() not in _UNKNOWN_ATTACKERS:
            return armed_group.name or "Unidentified Armed Group", armed_group.inter or 2, None
        return f"Unidentified Armed Group{suffix}", 2, None
    label = {CIVILIANS: "Civilians", PROTESTERS: "Protesters", RIOTERS: "Rioters"}[mention.kind]
    return f"{label}{suffix}", _GENERIC_INTER[mention.kind], None


def dominant_armed_group(mentions: list[ActorMention]) -> ActorMention | None:
    """The article's most-named non-state armed actor: what "the militants" refers to."""
    counts: dict[str, int] = {}
    first: dict[str, ActorMention] = {}
    for mention in mentions:
        if mention.kind == NAMED and mention.inter in (2, 3, 4) and mention.name:
            counts[mention.name] = counts.get(mention.name, 0) + 1
            first.setdefault(mention.name, mention)
    if not counts:
        return None
    best = max(sorted(counts), key=lambda name: counts[name])
    return first[best]


def is_state(mention: ActorMention) -> bool:
    """State forces of some country (named or generic)."""
    return mention.kind in (STATE, POLICE, UNIT, MILITARY)


def is_armed(mention: ActorMention) -> bool:
    """An armed actor: state forces or a named or generic armed group."""
    return is_state(mention) or mention.kind == ARMED or (mention.kind == NAMED and mention.inter in (1, 2, 3, 4, 8))
