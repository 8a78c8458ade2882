"""Extraction's own cost against spaCy's parse of the same conflict texts, measured in one run.

    .venv/bin/python scripts/extract_speed.py [--repeat N]

Parses the texts in batches of 16 (timed), runs the time and geo stages on each batch untimed, then times
`extract_mentions` alone over that batch's parses, so the two timings of a batch are taken seconds apart. Prints
JSON with both totals of the median repeat and `extract_over_parse` = extraction seconds / parse seconds (the
target is <= 0.25). On a shared machine the load changes within a run; taking both figures batch by batch lets
it move them together (timing all parses, then all extractions, gave ratios from 0.21 to 0.35 for one code).
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


def measure(articles, repeat: int = 3, batch: int = 16) -> dict:
    """Parse and extraction seconds over all articles, batch by batch; the repeat with the median ratio."""
    from frontwire.extract import extract_mentions
    from frontwire.geo import geoparse
    from frontwire.nlp import load
    from frontwire.pipeline import parse_view
    from frontwire.time import find_timexes

    nlp = load()
    views = [parse_view(a) for a in articles]
    warm = list(nlp.pipe(views[:4]))  # warm-up, and the typing model loaded before any timing
    extract_mentions(articles[0], warm[0], [], [])
    runs = []
    for _ in range(repeat):
        parse = extract = 0.0
        mentions = 0
        for start in range(0, len(articles), batch):
            chunk = articles[start:start + batch]
            began = time.perf_counter()
            docs = list(nlp.pipe(views[start:start + batch], batch_size=batch))
            parse += time.perf_counter() - began
            staged = [(a, d, find_timexes(a.text, a.published), geoparse(d, a)) for a, d in zip(chunk, docs)]
            began = time.perf_counter()
            mentions += sum(len(extract_mentions(a, d, t, g)) for a, d, t, g in staged)
            extract += time.perf_counter() - began
        runs.append((extract / parse, parse, extract, mentions))
    ratio, parse, extract, mentions = sorted(runs)[len(runs) // 2]
    return {"articles": len(articles), "mentions": mentions, "parse_s": round(parse, 3),
            "extract_s": round(extract, 3), "extract_over_parse": round(ratio, 3),
            "ratios": [round(r[0], 3) for r in runs]}


def main() -> None:
    """Command-line entry: print the measurement as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(conflict_articles(), args.repeat)))


if __name__ == "__main__":
    main()
