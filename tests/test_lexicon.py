"""The event-type data file: valid ACLED names, compiled triggers, abstention rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwire.lexicon import TAXONOMY, cue, lexicon, needles, trigger_matches, word_pattern


def test_lexicon_every_definition_is_an_acled_type():
    subs = lexicon().sub_events
    assert subs
    for sub in subs:
        assert sub.sub_event_type in TAXONOMY[sub.event_type]
        assert sub.strength in ("strong", "weak")


def test_lexicon_every_acled_sub_event_type_but_other_has_a_trigger():
    covered = {s.sub_event_type for s in lexicon().sub_events}
    expected = {sub for subs in TAXONOMY.values() for sub in subs} - {"Other"}
    assert expected <= covered


@pytest.mark.parametrize(("sentence", "cue"), [
    ("Iraqi commanders say they have killed at least 1,000 IS fighters since October.", "cumulative"),
    ("The war has killed more than 300,000 people.", "cumulative"),
    ("Nearly 2,000 people were killed across the country in November.", "spread"),
])
def test_lexicon_tally_cues(sentence, cue):
    assert getattr(lexicon(), cue).search(sentence)


@pytest.mark.parametrize("sentence", [
    "The group threatened to attack the capital.",
    "The army denied using chemical weapons.",
])
def test_lexicon_irrealis_cues(sentence):
    assert lexicon().irrealis.search(sentence)


def _plain(patterns: list[str], flags: int = re.I) -> re.Pattern[str]:
    """The alternation word_pattern stands for, without its look-ahead groups."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", flags)


_ALTERNATIVES = [r"air ?strikes?", "airport", "al-Shabaab", r"(?:car|truck) bombs?", r"\w+ese forces", "Boko Haram",
                 "bomb", r"bomb(?:ed|ing)", "a|b", "ambush\\w*", "IS", "ISIS", r"e?mirate", "clash(?:es)?",
                 "ſtate", "İdlib", "state"] * 3


@given(st.lists(st.sampled_from(_ALTERNATIVES), min_size=32, max_size=80),  # 32: DISPATCH_FROM
       st.text(alphabet="abcdeilmnorstuABIS -,.ſİı", max_size=80), st.sampled_from([re.I, 0]))
def test_lexicon_word_pattern_matches_exactly_the_plain_alternation(patterns, text, flags):
    spans = [m.span() for m in word_pattern(patterns, flags).finditer(text)]
    assert spans == [m.span() for m in _plain(patterns, flags).finditer(text)]


def test_lexicon_triggers_pattern_is_every_definitions_triggers():
    lex = lexicon()
    for sentence in ("Coalition airstrikes killed 40 militants.", "Protesters marched to parliament.",
                     "The central bank kept interest rates unchanged."):
        assert bool(lex.triggers.search(sentence)) == any(s.pattern.search(sentence) for s in lex.sub_events)


def test_lexicon_trigger_matches_are_each_definitions_first_match():
    lex = lexicon()
    for text in ("Coalition airstrikes killed 40 militants.", "Protesters marched. " * 200):
        expected = [s.pattern.search(text) for s in lex.sub_events]
        got = trigger_matches(text)
        assert [m and m.span() for m in got] == [m and m.span() for m in expected]


def test_lexicon_deaths_in_fighting_are_a_strong_armed_clash_trigger():
    # "killed in fighting" reports a battle without naming the sides: no classifier veto over it.
    lex = lexicon()
    sentence = "Three aid workers were killed in fighting on Saturday, the agency said."
    matches = zip(lex.sub_events, trigger_matches(sentence))
    assert "Armed clash" in [s.sub_event_type for s, m in matches if m and s.strength == "strong"]


@pytest.mark.parametrize(("patterns", "expected"), [
    ([r"(?<!propelled )grenades?", "rpgs?"], ("grenade", "rpg")),
    ([r"(?:took|taken) (?:away )?people", "hit a mine"], ("hit a mine", "taken", "took")),
    ([r"air ?strikes?|mortars?"], ("air", "mortar")),
    ([r"(?:farm |aid )?workers?"], None),  # an optional first group: any text may match
    ([r"\w+ese forces"], None),
])
def test_lexicon_needles_are_what_every_match_begins_with(patterns, expected):
    assert needles(patterns) == expected


@given(st.lists(st.sampled_from(_ALTERNATIVES), min_size=1, max_size=40),
       st.text(alphabet="abcdeilmnorstuABIS -,.ſİı", max_size=80))
def test_lexicon_cue_finds_exactly_what_its_pattern_finds(patterns, text):
    found, plain = cue(patterns).search(text), word_pattern(patterns).search(text)
    assert (found and found.span()) == (plain and plain.span())
