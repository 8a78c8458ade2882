"""The event-type data file: valid ACLED names, compiled triggers, abstention rules."""

from __future__ import annotations

import pytest

from frontwire.lexicon import TAXONOMY, lexicon


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


@pytest.mark.parametrize("sentence", [
    "Iraqi commanders say they have killed at least 1,000 IS fighters since October.",
    "The war has killed more than 300,000 people.",
    "Nearly 2,000 people were killed across the country in November.",
])
def test_lexicon_cumulative_cues(sentence):
    assert lexicon().cumulative.search(sentence)


@pytest.mark.parametrize("sentence", [
    "The group threatened to attack the capital.",
    "The army denied using chemical weapons.",
])
def test_lexicon_irrealis_cues(sentence):
    assert lexicon().irrealis.search(sentence)
