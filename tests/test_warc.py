"""WARC input: the HTML responses of an archive, gzipped or not; a damaged one gives what it could read, then one error."""

from __future__ import annotations

import pytest

from frontwire.errors import InputError
from frontwire.ingest import read_articles
from frontwire.models import Article
from frontwire.warc import read_warc

from factories import warc_bytes

PAGES = ["http://news.example/2017/06/27/a", "http://news.example/2017/06/28/b", "http://news.example/2017/06/29/c"]


@pytest.mark.parametrize("name, gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_reads_the_html_responses_only(write, name, gz):
    found = list(read_warc(write(name, warc_bytes(gz))))
    assert all(isinstance(a, Article) for a in found)
    assert [a.id for a in found] == PAGES and all(a.url == a.id for a in found)
    assert [a.dateline for a in found] == ["TAL AFAR, Iraq", "KIRKUK, Iraq", "TIKRIT, Iraq"]
    assert found[1].published == "2017-06-28"


@pytest.mark.parametrize("name, gz", [("cut.warc.gz", True), ("cut.warc", False)])
def test_warc_truncated_reads_what_it_can_then_one_error(write, name, gz):
    data = warc_bytes(gz)
    path = write(name, data[: len(data) - 120])
    items = list(read_warc(path))
    assert [a.id for a in items if isinstance(a, Article)] == PAGES[:2]
    assert isinstance(items[-1], InputError) and items[-1].name == path
    assert items[-1].reason.startswith("corrupt or truncated archive")
    assert sum(isinstance(item, InputError) for item in items) == 1


@pytest.mark.parametrize("content, reason", [
    ("this is not an archive\n", "corrupt or truncated archive"), ("", "empty file"),
])
def test_warc_not_an_archive(write, content, reason):
    path = write("fake.warc", content)
    errors = {e.name: e.reason for e in read_articles([path]) if isinstance(e, InputError)}
    assert errors[path].startswith(reason)


def test_warc_files_are_read_by_the_ingest_stage(write):
    """`ingest` sends `.warc` and `.warc.gz` files here by their name."""
    paths = [write("a.warc", warc_bytes(False)), write("b.warc.gz", warc_bytes(True))]
    assert [a.id for a in read_articles(paths)] == PAGES * 2
