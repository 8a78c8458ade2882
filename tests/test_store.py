"""Tests of the store: round trips, idempotent upserts, filters, pagination, migrations."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwire.errors import NotConfigured
from frontwire.models import Attribution, Event, Source
from frontwire.store import EventQuery, Store, open_store, parse_bbox
from frontwire.store.base import NO_PLACE, MentionBlock, decode_cursor, encode_cursor
from frontwire.store.migrations import MIGRATIONS

from factories import FILTER_EVENTS, make_article, make_event, make_mention, make_source

MEMORY = "sqlite:///:memory:"
# Hypothesis runs many examples in one test; each example opens its own fresh store from the factory.
PER_EXAMPLE = [HealthCheck.function_scoped_fixture]


def ids(events) -> set[str]:
    return {e.event_id for e in events}


texts = st.text(max_size=25)
optional_texts = st.none() | texts
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)
sources = st.builds(
    Source, article_id=texts, source=optional_texts, url=optional_texts, published=st.none() | days,
    sentence=texts, start=st.integers(0, 10**6), end=st.integers(0, 10**6),
    article_hash=st.text("0123456789abcdef", min_size=16, max_size=16))
events_strategy = st.builds(
    Event, event_id=st.text(min_size=1, max_size=20), event_date=st.none() | days,
    time_precision=st.sampled_from([1, 2, 3]), event_type=texts, sub_event_type=texts,
    actor1=optional_texts, actor2=optional_texts, assoc_actor_1=optional_texts, assoc_actor_2=optional_texts,
    inter1=st.none() | st.integers(1, 8), inter2=st.none() | st.integers(1, 8),
    interaction=st.none() | st.integers(10, 88), civilian_targeting=st.booleans(),
    country=optional_texts, iso3=optional_texts, admin1=optional_texts, admin2=optional_texts,
    location=optional_texts, latitude=st.none() | st.floats(-90, 90), longitude=st.none() | st.floats(-180, 180),
    geonameid=st.none() | st.integers(1, 2**31), geo_precision=st.none() | st.sampled_from([1, 2, 3]),
    fatalities=st.integers(0, 10**6), fatalities_low=st.integers(0, 10**6), fatalities_high=st.integers(0, 10**6),
    notes=texts, sources=st.lists(sources, max_size=3).map(tuple), confidence=st.floats(0, 1),
    contested=st.booleans(), attributions=st.lists(st.builds(
        Attribution, actor=texts, inter=st.none() | st.integers(1, 8), sources=st.lists(sources, max_size=2).map(tuple)),
        max_size=2).map(tuple))


@settings(max_examples=40, deadline=None, suppress_health_check=PER_EXAMPLE)
@given(events=st.lists(events_strategy, max_size=6, unique_by=lambda e: e.event_id))
def test_store_events_round_trip(new_store_url, events: list[Event]):
    with open_store(new_store_url()) as store:
        store.write_batch([], [], events)
        for event in events:
            assert store.event(event.event_id) == event
        expected = sorted(events, key=lambda e: (e.event_date is None, e.event_date or "", e.event_id))
        assert list(store.all_events()) == expected
        assert store.stats()["sources"] == sum(len(e.sources) for e in events)


def test_store_mentions_round_trip(store: Store):
    article = make_article()
    mentions = [make_mention(article), make_mention(article, start=8, event_date=None)]
    store.write_batch([article], mentions, [])
    assert store.mentions_of_articles([article.hash, "nope"]) == mentions


def test_store_fills_missing_article_hash_from_batch(store: Store):
    article = make_article()
    mention = make_mention(article)
    unhashed = replace(mention, source=replace(mention.source, article_hash=""))
    event = make_event(sources=(replace(make_source(article), article_hash=""),))
    store.write_batch([article], [unhashed], [event])
    assert store.mentions_of_articles([article.hash]) == [mention]
    assert store.event("e1").sources[0].article_hash == article.hash
    assert store.event_ids_for_articles([article.hash]) == {"e1"}


def test_store_rejects_mention_without_article(store: Store):
    mention = make_mention(make_article())
    orphan = replace(mention, source=replace(mention.source, article_hash=""))
    with pytest.raises(ValueError, match="article_hash"):
        store.write_batch([], [orphan], [make_event()])
    assert store.stats()["events"] == 0  # nothing of the failed batch was written


def _rows(store: Store) -> dict[str, list[tuple]]:
    return {table: sorted(map(tuple, store._conn.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
            for table in ("articles", "mentions", "events", "event_sources", "failures")}


def test_store_write_batch_is_idempotent(file_store: Store):
    articles = [make_article(), make_article("KABUL - A blast.", "a2.txt")]
    mentions = [make_mention(a) for a in articles]
    events = [make_event("e1", sources=tuple(make_source(a) for a in articles)), make_event("e2")]
    file_store.write_batch(articles, mentions, events)
    stats, rows = file_store.stats(), _rows(file_store)
    file_store.write_batch(articles, mentions, events)
    assert file_store.stats() == stats
    assert _rows(file_store) == rows
    assert stats == {"articles": 2, "events": 2, "sources": 2, "failed": 0, "mentions": 2}


def test_store_upsert_keeps_first_ingested_at(file_store: Store):
    article = make_article()
    file_store.write_batch([article], [], [])
    file_store._conn.execute("UPDATE articles SET ingested_at = '2000-01-01T00:00:00+00:00'")
    file_store.write_batch([replace(article, title="New headline")], [], [])
    row = file_store._conn.execute("SELECT title, ingested_at FROM articles").fetchone()
    assert row == ("New headline", "2000-01-01T00:00:00+00:00")


def test_store_upsert_replaces_event_and_sources(store: Store):
    first, second = make_article(), make_article("KABUL - A blast.", "a2.txt")
    store.write_batch([first, second], [], [make_event(sources=(make_source(first), make_source(second)))])
    store.write_batch([], [], [make_event(fatalities=9, sources=(make_source(second),))])
    assert store.event("e1").fatalities == 9
    assert store.stats()["sources"] == 1
    assert store.event_ids_for_articles([first.hash]) == set()
    assert store.event_ids_for_articles([second.hash, "nope"]) == {"e1"}


def test_store_retire_removes_events_and_sources(store: Store):
    article = make_article()
    store.write_batch([article], [], [make_event("old", sources=(make_source(article),)), make_event("keep")])
    store.write_batch([], [], [make_event("new", sources=(make_source(article),))], retired_event_ids=["old"])
    assert store.event("old") is None
    assert ids(store.all_events()) == {"keep", "new"}
    assert store.stats()["sources"] == 1
    assert store.event_ids_for_articles([article.hash]) == {"new"}


def test_store_contested_event_answers_the_actor_filter_for_each_claim(store: Store):
    article = make_article()
    claims = (Attribution("Islamic State", 2, (make_source(article),)),
              Attribution("Coalition Forces", 8, (make_source(article),)))
    contested = make_event("contested", actor1=None, actor2="Civilians (Iraq)", contested=True, attributions=claims)
    store.write_batch([article], [], [contested, make_event("plain", actor1="Peshmerga", actor2=None)])
    assert store.event("contested") == contested
    for actor, expected in [("coalition", {"contested"}), ("islamic", {"contested"}), ("peshmerga", {"plain"})]:
        assert ids(store.events(EventQuery(actor=actor))[0]) == expected
    assert ids(store.events(EventQuery(q="coalition"))[0]) == {"contested"}
    page, _ = store.event_dicts(EventQuery())
    assert {d["event_id"]: d["contested"] for d in page} == {"contested": True, "plain": False}
    assert all("article_hash" not in s for d in page for a in d["attributions"] for s in a["sources"])


def test_store_known_articles(store: Store):
    articles = [make_article(f"text {i}", f"a{i}.txt") for i in range(3)]
    store.write_batch(articles[:2], [], [])
    hashes = [a.hash for a in articles]
    assert store.known_articles(hashes) == set(hashes[:2])
    assert store.known_articles([]) == set()
    assert store.known_articles(f"{i:016x}" for i in range(1200)) == set()  # more than one chunk of parameters


BLOCK_DATES = {"d1": "2016-12-01", "d2": "2016-12-02", "d3": "2016-12-03", "undated": None}


@pytest.mark.parametrize("block, expected", [
    (MentionBlock(("Battles",), 1, "2016-12-01", "2016-12-03"), {"d1", "d2", "d3"}),
    (MentionBlock(("Battles",), 1, "2016-12-02", "2016-12-02"), {"d2"}),
    (MentionBlock(("Battles", "Riots"), 1, "2016-12-02", "2016-12-09", ("IQ", "")), {"d2", "d3"}),
    (MentionBlock(("Battles",), 1, "2016-12-01", "2016-12-03", ("SY", "")), set()),
    (MentionBlock(("Battles",), 1, "2016-12-01", "2016-12-03", (NO_PLACE,)), set()),
    (MentionBlock(("Battles",), 2, "2016-12-01", "2016-12-03"), set()),
    (MentionBlock(("Riots",), 1, "2016-12-01", "2016-12-03"), set()),
])
def test_store_mentions_in_blocks(store: Store, block, expected):
    articles = {name: make_article(f"{name} text", f"{name}.txt") for name in BLOCK_DATES}
    store.write_batch(list(articles.values()),
                      [replace(make_mention(articles[n], event_date=d), time_precision=1)
                       for n, d in BLOCK_DATES.items()], [])
    found = store.mentions_in_blocks([block, block])  # a mention in two blocks comes back once
    assert sorted(m.source.article_id.removesuffix(".txt") for m in found) == sorted(expected)


def test_store_event_ids_for_sources(store: Store):
    article = make_article("MOSUL - Fighting went on. A blast hit a market.")
    store.write_batch([article], [], [make_event("e1", sources=(make_source(article, "Fighting went on.", 8),)),
                                      make_event("e2", sources=(make_source(article, "A blast hit.", 26),))])
    assert store.event_ids_for_sources([(article.hash, 8)]) == {"e1"}
    assert store.event_ids_for_sources([(article.hash, 9), ("nope", 26)]) == set()
    assert store.event_ids_for_sources([]) == set()


def test_store_mention_key_is_article_start_and_type(store: Store):
    article = make_article()
    store.write_batch([article], [make_mention(article), make_mention(article, sub_event_type="Attack")], [])
    store.write_batch([article], [make_mention(article, event_date="2016-12-09")], [])
    found = {(m.sub_event_type, m.event_date) for m in store.mentions_of_articles([article.hash])}
    assert found == {("Armed clash", "2016-12-09"), ("Attack", "2016-12-04")}


def test_store_failures_upsert_and_clear(store: Store):
    store.record_failures([("a.txt", "not UTF-8"), ("b.html", "empty page")])
    store.record_failures([("a.txt", "too short")])
    assert store.stats()["failed"] == 2
    assert store._conn.execute("SELECT reason FROM failures WHERE name = 'a.txt'").fetchone() == ("too short",)
    store.clear_failures(["a.txt", "never-failed.txt"])
    assert store.stats()["failed"] == 1


@pytest.mark.parametrize("query, expected", [
    (EventQuery(), {"mosul", "aleppo", "kabul", "fiji", "nowhere"}),
    (EventQuery(since="2016-12-01"), {"mosul", "kabul", "nowhere"}),
    (EventQuery(until="2016-12-04"), {"mosul", "aleppo", "nowhere"}),
    (EventQuery(since="2016-12-04", until="2016-12-04"), {"mosul", "nowhere"}),
    (EventQuery(country="iraq"), {"mosul"}),
    (EventQuery(country=" SYR "), {"aleppo"}),
    (EventQuery(country=""), {"mosul", "aleppo", "kabul", "fiji", "nowhere"}),
    (EventQuery(event_type="battles"), {"mosul", "nowhere"}),
    (EventQuery(event_type="Air/drone strike"), {"aleppo"}),
    (EventQuery(actor="islamic"), {"mosul", "nowhere"}),
    (EventQuery(actor="RUSSIA"), {"aleppo"}),
    (EventQuery(actor="civilians (afg"), {"kabul"}),
    (EventQuery(actor="CÔTE"), {"fiji"}),  # associated actors, non-ASCII folding
    (EventQuery(bbox=(35.0, 30.0, 45.0, 40.0)), {"mosul", "aleppo"}),
    (EventQuery(bbox=(43.119, 36.335, 43.119, 36.335)), {"mosul"}),  # edges are inclusive
    (EventQuery(bbox=(170.0, -20.0, -170.0, -10.0)), {"fiji"}),  # crosses the antimeridian
    (EventQuery(bbox=(-180.0, -90.0, 180.0, 90.0)), {"mosul", "aleppo", "kabul", "fiji"}),
    (EventQuery(q="wedding"), {"kabul"}),
    (EventQuery(q="fighting"), {"mosul"}),  # source sentence
    (EventQuery(q="rabi"), {"fiji"}),  # location
    (EventQuery(q="taliban KABUL"), {"kabul"}),  # every word, anywhere
    (EventQuery(q="taliban aleppo"), set()),
    (EventQuery(country="iraq", since="2016-12-05"), set()),
])
def test_store_events_filters(filled: Store, query: EventQuery, expected: set[str]):
    page, cursor = filled.events(query)
    assert ids(page) == expected
    assert cursor is None


@pytest.mark.parametrize("attack", [
    "' OR '1'='1", "Iraq' --", "\"; DROP TABLE events; --", "Robert'); DROP TABLE events;--", "%", "_", "*",
    "1) OR (1=1", "\x00", "iraq\" OR \"1\"=\"1",
])
@pytest.mark.parametrize("field", ["country", "event_type", "actor", "q", "since"])
def test_store_injection_is_inert(filled: Store, field: str, attack: str):
    query = EventQuery(**{field: attack})
    if field == "since":
        with pytest.raises(ValueError):
            filled.events(query)
    else:
        assert filled.events(query) == ([], None)
    assert filled.stats()["events"] == len(FILTER_EVENTS)


def test_store_pagination_order(filled: Store):
    page, cursor = filled.events(EventQuery(limit=2))
    assert [e.event_id for e in page] == ["kabul", "mosul"]
    page, cursor = filled.events(EventQuery(limit=2, cursor=cursor))
    assert [e.event_id for e in page] == ["nowhere", "aleppo"]
    page, cursor = filled.events(EventQuery(limit=2, cursor=cursor))
    assert [e.event_id for e in page] == ["fiji"] and cursor is None


@settings(max_examples=30, deadline=None, suppress_health_check=PER_EXAMPLE)
@given(keys=st.lists(st.tuples(st.text(min_size=1, max_size=6), st.sampled_from([None, "2016-01-01", "2016-01-02"])),
                     max_size=25, unique_by=lambda pair: pair[0]),
       limit=st.integers(1, 7))
def test_store_pagination_walks_every_event_once(new_store_url, keys, limit):
    events = [make_event(event_id, event_date=day) for event_id, day in keys]
    with open_store(new_store_url()) as store:
        store.write_batch([], [], events)
        walked, cursor = [], None
        while True:
            page, cursor = store.events(EventQuery(limit=limit, cursor=cursor))
            assert len(page) <= limit
            walked += [e.event_id for e in page]
            if cursor is None:
                break
        assert sorted(walked) == sorted(e.event_id for e in events)
        assert len(walked) == len(set(walked))
        assert [e.event_id for e in store.iter_events(EventQuery(limit=1))] == walked


@pytest.mark.parametrize("fields, message", [
    ({"since": "2016-13-01"}, "since"),
    ({"until": "4 Dec 2016"}, "until"),
    ({"since": "2016-12-05", "until": "2016-12-04"}, "after"),
    ({"limit": 0}, "limit"),
    ({"limit": 1001}, "limit"),
    ({"limit": True}, "limit"),
    ({"bbox": (0.0, 10.0, 1.0, 5.0)}, "latitudes"),
    ({"bbox": (0.0, 0.0, 181.0, 1.0)}, "longitudes"),
    ({"bbox": (0.0, 0.0, math.nan, 1.0)}, "finite"),
    ({"cursor": "not a cursor!"}, "cursor"),
    ({"cursor": encode_cursor("2016", "x")[:-2] + "!!"}, "cursor"),
    ({"q": " ".join("w" * 11)}, "q"),
])
def test_store_query_validation(store: Store, fields, message):
    with pytest.raises(ValueError, match=message):
        store.events(EventQuery(**fields))


@given(st.none() | days, st.text(max_size=30))
def test_store_cursor_round_trip(day, event_id):
    assert decode_cursor(encode_cursor(day, event_id)) == (day or "", event_id)


@pytest.mark.parametrize("text, expected", [
    ("35,30,45,40", (35.0, 30.0, 45.0, 40.0)),
    (" -1.5, -2 ,3,4e0", (-1.5, -2.0, 3.0, 4.0)),
])
def test_store_parse_bbox(text, expected):
    assert parse_bbox(text) == expected


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "1,2,3,4,5", "", "0,91,1,92", "nan,0,1,1"])
def test_store_parse_bbox_rejects(text):
    with pytest.raises(ValueError, match="bbox"):
        parse_bbox(text)


def test_store_migrations_recorded_once(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with open_store(url, migrate=False) as store:
        assert store.migrate() == [name for name, _ in MIGRATIONS]
    with open_store(url) as store:
        assert store.migrate() == []
        rows = store._conn.execute("SELECT name FROM _migrations").fetchall()
    assert [name for (name,) in rows] == [name for name, _ in MIGRATIONS]


def test_store_migration_0003_keys_mentions_stored_before_it(tmp_path: Path):
    from frontwire.models import mention_to_dict
    from frontwire.store.migrations import apply_migrations

    article = make_article()
    placed, unplaced = make_mention(article), replace(make_mention(article, start=8), place=None)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with open_store(url, migrate=False) as store:
        apply_migrations(store._conn, MIGRATIONS[:2])
        store._conn.executemany("INSERT INTO mentions (article_hash, start, sub_event_type, event_date, data) "
                                "VALUES (?, ?, ?, ?, ?)", [(m.source.article_hash, m.source.start, m.sub_event_type,
                                                            m.event_date, json.dumps(mention_to_dict(m)))
                                                           for m in (placed, unplaced)])
    with open_store(url) as store:
        rows = store._conn.execute("SELECT start, event_type, time_precision, country FROM mentions ORDER BY start")
        assert rows.fetchall() == [(0, "Battles", 3, "IQ"), (8, "Battles", 3, NO_PLACE)]
        block = MentionBlock(("Battles",), 3, "2016-12-01", "2016-12-31", ("IQ", ""))
        assert store.mentions_in_blocks([block]) == [placed]


def test_store_file_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///data/relative.db") as store:
        store.write_batch([], [], [make_event()])
    assert (tmp_path / "data" / "relative.db").exists()
    absolute = tmp_path / "deep" / "er" / "absolute.db"
    with open_store(f"sqlite:///{absolute}") as store:  # sqlite:////tmp/... : four slashes
        store.write_batch([], [], [make_event()])
        assert store._conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store._conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with open_store(f"sqlite:///{absolute}") as store:
        assert store.event("e1") == make_event()


def test_store_memory_stores_are_separate():
    with open_store(MEMORY) as first, open_store(MEMORY) as second:
        first.write_batch([], [], [make_event()])
        assert second.stats()["events"] == 0


@pytest.mark.parametrize("url, message", [
    ("mysql://localhost/db", "unsupported database URL"),
    ("sqlite:///", "unsupported database URL"),
    ("frontwire.db", "unsupported database URL"),
])
def test_store_unsupported_urls(url, message):
    with pytest.raises(NotConfigured, match=message):
        open_store(url)


def test_store_unopenable_file(tmp_path: Path):
    with pytest.raises(NotConfigured, match="cannot open"):
        open_store(f"sqlite:///{tmp_path}")  # a folder, not a database file


def test_store_event_unknown_and_close(store: Store):
    assert store.event("nope") is None
    store.close()
    store.close()  # closing twice is harmless


def test_store_repeated_event_in_batch_last_wins(store: Store):
    article = make_article()
    source = make_source(article)
    store.write_batch([article], [], [make_event(sources=(source,)), make_event(fatalities=7, sources=(source,))])
    assert store.event("e1").fatalities == 7
    assert store.stats()["sources"] == 1
