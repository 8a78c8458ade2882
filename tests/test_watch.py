"""Live feeds: new articles fetched once and ingested, state kept in the database, failing feeds backed off."""

from __future__ import annotations

import json
import time

import pytest

from conftest import news_page, rss_document
from frontwire.store import open_store
from frontwire.watch import MAX_NEW_PER_FEED, FetchError, Options, backoff, read_feeds, run_round

CONFLICT = [
    "MOSUL, Iraq (AP) — Coalition airstrikes on the city's western edge killed about 40 militants on Monday, "
    "an Iraqi officer said Tuesday.",
    "The officer said Islamic State fighters had fired mortars at advancing troops in the Old City before the "
    "strikes, and that the army had pushed into two neighbourhoods.",
]
CALM = [
    "The city council approved a new budget for public libraries on Tuesday after a long debate about opening "
    "hours and the cost of new books for the children's section.",
    "Council members said the libraries would open on Sundays from next spring, and that volunteers would help "
    "with reading clubs for pupils from the local primary schools.",
    "The head librarian thanked the donors who paid for the new reading room, and said the catalogue would be "
    "online by the end of the year so that readers could reserve books from home.",
]


def _feeds_file(tmp_path, *urls: str) -> str:
    path = tmp_path / "feeds.txt"
    path.write_text("# feeds\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def news(feed_server):
    """A feed listing one conflict page and one calm page."""
    links = [feed_server.add("/mosul", news_page("Airstrikes on Mosul", CONFLICT)),
             feed_server.add("/library", news_page("Libraries open on Sundays", CALM))]
    return feed_server.add("/news.rss", rss_document([("Mosul", links[0]), ("Libraries", links[1])]),
                           "application/rss+xml")


def test_watch_cli_once_ingests_new_articles_and_never_fetches_twice(cli, tmp_path, feed_server, news):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    feeds = _feeds_file(tmp_path, news)
    first = cli("watch", feeds, "--db", url, "--once")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["fetched"] == 2 and summary["new_articles"] == 2 and summary["skipped"] == {"not conflict": 1}
    assert summary["events_written"] >= 1
    again = cli("watch", feeds, "--db", url, "--once")  # a new process: the state came from the database
    assert again.returncode == 0 and json.loads(again.stdout)["fetched"] == 0
    assert feed_server.hits["/mosul"] == feed_server.hits["/library"] == 1
    assert feed_server.hits["/news.rss"] == 2
    with open_store(url) as store:
        assert store.stats()["articles"] == 2


@pytest.mark.parametrize("route, reason", [
    (("<html><body><p>Not a feed</p></body></html>", "text/html", 200, 0.0), "not an RSS or Atom feed"),
    (("<rss", "application/rss+xml", 200, 2.0), "timed out"),
    (("", "text/plain", 503, 0.0), "HTTP 503"),
])
def test_watch_failing_feed_backs_off(feed_server, store, route, reason):
    body, content_type, status, delay = route
    url = feed_server.add("/bad.rss", body, content_type, status, delay)
    report = run_round([url], store, Options(timeout=0.5))
    assert report.failures and reason in report.failures[0][1] and report.failures[0][0] == url
    state = store.feed_state(url)
    assert state.failures == 1 and state.next_poll > time.time() and reason in state.last_error
    hits = feed_server.hits["/bad.rss"]
    later = run_round([url], store, Options(timeout=0.5))  # within the backoff: not polled at all
    assert later.backing_off == 1 and later.polled == 0 and feed_server.hits["/bad.rss"] == hits


def test_watch_backoff_grows_and_is_capped():
    from frontwire.store.state import FeedState

    state = FeedState("http://x/feed")
    waits = []
    for _ in range(12):
        state = backoff(state, "down", now=0.0)
        waits.append(state.next_poll)
    assert waits[:3] == [60.0, 120.0, 240.0] and waits[-1] == 6 * 3600.0


def test_watch_a_feed_of_ten_thousand_items_is_worked_off_in_bounded_rounds(feed_server, store, monkeypatch):
    fetched = []

    def gone(link, day, timeout):
        fetched.append(link)
        raise FetchError("gone")

    monkeypatch.setattr("frontwire.watch.fetch_article", gone)
    items = [(f"item {i}", f"http://127.0.0.1:9/a/{i}") for i in range(10_000)]
    url = feed_server.add("/big.rss", rss_document(items), "application/rss+xml")
    first = run_round([url], store, Options(max_new=50))
    assert len(fetched) == 50 and len(first.failures) == 50
    run_round([url], store, Options(max_new=50))
    assert len(fetched) == 100 and len(set(fetched)) == 100  # the next 50, never the same link again
    assert MAX_NEW_PER_FEED <= 1000


def test_watch_resumes_after_a_crash_mid_round(feed_server, db_url, news, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("killed")

    with open_store(db_url) as store:
        monkeypatch.setattr("frontwire.scale.ingest_articles", crash)
        with pytest.raises(RuntimeError):
            run_round([news], store, Options())
        monkeypatch.undo()
    with open_store(db_url) as store:  # the next watcher: nothing was marked seen, so the round is redone
        report = run_round([news], store, Options())
        assert report.fetched == 2 and report.ingest.new_articles == 2
        assert store.seen_urls([feed_server.url("/mosul"), feed_server.url("/library")]) == {
            feed_server.url("/mosul"), feed_server.url("/library")}


def test_watch_same_article_in_two_feeds_is_fetched_once(feed_server, store, news):
    other = feed_server.add("/other.rss", rss_document([("Mosul again", feed_server.url("/mosul"))]),
                            "application/rss+xml")
    report = run_round([news, other], store, Options())
    assert report.fetched == 2 and feed_server.hits["/mosul"] == 1


def test_watch_feeds_file(tmp_path):
    path = _feeds_file(tmp_path, "http://a/feed", "http://b/feed", "http://a/feed")
    assert read_feeds(path) == ["http://a/feed", "http://b/feed"]
