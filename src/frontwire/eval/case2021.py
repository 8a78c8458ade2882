"""CASE 2021 task 2: fine-grained event classification of news snippets."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any


def _rows(path: str) -> list[tuple[str, str, str]]:
    """(id, snippet, gold label) rows of the TSV (a folder means its dev.tsv)."""
    file = Path(path) / "dev.tsv" if Path(path).is_dir() else Path(path)
    with open(file, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["id"], r["EventSnippet"], r["SubType"]) for r in reader]


def scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Accuracy, macro F1 and weighted F1 over the gold labels."""
    labels = sorted(set(gold))
    support = Counter(gold)
    f1s = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
        fn = support[label] - tp
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = len(gold) or 1
    return {
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / total, 4),
        "macro_f1": round(sum(f1s.values()) / (len(labels) or 1), 4),
        "weighted_f1": round(sum(f1s[label] * support[label] for label in labels) / total, 4),
    }


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Classify every snippet and score against the gold labels."""
    from ..commands import classify_texts

    rows = _rows(path)[:limit] if limit else _rows(path)
    predicted = classify_texts([snippet for _, snippet, _ in rows])
    return {"snippets": len(rows), **scores([g for _, _, g in rows], predicted)}
