"""Score `extract` against a gold file written in the project's own format (samples_gold.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..models import Event

FIELDS = ("event_type", "sub_event_type", "event_date", "location", "fatalities", "actor1", "actor2")


def _key(article_id: str) -> str:
    """Gold key of an article: a file's name, or a JSONL object's id."""
    return Path(article_id).name


def _match(gold: dict[str, Any], events: list[Event]) -> Event | None:
    """The extracted event of this article that fits the gold event best (same type, then same day)."""
    def score(event: Event) -> tuple:
        return (event.event_type == gold["event_type"], event.event_date == gold["event_date"],
                (event.location or "").lower() == gold["location"].lower(), event.sub_event_type == gold["sub_event_type"])
    candidates = [e for e in events if e.event_type == gold["event_type"] or e.event_date == gold["event_date"]]
    return max(candidates, key=score, default=None)


def _same(name: str, ours: Any, gold: Any) -> bool:
    """Field agreement; actor names agree when one is the other without its qualifier."""
    ours, gold = str(ours).lower(), str(gold).lower()
    if name.startswith("actor"):
        ours, gold = ours.split(" (")[0].split(" - ")[0], gold.split(" (")[0].split(" - ")[0]
        return ours.startswith(gold) or gold.startswith(ours)
    return ours == gold


SAME_PLACE_KM = 5.0  # two points this close are one town, whatever each source calls it


def same_location(event: Event, gold: dict[str, Any], name: Any) -> bool:
    """Does the event's place agree with the gold's, compared by place where the gold's name allows?

    Gold names are spellings (`Bartella`, `North Darfur`) that GeoNames writes otherwise (`Bartalah`,
    `Northern Darfur`): a gold name counts as ours when one of its gazetteer readings in the gold's country is
    our place (same id, a point within SAME_PLACE_KM, or the region itself). Both ways: the same name in
    another country (Solhan in Turkey for Solhan in Burkina Faso) is another place.
    """
    from ..gazetteer import Gazetteer, fold, haversine_km

    if event.location is None or name is None:
        return event.location is None and name is None
    gazetteer = Gazetteer.default()
    nation = gazetteer.country(gold["country"]) if gold.get("country") else None
    if nation is not None and event.iso3 and event.iso3 != nation.iso3:
        return False
    if fold(event.location) == fold(str(name)):
        return True
    ours = _point(event) if event.latitude is not None and event.longitude is not None else None
    for place in gazetteer.lookup(str(name)):
        if nation is not None and place.iso2 != nation.iso2:
            continue
        if place.geonameid is not None and place.geonameid == event.geonameid:
            return True
        if place.feature_code in ("ADM1", "ADM2") and fold(place.name) == fold(event.location):
            return True
        if ours is not None and place.latitude is not None and haversine_km(place, ours) <= SAME_PLACE_KM:
            return True
    return False


def _point(event: Event) -> Any:
    from ..models import Place

    return Place(event.location or "", event.latitude, event.longitude, event.geonameid, None, None, None)


def _story_items(item: dict[str, Any], event: Event, gold: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(published, gold item) of every report merged into `event` that codes the same story as `item`."""
    story = item.get("story")
    found = []
    for source in event.sources if story else ():
        for other in gold.get(_key(source.article_id), {}).get("events", []):
            if other.get("story") == story:
                found.append((source.published or "", other))
    return found


def merged_value(name: str, item: dict[str, Any], event: Event, gold: dict[str, Any]) -> Any:
    """What a field of a merged event should be, given the gold of every report merged into it.

    Gold is coded per article. When reports of one story merge, ACLED revises the toll to the latest
    report's (the lowest among equally late ones), and an actor one report names replaces another
    report's unidentified group; so that is what the merged event is scored against.
    """
    items = _story_items(item, event, gold)
    if name == "fatalities":
        tolls = [(day, -other["fatalities"]) for day, other in items if other.get("fatalities") is not None]
        return -max(tolls)[1] if tolls else item.get(name)
    if name.startswith("actor") and str(item.get(name) or "").startswith("Unidentified"):
        named = {other[name] for _, other in items if other.get(name) and not other[name].startswith("Unidentified")}
        return named.pop() if len(named) == 1 else item.get(name)
    return item.get(name)


def ours(name: str, item: dict[str, Any], event: Event, gold: dict[str, Any]) -> Any:
    """The event's value of a field, a battle's two sides read in the gold's order: ACLED gives the order of
    actors no meaning outside violence against civilians, whose victims are actor 2."""
    if name in ("actor1", "actor2") and event.event_type == "Battles":
        want1, want2 = merged_value("actor1", item, event, gold), merged_value("actor2", item, event, gold)
        if not (_same("actor1", event.actor1, want1) and _same("actor2", event.actor2, want2)) \
                and _same("actor1", event.actor2, want1) and _same("actor2", event.actor1, want2):
            return event.actor2 if name == "actor1" else event.actor1
    return getattr(event, name)


def score(events: list[Event], gold: dict[str, Any]) -> dict[str, Any]:
    """Recall and precision of events per article, field accuracy over matched events."""
    by_article: dict[str, list[Event]] = {}
    for event in events:
        for source in event.sources:
            by_article.setdefault(_key(source.article_id), []).append(event)
    matched, expected, field_hits, used = 0, 0, dict.fromkeys(FIELDS, 0), set()
    clean = [k for k, v in gold.items() if not v.get("events")]
    for key, entry in gold.items():
        for item in entry.get("events", []):
            expected += 1
            event = _match(item, [e for e in by_article.get(key, []) if (key, e.event_id) not in used])
            if event is None:
                continue
            matched += 1
            used.add((key, event.event_id))
            for name in FIELDS:
                value = merged_value(name, item, event, gold)
                field_hits[name] += (same_location(event, item, value) if name == "location"
                                     else _same(name, ours(name, item, event, gold), value))
    extracted = sum(len(v) for v in by_article.values())
    spare = sorted({e.event_id for k, v in by_article.items() for e in v if (k, e.event_id) not in used})
    return {
        "gold_events": expected, "extracted": extracted, "matched": matched,
        "recall": round(matched / expected, 3) if expected else 0.0,
        "precision": round(len(used) / extracted, 3) if extracted else 0.0,
        "false_in_nonconflict": sum(len(by_article.get(k, [])) for k in clean),
        "field_accuracy": {k: round(v / matched, 3) if matched else 0.0 for k, v in field_hits.items()},
        "unmatched_event_ids": spare,
    }


def evaluate(path: str, gold: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Extract events from the articles under `path` and score them against the gold TOML."""
    from ..pipeline import extract

    folder = Path(path)
    gold_file = Path(gold) if gold else (folder.parent / "samples_gold.toml" if (folder.parent / "samples_gold.toml").exists()
                                          else folder / "GOLD.toml")
    truth = tomllib.loads(gold_file.read_text("utf-8"))
    inputs = [str(p) for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html", ".htm", ".jsonl")]
    report = extract(inputs[:limit] if limit else inputs)
    return score(report.events, truth)
