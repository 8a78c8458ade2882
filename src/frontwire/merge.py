"""Mentions across sentences and articles -> one Event per real-world event."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from typing import Iterable

from .extract import describe, plain_name
from .fatalities import interaction
from .models import Event, Mention, Place, Source

# How far apart two reported dates may be and still be one event, by ACLED time precision.
_DATE_SLACK = {1: 0, 2: 3, 3: 15}
# Two resolved places closer than this are "the same place" (a town and its outskirts).
_NEAR_KM = 15.0


def merge(mentions: Iterable[Mention]) -> list[Event]:
    """Cluster mentions into events; the result does not depend on the order of the input."""
    from .timex_dates import per_day

    clusters: list[list[Mention]] = []
    for mention in sorted((day for m in mentions for day in per_day(m)), key=_sort_key):
        home = next((c for c in clusters if all(_compatible(mention, other) for other in c)), None)
        if home is None:
            clusters.append([mention])
        else:
            home.append(mention)
    events = [_event(cluster) for cluster in clusters]
    return sorted(events, key=lambda e: (e.event_date or "", e.event_id))


def _sort_key(mention: Mention) -> tuple:
    """Canonical order: the most precise reports first, so they anchor the clusters."""
    return (mention.event_date or "9999", mention.time_precision, mention.geo_precision or 9,
            mention.source.article_hash, mention.source.start, mention.sub_event_type)


# Event types whose reports of one event often disagree ("attack" in one, "bombing" in another).
_FAMILIES = {"Battles": "violence", "Explosions/Remote violence": "violence",
             "Violence against civilians": "violence", "Protests": "demonstration", "Riots": "demonstration"}


def _compatible(a: Mention, b: Mention) -> bool:
    """Could these two mentions report the same event?"""
    same_article = a.source.article_hash == b.source.article_hash
    if a.event_type != b.event_type and not _same_family_same_day(a, b):
        return False
    if same_article and a.source.start == b.source.start:
        return False  # one sentence reports one event
    return _dates_compatible(a, b, same_article) and _places_compatible(a, b)


def _same_family_same_day(a: Mention, b: Mention) -> bool:
    """Different types of one family may merge only when day and place are both known and agree."""
    family = _FAMILIES.get(a.event_type)
    if family is None or family != _FAMILIES.get(b.event_type):
        return False
    if a.time_precision != 1 or b.time_precision != 1 or a.event_date != b.event_date:
        return False
    return a.place is not None and b.place is not None and _places_compatible(a, b)


def _dates_compatible(a: Mention, b: Mention, same_article: bool) -> bool:
    """Dates agree within the slack their precision allows."""
    if a.event_date is None or b.event_date is None:
        return same_article
    gap = abs((dt.date.fromisoformat(a.event_date) - dt.date.fromisoformat(b.event_date)).days)
    return gap <= max(_DATE_SLACK.get(a.time_precision, 15), _DATE_SLACK.get(b.time_precision, 15))


def _places_compatible(a: Mention, b: Mention) -> bool:
    """Places agree: the same town, a town inside the region, or near each other."""
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return True  # an unknown place contradicts nothing; type and date still have to agree
    if pa.iso2 and pb.iso2 and pa.iso2 != pb.iso2:
        return False
    if pa.geonameid is not None and pa.geonameid == pb.geonameid:
        return True
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


def _distance_km(a: Place, b: Place) -> float:
    """Great-circle distance; infinite when either has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def event_id(mentions: Iterable[Mention]) -> str:
    """Deterministic id: a hash of the earliest report's article and sentence offset (and day, in a span)."""
    key = min(f"{m.source.article_hash}:{m.source.start:08d}" + (f":{m.event_date}" if m.span_end else "")
              for m in mentions)
    return "fw-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _most_common(values: Iterable, default=None):
    """The most frequent non-null value; ties go to the first in sorted order."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    top = max(counts.values())
    return sorted((v for v, c in counts.items() if c == top), key=str)[0]


def _event(cluster: list[Mention]) -> Event:
    """One Event from the mentions that report it."""
    sources = _sources(cluster)
    date, time_precision = _best_date(cluster)
    place, geo_precision = _best_place(cluster)
    etype = _event_type(cluster)
    sub = min((m.sub_event_type for m in cluster if m.event_type == etype), key=_specificity)
    actor1 = _most_common(m.actor1 for m in cluster)
    actor2 = _most_common(m.actor2 for m in cluster if m.actor2 != actor1)
    inter1 = next((m.inter1 for m in cluster if m.actor1 == actor1), None) if actor1 else None
    inter2 = next((m.inter2 for m in cluster if m.actor2 == actor2), None) if actor2 else None
    low, best, high = _fatalities(cluster)
    return Event(
        event_id=event_id(cluster), event_date=date, time_precision=time_precision, event_type=etype,
        sub_event_type=sub, actor1=actor1, actor2=actor2,
        assoc_actor_1=_most_common(m.assoc_actor_1 for m in cluster if m.actor1 == actor1),
        assoc_actor_2=_most_common(m.assoc_actor_2 for m in cluster if m.actor2 == actor2),
        inter1=inter1, inter2=inter2, interaction=interaction(inter1, inter2),
        civilian_targeting=any(m.civilian_targeting for m in cluster),
        country=place.country if place else None, iso3=place.iso3 if place else None,
        admin1=place.admin1 if place else None, admin2=place.admin2 if place else None,
        location=plain_name(place.name) if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geonameid=place.geonameid if place else None, geo_precision=geo_precision if place else None,
        fatalities=best, fatalities_low=low, fatalities_high=high,
        notes=describe(date, actor1, actor2, sub, place, best), sources=sources,
        confidence=round(min(0.99, max(m.confidence for m in cluster) + 0.05 * (len(sources) - 1)), 2),
    )


def _event_type(cluster: list[Mention]) -> str:
    """Each report votes with its first mention (its lede); ties go to the more specific type."""
    ledes: dict[str, Mention] = {}
    for mention in sorted(cluster, key=lambda m: (m.source.article_hash, m.source.start)):
        ledes.setdefault(mention.source.article_hash, mention)
    votes = Counter(m.event_type for m in ledes.values())
    top = max(votes.values())
    tied = [m.sub_event_type for m in ledes.values() if votes[m.event_type] == top]
    best = min(tied, key=_specificity)
    return next(m.event_type for m in ledes.values() if m.sub_event_type == best)


def _specificity(sub_event_type: str) -> int:
    """Rank of a sub-event type in the lexicon: the more specific types come first there."""
    from .lexicon import lexicon

    order = [s.sub_event_type for s in lexicon().sub_events]
    return order.index(sub_event_type) if sub_event_type in order else len(order)


def _sources(cluster: list[Mention]) -> tuple[Source, ...]:
    """One source per report: its first evidence sentence; syndicated copies count once."""
    first: dict[str, Source] = {}
    for mention in sorted(cluster, key=lambda m: (m.source.article_hash, m.source.start)):
        first.setdefault(mention.source.article_hash, mention.source)
    return tuple(sorted(_originals(first), key=lambda s: (s.published or "", s.article_id, s.start)))


def _originals(first: dict[str, Source]) -> list[Source]:
    """The sources left when each set of copies keeps only its earliest-published member.

    The same wire story republished under other page furniture is one report, not a corroboration:
    the evidence sentences of the copies are near-duplicates (see dedup.py). The copies are dropped
    from `sources` (so the confidence bonus counts independent reports only); the earliest publication
    stays, ties going to the smaller article id, so the result does not depend on arrival order.
    """
    from .dedup import duplicate_groups

    dropped: set[str] = set()
    for group in duplicate_groups({h: s.sentence for h, s in first.items()}):
        keep = min(group, key=lambda h: (first[h].published or "9999", first[h].article_id, h))
        dropped.update(h for h in group if h != keep)
    return [s for h, s in first.items() if h not in dropped]


def _best_date(cluster: list[Mention]) -> tuple[str | None, int]:
    """The most precise date the reports give; among equals, the one most reports agree on."""
    dated = [m for m in cluster if m.event_date]
    if not dated:
        return None, 3
    precision = min(m.time_precision for m in dated)
    return _most_common(m.event_date for m in dated if m.time_precision == precision), precision


def _best_place(cluster: list[Mention]) -> tuple[Place | None, int | None]:
    """The most precise resolved place; among equals, the one most reports name."""
    placed = [m for m in cluster if m.place is not None]
    if not placed:
        return None, None
    precision = min(m.geo_precision or 3 for m in placed)
    candidates = [m for m in placed if (m.geo_precision or 3) == precision]
    gid = _most_common(m.place.geonameid for m in candidates)
    chosen = next((m for m in candidates if m.place.geonameid == gid), candidates[0])
    return chosen.place, precision


def _fatalities(cluster: list[Mention]) -> tuple[int, int, int]:
    """(low, best, high) over reports; best is the conservative figure of the latest reports."""
    per_article: dict[str, tuple[int, int]] = {}
    published = {m.source.article_hash: m.source.published or "" for m in cluster}
    for mention in cluster:
        if not mention.fatalities_known:
            continue
        low, high = per_article.get(mention.source.article_hash, (0, 0))
        per_article[mention.source.article_hash] = (max(low, mention.fatalities_low),
                                                    max(high, mention.fatalities_high))
    if not per_article:
        return 0, 0, 0
    lows = [low for low, _ in per_article.values()]
    highs = [high for _, high in per_article.values()]
    # ACLED revises tolls as later reports update them, and among reports of the same day codes
    # the most conservative figure.
    latest = max(published[h] for h in per_article)
    best = min(low for h, (low, _) in per_article.items() if published[h] == latest)
    return min(lows), best, max(highs)
