"""The JSON API and a minimal HTML page over a store."""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations at run time, and those
# inside create_app name per-app dependencies that only exist in its closure.
import hmac
import logging
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontwire.errors import NotConfigured
from frontwire.export import event_feature
from frontwire.store import DEFAULT_LIMIT, MAX_LIMIT, EventQuery, Store, open_store, parse_bbox
from frontwire.store.review import ReviewGone, ReviewNotFound
from frontwire.web.page import APP_HEADERS, LIST_HEADERS, STATIC, app_page, next_link, render_page
from frontwire.web.review import REVIEW_BODY, ReviewRequest, parse_review
from frontwire.web.stories import event_stories

logger = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 410: "gone", 413: "too_large", 500: "internal_error",
          501: "not_implemented", 503: "unavailable"}


class ApiError(Exception):
    """An error answered as {"error": {"code", "message"}} with an HTTP status."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.headers = headers


class ErrorDetail(BaseModel):
    """What went wrong: a stable code and a message for people."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """The API's one error shape."""

    error: ErrorDetail


def _documented(*statuses: int) -> dict:
    """OpenAPI entries of the error answers a route may give: any 4xx, and these 5xx, all in the one shape."""
    entries: dict = {"4XX": {"model": ErrorBody, "description": "The request was wrong (bad filter, unknown id, "
                                                               "missing or wrong token)."}}
    for status in statuses:
        entries[status] = {"model": ErrorBody, "description": {501: "This database backend does not support it.",
                                                               503: "The database is not available."}[status]}
    return entries


