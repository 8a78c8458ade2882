"""Geoparsing: find place names in an article, resolve them to gazetteer entries, place events."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable

from frontwire.gazetteer import (FACILITY_WORDS, GENERIC_WORDS, GROUP_WORDS, NATURAL_WORDS, REGION_SUFFIXES, STREET_WORDS,
                                 Gazetteer, fold)
from frontwire.geolocate import locate_event
from frontwire.georesolve import BROAD_CODES, POINTLESS_CODES, REGION_CODES, resolve_toponyms
from frontwire.models import Article, Place, Toponym
from frontwire.nlp import doc_text

# The geo stage's entry points; `locate_event` lives in geolocate.py, `resolve_toponyms` in georesolve.py.
__all__ = ["find_toponyms", "geoparse", "geoparse_records", "locate_event", "resolve_toponyms"]
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_GROUP_OR_FACILITY = GROUP_WORDS | FACILITY_WORDS  # joined once: read for every word of a person or group name
# Words before a name that make it a place even when the tagger called it a person or missed it.
_CUE = re.compile(r"(?:\b(?:in|near|at|outside|into|towards?|around|across|inside|through|from|besieged|"
                  r"captured|recaptured|seized|retook|overran|stormed|shelled|bombed|raided|"
                  r"(?:took|taken|seized|regained) control of|"
                  r"(?:town|city|village|province|governorate|district|region|outskirts|suburbs?|area|capital|"
                  r"east|west|north|south|eastern|western|northern|southern|of the)\s+of)\s+(?:the\s+)?)$", re.I)
# After a name: `Wad Madani, the capital of Gezira state`, `Dahyan, in ... Saada province`.
_CUE_AFTER = re.compile(r",\s+(?:the\s+)?(?:(?:provincial\s+|state\s+)?capital|main town|(?:a\s+)?(?:town|city|village))"
                        r"\s+(?:of|in)\b|,\s+(?:in|near)\s+(?:the\s+)?(?:[a-z’'-]+\s+){0,4}[A-Z]|"
                        r",\s+on\s+the\s+outskirts\s+of\b")
_VILLAGE_AFTER = re.compile(r"\s+(?:village|hamlet|town)\b")  # `in Done Taw village`
# Words after which a capitalised name is a place even when no gazetteer has it (`the village of Solhan`).
_STRONG_CUE = re.compile(r"\b(?:village|town|city|hamlet|settlement|locality|district|camp|market)\s+of\s+$", re.I)
_ARTICLE = re.compile(r"(?:\b(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)[-‐]|\b(?:Al|El) )$")
# What a chamber, ministry or school is of (`Chamber of Commerce`, `Department of Energy`): no place, though
# GeoNames has towns named so.
_PORTFOLIO = {"commerce", "education", "health", "justice", "agriculture", "labor", "labour", "defense", "defence",
              "energy", "interior", "finance", "trade", "industry", "transportation", "transport", "corrections",
              "revenue", "tourism", "fisheries", "housing", "welfare", "environment", "science", "technology",
              "arts", "medicine", "law", "nursing", "engineering", "business", "music", "veterans",
              "investigation", "homeland", "state", "public", "human"}
_PARTY = re.compile(r"(?:D|R|I|DFL)-(?=[A-Z][a-z])")
_DATELINE_PART = re.compile(r"[^/,;:()–—]+")  # `AL-QAIM/HADITHA, Iraq`: hyphens stay in names


def _cue_before(text: str, start: int) -> bool:
    return bool(_CUE.search(text[max(0, start - 40):start]))


def _with_article(text: str, start: int) -> int:
    """Start of the name including an `al-`/`Al ` article the tagger left out."""
    match = _ARTICLE.search(text[max(0, start - 4):start])
    return start - len(match.group(0)) if match else start


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without leading lower-case words (`the`, `big`) and a trailing possessive."""
    while (match := re.match(r"[a-z][\w’']*\s+", text[start:end])) and not _ARTICLE.search(match.group(0)[:3]):
        start += match.end()
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    if party := _PARTY.match(text, start, end):  # `Rep. Vicki Lensing, D-Iowa City`: the party is no place
        start = party.end()
    return start, end


