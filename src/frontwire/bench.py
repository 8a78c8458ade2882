"""Throughput and memory of frontwire against plain spaCy over the same texts, in one run."""

from __future__ import annotations

import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .models import Article

# The benchmarks sit in ../shared/eval beside a checkout; FRONTWIRE_EVAL points elsewhere.
_EVAL = Path(os.environ.get("FRONTWIRE_EVAL") or Path(__file__).resolve().parents[3] / "shared" / "eval")


def _conflict_texts(limit: int) -> list[str]:
    """Conflict news: the sample corpus, then CASE 2021 snippets when the eval data is beside us."""
    from .pipeline import Report, articles_of
    from .samples import sample_dir

    texts = [a.text for a in articles_of([str(sample_dir())], Report())]
    case = _EVAL / "case2021-task2" / "dev.tsv"
    if case.exists():
        texts += [line.split("\t")[1] for line in case.read_text("utf-8").splitlines()[1:] if "\t" in line]
    return texts[:limit]


def _general_texts(limit: int) -> list[str]:
    """General news: the TimeBank documents' text when present, else the conflict texts."""
    import re

    folder = _EVAL / "timebank"
    texts = []
    for path in sorted(folder.glob("*.tml"))[:limit] if folder.exists() else []:
        body = re.search(r"<TEXT>(.*)</TEXT>", path.read_text("utf-8"), re.S)
        if body:
            texts.append(re.sub(r"<[^>]+>", "", body.group(1)))
    return texts or _conflict_texts(limit)


def _rate_spacy(texts: list[str]) -> float:
    """Articles per second of the plain spaCy model over the texts."""
    from .nlp import load

    nlp = load()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return len(texts) / (time.perf_counter() - start)


def _rate_frontwire(texts: list[str]) -> float:
    """Articles per second of the whole frontwire pipeline (parse, time, geo, extract, merge)."""
    from .merge import merge
    from .pipeline import Report, analyze

    articles = [Article(id=f"bench-{i}", text=t, published="2020-01-15") for i, t in enumerate(texts)]
    start = time.perf_counter()
    merge(m for a in analyze(articles, Report()) for m in a.mentions)
    return len(texts) / (time.perf_counter() - start)


def _rate_workers(texts: list[str], workers: int) -> float:
    """Articles per second with the texts split over `workers` processes (model load excluded)."""
    chunks = [texts[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_warm, range(workers)))
        start = time.perf_counter()
        list(pool.map(_rate_frontwire, chunks))
        return len(texts) / (time.perf_counter() - start)


def _warm(_: int) -> None:
    """Load the model and gazetteer in a worker before timing starts."""
    _rate_frontwire(["Warm-up text about nothing in Paris."])


def run(quick: bool = False) -> dict[str, Any]:
    """Measure and return the contract's figures plus the raw rates."""
    limit = 60 if quick else 300
    conflict, general = _conflict_texts(limit), _general_texts(limit)
    _rate_frontwire(conflict[:2])  # load model and gazetteer before timing
    figures = {
        "spacy_general_aps": _rate_spacy(general), "frontwire_general_aps": _rate_frontwire(general),
        "spacy_conflict_aps": _rate_spacy(conflict), "frontwire_conflict_aps": _rate_frontwire(conflict),
    }
    one, two = _rate_workers(conflict, 1), _rate_workers(conflict, 2) if (os.cpu_count() or 1) > 1 else 0.0
    return {
        "general_ratio": round(figures["frontwire_general_aps"] / figures["spacy_general_aps"], 3),
        "conflict_ratio": round(figures["frontwire_conflict_aps"] / figures["spacy_conflict_aps"], 3),
        "speedup_2_workers": round(two / one, 3) if one else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "texts": {"general": len(general), "conflict": len(conflict)},
        **{k: round(v, 2) for k, v in figures.items()},
    }
