"""Background: older events a report recalls beside its own news."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwire import background as bg
from frontwire.time import find_timexes


@pytest.mark.parametrize(("published", "event_date", "expected"), [
    ("2019-06-19", "2019-06-17", False), ("2019-06-19", "2019-05-01", True), (None, "2015-01-01", False),
    ("2019-06-19", None, False),
])
def test_background_older_than_two_weeks(published, event_date, expected):
    assert bg.older(published, event_date) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("In 2012, when it seized Goma, the group was stronger.", True),
    ("On Monday the court convicted three men over the 2015 attack.", False),  # a recent day too
    ("This year the group has grown.", False),  # "this year" holds the report's day
    ("The group was stronger.", False),
])
def test_background_long_ago_needs_every_date_old(text, expected):
    timexes = find_timexes(text, "2019-06-19")
    assert bg.long_ago("2019-06-19", timexes, 0, len(text)) is expected


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a reference hung on the news: the 2015 attack is recalled, whatever the verdict's day
    ("A court on Wednesday convicted three men over the 2015 attack on Garissa University College in which "
     "gunmen killed 148 people.", "killed", True),
    ("A court on Wednesday convicted three men over the 2015 attack on the university.", "attack", True),
    # the older event as the sentence's subject is the news (an inquiry's findings)
    ("A U.S. air strike on a building in Mosul on March 17 killed 105 civilians, the military said on Thursday.",
     "air strike", False),
    # nothing old in the trigger's phrase
    ("A court on Wednesday convicted three men over Monday's attack on the university.", "attack", False),
])
def test_background_recalled_is_read_from_the_triggers_phrase(nlp, text, trigger, expected):
    doc = nlp(text)
    match = re.search(trigger, text)
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    assert bg.recalled("2019-06-19", find_timexes(text, "2019-06-19"), span) is expected
    assert bg.recalled("2019-06-19", [], None) is False


@given(st.from_regex(r"\d{4}(-\d{2}(-\d{2})?)?", fullmatch=True))
def test_background_period_is_ordered_or_none(value):
    found = bg.period(value)
    assert found is None or (isinstance(found[0], dt.date) and found[0] <= found[1])