def _dateline(article: Article, gazetteer: Gazetteer) -> list[Toponym]:
    """`BAGHDAD/BARTELLA, Iraq`: every part a place of writing, the last part often the country or state."""
    if not article.dateline_span:
        return []
    d_start, d_end = article.dateline_span
    found = []
    for match in _DATELINE_PART.finditer(article.text[d_start:d_end]):
        raw = match.group(0)
        start = d_start + match.start() + len(raw) - len(raw.lstrip())
        end = d_start + match.end() - (len(raw) - len(raw.rstrip()))
        name = article.text[start:end]
        if end > start and gazetteer.lookup(name):
            found.append(Toponym(start, end, name, None, role="dateline"))
    return found


def _surnames(ents: tuple[Any, ...]) -> set[str]:
    """Last words of multi-word person names: `Jordan` alone is then the person, not the country."""
    return {fold(ent[-1].text) for ent in ents if ent.label_ == "PERSON" and len(ent) > 1}


def _entity_toponyms(ents: tuple[Any, ...], text: str, gazetteer: Gazetteer, surnames: set[str]) -> list[Toponym]:
    """Toponyms from the tagger's entities: places, nationalities, and places inside person or group names."""
    found = []
    for ent in ents:
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        name = text[start:end]
        # `Sri Lankan` is sometimes tagged a person; `Welsh` after `Irvine Welsh` is one.
        nationality = ent.label_ in PLACE_LABELS | {"NORP"} or ent.label_ == "PERSON" and fold(name) not in surnames
        place = gazetteer.demonym(name) if nationality else None
        if place is not None:
            found.append(Toponym(start, end, name, place, score=1.0, role="demonym"))
        elif ent.label_ in PLACE_LABELS:
            if _unlike_place(ent, name, gazetteer) or fold(name) in surnames and not _cue_before(text, start):
                continue  # `Gunmen`, `mosques`; a surname that also names a place
            if inner := _group_tagged_as_place(ent, text, start, gazetteer, surnames):
                found += inner
                continue
            start = _with_article(text, start)
            found.append(Toponym(start, end, text[start:end], None))
        elif ent.label_ in ("PERSON", "ORG", "NORP"):
            # `Aleppo` and `Omdurman` are sometimes tagged as nationalities.
            found += _places_in_name(ent, text, start, end, gazetteer, surnames, found)
    return found


def _unlike_place(ent: Any, name: str, gazetteer: Gazetteer) -> bool:
    """A tagged span no gazetteer knows that is a lower-case word or a single common noun."""
    if not name[:1].isupper() and not name[:1].isdigit():
        return True
    return len(ent) == 1 and ent[0].pos_ != "PROPN" and not gazetteer.candidates(name)


def _group_tagged_as_place(ent: Any, text: str, start: int, gazetteer: Gazetteer,
                           surnames: set[str]) -> list[Toponym]:
    """The place inside a group, building or road the tagger called a place (`Wyandotte County District Court`,
    `Otter Tail County Road`, `Athens Regional Park`): the name as a whole is in no gazetteer."""
    words = [t for t in ent if t.idx >= start]
    tail = {t.lower_.rstrip(".") for t in words[1:]}
    if len(words) < 2 or not tail & (GROUP_WORDS | FACILITY_WORDS | STREET_WORDS | NATURAL_WORDS):
        return []
    if gazetteer.candidates(text[start:ent.end_char]):
        return []
    return _places_in_group(words, text, gazetteer, True, False, surnames)


def _places_in_name(ent: Any, text: str, start: int, end: int, gazetteer: Gazetteer,
                    surnames: set[str], found: list[Toponym]) -> list[Toponym]:
    """A person or group entity that is a place the tagger mislabelled, or a place heading a group's name.

    `in al-Qaim` (after a locative cue), `Mosul and Tal Afar` (listed with a place), `Alexandria` (a known
    town, no one of that surname in the story),
    `the Mansfield Police Department`, `University of Alexandria`.
    """
    head = _with_article(text, start)
    name = text[head:end]
    if name == name.lower() != name.upper():
        return []  # `the surrounding bush` tagged a person: a name without a capital is no place's
    cands = gazetteer.candidates(name)
    if cands and (_cue_before(text, head) or _CUE_AFTER.match(text, end)
                  or _coordinated(text, head, _ends(found[-3:]), gazetteer, name)
                  or ent.label_ == "PERSON" and fold(name) not in surnames
                  and (cands[0][0].feature_code in BROAD_CODES | REGION_CODES or cands[0][1] >= 4.5)):
        return [Toponym(head, end, name, None)]
    if len(ent) <= 3 and not any(t.lower_ in _GROUP_OR_FACILITY for t in ent) \
            and _unknown_place(text, head, end):
        return [Toponym(head, end, name, None)]
    grouped = any(t.lower_ in GROUP_WORDS for t in ent)
    if len(ent) < 2 or ent.label_ == "PERSON" and not grouped:
        return []  # `Rapides Parish Fire` is a group the tagger took for a person; `Georgia Smith` is a person
    return _places_in_group([t for t in ent if t.idx >= start], text, gazetteer, grouped, ent.label_ == "ORG",
                            surnames)


