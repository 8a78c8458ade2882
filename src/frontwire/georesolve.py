"""Toponym resolution in context: every name's reading chosen against the readings of all the others."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from frontwire.geocues import country_cues, phone_places
from frontwire.gazetteer import AREA_CODES, PART_PENALTY, REGION_SUFFIXES, Gazetteer, fold, haversine_km
from frontwire.models import Article, Place, Toponym

REGION_CODES = {"ADM1", "ADM2"}
# Countries, continents and the areas of geo_regions.tsv: their point does not stand for a town.
BROAD_CODES = {"PCLI", "CONT"} | AREA_CODES
# Those and first-level regions: the places whose point is no town; one set, as it is read for every reading.
POINTLESS_CODES = BROAD_CODES | {"ADM1"}
# Weights of the resolver: how much the document's country and region focus and nearby places count
# against a candidate's prior (log10 population + feature bonus, see gazetteer.FEATURE_BONUS).
COUNTRY_WEIGHT, REGION_WEIGHT, NEAR_WEIGHT, NEAR_KM, NEIGHBOUR_SHARE = 3.0, 2.5, 2.5, 150.0, 0.4
# Rounds of re-reading: each name's readings are weighed by the previous round's belief in them.
ROUNDS = 3
SHARPNESS, NEAR_CAP, REGION_FLOOR, KNOWN_FLOOR = 1.5, 2.0, 0.5, 0.2
# `Alexandria, La.`, `Boone County, Indiana`, `MOSUL, Iraq`: the second name is the region the first lies in.
_CONTAINER_GAP = re.compile(r"\s*,\s*$")
# Streets and roads are named after towns (`Memphis St.`) but are not those towns.
_STREET = re.compile(r"\b(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Dr|Drive|Lane|Ln|Pike|Highway|Hwy|"
                     r"Parkway|Pkwy|Way|Court|Ct)\.?$")
# `Richmond Street` where the tagger kept only `Richmond`.
# Not `Kansas Highway Patrol`, `Meigs County Court`, `Lebanon Street Superintendent`; `Freestone County Road 360`
# is in the county.
_STREET_AFTER = re.compile(r"\s+(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Dr|Drive|Lane|Ln|Pike|Parkway|Pkwy)\b"
                           r"(?!\s+[A-Z][a-z]+ent\b|\s+(?:Department|Dept|Commission|Crew|Fair|School)\b)")
CELL = 2.0
# `Province of Ontario`, `Ontario province`: a name that says it is a region.
_REGION_NAMED = re.compile(r"^(?:province|state|county|region|governorate) of |"
                           r" (?:province|governorate|oblast|region|county|parish)$")
_WATER_NAMED = re.compile(r" (?:sea|ocean|gulf|bay|strait|lake)$|^(?:gulf|bay|strait|lake) of ")
_WATER_CODES = {"SEA", "OCN", "GULF", "STRT", "LK", "BAY"}
_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
PARTIAL_WEIGHT = 0.25  # the vote of a name read only through a part of it (`Tennessee` of `Tennessee Colony`)
PHONE_WEIGHT = 1.0  # a local telephone number: as much as a place name of the story
DEMONYM_VOTE = 0.5  # `Iraqi`: a country's vote as strong as half a place name
# `the al-Nuri mosque`, `Baghdad airport`: a name before one of these words names a landmark.
_LANDMARK = re.compile(r"\s+(?:mosque|church|cathedral|temple|shrine|hospital|clinic|market|bazaar|square|bridge|"
                       r"dam|school|university|stadium|hotel|airport|air ?base|base|camp|prison|jail|checkpoint|"
                       r"station|complex|compound|palace)\b")
LANDMARK_PENALTY = 2.0


@dataclass
class _Name:
    """All mentions of one name (folded) in a document: one sense per discourse."""

    cands: list[tuple[Place, float]]
    weight: float = 1.0
    partial: bool = False  # readings of a part of the name only (`Tennessee` of `Tennessee Colony`)
    belief: list[float] = field(default_factory=list)  # probability of each reading, this round
    scores: list[float] = field(default_factory=list)


def _ident(place: Place) -> tuple:
    """A place's identity across readings of different names: the same entry has the same name and point."""
    return place.name, place.latitude, place.longitude


