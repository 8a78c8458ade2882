"""Library functions behind the single-purpose commands: geoparse, timex, stories, classify."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
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


@lru_cache(maxsize=1)
def _case_labels() -> tuple[dict[str, str], list[tuple[str, re.Pattern[str]]]]:
    """CASE 2021 label of each sub-event type, and the patterns of the non-ACLED labels."""
    data = tomllib.loads(resources.files("frontwire.data").joinpath("event_types.toml").read_text("utf-8"))
    others = [(label, re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.I))
              for label, words in data["case2021_other"].items()]
    return data["case2021"], others


def classify_texts(snippets: list[str], model: str | None = None) -> list[str]:
    """One CASE 2021 label per snippet: the ACLED sub-event found, else why it is not one."""
    from .extract import extract_mentions
    from .nlp import load

    labels, others = _case_labels()
    out = []
    for text, doc in zip(snippets, load(model).pipe(snippets, batch_size=32)):
        article = Article(id="snippet", text=text)
        mentions = extract_mentions(article, doc, [], [])
        if mentions:
            out.append(labels[mentions[0].sub_event_type])
            continue
        out.append(next((label for label, pattern in others if pattern.search(text)), "OTHER"))
    return out


def classify(lines: TextIO, model: str | None = None) -> Iterator[str]:
    """Read `id<TAB>snippet` lines and yield `id<TAB>LABEL` lines."""
    rows = [line.rstrip("\n").split("\t", 1) for line in lines if line.strip()]
    rows = [r if len(r) == 2 else [r[0], ""] for r in rows]
    for (ident, _), label in zip(rows, classify_texts([r[1] for r in rows], model)):
        yield f"{ident}\t{label}"

