"""Tests of analyst review: confirm, edit, reject, merge, split, the audit trail, and ingests that respect them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from frontwire.store import EventQuery, open_store
from frontwire.store.review import ReviewGone, ReviewNotFound
from frontwire.web import create_app

from factories import TOKEN, make_article, make_event, make_source

TEXT = ("BAGHDAD (Reuters) - <b>Bombers</b> struck a café in Karrada 🙂 on Sunday, killing 12 people.\n"
        "Separately, Iraqi forces clashed with Islamic State fighters near Mosul <script>alert(1)</script>.\n")
ARTICLE = make_article(TEXT, "karrada.txt")
FIRST, SECOND = TEXT.splitlines()[0], TEXT.splitlines()[1]
SOURCE_A = make_source(ARTICLE, FIRST, 0)
SOURCE_B = make_source(ARTICLE, SECOND, len(FIRST) + 1)
OTHER = make_article("MOSUL, Iraq - Fighting went on near Mosul on Sunday.", "other.txt")
SOURCE_C = make_source(OTHER)
EVENTS = [make_event("bomb", sources=(SOURCE_A,), fatalities=12, fatalities_low=12, fatalities_high=12),
          make_event("clash", sources=(SOURCE_B,)),
          make_event("clash-2", sources=(SOURCE_C,))]
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def review_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    with open_store(url) as store:
        store.write_batch([ARTICLE, OTHER], [], EVENTS)
    return url


@pytest.fixture
def api(review_url: str) -> TestClient:
    return TestClient(create_app(review_url, token=TOKEN), raise_server_exceptions=False)


def review(api: TestClient, event_id: str, **body):
    return api.post(f"/api/events/{event_id}/review", json=body, headers=AUTH)


def reingest(url: str, events=EVENTS, retired=()) -> None:
    """What a later ingest does: rewrite the pipeline's events."""
    with open_store(url) as store:
        store.write_batch([ARTICLE, OTHER], [], events, retired)


def test_review_confirm_is_audited(api: TestClient):
    response = review(api, "bomb", action="confirm", who="Ana")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "confirmed" and response.json()["event"]["event_id"] == "bomb"
    audit = api.get("/api/events/bomb/audit").json()
    assert audit["status"] == "confirmed"
    [record] = audit["audit"]
    assert record["who"] == "Ana" and record["action"] == "confirm" and record["at"]
    assert record["before"] == {"status": None} and record["after"] == {"status": "confirmed"}


def test_review_legacy_status_body(api: TestClient):
    assert review(api, "bomb", status="confirmed").json()["status"] == "confirmed"


def test_review_edit_survives_reingest(api: TestClient, review_url: str):
    response = review(api, "bomb", action="edit", fields={"fatalities": 13, "actor2": "Civilians (Iraq)"})
    assert response.status_code == 200, response.text
    assert response.json()["event"]["fatalities"] == 13
    reingest(review_url)
    event = api.get("/api/events/bomb").json()
    assert event["fatalities"] == 13 and event["actor2"] == "Civilians (Iraq)"
    assert [e["event_id"] for e in api.get("/api/events", params={"actor": "civilians (iraq)"}).json()["events"]] \
        == ["bomb"]
    record = api.get("/api/events/bomb/audit").json()["audit"][0]
    assert record["before"] == {"fatalities": 12, "actor2": "Islamic State", "fatalities_low": 12,
                                "fatalities_high": 12}
    assert record["after"] == {"fatalities": 13, "actor2": "Civilians (Iraq)", "fatalities_low": 12,
                               "fatalities_high": 13}


def test_review_reject_stays_rejected(api: TestClient, review_url: str):
    assert review(api, "bomb", action="reject").json() | {"audit": None} == {
        "event": None, "status": "rejected", "audit": None}
    reingest(review_url)
    assert api.get("/api/events/bomb").status_code == 404
    assert "bomb" not in [e["event_id"] for e in api.get("/api/events").json()["events"]]
    again = review(api, "bomb", action="confirm")
    assert again.status_code == 410 and again.json()["error"]["code"] == "gone"
    audit = api.get("/api/events/bomb/audit").json()
    assert audit["status"] == "rejected" and audit["audit"][0]["before"]["event_id"] == "bomb"


def test_review_merge_moves_sources(api: TestClient, review_url: str):
    response = review(api, "clash", action="merge", other="clash-2")
    assert response.status_code == 200, response.text
    assert [s["article_id"] for s in response.json()["event"]["sources"]] == ["karrada.txt", "other.txt"]
    reingest(review_url)
    assert len(api.get("/api/events/clash").json()["sources"]) == 2
    assert api.get("/api/events/clash-2").status_code == 404
    assert review(api, "clash-2", action="confirm").status_code == 410
    assert api.get("/api/events/clash-2/audit").json()["audit"][0]["after"] == {"merged_into": "clash"}


