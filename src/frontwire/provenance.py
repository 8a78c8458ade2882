"""The fields of one merged event, chosen from its reports with their provenance kept.

All sources stay (syndicated copies count once); the fatality range spans every report and the best
figure is the conservative one of the latest reports; the most precise date and place win; reports that
blame different actors are kept as contested claims, each with its sources, and neither is chosen.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache
from typing import Iterable

from .fatalities import interaction
from .merge import named
from .models import Attribution, Event, Mention, Place, Source
from .notes import describe, plain_name

# Reports whose tolls differ by more than this factor (plus a margin for small counts) contradict each
# other ("no one was killed" against "300 dead"): the event keeps both as its range, with less confidence.
_TOLL_FACTOR = 5
_TOLL_MARGIN = 10
_DISPUTED_TOLL_PENALTY = 0.2
_CONTESTED_PENALTY = 0.1
_CORROBORATION_BONUS = 0.05  # per independent report beyond the first


def event_id(mentions: Iterable[Mention]) -> str:
    """Deterministic id: a hash of the earliest-published report's article and first sentence offset.

    A report added later (published later) keeps the id; so does any arrival order. Only a report
    published before all the others, or a report that joins two stored events, moves it (docs/merging.md).
    """
    first = min(mentions, key=lambda m: (m.source.published or "9999-99-99", m.source.article_hash,
                                         m.source.start))
    key = f"{first.source.article_hash}:{first.source.start:08d}"
    if first.span_end:  # one event a day of a span: the day tells the events of one sentence apart
        key += f":{first.event_date}"
    return "fw-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def build_event(cluster: list[Mention]) -> Event:
    """One Event from the mentions that report it."""
    ledes = _ledes(cluster)
    sources = _sources(ledes)
    independent = {s.article_hash for s in sources}
    date, time_precision = _best_date(cluster)
    place, geo_precision = _best_place(cluster)
    etype = _event_type(ledes)
    sub = min((m.sub_event_type for m in cluster if m.event_type == etype), key=_specificity)
    claims = _attributions(ledes, independent)
    contested = len(claims) > 1
    # The actors of the event as coded: a report's side note of another type ("troops fought the
    # attackers" within an attack on civilians) does not name who carried out the event.
    typed = [m for m in cluster if m.event_type == etype]
    actor1 = None if contested else _actor(m.actor1 for m in typed)
    actor2 = _actor(m.actor2 for m in typed if m.actor2 != actor1)
    inter1 = next((m.inter1 for m in typed if m.actor1 == actor1), None) if actor1 else None
    inter2 = next((m.inter2 for m in typed if m.actor2 == actor2), None) if actor2 else None
    low, best, high, disputed = _fatalities(cluster)
    confidence = max(m.confidence for m in cluster) + _CORROBORATION_BONUS * (len(sources) - 1)
    confidence -= _DISPUTED_TOLL_PENALTY * disputed + _CONTESTED_PENALTY * contested
    notes = describe(date, actor1, actor2, sub, place, best, geo_precision) + _caveats(claims, disputed, low, high)
    return Event(
        event_id=event_id(cluster), event_date=date, time_precision=time_precision, event_type=etype,
        sub_event_type=sub, actor1=actor1, actor2=actor2,
        assoc_actor_1=None if contested else _most_common(m.assoc_actor_1 for m in typed if m.actor1 == actor1),
        assoc_actor_2=_most_common(m.assoc_actor_2 for m in typed if m.actor2 == actor2),
        inter1=inter1, inter2=inter2, interaction=interaction(inter1, inter2),
        civilian_targeting=any(m.civilian_targeting for m in cluster),
        country=place.country if place else None, iso3=place.iso3 if place else None,
        admin1=place.admin1 if place else None, admin2=place.admin2 if place else None,
        location=plain_name(place.name) if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geonameid=place.geonameid if place else None, geo_precision=geo_precision if place else None,
        fatalities=best, fatalities_low=low, fatalities_high=high, notes=notes, sources=sources,
        confidence=round(min(0.99, max(0.05, confidence)), 2),
        contested=contested, attributions=claims if contested else (),
    )


def _most_common(values: Iterable, default=None):
    """The most frequent non-null value; ties go to the first in sorted order."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    top = max(counts.values())
    return sorted((v for v, c in counts.items() if c == top), key=str)[0]


