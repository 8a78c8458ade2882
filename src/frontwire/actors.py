"""Actor dictionary (data/actors.toml): find actors in a sentence and name them as ACLED does."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

# Kinds of actor mention; the generic ones are named only once the event's country is known.
NAMED, STATE, POLICE, UNIT, MILITARY, ARMED, CIVILIANS, PROTESTERS, RIOTERS, COALITION = (
    "named", "state", "police", "unit", "military", "armed_group", "civilians", "protesters", "rioters", "coalition")
_GENERIC_INTER = {MILITARY: 1, POLICE: 1, ARMED: 2, CIVILIANS: 7, PROTESTERS: 6, RIOTERS: 5, COALITION: 8}
# Words for attackers of unknown affiliation; ACLED codes them as an unidentified armed group.
_UNKNOWN_ATTACKERS = {"gunmen", "gunman", "armed men", "assailants", "attackers", "bandits", "unknown assailants"}


# Words of an alias or a text: abbreviations ("U.S."), words with inner apostrophes ("People's").
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['\u2019][^\W_]+)*")
# Words of one name are separated by spaces or one hyphen ("al-Shabaab", "al Shabaab").
_GAP = re.compile(r"['\u2019]?\s+|-")
# A name still ends before these hyphenated words: "Islamic State-held town" names Islamic State.
_SUFFIXES = {"held", "led", "backed", "controlled", "linked", "affiliated", "aligned", "allied", "run", "occupied",
             "inspired", "supported", "sponsored", "funded"}
# "an al Qaeda-linked group", "Iran-backed militias": the name says whom another actor is tied to.
RELATION_SUFFIXES = ("-linked", "-affiliated", "-aligned", "-allied", "-inspired", "-backed", "-supported",
                     "-sponsored", "-funded")


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
    related: bool = False  # named only as another actor's ally or sponsor ("al Qaeda-linked")


@dataclass(frozen=True)
class _Entry:
    kind: str
    name: str | None
    inter: int | None
    iso2: str | None = None
    assoc: str | None = None


@dataclass(frozen=True)
class Dictionary:
    """Compiled actor dictionary: names as word sequences, looked up word by word."""

    entries: dict[str, _Entry]  # alias words, lower-cased and space-joined -> entry
    prefixes: frozenset[str]  # every leading word sequence of an alias, to stop a lookup early
    cased: dict[str, str]  # short all-capital aliases -> the spelling they must have ("IS", not "is")
    states: dict[str, str]  # iso2 -> country name
    # (country, weapon) -> the state whose forces ACLED codes for unattributed strikes there ("air", "missile")
    unattributed: dict[tuple[str, str], str]
    forces_of: dict[str, str]  # country -> how ACLED names it in "Military Forces of ..." ("the United States")


def _key(words: str) -> str:
    """Lookup key of a name: its words lower-cased, joined by one space."""
    return " ".join(w.lower().replace("\u2019", "'") for w in _TOKEN.findall(words))


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """Load and compile data/actors.toml once."""
    data = tomllib.loads(resources.files("frontwire.data").joinpath("actors.toml").read_text("utf-8"))
    entries: dict[str, _Entry] = {}
    for actor in data["actor"]:
        for alias in actor["aliases"]:
            entries[_key(alias)] = _Entry(NAMED, actor["name"], actor["inter"])
    states, unattributed = {}, {}
    for state in data["state"]:
        states[state["iso2"]] = state["country"]
        _add_state(entries, state)
        for weapon, by in state.get("unattributed", {}).items():
            unattributed[(state["country"], weapon)] = by
    for kind, words in data["generic"].items():
        mapped = {"military": MILITARY, "police": POLICE, "armed_group": ARMED, "civilians": CIVILIANS,
                  "protesters": PROTESTERS, "rioters": RIOTERS, "coalition": COALITION}[kind]
        for word in words:
            entries.setdefault(_key(word), _Entry(mapped, None, _GENERIC_INTER[mapped]))
    # Short all-capital aliases ("IS", "SDF") are matched as written, so that the verb "is" is no actor.
    cased = {_key(a): " ".join(_TOKEN.findall(a)) for a in _all_aliases(data) if a.isupper() and len(a) <= 4}
    prefixes = {" ".join(k.split()[:n]) for k in entries for n in range(1, len(k.split()) + 1)}
    forces_of = {state["country"]: state.get("forces_of", state["country"]) for state in data["state"]}
    return Dictionary(entries, frozenset(prefixes), cased, states, unattributed, forces_of)


def _all_aliases(data: dict) -> list[str]:
    """Every alias and unit name as written in the data file."""
    names = [alias for actor in data["actor"] for alias in actor["aliases"]]
    names += [unit for state in data["state"] for unit in state.get("units", [])]
    return names


def _add_state(entries: dict[str, _Entry], state: dict) -> None:
    """State forces: '<demonym> forces', '<demonym> police', the formal names and named units."""
    iso2, country = state["iso2"], state["country"]
    forces = state.get("forces_of", country)  # "Military Forces of the United States"
    military = _Entry(STATE, f"Military Forces of {forces}", 1, iso2)
    police = _Entry(POLICE, f"Police Forces of {forces}", 1, iso2)
    entries[_key(f"military forces of {country}")] = military
    entries[_key(f"police forces of {country}")] = police
    for demonym in state["demonyms"]:
        for noun in ("forces", "troops", "army", "soldiers", "soldier", "military", "air force", "warplanes",
                     "jets", "aircraft", "drones", "drone", "artillery", "navy", "special forces",
                     "security forces", "government forces", "government", "regime forces"):
            entries.setdefault(_key(f"{demonym} {noun}"), military)
        for noun in ("police", "policemen", "police officers", "federal police"):
            entries.setdefault(_key(f"{demonym} {noun}"), police)
    for unit in state.get("units", []):
        if getattr(entries.get(_key(unit)), "kind", None) != UNIT:  # the first spelling names the unit
            entries[_key(unit)] = _Entry(UNIT, f"Military Forces of {forces}", 1, iso2, unit)


def find_actors(text: str, start: int, end: int) -> list[ActorMention]:
    """Actor mentions in text[start:end], longest match first, without overlaps; offsets in `text`.

    A sentence is read once: extraction and the typing classifier both ask for its actors.
    """
    segment = text[start:end]
    found = _cached_scan(segment) if len(segment) <= _CACHED_UP_TO else _scan(segment)
    return [replace(a, start=a.start + start, end=a.end + start) for a in found] if start else list(found)


_CACHED_UP_TO = 2_000  # characters: sentences, not whole articles, stay in the cache


def _scan(text: str) -> tuple[ActorMention, ...]:
    """Actor mentions in a text, longest match first, without overlaps."""
    book = dictionary()
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    found: list[ActorMention] = []
    i = 0
    while i < len(words):
        hit = _longest(book, text, words, i)
        if hit is None:
            i += 1
            continue
        j, stop, entry = hit
        related = text.startswith(RELATION_SUFFIXES, stop)
        found.append(ActorMention(words[i][0], stop, text[words[i][0]:stop], entry.kind, entry.name,
                                  entry.inter, entry.iso2, entry.assoc, related))
        i = j + 1
    return tuple(found)


_cached_scan = lru_cache(maxsize=256)(_scan)


def _longest(book: Dictionary, text: str, words: list[tuple[int, int, str]],
             i: int) -> tuple[int, int, _Entry] | None:
    """The longest name starting at word i: (index of its last word, end offset, entry), or None."""
    if words[i][0] > 0 and text[words[i][0] - 1] == "-":
        return None  # "pro-government forces" does not begin at "government"
    best = None
    key = ""
    for j in range(i, len(words)):
        if j > i and not _GAP.fullmatch(text, words[j - 1][1], words[j][0]):
            break
        word = words[j][2].lower().replace("\u2019", "'")
        for form, stop in _forms(word, words[j][1]):
            candidate = f"{key} {form}" if key else form
            entry = book.entries.get(candidate)
            if entry is not None and _as_written(book, candidate, text, words[i][0], stop) \
                    and _ends_name(text, stop):
                best = (j, stop, entry)
        key = f"{key} {word}" if key else word
        if key not in book.prefixes:
            break
    return best


def _forms(word: str, stop: int) -> list[tuple[str, int]]:
    """A word as written, and without a possessive ending ("Taliban's" -> "taliban")."""
    if word.endswith("'s") and len(word) > 2:
        return [(word, stop), (word[:-2], stop - 2)]
    return [(word, stop)]


def _as_written(book: Dictionary, key: str, text: str, start: int, stop: int) -> bool:
    """Short all-capital aliases match only in capitals."""
    spelling = book.cased.get(key)
    return spelling is None or " ".join(_TOKEN.findall(text[start:stop])) == spelling


def _ends_name(text: str, stop: int) -> bool:
    """No word continues the name after a hyphen, except -held, -led, -backed and the like."""
    if stop >= len(text) or text[stop] != "-":
        return True
    follow = _TOKEN.match(text, stop + 1)
    return follow is None or follow.group().lower() in _SUFFIXES


def state_of_demonym(word: str) -> ActorMention | None:
    """State forces named by a demonym alone ("Russian" in "a Russian missile"), as a mention without offsets."""
    entry = dictionary().entries.get(_key(f"{word} forces"))
    if entry is None or entry.kind != STATE:
        return None
    return ActorMention(0, 0, word, entry.kind, entry.name, entry.inter, entry.iso2, None)


def actor_name(mention: ActorMention, country: str | None, armed_group: ActorMention | None,
               claimed: bool = False, coalition: ActorMention | None = None) -> tuple[str, int, str | None]:
    """ACLED name, inter code and associated actor of a mention, given the event's country.

    Generic attackers are the article's armed group; "gunmen" and "attackers" only when that group
    claimed the attack (`claimed`), since otherwise nobody knows who they were. A bare "coalition" is
    the coalition the article names (`coalition`), else the US-led one.
    """
    suffix = f" ({country})" if country else ""
    if mention.name:
        return mention.name, mention.inter or 2, mention.assoc
    if mention.kind == COALITION:
        if coalition is not None and coalition.name:
            return coalition.name, coalition.inter or 8, coalition.assoc
        return "Coalition Forces", 8, None
    forces = dictionary().forces_of.get(country or "", country)
    if mention.kind == MILITARY:
        return (f"Military Forces of {forces}" if country else "Military Forces"), 1, None
    if mention.kind == POLICE:
        return (f"Police Forces of {forces}" if country else "Police Forces"), 1, None
    if mention.kind == ARMED:
        if armed_group is not None and (claimed or mention.text.lower() not in _UNKNOWN_ATTACKERS):
            return armed_group.name or "Unidentified Armed Group", armed_group.inter or 2, None
        return f"Unidentified Armed Group{suffix}", 2, None
    label = {CIVILIANS: "Civilians", PROTESTERS: "Protesters", RIOTERS: "Rioters"}[mention.kind]
    return f"{label}{suffix}", _GENERIC_INTER[mention.kind], None


_AIR = re.compile(r"\b(?:war ?planes?|(?:fighter )?jets?|aircraft|helicopters?|gunships?|air ?strikes?|air ?raids?"
                  r"|barrel bombs?|aerial)\b", re.I)
_MISSILE = re.compile(r"\b(?:missiles?|rockets?)\b", re.I)
# Bombs nobody claimed: ACLED's unidentified armed group, named by the country.
_UNCLAIMED = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}


def by_default(text: str, sub_event_type: str, country: str | None) -> ActorMention | None:
    """ACLED's code for an event no report attributes: who alone flies or fires there, or an unknown group."""
    weapon = "air" if _AIR.search(text) else "missile" if _MISSILE.search(text) else None
    owner = unattributed(country, weapon) if weapon else None
    if owner is None and sub_event_type in _UNCLAIMED:
        owner = ActorMention(0, 0, "attackers", ARMED, None, 2)
    return owner


