"""The real `frontwire` command: contract outputs, exit codes, idempotent ingest, bad input."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from frontwire.pipeline import Report, articles_of

COMMANDS = ["extract", "ingest", "events", "serve", "classify", "geoparse", "timex", "stories", "eval",
            "bench", "stats"]

GOOD = ("Militants attack checkpoint in Kirkuk\nPublished: 2017-10-10\n\n"
        "KIRKUK, Iraq (Reuters) - Islamic State militants attacked an army checkpoint south of Kirkuk on Monday, "
        "killing three soldiers, a police officer said.\n\n— Reuters\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_help_for_every_command(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_cli_bad_option_exits_2(cli):
    assert cli("events", "--since", "yesterday").returncode == 2
    assert cli("no-such-command").returncode == 2


def test_cli_extract_samples_contract_valid(cli, samples, contract):
    events, result = cli.jsonl("extract", str(samples))
    assert result.returncode == 0, result.stderr
    assert len(events) >= 20
    texts = {a.id: a.text for a in articles_of([str(samples)], Report())}
    for event in events:
        contract(event, texts)
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids))
    again, _ = cli.jsonl("extract", str(samples))
    assert [e["event_id"] for e in again] == ids  # stable ids


def test_cli_extract_reads_standard_input(cli):
    events, result = cli.jsonl("extract", "-", stdin=GOOD)
    assert result.returncode == 0, result.stderr
    assert len(events) == 1
    assert events[0]["event_date"] == "2017-10-09"
    assert events[0]["fatalities"] == 3
    assert events[0]["sources"][0]["article_id"] == "-"


def test_cli_ingest_is_idempotent_and_exports_every_format(cli, samples, db_url, tmp_path):
    first = cli("ingest", str(samples), "--db", db_url)
    assert first.returncode == 0, first.stderr
    stats = json.loads(cli("stats", "--db", db_url, "--format", "json").stdout)
    assert stats["articles"] >= 30 and stats["events"] >= 20 and stats["failed"] == 0
    assert cli("ingest", str(samples), "--db", db_url).returncode == 0
    assert json.loads(cli("stats", "--db", db_url).stdout) == stats
    lines, _ = cli.jsonl("events", "--db", db_url)
    assert len(lines) == stats["events"]
    acled = cli("events", "--db", db_url, "--format", "acled-csv").stdout
    header = next(csv.reader(io.StringIO(acled)))
    assert header[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    geo = json.loads(cli("events", "--db", db_url, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == stats["events"]
    out = tmp_path / "events.parquet"
    assert cli("events", "--db", db_url, "--format", "parquet", "-o", str(out)).returncode == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == stats["events"]
    iraq, _ = cli.jsonl("events", "--db", db_url, "--country", "Iraq")
    assert iraq and all(e["country"] == "Iraq" for e in iraq)


def test_cli_bad_inputs_are_reported_and_good_ones_stored(cli, db_url, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "undecodable.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 50 + b"\x00\xff")
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    result = cli("ingest", str(folder), "--db", db_url)
    assert result.returncode == 3
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 4, result.stderr
    for name in ("empty.txt", "binary.txt", "undecodable.txt", "dangling.txt"):
        assert sum(name in line for line in lines) == 1
    assert "Traceback" not in result.stderr
    stats = json.loads(cli("stats", "--db", db_url).stdout)
    assert stats["articles"] == 1 and stats["events"] == 1 and stats["failed"] == 4


def test_cli_published_and_source_override(cli):
    events, _ = cli.jsonl("extract", "-", "--published", "2017-10-12", "--source", "Wire X", stdin=GOOD)
    assert events[0]["event_date"] == "2017-10-09"
    assert events[0]["sources"][0]["source"] == "Wire X"
    assert events[0]["sources"][0]["published"] == "2017-10-12"


def test_cli_eval_unknown_benchmark_is_a_usage_error(cli, tmp_path):
    assert cli("eval", "nothing", "--data", str(tmp_path)).returncode == 2


def test_cli_timex_resolves_against_dct(cli):
    records, result = cli.jsonl("timex", "-", "--dct", "2017-06-28",
                                stdin="Airstrikes killed 40 militants on Monday, an officer said.")
    assert result.returncode == 0, result.stderr
    assert any(r["value"] == "2017-06-26" for r in records)