def _actor(values: Iterable[str | None]) -> str | None:
    """The most common named actor; an unidentified group only when no report names one."""
    values = list(values)
    return _most_common(v for v in values if named(v)) or _most_common(values)


def _ledes(cluster: list[Mention]) -> dict[str, Mention]:
    """Each report's first mention of the event (its lede), by article."""
    ledes: dict[str, Mention] = {}
    for mention in sorted(cluster, key=lambda m: (m.source.article_hash, m.source.start)):
        ledes.setdefault(mention.source.article_hash, mention)
    return ledes


def _attributions(ledes: dict[str, Mention], independent: set[str]) -> tuple[Attribution, ...]:
    """Who each independent report says acted: one claim per named actor, most-reported first.

    A report's claim is its lede's named actor 1: later sentences of one report mostly add context
    ("backed by coalition jets"), not a second claim. Syndicated copies make no claim of their own.
    """
    claims: dict[str, list[Mention]] = {}
    for article_hash, lede in ledes.items():
        if article_hash in independent and named(lede.actor1):
            claims.setdefault(lede.actor1, []).append(lede)
    ordered = sorted(claims.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return tuple(Attribution(actor, reports[0].inter1, tuple(sorted((m.source for m in reports), key=_source_order)))
                 for actor, reports in ordered)


def _caveats(claims: tuple[Attribution, ...], disputed: bool, low: int, high: int) -> str:
    """What the notes add when reports disagree, so that no choice between them is silent."""
    text = ""
    if len(claims) > 1:
        parts = [f"{c.actor} ({len(c.sources)} report{'s' if len(c.sources) > 1 else ''})" for c in claims]
        text += " Attribution contested: " + ", ".join(parts[:-1]) + " or " + parts[-1] + "."
    if disputed:
        text += f" Reports disagree on the toll ({low} to {high})."
    return text


def _event_type(ledes: dict[str, Mention]) -> str:
    """Each report votes with its first mention (its lede); ties go to the more specific type."""
    votes = Counter(m.event_type for m in ledes.values())
    top = max(votes.values())
    tied = [m.sub_event_type for m in ledes.values() if votes[m.event_type] == top]
    best = min(tied, key=_specificity)
    return next(m.event_type for m in ledes.values() if m.sub_event_type == best)


@cache  # asked for every mention of every event; the lexicon it ranks by is loaded once
def _specificity(sub_event_type: str) -> int:
    """Rank of a sub-event type in the lexicon: the more specific types come first there."""
    from .lexicon import lexicon

    order = [s.sub_event_type for s in lexicon().sub_events]
    return order.index(sub_event_type) if sub_event_type in order else len(order)


def _source_order(source: Source) -> tuple:
    return source.published or "", source.article_id, source.start


def _sources(ledes: dict[str, Mention]) -> tuple[Source, ...]:
    """One source per report: its first evidence sentence; syndicated copies count once."""
    first = {h: m.source for h, m in ledes.items()}
    return tuple(sorted(_originals(first), key=_source_order))


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


def _fatalities(cluster: list[Mention]) -> tuple[int, int, int, bool]:
    """(low, best, high, disputed) over reports; best is the conservative figure of the latest reports.

    Disputed: one report's lowest figure is far above another's highest (0 against 300), which no
    rising toll explains; the range then keeps both.
    """
    per_article: dict[str, tuple[int, int]] = {}
    published = {m.source.article_hash: m.source.published or "" for m in cluster}
    for mention in cluster:
        if not mention.fatalities_known:
            continue
        low, high = per_article.get(mention.source.article_hash, (0, 0))
        per_article[mention.source.article_hash] = (max(low, mention.fatalities_low),
                                                    max(high, mention.fatalities_high))
    if not per_article:
        return 0, 0, 0, False
    lows = [low for low, _ in per_article.values()]
    highs = [high for _, high in per_article.values()]
    # ACLED revises tolls as later reports update them, and among reports of the same day codes
    # the most conservative figure.
    latest = max(published[h] for h in per_article)
    best = min(low for h, (low, _) in per_article.items() if published[h] == latest)
    disputed = max(lows) > _TOLL_FACTOR * min(highs) + _TOLL_MARGIN
    return min(lows), best, max(highs), disputed
