"""Mentions across sentences and articles -> one Event per real-world event.

Mentions are taken in a canonical order (most precise reports first) and each joins the first cluster
whose every member it is compatible with: same event family, dates within their precision, places that
agree across precision levels, actors that do not name two different pairs. Compatibility is checked
only against the few clusters a `MentionIndex` files near the mention (same family, close days, same
country), so merging stays near-linear in the number of mentions. How the fields of one event are then
chosen from its reports is in `provenance.py`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Hashable, Iterable, Iterator

from .models import Event, Mention, Place
from .timex_dates import per_day

# How far apart two reported dates may be and still be one event, by ACLED time precision.
_DATE_SLACK = {1: 0, 2: 3, 3: 15}
MAX_SLACK = max(_DATE_SLACK.values())
# Two resolved places closer than this are "the same place" (a town and its outskirts).
_NEAR_KM = 15.0
# Event types whose reports of one event often disagree ("attack" in one, "bombing" in another).
_FAMILIES = {"Battles": "violence", "Explosions/Remote violence": "violence",
             "Violence against civilians": "violence", "Protests": "demonstration", "Riots": "demonstration"}
# Actor names that say who is unknown, not who it was: they never contradict a named actor.
_UNKNOWN_ACTOR = "Unidentified"


def merge(mentions: Iterable[Mention]) -> list[Event]:
    """Cluster mentions into events; the result does not depend on the order of the input."""
    from .provenance import build_event

    events = [build_event(cluster) for cluster in clusters(mentions)]
    return sorted(events, key=lambda e: (e.event_date or "", e.event_id))


def clusters(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """The mentions grouped into events, in canonical order (see the module docstring)."""
    groups: list[list[Mention]] = []
    index = MentionIndex()
    # A span of days ("clashes from Monday to Wednesday") is one mention a day (timex_dates.per_day).
    for mention in sorted((day for m in mentions for day in per_day(m)), key=_sort_key):
        # The first compatible cluster in creation order, as a scan of all clusters would find it.
        home = next((i for i in sorted(set(index.near(mention)))
                     if all(compatible(mention, other) for other in groups[i])), None)
        if home is None:
            index.add(mention, len(groups))  # the anchor: every compatible mention is filed near it
            groups.append([mention])
        else:
            groups[home].append(mention)
    return groups


def _sort_key(mention: Mention) -> tuple:
    """Canonical order: the most precise reports first, so they anchor the clusters."""
    return (mention.event_date or "9999", mention.time_precision, mention.geo_precision or 9,
            mention.source.article_hash, mention.source.start, mention.sub_event_type)


def family(event_type: str) -> str:
    """The group of event types whose reports of one event may disagree on the type."""
    return _FAMILIES.get(event_type, event_type)


def family_types(event_type: str) -> tuple[str, ...]:
    """Every event type of the family of `event_type`, itself included."""
    name = family(event_type)
    return tuple(sorted({event_type, *(t for t, f in _FAMILIES.items() if f == name)}))


def slack_days(a: int, b: int) -> int:
    """Days two reported dates of these time precisions may differ by and still be one event."""
    return max(_DATE_SLACK.get(a, MAX_SLACK), _DATE_SLACK.get(b, MAX_SLACK))


def _precision(mention: Mention) -> int:
    """The mention's time precision, an unknown code read as the loosest (month)."""
    return mention.time_precision if mention.time_precision in _DATE_SLACK else 3


def country(mention: Mention) -> str | None:
    """ISO2 code of the mention's place; "" when the place has no country; None when there is no place."""
    return None if mention.place is None else (mention.place.iso2 or "")


