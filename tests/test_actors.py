"""The actor dictionary: aliases, state forces by demonym, units, and names given in context."""

from __future__ import annotations

import pytest

from frontwire import actors as act


def _first(text: str) -> act.ActorMention:
    found = act.find_actors(text, 0, len(text))
    assert found, text
    return found[0]


@pytest.mark.parametrize(("text", "name"), [
    ("ISIS fighters", "Islamic State"), ("Daesh", "Islamic State"), ("the ISIL group", "Islamic State"),
    ("al-Shabab militants", "Al Shabaab"), ("Houthi rebels", "Houthi Movement"), ("the RSF", "Rapid Support Forces"),
    ("Iraqi forces", "Military Forces of Iraq"), ("Russian troops", "Military Forces of Russia"),
    ("Afghan police", "Police Forces of Afghanistan"), ("the U.S.-led coalition", "Coalition Forces"),
    ("the Islamic State-held town", "Islamic State"),
])
def test_actors_aliases_are_normalized(text, name):
    assert _first(text).name == name


def test_actors_capital_short_alias_is_case_sensitive():
    assert act.find_actors("This is what it is.", 0, 19) == []
    assert _first("IS claimed it.").name == "Islamic State"


def test_actors_unit_is_state_forces_with_associated_actor():
    mention = _first("the Counter Terrorism Service advanced")
    assert (mention.name, mention.assoc, mention.inter) == ("Military Forces of Iraq", "Counter Terrorism Service", 1)


@pytest.mark.parametrize(("text", "country", "expected"), [
    ("troops", "Mali", ("Military Forces of Mali", 1)),
    ("police", "Kenya", ("Police Forces of Kenya", 1)),
    ("gunmen", "Nigeria", ("Unidentified Armed Group (Nigeria)", 2)),
    ("villagers", "Myanmar", ("Civilians (Myanmar)", 7)),
    ("protesters", "Iraq", ("Protesters (Iraq)", 6)),
    ("civilians", None, ("Civilians", 7)),
])
def test_actors_generic_words_are_named_by_the_event_country(text, country, expected):
    name, inter, _ = act.actor_name(_first(text), country, None)
    assert (name, inter) == expected


def test_actors_militants_are_the_articles_named_group_but_gunmen_stay_unidentified():
    text = "Al-Shabaab claimed the raid. The militants stormed the base. Gunmen then fled."
    found = act.find_actors(text, 0, len(text))
    group = act.dominant_armed_group(found)
    militants = next(a for a in found if a.text == "militants")
    gunmen = next(a for a in found if a.text == "Gunmen")
    assert act.actor_name(militants, "Somalia", group)[0] == "Al Shabaab"
    assert act.actor_name(gunmen, "Somalia", group)[0] == "Unidentified Armed Group (Somalia)"


def test_actors_demonym_alone_names_state_forces():
    assert act.state_of_demonym("Russian").name == "Military Forces of Russia"
    assert act.state_of_demonym("Tuesday") is None
