"""Stories: articles that report the same real-world happening, whatever its kind, share one story id.

Each article becomes a bag of counted terms (`story_terms`: wording, dates, who-did-what, numbers). Two
passes of average-linkage agglomerative clustering over TF-IDF cosine similarities, each stopped at a
threshold, group them: the first over all articles groups happenings of one kind by their wording; the
second, inside each group with document frequencies counted in the group, averages four channels of
evidence (wording, time, roles, numbers) so that two earthquakes on one island, or two teams' offers to
one player, come apart (see `TOPICS`, `STORIES`). Events the merge knows by day and place overrule the
wording: a shared one joins two reports, different ones push them apart, as do publication dates more
than a year apart. Articles are put in a canonical order (content hash) first and ties are broken by
that order, so the stories do not depend on the order the articles arrive in. The clustering is cubic
in the number of articles: fine for the hundreds one `frontwire stories` call reads, not for an archive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    from .pipeline import Analysis

# How much each kind of term counts against the others of its channel: names and dates say *which*
# happening a report is about, where content words mostly say what kind it is.
WEIGHTS = {"w": 1.0, "ent": 4.0, "geo": 1.5, "event": 2.0,
           "date": 4.0, "year": 2.0, "month": 2.0, "dow": 1.0, "md": 1.0, "svo": 1.0, "num": 1.0}
WORDING = ("w", "ent", "geo", "event")
TIME = ("date", "year", "month", "dow", "md")
ROLES = ("svo",)
NUMBERS = ("num",)
# Reports of one happening appear within days or weeks; a year apart they report another (a trial, an
# anniversary) unless the merge found one event in both.
FAR_APART_DAYS = 365


@dataclass(frozen=True)
class Profile:
    """What the story clustering knows of one article: its identity, date and weighted terms."""

    key: str  # the article's content hash
    published: str | None
    terms: dict[str, float] = field(default_factory=dict)
    events: frozenset[str] = frozenset()  # ids of the merged events the article reports


def profiles(analyses: Iterable[Analysis]) -> list[Profile]:
    """Profiles of analysed articles, with the events their mentions merge into across all of them."""
    from .merge import merge

    analyses = list(analyses)
    events_of: dict[str, set[str]] = {}
    for event in merge(m for a in analyses for m in a.mentions):
        if event.time_precision != 1 or event.geonameid is None:
            continue  # the merge is only sure two events differ when it knows the day and the place
        for src in event.sources:
            events_of.setdefault(src.article_hash, set()).add(event.event_id)
    return [profile(a, frozenset(events_of.get(a.article.hash, ()))) for a in analyses]


def profile(analysis: Analysis, events: frozenset[str] = frozenset()) -> Profile:
    """The profile of one analysed article (spaCy doc, timexes, toponyms, mentions)."""
    from .story_terms import article_terms

    return Profile(analysis.article.hash, analysis.article.published, dict(article_terms(analysis)), events)


@dataclass(frozen=True)
class _Pass:
    """One clustering pass: how terms are weighted and how similar groups must be to join."""

    threshold: float
    idf_floor: float  # added to log idf: 0 silences the terms every article of the group shares
    idf_power: float  # above 1 favours rare terms (names) over common ones
    channels: tuple[tuple[str, ...], ...]  # similarity is the mean over the channels both articles have
    min_df: int = 2  # a term only one article has cannot make two articles alike ...
    min_df_from: int = 50  # ... among this many articles or more; among a handful every term is rare


# First across all articles, rare names favoured, on wording and dates: happenings of one kind (two
# earthquakes) group together with their own reports. Then inside each group, with idf counted in the
# group: what all its articles share ("earthquake") weighs little, and each channel of evidence counts
# alike, however many terms it has, so the few dates, roles and numbers that tell two happenings apart
# are not drowned by hundreds of shared words. An article with nothing in a channel (no date, no number)
# abstains there. Thresholds measured on ECB+ (`frontwire eval ecbplus`), cross-validated on odd and
# even topics (docs/merging.md).
TOPICS = _Pass(threshold=0.12, idf_floor=1.0, idf_power=2.0, channels=(WORDING + ("date", "year", "month"),))
STORIES = _Pass(threshold=0.09, idf_floor=0.5, idf_power=1.0, channels=(WORDING, TIME, ROLES, NUMBERS),
                min_df_from=3)


def _similarity(profiles: list[Profile], how: _Pass) -> np.ndarray:
    """Similarities of the profiles: the mean of the channels' cosines over the channels both have."""
    df: Counter[str] = Counter(t for p in profiles for t in p.terms)
    n = len(profiles)
    min_df = how.min_df if n >= how.min_df_from else 1
    total, counted = np.zeros((n, n)), np.zeros((n, n))
    for kinds in how.channels:
        vocab = {t: i for i, t in enumerate(sorted(t for t, k in df.items()
                                                   if k >= min_df and t.split(":", 1)[0] in kinds))}
        matrix = np.zeros((n, len(vocab)))
        for row, p in enumerate(profiles):
            for term, count in p.terms.items():
                if term in vocab:
                    idf = (math.log((1 + n) / (1 + df[term])) + how.idf_floor) ** how.idf_power
                    weight = WEIGHTS.get(term.split(":", 1)[0], 1.0)
                    matrix[row, vocab[term]] = (1.0 + math.log(count)) * idf * weight
        norms = np.linalg.norm(matrix, axis=1)
        has = (norms > 0).astype(float)
        matrix = matrix / np.where(norms > 0, norms, 1.0)[:, None]
        both = np.outer(has, has)
        total += (matrix @ matrix.T) * both
        counted += both
    return _with_evidence(profiles, total / np.where(counted > 0, counted, 1.0))