class MentionIndex:
    """Items filed under a mention's family, time precision, day and country, found again by mentions that
    could be compatible with it: a superset of the compatible ones, never missing one."""

    def __init__(self) -> None:
        self._dated: dict[tuple[str, int, int], list[tuple[str | None, Hashable]]] = defaultdict(list)
        self._articles: dict[str, list[Hashable]] = defaultdict(list)

    def add(self, mention: Mention, item: Hashable) -> None:
        """File `item` under `mention`."""
        self._articles[mention.source.article_hash].append(item)
        if mention.event_date:
            day = dt.date.fromisoformat(mention.event_date).toordinal()
            key = (family(mention.event_type), _precision(mention), day)
            self._dated[key].append((country(mention), item))

    def near(self, mention: Mention) -> Iterator[Hashable]:
        """Items filed under mentions that may be compatible with this one (repeats possible)."""
        yield from self._articles.get(mention.source.article_hash, ())
        if not mention.event_date:
            return  # an undated report only joins its own article's (see _dates_compatible)
        day = dt.date.fromisoformat(mention.event_date).toordinal()
        mine, kind, own = country(mention), family(mention.event_type), _precision(mention)
        for precision in _DATE_SLACK:
            slack = slack_days(own, precision)
            for other_day in range(day - slack, day + slack + 1):
                for theirs, item in self._dated.get((kind, precision, other_day), ()):
                    if theirs == mine or not theirs or not mine:
                        yield item


def compatible(a: Mention, b: Mention) -> bool:
    """Could these two mentions report the same event?"""
    same_article = a.source.article_hash == b.source.article_hash
    if a.event_type != b.event_type and not _same_family_same_day(a, b):
        return False
    if same_article:
        # One sentence reports one event; within a report, a later sentence may omit the place.
        return a.source.start != b.source.start and _dates_compatible(a, b, True) and _places_compatible(a, b)
    # Across reports, a report without a place never joins one with a place by accident.
    if (a.place is None) != (b.place is None):
        return False
    return _dates_compatible(a, b, False) and _places_compatible(a, b) and _actors_compatible(a, b)


def _same_family_same_day(a: Mention, b: Mention) -> bool:
    """Different types of one family may merge only when day and place are both known and agree."""
    if a.event_type not in _FAMILIES or family(a.event_type) != family(b.event_type):
        return False
    if a.time_precision != 1 or b.time_precision != 1 or a.event_date != b.event_date:
        return False
    return a.place is not None and b.place is not None and _places_compatible(a, b)


def _dates_compatible(a: Mention, b: Mention, same_article: bool) -> bool:
    """Dates agree within the slack their precision allows; an undated report only within its own article."""
    if a.event_date is None or b.event_date is None:
        return same_article
    gap = abs((dt.date.fromisoformat(a.event_date) - dt.date.fromisoformat(b.event_date)).days)
    return gap <= slack_days(a.time_precision, b.time_precision)


def _places_compatible(a: Mention, b: Mention) -> bool:
    """Places agree: the same town, a town inside the region, or near each other."""
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return True  # an unknown place contradicts nothing; type and date still have to agree
    if pa.iso2 and pb.iso2 and pa.iso2 != pb.iso2:
        return False
    if pa.geonameid is not None and pa.geonameid == pb.geonameid:
        return True
    if pa.latitude is None and pb.latitude is None:
        # A village no gazetteer has is known by its name and country alone (geolocate.py): one name is one place.
        return bool(pa.iso2) and pa.iso2 == pb.iso2 and _same_name(pa.name, pb.name)
    if _contains(pa, pb) or _contains(pb, pa):
        return True
    return _distance_km(pa, pb) <= _NEAR_KM


def _contains(region: Place, place: Place) -> bool:
    """A region (admin1 or country) contains a place inside it."""
    if region.feature_code == "ADM1":
        return bool(place.admin1) and place.admin1 == (region.admin1 or region.name)
    if region.feature_code and region.feature_code.startswith("PCL"):
        return place.iso2 == region.iso2
    return False


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one place name, case and accents aside."""
    from .gazetteer import fold

    return fold(a) == fold(b)


def _distance_km(a: Place, b: Place) -> float:
    """Great-circle distance; infinite when either has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def named(actor: str | None) -> bool:
    """The actor is known by name (not missing, not an unidentified group)."""
    return bool(actor) and not actor.startswith(_UNKNOWN_ACTOR)


def _actors_compatible(a: Mention, b: Mention) -> bool:
    """Not two different pairs of named actors: ACLED's same-actors rule, where reports name both sides.

    Two reports that name both sides and share neither are two events (two clashes in one town on one
    day). Reports that share one side, or leave one open, may be one event; when they blame different
    actors, the merged event records both claims as contested (provenance.py).
    """
    if not (named(a.actor1) and named(a.actor2) and named(b.actor1) and named(b.actor2)):
        return True
    return bool({a.actor1, a.actor2} & {b.actor1, b.actor2})
