"""Input partitions for a cluster: read piece by piece, they give what one process reads, in the same order."""

from __future__ import annotations

import json

import pytest

from frontwire.errors import InputError
from frontwire.ingest import read_articles
from frontwire.partitions import Partition, plan, read_partition


def _one_process(inputs, **kwargs):
    return [(i.name, i.reason) if isinstance(i, InputError) else i for i in read_articles(inputs, **kwargs)]


def _partitioned(inputs, lines=3, files=2, **kwargs):
    out = []
    for part in plan(inputs, lines=lines, files=files):
        out += [part] if isinstance(part, tuple) else read_partition(part, **kwargs)
    return out


@pytest.fixture
def corpus(write, samples):
    rows = [json.dumps({"id": f"r{i}", "text": f"Report {i}: troops clashed with rebels near Goma."}) for i in range(8)]
    rows[2] = "{not json"
    rows[5] = ""
    write("in/a.jsonl", "\ufeff" + "\n".join(rows) + "\n")
    write("in/b.txt", "MOSUL, Iraq (AP) — Airstrikes hit the city on Monday.\n")
    write("in/c.html", (samples / "nonconflict-fed-rate-hike.html").read_text("utf-8"))
    write("in/d.pdf", b"%PDF-1.4")
    write("in/.hidden.txt", "hidden")
    write("in/sub/e.txt", "Second report of the clashes.\n")
    write("in/empty.jsonl", "\n\n")
    write("in/bin.jsonl", b"\x00\x01binary")
    return write("in/sub/f.txt", "Third report.\n").rsplit("/sub/", 1)[0]


@pytest.mark.parametrize("options", [{}, {"published": "2020-01-02", "source": "Wire"}])
def test_partitions_read_what_one_process_reads(corpus, options):
    inputs = [corpus, corpus + "/a.jsonl", corpus + "/missing.txt", corpus + "/sub/*.txt"]
    assert _partitioned(inputs, **options) == _one_process(inputs, **options)


@pytest.mark.parametrize("lines", [1, 2, 3, 100])
def test_partitions_cut_json_lines_into_ranges(corpus, lines):
    parts = [p for p in plan([corpus + "/a.jsonl"], lines=lines) if isinstance(p, Partition)]
    assert all(p.jsonl for p in parts) and len(parts) == -(-8 // lines)
    assert _partitioned([corpus + "/a.jsonl"], lines=lines) == _one_process([corpus + "/a.jsonl"])


def test_partitions_failures_are_picklable_tuples(corpus):
    import pickle

    items = read_partition(Partition(files=(corpus + "/empty.jsonl", corpus + "/nope.txt")))
    assert pickle.loads(pickle.dumps(items)) == items == [(corpus + "/empty.jsonl", "empty file"),
                                                           (corpus + "/nope.txt", "no such file")]


def test_partitions_globs_and_odd_lines_read_as_one_process(corpus, write):
    write("in/s.jsonl", '{"id": "s\\ud800", "text": "KABUL (Reuters) - A bomb \\udcff exploded."}\n')
    inputs = [corpus + "/**"]  # matches the folder and every file in it: each file is read once
    assert _partitioned(inputs, published="2020-01-02") == _one_process(inputs, published="2020-01-02")
