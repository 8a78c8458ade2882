"""Triggers read across comma-bounded asides (relative clauses, appositions) the parse finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwire import asides
from frontwire.lexicon import lexicon, trigger_matches

_TRANSFER = next(i for i, sub in enumerate(lexicon().sub_events)
                 if sub.sub_event_type == "Non-violent transfer of territory" and sub.strength == "strong")


def _matches(nlp, text: str):
    doc = nlp(text)
    return asides.matches(text, doc[:], 0)


@pytest.mark.parametrize("text", [
    "The militants moved into the town hours after Ethiopian troops, who had been based there for a year, pulled out.",
    "Rebels entered the village after government soldiers, who had held it since March, withdrew on Friday.",
    "The insurgents took over the base after the garrison, a unit of about 200 men, left.",
])
def test_asides_a_trigger_reads_across_a_relative_clause(nlp, text):
    assert trigger_matches(text)[_TRANSFER] is None  # the words alone do not reach across the aside
    match = _matches(nlp, text)[_TRANSFER]
    assert match is not None and match.string == text and text[match.start():match.end()] == match.group(0)
    assert match.group(0).count(",") == 2  # the match spans the aside in the text


@pytest.mark.parametrize("text", [
    "Rebels moved into the town after government troops pulled out.",  # no aside: the words' own match
    "Soldiers, who had been there for a year, said the town was quiet.",  # an aside, but no trigger
    "Troops withdrew.",
])
def test_asides_change_nothing_without_an_aside_in_a_trigger(nlp, text):
    assert _matches(nlp, text) == trigger_matches(text)


def test_asides_finds_the_outermost_aside_with_its_commas(nlp):
    text = "Ethiopian troops, who had been based there for more than a year, pulled out of Halgan."
    doc = nlp(text)
    ((a, b),) = asides.asides(doc[:], 0, text)
    assert text[a:b] == ", who had been based there for more than a year, "


@pytest.mark.parametrize(("text", "sub_event_type", "trigger"), [
    ("A drone launched by Yemen's Houthi movement struck the airport on Tuesday.", "Air/drone strike",
     "drone launched by Yemen's Houthi movement struck"),
    ("A rocket fired by militants hit a school in the town on Monday.", "Shelling/artillery/missile attack",
     "rocket fired by militants hit"),
    ("A shell fired from rebel positions killed two children in the city.", "Shelling/artillery/missile attack",
     "shell fired from rebel positions killed"),
])
def test_asides_a_trigger_reads_across_a_participle_after_its_noun(nlp, text, sub_event_type, trigger):
    subs = lexicon().sub_events
    found = {subs[i].sub_event_type: m.group(0) for i, m in enumerate(_matches(nlp, text)) if m is not None}
    assert found.get(sub_event_type) == trigger


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["troops", ",", "who", "had", "left", "moved", "into", "after", "the", "town",
                                 "pulled", "out", "rebels", "a", "unit", "."]), max_size=25))
def test_asides_every_match_is_a_match_of_the_text(nlp, words):
    text = " ".join(words)
    for match in _matches(nlp, text):
        assert match is None or (match.string == text and 0 <= match.start() <= match.end() <= len(text))
