"""Actor roles from the dependency parse, and claims of responsibility."""

from __future__ import annotations

import re

import pytest

from frontwire import actors as act
from frontwire import roles as rl


def _roles(nlp, text: str, trigger: str) -> dict[str, str | None]:
    doc = nlp(text)
    match = re.search(trigger, text)
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    return {a.text: rl.role(doc, a, span) for a in act.find_actors(text, 0, len(text))}


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Airstrikes by the coalition killed 40 militants on Monday.", "Airstrikes",
     {"coalition": rl.AGENT, "militants": rl.PATIENT}),
    ("Eleven villagers were rounded up and killed by Myanmar soldiers on Tuesday.", "killed",
     {"villagers": rl.PATIENT, "Myanmar soldiers": rl.AGENT}),
    ("Gunmen stormed the university, killing 19 students, Afghan officials said.", "killing",
     {"Gunmen": rl.AGENT, "students": rl.PATIENT}),
    ("Russian missiles slammed into a mall in Kremenchuk, killing 18 people.", "missiles slammed",
     {"people": rl.PATIENT}),
    ("Yemeni forces backed by the Saudi-led coalition launched an assault on the Houthi-held city.", "assault",
     {"Yemeni forces": rl.AGENT, "Saudi-led coalition": rl.SUPPORTER, "Houthi": rl.HOLDER}),
    ("M23 rebels seized the town after a day of fighting with the army.", "seized the town",
     {"rebels": rl.AGENT, "army": rl.OPPONENT}),
    ("An air strike hit a hospital in a rebel-held district of Aleppo.", "air strike", {"rebel": rl.HOLDER}),
    ("Car bomb kills eight in Baghdad: police", "Car bomb", {"police": rl.SPEAKER}),
    ("Opposition activists blamed Syrian government warplanes.", "warplanes",
     {"Syrian government warplanes": rl.TRIGGER_AGENT}),
    # a speaker that tells of its own deed by a pronoun did it; one told in the passive is no doer
    ("The coalition said it had intercepted another drone earlier on Tuesday.", "intercepted",
     {"coalition": rl.AGENT}),
    ("The Taliban said they had captured the district centre.", "captured", {"Taliban": rl.AGENT}),
    ("Residents said it was struck by an air strike.", "air strike", {"Residents": rl.SPEAKER}),
    # the long apposition makes the parser give "said" two subjects: the first, before the trigger, did it
    ("Suspected rebels of the Allied Democratic Forces, a Ugandan armed group that has pledged allegiance to "
     "Islamic State, killed at least 36 people in an overnight raid on the village of Mukondi in eastern Congo's "
     "North Kivu province, local officials said on Thursday.", "killed",
     {"Allied Democratic Forces": rl.AGENT, "Islamic State": None, "people": rl.PATIENT}),
])
def test_roles_from_the_parse(nlp, text, trigger, expected):
    found = _roles(nlp, text, trigger)
    for name, role in expected.items():
        assert found[name] == role, (name, found)


@pytest.mark.parametrize(("text", "trigger", "clause"), [
    ("Rebels moved into the town hours after government troops pulled out.", "moved into.*pulled out",
     "moved into the town"),
    ("The fighters entered the village after soldiers, who had held it for a year, withdrew.", "entered.*withdrew",
     "entered the village"),
    ("Gunmen stormed the university, killing 19 students.", "stormed.*killing", "stormed the university, killing"),
    ("Airstrikes by the coalition killed 40 militants.", "Airstrikes", "Airstrikes"),
])
def test_roles_main_clause_stops_before_a_clause_with_its_own_subject(nlp, text, trigger, clause):
    doc = nlp(text)
    match = re.search(trigger, text)
    assert rl.main_clause(doc.char_span(match.start(), match.end(), alignment_mode="expand")).text == clause
    assert rl.main_clause(None) is None


def test_roles_the_one_who_left_is_not_the_doer_of_a_trigger_spanning_both(nlp):
    text = "Rebels moved into the town hours after government troops pulled out."
    doc = nlp(text)
    trigger = rl.main_clause(doc.char_span(text.index("moved"), text.index("."), alignment_mode="expand"))
    found = {a.text: rl.role(doc, a, trigger) for a in act.find_actors(text, 0, len(text))}
    assert found["Rebels"] == rl.AGENT and found["troops"] not in (rl.AGENT, rl.TRIGGER_AGENT)


@pytest.mark.parametrize(("text", "actor", "claimed", "noun"), [
    ("Islamic State claimed responsibility for the bombing in a statement.", "Islamic State", True, "bombing"),
    ("The blast, claimed by the Islamic State group, went off after midnight.", "Islamic State", True, ""),
    ("Al Shabaab said it had carried out the attack.", "Al Shabaab", True, "attack"),
    ("The president blamed Boko Haram for the bombing.", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
     False, "bombing"),
])
def test_roles_claims(nlp, text, actor, claimed, noun):
    doc = nlp(text)
    (claim,) = rl.claims(doc, act.find_actors(text, 0, len(text)))
    assert (claim.actor.name, claim.claimed, claim.noun) == (actor, claimed, noun)


@pytest.mark.parametrize("text", [
    "No group claimed responsibility, and the Taliban denied involvement.",
    "The Taliban did not claim the attack.",
    "Officials blamed militants for the attack.",
    "The al Qaeda-linked group claimed the attack.",
])
def test_roles_no_claim(nlp, text):
    assert rl.claims(nlp(text), act.find_actors(text, 0, len(text))) == []


def test_roles_pick_prefers_names_and_skips_the_dead():
    troops = act.ActorMention(0, 6, "Troops", act.MILITARY, None, 1)
    unit = act.ActorMention(12, 37, "Counter Terrorism Service", act.UNIT, "Military Forces of Iraq", 1, "IQ",
                            "Counter Terrorism Service")
    victims = act.ActorMention(60, 62, "IS", act.NAMED, "Islamic State", 2)
    roles = {troops: rl.AGENT, unit: rl.AGENT, victims: None}
    actor1, actor2 = rl.pick([troops, unit, victims], roles, ["IS militants"], None, [(57, 75)])
    assert actor1 is unit and actor2 is victims
