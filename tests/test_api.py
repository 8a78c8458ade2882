"""Tests of the web app: the JSON API, its one error shape, the bearer token and the HTML page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from frontwire.web import create_app

from factories import API_EVENTS as EVENTS
from factories import TOKEN


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]
    assert "Traceback" not in response.text
    return body["error"]


def event_ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


def test_api_lists_events_newest_first(client: TestClient):
    response = client.get("/api/events")
    assert event_ids(response) == ["kabul", "mosul-2", "mosul-1", "aleppo", "undated"]
    assert response.json()["next"] is None
    assert response.json()["events"][2] == EVENTS[0].to_dict()


@pytest.mark.parametrize("params, expected", [
    ({"country": "iraq"}, {"mosul-1", "mosul-2", "undated"}),
    ({"country": "AFG"}, {"kabul"}),
    ({"since": "2016-12-05"}, {"mosul-2", "kabul"}),
    ({"since": "2016-11-01", "until": "2016-12-04"}, {"mosul-1", "aleppo"}),
    ({"event_type": "Air/drone strike"}, {"aleppo"}),
    ({"event_type": "battles"}, {"mosul-1", "mosul-2", "undated"}),
    ({"actor": "taliban"}, {"kabul"}),
    ({"bbox": "35,30,45,40"}, {"mosul-1", "mosul-2", "aleppo"}),
    ({"bbox": "60,30,70,40", "q": "wedding"}, {"kabul"}),
    ({"q": "market aleppo"}, {"aleppo"}),
    ({"q": "islamic state fighters"}, {"mosul-1", "mosul-2", "undated"}),
    ({"country": ""}, {"mosul-1", "mosul-2", "aleppo", "kabul", "undated"}),
])
def test_api_filters(client: TestClient, params: dict, expected: set[str]):
    assert set(event_ids(client.get("/api/events", params=params))) == expected


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_api_pagination_walks_every_event_once(client: TestClient, limit: int):
    seen, cursor = [], None
    while True:
        params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/events", params=params).json()
        assert len(body["events"]) <= limit
        seen += [e["event_id"] for e in body["events"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == ["kabul", "mosul-2", "mosul-1", "aleppo", "undated"]


def test_api_one_event(client: TestClient):
    response = client.get("/api/events/aleppo")
    assert response.status_code == 200
    assert response.json() == EVENTS[2].to_dict()


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/events/%27%20OR%201%3D1", "/no/such/page"])
def test_api_not_found(client: TestClient, path: str):
    assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("params, mentioned", [
    ({"since": "2016-13-01"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"since": "2016-12-05", "until": "2016-12-01"}, "after"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "0,95,1,96"}, "latitudes"),
    ({"limit": "0"}, "limit"),
    ({"limit": "1001"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"cursor": "garbage"}, "cursor"),
])
@pytest.mark.parametrize("path", ["/api/events", "/api/events.geojson", "/list", "/api/stats", "/api/stories"])
def test_api_bad_parameters(client: TestClient, path: str, params: dict, mentioned: str):
    error = assert_error(client.get(path, params=params), 400, "bad_request")
    assert mentioned in error["message"]


def test_api_method_not_allowed(client: TestClient):
    assert_error(client.delete("/api/events/aleppo"), 405, "method_not_allowed")


@pytest.mark.parametrize("attack", ["' OR '1'='1", "\"; DROP TABLE events; --", "%", "Robert'); DROP TABLE events;--"])
@pytest.mark.parametrize("field", ["country", "actor", "event_type", "q"])
def test_api_injection_is_inert(client: TestClient, field: str, attack: str):
    assert event_ids(client.get("/api/events", params={field: attack})) == []
    assert client.get("/api/stats").json()["events"] == len(EVENTS)


def test_api_geojson(client: TestClient):
    response = client.get("/api/events.geojson", params={"country": "Iraq", "limit": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["next"]
    assert [f["id"] for f in body["features"]] == ["mosul-2", "mosul-1"]
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [43.119, 36.335]}
    rest = client.get("/api/events.geojson", params={"country": "Iraq", "cursor": body["next"]}).json()
    assert [f["geometry"] for f in rest["features"]] == [None] and rest["next"] is None


def test_api_stats(client: TestClient):
    body = client.get("/api/stats").json()
    assert {k: body[k] for k in ("articles", "events", "sources", "failed", "mentions")} == {
        "articles": 0, "events": 5, "sources": 3, "failed": 0, "mentions": 0}
    assert sum(w["events"] for w in body["by_week"]) == 4  # the undated event has no week
    assert body["by_week"][0]["week"] <= body["by_week"][-1]["week"]
    assert sum(body["by_event_type"].values()) == 5 and body["by_event_type"]["Battles"] == 3
    assert sum(body["by_admin1"].values()) == 5


def test_api_stats_follow_filters(client: TestClient):
    body = client.get("/api/stats", params={"country": "AFG"}).json()
    assert body["by_event_type"] == {"Violence against civilians": 1} and body["events"] == 5


def test_api_stories_group_events_by_article(client: TestClient):
    stories = client.get("/api/stories").json()["stories"]
    assert sorted(e for s in stories for e in s["event_ids"]) == sorted(e.event_id for e in EVENTS)
    assert all(s["story_id"] and s["fatalities"] >= 0 for s in stories)
    assert len(client.get("/api/stories", params={"limit": 1}).json()["stories"]) == 1


def test_api_openapi_document(client: TestClient):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/stats", "/api/stories",
                 "/api/articles/{key}", "/api/events/{event_id}/review", "/api/events/{event_id}/audit"):
        assert path in paths


def test_api_app_page_runs_only_own_scripts(client: TestClient):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy and "http" not in policy
    assert "<script src=\"/static/app.js\">" in response.text and "http" not in response.text.split("<footer")[0]
    assert client.get("/static/app.js").status_code == 200


def test_api_page_lists_events_escaped(client: TestClient):
    response = client.get("/list")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    for event in EVENTS:
        assert f'data-event-id="{event.event_id}"' in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; fled." in html
    assert "script-src" not in response.headers["content-security-policy"]  # no scripts may run


def test_api_page_links_next_page_with_filters(client: TestClient):
    html = client.get("/list", params={"limit": 1, "country": "iraq"}).text
    assert html.count("data-event-id=") == 1 and 'rel="next"' in html
    assert "country=iraq" in html and "limit=1" in html


REVIEW = "/api/events/aleppo/review"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
def test_api_review_requires_token(client: TestClient, headers: dict):
    response = client.post(REVIEW, json={"status": "confirmed"}, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_review_unauthenticated_body_is_not_read(client: TestClient):
    assert_error(client.post(REVIEW, content=b"{not json"), 401, "unauthorized")


def test_api_review_read_only_server(api_db_url: str):
    client = TestClient(create_app(api_db_url), raise_server_exceptions=False)
    assert_error(client.post(REVIEW, json={"status": "confirmed"}), 401, "unauthorized")
    response = client.post(REVIEW, json={"status": "confirmed"}, headers={"Authorization": "Bearer anything"})
    assert "read-only" in assert_error(response, 403, "forbidden")["message"]


@pytest.mark.parametrize("path, body, status, code", [
    (REVIEW, {"status": "maybe"}, 400, "bad_request"),
    (REVIEW, {"action": "edit", "fields": {"fatalities": -1}}, 400, "bad_request"),
    (REVIEW, ["confirmed"], 400, "bad_request"),
    (REVIEW, b"{not json", 400, "bad_request"),
    ("/api/events/nope/review", {"status": "confirmed"}, 404, "not_found"),
])
def test_api_bad_review_changes_nothing(client: TestClient, path: str, body, status: int, code: str):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if isinstance(body, bytes):
        response = client.post(path, content=body, headers=auth | {"Content-Type": "application/json"})
    else:
        response = client.post(path, json=body, headers=auth)
    assert_error(response, status, code)
    assert client.get("/api/events/aleppo").json() == EVENTS[2].to_dict()  # nothing changed


def test_api_internal_error_hides_details(client: TestClient):
    def boom() -> None:
        raise RuntimeError("secret detail /etc/passwd")

    client.app.add_api_route("/api/boom", boom)
    response = client.get("/api/boom")
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and error["message"] == "internal server error"


def test_api_database_unavailable_is_one_error():
    client = TestClient(create_app("postgresql://localhost/frontwire"), raise_server_exceptions=False)
    assert_error(client.get("/api/events"), 503, "unavailable")


def test_api_memory_database_starts_empty():
    client = TestClient(create_app("sqlite:///:memory:"))
    assert client.get("/api/events").json() == {"events": [], "next": None}
    assert "No events stored yet" in client.get("/list").text


def test_api_openapi_documents_errors_auth_and_the_review_body(client: TestClient):
    document = client.get("/api/openapi.json").json()
    operations = {(path, method): op for path, item in document["paths"].items() for method, op in item.items()}
    for (path, method), operation in operations.items():
        assert "4XX" in operation["responses"] and "422" not in operation["responses"], (path, method)
        error = operation["responses"]["4XX"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorBody"}
    review = operations[("/api/events/{event_id}/review", "post")]
    assert review["security"] == [{"HTTPBearer": []}]
    assert review["requestBody"]["content"]["application/json"]["schema"]["required"] == ["action"]
    assert "application/geo+json" in operations[("/api/events.geojson", "get")]["responses"]["200"]["content"]
