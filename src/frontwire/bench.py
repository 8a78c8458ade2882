"""Throughput and memory of frontwire against plain spaCy over the same texts, in one run.

The machine may be shared, so the two sides are timed in alternating slices of the same texts: load that
comes and goes then slows both alike, and their ratio stays comparable.
"""

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
SLICE = 20  # texts per timed slice


def _conflict_texts(limit: int) -> list[str]:
    """Conflict news: the sample corpus, then CASE 2021 snippets when the eval data is beside us."""
    from .pipeline import Report, articles_of
    from .samples import sample_dir

    texts = [a.text for a in articles_of([str(sample_dir())], Report())]
    case = _EVAL / "case2021-task2" / "dev.tsv"
    if case.exists():
        texts += [line.split("\t")[1] for line in case.read_text("utf-8").splitlines()[1:] if "\t" in line]
    return texts[:limit]


def general_sources(folder: Path | None = None) -> dict[str, list[str]]:
    """General news by benchmark: LGL, GeoVirus, TimeBank and ECB+ texts (those present in the eval folder)."""
    from .eval import ecbplus, geoparsing, timebank

    root = folder or _EVAL
    found: dict[str, list[str]] = {}
    for name in ("lgl", "geovirus"):
        path = root / "geoparsing" / f"{name}.xml"
        if path.exists():
            found[name] = [article.text for article, _ in geoparsing.read_articles(str(path))]
    if (root / "timebank").exists():
        found["timebank"] = [timebank.read_tml(p)[0] for p in sorted((root / "timebank").glob("*.tml"))]
    if (root / "ecbplus").exists():
        found["ecbplus"] = [text for _, _, text in ecbplus._documents(root / "ecbplus", None)]
    return {name: [t for t in texts if t.strip()] for name, texts in found.items()}


def _general_texts(limit: int) -> list[str]:
    """An even share of each general benchmark, spread over each (every k-th text); else the conflict texts."""
    sources = general_sources()
    if not sources:
        return _conflict_texts(limit)
    share = max(limit // len(sources), 1)
    picks = [[texts[int(i * len(texts) / n)] for i in range(n)]
             for texts in sources.values() for n in [min(share, len(texts))]]
    # Round robin, so that every timed slice mixes the kinds of news.
    return [p[i] for i in range(max(map(len, picks))) for p in picks if i < len(p)]


def _spacy(texts: list[str]) -> float:
    """Seconds plain spaCy (the model's default pipeline) takes over the texts."""
    from .nlp import load

    nlp = load()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def _frontwire(texts: list[str]) -> float:
    """Seconds the frontwire event pipeline (prefilter, parse, time, geo, extract, merge) takes over the texts."""
    from .merge import merge
    from .pipeline import Report, analyze

    articles = [Article(id=f"bench-{i}", text=t, published="2020-01-15") for i, t in enumerate(texts)]
    start = time.perf_counter()
    merge(m for a in analyze(articles, Report(), prefilter=True) for m in a.mentions)
    return time.perf_counter() - start


def compare(texts: list[str]) -> dict[str, float]:
    """Articles per second of spaCy and of frontwire, timed in alternating slices of the same texts."""
    spacy_s = frontwire_s = 0.0
    for start in range(0, len(texts), SLICE):
        chunk = texts[start:start + SLICE]
        spacy_s += _spacy(chunk)
        frontwire_s += _frontwire(chunk)
    return {"spacy_aps": len(texts) / spacy_s, "frontwire_aps": len(texts) / frontwire_s}


def _rate_workers(texts: list[str], workers: int) -> float:
    """Articles per second with the texts split over `workers` processes (model load excluded)."""
    chunks = [texts[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_warm, range(workers)))
        start = time.perf_counter()
        list(pool.map(_frontwire, chunks))
        return len(texts) / (time.perf_counter() - start)


def _warm(_: int) -> None:
    """Load the model and gazetteer in a worker before timing starts."""
    _frontwire(["Warm-up text about troops in Paris."])


def prefilter_pass(texts: list[str]) -> dict[str, float]:
    """Share of the texts, and of their characters, that the prefilter sends to the parser."""
    from .prefilter import relevant

    passed = [t for t in texts if relevant(Article(id="bench", text=t))]
    return {"texts": round(len(passed) / len(texts), 3) if texts else 0.0,
            "chars": round(sum(map(len, passed)) / sum(map(len, texts)), 3) if texts else 0.0}


def run(quick: bool = False) -> dict[str, Any]:
    """Measure and return the contract's figures plus the raw rates."""
    limit = 60 if quick else 300
    conflict, general = _conflict_texts(limit), _general_texts(limit)
    _frontwire(conflict[:2])  # load model and gazetteer before timing
    _spacy(general[:SLICE])  # and let spaCy warm its caches on the general side as well
    mixes = {"general": compare(general), "conflict": compare(conflict)}
    one = _rate_workers(conflict, 1)
    two = _rate_workers(conflict, 2) if (os.cpu_count() or 1) > 1 else 0.0
    figures = {f"{side}_{mix}_aps": round(rates[f"{side}_aps"], 2)
               for mix, rates in mixes.items() for side in ("spacy", "frontwire")}
    return {
        "general_ratio": round(mixes["general"]["frontwire_aps"] / mixes["general"]["spacy_aps"], 3),
        "conflict_ratio": round(mixes["conflict"]["frontwire_aps"] / mixes["conflict"]["spacy_aps"], 3),
        "speedup_2_workers": round(two / one, 3) if one else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "texts": {"general": len(general), "conflict": len(conflict)},
        "prefilter_pass": {"general": prefilter_pass(general), "conflict": prefilter_pass(conflict)},
        "workers_aps": {"1": round(one, 2), "2": round(two, 2)},
        **figures,
    }