def _softmax(scores: list[float]) -> list[float]:
    """Probabilities in proportion to exp(score)."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _related(a: str, b: str) -> bool:
    """Same name or one inside the other (`North Richmond`, `Richmond`): no evidence for each other."""
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _has_point(place: Place) -> bool:
    """Places whose point stands for them: towns and districts, not countries or provinces."""
    return place.latitude is not None and place.feature_code not in POINTLESS_CODES


def _contains(region: Place, place: Place) -> bool:
    """Does `region` (a country, first- or second-level region) contain `place`?"""
    if region.iso2 is None or region.iso2 != place.iso2 or region is place:
        return False
    if region.feature_code == "PCLI":
        return place.feature_code != "PCLI"
    if region.feature_code == "ADM1":
        return place.admin1 == region.admin1 and place.feature_code != "ADM1"
    if region.feature_code == "ADM2":
        return (place.admin1, place.admin2) == (region.admin1, region.admin2) and place.feature_code != "ADM2"
    return False


def _containers(toponyms: list[Toponym], text: str, names: dict[str, _Name]) -> None:
    """Keep, for `Town, Region` pairs, only the readings of both names that fit together."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    for first, second in zip(ordered, ordered[1:]):
        if second.role == "demonym" or first.role == "demonym" or not _CONTAINER_GAP.fullmatch(
                text[first.end:second.start]):
            continue
        inner, outer = names.get(fold(first.text)), names.get(fold(second.text))
        if inner is None or outer is None or inner is outer:
            continue
        pairs = [(i, o) for i, (p, _) in enumerate(inner.cands) for o, (q, _) in enumerate(outer.cands)
                 if _contains(q, p)]
        if pairs:
            keep_in, keep_out = {i for i, _ in pairs}, {o for _, o in pairs}
            inner.cands = [c for i, c in enumerate(inner.cands) if i in keep_in]
            outer.cands = [c for o, c in enumerate(outer.cands) if o in keep_out]


