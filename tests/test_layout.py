"""Tests of the text layout: furniture, headline, date and by lines, dateline, trailer and date normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwire.layout import enrich, normalize_date, parse_text, publication_date
from frontwire.models import Article

from factories import MOSUL_SCRAPED


# ---------------------------------------------------------------- furniture, headline, dateline, trailer

def test_layout_parse_text_scraped_header_gives_date_and_is_not_body():
    article = parse_text(MOSUL_SCRAPED, "mosul.txt")
    assert article.text == MOSUL_SCRAPED
    assert article.published == "2017-06-28"
    assert article.title == "Iraqi forces push deeper into Mosul's old city"
    assert MOSUL_SCRAPED[article.body_start:].startswith("BAGHDAD/BARTELLA, Iraq: Iraqi troops")
    assert article.dateline == "BAGHDAD/BARTELLA, Iraq"


@pytest.mark.parametrize("opening, dateline, source, published", [
    ("BAGHDAD/BARTELLA, Iraq: Troops advanced", "BAGHDAD/BARTELLA, Iraq", None, None),
    ("MOSUL, Iraq (AP) — Gunmen attacked", "MOSUL, Iraq", "AP", None),
    ("KABUL (Reuters) - A bomb exploded", "KABUL", "Reuters", None),
    ("ADEN, Yemen, March 26 (Reuters) - Air strikes hit", "ADEN, Yemen", "Reuters", None),
    ("BEIRUT -- Shelling resumed", "BEIRUT", None, None),
    ("GAZA CITY, Gaza Strip – Rockets were fired", "GAZA CITY, Gaza Strip", None, None),
    ("SANAA, Yemen, June 28, 2017 (AFP) - Clashes", "SANAA, Yemen", "AFP", "2017-06-28"),
    ("Kabul, June 28 (IANS) Militants stormed", "Kabul", "IANS", None),
    ("Mosul (dpa) - Fighting raged", "Mosul", "dpa", None),
])
def test_layout_parse_text_dateline_shapes(opening, dateline, source, published):
    text = f"Fighting flares in the north\n\n{opening} on Tuesday, officials said.\n"
    article = parse_text(text, "a.txt")
    assert article.dateline == dateline
    start, end = article.dateline_span
    assert text[start:end] == dateline
    assert article.body_start == text.index(opening[:4])
    assert (article.source, article.published) == (source, published)


@pytest.mark.parametrize("text", [
    "Five people were killed when gunmen opened fire on a bus, police said.\nThe gunmen fled.\n",
    "BREAKING: Explosion heard near the airport, witnesses say.\n",
    "U.S.-led coalition aircraft struck targets near Raqqa on Monday, the coalition said.\n",
    "Monday, June 26 — an overview of the week.\n",
    "ISIS fighters, the army said, had withdrawn.\n",
])
def test_layout_parse_text_no_dateline_where_none(text):
    article = parse_text(text, "a.txt")
    assert article.dateline is None and article.dateline_span is None
    assert article.title is None and article.body_start == 0


@pytest.mark.parametrize("trailer, source", [
    ("— Reuters", "Reuters"),
    ("-- AFP", "AFP"),
    ("— Agence France-Presse", "Agence France-Presse"),
    ("(ABC News)", "ABC News"),
    ("Reporting by Jane Roe in Kabul; Editing by John Doe", "Reuters"),
    ("(Additional reporting by Omar Said; Writing by Jane Roe; Editing by John Doe)", "Reuters"),
    ("© 2017 Associated Press. All rights reserved.", "Associated Press"),
])
def test_layout_parse_text_trailer_names_source(trailer, source):
    text = ("Rockets hit air base\n\nBAGHDAD — Three rockets struck an air base north of the capital on "
            f"Sunday, wounding two soldiers, the military said.\n\n{trailer}\n")
    assert parse_text(text, "a.txt").source == source


@pytest.mark.parametrize("last_line", [
    "- Iraq's army said it killed five fighters.",
    "(in a statement)",
    "— said a resident, who asked not to be named",
])
def test_layout_parse_text_sentences_are_not_trailers(last_line):
    text = f"BAGHDAD — Rockets struck an air base, the military said.\n{last_line}\n"
    assert parse_text(text, "a.txt").source is None


def test_layout_parse_text_paren_trailer_at_end_of_paragraph_and_dateline_agency_wins():
    text = "TIKRIT, Iraq — A roadside bomb killed two soldiers on Sunday. (ABC News)"
    assert parse_text(text, "a.txt").source == "ABC News"
    text = "KABUL (AP) — A bomb exploded.\n\n— Reuters\n"
    assert parse_text(text, "a.txt").source == "AP"


@pytest.mark.parametrize("line", [
    "Published: 28 June 2017",
    "June 28, 2017",
    "Wednesday, June 28, 2017",
    "Updated June 28, 2017 3:15 p.m. ET",
    "28 Jun 2017 09:30 GMT",
    "2017-06-28",
])
def test_layout_parse_text_date_line_under_headline(line):
    text = f"Suicide bomber hits mosque in Kirkuk\n{line}\nBy Jane Roe\n\nKIRKUK, Iraq — A suicide bomber struck.\n"
    article = parse_text(text, "a.txt")
    assert article.title == "Suicide bomber hits mosque in Kirkuk"
    assert article.published == "2017-06-28"
    assert text[article.body_start:].startswith("KIRKUK, Iraq —")


def test_layout_parse_text_url_line_gives_url_and_date():
    text = ("url: https://news.example/world/2017/06/28/mosul-fighting.html\n"
            "Fighting in Mosul\n\nMOSUL, Iraq — Clashes continued on Wednesday.\n")
    article = parse_text(text, "a.txt")
    assert article.url == "https://news.example/world/2017/06/28/mosul-fighting.html"
    assert article.published == "2017-06-28"
    assert article.title == "Fighting in Mosul"


@pytest.mark.parametrize("furniture", [" date 2017-02-30 Related Coverage X", " date 1850-06-28 Related Coverage X"])
def test_layout_parse_text_impossible_dates_rejected(furniture):
    article = parse_text(f"{furniture}\nKABUL (Reuters) - A bomb exploded.\n", "a.txt")
    assert article.published is None
    assert article.dateline == "KABUL"


@pytest.mark.parametrize("header, published", [
    # an explicit "Published:" field beats the furniture date line, whichever comes first
    (" date 2017-06-28 Related Coverage X\nPublished: 2017-06-27\n", "2017-06-27"),
    ("Published: 27 June 2017\n date 2017-06-28 Related Coverage X\n", "2017-06-27"),
    ("June 28, 2017\nDate: 2017-06-27\n", "2017-06-27"),
    # an update is not the publication
    ("Updated: June 29, 2017\nJune 28, 2017\n", "2017-06-28"),
    ("Last updated June 29, 2017\nPosted: June 28, 2017\n", "2017-06-28"),
    # two lines of the same rank: the first
    ("June 28, 2017\n2017-06-27\n", "2017-06-28"),
    # a date that does not exist never counts
    ("Published: February 30, 2017\n date 2017-06-28 Related Coverage X\n", "2017-06-28"),
    ("Published: June 28, 20017\n", None),
    ("Published: 20017-06-28\nUpdated: 2017-02-30\n", None),
])
def test_layout_parse_text_conflicting_header_dates(header, published):
    text = f"{header}Suicide bomber hits mosque in Kirkuk\n\nKIRKUK, Iraq — A suicide bomber struck.\n"
    article = parse_text(text, "a.txt")
    assert article.published == published
    assert text[article.body_start:].startswith("KIRKUK, Iraq —")


@pytest.mark.parametrize("value, expected", [
    ("February 30, 2017", None),
    ("30 February 2017", None),
    ("June 28, 20017", None),
    ("20017-06-28", None),
    ("2017-06-28", "2017-06-28"),
    ("2017-06-28T09:30:00+03:00", "2017-06-28"),
    ("2017/6/8", "2017-06-08"),
    ("Wed, 28 Jun 2017 09:30:00 GMT", "2017-06-28"),
    ("June 28, 2017", "2017-06-28"),
    ("Sept. 3, 2016", "2016-09-03"),
    ("2017-02-30", None),
    ("2017-13-01", None),
    ("2101-01-01", None),
    ("1899-12-31", None),
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_layout_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_layout_parse_text_keeps_text_verbatim_with_crlf():
    text = "Clashes in Aden\r\n\r\nADEN, Yemen (Reuters) - Clashes erupted.\r\n"
    article = parse_text(text, "a.txt")
    assert article.text == text
    assert article.title == "Clashes in Aden"
    assert article.dateline == "ADEN, Yemen" and text[slice(*article.dateline_span)] == "ADEN, Yemen"


FRAGMENTS = st.sampled_from([
    "\n", "\r\n", " ", "  ", "KABUL", "BAGHDAD/BARTELLA", ", Iraq", ", March 26", " (Reuters)", " (AP)", " — ",
    " - ", ":", " date 2017-06-28 Related Coverage ", "Published: 28 June 2017", "By Jane Roe", "(ABC News)",
    "Reporting by X; Editing by Y", "Five killed.", "Headline here", "url: http://x/2017/02/30/", "©", "(",
    ")", "June 28, 2017", "—", "\u00a0", "é", "Published: February 30, 2017", "Updated: 2017-06-29",
    " date 20017-06-28 ", "Date: 28 June 20017", "Posted:", "Last updated",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=25).map("".join)))
def test_layout_parse_text_never_raises_and_offsets_are_valid(text):
    article = parse_text(text, "p")
    assert article.text == text
    assert 0 <= article.body_start <= len(text)
    if article.dateline_span is not None:
        start, end = article.dateline_span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == article.dateline
    else:
        assert article.dateline is None
    if article.published is not None:
        assert normalize_date(article.published) == article.published


@pytest.mark.parametrize("candidates, expected", [
    ([None, None], (None, 1)),
    (["2017-06-28", None, "2017-06-28"], ("2017-06-28", 1)),
    # within a day (time zones, UTC metadata): the most authoritative, the first
    (["2017-06-29", "2017-06-28"], ("2017-06-29", 1)),
    # up to a week apart: the earliest (later ones are updates and crawls), and only the week is sure
    (["2017-07-02", "2017-06-28"], ("2017-06-28", 2)),
    ([None, "2017-06-28", None, "2017-06-21"], ("2017-06-21", 2)),
    # further apart nothing tells which is right: no date
    (["2023-01-10", "2017-06-28"], (None, 1)),
])
def test_layout_publication_date_rule(candidates, expected):
    assert publication_date(candidates) == expected


@pytest.mark.parametrize("meta, header, published, precision", [
    ("2017-06-28", "Published: 2017-06-28", "2017-06-28", 1),
    ("2017-06-30", "Published: 2017-06-28", "2017-06-28", 2),  # the page's meta tag and its header disagree
    ("2019-02-01", "Published: 2017-06-28", None, 1),
    (None, "Published: 2017-06-28", "2017-06-28", 1),
])
def test_layout_enrich_metadata_against_the_header(meta, header, published, precision):
    text = f"{header}\nFighting in Mosul\n\nMOSUL, Iraq — Clashes continued on Wednesday.\n"
    article = enrich(Article(id="a.html", text=text, published=meta))
    assert (article.published, article.published_precision) == (published, precision)


def test_layout_enrich_url_date_disagreeing_with_the_dateline():
    text = "BAGHDAD, June 20, 2017 (Reuters) - A car bomb exploded in the capital on Tuesday.\n"
    article = enrich(Article(id="a", text=text, url="https://news.example/2017/06/23/bomb.html"))
    assert (article.published, article.published_precision) == ("2017-06-20", 2)
