"""ACLED-style notes: one sentence with when, who, what, where, to whom and how many died."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwire.lexicon import TAXONOMY
from frontwire.models import Place
from frontwire.notes import describe, plain_name

BARTELLA = Place("Barţalah", 36.35, 43.38, 99071, "Iraq", "IQ", "IRQ", admin1="Nineveh", feature_code="PPL")


def test_notes_describe_reads_like_an_acled_note():
    note = describe("2017-06-26", "Coalition forces", "Islamic State", "Air/drone strike", BARTELLA, 40)
    assert note == ("On 26 June 2017, Coalition forces carried out an air/drone strike targeting Islamic State "
                    "in Bartalah (Nineveh, Iraq). 40 reported fatalities.")


@pytest.mark.parametrize("date, actor1, place, fatalities, expected", [
    (None, "Police Forces of Iraq", None, 0, "On an unknown date, Police Forces of Iraq made arrests. "
                                             "No fatalities reported."),
    ("2024-02-29", None, None, 3, "On 29 February 2024, Unidentified actors made arrests. 3 reported fatalities."),
])
def test_notes_describe_says_what_is_unknown(date, actor1, place, fatalities, expected):
    assert describe(date, actor1, None, "Arrests", place, fatalities) == expected


@pytest.mark.parametrize("precision, feature_code, says", [
    (1, "PPL", "in Bartalah"), (2, "PPL", "in or near Bartalah"), (2, "ADM2", "in Bartalah"), (None, "PPL", "in Bartalah"),
])
def test_notes_an_event_near_a_town_is_in_or_near_it(precision, feature_code, says):
    place = Place("Barţalah", 36.35, 43.38, 99071, "Iraq", "IQ", "IRQ", admin1="Nineveh", feature_code=feature_code)
    assert f"{says} (Nineveh, Iraq)." in describe("2017-06-26", "Islamic State", None, "Attack", place, 0, precision)


def test_notes_region_is_not_repeated_when_the_place_is_the_region():
    nineveh = Place("Nineveh", 36.0, 42.5, None, "Iraq", "IQ", "IRQ", admin1="Nineveh", feature_code="ADM1")
    assert "in Nineveh (Iraq)." in describe("2017-06-26", "Islamic State", None, "Attack", nineveh, 0)


@pytest.mark.parametrize("sub_event_type, actor2, says", [
    ("Armed clash", "Islamic State", "clashed with Islamic State in Bartalah"),
    ("Non-violent transfer of territory", "Military Forces of Ethiopia",
     "took over territory without fighting from Military Forces of Ethiopia in Bartalah"),
    ("Government regains territory", "Islamic State", "regained territory from Islamic State in Bartalah"),
    ("Attack", "Civilians (Iraq)", "attacked Civilians (Iraq) in Bartalah"),
    ("Protest with intervention", "Police Forces of Iraq", "met with intervention by Police Forces of Iraq"),
])
def test_notes_actor2_joins_as_the_type_reads(sub_event_type, actor2, says):
    assert says in describe("2017-06-26", "Military Forces of Iraq", actor2, sub_event_type, BARTELLA, 0)


@pytest.mark.parametrize("sub_event_type", sorted(s for subs in TAXONOMY.values() for s in subs))
def test_notes_every_sub_event_type_gives_one_sentence(sub_event_type):
    note = describe("2020-01-01", "Military Forces of Syria", None, sub_event_type, None, 1)
    assert note.startswith("On 1 January 2020, Military Forces of Syria ") and note.count(". ") == 1


@pytest.mark.parametrize("name, plain", [
    ("Barţalah", "Bartalah"), ("Ḩamām al ‘Alīl", "Hamam al ‘Alil"), ("Qaraqosh", "Qaraqosh"),
    ("Mosul\u2019s", "Mosul's"), ("Ma\u02bfarrat", "Maarrat"),
])
def test_notes_plain_name_drops_diacritics(name, plain):
    assert plain_name(name) == plain


@given(st.text())
def test_notes_plain_name_never_keeps_a_combining_mark(name):
    import unicodedata

    assert not any(unicodedata.combining(ch) for ch in plain_name(name))
