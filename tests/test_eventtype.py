"""Event typing: rules and the classifier together, for `extract` and for `classify`; bad input."""

from __future__ import annotations

import re

import pytest

from frontwire import eventtype
from frontwire.extract import extract_mentions
from frontwire.lexicon import lexicon
from frontwire.models import Article

CASE_LABELS = set(lexicon().case_labels.values()) | set(eventtype.NON_ACLED)


def _mentions(nlp, text: str, published: str | None = None):
    """The mentions extraction finds in one text, parsed alone, without dates or places."""
    return extract_mentions(Article(id="t", text=text, published=published), nlp(text), [], [])


def _sub(name: str, strength: str | None = None):
    """The first definition of a sub-event type (of a strength, when given) in the data file."""
    return next(s for s in lexicon().sub_events
                if s.sub_event_type == name and (strength is None or s.strength == strength))


@pytest.fixture
def probs(monkeypatch):
    """Fix the classifier's answer: probs({label: p}) makes every text score so."""
    def _set(table: dict[str, float] | None):
        monkeypatch.setattr(eventtype, "probabilities", lambda text: table)
    return _set


def test_eventtype_pick_without_candidates_is_no_event(probs):
    probs({"Armed clash": 1.0})
    assert eventtype.pick("Troops clashed with rebels.", []) is None


def test_eventtype_pick_without_a_model_keeps_the_rules_order(probs):
    probs(None)
    assert eventtype.pick("text", [_sub("Air/drone strike"), _sub("Armed clash")]) == 0


def test_eventtype_pick_lets_the_classifier_decide_among_fired_triggers(probs):
    probs({"Air/drone strike": 0.2, "Armed clash": 0.7, "NONE": 0.1})
    assert eventtype.pick("text", [_sub("Air/drone strike"), _sub("Armed clash")]) == 1


@pytest.mark.parametrize(("strength", "expected"), [("weak", None), ("strong", 0)])
def test_eventtype_pick_vetoes_only_weak_triggers_on_non_conflict_news(probs, strength, expected):
    probs({"MAN_MADE_DISASTER": 0.8, "Remote explosive/landmine/IED": 0.2})
    assert eventtype.pick("text", [_sub("Remote explosive/landmine/IED", strength)]) == expected


def test_eventtype_pick_never_vetoes_a_named_armed_group(probs):
    # "110 schoolgirls were missing after Boko Haram militants raided their school" read as a disaster.
    probs({"MAN_MADE_DISASTER": 0.6, "Remote explosive/landmine/IED": 0.1})
    weak = [_sub("Remote explosive/landmine/IED", "weak")]
    assert eventtype.pick("text", weak) is None
    assert eventtype.pick("text", weak, armed_group=True) == 0


def test_eventtype_extract_keeps_a_raid_by_a_named_group(nlp):
    text = ("ABUJA (Reuters) - Nigeria's government said on Sunday that 110 schoolgirls were missing after Boko Haram "
            "militants raided their boarding school in the northeastern town of Dapchi, in Yobe state, on Monday.")
    mentions = _mentions(nlp, text, published="2018-02-25")
    assert [m.actor1.split(" - ")[0] for m in mentions] == ["Boko Haram"]


def test_eventtype_case_label_names_why_a_snippet_is_no_event():
    label = eventtype.case_label("Floods swept away homes.", None, {"NATURAL_DISASTER": 0.9, "NONE": 0.1})
    assert label == "NATURAL_DISASTER"


def test_eventtype_case_label_never_answers_none():
    assert eventtype.case_label("text", None, {"NONE": 0.9, "Agreement": 0.1}) == "AGREEMENT"


def test_eventtype_case_label_keeps_the_typed_event_unless_the_classifier_is_far_surer():
    assert eventtype.case_label("t", "Grenade", {"Grenade": 0.4, "Armed clash": 0.6}) == "GRENADE"
    assert eventtype.case_label("t", "Grenade", {"Grenade": 0.1, "Armed clash": 0.9}) == "ARMED_CLASH"


def test_eventtype_case_label_without_a_model_falls_back_to_cues():
    assert eventtype.case_label("An earthquake struck the coast.", None, None) == "NATURAL_DISASTER"
    assert eventtype.case_label("Nothing here.", None, None) == "OTHER"
    assert eventtype.case_label("t", "Air/drone strike", None) == "AIR_STRIKE"


