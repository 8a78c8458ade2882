"""Story terms: wording, days, who-did-what and numbers of one article, as the story clustering counts them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontwire.layout import parse_text
from frontwire.pipeline import Report, analyze
from frontwire.story_terms import article_terms, day_terms, entity_key


def terms_of(text: str, published: str | None = None) -> dict[str, int]:
    """The story terms of one article body (no headline), parsed by the real pipeline."""
    article = replace(parse_text(text, "test.txt"), published=published)
    [analysis] = analyze([article], Report())
    return dict(article_terms(analysis))


@pytest.mark.parametrize("value, expected", [
    ("2008-12-11", ["dow:4", "md:12-11"]),
    ("XXXX-WXX-4", ["dow:4"]),  # "on Thursday" in a report without a date
    ("XXXX-12-11", ["md:12-11"]),  # "Dec. 11"
    ("2008-12", []),
    ("2008-02-30", []),
    ("PRESENT_REF", []),
])
def test_story_terms_day_terms(value, expected):
    assert day_terms(value) == expected


@pytest.mark.parametrize("text, key", [
    ("the Betty Ford Center's", "betty ford center"),
    ("Betty  Ford\nCenter", "betty ford center"),
    ("The Angels", "angels"),
])
def test_story_terms_entity_key(text, key):
    assert entity_key(text) == key


@pytest.mark.parametrize("text, present, absent", [
    ("The Los Angeles Angels made an offer to the first baseman on Friday.\n",
     ["svo:los angeles angels>offer"], ["svo:los angeles angels>make"]),
    ("The regulation was overturned by President Obama on Tuesday.\n",
     ["svo:obama>overturn", "svo:overturn>regulation"], []),
    ("Officials said the fire destroyed the warehouse.\n",
     ["svo:fire>destroy", "svo:destroy>warehouse"], ["svo:official>say"]),
])
def test_story_terms_who_did_what(nlp, text, present, absent):
    terms = terms_of(text)
    assert all(t in terms for t in present), sorted(t for t in terms if t.startswith("svo:"))
    assert not any(t in terms for t in absent)


def test_story_terms_numbers_keep_what_they_measure(nlp):
    terms = terms_of("A 5.6 magnitude earthquake struck the island and injured five people.\n")
    assert "num:5.6:magnitude" in terms
    assert "num:five:people" in terms


def test_story_terms_weekday_of_a_resolved_date_meets_an_unresolved_weekday(nlp):
    dated = terms_of("The quake struck on Sunday, officials said.\n", published="2005-11-28")
    undated = terms_of("The quake struck on Sunday, officials said.\n")
    assert "dow:7" in dated and "dow:7" in undated
    assert "date:2005-11-27" in dated and "month:2005-11" in dated
