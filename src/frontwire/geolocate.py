"""Event location: where an event reported in a sentence happened, with its ACLED geo precision."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from frontwire.gazetteer import GENERIC_WORDS, Gazetteer, fold
from frontwire.georesolve import BROAD_CODES, REGION_CODES

from frontwire.models import Article, Place, Toponym

# Areas of geo_regions.tsv that can be where an event happened when they lie in one country (`Darfur`, `Sinai`),
# at the area's point with precision 3; seas, macro-regions and former countries never are.
LAND_AREAS = {"RGN", "RGNH", "MTS", "DSRT", "PEN", "ISL", "ISLS", "VAL", "PLN"}

# Words before a town that make the event "near it or part of it" (ACLED geo_precision 2).
_NEAR = re.compile(r"(?:(?:outskirts|edges?|outside|near|nearby|close to|vicinity|suburbs?|environs|countryside|"
                   r"district|neighbou?rhood|quarter|area|villages|parts?|old city|city cent(?:er|re)|downtown)"
                   r"(?:\s+of)?|"
                   r"\d+(?:\.\d+)?\s*(?:-\s*)?(?:km|kms|kilometers?|kilometres?|miles?)\s+(?:\([^()]{0,30}\)\s+)?"
                   r"(?:\w+\s+)?of|"
                   r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+(?:part\s+of\s+|of\s+)?)"
                   r"\s*(?:the\s+)?(?:[\w-]+['’]s\s+)?(?:(?:provincial\s+|regional\s+)?capital\s+|"
                   r"(?:city|town|village)\s+(?:of\s+)?)?$", re.I)
_DESCRIBED = re.compile(r"\b(?:north|south|east|west)\w*\s+(?:(?:provincial\s+|regional\s+)?capital|city|town|village)"
                        r"\s+(?:of\s+)?$", re.I)
# Words of going somewhere before a place name: the place is a destination.
_DESTINATION = re.compile(r"\b(?:travel\w*|head(?:ed|ing)|bound|going|on (?:its|their|the) way|en route|fled|flee\w*|"
                          r"return(?:ed|ing)|driv(?:en|ing)|evacuated)\s+(?:[\w,-]+\s+){0,8}?(?:to|towards?)\s+"
                          r"(?:the\s+)?(?:[\w-]+\s+)?(?:(?:town|city|village|capital)\s+(?:of\s+)?)?$", re.I)
_THERE = re.compile(r"\s*,?\s+(?:where|in which)\b")
# A part of a country: "in central Mali", "northern Burkina Faso's".
_COUNTRY_PART = re.compile(r"\b(?:central|(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?)\s+$", re.I)
# Words before a place name no gazetteer has that make it where something happened (`in Solhan`).
_PLACE_CUE = re.compile(r"\b(?:in|at|near|outside|of|on|hit|struck|attacked|raided|stormed|bombed|shelled|captured|"
                        r"seized|overran|entered)\s+(?:the\s+)?$", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z\"“])|\n\s*\n")
_CITY_PART = re.compile(r"\s*\b(?:district|neighbou?rhood|quarter|suburb|area)\b", re.I)
_CONTAINER = re.compile(r"(?:\s+(?:village|town|hamlet))?\s*,?\s+(?:in|near|outside)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}",
                        re.I)
# A town named with one of these after it stands for its region (`in the Menaka region`): precision 3.
_REGION_AFTER = re.compile(r"\s+(?:region|province|governorate|state|prefecture)\b", re.I)
# A name followed by these is a part of the place named next (`the Intisar district of Mosul`).
_PART_OF = re.compile(r"\s+(?:district|neighbou?rhood|quarter|area|suburb)\s+of\b", re.I)


def _precision(place: Place, text: str, start: int, end: int, cue: bool = True) -> int:
    """ACLED geo_precision of a mention: region 3, district or a cue of nearness before it 2, the town itself 1.

    `cue=False` for a dateline: the words before it are a headline ("... push into Old City"), not a cue.
    """
    if place.feature_code == "ADM1" or place.feature_code in LAND_AREAS or _REGION_AFTER.match(text, end):
        return 3
    if place.feature_code == "ADM2" or (cue and _near(text, start)):
        return 2
    return 1


def _near(text: str, start: int) -> bool:
    """A cue of nearness or of a part ("outskirts of", "10 km east of") just before the name; "the southern
    city of Kherson" only describes the city."""
    before = text[max(0, start - 60):start]
    return bool(_NEAR.search(before)) and not _DESCRIBED.search(before)


def _usable(top: Toponym) -> bool:
    """A resolved place an event can be at: no nationality, no country, not the state in a group's name."""
    if top.place is None or top.role in ("demonym", "context"):
        return False
    return top.place.feature_code not in BROAD_CODES or top.place.feature_code in LAND_AREAS and bool(top.place.iso2)


