"""Extraction's own cost against spaCy's parse of the same conflict texts, measured in one run.

    .venv/bin/python scripts/extract_speed.py [--repeat N]

Parses the texts once with the configured model (timed), runs the time and geo stages untimed,
then times `extract_mentions` alone over the same parses. Prints JSON with both times and
`extract_over_parse` = extraction seconds / parse seconds (the target is <= 0.25). Both figures come
from the same run on the same machine, so load on a shared machine moves them together.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def conflict_articles(extra: list[str] | None = None):
    """The bundled samples, the test articles and CASE 2021 snippets when they sit beside the checkout."""
    from frontwire.eval.case2021 import _rows
    from frontwire.models import Article
    from frontwire.pipeline import Report, articles_of
    from frontwire.samples import sample_dir

    inputs = [str(sample_dir()), str(ROOT / "tests" / "articles"), *(extra or [])]
    articles = list(articles_of(inputs, Report()))
    case = ROOT.parent / "shared" / "eval" / "case2021-task2" / "dev.tsv"
    if case.exists():
        articles += [Article(id=f"case-{ident}", text=text, published="2020-01-15")
                     for ident, text, _ in _rows(str(case))]
    return articles


def measure(articles, repeat: int = 3) -> dict:
    """Best-of-`repeat` seconds for spaCy's parse and for extraction over those parses."""
    from frontwire.extract import extract_mentions
    from frontwire.geo import geoparse
    from frontwire.nlp import load
    from frontwire.pipeline import parse_view
    from frontwire.time import find_timexes

    nlp = load()
    views = [parse_view(a) for a in articles]
    list(nlp.pipe(views[:4]))  # warm-up
    parse, extract = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        docs = list(nlp.pipe(views, batch_size=16))
        parse.append(time.perf_counter() - start)
        staged = [(a, d, find_timexes(a.text, a.published), geoparse(d, a)) for a, d in zip(articles, docs)]
        start = time.perf_counter()
        mentions = sum(len(extract_mentions(a, d, t, g)) for a, d, t, g in staged)
        extract.append(time.perf_counter() - start)
    return {"articles": len(articles), "mentions": mentions, "parse_s": round(min(parse), 3),
            "extract_s": round(min(extract), 3), "extract_over_parse": round(min(extract) / min(parse), 3)}


def main() -> None:
    """Command-line entry: print the measurement as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(conflict_articles(), args.repeat)))


if __name__ == "__main__":
    main()