class GeoJSONResponse(JSONResponse):
    """JSON of a GeoJSON FeatureCollection, under the media type GeoJSON registered."""

    media_type = "application/geo+json"


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
    limit: Annotated[int, Query(description="events per page, 1 to 1000", ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
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

    # auto_error=False: a missing or malformed header is answered below, in the API's error shape. HTTPBearer
    # also declares the scheme in the OpenAPI document, so clients and fuzzers know which routes need it.
    bearer = HTTPBearer(auto_error=False, description="FRONTWIRE_TOKEN of the server")

    def require_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None) -> None:
        given = credentials.credentials.strip() if credentials else ""
        if not given:
            raise ApiError(401, "this endpoint changes data: send Authorization: Bearer <FRONTWIRE_TOKEN>",
                           headers=challenge)
        if token is None:
            raise ApiError(403, "server is read-only: start it with FRONTWIRE_TOKEN set to accept changes")
        # compare_digest: the time taken must not reveal how much of the token was right.
        if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
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

    @app.exception_handler(NotImplementedError)
    async def not_implemented(request: Request, error: NotImplementedError) -> JSONResponse:
        return error_response(501, "this database backend does not support this request")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error")


def create_app(db_url: str, token: str | None = None) -> FastAPI:
    """The web app over the database at `db_url`; `token` enables the endpoints that change data."""
    # No /docs or /redoc: they load their scripts from a CDN, and the app must work offline.
    app = FastAPI(title="frontwire", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    stores = _Stores(db_url)
    _install_error_handlers(app)
    _event_routes(app, stores)
    _review_routes(app, stores, token)
    _page_routes(app, stores)
    return app


def _event_routes(app: FastAPI, stores: _Stores) -> None:
    """The read-only JSON API."""
    StoreDep = Annotated[Store, Depends(stores.dependency)]
    QueryDep = Annotated[EventQuery, Depends(event_query)]

    @app.get("/api/events", responses=_documented(503))
    def list_events(query: QueryDep, store: StoreDep) -> JSONResponse:
        """One page of events matching the filters, newest first, and the next page's cursor."""
        page, cursor = store.event_dicts(query)
        return JSONResponse({"events": page, "next": cursor})

    geojson = {200: {"description": "A GeoJSON FeatureCollection.",
                     "content": {GeoJSONResponse.media_type: {"schema": {"type": "object"}}}}}

    @app.get("/api/events.geojson", responses=geojson | _documented(503))
    def events_geojson(query: QueryDep, store: StoreDep) -> GeoJSONResponse:
        """The same page as a GeoJSON FeatureCollection; `next` is a foreign member."""
        page, cursor = store.events(query)
        body = {"type": "FeatureCollection", "features": [event_feature(e) for e in page], "next": cursor}
        return GeoJSONResponse(body)

    @app.get("/api/events/{event_id}", responses=_documented(503))
    def get_event(event_id: str, store: StoreDep) -> JSONResponse:
        """One event, or 404."""
        event = store.event(event_id)
        if event is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return JSONResponse(event.to_dict())

    @app.get("/api/articles/{key:path}", responses=_documented(501, 503))
    def get_article(key: str, store: StoreDep) -> JSONResponse:
        """One stored article by content hash or article id: its metadata and verbatim text (offsets refer to it)."""
        article = store.article(key)
        if article is None:
            raise ApiError(404, f"no article with hash or id {key!r}")
        return JSONResponse(article)

    @app.get("/api/stats", responses=_documented(503))
    def stats(query: QueryDep, store: StoreDep) -> JSONResponse:
        """Counts of the database, and the filtered events by week, event type and admin1."""
        return JSONResponse(store.stats() | store.summary(query))

    @app.get("/api/stories", responses=_documented(503))
    def stories(query: QueryDep, store: StoreDep) -> JSONResponse:
        """Matching events grouped into stories: events reported by a common article belong together."""
        return JSONResponse({"stories": event_stories(store.iter_events(query), query.limit)})


def _review_routes(app: FastAPI, stores: _Stores, token: str | None) -> None:
    """Analyst review (needs the bearer token) and the audit trail (public)."""
    StoreDep = Annotated[Store, Depends(stores.dependency)]

    @app.post("/api/events/{event_id}/review", dependencies=[Depends(_bearer_check(token))],
              responses=_documented(501, 503), openapi_extra={"requestBody": REVIEW_BODY})
    async def review_event(event_id: str, request: Request) -> JSONResponse:
        """Confirm, edit, reject, merge or split an event; answers {"event", "status", "audit"}."""
        # The body is read here, after the token check, so an unauthenticated caller learns nothing from it.
        try:
            wanted = parse_review(await request.body())
        except ValueError as error:
            raise ApiError(400, str(error)) from None
        return JSONResponse(await run_in_threadpool(_apply_review, stores, event_id, wanted))

    @app.get("/api/events/{event_id}/audit", responses=_documented(501, 503))
    def event_audit(event_id: str, store: StoreDep) -> JSONResponse:
        """The review status and audit records of an event (also of a rejected or merged one)."""
        records = store.audit(event_id)
        if not records and store.event(event_id) is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return JSONResponse({"event_id": event_id, "status": store.review_status(event_id), "audit": records})


def _apply_review(stores: _Stores, event_id: str, wanted: ReviewRequest) -> dict:
    """Run one review against a fresh store; store errors become 4xx answers."""
    with stores.open() as store:
        try:
            result = store.review(event_id, wanted.action, wanted.who, wanted.body)
        except ReviewNotFound as error:
            raise ApiError(404, str(error)) from None
        except ReviewGone as error:
            raise ApiError(410, str(error)) from None
        except ValueError as error:
            raise ApiError(400, str(error)) from None
    event = result["event"]
    return result | {"event": event.to_dict() if event is not None else None}


def _page_routes(app: FastAPI, stores: _Stores) -> None:
    """The map page, its static files, and the script-free list."""
    StoreDep = Annotated[Store, Depends(stores.dependency)]
    QueryDep = Annotated[EventQuery, Depends(event_query)]
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        """The analyst's page: map, timeline, filters, list, event panel and review."""
        return HTMLResponse(app_page(), headers=APP_HEADERS)

    @app.get("/list", response_class=HTMLResponse, include_in_schema=False)
    def event_list(request: Request, query: QueryDep, store: StoreDep) -> HTMLResponse:
        """The events as a plain HTML list that needs no script."""
        events, cursor = store.events(query)
        return HTMLResponse(render_page(events, next_link(request, cursor)), headers=LIST_HEADERS)