class _Context:
    """Country, region and point evidence of every name's current readings."""

    def __init__(self, names: dict[str, _Name], focus: dict[str, float], gazetteer: Gazetteer,
                 related: dict[str, set[str]]):
        self.neighbours = gazetteer.neighbours
        self.related = related  # per name: itself and the names inside it or around it
        self.countries: dict[str, dict[str, float]] = {}
        self.regions: dict[str, dict[tuple, float]] = {}
        # Per name: belief in second-level regions (`counties`) and in towns by their region (`towns`).
        self.counties: dict[str, dict[tuple, float]] = {}
        self.towns: dict[str, dict[tuple, float]] = {}
        self.grid: dict[tuple[int, int], list[tuple[str, Place, float]]] = defaultdict(list)
        for key, name in names.items():
            self._add(key, name)
        if focus:  # nationality words and the story's words of public life (geocues.py)
            self.countries[""] = dict(focus)
        self.sums = {kind: _sum(table.values()) for kind, table in
                     (("countries", self.countries), ("regions", self.regions), ("counties", self.counties),
                      ("towns", self.towns))}

    def _add(self, key: str, name: _Name) -> None:
        countries, regions = defaultdict(float), defaultdict(float)
        counties, towns = defaultdict(float), defaultdict(float)
        # A name whose readings are all small may well be a place the gazetteer lacks: it votes less.
        best = max((prior for _, prior in name.cands), default=2.0)
        known = min(1.0, max(KNOWN_FLOOR, (best - 2.0) / 3.0))
        top = max(name.belief, default=1.0)
        for (place, _), p in zip(name.cands, name.belief):
            vote = p * name.weight * known
            # A town inside a county the story names (or the reverse) is rarely chance, however many namesakes
            # both have: that evidence counts each reading by its belief next to the name's best, not in total.
            rel = min(1.0, p / top)
            if place.iso2:
                countries[place.iso2] += vote
            if place.admin1 and place.feature_code != "PCLI":
                regions[(place.iso2, place.admin1)] += vote
            if place.feature_code == "ADM2":
                counties[(place.iso2, place.admin1, place.admin2)] += rel
            elif place.admin2 and place.feature_code not in POINTLESS_CODES:
                towns[(place.iso2, place.admin1, place.admin2)] += rel
            if _has_point(place) and p >= 0.01:
                self.grid[_cell(place)].append((key, place, p))
        self.countries[key], self.regions[key] = countries, regions
        self.counties[key], self.towns[key] = counties, towns

    def others(self, kind: str, key: str) -> dict:
        """Votes of one kind from all names but `key` and the names related to it."""
        table, total = getattr(self, kind), dict(self.sums[kind])
        for other in self.related.get(key, ()):
            for item, v in table.get(other, {}).items():
                total[item] -= v
        return {item: v for item, v in total.items() if v > 1e-9}  # no rounding residue of what was taken out

    def shares(self, place: Place, countries: dict, regions: dict, tops: tuple[float, float]) -> tuple[float, float]:
        """Share of the strongest country and region (`tops`) that this place's country and region have."""
        top_c, top_r = tops
        c = countries.get(place.iso2, 0.0) / top_c if top_c > 0 else 0.0
        if c < NEIGHBOUR_SHARE and top_c > 0:
            # Wars cross borders: Gaza in a story about Israel, Raqqa in one about Iraq.
            c = max([c] + [NEIGHBOUR_SHARE * countries.get(n, 0.0) / top_c for n in self.neighbours(place.iso2)])
        # One name is thin evidence for a region: the share is of at least REGION_FLOOR names' worth.
        r = regions.get((place.iso2, place.admin1), 0.0) / max(top_r, REGION_FLOOR)
        return c, r

    def near(self, place: Place, key: str, areas: tuple[dict, dict]) -> float:
        """Other names with a reading within NEAR_KM of this place, by belief (each counted once, at most two)."""
        # A town in a county the story names, and a county that holds a town the story names.
        inside = areas[1] if place.feature_code == "ADM2" else areas[0]
        bonus = max(0.0, inside.get((place.iso2, place.admin1, place.admin2), 0.0))
        if not _has_point(place):
            return min(NEAR_CAP, bonus)
        related, (i, j), best = self.related.get(key, ()), _cell(place), {}
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for other, there, p in self.grid.get((i + di, j + dj), ()):
                    if p > best.get(other, 0.0) and other not in related:
                        # Closer is stronger: a namesake 140 km away is weak evidence, a neighbour strong.
                        closeness = 1.0 - haversine_km(place, there) / NEAR_KM
                        if closeness > 0:
                            best[other] = max(best.get(other, 0.0), p * closeness)
        return min(NEAR_CAP, sum(best.values()) + bonus)


def _sum(tables) -> dict:
    """Item-wise sum of vote tables."""
    total: dict = defaultdict(float)
    for table in tables:
        for item, v in table.items():
            total[item] += v
    return total