def _unknown_place(text: str, start: int, end: int) -> bool:
    """A name no gazetteer has that the words around it make a place: `the village of Solhan`, `struck in Dahyan,
    in the Houthi rebels' stronghold of Saada province`. It is reported unresolved (null coordinates)."""
    if _STRONG_CUE.search(text[max(0, start - 40):start]):
        return True
    return bool(re.search(r"\b(?:in|at|near)\s+$", text[max(0, start - 6):start])
                and (_CUE_AFTER.match(text, end) or _VILLAGE_AFTER.match(text, end)))


def _places_in_group(words: list[Any], text: str, gazetteer: Gazetteer, grouped: bool, org: bool,
                     surnames: set[str]) -> list[Toponym]:
    """The place a group is named after (`Mansfield Police Department`, `University of Alexandria`, `Madison
    County Detention Center`, `American University of Beirut`).

    In a name with no word saying the group is local (`Georgia Bureau of Investigation`) only a state or a
    country counts, as context: benchmarks count it, but it is never where an event happened.
    """
    # A nationality opening the name (`American Electric Power`) is left alone: as a country it would tie
    # unrelated stories together (stories.py counts places), and the group is rarely where anything happened.
    role = "mention" if grouped else "context"
    if org and gazetteer.demonym(words[0].text):
        words = words[1:]
    of = max((i for i, t in enumerate(words) if t.lower_ == "of"), default=None)
    parts = [words[of + 1:]] if of is not None and words[of + 1:] and words[of + 1].lower_ not in _PORTFOLIO else []
    lead = next((i for i, t in enumerate(words) if t.lower_ in GROUP_WORDS or not t.text[:1].isupper()), len(words))
    if lead < len(words) and words[lead].lower_ in REGION_SUFFIXES:
        lead += 1  # `Madison County Detention Center`: the county, not the town of Madison
    parts.append(words[:lead])
    for part in (p for p in parts if p):
        for n in range(len(part), 0, -1):
            sub = text[part[0].idx:part[n - 1].idx + len(part[n - 1].text)]
            if fold(sub) in surnames:
                continue  # `Turner for Municipal Court`, when the story is about Judge Haywood Turner
            cands = gazetteer.candidates(sub)
            if role == "context" and not (cands and cands[0][0].feature_code in ("ADM1", "PCLI")):
                continue
            if cands and (cands[0][1] >= 3.5 or cands[0][0].feature_code in BROAD_CODES | REGION_CODES):
                return [Toponym(part[0].idx, part[0].idx + len(sub), sub, None, role=role)]
    return []


def _propagate(ents: tuple[Any, ...], text: str, found: list[Toponym], gazetteer: Gazetteer,
               surnames: set[str]) -> list[Toponym]:
    """One sense per story: other occurrences of a recognised place name are places too."""
    out = []
    # Not into a person's name: `Bell` after `Tyrise M. Bell` is the man, wherever else Bell is a town.
    persons = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
    claimed = _Claimed(len(text), [(t.start, t.end) for t in found] + persons)
    for name in sorted({t.text for t in found if t.role == "mention" and t.text[:1].isupper()}):
        if fold(name) in surnames or not gazetteer.candidates(name):
            continue  # `Turner` after `Haywood Turner` is the man wherever the tagger calls it a group
        for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            a, b = match.span()
            if claimed.free(a, b):
                out.append(Toponym(a, b, name, None))
                claimed.claim(a, b)
    return out


