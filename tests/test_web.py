"""Browser tests of the analyst's page: a real `frontwire serve` over the sample corpus, driven in Chromium."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
import urllib.request
from urllib.parse import urlencode

import pytest

from frontwire.store import open_store

from conftest import ARTIFACTS
from factories import make_article, make_event, make_source

pytestmark = pytest.mark.browser
TOKEN = "browser-token"


def api_events(base: str, **params) -> list[dict]:
    """Every event the API lists for these filters, walking the pages."""
    events, cursor = [], None
    while True:
        query = {"limit": 1000, **params} | ({"cursor": cursor} if cursor else {})
        with urllib.request.urlopen(f"{base}/api/events?{urlencode(query)}") as response:
            body = json.load(response)
        events += body["events"]
        cursor = body["next"]
        if cursor is None:
            return events


@pytest.fixture
def site(sample_db, tmp_path, serve) -> str:
    """The page over a private copy of the sample database, with review enabled."""
    copy = tmp_path / "site.db"
    shutil.copy(sample_db, copy)
    return serve(f"sqlite:///{copy}", token=TOKEN)


def open_page(page, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("body[data-state=ready]", timeout=15000)


def shown_ids(page, where: str) -> list[str]:
    return page.eval_on_selector_all(f"{where} [data-event-id]", "nodes => nodes.map(n => n.dataset.eventId)")


def mapped_count(page) -> int:
    """Events on the map: markers of single events plus the counts of clusters."""
    clusters = page.eval_on_selector_all("#map [data-cluster-count]", "n => n.map(x => +x.dataset.clusterCount)")
    return len(shown_ids(page, "#map")) + sum(clusters)


def test_web_page_shows_every_event(page, site):
    events = api_events(site)
    assert len(events) > 10
    open_page(page, site)
    assert sorted(shown_ids(page, "#events")) == sorted(e["event_id"] for e in events)
    assert mapped_count(page) == sum(1 for e in events if e["latitude"] is not None)
    assert page.locator("#timeline rect.bar").count() > 1
    page.locator("#map").click(position={"x": 5, "y": 5})  # the map is interactive
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page.png"))
    assert page.errors == []


def test_web_zooming_in_declusters(page, site):
    open_page(page, site)
    total = mapped_count(page)
    page.evaluate("void FW.map.map.setView([33.3, 44.4], 9, {animate: false})")
    assert page.locator("#map [data-cluster-count]").count() == 0
    page.evaluate("void FW.map.map.setZoom(2, {animate: false})")
    assert mapped_count(page) == total


def test_web_page_works_under_its_content_security_policy(browser, site):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    strict = context.new_page()
    errors = []
    strict.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    strict.on("pageerror", lambda error: errors.append(str(error)))
    open_page(strict, site)
    strict.wait_for_selector("#map path.leaflet-interactive, #map [data-cluster-count]", state="attached")
    strict.wait_for_selector("#map svg path[fill='#efeee6']", state="attached")  # the basemap
    assert strict.locator("#events [data-event-id]").count() > 10
    context.close()
    assert errors == []


def test_web_brush_filters_map_and_list(page, site):
    open_page(page, site)
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 3
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.up()
    since, _, until = page.inner_text("#brush-label").partition(" to ")
    expected = api_events(site, since=since, until=until)
    assert 0 < len(expected) < len(api_events(site))
    assert sorted(shown_ids(page, "#events")) == sorted(e["event_id"] for e in expected)
    assert mapped_count(page) == sum(1 for e in expected if e["latitude"] is not None)
    page.click("#brush-clear")
    assert len(shown_ids(page, "#events")) == len(api_events(site))


def test_web_filters_query_the_api(page, site):
    open_page(page, site)
    page.fill("#f-country", "Iraq")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("body[data-state=ready]")
    page.wait_for_function("document.querySelector('#count').textContent !== ''")
    expected = api_events(site, country="Iraq")
    assert expected and sorted(shown_ids(page, "#events")) == sorted(e["event_id"] for e in expected)
    page.select_option("#f-type", "Battles")
    page.fill("#f-q", "no such words anywhere")
    page.click("#filters button[type=submit]")
    page.wait_for_function("document.querySelectorAll('#events [data-event-id]').length === 0")


def test_web_event_panel_evidence_and_review(page, site):
    open_page(page, site)
    event = next(e for e in api_events(site) if e["sources"])
    page.click(f'#events li[data-event-id="{event["event_id"]}"]')
    page.wait_for_selector("#panel .source .context mark")
    page.wait_for_function("document.querySelector('#panel .source .context').textContent.length > "
                           f"{len(event['sources'][0]['sentence']) + 5}")  # the sentence in its article
    assert page.inner_text("#panel .source mark").strip() == event["sources"][0]["sentence"].strip()
    assert page.inner_text('#panel dd[data-field="event_type"]') == event["event_type"]
    page.fill("#who", "Ana Analyst")
    page.fill("#token", TOKEN)
    page.click('#panel button[data-action="confirm"]')
    page.wait_for_selector('#panel li[data-audit-action="confirm"]')
    assert "Ana Analyst" in page.inner_text("#panel .audit")
    page.select_option('#panel form.edit select[name="field"]', "fatalities")
    page.fill('#panel form.edit input[name="value"]', "77")
    page.click('#panel form.edit button[type="submit"]')
    page.wait_for_selector('#panel li[data-audit-action="edit"]')
    assert page.inner_text('#panel dd[data-field="fatalities"]') == "77"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"))
    assert page.errors == []


def test_web_review_without_token_is_refused(page, site):
    open_page(page, site)
    page.locator("#events li[data-event-id]").first.click()
    page.wait_for_selector('#panel button[data-action="reject"]')
    page.click('#panel button[data-action="reject"]')
    page.wait_for_function("document.querySelector('#panel .review-result').textContent.includes('Not stored')")


HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> & "quotes" 🙂'


def test_web_article_text_is_inert(page, tmp_path, serve):
    text = f"KABUL - Gunmen attacked {HOSTILE} a wedding, killing 3.\nMore text follows here."
    article = replace(make_article(text, "hostile.txt"), url="javascript:window.pwned=3")
    sentence = text.splitlines()[0]
    event = make_event("hostile", notes=f"Notes {HOSTILE}", actor1=HOSTILE, location=HOSTILE,
                       sources=(make_source(article, sentence, 0),))
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    with open_store(url) as store:
        store.write_batch([article], [], [event])
    open_page(page, serve(url))
    page.click('#events li[data-event-id="hostile"]')
    page.wait_for_selector("#panel .source .context mark")
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert HOSTILE in page.inner_text("#events") and HOSTILE in page.inner_text("#panel .source mark")
    assert page.locator("#panel a[href^=javascript]").count() == 0
