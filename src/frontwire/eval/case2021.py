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


def per_label(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of every label that is gold or predicted."""
    support = Counter(gold)
    out = {}
    for label in sorted(set(gold) | set(predicted)):
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / support[label] if support[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                      "support": support[label]}
    return out


def scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Accuracy, macro F1 and weighted F1 over the gold labels."""
    labels = sorted(set(gold))
    support = Counter(gold)
    f1s = {label: figures["f1"] for label, figures in per_label(gold, predicted).items() if label in support}
    total = len(gold) or 1
    return {
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / total, 4),
        "macro_f1": round(sum(f1s.values()) / (len(labels) or 1), 4),
        "weighted_f1": round(sum(f1s[label] * support[label] for label in labels) / total, 4),
    }


def confusion(gold: list[str], predicted: list[str]) -> dict[str, dict[str, int]]:
    """Gold label -> predicted label -> count, errors and hits alike."""
    table: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(Counter(zip(gold, predicted)).items()):
        table.setdefault(g, {})[p] = n
    return table


# The shared task's smaller label sets: the 25 ACLED sub-event types alone, then with the three unseen types
# organised crime and the two disasters (28); the full set (30) adds diplomacy and attribution. Each setting scores
# the snippets of its labels, and a system that knows only those labels never answers another.
SETTINGS = {"25": frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"}),
            "28": frozenset({"DIPLO", "ATTRIB"})}


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Classify every snippet and score against the gold labels, with per-label figures and a confusion table,
    and the figures of the 25- and 28-label settings."""
    from ..commands import typings
    from ..eventtype import case_label

    rows = _rows(path)[:limit] if limit else _rows(path)
    gold = [g for _, _, g in rows]
    typed = typings([snippet for _, snippet, _ in rows])
    predicted = [case_label(text, rule, probs) for (_, text, _), (rule, probs) in zip(rows, typed)]
    settings = {}
    for name, excluded in SETTINGS.items():
        kept = [i for i, g in enumerate(gold) if g not in excluded]
        settings[name] = {"snippets": len(kept), **scores(
            [gold[i] for i in kept], [case_label(rows[i][1], *typed[i], exclude=excluded) for i in kept])}
    errors = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return {"snippets": len(rows), **scores(gold, predicted), "settings": settings,
            "per_label": per_label(gold, predicted), "confusion": confusion(gold, predicted),
            "top_confusions": [[g, p, n] for (g, p), n in errors.most_common(15)]}