def _parts(toponyms: list[Toponym], text: str) -> tuple[set[int], set[int]]:
    """Starts of names that are parts of a place named with them, and of the places they are parts of.

    `the Intisar district of Mosul` and `the Brussels district of Molenbeek`: the same words, either way round;
    the larger place is the whole (ACLED codes the event there, precision 2).
    """
    parts, wholes = set(), set()
    for top in toponyms:
        match = _PART_OF.match(text, top.end)
        if not match:
            continue
        other = next((t for t in toponyms if match.end() <= t.start <= match.end() + 6), None)
        if other is not None and _size(top) > _size(other):
            parts.add(other.start)
            wholes.add(top.start)
        else:
            parts.add(top.start)
    return parts, wholes - parts


def _size(top: Toponym) -> int:
    """Population of a toponym's place; -1 when it did not resolve."""
    return top.place.population if top.place is not None else -1


def _at_main_town(place: Place, gazetteer: Gazetteer) -> Place:
    """The region with its main town's point: ACLED puts a region-only event at the region's capital, as a
    rule its main town, not at the polygon's middle. The name stays the region's: that is all that is known."""
    if place.feature_code not in REGION_CODES:
        return place
    town = gazetteer.main_town(place)
    return replace(place, latitude=town.latitude, longitude=town.longitude) if town else place


def locate_event(sent_start: int, sent_end: int, toponyms: list[Toponym], article: Article,
                 doc: Any = None, gazetteer: Gazetteer | None = None) -> tuple[Place | None, int | None]:
    """Where an event reported in `[sent_start, sent_end)` happened, with its ACLED geo_precision.

    Cascade: the place the sentence names (a town, else a place no gazetteer has, named with null coordinates,
    else a region); for a lead sentence that names none, the next two sentences; the nearest place named
    before it in the body; the dateline, unless the sentence names another country; the country;
    (None, None) when nothing is known. A region comes back as its main town with the region's precision.
    """
    gazetteer = gazetteer or Gazetteer.default()
    story = _Story(toponyms, article, gazetteer)
    found = story.pick(sent_start, sent_end)
    if found is not None:
        return found
    named, earlier = story.country_of(sent_start, sent_end), story.before(sent_start)
    if not earlier:  # a lead: the next two sentences
        found = story.pick(sent_end, _sentences_end(article.text, sent_end, 2), named)
    else:
        found = story.pick(earlier[-1].start, earlier[-1].end)
    if found is not None and found[0].latitude is None:
        # Borrowed from another sentence, a place without coordinates is left to that sentence's event: the two
        # then join as one (merge.py joins an unknown place with any place, but not two unlocated names).
        return None, None
    if found is None and story.dateline and named in (None, story.dateline.place.iso2) \
            and not story.part_of_country(sent_start, sent_end):
        found = story.located(story.dateline)
    if found is not None:
        return found
    named = named or story.home
    country = next((t.place for t in toponyms if t.place is not None and t.place.feature_code == "PCLI"
                    and t.role != "demonym" and t.place.iso2 == named), None)
    return (country, 3) if country else (None, None)


