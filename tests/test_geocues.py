"""Country focus from a story's words of public life (geocues.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwire.geocues import LOCALE_CAP, country_cues, phone_places


@pytest.mark.parametrize("text, iso2", [
    ("Call the Sheriff's Office at (502) 555-0199.", "US"),
    ("The county commissioners approved the budget for Jackson Township.", "US"),
    ("The Taoiseach met Garda chiefs in Dublin.", "IE"),
    ("The fine was £300, magistrates' court heard.", "GB"),
    ("She was walking home between 4am and 4.15am.", "GB"),
    ("Oxford MPP Ernie Walsh criticised the plan.", "CA"),
    ("Peshmerga fighters held the ridge.", "IQ"),
    ("The Knesset voted on the budget.", "IL"),
])
def test_a_cue_votes_for_its_country(text, iso2):
    assert country_cues(text).get(iso2, 0.0) > 0


@pytest.mark.parametrize("text", ["", "Fighting continued near the river.", "مرحبا بالعالم", "1e100 " * 50])
def test_plain_or_foreign_text_votes_for_no_country(text):
    assert country_cues(text) == {}


@given(st.text(max_size=300))
def test_votes_are_positive_and_capped(text):
    assert all(0 < vote <= LOCALE_CAP for vote in country_cues(text).values())


@pytest.mark.parametrize("text, expected", [
    ("For tickets call 952-873-6325.", ("US", "Minnesota", "Belle Plaine")),
    ("Information: (903) 723-1234.", ("US", "Texas", "Palestine")),
    ("Reach the office at 860.555.1234.", ("US", "Connecticut", None)),
])
def test_a_telephone_number_tells_where_its_owner_lives(text, expected):
    assert expected in phone_places(text)


@pytest.mark.parametrize("text", ["ISBN 978-3-16-148410-0", "Call 1-800-555-1234 toll free.", "Scores: 123-456",
                                  "+964 770 123 4567"])
def test_numbers_that_are_no_local_telephone_give_no_place(text):
    assert phone_places(text) == []
