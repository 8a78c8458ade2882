"""Crash safety: `ingest` killed with SIGKILL at random points, then re-run: every article and event exactly once."""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontwire.store import open_store

SEED = 9  # the kill points are random, but the same on every run
# Three kills, each once the store holds a random number of articles in its range (one batch is 32).
KILL_RANGES = ((10, 90), (100, 180), (190, 270))

# The real CLI with a fault: SIGKILL inside the write transaction of batch FAULT_BATCH, after its rows
# went in and before the commit (SQLite: after the upserts; PostgreSQL: after DELETE FROM events).
_FAULTY_CLI = """
import os, signal, sys
import psycopg
from frontwire.store.sqlite import SQLiteStore
from frontwire.cli import main

batches = [0]
def fault():
    batches[0] += 1
    if batches[0] == int(os.environ["FAULT_BATCH"]):
        os.kill(os.getpid(), signal.SIGKILL)

delete_events = SQLiteStore._delete_events
def faulty_delete(self, conn, ids):
    delete_events(self, conn, ids)
    fault()
SQLiteStore._delete_events = faulty_delete

executemany = psycopg.Cursor.executemany
def faulty_executemany(self, query, params_seq, **kwargs):
    executemany(self, query, params_seq, **kwargs)
    if str(query).startswith("DELETE FROM events"):
        fault()
psycopg.Cursor.executemany = faulty_executemany

sys.argv[0] = "frontwire"
main()
"""


def stored_articles(url: str) -> int:
    """Articles the store holds now; 0 while it is not created yet."""
    try:
        with open_store(url, migrate=False) as store:
            return store.stats()["articles"]
    except Exception:  # noqa: BLE001 - no tables yet, or the file is being created
        return 0


def marked_processes(marker: str) -> list[int]:
    """Pids of the processes whose environment holds `marker` (the ingest and its workers)."""
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and marker.encode() in Path(f"/proc/{entry}/environ").read_bytes():
                pids.append(int(entry))
        except OSError:
            continue
    return pids


def wait_until_gone(marker: str, timeout_s: float = 15) -> list[int]:
    """Wait for every marked process to end; the pids still alive after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while (alive := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


def kill_during_ingest(cli, corpus: Path, url: str, rng: random.Random) -> list[int]:
    """Start `ingest` three times and SIGKILL each once the store holds a random number of articles."""
    codes = []
    for number, (low, high) in enumerate(KILL_RANGES):
        marker = f"FRONTWIRE_CRASH_RUN={secrets.token_hex(8)}"
        env = {k: v for k, v in os.environ.items() if k != "FRONTWIRE_DB"} | dict([marker.split("=")])
        workers = "2" if number == 0 else "1"  # the first kill also hits a pool of worker processes
        target, delay = rng.randrange(low, high), rng.uniform(0, 1.5)
        process = subprocess.Popen([cli.exe, "ingest", str(corpus), "--db", url, "--workers", workers],
                                   cwd=cli.cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while process.poll() is None and stored_articles(url) < target and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(delay)  # so that some kills land inside a batch's analysis or its write
        process.send_signal(signal.SIGKILL)
        process.wait(60)
        codes.append(process.returncode)
        assert wait_until_gone(marker) == [], "processes outlived the killed ingest"
    return codes


def check_consistent(url: str) -> dict:
    """Every event once with sources pointing into stored articles; every mention's article stored."""
    with open_store(url) as store:
        events = list(store.all_events())
        assert len({e.event_id for e in events}) == len(events)
        for event in events:
            keys = [(s.article_hash, s.start, s.end) for s in event.sources]
            assert keys and len(set(keys)) == len(keys), event.event_id
            for source in event.sources:
                article = store.article(source.article_hash)
                assert article is not None and article["text"][source.start:source.end] == source.sentence
        hashes = {row[0] for row in store._conn.execute("SELECT DISTINCT article_hash FROM mentions").fetchall()}
        assert store.known_articles(hashes) == hashes
        stats = store.stats()
        assert stats["events"] == len(events) and stats["sources"] == sum(len(e.sources) for e in events)
        if url.startswith("sqlite:///"):
            conn = store._conn
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {"events": [e.to_dict() for e in events], "stats": stats}


def run_to_the_end_twice(cli, corpus: Path, url: str) -> dict:
    """A re-run after the crashes completes the batch; a third run changes nothing."""
    rerun = cli("ingest", str(corpus), "--db", url)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    state = check_consistent(url)
    third = cli("ingest", str(corpus), "--db", url)
    assert third.returncode == 0 and json.loads(third.stdout)["new_articles"] == 0
    assert check_consistent(url) == state
    return state


def _kill9_then_rerun(cli, corpus_300: Path, reference: dict, url: str) -> None:
    codes = kill_during_ingest(cli, corpus_300, url, random.Random(SEED))
    assert codes.count(-signal.SIGKILL) >= 2, codes  # the kills really interrupted the batch
    assert stored_articles(url) > 0
    check_consistent(url)
    assert run_to_the_end_twice(cli, corpus_300, url) == reference


@pytest.mark.slow
def test_crash_kill9_at_random_points_then_rerun_sqlite(cli, corpus_300, corpus_300_reference, db_url):
    _kill9_then_rerun(cli, corpus_300, corpus_300_reference, db_url)


@pytest.mark.slow
@pytest.mark.postgres
def test_crash_kill9_at_random_points_then_rerun_postgres(cli, corpus_300, corpus_300_reference, pg_schema_url):
    _kill9_then_rerun(cli, corpus_300, corpus_300_reference, pg_schema_url())


# ---------------------------------------------------------------- a kill inside the write transaction

@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_crash_kill_inside_the_write_transaction_loses_only_that_batch(cli, corpus_70, backend, request, db_url):
    corpus, clean_url = corpus_70
    clean = check_consistent(clean_url)
    url = db_url if backend == "sqlite" else request.getfixturevalue("pg_schema_url")()
    env = {k: v for k, v in os.environ.items() if k != "FRONTWIRE_DB"} | {"FAULT_BATCH": "2"}
    crashed = subprocess.run([sys.executable, "-c", _FAULTY_CLI, "ingest", str(corpus), "--db", url],
                             cwd=cli.cwd, env=env, capture_output=True, text=True, timeout=600)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]
    assert stored_articles(url) == 32  # batch 1 committed, batch 2 rolled back whole
    check_consistent(url)
    assert run_to_the_end_twice(cli, corpus, url) == clean