def _with_evidence(profiles: list[Profile], sim: np.ndarray) -> np.ndarray:
    """Event evidence over wording: one merged event in common joins two reports, none in common halves them.

    The merge has already judged type, date and place; two reports of different attacks in one town
    share most of their words. Without events on both sides, publication dates a year apart halve them.
    """
    days = [_day_number(p.published) for p in profiles]
    for i, a in enumerate(profiles):
        for j in range(i + 1, len(profiles)):
            b = profiles[j]
            if a.events and b.events:
                sim[i, j] = sim[j, i] = 1.0 if a.events & b.events else sim[i, j] * 0.5
            elif days[i] is not None and days[j] is not None and abs(days[i] - days[j]) > FAR_APART_DAYS:
                sim[i, j] = sim[j, i] = sim[i, j] * 0.5
    return sim


def _day_number(published: str | None) -> int | None:
    """The publication day as a day number, None when unknown or not a date."""
    try:
        return dt.date.fromisoformat(published).toordinal() if published else None
    except ValueError:
        return None


def cluster(profiles: Iterable[Profile]) -> list[list[Profile]]:
    """Story clusters of the profiles; each cluster is sorted oldest first, the list likewise."""
    unique = sorted({p.key: p for p in profiles}.values(), key=lambda p: p.key)
    clusters = []
    for group in _groups(unique, TOPICS):
        members = [unique[i] for i in group]
        clusters.extend([members[i] for i in sub] for sub in _groups(members, STORIES))
    clusters = [sorted(c, key=_age) for c in clusters]
    return sorted(clusters, key=lambda c: _age(c[0]))


def _groups(profiles: list[Profile], how: _Pass) -> list[list[int]]:
    """Indices of the profiles grouped by one pass."""
    if len(profiles) < 2:
        return [list(range(len(profiles)))]
    return _average_linkage(_similarity(profiles, how), how.threshold)


def _average_linkage(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """UPGMA on a similarity matrix: join the closest pair of groups until none is above the threshold."""
    sim = sim.astype(float).copy()
    n = len(sim)
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    members = {i: [i] for i in range(n)}
    while len(members) > 1:
        # argmax takes the first maximum in row-major order: ties go to the canonically first pair.
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        if sim[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        joined = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[i, :] = joined
        sim[:, i] = joined
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        sim[i, i] = -np.inf
        sizes[i] += sizes[j]
        members[i].extend(members.pop(j))
    return [sorted(m) for m in members.values()]


def _age(p: Profile) -> tuple[str, str]:
    """Sort key: earliest published first (unknown dates last), then content hash."""
    return (p.published or "9999-99-99", p.key)


def story_id(members: Iterable[Profile]) -> str:
    """A story's id: the hash of its earliest member's content hash.

    Adding a later report keeps the id (a hash of all members would change with every addition); only a
    report published before all the others moves it.
    """
    first = min(members, key=_age)
    return "story-" + hashlib.sha256(first.key.encode()).hexdigest()[:16]


def story_ids(profiles: Iterable[Profile]) -> dict[str, str]:
    """Article content hash -> story id, over all the profiles clustered at once."""
    return {p.key: story_id(members) for members in cluster(profiles) for p in members}
