"""Merging new reports into a large store: seconds through the real write path (issue 6).

Fills a store with synthetic events (default 100,000) spread over three years, twenty countries and a
thousand towns, then ingests new mentions (default 1,000: half new reports of stored events, half new
events) as `ingest` does: `pipeline.remerge` and `Store.write_batch` under the merge lock. Prints one
JSON object; `incremental_s` is the figure. As a baseline measured in the same run, `full_merge_s` is
the time `merge` takes over every stored and new mention at once (what re-merging the whole store
would cost before any write). `--check` verifies that the store then holds exactly the events one merge
of all mentions gives.

    .venv/bin/python scripts/bench_merge.py [--events 100000] [--new 1000] [--db URL] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from frontwire.merge import merge
from frontwire.models import Mention, Place, Source
from frontwire.pipeline import remerge
from frontwire.store import open_store

COUNTRIES = ["IQ", "SY", "YE", "AF", "SO", "NG", "ML", "BF", "UA", "SD", "MM", "CD", "LY", "PK", "ET", "MZ",
             "CM", "NE", "CF", "KE"]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Strategic developments", "Arrests")]
START = dt.date(2019, 1, 1)
DAYS = 3 * 365
BATCH = 5000
# About 4% of random reports fall on a stored event (same day, town, type and an actor in common), so
# this many more reports than the wanted events are drawn.
DRAWS_PER_EVENT = 1.04


def places(rng: random.Random, per_country: int = 50) -> list[Place]:
    """Synthetic towns, each country's inside its own box of about 600 km."""
    towns = []
    for number, iso2 in enumerate(COUNTRIES):
        lat0, lon0 = -20 + 4 * number, -10 + 5 * number
        for town in range(per_country):
            towns.append(Place(f"Town {iso2}{town}", lat0 + rng.uniform(0, 6), lon0 + rng.uniform(0, 6),
                               10_000_000 + number * 1000 + town, f"Country {iso2}", iso2, iso2 + "X",
                               f"Province {iso2}{town % 5}", None, "PPL", 10_000))
    return towns


def report(rng: random.Random, article: str, towns: list[Place]) -> Mention:
    """One synthetic report: a random day, town, type and pair of actors."""
    place = rng.choice(towns)
    event_type, sub = rng.choice(TYPES)
    precision = rng.choices([1, 2, 3], [85, 10, 5])[0]
    day = START + dt.timedelta(days=rng.randrange(DAYS))
    deaths = rng.randrange(0, 30)
    published = (day + dt.timedelta(days=rng.randrange(0, 3))).isoformat()
    sentence = f"Report {article}: {sub.lower()} in {place.name} killed {deaths}."
    actors = [f"Armed Group {place.iso2}{i}" for i in range(4)]
    return Mention(source=Source(article, "Outlet", None, published, sentence, 0, len(sentence), article),
                   event_type=event_type, sub_event_type=sub, trigger="x", actor1=rng.choice(actors),
                   actor2=rng.choice(actors), inter1=2, inter2=2, fatalities_low=deaths, fatalities_high=deaths,
                   fatalities_known=True, event_date=day.isoformat(), time_precision=precision, place=place,
                   geo_precision=1, confidence=0.8)


def follow_up(rng: random.Random, article: str, of: Mention) -> Mention:
    """A later report of a stored event, by another outlet."""
    sentence = f"Report {article}: a follow-up of {of.source.article_id}."
    published = (dt.date.fromisoformat(of.source.published) + dt.timedelta(days=rng.randrange(1, 3))).isoformat()
    return replace(of, source=Source(article, "Other outlet", None, published, sentence, 0, len(sentence), article),
                   fatalities_low=of.fatalities_low + 1, fatalities_high=of.fatalities_high + 1)


def _fill(store, stored: list[Mention]) -> tuple[int, float]:
    """Write the stored mentions and their events in batches; (events, seconds)."""
    began = time.perf_counter()
    events = merge(stored)
    for at in range(0, max(len(stored), len(events)), BATCH):
        store.write_batch([], stored[at:at + BATCH], events[at:at + BATCH])
    return len(events), time.perf_counter() - began


def measure(n_events: int = 100_000, n_new: int = 1_000, db: str | None = None, seed: int = 20170628,
            check: bool = False) -> dict:
    """Fill a store, ingest new mentions incrementally, and return the figures."""
    rng = random.Random(seed)
    towns = places(rng)
    stored = [report(rng, f"s{i:07d}", towns) for i in range(round(n_events * DRAWS_PER_EVENT))]
    new = [follow_up(rng, f"n{i:07d}", rng.choice(stored)) if i % 2 else report(rng, f"n{i:07d}", towns)
           for i in range(n_new)]
    with tempfile.TemporaryDirectory() as scratch, open_store(db or f"sqlite:///{Path(scratch) / 'bench.db'}") as store:
        stored_events, fill_s = _fill(store, stored)
        began = time.perf_counter()
        with store.merge_lock():
            events, retired = remerge(store, new)
            merged_s = time.perf_counter() - began
            store.write_batch([], new, events, retired)
        incremental_s = time.perf_counter() - began
        began = time.perf_counter()
        everything = merge(stored + new)
        full_s = time.perf_counter() - began
        result = {"stored_mentions": len(stored), "stored_events": stored_events, "new_mentions": len(new),
                  "rebuilt_events": len(events), "retired_events": len(retired), "events_after": store.stats()["events"],
                  "fill_s": round(fill_s, 2), "remerge_s": round(merged_s, 3), "incremental_s": round(incremental_s, 3),
                  "full_merge_s": round(full_s, 2), "full_over_incremental": round(full_s / incremental_s, 1)}
        if check:
            result["same_as_one_merge"] = sorted(e.event_id for e in store.all_events()) == sorted(
                e.event_id for e in everything) and all(store.event(e.event_id).to_dict() == e.to_dict()
                                                        for e in everything)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="stored events to start from")
    parser.add_argument("--new", type=int, default=1_000, help="new mentions to merge in")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file; PostgreSQL must be empty)")
    parser.add_argument("--check", action="store_true", help="verify the store equals one merge of everything")
    args = parser.parse_args(argv)
    result = measure(args.events, args.new, args.db, check=args.check)
    print(json.dumps(result))
    return 0 if result.get("same_as_one_merge", True) else 1


if __name__ == "__main__":
    sys.exit(main())
