"""Event location: where an event reported in a sentence happened, with its ACLED geo precision."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from frontwire.gazetteer import Gazetteer
from frontwire.georesolve import BROAD_CODES, REGION_CODES

# Areas of geo_regions.tsv that can be where an event happened when they lie in one country (`Darfur`, `Sinai`),
# at the area's point with precision 3; seas, macro-regions and former countries never are.
LAND_AREAS = {"RGN", "RGNH", "MTS", "DSRT", "PEN", "ISL", "ISLS", "VAL", "PLN"}
from frontwire.models import Article, Place, Toponym

# Words before a town that make the event "near it or part of it" (ACLED geo_precision 2).
_NEAR = re.compile(r"(?:(?:outskirts|edges?|outside|near|nearby|close to|vicinity|suburbs?|environs|countryside|"
                   r"district|neighbou?rhood|quarter|area|villages?|parts?|old city|city cent(?:er|re)|downtown)"
                   r"(?:\s+of)?|"
                   r"\d+(?:\.\d+)?\s*(?:-\s*)?(?:km|kms|kilometers?|kilometres?|miles?)\s+(?:\w+\s+)?of|"
                   r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+(?:part\s+of\s+|of\s+)?)"
                   r"\s*(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
# A name followed by these is a part of the place named next (`the Intisar district of Mosul`).
_PART_OF = re.compile(r"\s+(?:district|neighbou?rhood|quarter|area|suburb)\s+of\b", re.I)


def _precision(place: Place, text: str, start: int) -> int:
    """ACLED geo_precision of a mention: region 3, district or a cue of nearness before it 2, the town itself 1."""
    if place.feature_code == "ADM1" or place.feature_code in LAND_AREAS:
        return 3
    if place.feature_code == "ADM2" or _NEAR.search(text[max(0, start - 60):start]):
        return 2
    return 1


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


def _at_main_town(place: Place, gazetteer: Gazetteer | None) -> Place:
    """The region with its main town's point: ACLED puts a region-only event at the region's capital, as a
    rule its main town, not at the polygon's middle. The name stays the region's: that is all that is known."""
    if place.feature_code not in REGION_CODES:
        return place
    town = (gazetteer or Gazetteer.default()).main_town(place)
    return replace(place, latitude=town.latitude, longitude=town.longitude) if town else place


def locate_event(sent_start: int, sent_end: int, toponyms: list[Toponym], article: Article,
                 doc: Any = None, gazetteer: Gazetteer | None = None) -> tuple[Place | None, int | None]:
    """Where an event reported in `[sent_start, sent_end)` happened, with its ACLED geo_precision.

    Cascade: a town in the sentence, a region in the sentence, the nearest place named before it in the body,
    the dateline, the country; (None, None) when nothing resolves. A region comes back as its main town with
    the region's precision (3 for a province, 2 for a district).
    """
    text = article.text
    parts, wholes = _parts(toponyms, text)
    usable = [t for t in toponyms if _usable(t) and t.role != "dateline" and t.start not in parts]
    main = Counter(t.place.iso2 for t in toponyms if t.place is not None and t.role != "demonym").most_common(1)
    home = main[0][0] if main else None

    def rank(top: Toponym) -> tuple[bool, bool, bool, int]:
        # Towns before regions; a place named after `from` is where people came from; the story's country first.
        source = text[max(0, top.start - 6):top.start].strip().lower().endswith("from")
        return top.place.feature_code in REGION_CODES | LAND_AREAS, source, top.place.iso2 != home, top.start

    inside = sorted((t for t in usable if sent_start <= t.start < sent_end), key=rank)
    earlier = [t for t in usable if article.body_start <= t.start < sent_start]
    dateline = [t for t in toponyms if t.role == "dateline" and _usable(t)]
    for top in inside[:1] + earlier[-1:] + dateline[:1]:
        precision = _precision(top.place, text, top.start)
        return _at_main_town(top.place, gazetteer), max(precision, 2) if top.start in wholes else precision
    country = next((t.place for t in toponyms if t.place is not None and t.place.feature_code == "PCLI"
                    and t.role != "demonym"), None)
    return (country, 3) if country else (None, None)
