"""One coding per event within a report: shared tolls and actors."""

from __future__ import annotations

import pytest

from dataclasses import replace

from factories import make_article, make_mention
from frontwire.consolidate import Coded, combine, consolidate

ARTICLE = make_article("KABUL - Gunmen stormed a university, killing 19. Afghan forces killed the attackers.")


def mention(start: int = 0, **fields):
    """A mention of the Kabul report with `fields` set."""
    return replace(make_mention(ARTICLE, start), **fields)


@pytest.mark.parametrize(("figures", "low", "high"), [
    ([(52, 52, False, True), (100, 100, False, True)], 52, 100),  # rival accounts: the lowest, range to the highest
    ([(40, 40, False, True), (95, 95, True, True)], 95, 95),  # an update replaces the toll
    ([(35, 35, False, True), (2, 2, False, False)], 35, 35),  # a part never replaces a whole toll
    ([(12, 12, False, False)], 12, 12),  # a guess counts when nothing better is given
])
def test_consolidate_combine(figures, low, high):
    combined = combine(mention(fatalities_known=False), figures)
    assert (combined.fatalities_low, combined.fatalities_high) == (low, high)


def test_consolidate_later_sentences_share_the_lead_actors_and_toll():
    lede = mention(start=0, actor1="Unidentified Armed Group (Afghanistan)", actor2="Civilians (Afghanistan)",
                   fatalities_low=19, fatalities_high=19, fatalities_known=True)
    later = mention(start=48, actor1="Military Forces of Afghanistan", actor2=None, fatalities_known=False)
    first, second = consolidate([Coded(lede, False, True), Coded(later, False, True)])
    assert second.actor1 == first.actor1 == "Unidentified Armed Group (Afghanistan)"
    assert second.fatalities_low == 19


_STRATEGIC = "Strategic developments"


@pytest.mark.parametrize(("sub_event_type", "weak", "day", "start", "kept"), [
    ("Looting/property destruction", False, "2016-12-04", 48, False),  # houses burned in the raid: part of it
    ("Looting/property destruction", False, "2016-12-03", 48, False),  # began late the evening before
    ("Looting/property destruction", False, "2016-11-30", 48, True),  # days apart: an event of its own
    ("Change to group/activity", True, "2016-12-04", 48, False),  # "the army sent troops to the area"
    ("Change to group/activity", True, "2016-12-04", 0, True),  # told before the violence: not a reaction
    ("Change to group/activity", False, "2016-12-04", 48, True),  # a strong trigger is an event of its own
])
def test_consolidate_parts_and_weak_reactions_fold_into_the_violent_event(sub_event_type, weak, day, start, kept):
    attack = mention(start=10 if start == 0 else 0, event_type="Violence against civilians", sub_event_type="Attack")
    other = mention(start=start, event_type=_STRATEGIC, sub_event_type=sub_event_type, event_date=day)
    out = consolidate(sorted([Coded(attack, False, True), Coded(other, False, True, weak=weak)],
                             key=lambda c: c.mention.source.start))
    assert [m.sub_event_type for m in out].count(sub_event_type) == int(kept)
    assert [m.sub_event_type for m in out].count("Attack") == 1


@pytest.mark.parametrize(("sentence", "sub_event_type", "owner"), [
    ("The coalition said it had intercepted another drone.", "Disrupted weapons use", "Houthi Movement"),
    ("The coalition said it had intercepted another missile.", "Disrupted weapons use", None),  # no missile before
    ("The coalition said it had intercepted a drone.", "Disrupted weapons use", None),  # not "another"
])
def test_consolidate_another_munition_is_the_side_that_fired_the_first(sentence, sub_event_type, owner):
    text = "A drone launched by the Houthis struck the airport on Tuesday. " + sentence
    article = make_article(text)
    strike = replace(make_mention(article, 0), event_type="Explosions/Remote violence",
                     sub_event_type="Air/drone strike", actor1="Houthi Movement", inter1=2)
    at = text.index(sentence)
    other = replace(make_mention(article, at), event_type="Strategic developments", sub_event_type=sub_event_type,
                    actor1="Military Forces of Saudi Arabia", inter1=1, event_date="2016-12-05")
    other = replace(other, source=replace(other.source, sentence=sentence))
    strike = replace(strike, source=replace(strike.source, sentence=text[:at].strip()))
    out = consolidate([Coded(strike, False, True), Coded(other, False, True)])
    assert [m.actor2 for m in out if m.sub_event_type == sub_event_type] == [owner]
    assert [m.inter2 for m in out if m.sub_event_type == sub_event_type] == [2 if owner else None]


def test_consolidate_a_weak_word_later_in_the_event_tells_the_event_the_lede_types():
    clash = mention(start=0, event_type="Battles", sub_event_type="Armed clash")
    missing = mention(start=48, event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
                      place=None)
    out = consolidate([Coded(clash, False, True), Coded(missing, False, True, weak=True)])
    assert [m.sub_event_type for m in out] == ["Armed clash", "Armed clash"]
    strong = consolidate([Coded(clash, False, True), Coded(missing, False, True, weak=False)])
    assert [m.sub_event_type for m in strong] == ["Armed clash", "Abduction/forced disappearance"]


@pytest.mark.parametrize(("later_actor1", "actor2"), [
    ("Military Forces of Libya", "Military Forces of Libya"),  # the other side, told as a later sentence's doer
    (None, "Unidentified Armed Group (Iraq)"),  # a clash has two sides: one never named is unidentified
])
def test_consolidate_a_clash_has_two_sides(later_actor1, actor2):
    lede = mention(start=0, actor1="Islamic State", actor2=None)
    later = mention(start=48, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                    actor1=later_actor1, actor2=None)
    first = consolidate([Coded(lede, False, True), Coded(later, False, True)])[0]
    assert (first.actor1, first.actor2) == ("Islamic State", actor2)
