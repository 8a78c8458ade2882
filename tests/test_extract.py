"""Event extraction on the project's own articles: types, actors, fatalities, evidence, and non-events."""

from __future__ import annotations

import pytest

from frontwire.eval.gold import score
from dataclasses import replace

from frontwire.ingest import parse_text
from frontwire.pipeline import extract, Report, analyze


def _events(text: str, published: str = "2017-06-28", name: str = "t.txt"):
    """Mentions of one hand-written article, after all stages."""
    article = replace(parse_text(text, name), published=published)
    return [m for a in analyze([article], Report()) for m in a.mentions]


MOSUL = ("MOSUL, Iraq (AP) — Coalition airstrikes on the city's western edge killed about 40 militants on Monday, "
         "an Iraqi officer said Tuesday. Iraqi commanders say they have killed at least 1,000 IS fighters since "
         "October.")


def test_extract_mosul_lede_is_one_air_strike_and_the_tally_is_not_an_event():
    mentions = _events(MOSUL)
    assert len(mentions) == 1
    m = mentions[0]
    assert (m.event_type, m.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert m.actor1 == "Coalition Forces"
    assert m.fatalities_low == 40
    assert m.event_date == "2017-06-26" and m.time_precision == 1
    assert m.source.sentence.startswith("Coalition airstrikes")
    assert MOSUL[m.source.start:m.source.end] == m.source.sentence


@pytest.mark.parametrize(("text", "sub", "actor1", "actor2", "dead"), [
    ("KABUL (Reuters) - A suicide bomber blew himself up at a wedding hall in Kabul on Saturday, killing 63 "
     "people, officials said.", "Suicide bomb", None, "Civilians (Afghanistan)", 63),
    ("MOGADISHU, Somalia (AP) — Al-Shabaab fighters clashed with Somali soldiers near Afgoye on Sunday, "
     "and two soldiers were killed, a military officer said.", "Armed clash", "Al Shabaab", None, 2),
    ("KHARTOUM, Sudan (Reuters) - Gunmen abducted 12 aid workers on a road south of Khartoum on Tuesday, "
     "the United Nations said.", "Abduction/forced disappearance", "Unidentified Armed Group (Sudan)", None, 0),
    ("KYIV, Ukraine (AP) — A Russian missile struck a cafe in the village of Hroza on Thursday, killing 51 "
     "people, officials said.", "Shelling/artillery/missile attack", "Military Forces of Russia",
     "Civilians (Ukraine)", 51),
    ("NAIROBI, Kenya (AP) — Police fired tear gas at protesters in central Nairobi on Tuesday as thousands "
     "marched against tax increases.", "Protest with intervention", "Protesters (Kenya)", "Police Forces of Kenya", 0),
])
def test_extract_types_actors_and_deaths(text, sub, actor1, actor2, dead):
    mentions = _events(text, published="2019-08-20")
    assert mentions, text
    m = mentions[0]
    assert m.sub_event_type == sub
    if actor1:
        assert m.actor1 == actor1
    if actor2:
        assert m.actor2 == actor2
    assert m.fatalities_low == dead


@pytest.mark.parametrize("text", [
    "LONDON (Reuters) - Arsenal's striker shot twice in the first half before the visitors killed the game off "
    "with a late goal on Saturday.",
    "NEW YORK (Reuters) - Prices exploded on Tuesday as the central bank launched a fresh attack on inflation, "
    "raising its key rate by three quarters of a point.",
    "BAGHDAD (AP) — The war against Islamic State has killed more than 10,000 Iraqi soldiers since 2014, "
    "according to a government tally released on Sunday.",
    "ANKARA, Turkey (AP) — A magnitude 7.8 earthquake killed more than 2,000 people in southern Turkey on "
    "Monday, officials said.",
])
def test_extract_non_events_yield_nothing(text):
    assert _events(text, published="2020-01-01") == []


def test_extract_samples_against_our_gold(samples, sample_gold):
    inputs = sorted(str(p) for p in samples.iterdir())
    report = extract(inputs)
    assert report.failures == []
    figures = score(report.events, sample_gold)
    # Floors pinned from the figures reached when this test was written; raise them as extraction improves.
    assert figures["false_in_nonconflict"] == 0
    assert figures["recall"] >= 0.85
    assert figures["precision"] >= 0.75
    assert figures["field_accuracy"]["event_type"] >= 0.85
    assert figures["field_accuracy"]["event_date"] >= 0.8


def test_extract_unseen_articles_against_our_gold(article_gold):
    from conftest import ARTICLES

    report = extract([str(ARTICLES)])
    figures = score(report.events, article_gold)
    assert figures["false_in_nonconflict"] == 0
    assert figures["recall"] >= 0.8
    assert figures["precision"] >= 0.5


def test_extract_every_event_is_contract_valid_with_exact_offsets(samples, contract):
    from frontwire.pipeline import articles_of

    inputs = sorted(str(p) for p in samples.iterdir())
    texts = {a.id: a.text for a in articles_of(inputs, Report())}
    for event in extract(inputs).events:
        contract(event.to_dict(), texts)


@pytest.mark.parametrize("text", [
    "",
    "!!! ??? ...",
    "KABUL (REUTERS) - A SUICIDE BOMBER KILLED 12 PEOPLE AT A MOSQUE IN KABUL ON FRIDAY, POLICE SAID.",
    "BAGDAD (dpa) - Bei einem Anschlag in Bagdad sind am Sonntag mindestens zwölf Menschen getötet worden.",
    "الموصل - قتل 40 مسلحا في غارات جوية يوم الاثنين",
    "word " * 2000,
])
def test_extract_odd_text_never_crashes_or_invents(text):
    mentions = _events(text or " ", published="2020-05-01")
    for m in mentions:
        assert m.source.sentence in text
        assert m.fatalities_high <= 100_000