def acled_country(iso2: str | None, country: str | None) -> str | None:
    """The country as the actor dictionary (and ACLED) names it: "Democratic Republic of Congo"."""
    return dictionary().states.get(iso2 or "", country)


def unattributed(country: str | None, weapon: str) -> ActorMention | None:
    """Who ACLED codes for an air strike or missile attack in `country` when no report names the shooter."""
    by = dictionary().unattributed.get((country, weapon)) if country else None
    if by is None:
        return None
    iso2 = next((code for code, name in dictionary().states.items() if name == by), None)
    return ActorMention(0, 0, "", STATE, f"Military Forces of {dictionary().forces_of.get(by, by)}", 1, iso2, None)


def named_coalition(mentions: list[ActorMention]) -> ActorMention | None:
    """The coalition an article names ("the Saudi-led coalition"): what its bare "coalition" means."""
    return next((m for m in mentions if m.name and "coalition" in m.text.lower()), None)


def dominant_armed_group(mentions: list[ActorMention]) -> ActorMention | None:
    """The article's most-named non-state armed actor: what "the militants" refers to."""
    counts: dict[str, int] = {}
    first: dict[str, ActorMention] = {}
    for mention in mentions:
        if is_armed_group(mention) and mention.name:
            counts[mention.name] = counts.get(mention.name, 0) + 1
            first.setdefault(mention.name, mention)
    if not counts:
        return None
    best = max(sorted(counts), key=lambda name: counts[name])
    return first[best]


def is_state(mention: ActorMention) -> bool:
    """State forces of some country (named or generic)."""
    return mention.kind in (STATE, POLICE, UNIT, MILITARY)


def is_armed_group(mention: ActorMention) -> bool:
    """A non-state armed group of the dictionary (rebels, militias), not one named only as another's ally."""
    return mention.kind == NAMED and mention.inter in (2, 3, 4) and not mention.related


def is_generic(mention: ActorMention) -> bool:
    """A common noun ("militants", "troops") rather than a name: named only in context."""
    return mention.name is None


def is_armed(mention: ActorMention) -> bool:
    """An armed actor: state forces or a named or generic armed group."""
    return is_state(mention) or mention.kind in (ARMED, COALITION) or (mention.kind == NAMED and mention.inter in (1, 2, 3, 4, 8))
