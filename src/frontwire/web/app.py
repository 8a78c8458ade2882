"""The JSON API and a minimal HTML page over a store."""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations at run time, and those
# inside create_app name per-app dependencies that only exist in its closure.
import hmac
import json
import logging
from collections.abc import Callable, Iterator
from html import escape
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontwire.errors import NotConfigured
from frontwire.export import event_feature
from frontwire.models import Event
from frontwire.store import DEFAULT_LIMIT, EventQuery, Store, open_store, parse_bbox

logger = logging.getLogger(__name__)

REVIEW_STATUSES = ("confirmed", "rejected")
_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 500: "internal_error", 501: "not_implemented", 503: "unavailable"}
# The page has no scripts yet; forbidding them makes an escaping slip harmless.
_PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                 "X-Content-Type-Options": "nosniff"}


class ApiError(Exception):
    """An error answered as {"error": {"code", "message"}} with an HTTP status."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.headers = headers


def error_response(status: int, message: str, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The API's one error shape."""
    body = {"error": {"code": code or _CODES.get(status, "error"), "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def event_query(
    since: Annotated[str | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="last day, YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(description="country name or ISO3 code")] = None,
    event_type: Annotated[str | None, Query(description="event type or sub-event type")] = None,
    actor: Annotated[str | None, Query(description="part of an actor's name")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    q: Annotated[str | None, Query(description="words in notes, location, actors or sources")] = None,
    limit: Annotated[int, Query(description="events per page, 1 to 1000")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next` of the previous page")] = None,
) -> EventQuery:
    """The listing filters of a request, validated (400 when malformed)."""
    try:
        box = parse_bbox(bbox) if bbox else None
        return EventQuery(since=since or None, until=until or None, country=country, event_type=event_type,
                          actor=actor, bbox=box, q=q, limit=limit, cursor=cursor or None).validate()
    except ValueError as error:
        raise ApiError(400, str(error)) from None


class _Stores:
    """Opens one store per request (SQLite connections must not be shared between concurrent requests)."""

    def __init__(self, db_url: str):
        self.db_url = db_url

    def open(self) -> Store:
        """A fresh, migrated store; 503 when the database cannot be opened."""
        # Migrating on every open costs one read when the schema is current, and gives a
        # sqlite:///:memory: database (new on each connection) its tables.
        try:
            return open_store(self.db_url)
        except NotConfigured as error:
            logger.error("database unavailable: %s", error)
            raise ApiError(503, "the database is not available") from None

    def dependency(self) -> Iterator[Store]:
        """FastAPI dependency: the request's store, closed afterwards."""
        store = self.open()
        try:
            yield store
        finally:
            store.close()


def _bearer_check(token: str | None) -> Callable[..., None]:
    """Dependency that lets a request through only with `Authorization: Bearer <token>`."""
    challenge = {"WWW-Authenticate": "Bearer"}

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "this endpoint changes data: send Authorization: Bearer <FRONTWIRE_TOKEN>",
                           headers=challenge)
        if token is None:
            raise ApiError(403, "server is read-only: start it with FRONTWIRE_TOKEN set to accept changes")
        # compare_digest: the time taken must not reveal how much of the token was right.
        if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
            raise ApiError(401, "invalid bearer token", headers=challenge)

    return require_token


def _install_error_handlers(app: FastAPI) -> None:
    """Every error, ours or the framework's, answered in the one error shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.message, error.code, error.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return error_response(error.status_code, str(error.detail), headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        # Only where and what: pydantic's `input` would echo the client's value back.
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
                             for e in error.errors())
        return error_response(400, problems or "invalid request")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error")


def create_app(db_url: str, token: str | None = None) -> FastAPI:
    """The web app over the database at `db_url`; `token` enables the endpoints that change data."""
    # No /docs or /redoc: they load their scripts from a CDN, and the app must work offline.
    app = FastAPI(title="frontwire", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    stores = _Stores(db_url)
    StoreDep = Annotated[Store, Depends(stores.dependency)]
    QueryDep = Annotated[EventQuery, Depends(event_query)]
    _install_error_handlers(app)

    @app.get("/api/events")
    def list_events(query: QueryDep, store: StoreDep) -> JSONResponse:
        """One page of events matching the filters, newest first, and the next page's cursor."""
        page, cursor = store.events(query)
        return JSONResponse({"events": [e.to_dict() for e in page], "next": cursor})

    @app.get("/api/events.geojson")
    def events_geojson(query: QueryDep, store: StoreDep) -> JSONResponse:
        """The same page as a GeoJSON FeatureCollection; `next` is a foreign member."""
        page, cursor = store.events(query)
        body = {"type": "FeatureCollection", "features": [event_feature(e) for e in page], "next": cursor}
        return JSONResponse(body, media_type="application/geo+json")

    @app.get("/api/events/{event_id}")
    def get_event(event_id: str, store: StoreDep) -> JSONResponse:
        """One event, or 404."""
        event = store.event(event_id)
        if event is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return JSONResponse(event.to_dict())

    @app.post("/api/events/{event_id}/review", dependencies=[Depends(_bearer_check(token))])
    async def review_event(event_id: str, request: Request) -> Response:
        """Analyst review (placeholder): checks token, body and event, then answers 501; stores nothing."""
        # The body is read here, after the token check, so an unauthenticated caller learns nothing from it.
        status = _review_status(await request.body())
        if not await run_in_threadpool(_event_exists, stores, event_id):
            raise ApiError(404, f"no event with id {event_id!r}")
        raise ApiError(501, f"reviews ({status}) are not stored yet; nothing was changed")

    @app.get("/api/stats")
    def stats(store: StoreDep) -> JSONResponse:
        """Counts of the database: articles, events, sources, failed, mentions."""
        return JSONResponse(store.stats())

    @app.get("/", response_class=HTMLResponse)
    def page(request: Request, query: QueryDep, store: StoreDep) -> HTMLResponse:
        """A minimal page listing events; the map and timeline come later."""
        events, cursor = store.events(query)
        return HTMLResponse(render_page(events, _next_link(request, cursor)), headers=_PAGE_HEADERS)

    return app


def _review_status(body: bytes) -> str:
    """The `status` of a review body; 400 unless it is {"status": "confirmed" | "rejected"}."""
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "the body must be JSON: {\"status\": \"confirmed\" | \"rejected\"}") from None
    if not isinstance(data, dict) or data.get("status") not in REVIEW_STATUSES:
        raise ApiError(400, "status must be \"confirmed\" or \"rejected\"")
    return data["status"]


def _event_exists(stores: _Stores, event_id: str) -> bool:
    with stores.open() as store:
        return store.event(event_id) is not None


def _next_link(request: Request, cursor: str | None) -> str | None:
    """URL of the next page with the same filters."""
    if cursor is None:
        return None
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    return "/?" + urlencode({**params, "cursor": cursor})


def _event_item(event: Event) -> str:
    """One event of the list; every article-derived text is escaped."""
    where = ", ".join(p for p in (event.location, event.admin1, event.country) if p) or "place unknown"
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    return (
        f'<li class="event" data-event-id="{escape(event.event_id)}">'
        f'<time datetime="{escape(event.event_date or "")}">{escape(event.event_date or "date unknown")}</time> '
        f"<strong>{escape(event.event_type)}</strong> / {escape(event.sub_event_type)} "
        f"&middot; {escape(where)} &middot; {event.fatalities} fatalities"
        + (f"<br><span class=\"actors\">{escape(actors)}</span>" if actors else "")
        + f"<p>{escape(event.notes)}</p></li>"
    )


def render_page(events: list[Event], next_link: str | None) -> str:
    """The HTML of the event list page."""
    items = "\n".join(_event_item(e) for e in events) or "<li>No events stored yet.</li>"
    more = f'<p><a rel="next" href="{escape(next_link)}">Older events</a></p>' if next_link else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>frontwire events</title>
<style>body{{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}}
li.event{{margin:.6rem 0}} li.event p{{margin:.2rem 0;color:#333}} time{{font-variant-numeric:tabular-nums}}</style>
</head><body><h1>frontwire</h1>
<p>Events extracted from news reports. JSON: <a href="/api/events">/api/events</a>,
<a href="/api/events.geojson">/api/events.geojson</a>, <a href="/api/stats">/api/stats</a>.</p>
<ol class="events">
{items}
</ol>
{more}
</body></html>
"""
