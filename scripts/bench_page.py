"""Measure the page's first render with 10k events in headless Chromium, and the API's filtered page from 100k.

Usage: .venv/bin/python scripts/bench_page.py [--page-events 10000] [--api-events 100000] [--repeat 20]
Prints one JSON object. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from frontwire.lexicon import TAXONOMY
from frontwire.models import Article, Event, Source
from frontwire.store import open_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--headless"]
PLACES = [("Iraq", "IRQ", "Ninawa", "Mosul", 36.34, 43.13), ("Syria", "SYR", "Aleppo", "Aleppo", 36.2, 37.16),
          ("Afghanistan", "AFG", "Kabul", "Kabul", 34.53, 69.17), ("Yemen", "YEM", "Taizz", "Taizz", 13.58, 44.02),
          ("Nigeria", "NGA", "Borno", "Maiduguri", 11.85, 13.16), ("Ukraine", "UKR", "Donetsk", "Donetsk", 48.0, 37.8),
          ("Somalia", "SOM", "Banaadir", "Mogadishu", 2.04, 45.34), ("Mali", "MLI", "Mopti", "Mopti", 14.49, -4.2)]


def synthetic_events(count: int, seed: int = 7) -> tuple[Article, list[Event]]:
    """`count` plausible events spread over eight countries and three years, all citing one article."""
    rng = random.Random(seed)
    text = "Synthetic report used by the page benchmark."
    article = Article(id="bench.txt", text=text, title="Bench", url=None, published="2018-01-01", source="Bench",
                      language="en")
    source = Source("bench.txt", "Bench", None, "2018-01-01", text, 0, len(text), article.hash)
    types = [(kind, sub) for kind, subs in TAXONOMY.items() for sub in subs]
    events = []
    for i in range(count):
        country, iso3, admin1, location, lat, lon = rng.choice(PLACES)
        kind, sub = rng.choice(types)
        deaths = rng.choice([0, 0, 1, 2, 3, 5, 10, 25])
        day = f"{rng.randint(2016, 2018)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(Event(
            f"bench-{i:06d}", day, 1, kind, sub, f"Actor {i % 40}", None, None, None, 1, None, 10, False, country,
            iso3, admin1, None, location, lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5), None, 2,
            deaths, deaths, deaths, f"Synthetic event {i} near {location}.", (source,), 0.5))
    return article, events


def build_db(path: Path, count: int) -> str:
    """A SQLite database of `count` synthetic events; returns its URL."""
    url = f"sqlite:///{path}"
    article, events = synthetic_events(count)
    with open_store(url) as store:
        for start in range(0, count, 5000):
            store.write_batch([article] if start == 0 else [], [], events[start:start + 5000])
    return url


def serve(url: str) -> tuple[subprocess.Popen, str]:
    """Start `frontwire serve` on a free port and wait until it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = str(Path(sys.executable).with_name("frontwire"))
    env = {k: v for k, v in os.environ.items() if k not in ("FRONTWIRE_TOKEN", "FRONTWIRE_DB")}
    process = subprocess.Popen([exe, "serve", "--db", url, "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            urllib.request.urlopen(base + "/api/events?limit=1", timeout=5).close()
            return process, base
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("frontwire serve did not start")


def time_api(base: str, repeat: int) -> dict[str, float]:
    """Median and p95 milliseconds of filtered pages of 100 (first page and a later page)."""
    query = "/api/events?country=Iraq&event_type=Battles&limit=100"
    first = json.load(urllib.request.urlopen(base + query))
    cases = {"filtered_first_page": query, "filtered_next_page": f"{query}&cursor={first['next']}",
             "text_query_page": "/api/events?q=synthetic+mosul&limit=100"}
    figures: dict[str, float] = {"returned": len(first["events"])}
    for name, path in cases.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            urllib.request.urlopen(base + path).read()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        figures[f"{name}_median_ms"] = round(statistics.median(times), 1)
        figures[f"{name}_p95_ms"] = round(times[int(len(times) * 0.95) - 1], 1)
    return figures


def time_page(base: str, runs: int) -> dict[str, float]:
    """Milliseconds from navigation to the page's ready state (all events loaded, map, timeline, list drawn)."""
    from playwright.sync_api import sync_playwright

    ready, markers = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(base + "/")
            page.wait_for_selector("body[data-state=ready]", timeout=120000)
            ready.append(float(page.get_attribute("body", "data-ready-ms")))
            markers = page.locator("#map [data-event-id], #map [data-cluster-count]").count()
            page.close()
        browser.close()
    return {"first_render_ms_median": statistics.median(ready), "first_render_ms_runs": ready,
            "map_elements": markers}


def main() -> None:
    """Build the two databases, measure, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-events", type=int, default=10_000)
    parser.add_argument("--api-events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--page-runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        page_url = build_db(Path(folder) / "page.db", options.page_events)
        api_url = build_db(Path(folder) / "api.db", options.api_events)
        result = {"page_events": options.page_events, "api_events": options.api_events}
        for url, measure in ((api_url, lambda b: time_api(b, options.repeat)),
                             (page_url, lambda b: time_page(b, options.page_runs))):
            process, base = serve(url)
            try:
                result |= measure(base)
            finally:
                process.terminate()
                process.wait()
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
