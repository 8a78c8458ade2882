"""Tests of the PostgreSQL backend beyond the shared store suite: URLs, migrations, PostGIS, concurrency."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from frontwire.errors import NotConfigured
from frontwire.store import EventQuery, open_store
from frontwire.store.pg_migrations import MIGRATIONS, POSTGIS
from frontwire.store.postgres import PostgresStore

from factories import FILTER_ARTICLE, FILTER_EVENTS, make_article, make_event, make_mention, make_source

UNREACHABLE = "postgresql://postgres:secret@127.0.0.1:1/frontwire"


def test_postgres_connects_lazily():
    store = PostgresStore(UNREACHABLE)  # no server there, and no error until the store is used
    store.close()


def test_postgres_unreachable_server_is_one_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("frontwire.store.postgres.BACKOFF_S", 0.01)
    started = time.monotonic()
    with pytest.raises(NotConfigured, match=r"cannot connect to PostgreSQL at 127\.0\.0\.1:1/frontwire after 4") as err:
        open_store(UNREACHABLE)
    assert "secret" not in str(err.value)  # the password never reaches a message
    assert time.monotonic() - started < 30


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgresql://", "postgres://", "postgresql+psycopg://"])
def test_postgres_url_schemes(pg_schema_url, scheme: str):
    url = pg_schema_url().replace("postgresql://", scheme, 1)
    with open_store(url) as store:
        store.write_batch([], [], [make_event()])
        assert store.event("e1") == make_event()


@pytest.mark.postgres
@pytest.mark.parametrize("postgis", [True, False])
def test_postgres_migrations_recorded_once(pg_schema_url, postgis: bool):
    url = pg_schema_url()
    expected = [name for name, _ in MIGRATIONS if postgis or name != POSTGIS]
    with PostgresStore(url, postgis=postgis) as store:
        assert store.migrate() == expected
        assert store.migrate() == []
        assert store.spatial is postgis
        rows = store._conn.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
    assert [name for (name,) in rows] == expected
    with open_store(url) as store:  # PostGIS allowed again: the pending migration is applied now
        assert store.spatial
        assert store.migrate() == []


@pytest.mark.postgres
@pytest.mark.parametrize("postgis", [True, False])
@pytest.mark.parametrize("bbox, expected", [
    ((35.0, 30.0, 45.0, 40.0), {"mosul", "aleppo"}),
    ((43.119, 36.335, 43.119, 36.335), {"mosul"}),
    ((43.1191, 36.335, 44.0, 36.335), set()),  # just east of Mosul: exact, not the index's float4 boxes
    ((170.0, -20.0, -170.0, -10.0), {"fiji"}),
    ((-180.0, -90.0, 180.0, 90.0), {"mosul", "aleppo", "kabul", "fiji"}),
])
def test_postgres_bbox_with_and_without_postgis(pg_schema_url, postgis: bool, bbox, expected):
    with PostgresStore(pg_schema_url(), postgis=postgis) as store:
        store.migrate()
        store.write_batch([FILTER_ARTICLE], [], FILTER_EVENTS)
        assert store.spatial is postgis
        page, _ = store.events(EventQuery(bbox=bbox))
        assert {e.event_id for e in page} == expected


@pytest.mark.postgres
def test_postgres_bbox_uses_the_gist_index(pg_schema_url):
    with open_store(pg_schema_url()) as store:
        store.write_batch([], [], [make_event(f"e{i}", latitude=i / 100, longitude=i / 100) for i in range(2000)])
        store._conn.execute("ANALYZE events")
        plan = store._conn.execute(
            "EXPLAIN SELECT event_id FROM events WHERE geom && ST_MakeEnvelope(1, 1, 2, 2, 4326)").fetchall()
    assert "events_geom" in "\n".join(row[0] for row in plan)


@pytest.mark.postgres
def test_postgres_nul_characters_round_trip_and_filter(pg_schema_url):
    event = make_event(country="Ira\x00q", notes="a\x00b", actor1="X\x00Y")
    with open_store(pg_schema_url()) as store:
        store.write_batch([], [], [event])
        assert store.event("e1") == event
        assert [e.event_id for e in store.events(EventQuery(country="ira\x00q"))[0]] == ["e1"]
        assert store.events(EventQuery(country="iraq")) == ([], None)
        assert [e.event_id for e in store.events(EventQuery(actor="x\x00y"))[0]] == ["e1"]


def _write_overlapping(url: str, worker: int) -> None:
    """Write 30 articles, mentions and events of which every worker shares two thirds with the others."""
    articles = [make_article(f"text {i}", f"a{i}.txt") for i in range(worker * 10, worker * 10 + 30)]
    with open_store(url) as store:
        for article in articles:
            event = make_event(f"e{article.id}", sources=(make_source(article),))
            store.write_batch([article], [make_mention(article)], [event])
        store.record_failures([(f"bad{i}.txt", f"worker {worker}") for i in range(5)])


@pytest.mark.postgres
def test_postgres_concurrent_writers_lose_and_double_nothing(pg_schema_url):
    url = pg_schema_url()
    open_store(url).close()  # migrated once, before the writers race
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_overlapping, args=(url, worker)) for worker in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    with open_store(url) as store:
        assert store.stats() == {"articles": 60, "events": 60, "sources": 60, "failed": 5, "mentions": 60}
        assert all(len(e.sources) == 1 for e in store.all_events())


@pytest.mark.postgres
def test_postgres_all_events_streams_in_order(pg_schema_url):
    events = [make_event(f"e{i:04d}", event_date=None if i % 7 == 0 else f"2016-12-{i % 28 + 1:02d}")
              for i in range(1200)]
    with open_store(pg_schema_url()) as store:
        store.write_batch([], [], events)
        streamed = [e.event_id for e in store.all_events()]
    assert streamed == [e.event_id for e in sorted(events, key=lambda e: (e.event_date is None,
                                                                          e.event_date or "", e.event_id))]


@pytest.mark.postgres
def test_postgres_control_characters_keep_keys_distinct_and_ordered(pg_schema_url):
    ids = ["0", "\x00", "\x01", "\x01\x01", "\ufffd", "a\x00", "a"]
    with open_store(pg_schema_url()) as store:
        store.write_batch([], [], [make_event(i, sources=(make_source(make_article(), start=0),)) for i in ids])
        assert [e.event_id for e in store.all_events()] == sorted(ids)
        walked = [e.event_id for e in store.iter_events(EventQuery())]
        assert walked == sorted(ids) and store.event_ids_for_articles([make_article().hash]) == set(ids)
        page, cursor = store.events(EventQuery(limit=3))
        assert [e.event_id for e in store.events(EventQuery(limit=10, cursor=cursor))[0]] == sorted(ids)[3:]


# ---------------------------------------------------------------- review on PostgreSQL (the same interface as SQLite)
@pytest.mark.postgres
def test_postgres_review_actions_survive_reingest(pg_schema_url):
    from frontwire.store.review import ReviewGone

    article = make_article("A text about two clashes and a bombing.", "r.txt")
    events = [make_event(i, sources=(make_source(article, start=n),)) for n, i in enumerate(["a", "b", "c", "d"])]
    with open_store(pg_schema_url()) as store:
        store.write_batch([article], [], events)
        assert store.review("a", "confirm", "ann", {})["status"] == "confirmed"
        edited = store.review("b", "edit", "ann", {"fields": {"fatalities": 3, "actor2": "Civilians (Iraq)"}})
        assert edited["event"].fatalities == 3 and store.review_status("b") == "edited"
        assert store.review("c", "reject", "ann", {})["event"] is None
        merged = store.review("a", "merge", "bob", {"other": "d"})
        assert len(merged["event"].sources) == 2
        store.write_batch([article], [], events)  # a later ingest writes the pipeline's versions again
        assert store.event("b").fatalities == 3 and store.event("c") is None and store.event("d") is None
        assert len(store.event("a").sources) == 2
        with pytest.raises(ReviewGone):
            store.review("c", "confirm", "ann", {})
        split = store.review("a", "split", "bob", {"source": 1})
        assert len(split["event"].sources) == 1 and [r["action"] for r in store.audit("a")] == [
            "confirm", "merge", "split"]
        assert store.article(article.hash)["text"] == article.text and store.article("r.txt")["hash"] == article.hash


@pytest.mark.postgres
def test_postgres_review_through_the_api(pg_schema_url):
    from fastapi.testclient import TestClient

    from frontwire.web import create_app

    from factories import TOKEN

    url = pg_schema_url()
    with open_store(url) as store:
        store.write_batch([], [], [make_event()])
    client = TestClient(create_app(url, token=TOKEN), raise_server_exceptions=False)
    response = client.post("/api/events/e1/review", json={"action": "confirm"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert client.get("/api/events/e1/audit").json()["audit"][0]["action"] == "confirm"


# ---------------------------------------------------------------- the server going away (a restart) and coming back
@pytest.mark.postgres
def test_postgres_work_waits_for_a_restarted_server(pg_schema_url, monkeypatch: pytest.MonkeyPatch):
    import psycopg

    monkeypatch.setattr("frontwire.store.postgres.BACKOFF_S", 0.01)
    real_connect, refused = psycopg.connect, []

    def restarting(*args, **kwargs):  # the server refuses connections a while, then is back
        if len(refused) < 5:
            refused.append(1)
            raise psycopg.OperationalError("the database system is starting up")
        return real_connect(*args, **kwargs)

    with open_store(pg_schema_url()) as store:
        store._drop_connection()  # what a restart does to the open connection
        monkeypatch.setattr("frontwire.store.postgres.psycopg.connect", restarting)
        store.write_batch([make_article()], [make_mention(make_article())], [make_event()])
        assert len(refused) == 5 and store.stats()["events"] == 1


@pytest.mark.postgres
def test_postgres_server_that_stays_down_is_one_clear_error(pg_schema_url, monkeypatch: pytest.MonkeyPatch):
    import psycopg

    monkeypatch.setattr("frontwire.store.postgres.BACKOFF_S", 0.01)
    monkeypatch.setattr("frontwire.store.postgres.RETRY_WINDOW_S", 0.5)
    with open_store(pg_schema_url()) as store:
        store._drop_connection()

        def down(*args, **kwargs):
            raise psycopg.OperationalError("connection refused")

        monkeypatch.setattr("frontwire.store.postgres.psycopg.connect", down)
        with pytest.raises(NotConfigured, match="did not come back within"):
            store.write_batch([make_article()], [], [make_event()])
    monkeypatch.undo()
    with open_store(store.url) as again:
        assert again.stats()["articles"] == 0  # nothing of the batch was written