def _runs(doc: Any, text: str, taken: list[bool]) -> Iterable[tuple[int, int]]:
    """Token ranges of capitalised words outside any entity (`Al-Qaim`, `BARTELLA`)."""
    # Arrays, not Token objects: spaCy builds a new Token on every `doc[j]` and that is most of the cost.
    array = doc.to_array(["IDX", "LENGTH", "IS_ALPHA"]).tolist()
    words = [(text[idx:idx + length], bool(alpha)) for idx, length, alpha in array]
    capital = [alpha and w[:1].isupper() for w, alpha in words]
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and not taken[j] and (capital[j] or words[j][0] in ("-", "'") and j > i):
            j += 1
        while j > i and not words[j - 1][1]:
            j -= 1
        if j > i:
            yield i, j
            i = j
        else:
            i += 1


def _fallback_toponyms(doc: Any, ents: tuple[Any, ...], text: str, gazetteer: Gazetteer,
                       found: list[Toponym]) -> list[Toponym]:
    """Capitalised words the tagger did not mark, kept when the gazetteer and the context agree."""
    taken = [False] * len(doc)
    for ent in ents:
        if not _mistagged_name(ent, text):
            taken[ent.start:ent.end] = [True] * len(ent)
    for top in found:
        for tok in doc.char_span(top.start, top.end, alignment_mode="expand") or ():
            taken[tok.i] = True
    out, ends = [], _ends(found)
    for i, j in _runs(doc, text, taken):
        span = doc[i:j]
        start = _with_article(text, span.start_char)
        name = text[start:span.end_char]
        if len(name) < 3:
            continue
        place = gazetteer.demonym(name) if j - i <= 3 else None  # `Iraqi`, `Sri Lankan`
        if place:
            out.append(Toponym(start, span.end_char, name, place, score=1.0, role="demonym"))
        elif (_plausible(span, name, text, start, gazetteer) or _coordinated(text, start, ends, gazetteer, name)
              or j - i <= 3 and _unknown_place(text, start, span.end_char)):
            out.append(Toponym(start, span.end_char, name, None))
            ends.add(span.end_char)
    return out


_NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}


def _mistagged_name(ent: Any, text: str) -> bool:
    """A name the tagger took for a date or a number (`the town of Turbat` as DATE): capitalised words without
    a digit, right after words that make what follows a place."""
    return (ent.label_ in _NUMERIC_LABELS and all(t.is_alpha and t.text[:1].isupper() for t in ent)
            and bool(_STRONG_CUE.search(text[max(0, ent.start_char - 40):ent.start_char])))


_COORDINATION = re.compile(r"(?:,\s*|\s*,?\s+(?:and|or)\s+)$")


def _coordinated(text: str, start: int, ends: set[int], gazetteer: Gazetteer, name: str) -> bool:
    """`Mosul and Tal Afar`, `Decatur, Avondale Estates`: a known name listed with a recognised place (`ends`
    holds where the places found so far end)."""
    match = _COORDINATION.search(text[max(0, start - 8):start])
    return bool(match) and start - len(match.group(0)) in ends and bool(gazetteer.candidates(name))


def _ends(toponyms: Iterable[Toponym]) -> set[int]:
    """Where the places (not nationalities) among `toponyms` end."""
    return {top.end for top in toponyms if top.role != "demonym"}


def _plausible(span: Any, name: str, text: str, start: int, gazetteer: Gazetteer) -> bool:
    """Is an untagged capitalised run a place? Needs a gazetteer entry and a cue, capitals or a big place."""
    candidates = gazetteer.candidates(name)
    if not candidates:
        return False
    best, prior = candidates[0]
    if _cue_before(text, start) or start != span.start_char:
        return True
    following = text[span.end_char:span.end_char + 2].strip()
    if name.isupper() and len(name) >= 4 and (following[:1] in ("/", ",", ":", "(", "-", "—", "–")
                                             or span.start_char == 0):
        return True  # a dateline in capitals
    sentence_start = span[0].is_sent_start or span.start == 0
    big = best.feature_code in BROAD_CODES or best.feature_code == "ADM1" or prior >= 5.0
    return big and not sentence_start and span[0].pos_ == "PROPN"


_REGION_WORD = re.compile(r" (?:region|province|governorate|oblast|state|district|county|parish)\b")
_NEXT_WORDS = re.compile(r" [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)?")
# `ST. PAUL`, `Ft. Worth`: the tagger often stops a name at its abbreviation's full stop.
_ABBREVIATED = {"st", "ft", "mt", "pt"}


