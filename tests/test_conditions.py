"""The extra conditions of sub-event definitions, checked on one sentence."""

from __future__ import annotations

import pytest

from frontwire import actors as act
from frontwire import conditions
from frontwire import roles as rl
from frontwire.fatalities import find_deaths


def _holds(need: str, text: str) -> bool:
    """The condition on a sentence, with its actors and deaths and no parse (all roles unknown)."""
    return conditions.holds(need, text, act.find_actors(text, 0, len(text)), find_deaths(text), {})


@pytest.mark.parametrize(("need", "text", "expected"), [
    ("taken", "Rebels captured the town of Hays on Sunday.", True),
    ("taken", "Rebels tried to capture the town of Hays but their attack was repelled.", False),
    ("taken", "Al-Shabaab briefly seized the town before withdrawing.", False),
    ("not_arrest", "Troops retook the village on Monday.", True),
    ("not_arrest", "Police arrested three suspects in the village.", False),
    ("no_deaths", "The militants entered the town after the army withdrew.", True),
    ("no_deaths", "The militants entered the town, killing four soldiers.", False),
    ("protest", "Hundreds of students marched on parliament.", True),
    ("armed_context", "Gunmen stormed the hotel.", True),
    ("armed_context", "The council met on Monday.", False),
    # sides fought: whoever died, died in a battle
    ("civilian_victims", "Fighting between rival armed groups in Tripoli killed 32 people.", False),
    ("civilian_victims", "Clashes between Congolese troops and M23 rebels killed seven civilians.", False),
])
def test_conditions_hold_on_one_sentence(need, text, expected):
    assert _holds(need, text) is expected


def test_conditions_who_acted_is_read_from_the_roles():
    text = "Boko Haram fighters overran the army base."
    found = act.find_actors(text, 0, len(text))
    agents = {a: rl.AGENT for a in found if a.name == "Boko Haram"}
    assert conditions.holds("nonstate_actor1", text, found, [], agents)
    assert not conditions.holds("state_actor1", text, found, [], agents)


@pytest.mark.parametrize(("sides", "expected"), [
    ((rl.PARTY, rl.OPPONENT), False),  # the parse reads the armed sides as fighting each other
    ((rl.AGENT, None), True),  # "gunmen killed seven civilians"
])
def test_conditions_civilians_killed_where_armed_sides_fight_are_no_one_sided_violence(sides, expected):
    text = "Congolese troops and M23 rebels killed seven civilians near Sake on Wednesday."
    found = act.find_actors(text, 0, len(text))
    armed = [a for a in found if act.is_armed(a)]
    roles = {**dict(zip(armed, sides)), **{a: rl.PATIENT for a in found if a.kind == act.CIVILIANS}}
    assert conditions.holds("civilian_victims", text, found, find_deaths(text), roles) is expected


def test_conditions_unknown_condition_is_an_error_in_the_data_file():
    with pytest.raises(ValueError, match="unknown condition"):
        conditions.holds("sunny", "text", [], [], None)
