"""The bad-input battery through the real CLI: each bad input one line and exit 3, every good article stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from frontwire.store import open_store

def error_lines(stderr: str, names) -> dict[str, str]:
    """name -> reason of every `frontwire: NAME: REASON` line; fails on any other line or a repeated name."""
    found: dict[str, str] = {}
    for line in stderr.splitlines():
        assert "Traceback" not in line and line.startswith("frontwire: "), stderr[-3000:]
        body = line.removeprefix("frontwire: ")
        name = max((n for n in names if body.startswith(f"{n}: ")), key=len, default=body)
        assert name not in found, f"{name} reported twice"
        found[name] = body[len(name) + 2:]
    return found


def check_reported(stderr: str, expected: dict[str, str]) -> None:
    """Exactly one line for each expected bad input, with its reason, and no other line."""
    found = error_lines(stderr, expected)
    assert set(found) == set(expected), (sorted(set(found) - set(expected)), sorted(set(expected) - set(found)))
    for name, reason in expected.items():
        assert found[name].startswith(reason), (name, found[name])


def stored_ids(store) -> list[str]:
    """Ids of the stored articles, read directly (the PostgreSQL store does not serve articles yet)."""
    return [row[0] for row in store._conn.execute("SELECT id FROM articles").fetchall()]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_badinput_ingest_reports_each_bad_input_once_and_stores_every_good_article(cli, bad_batch, db_url,
                                                                                   backend, request):
    url = db_url if backend == "sqlite" else request.getfixturevalue("pg_schema_url")()
    result = cli("ingest", str(bad_batch.folder), "--db", url, unprivileged=True)
    assert result.returncode == 3, result.stderr[-3000:]
    check_reported(result.stderr, bad_batch.errors)
    summary = json.loads(result.stdout)
    assert summary["failed"] == len(bad_batch.errors)
    with open_store(url) as store:
        assert store.stats()["articles"] == len(bad_batch.stored) == summary["new_articles"]
        assert store.stats()["failed"] == len(bad_batch.errors)
        assert sorted(stored_ids(store)) == sorted(bad_batch.stored)
        events = list(store.all_events())
    sources = {s.article_id for e in events for s in e.sources}
    assert not sources & set(bad_batch.no_events)  # non-English text yields nothing, never invented events
    assert all(0 <= e.fatalities_low <= e.fatalities <= e.fatalities_high <= 100_000 for e in events)


def test_badinput_encodings_are_read_as_written(cli, bad_batch, db_url):
    names = [str(bad_batch.folder / n) for n in ("latin1.txt", "mixed.txt")]
    result = cli("ingest", *names, "--db", db_url)
    assert result.returncode == 0, result.stderr
    with open_store(db_url) as store:
        latin, mixed = (store.article(n)["text"] for n in names)
    assert "Cúcuta" in latin and "BOGOTÁ" in latin
    assert "café on Monday" in mixed and "(AP) — A car" in mixed and "Señor" in mixed


def test_badinput_extract_reports_the_same_lines(cli, bad_batch):
    result = cli("extract", str(bad_batch.folder), unprivileged=True)
    assert result.returncode == 3
    check_reported(result.stderr, bad_batch.errors)
    assert all(json.loads(line)["event_id"] for line in result.stdout.splitlines())


def test_badinput_reingest_changes_nothing(cli, bad_batch, db_url):
    first = cli("ingest", str(bad_batch.folder), "--db", db_url, unprivileged=True)
    with open_store(db_url) as store:
        before = ([e.to_dict() for e in store.all_events()], store.stats())
    again = cli("ingest", str(bad_batch.folder), "--db", db_url, unprivileged=True)
    assert (first.returncode, again.returncode) == (3, 3)
    assert json.loads(again.stdout)["new_articles"] == 0
    check_reported(again.stderr, bad_batch.errors)
    with open_store(db_url) as store:
        assert ([e.to_dict() for e in store.all_events()], store.stats()) == before


@pytest.mark.parametrize("content, reason", [
    (b"x" * (20 * 1024 * 1024), "article larger than 5 MB"),
    (b"\x00\x01\x02" * 1000, "binary content, not text"),
    (b"", "empty file"),
])
def test_badinput_stdin(cli, tmp_path, db_url, content, reason):
    source = tmp_path / "stdin.bin"
    source.write_bytes(content)
    with source.open("rb") as stdin:
        result = subprocess.run([cli.exe, "ingest", "-", "--db", db_url], stdin=stdin, capture_output=True,
                                text=True, cwd=cli.cwd, timeout=600)
    assert result.returncode == 3
    assert error_lines(result.stderr, ["-"]) == {"-": reason}


# ---------------------------------------------------------------- memory stays bounded

_PEAK = """
import resource, subprocess, sys
with open(sys.argv[1], "rb") as stdin:
    subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""
_READ = "import sys; from frontwire.ingest import read_articles; print(sum(1 for _ in read_articles(sys.argv[1:])))"


def peak_rss_mb(command: list[str], stdin: Path) -> int:
    """Peak resident memory (MB) of `command`, measured from a fresh parent that runs nothing else."""
    result = subprocess.run([sys.executable, "-c", _PEAK, str(stdin), *command], capture_output=True, text=True,
                            check=True, timeout=600)
    return int(result.stdout)


@pytest.fixture
def big_jsonl(tmp_path: Path) -> tuple[Path, Path]:
    """A 30 MB JSONL of 6,000 articles and a one-line JSONL of the same shape."""
    line = json.dumps({"text": "KABUL (Reuters) - A car bomb exploded on Monday. " * 100}) + "\n"
    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    big.write_text(line * 6000, encoding="utf-8")
    small.write_text(line, encoding="utf-8")
    return big, small


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_badinput_readers_stream_in_bounded_memory(big_jsonl, via):
    big, small = big_jsonl
    def command(path: Path) -> list[str]:
        return [sys.executable, "-c", _READ, str(path) if via == "file" else "-"]
    # A slurp would hold the 30 MB file at least twice (bytes and text); streaming holds one line.
    assert peak_rss_mb(command(big), big) - peak_rss_mb(command(small), small) < 25


def test_badinput_ingest_of_a_20_mb_line_stays_bounded(cli, tmp_path, samples):
    good, huge = tmp_path / "good", tmp_path / "huge"
    for folder in (good, huge):
        folder.mkdir()
        (folder / "a.txt").write_text((samples / "iraq-bartella-offensive.txt").read_text("utf-8"), "utf-8")
    (huge / "huge.txt").write_bytes(b"x" * (20 * 1024 * 1024))
    def command(folder: Path) -> list[str]:
        return [cli.exe, "ingest", str(folder), "--db", f"sqlite:///{folder / 'db.sqlite'}"]
    baseline = peak_rss_mb(command(good), tmp_path / "good" / "a.txt")
    # Only the first 5 MB + 1 byte is ever read (then the file is refused), however large it is.
    assert peak_rss_mb(command(huge), tmp_path / "good" / "a.txt") - baseline < 60
