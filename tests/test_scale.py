"""Multi-process ingest: the same events and ids for any partitioning, and concurrent ingests that agree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from frontwire.pipeline import ingest
from frontwire.scale import ingest_parallel
from frontwire.store import open_store


def _events(store) -> list[dict]:
    return [e.to_dict() for e in store.all_events()]


@pytest.fixture(scope="module")
def reference(samples: Path, tmp_path_factory, nlp) -> tuple[list[dict], dict]:
    """Events and counts of one single-process ingest of the sample corpus."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'one.db'}"
    with open_store(url) as store:
        ingest([str(samples)], store)
        return _events(store), store.stats()


@pytest.mark.parametrize("workers, batch_size", [(1, 5), (2, 3)])
def test_scale_any_partitioning_gives_the_same_events(samples: Path, db_url: str, reference, workers, batch_size):
    with open_store(db_url) as store:
        report = ingest_parallel([str(samples)], store, workers=workers, batch_size=batch_size)
        assert _events(store) == reference[0]
        assert store.stats() == reference[1]
        assert report.new_articles == reference[1]["articles"] and not report.failures
        again = ingest_parallel([str(samples)], store, workers=workers, batch_size=batch_size)
        assert again.new_articles == 0 and _events(store) == reference[0]  # idempotent


def _concurrent_ingests(cli, samples: Path, url: str) -> list[subprocess.CompletedProcess]:
    """Two `frontwire ingest` processes over the whole corpus at once, the files in opposite orders."""
    files = sorted(str(p) for p in samples.rglob("*") if p.is_file() and p.suffix in {".txt", ".html", ".jsonl"})
    commands = [[cli.exe, "ingest", *order, "--db", url] for order in (files, files[::-1])]
    processes = [subprocess.Popen(c, cwd=cli.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for c in commands]
    return [subprocess.CompletedProcess(p.args, p.wait(600), *p.communicate()) for p in processes]


def _check_concurrent(cli, samples: Path, url: str, reference) -> None:
    results = _concurrent_ingests(cli, samples, url)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    with open_store(url) as store:
        assert store.stats() == reference[1]  # every article once, every event once
        assert _events(store) == reference[0]


def test_scale_concurrent_cli_ingests_into_one_sqlite_file(cli, samples: Path, db_url: str, reference):
    _check_concurrent(cli, samples, db_url, reference)


@pytest.mark.postgres
def test_scale_concurrent_cli_ingests_into_one_postgres_database(cli, samples: Path, pg_schema_url, reference):
    _check_concurrent(cli, samples, pg_schema_url(), reference)


@pytest.mark.postgres
def test_scale_parallel_ingest_into_postgres(samples: Path, pg_schema_url, reference):
    with open_store(pg_schema_url()) as store:
        ingest_parallel([str(samples)], store, workers=2)
        assert _events(store) == reference[0]
        assert store.stats() == reference[1]


def test_scale_worker_exits_when_its_parent_is_gone():
    # Regression (issue 9): after a kill -9 of `ingest --workers N`, each worker waited for work forever.
    import sys

    code = ("import time; from frontwire.scale import _exit_with_parent; "
            "_exit_with_parent(1, interval_s=0.05); time.sleep(60)")  # pid 1 is never this process's parent
    process = subprocess.run([sys.executable, "-c", code], timeout=30)
    assert process.returncode == 1
