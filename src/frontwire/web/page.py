"""The analyst's page (static files) and the script-free event list at /list."""

from __future__ import annotations

from html import escape
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request

from frontwire.models import Event

STATIC = Path(str(files("frontwire.web") / "static"))
# The list page has no scripts; forbidding them makes an escaping slip harmless.
LIST_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "X-Content-Type-Options": "nosniff"}
# The app page runs only its own scripts and talks only to its own server: no CDN, nothing inline.
# Leaflet positions its elements with style attributes, hence 'unsafe-inline' for styles alone.
APP_HEADERS = {"Content-Security-Policy": "default-src 'self'; script-src 'self'; connect-src 'self'; "
                                          "img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def app_page() -> str:
    """The HTML of the map page."""
    return (STATIC / "index.html").read_text("utf-8")


def next_link(request: Request, cursor: str | None) -> str | None:
    """URL of the next list page with the same filters."""
    if cursor is None:
        return None
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    return "/list?" + urlencode({**params, "cursor": cursor})


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


def render_page(events: list[Event], next_href: str | None) -> str:
    """The HTML of the script-free event list page."""
    items = "\n".join(_event_item(e) for e in events) or "<li>No events stored yet.</li>"
    more = f'<p><a rel="next" href="{escape(next_href)}">Older events</a></p>' if next_href else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>frontwire events</title>
<style>body{{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}}
li.event{{margin:.6rem 0}} li.event p{{margin:.2rem 0;color:#333}} time{{font-variant-numeric:tabular-nums}}</style>
</head><body><h1>frontwire</h1>
<p>Events extracted from news reports. <a href="/">Map</a>. JSON: <a href="/api/events">/api/events</a>,
<a href="/api/events.geojson">/api/events.geojson</a>, <a href="/api/stats">/api/stats</a>.</p>
<ol class="events">
{items}
</ol>
{more}
</body></html>
"""
