"""Stories: articles that report the same real-world happening, whatever its kind, share one story id.

Each article becomes a bag of weighted terms (content lemmas, named entities, explicit dates, publication
month, resolved places and extracted events). Two passes of average-linkage agglomerative clustering over
TF-IDF cosine similarities, each stopped at a threshold, group them: the first over all articles, the
second inside each group with document frequencies counted in the group (see `TOPICS`, `STORIES`). Events
the merge knows by day and place overrule the wording: a shared one joins two reports, different ones
push them apart. Articles are put in a canonical order (content hash) first and ties are broken by that
order, so the stories do not depend on the order the articles arrive in. The clustering is cubic in the
number of articles: fine for the hundreds one `frontwire stories` call reads, not for a whole archive.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    from .pipeline import Analysis

# How much each kind of term counts against a plain content word: names and dates say *which* happening
# a report is about, where content words mostly say what kind it is.
WEIGHTS = {"w": 1.0, "ent": 4.0, "date": 4.0, "year": 2.0, "month": 2.0, "geo": 1.5, "event": 2.0}

_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})")


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
    """The terms of one analysed article (spaCy doc, timexes, toponyms, mentions)."""
    terms: Counter[str] = Counter()
    body_start = analysis.article.body_start
    for token in analysis.doc:
        if token.idx < body_start or token.is_stop or not token.is_alpha or len(token.text) < 3:
            continue
        if token.pos_ in _CONTENT_POS:
            terms["w:" + token.lemma_.lower()] += 1
    for ent in analysis.doc.ents:
        if ent.label_ in _ENTITY_LABELS and ent.start_char >= body_start:
            terms["ent:" + _entity_key(ent.text)] += 1
    terms.update(_time_terms(analysis))
    for toponym in analysis.toponyms:
        if toponym.place is not None and toponym.place.geonameid is not None:
            terms[f"geo:{toponym.place.geonameid}"] += 1
    for m in analysis.mentions:
        where = m.place.geonameid if m.place else None
        terms[f"event:{m.sub_event_type}:{m.event_date}:{where}"] += 1
    terms.pop("ent:", None)
    return Profile(analysis.article.hash, analysis.article.published, dict(terms), events)


def _entity_key(text: str) -> str:
    """Entity text folded so that "the Betty Ford Center's" and "Betty Ford Center" agree."""
    text = re.sub(r"['’]s$", "", text.strip().lower())
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _time_terms(analysis: Analysis) -> Counter[str]:
    """Explicit calendar dates and years in the text: which happening, not only which kind."""
    terms: Counter[str] = Counter()
    published = analysis.article.published
    if published:
        # The day a report appeared bounds the day of its happening: reports of one story cluster in time.
        terms["month:" + published[:7]] += 1
        terms["year:" + published[:4]] += 1
    for timex in analysis.timexes:
        if timex.type != "DATE" or not _YEAR.match(timex.value):
            continue
        if _DAY.match(timex.value):
            terms["date:" + timex.value] += 1
        terms["year:" + timex.value[:4]] += 1
    return terms


@dataclass(frozen=True)
class _Pass:
    """One clustering pass: how terms are weighted and how similar groups must be to join."""

    threshold: float
    idf_floor: float  # added to log idf: 0 silences the terms every article of the group shares
    idf_power: float  # above 1 favours rare terms (names) over common ones
    min_df: int = 2  # a term only one article has cannot make two articles alike ...
    min_df_from: int = 50  # ... among this many articles or more; among a handful every term is rare


# First across all articles, rare names favoured: happenings of one kind (two earthquakes) group together
# with their own reports. Then inside each group, with idf counted in the group: what all its articles
# share ("earthquake") weighs little and what tells the happenings apart (the place, the people) counts.
# Thresholds measured on ECB+ (`frontwire eval ecbplus`).
TOPICS = _Pass(threshold=0.12, idf_floor=1.0, idf_power=2.0)
STORIES = _Pass(threshold=0.12, idf_floor=0.5, idf_power=1.0, min_df_from=3)


def _similarity(profiles: list[Profile], how: _Pass) -> np.ndarray:
    """Cosine similarities of TF-IDF vectors (sublinear term frequency, kind weights)."""
    df: Counter[str] = Counter(t for p in profiles for t in p.terms)
    n = len(profiles)
    min_df = how.min_df if n >= how.min_df_from else 1
    vocab = {t: i for i, t in enumerate(sorted(t for t, k in df.items() if k >= min_df))}
    matrix = np.zeros((n, len(vocab)))
    for row, p in enumerate(profiles):
        for term, count in p.terms.items():
            if term in vocab:
                idf = (math.log((1 + n) / (1 + df[term])) + how.idf_floor) ** how.idf_power
                weight = WEIGHTS.get(term.split(":", 1)[0], 1.0)
                matrix[row, vocab[term]] = (1.0 + math.log(count)) * idf * weight
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms > 0, norms, 1.0)
    return _with_events(profiles, matrix @ matrix.T)


def _with_events(profiles: list[Profile], sim: np.ndarray) -> np.ndarray:
    """Event evidence over wording: one merged event in common joins two reports, none in common halves them.

    The merge has already judged type, date and place; two reports of different attacks in one town
    share most of their words.
    """
    for i, a in enumerate(profiles):
        for j in range(i + 1, len(profiles)):
            b = profiles[j]
            if a.events and b.events:
                sim[i, j] = sim[j, i] = 1.0 if a.events & b.events else sim[i, j] * 0.5
    return sim


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
    if how is STORIES and len(profiles) < 3:
        return [list(range(len(profiles)))]  # too few to count frequencies in: the first pass judged them
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
