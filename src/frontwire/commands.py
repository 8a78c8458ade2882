"""Library functions behind the single-purpose commands: geoparse, timex, stories, classify."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, TextIO

from .models import Article
from .pipeline import Report, analyze, articles_of

Records = tuple[list[dict[str, Any]], list[tuple[str, str]]]


def geoparse(inputs: Iterable[str], published: str | None = None, source: str | None = None,
             model: str | None = None) -> Records:
    """Place names of each article, resolved to coordinates."""
    from .geo import geoparse_records

    report = Report()
    records = [r for a in analyze(articles_of(inputs, report, published, source), report, model)
               for r in geoparse_records(a.article, list(a.toponyms))]
    return records, report.failures


def timex(inputs: Iterable[str], published: str | None = None, source: str | None = None) -> Records:
    """Temporal expressions of each article, normalized against its publication date (no parse needed)."""
    from .time import find_timexes, timex_records

    report = Report()
    records = []
    for article in articles_of(inputs, report, published, source):
        records.extend(timex_records(article.id, find_timexes(article.text, article.published)))
    return records, report.failures


def stories(inputs: Iterable[str], published: str | None = None, source: str | None = None,
            model: str | None = None) -> Records:
    """For each article, the story it reports, clustered over all the articles given at once."""
    from .stories import profiles, story_ids

    report = Report()
    analyses = list(analyze(articles_of(inputs, report, published, source), report, model))
    story_of = story_ids(profiles(analyses))
    records = [{"article_id": a.article.id, "story_id": story_of[a.article.hash]} for a in analyses]
    return records, report.failures


def classify_texts(snippets: list[str], model: str | None = None) -> list[str]:
    """One CASE 2021 label per snippet: the ACLED sub-event it reports, else why it is not one."""
    from .eventtype import case_label

    return [case_label(text, rule_type, probs) for text, (rule_type, probs) in zip(snippets, typings(snippets, model))]


def typings(snippets: list[str], model: str | None = None) -> list[tuple[str | None, dict[str, float] | None]]:
    """For each snippet, the sub-event type the rules coded first (None for no event) and the classifier's
    probabilities: what `eventtype.case_label` decides from, under any label set."""
    from .eventtype import probabilities
    from .extract import extract_mentions
    from .nlp import load

    out = []
    for text, doc in zip(snippets, load(model).pipe(snippets, batch_size=32)):
        mentions = extract_mentions(Article(id="snippet", text=text), doc, [], [])
        out.append((mentions[0].sub_event_type if mentions else None, probabilities(text)))
    return out


def classify(lines: TextIO, model: str | None = None) -> Iterator[str]:
    """Read `id<TAB>snippet` lines and yield `id<TAB>LABEL` lines."""
    rows = [line.rstrip("\n").split("\t", 1) for line in lines if line.strip()]
    rows = [r if len(r) == 2 else [r[0], ""] for r in rows]
    for (ident, _), label in zip(rows, classify_texts([r[1] for r in rows], model)):
        yield f"{ident}\t{label}"