def _extended(text: str, top: Toponym, gazetteer: Gazetteer) -> Toponym:
    """The name with the words after it that the tagger cut off: capitalised ones (`Kansas` `City`, `Tennessee
    Colony`) and a region word (`Kharkiv region` is the province, not the city)."""
    if top.role != "mention":
        return top
    region = _REGION_WORD.match(text, top.end)
    if region and any(p.feature_code in REGION_CODES for p, _ in gazetteer.candidates(text[top.start:region.end()])):
        return replace(top, end=region.end(), text=text[top.start:region.end()])
    at = top.end + 1 if fold(top.text) in _ABBREVIATED and text.startswith(".", top.end) else top.end
    if not (match := _NEXT_WORDS.match(text, at)):
        return top
    words = match.group(0).split(" ")[1:]
    # `Dublin City Council`, `Texas State University`, `White House`: a generic word starts another name.
    generic = fold(words[0]) in GENERIC_WORDS | GROUP_WORDS
    for n in range(len(words), 0, -1):
        end = at + len(" " + " ".join(words[:n]))
        cands = gazetteer.candidates(text[top.start:end])
        if cands and (not generic or cands[0][0].feature_code in POINTLESS_CODES
                      or _named_town(cands[0][0], text, top.start, end)):
            return replace(top, end=end, text=text[top.start:end])
    return top


def _named_town(place: Place, text: str, start: int, end: int) -> bool:
    """`Kansas City` (Power & Light): the generic word is part of a town's own name, and no group word follows
    (`Boulder City Council` is Boulder's council)."""
    after = _NEXT_WORDS.match(text, end)
    return (fold(place.name) == fold(text[start:end]) and (place.feature_code or "").startswith("PPL")
            and not (after and fold(after.group(0).split(" ")[1]) in GROUP_WORDS))


class _Claimed:
    """Characters of the text that a toponym (or a person's name) already claims: overlap checks in time linear
    in the names' length, not in how many names a long story has."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()):
        self.chars = bytearray(size)
        for start, end in spans:
            self.claim(start, end)

    def claim(self, start: int, end: int) -> None:
        self.chars[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return self.chars.find(1, start, end) < 0


def find_toponyms(doc: Any, article: Article, gazetteer: Gazetteer) -> list[Toponym]:
    """Place names in a parsed article: dateline, tagged entities, demonyms and untagged gazetteer names."""
    found, text = _dateline(article, gazetteer), doc_text(doc)
    # `Doc.ents` builds every entity span again on each access: read once, with the surnames among them.
    ents = doc.ents
    surnames = _surnames(ents)
    claimed = _Claimed(len(text), ((t.start, t.end) for t in found))
    tagged = [_extended(text, t, gazetteer) for t in _entity_toponyms(ents, text, gazetteer, surnames)]
    for top in (t for t in tagged if t.role != "context"):
        if claimed.free(top.start, top.end):
            found.append(top)
            claimed.claim(top.start, top.end)
    found += [_extended(text, t, gazetteer) for t in _fallback_toponyms(doc, ents, text, gazetteer, found)]
    # `Kansas` of a story also found inside `Kansas City Power & Light` stands for the longer place there.
    found += [_extended(text, t, gazetteer) for t in _propagate(ents, text, found, gazetteer, surnames)]
    # Names inside group names, where nothing else claimed their words.
    claimed = _Claimed(len(text), ((t.start, t.end) for t in found))
    found += [t for t in tagged if t.role == "context" and claimed.free(t.start, t.end)]
    return sorted(found, key=lambda t: t.start)


def geoparse(doc: Any, article: Article, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Find and resolve the place names of a parsed article."""
    gazetteer = gazetteer or Gazetteer.default()
    return resolve_toponyms(find_toponyms(doc, article, gazetteer), article, gazetteer)


def geoparse_records(article: Article, toponyms: list[Toponym]) -> list[dict[str, Any]]:
    """The `geoparse` command's JSON lines for one article (the contract's shape)."""
    records = []
    for top in toponyms:
        place = top.place
        records.append({
            "article_id": article.id, "start": top.start, "end": top.end, "name": top.text,
            "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
            "geonameid": place.geonameid if place else None, "country": place.country if place else None,
            "admin1": place.admin1 if place else None, "feature_code": place.feature_code if place else None,
        })
    return records
