"""`serve` answering while `ingest` writes; two ingests on one database are in test_scale.py."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from collections import Counter

import pytest

from frontwire.store import open_store

PATHS = ("/api/stats", "/api/events?limit=1000", "/api/events.geojson?limit=50", "/api/stories", "/list")


def get(url: str) -> tuple[int, bytes]:
    """Status and body of a GET; an HTTP error is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_concurrency_serve_answers_while_ingest_writes(cli, serve, corpus_70, backend, request, db_url):
    url = db_url if backend == "sqlite" else request.getfixturevalue("pg_schema_url")()
    base = serve(url)
    env = {k: v for k, v in os.environ.items() if k != "FRONTWIRE_DB"}
    writer = subprocess.Popen([cli.exe, "ingest", str(corpus_70[0]), "--db", url], cwd=cli.cwd, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    statuses: Counter = Counter()
    counts = []
    while writer.poll() is None or not counts:
        for path in PATHS:
            status, body = get(base + path)
            statuses[status] += 1
            assert status == 200, (path, body[:500])
            if path != "/list":
                data = json.loads(body)
                if path == "/api/stats":
                    counts.append(data["articles"])
                elif path.startswith("/api/events?"):
                    ids = [e["event_id"] for e in data["events"]]
                    assert len(ids) == len(set(ids))  # each event once on a page, even mid-write
    assert writer.wait(600) == 0, writer.stderr.read()
    writer.stderr.close()
    counts.append(json.loads(get(base + "/api/stats")[1])["articles"])  # after the last commit
    assert counts == sorted(counts) and counts[-1] == 70  # the count only grows, batch by batch
    assert len(statuses) == 1 and sum(statuses.values()) >= len(PATHS)
    status, body = get(base + "/api/events?limit=1000")
    with open_store(url) as store:
        assert {e["event_id"] for e in json.loads(body)["events"]} == {e.event_id for e in store.all_events()}
