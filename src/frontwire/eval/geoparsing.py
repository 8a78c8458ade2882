"""Geoparsing benchmark (LGL, GeoVirus): toponym recognition F1 and resolution accuracy within 161 km."""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Iterator

from frontwire.models import Article, Place, Toponym

ACCURACY_KM = 161.0  # 100 miles, the customary threshold (Gritta et al.)


@dataclass(frozen=True)
class GoldToponym:
    """One annotated place name; coordinates are None where the annotators gave none."""

    start: int
    end: int
    phrase: str
    latitude: float | None
    longitude: float | None


def _float(node: ET.Element | None) -> float | None:
    try:
        return float(node.text) if node is not None and node.text else None
    except ValueError:
        return None


def _anchor(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """The gold span, moved onto its phrase where XML newline normalisation shifted the offsets."""
    if not phrase or text[start:end] == phrase:
        return start, end
    hits = list(_find_all(text, phrase))
    if not hits:
        return start, end
    best = min(hits, key=lambda i: abs(i - start))
    return best, best + len(phrase)


def _find_all(text: str, phrase: str) -> Iterator[int]:
    i = text.find(phrase)
    while i >= 0:
        yield i
        i = text.find(phrase, i + 1)


def read_articles(path: str) -> Iterator[tuple[Article, list[GoldToponym]]]:
    """Articles of an LGL (`<toponyms>`) or GeoVirus (`<locations>`) file with their gold toponyms."""
    root = ET.parse(path).getroot()
    for n, node in enumerate(root.iter("article")):
        text = node.findtext("text") or ""
        gold = []
        for item in list(node.iter("toponym")) + list(node.iter("location")):
            phrase = item.findtext("phrase") or item.findtext("name") or ""
            start, end = _anchor(text, int(item.findtext("start")), int(item.findtext("end")), phrase)
            tag = item.find("gaztag")
            coords = tag if tag is not None else item
            gold.append(GoldToponym(start, end, phrase, _float(coords.find("lat")), _float(coords.find("lon"))))
        ident = node.get("docid") or node.findtext("source") or str(n)
        yield Article(id=f"{ident}#{n}", text=text, title=node.findtext("title")), gold


def _match(gold: list[GoldToponym], predicted: list[Toponym]) -> list[tuple[GoldToponym, Toponym]]:
    """One-to-one pairs of overlapping spans, in text order."""
    pairs, used = [], set()
    for g in sorted(gold, key=lambda g: g.start):
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def _distance(gold: GoldToponym, place: Place) -> float:
    from frontwire.gazetteer import haversine_km

    here = Place("", gold.latitude, gold.longitude, None, None, None, None)
    return haversine_km(here, place)


def score(results: list[tuple[list[GoldToponym], list[Toponym]]]) -> dict[str, Any]:
    """Recognition precision/recall/F1 and resolution accuracy of predictions against gold."""
    n_gold = n_pred = n_match = 0
    errors: list[float] = []
    for gold, predicted in results:
        pairs = _match(gold, predicted)
        n_gold, n_pred, n_match = n_gold + len(gold), n_pred + len(predicted), n_match + len(pairs)
        for g, p in pairs:
            if g.latitude is None or g.longitude is None:
                continue
            # An abstention on a recognised toponym counts as a miss (infinitely far).
            ok = p.place is not None and p.place.latitude is not None
            errors.append(_distance(g, p.place) if ok else float("inf"))
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(e <= ACCURACY_KM for e in errors)
    return {
        "gold": n_gold, "predicted": n_pred, "matched": n_match,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "resolved": len(errors), "abstained": sum(e == float("inf") for e in errors),
        "acc_161": round(within / len(errors), 4) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def evaluate(path: str, limit: int | None = None, model: str | None = None,
             demonyms: bool | None = None) -> dict[str, Any]:
    """Parse and geoparse every article of `path` (the first `limit` ones if given) and score them.

    Nationality words count as toponyms where the benchmark annotates them: LGL does, GeoVirus does not
    (`demonyms=None` follows the file's format).
    """
    from frontwire.gazetteer import Gazetteer
    from frontwire.geo import geoparse
    from frontwire.nlp import load

    nlp = load(model)
    gazetteer = Gazetteer.default()
    pairs = list(read_articles(path))[:limit]
    if demonyms is None:
        demonyms = _annotates_demonyms(path)
    results, geo_seconds, started = [], 0.0, time.perf_counter()
    for doc, (article, gold) in zip(nlp.pipe((a.text for a, _ in pairs), batch_size=16), pairs):
        tick = time.perf_counter()
        toponyms = geoparse(doc, article, gazetteer)
        geo_seconds += time.perf_counter() - tick
        results.append((gold, [t for t in toponyms if demonyms or t.role != "demonym"]))
    parse_seconds = time.perf_counter() - started - geo_seconds
    # Geocoding's cost next to the spaCy parse of the same articles, measured in the same run.
    timing = {"parse_seconds": round(parse_seconds, 2), "geo_seconds": round(geo_seconds, 2),
              "geo_share": round(geo_seconds / parse_seconds, 4) if parse_seconds > 0 else None}
    return {"articles": len(pairs), "demonyms": demonyms, **score(results), **timing}


def _annotates_demonyms(path: str) -> bool:
    """LGL's `<toponym>` files mark adjectives such as `Iraqi`; GeoVirus' `<location>` files do not."""
    for _, node in ET.iterparse(path):
        if node.tag in ("toponym", "location"):
            return node.tag == "toponym"
    return True
