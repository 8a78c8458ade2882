"""TimeBank 1.2 (TempEval-3 TimeML): recognition and normalisation of DATE expressions against the gold TIMEX3s."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontwire.time import find_timexes


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3 of a document's text, with offsets into its plain text."""

    start: int
    end: int
    type: str
    value: str


def read_tml(path: str | Path) -> tuple[str, str | None, list[GoldTimex]]:
    """(plain text of TEXT, creation day YYYY-MM-DD or None, gold TIMEX3s of the text) of one .tml file."""
    root = ET.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = (timex.get("value") or "")[:10] or None
            break
    body = root.find("TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    if body is not None:
        _flatten(body, parts, gold, 0)
    return "".join(parts), dct, gold


def _flatten(element: ET.Element, parts: list[str], gold: list[GoldTimex], offset: int) -> int:
    """Append the element's text to `parts`, recording the TIMEX3 spans; returns the offset after it."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, parts, gold, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        gold.append(GoldTimex(start, offset, element.get("type", ""), element.get("value", "")))
    return offset


def _match(gold: list[GoldTimex], predicted: list[tuple[int, int, str]]) -> list[tuple[GoldTimex, str]]:
    """One-to-one pairs of overlapping gold and predicted spans, in text order."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        for i, (start, end, value) in enumerate(predicted):
            if i not in used and start < g.end and g.start < end:
                used.add(i)
                pairs.append((g, value))
                break
    return pairs


def _ratio(a: float, b: float) -> float:
    """a / b, 0 when b is 0."""
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall."""
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(path: str, limit: int | None = None, part: tuple[int, int] | None = None) -> dict[str, Any]:
    """Span and value scores of `find_timexes` on the DATE expressions of the .tml files in folder `path`.

    `part=(i, n)` scores only every n-th file of the sorted names from the i-th: the folds of a document-level
    cross-validation ((0, 2) and (1, 2) are the two halves a resolver change must not hurt).
    """
    files = sorted(Path(path).glob("*.tml"))[:limit]
    if part is not None:
        files = files[part[0]::part[1]]
    n_gold = n_pred = n_match = n_value = 0
    for file in files:
        text, dct, gold = read_tml(file)
        gold_dates = [g for g in gold if g.type == "DATE"]
        predicted = [(t.start, t.end, t.value) for t in find_timexes(text, dct) if t.type == "DATE"]
        pairs = _match(gold_dates, predicted)
        n_gold += len(gold_dates)
        n_pred += len(predicted)
        n_match += len(pairs)
        n_value += sum(1 for g, value in pairs if g.value == value)
    span_p, span_r = _ratio(n_match, n_pred), _ratio(n_match, n_gold)
    value_p, value_r = _ratio(n_value, n_pred), _ratio(n_value, n_gold)
    return {
        "documents": len(files), "gold": n_gold, "predicted": n_pred,
        "span_precision": round(span_p, 4), "span_recall": round(span_r, 4), "span_f1": round(_f1(span_p, span_r), 4),
        "value_accuracy": round(_ratio(n_value, n_match), 4), "value_f1": round(_f1(value_p, value_r), 4),
    }