def _cell(place: Place) -> tuple[int, int]:
    """The grid cell of a place's point."""
    return int(place.latitude // CELL), int(place.longitude // CELL)


def _score(name: _Name, key: str, ctx: _Context) -> tuple[list[float], list[float], float]:
    """Each reading's score in context, its country share, and the evidence the other names give."""
    countries, regions = ctx.others("countries", key), ctx.others("regions", key)
    tops = max(countries.values(), default=0.0), max(regions.values(), default=0.0)
    areas = ctx.others("counties", key), ctx.others("towns", key)
    scores, shares = [], []
    for place, prior in name.cands:
        country, region = ctx.shares(place, countries, regions, tops)
        near = ctx.near(place, key, areas)
        scores.append(prior + COUNTRY_WEIGHT * country + REGION_WEIGHT * region + NEAR_WEIGHT * near)
        shares.append(country)
    return scores, shares, sum(countries.values())


def _decide(name: _Name, shares: list[float], evidence: float) -> tuple[Place | None, float]:
    """The best reading, or None where it lies outside the document's countries and is small."""
    if not name.cands:
        return None, 0.0
    order = sorted(range(len(name.cands)), key=lambda i: -name.scores[i])
    best = order[0]
    place, prior = name.cands[best]
    if place.feature_code not in BROAD_CODES | REGION_CODES:
        if evidence >= 1.5 and shares[best] < 0.05 and prior < 5.0:
            return None, 0.0  # a town abroad when the story is clearly elsewhere
        if evidence >= 0.5 and shares[best] < 0.5 and prior < 3.0:
            return None, 0.0  # a village across the border from where the story is
        if evidence < 0.5 and prior < 2.5:
            return None, 0.0  # a hamlet of unknown size with nothing around it
    margin = name.scores[best] - name.scores[order[1]] if len(order) > 1 else 3.0
    return place, round(1 / (1 + math.exp(-margin)), 3)


def _names(toponyms: list[Toponym], text: str, gazetteer: Gazetteer) -> dict[str, _Name]:
    """The distinct names of the mentions, with their candidates and a weight that grows with repetition."""
    counts: dict[str, int] = defaultdict(int)
    datelines, places = set(), set()
    names: dict[str, _Name] = {}
    for top in toponyms:
        if top.role == "demonym" or _street(top, text):
            continue
        key = fold(top.text)
        counts[key] += 1
        if top.role == "dateline":
            datelines.add(key)
        if not _LANDMARK.match(text, top.end):
            places.add(key)
        if key not in names:
            cands = gazetteer.candidates_within(top.text)
            names[key] = _Name(cands + _part_of_town(key, cands, gazetteer),
                               partial=bool(cands) and not gazetteer.candidates(top.text))
    for key, name in names.items():
        if _REGION_NAMED.search(key):  # `Province of Ontario`, `Ontario province`: the region, not the town
            name.cands = [c for c in name.cands if c[0].feature_code in REGION_CODES] or name.cands
        elif _WATER_NAMED.search(key):  # `the Red Sea`: the sea; the states named after it say `state`
            name.cands = [c for c in name.cands if c[0].feature_code in _WATER_CODES] or name.cands
        if key not in places:  # only ever `the al-Nuri mosque`: a landmark's name, a town's only by chance
            name.cands = [(place, prior - LANDMARK_PENALTY) for place, prior in name.cands]
    _short_forms(names)
    _other_names(names)
    for key, name in names.items():
        # The place of writing is where most of the story is (3x); repeated names are its subject.
        name.weight = 1.0 + 0.5 * math.log(counts[key]) + (2.0 if key in datelines else 0.0)
        if name.partial:  # `Lake Vermont`, `Tennessee Colony`: the part may well name another place
            name.weight *= PARTIAL_WEIGHT
    return names


def _part_of_town(key: str, cands: list[tuple[Place, float]], gazetteer: Gazetteer) -> list[tuple[Place, float]]:
    """`North Richmond` in a Virginia story is the north of Richmond: the bare town's readings, less likely.

    Only towns for towns: `West Virginia` and `South Sudan` name nothing but themselves.
    """
    direction, _, rest = key.partition(" ")
    if direction not in _COMPASS or not rest or not all(p.feature_code.startswith("PPL") for p, _ in cands):
        return []
    known = {_ident(p) for p, _ in cands}
    return [(p, s - PART_PENALTY) for p, s in gazetteer.candidates(rest)
            if p.feature_code.startswith("PPL") and _ident(p) not in known]


def _street(top: Toponym, text: str) -> bool:
    """A street named after a town (`Memphis St.`, `Richmond Street` where the tagger kept only `Richmond`)."""
    if _STREET.search(top.text):
        return True
    return bool(_STREET_AFTER.match(text, top.end)) and fold(top.text).rpartition(" ")[2] not in REGION_SUFFIXES


def _short_forms(names: dict[str, _Name]) -> None:
    """`Avondale` in a story about `Avondale Estates` may be short for it: the long name's readings join."""
    for key, name in names.items():
        for other, longer in names.items():
            rest = other[len(key) + 1:] if other.startswith(key + " ") else ""
            if rest and longer.cands and rest.split()[0] not in REGION_SUFFIXES:
                known = {_ident(p) for p, _ in name.cands}
                name.cands = name.cands + [(p, s) for p, s in longer.cands if _ident(p) not in known]


def _other_names(names: dict[str, _Name]) -> None:
    """Drop a reading that another name of the story calls by its own name: two names rarely name one place.

    GeoNames keeps old names as alternates (Mount Gilead, Ohio was once `Youngstown`); in a story naming both
    Mount Gilead and Youngstown, the second is the city, not another name for the first.
    """
    # Towns only: `U.S.` and `America` do name one country.
    owner = {_ident(place): key for key, name in names.items() for place, _ in name.cands
             if fold(place.name) == key and place.feature_code not in POINTLESS_CODES | REGION_CODES}
    for key, name in names.items():
        kept = [(p, s) for p, s in name.cands if _related(key, owner.get(_ident(p), key))]
        if kept:
            name.cands = kept


def _phone_names(text: str, gazetteer: Gazetteer) -> dict[str, _Name]:
    """The towns (else states) the story's telephone numbers belong to, as names that vote but are never output."""
    out = {}
    for n, (cc, region_name, town) in enumerate(phone_places(text)):
        region = gazetteer.admin1(cc, region_name)
        if region is None:
            continue
        towns = [(p, s) for p, s in gazetteer.candidates(town) if p.iso2 == cc and p.admin1 == region.admin1
                 and p.feature_code.startswith("PPL")] if town else []
        out[f"#phone {n}"] = _Name((towns or [(region, 0.0)])[:1], weight=PHONE_WEIGHT)
    return out


def resolve_toponyms(toponyms: list[Toponym], article: Article, gazetteer: Gazetteer) -> list[Toponym]:
    """Pick each toponym's place from its candidates in the context of the whole article; None to abstain."""
    names = _names(toponyms, article.text, gazetteer)
    _containers(toponyms, article.text, names)
    names.update(_phone_names(article.text, gazetteer))
    focus = country_cues(article.text)
    for top in toponyms:
        if top.role == "demonym" and top.place is not None and top.place.iso2:
            focus[top.place.iso2] = max(focus.get(top.place.iso2, 0.0), DEMONYM_VOTE)
    for name in names.values():
        name.scores = [prior for _, prior in name.cands]
        name.belief = _softmax(name.scores) if name.cands else []
    last: dict[str, tuple[list[float], float]] = {}  # per name: the last round's country shares and evidence
    related = {key: {other for other in names if _related(other, key)} for key in names}
    for _ in range(ROUNDS):
        ctx = _Context(names, focus, gazetteer, related)
        for key, name in names.items():
            if not name.cands:
                continue
            name.scores, shares, evidence = _score(name, key, ctx)
            last[key] = shares, evidence
        for name in names.values():
            if name.cands:
                # Damped: two names that decide on each other's last reading would otherwise flip together.
                fresh = _softmax([SHARPNESS * s for s in name.scores])
                name.belief = [(old + new) / 2 for old, new in zip(name.belief, fresh)]
    decided = {key: _decide(names[key], *last[key]) for key in last}
    out = []
    for top in toponyms:
        if top.role == "demonym":
            out.append(top)
            continue
        place, score = (None, 0.0) if _street(top, article.text) else decided.get(fold(top.text), (None, 0.0))
        out.append(replace(top, place=place, score=score))
    return out