def test_review_split_makes_a_new_event(api: TestClient, review_url: str):
    review(api, "clash", action="merge", other="clash-2")
    response = review(api, "clash", action="split", source=1)
    assert response.status_code == 200, response.text
    assert len(response.json()["event"]["sources"]) == 1
    new_id = response.json()["audit"][-1]["after"]["split_off"]
    reingest(review_url, retired=[new_id])  # the pipeline would retire it: it cites a re-merged article
    new = api.get(f"/api/events/{new_id}").json()
    assert [s["article_id"] for s in new["sources"]] == ["other.txt"]
    assert len(api.get("/api/events/clash").json()["sources"]) == 1
    assert review(api, "clash", action="split", source=0).status_code == 400  # one source left


@pytest.mark.parametrize("body, mentioned", [
    ({"action": "edit", "fields": {"event_id": "x"}}, "event_id"),
    ({"action": "edit", "fields": {"sources": []}}, "sources"),
    ({"action": "edit", "fields": {"fatalities": "many"}}, "fatalities"),
    ({"action": "edit", "fields": {"fatalities": True}}, "fatalities"),
    ({"action": "edit", "fields": {"latitude": 91}}, "latitude"),
    ({"action": "edit", "fields": {"fatalities_high": 1}}, "fatalities"),
    ({"action": "edit", "fields": {"event_date": "2016-02-30"}}, "event_date"),
    ({"action": "edit", "fields": {"sub_event_type": "Picnic"}}, "sub_event_type"),
    ({"action": "edit", "fields": {"notes": "x" * 5000}}, "notes"),
    ({"action": "edit", "fields": {}}, "fields"),
    ({"action": "edit", "fields": ["fatalities"]}, "fields"),
    ({"action": "merge"}, "other"),
    ({"action": "merge", "other": "bomb"}, "other"),
    ({"action": "split", "source": 0}, "split"),
    ({"action": "split", "source": "0"}, "source"),
    ({"action": "delete"}, "action"),
    ({"action": "confirm", "who": "x" * 200}, "who"),
    ({"action": "confirm", "who": ["x"]}, "who"),
])
def test_review_bad_requests_change_nothing(api: TestClient, body: dict, mentioned: str):
    before = api.get("/api/events/bomb").json()
    response = api.post("/api/events/bomb/review", json=body, headers=AUTH)
    assert response.status_code == 400, response.text
    assert mentioned in response.json()["error"]["message"] and "Traceback" not in response.text
    assert api.get("/api/events/bomb").json() == before
    assert api.get("/api/events/bomb/audit").json()["audit"] == []


def test_review_unknown_events(api: TestClient):
    assert review(api, "nope", action="confirm").status_code == 404
    assert review(api, "bomb", action="merge", other="nope").status_code == 404
    assert api.get("/api/events/nope/audit").status_code == 404


def test_review_huge_body_is_refused(api: TestClient):
    response = api.post("/api/events/bomb/review", content=b"{" + b" " * 70000 + b"}",
                        headers=AUTH | {"Content-Type": "application/json"})
    assert response.status_code == 400 and "larger" in response.json()["error"]["message"]


def test_review_needs_token_even_for_rejects(review_url: str):
    read_only = TestClient(create_app(review_url), raise_server_exceptions=False)
    assert read_only.post("/api/events/bomb/review", json={"action": "reject"}, headers=AUTH).status_code == 403
    assert read_only.get("/api/events/bomb").status_code == 200


def test_review_article_text_is_verbatim_json(api: TestClient):
    article = api.get("/api/articles/karrada.txt").json()
    assert article["text"] == TEXT and article["hash"] == ARTICLE.hash
    assert api.get(f"/api/articles/{ARTICLE.hash}").json()["id"] == "karrada.txt"
    event = api.get("/api/events/clash").json()
    [source] = event["sources"]
    assert article["text"][source["start"]:source["end"]] == source["sentence"]
    assert api.get("/api/articles/missing.txt").json()["error"]["code"] == "not_found"


def test_review_article_with_a_path_id(tmp_path):
    url = f"sqlite:///{tmp_path / 'paths.db'}"
    with open_store(url) as store:
        store.write_batch([make_article("Text.", "/data/news/a b.txt")], [], [])
    api = TestClient(create_app(url), raise_server_exceptions=False)
    assert api.get("/api/articles/%2Fdata%2Fnews%2Fa%20b.txt").json()["text"] == "Text."


def test_review_store_errors(review_url: str):
    with open_store(review_url) as store:
        with pytest.raises(ReviewNotFound):
            store.review("nope", "confirm", "me", {})
        store.review("bomb", "reject", "me", {})
        with pytest.raises(ReviewGone):
            store.review("bomb", "edit", "me", {"fields": {"fatalities": 1}})
        with pytest.raises(ValueError):
            store.review("clash", "explode", "me", {})
        assert [e.event_id for e in store.iter_events(EventQuery())] == ["clash", "clash-2"]