class _Story:
    """The places of one article, sorted for the event-location cascade."""

    def __init__(self, toponyms: list[Toponym], article: Article, gazetteer: Gazetteer):
        self.text, self.article, self.gazetteer = article.text, article, gazetteer
        self.parts, self.wholes = _parts(toponyms, self.text)
        self.toponyms = toponyms
        away = {t.start for t in toponyms if _destination(self.text, t)}
        self.usable = [t for t in toponyms if _usable(t) and t.role != "dateline" and t.start not in self.parts | away]
        self.named = [t for t in toponyms if _unlocated(t, self.text) and t.start not in self.parts | away]
        main = Counter(t.place.iso2 for t in toponyms if t.place is not None and t.role != "demonym").most_common(1)
        self.home = main[0][0] if main else None
        self.dateline = next((t for t in toponyms if t.role == "dateline" and _usable(t)), None)

    def rank(self, top: Toponym) -> tuple[bool, bool, bool, int]:
        """Towns before regions; a place named after `from` is where people came from; the story's country
        first."""
        source = self.text[max(0, top.start - 6):top.start].strip().lower().endswith("from")
        return top.place.feature_code in REGION_CODES | LAND_AREAS, source, top.place.iso2 != self.home, top.start

    def pick(self, lo: int, hi: int, country: str | None = None) -> tuple[Place, int] | None:
        """The place named in `[lo, hi)`: a town, a place no gazetteer has, a region (in `country` if given)."""
        fits = [t for t in self.usable if lo <= t.start < hi and (country is None or t.place.iso2 == country)]
        towns = sorted((t for t in fits if t.place.feature_code not in REGION_CODES | LAND_AREAS), key=self.rank)
        unknown = [t for t in self.named if lo <= t.start < hi]
        if unknown and (not towns or unknown[0].start < towns[0].start and self.rank(towns[0])[1:3] == (False, False)
                        or _inside_next(self.text, unknown[0], towns[0])):
            # Named first (`in Nyanya, on the outskirts of the capital Abuja`), or held by the town after it
            # (`in Pazigyi village in Kanbalu township`): the place no gazetteer has is where it happened.
            if (found := self.unlocated(unknown[0], fits, country)) is not None:
                return found
        if towns:
            return self.located(towns[0])
        return self.located(sorted(fits, key=self.rank)[0]) if fits else None

    def before(self, start: int) -> list[Toponym]:
        """Places named in the body before `start`, in text order."""
        return sorted((t for t in self.usable + self.named if self.article.body_start <= t.start < start),
                      key=lambda t: t.start)

    def located(self, top: Toponym) -> tuple[Place, int]:
        """A resolved place with its precision; a region at its main town."""
        precision = _precision(top.place, self.text, top.start, top.end, cue=top.role != "dateline")
        return _at_main_town(top.place, self.gazetteer), max(precision, 2) if top.start in self.wholes else precision

    def unlocated(self, top: Toponym, near: list[Toponym], country: str | None) -> tuple[Place, int] | None:
        """A place no gazetteer has (`the village of Hroza in Ukraine's Kharkiv region`): the region named with
        it, at precision 3, as ACLED codes a village it cannot find; else its name with null coordinates and the
        country named with it or the story's (`the village of Solhan in northern Burkina Faso`)."""
        region = next((t for t in sorted(near, key=lambda t: abs(t.start - top.start))
                       if t.place.feature_code in ("ADM1", "ADM2")), None)
        if region is not None:
            return _at_main_town(region.place, self.gazetteer), 3
        cc = country or self.country_of(top.start, top.end + 1) or self.home
        nation = self.gazetteer.country(cc) if cc else None
        if nation is None:
            return None  # a name in no known country says nothing a map can use
        place = Place(name=_bare_name(top.text), latitude=None, longitude=None, geonameid=None,
                      country=nation.country, iso2=cc, iso3=nation.iso3)
        return place, 2 if _near(self.text, top.start) else 1

    def part_of_country(self, lo: int, hi: int) -> bool:
        """The span places the event in a part of a country ("in central Mali"), away from the dateline's city."""
        return any(lo <= t.start < hi and t.place is not None and t.place.feature_code == "PCLI"
                   and t.role == "mention" and _COUNTRY_PART.search(self.text, max(0, t.start - 20), t.start)
                   for t in self.toponyms)

    def country_of(self, lo: int, hi: int) -> str | None:
        """The country the span names, by a country's or another place's name in it."""
        inside = [t for t in self.toponyms if lo <= t.start < hi and t.place is not None
                  and t.role not in ("demonym", "dateline") and t.place.iso2]
        # `Saudi Arabia and its allies launched air strikes ... in Yemen`: where, not who.
        inside.sort(key=lambda t: not _PLACE_CUE.search(self.text[max(0, t.start - 30):t.start]))
        return inside[0].place.iso2 if inside else None


def _destination(text: str, top: Toponym) -> bool:
    """Where people or vehicles were going ("travelling with the convoy to the besieged town of Djibo", "fled
    towards Goma"), not where the event happened; unless the sentence goes on there (", where troops ...")."""
    return bool(_DESTINATION.search(text, max(0, top.start - 90), top.start)) \
        and not _THERE.match(text, top.end)


def _unlocated(top: Toponym, text: str) -> bool:
    """A recognised place name that did not resolve and that the words before it make a place (`in Solhan`);
    not a part of a city (`the Hoz district`), which stands for the city."""
    return (top.place is None and top.role == "mention" and top.text[:1].isupper()
            and not all(word in GENERIC_WORDS for word in fold(top.text).split())  # `the Old City of Mosul`
            and bool(_PLACE_CUE.search(text[max(0, top.start - 30):top.start]))
            and not _CITY_PART.search(top.text) and not _CITY_PART.match(text, top.end))


def _inside_next(text: str, first: Toponym, town: Toponym) -> bool:
    """`Pazigyi village in Kanbalu township`, `Dahyan, near Saada`: the town after the name holds it."""
    return first.end <= town.start and bool(_CONTAINER.fullmatch(text[first.end:town.start]))


def _bare_name(name: str) -> str:
    """`Pazigyi village` -> `Pazigyi`."""
    return re.sub(r"\s+(?:village|town|city|township|district|area)$", "", name, flags=re.I)


def _sentences_end(text: str, start: int, count: int) -> int:
    """Where the `count` sentences after `start` end (a rough split: enough to look ahead from a lead)."""
    end = start
    for _ in range(count):
        match = _SENTENCE_END.search(text, end + 1)
        if not match:
            return len(text)
        end = match.end()
    return end