# Bad input: absurd numbers, no sentences, wire capitals, other languages. No crash; no invented events.
BAD = [
    "Rebels killed 99999999999999999999999999 soldiers and wounded 1e308 near Gao on 99/99/9999.",
    "...... ;;;; ----",
    "",
    "   \n\t  ",
    "TROOPS CLASHED WITH REBELS NEAR GAO ON MONDAY, KILLING FIVE SOLDIERS, THE ARMY SAID.",
    "Les manifestants se sont rassemblés devant la préfecture pour réclamer des salaires.",
    "Протестующие собрались у здания парламента.",
    "抗议者聚集在议会大楼前。",
    "x" * 20000,
]


def test_eventtype_classify_answers_a_case_label_for_any_input():
    from frontwire.commands import classify_texts

    labels = classify_texts(BAD)
    assert len(labels) == len(BAD)
    assert set(labels) <= CASE_LABELS


@pytest.mark.parametrize("text", BAD[1:4] + BAD[5:])
def test_eventtype_extract_invents_no_event_from_bad_input(nlp, text):
    assert _mentions(nlp, text) == []


@pytest.mark.parametrize("text", [BAD[0], BAD[4]])
def test_eventtype_absurd_numbers_and_wire_capitals_are_typed_like_prose(nlp, text):
    mentions = _mentions(nlp, text)
    assert [m.event_type for m in mentions] == ["Battles"]


def test_eventtype_classify_cli_prints_one_label_per_line(cli):
    snippets = "1\tGovernment warplanes bombed a rebel position, killing six fighters.\n2\t\n3\tno tab here\n"
    result = cli("classify", stdin=snippets)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["1", "2", "3"]
    assert all(re.fullmatch(r"\w+", line.split("\t")[1]) for line in lines)
    assert lines[0].split("\t")[1] == "AIR_STRIKE"


def test_eventtype_precedence_keeps_the_rules_reading_of_who_and_what(probs):
    # Word features read "retook" as a government's gain; the rules saw a rebel group do it.
    probs({"Government regains territory": 0.8, "Non-state actor overtakes territory": 0.2})
    assert eventtype.case_label("t", "Non-state actor overtakes territory",
                                {"Government regains territory": 0.8, "Non-state actor overtakes territory": 0.2}) \
        == "NON_STATE_ACTOR_OVERTAKES_TER"
    # A missile fired by a warplane is an air strike, however surely the classifier reads "missile" as shelling.
    assert eventtype.pick("t", [_sub("Air/drone strike"), _sub("Shelling/artillery/missile attack")]) == 0
    assert eventtype.case_label("t", "Air/drone strike", {"Shelling/artillery/missile attack": 0.9,
                                                          "Air/drone strike": 0.1}) == "AIR_STRIKE"


def test_eventtype_precedence_both_ways_leaves_the_choice_to_the_classifier(probs):
    # A state and a rebel group both took ground in one sentence: neither reading rules the other out.
    probs({"Government regains territory": 0.1, "Non-state actor overtakes territory": 0.9})
    subs = [_sub("Government regains territory"), _sub("Non-state actor overtakes territory")]
    assert eventtype.pick("t", subs) == 1


@pytest.mark.parametrize(("exclude", "label"), [
    (frozenset(), "DIPLO"),
    (frozenset({"DIPLO", "ATTRIB"}), "AGREEMENT"),
])
def test_eventtype_case_label_answers_only_labels_of_the_setting(exclude, label):
    probs = {"DIPLO": 0.7, "Agreement": 0.2, "NONE": 0.1}
    assert eventtype.case_label("Talks were held.", None, probs, exclude=exclude) == label
    assert eventtype.case_label("The minister blamed the rebels.", None, None, exclude=exclude | {"ATTRIB"}) \
        == "OTHER"


