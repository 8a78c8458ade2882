"""The stage order in one place, and the runners that drive articles through it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .errors import InputError, SkipArticle
from .models import Article, Event, Mention, Timex, Toponym
from .store.base import NO_PLACE, MentionBlock

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .store.base import Store

# The whole path of an article. `ingest` reads inputs into Articles; `prefilter` lets articles with no
# sign of conflict skip the rest (event runs only: ingest, extract); `nlp` parses them in batches; the
# per-article stages below run in order over each parse; `merge` clusters the mentions of all articles
# into events; `store` writes them.
ORDER = ("ingest", "prefilter", "nlp", "time", "geo", "extract", "merge", "store")


@dataclass(frozen=True)
class Analysis:
    """One article as it moves through the per-article stages (spaCy's Doc, for frontwire)."""

    article: Article
    doc: Doc
    timexes: tuple[Timex, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    mentions: tuple[Mention, ...] = ()


def _time(a: Analysis) -> Analysis:
    """Temporal expressions, normalized against the publication date."""
    from .time import find_timexes

    return replace(a, timexes=tuple(find_timexes(a.article.text, a.article.published)))


def _geo(a: Analysis) -> Analysis:
    """Place names, resolved in the gazetteer."""
    from .geo import geoparse

    return replace(a, toponyms=tuple(geoparse(a.doc, a.article)))


def _extract(a: Analysis) -> Analysis:
    """Event mentions with their type, actors, fatalities, date and place."""
    from .extract import extract_mentions

    return replace(a, mentions=tuple(extract_mentions(a.article, a.doc, list(a.timexes), list(a.toponyms))))


STAGES: tuple[tuple[str, Callable[[Analysis], Analysis]], ...] = (
    ("time", _time), ("geo", _geo), ("extract", _extract),
)


@dataclass
class Report:
    """What a run did: counts, skip reasons, and one (input, reason) per failure."""

    articles: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    new_articles: int = 0

    def skip(self, reason: str) -> None:
        """Count one skipped article under its reason."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def analyze(articles: Iterable[Article], report: Report, model: str | None = None, batch_size: int = 16,
            prefilter: bool = False, on_skip: Callable[[Article, str], None] | None = None) -> Iterator[Analysis]:
    """Parse articles in batches and run the per-article stages; failures go to the report.

    `prefilter`: articles with no sign of conflict skip the parser, counted as skipped and handed to
    `on_skip`. The whole spaCy pipeline runs: extraction reads lemmas (roles, claims, death verbs).
    """
    from .nlp import load

    nlp = load(model)
    if prefilter:
        articles = _relevant(articles, report, on_skip)
    pairs = ((parse_view(a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        report.articles += 1
        analysis = Analysis(article, doc)
        try:
            for name, stage in STAGES:
                analysis = _run_stage(name, stage, analysis)
        except SkipArticle as skip:
            report.skip(skip.reason)
            continue
        except InputError as err:
            report.failures.append((err.name, err.reason))
            continue
        yield analysis


def _relevant(articles: Iterable[Article], report: Report,
              on_skip: Callable[[Article, str], None] | None) -> Iterator[Article]:
    """The prefilter stage: articles worth parsing; the others are counted and handed to `on_skip`."""
    from .prefilter import SKIP_REASON, relevant

    for article in articles:
        if relevant(article):
            yield article
            continue
        report.articles += 1
        report.skip(SKIP_REASON)
        if on_skip is not None:
            on_skip(article, SKIP_REASON)


def parse_view(article: Article) -> str:
    """The text the parser sees: the article with headline, page furniture and dateline blanked.

    Blanking keeps every offset (the view is as long as the text), while the parser no longer
    reads "MOSUL, Iraq (AP) — Coalition airstrikes ..." as one noun phrase.
    """
    from .layout import body_offset

    cut = body_offset(article)
    return re.sub(r"[^\n]", " ", article.text[:cut]) + article.text[cut:]


def _run_stage(name: str, stage: Callable[[Analysis], Analysis], analysis: Analysis) -> Analysis:
    """Run one stage; an unexpected error names the stage and the article, and skips only it."""
    try:
        return stage(analysis)
    except SkipArticle:
        raise
    except Exception as err:  # noqa: BLE001 - one bad article must not end the batch
        raise InputError(analysis.article.id, f"stage {name!r} failed: {type(err).__name__}: {err}") from err


def articles_of(inputs: Iterable[str], report: Report, published: str | None = None,
                source: str | None = None, stdin=None) -> Iterator[Article]:
    """The ingest stage: Articles from inputs; unreadable inputs go to the report."""
    from .ingest import read_articles

    for item in read_articles(inputs, published=published, source=source, stdin=stdin):
        if isinstance(item, InputError):
            report.failures.append((item.name, item.reason))
        else:
            yield item


def extract(inputs: Iterable[str], published: str | None = None, source: str | None = None,
            model: str | None = None, stdin=None, prefilter: bool | None = None) -> Report:
    """Events of these inputs, merged across them, without a database."""
    from .merge import merge
    from .settings import prefilter_enabled

    report = Report()
    articles = articles_of(inputs, report, published, source, stdin)
    mentions = [m for a in analyze(articles, report, model, prefilter=prefilter_enabled(prefilter))
                for m in a.mentions]
    report.events = merge(mentions)
    return report


def ingest(inputs: Iterable[str], store: Store, published: str | None = None, source: str | None = None,
           model: str | None = None, stdin=None, batch_size: int = 32,
           progress: Callable[[int], None] | None = None, prefilter: bool | None = None) -> Report:
    """Store articles and events, merging into what is stored; one transaction per batch.

    The single-process case of `scale.ingest_parallel`, so there is one write path for both.
    """
    from .scale import ingest_parallel

    return ingest_parallel(inputs, store, workers=1, published=published, source=source, model=model,
                           stdin=stdin, batch_size=batch_size, progress=progress, prefilter=prefilter)


def remerge(store: Store, new: list[Mention]) -> tuple[list[Event], set[str]]:
    """Merge new mentions with the stored ones they connect to; returns the rebuilt events and retired ids.

    Only the stored mentions linked to the new ones through a chain of compatible pairs can change
    their events, and merging that connected part alone gives the same events as merging the whole
    store again: so an ingest touches a few events, however large the store, and the stored events do
    not depend on the order or the batches in which articles arrived.
    """
    from .merge import merge

    linked = _linked(store, new)
    events = merge(new + linked)
    before = store.event_ids_for_sources({(m.source.article_hash, m.source.start) for m in linked})
    return events, before - {e.event_id for e in events}


def _key(mention: Mention) -> tuple[str, int, str]:
    """A mention's identity: article, sentence offset and type."""
    return mention.source.article_hash, mention.source.start, mention.sub_event_type


def _linked(store: Store, new: list[Mention]) -> list[Mention]:
    """The stored mentions connected to `new` by chains of compatible pairs (a breadth-first walk)."""
    from .merge import MentionIndex, compatible
    from .timex_dates import per_day

    known = {_key(m) for m in new}
    linked: list[Mention] = []
    frontier = list(new)
    while frontier:
        # A span of days is compared day by day, as merge clusters it (timex_dates.per_day).
        days = [d for m in frontier for d in per_day(m)]
        fetched = store.mentions_in_blocks(_window(days))
        fetched += store.mentions_of_articles({m.source.article_hash for m in frontier})
        index = MentionIndex()
        for number, mention in enumerate(days):
            index.add(mention, number)
        fresh = {_key(m): m for m in fetched if _key(m) not in known}
        frontier = [m for key, m in sorted(fresh.items())
                    if any(compatible(d, days[i]) for d in per_day(m) for i in set(index.near(d)))]
        known.update(_key(m) for m in frontier)
        linked += frontier
    return linked


def _window(mentions: list[Mention]) -> list[MentionBlock]:
    """The blocks of stored mentions that could be compatible with these (see merge.MentionIndex).

    Per event family, time precision and country, the days each mention's date allows, joined into
    as few ranges as possible. An undated mention joins only its own article, fetched by article.
    """
    from .merge import country, family_types, slack_days
    from .timex_dates import MAX_SPAN_DAYS

    days: dict[tuple, list[tuple[int, int]]] = {}
    for m in mentions:
        if not m.event_date:
            continue
        day = dt.date.fromisoformat(m.event_date).toordinal()
        place = country(m)
        # Across reports a placed mention joins placed ones in its country (or of no country), an
        # unplaced one only unplaced ones; a place without a country may sit in any.
        countries = (NO_PLACE,) if place is None else ((place, "") if place else None)
        for precision in (1, 2, 3):
            slack = slack_days(m.time_precision, precision)
            # A stored span of days is filed under its first day: reach back far enough to find it.
            low = day - slack - MAX_SPAN_DAYS
            days.setdefault((family_types(m.event_type), precision, countries), []).append((low, day + slack))
    return [MentionBlock(types, precision, _iso(lo), _iso(hi), countries)
            for (types, precision, countries), spans in sorted(days.items(), key=str)
            for lo, hi in _joined(spans)]


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or adjacent day ranges joined."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()
