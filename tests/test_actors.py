"""The actor dictionary: aliases, state forces by demonym, units, and names given in context."""

from __future__ import annotations

from dataclasses import replace

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


@pytest.mark.parametrize(("text", "name"), [
    # Iraq, Syria, Yemen, Afghanistan, Somalia, Nigeria and the Sahel, Ukraine, Sudan, Myanmar, DRC
    ("Kataib Hezbollah fighters", "Popular Mobilization Forces"), ("the Golden Division", "Military Forces of Iraq"),
    ("Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham"), ("the Syrian Arab Army", "Military Forces of Syria"),
    ("Ansar Allah", "Houthi Movement"), ("AQAP militants", "Al Qaeda"), ("ISKP", "Islamic State"),
    ("the Haqqani network", "Taliban"), ("Danab commandos", "Military Forces of Somalia"),
    ("Macawisley fighters", "Macawisley Clan Militia"), ("ISWAP", "Islamic State"),
    ("JNIM", "JNIM: Group for Support of Islam and Muslims"), ("Dan Na Ambassagou", "Dan Na Ambassagou"),
    ("Burkinabe soldiers", "Military Forces of Burkina Faso"), ("the Wagner Group", "Wagner Group"),
    ("Ukrainian troops", "Military Forces of Ukraine"), ("Russia's forces", "Military Forces of Russia"),
    ("the Rapid Support Forces", "Rapid Support Forces"), ("SAF troops", "Military Forces of Sudan"),
    ("the Arakan Army", "Arakan Army"), ("TNLA", "TNLA: Ta'ang National Liberation Army"),
    ("junta troops", "Military Forces of Myanmar"), ("M23 rebels", "M23: March 23 Movement"),
    ("FDLR", "FDLR: Democratic Forces for the Liberation of Rwanda"), ("Mai-Mai militiamen", "Mai-Mai Militia"),
    ("Rwandan troops", "Military Forces of Rwanda"), ("U.S. forces", "Military Forces of the United States"),
])
def test_actors_dictionary_covers_the_main_theatres(text, name):
    assert _first(text).name == name


def test_actors_possessive_and_hyphenated_names():
    assert _first("the Taliban's fighters").name == "Taliban"
    found = act.find_actors("an al Qaeda-linked group", 0, 24)
    assert found[0].name == "Al Qaeda" and found[0].related
    assert not _first("pro-government forces attacked").related


def test_actors_bare_coalition_is_the_coalition_the_article_names():
    text = "The Saudi-led coalition said the coalition hit Houthi positions."
    found = act.find_actors(text, 0, len(text))
    coalition = act.named_coalition(found)
    bare = next(a for a in found if a.kind == act.COALITION)
    assert act.actor_name(bare, "Yemen", None, coalition=coalition)[0] == "Military Forces of Saudi Arabia"
    assert act.actor_name(bare, "Iraq", None)[0] == "Coalition Forces"


@pytest.mark.parametrize(("country", "weapon", "name"), [
    ("Yemen", "air", "Military Forces of Saudi Arabia"), ("Syria", "air", "Military Forces of Syria"),
    ("Ukraine", "missile", "Military Forces of Russia"), ("Iraq", "air", None), (None, "air", None),
])
def test_actors_unattributed_strikes_follow_acled(country, weapon, name):
    owner = act.unattributed(country, weapon)
    assert (owner.name if owner else None) == name


def test_actors_claimed_attack_names_even_the_gunmen():
    group = _first("Islamic State")
    gunmen = _first("gunmen")
    assert act.actor_name(gunmen, "Afghanistan", group)[0] == "Unidentified Armed Group (Afghanistan)"
    assert act.actor_name(gunmen, "Afghanistan", group, claimed=True)[0] == "Islamic State"


@pytest.mark.parametrize("start", [0, 17])
def test_actors_offsets_are_the_articles_wherever_the_sentence_starts(start):
    sentence = "Boko Haram fighters attacked a Nigerian army base in Borno on Sunday."
    text = "x" * (start - 1) + " " + sentence if start else sentence
    found = act.find_actors(text, start, len(text))
    assert found and [text[a.start:a.end] for a in found] == [a.text for a in found]
    alone = act.find_actors(sentence, 0, len(sentence))
    assert found == [replace(a, start=a.start + start, end=a.end + start) for a in alone]
