"""Country focus from a story's words of public life (geocues.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwire.geocues import LOCALE_CAP, country_cues


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