@pytest.mark.parametrize(("text", "sub"), [
    # A rocket-propelled grenade is fired from a launcher: ACLED's grenade is thrown by hand.
    ("Militants fired a rocket-propelled grenade at an army patrol near Kidal on Monday, wounding two soldiers.",
     "Shelling/artillery/missile attack"),
    ("Insurgents attacked the convoy with rocket propelled grenades near Baidoa on Sunday, killing three soldiers.",
     "Shelling/artillery/missile attack"),
    ("A man threw a grenade into a crowded bar in Bujumbura on Friday, wounding 12 people.", "Grenade"),
    # Riot police are no riot; one beaten protester is excessive force.
    ("Riot police beat a protester with batons during a rally outside parliament in Kampala on Tuesday.",
     "Excessive force against protesters"),
    ("Riot police chased students who were protesting peacefully outside the ministry in Dakar on Monday, and "
     "dispersed them with tear gas.", "Protest with intervention"),
    ("Police detained 14 people during an unauthorised protest against the new tax law in Minsk on Sunday.",
     "Protest with intervention"),
    # Taken after the holder left, with no one killed: a non-violent transfer, not a battle.
    ("Al-Shabaab militants took control of the town of Moqokori on Friday after Ethiopian troops withdrew from "
     "their base there, residents said.", "Non-violent transfer of territory"),
    ("Government troops entered the abandoned rebel stronghold of Kibati on Monday without a fight.",
     "Non-violent transfer of territory"),
    # A capture that was only tried is a battle.
    ("Houthi fighters tried to capture the town of Hays on Sunday but their attack was repelled by government "
     "forces after hours of fighting, a military official said.", "Armed clash"),
    # An air force is an aircraft's owner; what it destroyed it destroyed from the air.
    ("The Nigerian Air Force destroyed several boats used by Boko Haram fighters on Lake Chad on Sunday, a "
     "military spokesman said.", "Air/drone strike"),
    # One drone, with who launched it between the drone and the verb.
    ("A drone fired from Afghan territory struck a police post in Bajaur on Thursday, wounding three officers, "
     "officials said.", "Air/drone strike"),
    # Marching is protesting; violence that protesters denounce is not theirs.
    ("Thousands of teachers were marching through Abuja on Monday over unpaid salaries.", "Peaceful protest"),
    ("Hundreds of women marched in Nairobi on Saturday to denounce violence against girls.", "Peaceful protest"),
    # A village's population is civilians: an attack on them is violence against civilians.
    ("Gunmen raided the village of Tchoma Bangou on Saturday and attacked the local population, killing 20 "
     "people, the mayor said.", "Attack"),
    # A vehicle that hit a mine.
    ("Four soldiers were killed when their vehicle hit a mine on the road between Dori and Gorom-Gorom on Monday.",
     "Remote explosive/landmine/IED"),
    # ACLED counts a surrender among agreements, not as a change to the group.
    ("More than 80 Boko Haram fighters surrendered to the Nigerian army in Bama on Tuesday, a military spokesman "
     "said.", "Agreement"),
    # Forces taking people away: a forced disappearance.
    ("Security forces took away at least seven young men from a village near Turbat on Tuesday, their relatives "
     "said.", "Abduction/forced disappearance"),
    # Protests held across a country on one day are demonstrations, not a tally.
    ("Farmers held protests across the country on Saturday against the new seed law.", "Peaceful protest"),
])
def test_eventtype_acled_distinctions_in_own_sentences(nlp, text, sub):
    mentions = _mentions(nlp, text, published="2021-03-10")
    assert [m.sub_event_type for m in mentions][:1] == [sub], text


def test_eventtype_a_toll_across_a_country_is_no_event(nlp):
    assert _mentions(nlp, "At least 40 people were killed across the country on Sunday as protests spread, "
                          "the interior ministry said.", published="2021-03-10") == []


@pytest.mark.parametrize(("name", "text"), [
    ("Chemical weapon", "Poisonous gas leaked from a fertiliser plant in Aqaba on Monday, police said."),
    ("Violent demonstration", "Witnesses described the violent dispersal of the sit-in by paramilitaries."),
    ("Abduction/forced disappearance", "Paramedics took 12 injured people to hospital after the blast."),
])
def test_eventtype_trigger_senses_that_are_not_the_event(name, text):
    assert not any(sub.pattern.search(text) for sub in lexicon().sub_events if sub.sub_event_type == name)


def test_eventtype_a_chemical_attack_stays_one_whatever_the_fighting(probs):
    assert eventtype.case_label("t", "Chemical weapon", {"Armed clash": 0.7, "Chemical weapon": 0.2}) == "CHEM_WEAP"


def test_eventtype_a_taking_another_sentence_tells_as_a_withdrawal_is_a_transfer(nlp):
    text = ("Al-Shabaab fighters took control of the town of El Bur on Wednesday. The militants entered the town "
            "after Ethiopian troops withdrew from their base there, residents said.")
    mentions = _mentions(nlp, text, published="2021-03-10")
    assert {m.sub_event_type for m in mentions} == {"Non-violent transfer of territory"}


def test_eventtype_a_withdrawal_told_after_a_battle_rules_nothing_out(probs):
    # The weak transfer reading is out (a battle fired first), so it may not take the territory type away.
    probs({"Non-state actor overtakes territory": 0.6, "Armed clash": 0.3, "Non-violent transfer of territory": 0.1})
    subs = [_sub("Non-state actor overtakes territory"), _sub("Non-violent transfer of territory", "weak"),
            _sub("Armed clash", "weak")]
    assert eventtype.pick("t", subs) == 0
