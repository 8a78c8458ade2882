"""Fit and check `confidence`: how often an extracted event is real, by what the extraction knew.

    .venv/bin/python scripts/calibrate_confidence.py            # reliability of the current scores
    .venv/bin/python scripts/calibrate_confidence.py --fit      # print new weights for data/confidence.toml

An event counts as right when it matches an event of our own gold (src/frontwire/data/samples_gold.toml,
tests/articles/GOLD.toml) with the same ACLED event type. The weights are naive-Bayes log-odds with
add-k smoothing (k chosen by leave-one-out Brier score; features seen on fewer than five events weigh nothing) over the features `confidence.confidence_features`
gives, fitted on our gold only; the
CASE 2021 development snippets (when beside the checkout) are scored, never fitted: a snippet's event is
right when its event type is that of the snippet's label.
"""

from __future__ import annotations

import argparse
import json
import math
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = [("src/frontwire/data/samples", "src/frontwire/data/samples_gold.toml"),
        ("tests/articles", "tests/articles/GOLD.toml")]


def gold_items() -> list[tuple[dict, float, bool]]:
    """(features, confidence, right) of every event extracted from our gold articles."""
    from frontwire import confidence as ex
    from frontwire.eval import gold as scoring
    from frontwire.pipeline import extract

    seen: dict[tuple[str, int], dict] = {}
    original = ex.confidence_features

    def spy(mention, strength):
        features = original(mention, strength)
        seen[(scoring._key(mention.source.article_id), mention.source.start)] = features
        return features

    ex.confidence_features = spy
    items = []
    try:
        for folder, gold_file in GOLD:
            truth = tomllib.loads((ROOT / gold_file).read_text("utf-8"))
            inputs = [str(p) for p in sorted((ROOT / folder).iterdir()) if p.suffix in (".txt", ".html", ".jsonl")]
            events = extract(inputs).events
            right = _right_events(events, truth)
            for event in events:
                first = event.sources[0]
                features = seen.get((scoring._key(first.article_id), first.start), {})
                items.append((features, event.confidence, event.event_id in right))
    finally:
        ex.confidence_features = original
    return items


def _right_events(events, truth: dict) -> set[str]:
    """Ids of the events that match a gold event of the same type (the scorer's matching)."""
    from frontwire.eval import gold as scoring

    by_article: dict[str, list] = {}
    for event in events:
        for source in event.sources:
            by_article.setdefault(scoring._key(source.article_id), []).append(event)
    right: set[str] = set()
    for key, entry in truth.items():
        for item in entry.get("events", []):
            event = scoring._match(item, [e for e in by_article.get(key, []) if e.event_id not in right])
            if event is not None and event.event_type == item["event_type"]:
                right.add(event.event_id)
    return right


def case_items() -> list[tuple[dict, float, bool]]:
    """(features, confidence, right) of the CASE 2021 snippets that yield an event (measurement only)."""
    from frontwire import extract as ex
    from frontwire.eval.case2021 import _rows
    from frontwire.lexicon import lexicon
    from frontwire.models import Article
    from frontwire.nlp import load

    path = ROOT.parent / "shared" / "eval" / "case2021-task2"
    if not path.exists():
        return []
    lex = lexicon()
    label_type = {lex.case_labels[sub.sub_event_type]: sub.event_type for sub in lex.sub_events}
    rows = _rows(str(path))
    items = []
    for (_, text, label), doc in zip(rows, load().pipe([r[1] for r in rows], batch_size=32)):
        mentions = ex.extract_mentions(Article(id="snippet", text=text), doc, [], [])
        if mentions:
            m = mentions[0]
            items.append(({}, m.confidence, label_type.get(label) == m.event_type))
    return items


# A feature seen on fewer events than this (or missing from fewer) is too rare in our gold to weigh.
MIN_SUPPORT = 5


def fit(items: list[tuple[dict, float, bool]], smoothing: float) -> dict[str, float]:
    """Naive-Bayes log-odds weights with add-k smoothing: a bias and one weight per true feature."""
    good = [f for f, _, ok in items if ok]
    bad = [f for f, _, ok in items if not ok]
    weights = {"bias": math.log((len(good) + smoothing) / (len(bad) + smoothing))}
    for name in sorted({k for f, _, _ in items for k in f}):
        on = sum(1 for f, _, _ in items if f.get(name))
        if min(on, len(items) - on) < MIN_SUPPORT:
            continue  # never varies, or too rarely to say anything: weight 0
        p_good = (sum(1 for f in good if f.get(name)) + smoothing) / (len(good) + 2 * smoothing)
        p_bad = (sum(1 for f in bad if f.get(name)) + smoothing) / (len(bad) + 2 * smoothing)
        weights[name] = round(math.log(p_good / p_bad) - math.log((1 - p_good) / (1 - p_bad)), 3)
        weights["bias"] += math.log((1 - p_good) / (1 - p_bad))
    weights["bias"] = round(weights["bias"], 3)
    return weights


def _score(weights: dict[str, float], features: dict) -> float:
    """The confidence these weights give (as extract.confidence computes it)."""
    total = weights["bias"] + sum(weights.get(name, 0.0) for name, on in features.items() if on)
    return min(0.95, max(0.05, 1 / (1 + math.exp(-total))))


def choose_smoothing(items: list[tuple[dict, float, bool]]) -> tuple[float, float]:
    """The smoothing k with the lowest leave-one-out Brier score on our gold, and that score."""
    best = None
    for smoothing in (1, 2, 4, 8, 16, 32, 64):
        errors = [(_score(fit(items[:i] + items[i + 1:], smoothing), f) - ok) ** 2 for i, (f, _, ok) in enumerate(items)]
        loo = sum(errors) / len(errors)
        if best is None or loo < best[1]:
            best = (smoothing, loo)
    return best[0], round(best[1], 4)


def reliability(items: list[tuple[dict, float, bool]]) -> dict:
    """Brier score, and the share of right events in each band of confidence."""
    if not items:
        return {}
    brier = sum((c - ok) ** 2 for _, c, ok in items) / len(items)
    bands = {}
    for low in (0.0, 0.5, 0.6, 0.7, 0.8, 0.9):
        high = low + (0.5 if low == 0 else 0.1)
        inside = [(c, ok) for _, c, ok in items if low <= c < high or (low == 0.9 and c >= 1)]
        if inside:
            bands[f"{low:.1f}"] = {"n": len(inside), "right": round(sum(ok for _, ok in inside) / len(inside), 3),
                                   "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3)}
    return {"n": len(items), "right": round(sum(ok for _, _, ok in items) / len(items), 3),
            "brier": round(brier, 4), "bands": bands}


def main() -> None:
    """Print the reliability of the current confidence (and with --fit, the fitted weights)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    items = gold_items()
    out = {"own_gold": reliability(items), "case2021": reliability(case_items())}
    if args.fit:
        smoothing, loo = choose_smoothing(items)
        out["smoothing"], out["leave_one_out_brier"], out["weights"] = smoothing, loo, fit(items, smoothing)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
