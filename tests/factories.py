"""Builders of articles, sources, mentions and events for the tests, and the data sets the shared fixtures store."""

from __future__ import annotations

import io
from functools import partial

from frontwire.models import Article, Event, Mention, Place, Source

MOSUL = Place("Mosul", 36.335, 43.119, 99072, "Iraq", "IQ", "IRQ", "Nineveh", None, "PPLA", 1_739_800)
TOKEN = "s3cret-token"  # the review token of the `client` fixture

# A scraped page: furniture with the date, a headline, then a dateline with a slash and a colon.
MOSUL_SCRAPED = (
    " date 2017-06-28 Related Coverage Militants seize village south of Kirkuk\n"
    "Iraqi forces push deeper into Mosul's old city\n"
    "BAGHDAD/BARTELLA, Iraq: Iraqi troops advanced block by block through the old city on Wednesday, "
    "an army officer said, as Islamic State fighters fired mortars at the advancing units.\n"
)


def make_article(text: str = "MOSUL, Iraq - Fighting went on.", article_id: str = "a1.txt", **fields) -> Article:
    """An article as the ingest stage would build it."""
    return Article(id=article_id, text=text, title="Headline", url=f"https://example.org/{article_id}",
                   published="2016-12-05", source="Reuters", language="en", **fields)


def make_source(article: Article, sentence: str | None = None, start: int = 0) -> Source:
    """The evidence of one report, pointing into `article`."""
    sentence = article.text if sentence is None else sentence
    return Source(article.id, article.source, article.url, article.published, sentence, start,
                  start + len(sentence), article.hash)


def make_event(event_id: str = "e1", **fields) -> Event:
    """A Battles event in Mosul; `fields` override any field."""
    values = dict(
        event_id=event_id, event_date="2016-12-04", time_precision=1, event_type="Battles",
        sub_event_type="Armed clash", actor1="Military Forces of Iraq (2014-)", actor2="Islamic State",
        assoc_actor_1=None, assoc_actor_2=None, inter1=1, inter2=2, interaction=12, civilian_targeting=False,
        country="Iraq", iso3="IRQ", admin1="Nineveh", admin2="Mosul", location="Mosul", latitude=36.335,
        longitude=43.119, geonameid=99072, geo_precision=1, fatalities=3, fatalities_low=3, fatalities_high=5,
        notes="On 4 December 2016, Iraqi forces clashed with IS in Mosul.", sources=(), confidence=0.8)
    values.update(fields)
    return Event(**values)


def make_mention(article: Article, start: int = 0, event_date: str | None = "2016-12-04",
                 sub_event_type: str = "Armed clash") -> Mention:
    """One report of an armed clash in `article`."""
    return Mention(source=make_source(article, article.text[start:], start), event_type="Battles",
                   sub_event_type=sub_event_type, trigger="clashed", actor1="Islamic State", inter1=2,
                   event_date=event_date, place=MOSUL, geo_precision=1, fatalities_low=1, fatalities_high=2)


def aleppo_strike(event_id: str, **fields) -> Event:
    """A Russian air strike on Aleppo; `fields` override any field."""
    return make_event(event_id, event_date="2016-11-20", country="Syria", iso3="SYR", location="Aleppo",
                      latitude=36.2, longitude=37.16, event_type="Explosions/Remote violence",
                      sub_event_type="Air/drone strike", actor1="Military Forces of Russia (2000-)", actor2=None,
                      **fields)


def kabul_attack(event_id: str, **fields) -> Event:
    """A Taliban attack on civilians in Kabul; `fields` override any field."""
    return make_event(event_id, event_date="2017-01-10", country="Afghanistan", iso3="AFG", location="Kabul",
                      latitude=34.53, longitude=69.17, event_type="Violence against civilians",
                      sub_event_type="Attack", actor1="Taliban", actor2="Civilians (Afghanistan)",
                      civilian_targeting=True, **fields)


# The `filled` store: each event varies in one respect from the Mosul battle.
FILTER_ARTICLE = make_article()
FILTER_EVENTS = [
    make_event("mosul", sources=(make_source(FILTER_ARTICLE),)),
    aleppo_strike("aleppo", notes="Russian jets struck a market in Aleppo."),
    kabul_attack("kabul", notes="Taliban gunmen attacked a wedding in Kabul."),
    make_event("fiji", event_date=None, country="Fiji", iso3="FJI", location="Rabi", latitude=-16.5,
               longitude=179.99, event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Fiji)",
               actor2=None, assoc_actor_1="Côte Workers Union", notes="Islanders marched."),
    make_event("nowhere", event_date="2016-12-04", location=None, latitude=None, longitude=None, country=None,
               iso3=None, notes="Clashes were reported."),
]

# The store behind the `client` fixture: every Mosul event cites one sentence.
API_SENTENCE = "Iraqi forces clashed with Islamic State fighters in Mosul."
api_event = partial(make_event, notes="Iraqi forces clashed with IS in Mosul.", sources=(
    Source("a1.txt", "Reuters", None, "2016-12-05", API_SENTENCE, 0, len(API_SENTENCE), "0123456789abcdef"),))
API_EVENTS = [
    api_event("mosul-1"),
    api_event("mosul-2", event_date="2016-12-06", fatalities=0),
    aleppo_strike("aleppo", notes="Jets struck a market in Aleppo.", sources=()),
    kabul_attack("kabul", notes='Gunmen attacked a wedding <script>alert("x")</script> & fled.', sources=()),
    api_event("undated", event_date=None, latitude=None, longitude=None, location=None, notes="Clashes."),
]


def page(place: str, n: int) -> bytes:
    """A small news page; `place` opens the dateline."""
    return (
        f"<html><head><title>Report {n}</title></head><body><article><h1>Report {n}</h1>"
        f"<p>{place} (Reuters) - Fighters shelled positions outside the town for a {n}th day on Tuesday, "
        f"local officials said, and at least {n} civilians were wounded in the exchange of fire.</p>"
        f"<p>Residents said the shelling had forced hundreds of families to flee to nearby villages.</p>"
        f"</article></body></html>"
    ).encode()


def warc_bytes(gz: bool) -> bytes:
    """An archive of three HTML responses, a request, and an image response, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)

    def response(uri: str, body: bytes, ctype: str) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    writer.write_record(writer.create_warc_record("http://news.example/a", "request",
                                                  payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
    response("http://news.example/2017/06/27/a", page("TAL AFAR, Iraq", 5), "text/html; charset=utf-8")
    response("http://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    response("http://news.example/2017/06/28/b", page("KIRKUK, Iraq", 6), "text/html")
    response("http://news.example/2017/06/29/c", page("TIKRIT, Iraq", 7), "text/html")
    return buffer.getvalue()
