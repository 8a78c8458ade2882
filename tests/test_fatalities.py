"""Numbers and death counts in news sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwire.fatalities import deaths_in_parse, find_deaths, interaction, parse_number


@pytest.mark.parametrize(("words", "value"), [
    ("40", 40), ("1,000", 1000), ("two", 2), ("forty-two", 42), ("a dozen", 12), ("dozens", 12),
    ("scores", 20), ("hundreds", 100), ("two hundred", 200), ("1.5 million", 1_500_000), ("eleven", 11),
    ("nonsense", None), ("", None),
])
def test_fatalities_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize(("sentence", "low", "high", "victim"), [
    ("Coalition airstrikes killed about 40 militants on Monday, an officer said.", 40, 40, "militants"),
    ("At least 12 people were killed and 30 wounded when a car bomb exploded.", 12, 12, "people"),
    ("The blast killed two soldiers and wounded five others.", 2, 2, "soldiers"),
    ("The death toll rose to 80 on Tuesday, officials said.", 80, 80, ""),
    ("Nearly 2,000 civilians have died in the district.", 1800, 2000, "civilians"),
    ("Scores of people were killed in the raid.", 20, 20, "people"),
    ("Up to 15 fighters were killed, the group said.", 0, 15, "fighters"),
    ("Gunmen killed a police officer at a checkpoint.", 1, 1, "police"),
    ("No one was killed in the attack, police said.", 0, 0, ""),
    ("The number of victims rose to 30, the governor said.", 30, 30, ""),
    ("The attack claimed the lives of 14 worshippers.", 14, 14, "worshippers"),
])
def test_fatalities_find_deaths(sentence, low, high, victim):
    deaths = find_deaths(sentence)
    assert deaths, sentence
    best = max(deaths, key=lambda d: d.low)
    assert (best.low, best.high) == (low, high)
    assert best.victim.startswith(victim)


@pytest.mark.parametrize("sentence", [
    "Thirty people were wounded when the shell hit the market.",
    "The football club signed two players on Monday.",
    "Police said 14 suspects were arrested.",
])
def test_fatalities_injuries_and_others_are_not_deaths(sentence):
    assert all(d.low == 0 for d in find_deaths(sentence))


@pytest.mark.parametrize(("inter1", "inter2", "code"), [(1, 2, 12), (2, 1, 12), (7, 1, 17), (6, None, 60),
                                                         (None, None, None), (3, 3, 33)])
def test_fatalities_interaction_code(inter1, inter2, code):
    assert interaction(inter1, inter2) == code


@given(st.text(max_size=300))
def test_fatalities_never_raise_and_stay_bounded(text):
    for death in find_deaths(text):
        assert 0 <= death.low <= death.high <= 100_000
        assert 0 <= death.start <= death.end <= len(text)


@pytest.mark.parametrize("sentence", [
    "Officials said 1e100 people were killed in the blast.",
    "A total of 123456789012345678901234567890 people were killed, the post claimed.",
    "999999999 soldiers were killed, a propaganda channel said.",
])
def test_fatalities_absurd_numbers_give_no_absurd_count(sentence):
    assert all(d.high <= 100_000 for d in find_deaths(sentence))


@pytest.mark.parametrize(("sentence", "low", "high"), [
    ("Gunmen killed two villagers.", 2, 2), ("The raid killed a dozen fighters.", 12, 12),
    ("Air strikes killed about 40 militants.", 40, 40), ("Scores of people were killed.", 20, 20),
    ("Nearly 2,000 people were killed in the fighting.", 1800, 2000),
    ("At least 1,000 fighters were killed in the battle.", 1000, 1000),
    ("Unknown gunmen shot dead three traders.", 3, 3),
    ("The number of people killed in the bombing rose to 103.", 103, 103),
])
def test_fatalities_numbers_in_digits_and_words(sentence, low, high):
    best = max(find_deaths(sentence), key=lambda d: d.low)
    assert (best.low, best.high) == (low, high)


@pytest.mark.parametrize(("sentence", "exact", "partial"), [
    ("Dozens of people were killed.", False, False), ("Gunmen killed a soldier.", False, False),
    ("Two of the dead were policemen killed at the gate.", True, True),
    ("The strike killed 30 people, including 12 children killed in a school.", True, False),
])
def test_fatalities_guesses_and_parts_are_marked(sentence, exact, partial):
    first = max(find_deaths(sentence), key=lambda d: d.low)
    assert (first.exact, first.partial) == (exact, partial)


@pytest.mark.parametrize(("sentence", "low", "victim"), [
    ("Eleven villagers, some of them teenagers, were rounded up and killed by soldiers.", 11, "villagers"),
    ("The fighting killed 20 IS fighters and seven members of the Kurdish security forces.", 27, "IS fighters"),
    ("Gunmen killed six aid workers, their guide and their driver.", 8, "aid workers"),
    ("A jet bombed a camp, killing at least 52 people, including six Red Cross workers.", 52, "people"),
    ("The air strikes killed dozens of militants.", 12, "militants"),
    ("Soldiers were not killed in the ambush.", None, None),
])
def test_fatalities_deaths_in_parse(nlp, sentence, low, victim):
    found = deaths_in_parse(nlp(sentence)[:], 0)
    if low is None:
        assert found == []
        return
    best = max(found, key=lambda d: d.low)
    assert (best.low, best.victim) == (low, victim)


@pytest.mark.parametrize("sentence", ["The strike killed " + "1" * 5000 + " people.",
                                      "Shelling killed " + "9" * 400 + " million people.",
                                      "It killed 123456789012345678901234567890 people."])
def test_fatalities_numbers_beyond_any_count_are_no_count(sentence):
    # Regression (issue 9): int() of 5,000 digits raised ValueError, float overflow OverflowError,
    # and the article was lost from the batch.
    assert find_deaths(sentence) == []
