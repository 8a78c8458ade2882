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


# ---------------------------------------------------------------- Dask
@pytest.mark.parametrize("batch_size, lines", [(2, 1), (7, 3), (32, 32)])
def test_scale_dask_partitions_give_the_same_events(dask_client, samples: Path, db_url: str, reference, batch_size,
                                                    lines, monkeypatch):
    from frontwire.cluster import ingest_dask

    # Workers read the partitions (JSON lines ranges, groups of files) and analyze the batches.
    monkeypatch.setattr("frontwire.partitions.LINES_PER_PARTITION", lines)
    with open_store(db_url) as store:
        report = ingest_dask([str(samples)], store, dask_client.scheduler.address, batch_size=batch_size)
        assert _events(store) == reference[0] and store.stats() == reference[1]
        assert not report.failures and report.new_articles == reference[1]["articles"]


def test_scale_dask_worker_killed_mid_partition_is_redone_once(dask_client, samples: Path, db_url: str, reference):
    import os
    import signal
    import threading
    import time

    from frontwire.cluster import ingest_dask

    pids = dask_client.run(os.getpid)
    done: dict = {}

    def run() -> None:
        with open_store(db_url) as store:
            ingest_dask([str(samples)], store, dask_client.scheduler.address, batch_size=3)
            done.update(events=_events(store), stats=store.stats())

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not any(dask_client.processing().values()):
        time.sleep(0.02)
    victim = next(address for address, tasks in dask_client.processing().items() if tasks)
    os.kill(pids[victim], signal.SIGKILL)  # the worker dies in the middle of its partition
    thread.join(600)
    assert done["events"] == reference[0] and done["stats"] == reference[1]  # redone, nothing doubled


def test_scale_dask_cli_local_cluster(cli, samples: Path, db_url: str, reference):
    result = cli("ingest", str(samples), "--db", db_url, "--dask", "local", "--workers", "2")
    assert result.returncode == 0, result.stderr
    with open_store(db_url) as store:
        assert _events(store) == reference[0]


def test_scale_dask_unreachable_scheduler_is_one_clear_error(cli, samples: Path, db_url: str):
    result = cli("ingest", str(samples), "--db", db_url, "--dask", "tcp://127.0.0.1:1", timeout=120)
    assert result.returncode == 2 and "cannot reach the Dask scheduler" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- PostgreSQL going away during ingest
@pytest.mark.postgres
def test_scale_postgres_connections_killed_during_ingest(samples: Path, pg_schema_url, reference, monkeypatch):
    """What a server restart does to a client: every connection dropped mid-batch; retried, nothing partial."""
    import threading

    import psycopg

    monkeypatch.setattr("frontwire.store.postgres.BACKOFF_S", 0.05)
    url = pg_schema_url()
    stop = threading.Event()
    killed = []

    def killer() -> None:
        from conftest import PG_ADMIN_URL

        with psycopg.connect(PG_ADMIN_URL, autocommit=True, application_name="frontwire-killer") as admin:
            while not stop.wait(0.7):
                rows = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                     "application_name = 'frontwire-restart-test' AND pid <> pg_backend_pid()"
                                     ).fetchall()
                killed.extend(rows)

    monkeypatch.setenv("PGAPPNAME", "frontwire-restart-test")
    thread = threading.Thread(target=killer)
    thread.start()
    try:
        with open_store(url) as store:
            ingest([str(samples)], store, batch_size=4)
    finally:
        stop.set()
        thread.join()
    assert killed  # the connection really was dropped at least once
    with open_store(url) as store:
        assert _events(store) == reference[0] and store.stats() == reference[1]


@pytest.mark.postgres
def test_scale_postgres_server_restarted_during_ingest(samples: Path, private_pg_server, reference):
    """A real restart (pg_ctlcluster) of a server of our own, twice, in the middle of an ingest."""
    import threading
    import time

    url, restart = private_pg_server
    restarted = []

    def restarter() -> None:
        for delay in (4, 4):
            time.sleep(delay)
            restart()
            restarted.append(time.monotonic())

    thread = threading.Thread(target=restarter)
    with open_store(url) as store:
        thread.start()
        ingest([str(samples)], store, batch_size=1)
        thread.join()
    assert len(restarted) == 2
    with open_store(url) as store:
        assert _events(store) == reference[0] and store.stats() == reference[1]


def test_scale_worker_exits_when_its_parent_is_gone():
    # Regression (issue 9): after a kill -9 of `ingest --workers N`, each worker waited for work forever.
    import sys

    code = ("import time; from frontwire.scale import _exit_with_parent; "
            "_exit_with_parent(1, interval_s=0.05); time.sleep(60)")  # pid 1 is never this process's parent
    process = subprocess.run([sys.executable, "-c", code], timeout=30)
    assert process.returncode == 1
