"""Merging mentions into events: same event merges, different events stay apart, order never matters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frontwire.merge import merge
from frontwire.models import Mention, Place, Source

MOSUL = Place("Mosul", 36.335, 43.11889, 99072, "Iraq", "IQ", "IRQ", "Nineveh", None, "PPLA", 1_683_000)
TALL_AFAR = Place("Tall 'Afar", 36.37, 42.45, 99131, "Iraq", "IQ", "IRQ", "Nineveh", None, "PPLA2", 205_000)
NINEVEH = Place("Nineveh", 36.335, 43.11889, 99071, "Iraq", "IQ", "IRQ", "Nineveh", None, "ADM1", 0)


def mention(article: str, start: int = 0, date: str = "2017-06-26", place: Place | None = MOSUL,
            sub: str = "Air/drone strike", etype: str = "Explosions/Remote violence", deaths: int | None = 40,
            precision: int = 1, geo: int | None = 1) -> Mention:
    """A hand-built mention from article `article`."""
    source = Source(article, "Outlet " + article, None, "2017-06-27", "A sentence.", start, start + 11, article)
    return Mention(source=source, event_type=etype, sub_event_type=sub, trigger="airstrike",
                   actor1="Coalition Forces", actor2="Islamic State", inter1=8, inter2=2,
                   fatalities_low=deaths or 0, fatalities_high=deaths or 0, fatalities_known=deaths is not None,
                   event_date=date, time_precision=precision, place=place, geo_precision=geo if place else None)


def test_merge_same_event_from_several_outlets_is_one_event():
    events = merge([mention("a"), mention("b", deaths=35), mention("c", deaths=None), mention("d", deaths=52)])
    assert len(events) == 1
    event = events[0]
    assert len(event.sources) == 4
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (35, 35, 52)
    assert event.interaction == 28


def test_merge_same_day_other_town_stays_apart():
    events = merge([mention("a"), mention("b", place=TALL_AFAR)])
    assert len(events) == 2


def test_merge_other_day_stays_apart():
    assert len(merge([mention("a"), mention("b", date="2017-06-24")])) == 2


def test_merge_other_family_stays_apart():
    protest = mention("b", sub="Peaceful protest", etype="Protests")
    assert len(merge([mention("a"), protest])) == 2


def test_merge_outlets_naming_the_violence_differently_is_one_event_of_the_specific_type():
    attack = mention("b", sub="Attack", etype="Violence against civilians")
    events = merge([attack, mention("a")])
    assert len(events) == 1 and events[0].sub_event_type == "Air/drone strike"


def test_merge_other_family_member_needs_the_same_known_day_and_place():
    attack = mention("b", sub="Attack", etype="Violence against civilians", place=None)
    assert len(merge([attack, mention("a")])) == 2


def test_merge_region_report_joins_the_town_and_keeps_the_precise_place():
    events = merge([mention("a", place=NINEVEH, geo=3), mention("b")])
    assert len(events) == 1
    assert events[0].location == "Mosul" and events[0].geo_precision == 1


def test_merge_week_precision_joins_and_keeps_the_precise_date():
    events = merge([mention("a", date="2017-06-28", precision=2), mention("b")])
    assert len(events) == 1
    assert (events[0].event_date, events[0].time_precision) == ("2017-06-26", 1)


def test_merge_one_article_two_sentences_one_source():
    events = merge([mention("a", start=0), mention("a", start=200, place=None)])
    assert len(events) == 1 and len(events[0].sources) == 1


POOL = [mention("a"), mention("b", deaths=30), mention("c", place=TALL_AFAR), mention("d", date="2017-06-24"),
        mention("e", place=NINEVEH, geo=3), mention("f", sub="Armed clash", etype="Battles"),
        mention("g", date="2017-06-27", precision=2), mention("a", start=300, place=None, deaths=None)]


@settings(max_examples=60, deadline=None)
@given(st.permutations(POOL))
def test_merge_is_independent_of_arrival_order(order):
    expected = [e.to_dict() for e in merge(POOL)]
    assert [e.to_dict() for e in merge(order)] == expected


def test_merge_event_id_is_stable_when_a_later_source_is_added():
    first = merge([mention("a")])[0].event_id
    assert merge([mention("a"), mention("zz")])[0].event_id == first


# ---------------------------------------------------------------- syndicated copies (issue 6 item 4)
from dataclasses import replace  # noqa: E402

WIRE_SENTENCE = ("Coalition airstrikes on the city's western edge killed about 40 militants on Monday, "
                 "an Iraqi officer said Tuesday.")


def wire(article: str, published: str, sentence: str = WIRE_SENTENCE, start: int = 85) -> Mention:
    """A mention whose evidence sentence is the wire story's, as republished by `article`."""
    base = mention(article, start=start)
    return replace(base, source=replace(base.source, published=published, sentence=sentence,
                                        end=start + len(sentence)))


def test_merge_syndicated_copies_keep_one_source_the_earliest_published():
    copies = [wire("late", "2017-06-28"), wire("early", "2017-06-27", start=140), wire("later", "2017-06-29")]
    events = merge(copies)
    assert len(events) == 1
    assert [s.article_id for s in events[0].sources] == ["early"]


def test_merge_independent_accounts_stay_separate_sources():
    own = "Dozens of Islamic State fighters died when coalition planes bombed positions west of Mosul."
    events = merge([wire("wire", "2017-06-27"), wire("own", "2017-06-27", sentence=own)])
    assert len(events) == 1 and len(events[0].sources) == 2
    assert events[0].confidence > merge([wire("wire", "2017-06-27")])[0].confidence


SYNDICATED = [wire("c1", "2017-06-28"), wire("c2", "2017-06-27"), wire("c3", "2017-06-27", start=9),
              mention("b", deaths=35), mention("e", place=NINEVEH, geo=3)]


@settings(max_examples=40, deadline=None)
@given(st.permutations(SYNDICATED))
def test_merge_copies_are_independent_of_arrival_order(order):
    assert [e.to_dict() for e in merge(order)] == [e.to_dict() for e in merge(SYNDICATED)]
