"""Merging mentions into events: same event merges, different events stay apart, order never matters."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwire.merge import merge
from frontwire.models import Mention, Place, Source
from frontwire.pipeline import remerge
from frontwire.store import open_store

MOSUL = Place("Mosul", 36.335, 43.11889, 99072, "Iraq", "IQ", "IRQ", "Nineveh", None, "PPLA", 1_683_000)
TALL_AFAR = Place("Tall 'Afar", 36.37, 42.45, 99131, "Iraq", "IQ", "IRQ", "Nineveh", None, "PPLA2", 205_000)
NINEVEH = Place("Nineveh", 36.335, 43.11889, 99071, "Iraq", "IQ", "IRQ", "Nineveh", None, "ADM1", 0)
# A neighbourhood of Mosul (a GeoNames PPLX), 4 km from the city's point.
ZANJILI = Place("Zanjili", 36.37, 43.12, 9000001, "Iraq", "IQ", "IRQ", "Nineveh", None, "PPLX", 0)
ALEPPO = Place("Aleppo", 36.2, 37.16, 170063, "Syria", "SY", "SYR", "Aleppo", None, "PPLA", 1_602_000)
COALITION, IS, IRAQ = "Coalition Forces", "Islamic State", "Military Forces of Iraq (2014-)"


def mention(article: str, start: int = 0, date: str | None = "2017-06-26", place: Place | None = MOSUL,
            sub: str = "Air/drone strike", etype: str = "Explosions/Remote violence", deaths: int | None = 40,
            precision: int = 1, geo: int | None = 1, actor1: str | None = COALITION, actor2: str | None = IS,
            published: str = "2017-06-27") -> Mention:
    """A hand-built mention from article `article`."""
    source = Source(article, "Outlet " + article, None, published, "A sentence.", start, start + 11, article)
    return Mention(source=source, event_type=etype, sub_event_type=sub, trigger="airstrike",
                   actor1=actor1, actor2=actor2, inter1=8 if actor1 else None, inter2=2 if actor2 else None,
                   fatalities_low=deaths or 0, fatalities_high=deaths or 0, fatalities_known=deaths is not None,
                   event_date=date, time_precision=precision, place=place, geo_precision=geo if place else None)


def test_merge_same_event_from_several_outlets_is_one_event():
    events = merge([mention("a"), mention("b", deaths=35), mention("c", deaths=None), mention("d", deaths=52)])
    assert len(events) == 1
    event = events[0]
    assert len(event.sources) == 4
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (35, 35, 52)
    assert event.interaction == 28


@pytest.mark.parametrize("place, events", [(TALL_AFAR, 2), (ALEPPO, 2), (ZANJILI, 1), (NINEVEH, 1)])
def test_merge_same_day_place_decides(place, events):
    # Tall Afar lies 60 km from Mosul: two strikes; the neighbourhood and the province hold Mosul: one.
    assert len(merge([mention("a"), mention("b", place=place, geo=3 if place is NINEVEH else 1)])) == events


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


# ---------------------------------------------------------------- event ids (issue 6 item 3)
def test_merge_event_id_is_the_earliest_published_reports_whatever_the_hashes():
    first = merge([mention("zz", published="2017-06-27")])[0].event_id
    later = mention("00", published="2017-06-28")  # its hash sorts first, but it was published later
    assert merge([mention("zz", published="2017-06-27"), later])[0].event_id == first
    earlier = mention("01", published="2017-06-26")
    assert merge([mention("zz"), later, earlier])[0].event_id == merge([earlier])[0].event_id


# ---------------------------------------------------------------- actors and contested attribution (item 2)
def test_merge_two_different_pairs_of_actors_same_day_and_place_stay_apart():
    clash = dict(sub="Armed clash", etype="Battles")
    assert len(merge([mention("a", **clash), mention("b", actor1="Peshmerga", actor2="PMF", **clash)])) == 2


def test_merge_reports_blaming_different_actors_are_one_contested_event():
    victims = "Civilians (Iraq)"
    reports = [mention("a", actor1=COALITION, actor2=victims), mention("b", actor1=IS, actor2=victims),
               mention("c", actor1=IS, actor2=victims, start=40)]
    (event,) = merge(reports)
    assert event.contested and event.actor1 is None and event.inter1 is None and event.actor2 == victims
    assert [(a.actor, [s.article_id for s in a.sources]) for a in event.attributions] == [
        (IS, ["b", "c"]), (COALITION, ["a"])]
    assert "Attribution contested: Islamic State (2 reports) or Coalition Forces (1 report)." in event.notes
    assert event.to_dict()["attributions"][1]["sources"][0]["article_id"] == "a"
    assert event.confidence < merge(reports[1:])[0].confidence


@pytest.mark.parametrize("other", ["Unidentified Armed Group (Iraq)", None, COALITION])
def test_merge_unidentified_or_same_actor_is_no_contest(other):
    (event,) = merge([mention("a"), mention("b", actor1=other)])
    assert not event.contested and event.attributions == () and event.actor1 == COALITION


# ---------------------------------------------------------------- bad input (issue 6)
@pytest.mark.parametrize("vague", [dict(date=None), dict(place=None), dict(date=None, place=None)])
def test_merge_report_without_date_or_place_never_joins_a_dated_placed_event(vague):
    events = merge([mention("a"), mention("b"), mention("vague", **vague)])
    assert sorted(len(e.sources) for e in events) == [1, 2]


def test_merge_within_one_report_a_sentence_without_place_still_joins():
    assert len(merge([mention("a"), mention("a", start=90, place=None)])) == 1


def test_merge_contradicting_tolls_keep_the_range_and_lower_confidence():
    agreeing = merge([mention("a", deaths=300), mention("b", deaths=280)])[0]
    (event,) = merge([mention("a", deaths=300), mention("b", deaths=0)])
    assert (event.fatalities_low, event.fatalities, event.fatalities_high) == (0, 0, 300)
    assert event.confidence < agreeing.confidence
    assert "Reports disagree on the toll (0 to 300)." in event.notes
    assert "disagree" not in agreeing.notes


# ---------------------------------------------------------------- incremental merging into a store (item 3)
def store_merge(batches: list[list[Mention]]) -> list[dict]:
    """Ingest the batches one after another through the real write path; the stored events."""
    with open_store("sqlite:///:memory:") as store:
        for batch in batches:
            events, retired = remerge(store, batch)
            store.write_batch([], batch, events, retired)
        return sorted((e.to_dict() for e in store.all_events()), key=lambda e: e["event_id"])


def batch_merge(mentions: list[Mention]) -> list[dict]:
    return sorted((e.to_dict() for e in merge(mentions)), key=lambda e: e["event_id"])


# Reports in several places and days, with chains that regroup: a week-precise report (g) and a
# province-level one (e) can join either of two stored events, depending on what else has arrived.
STREAM = POOL + [mention("h", place=ZANJILI), mention("i", date="2017-06-26", place=ALEPPO, actor1="Military Forces "
                 "of Russia (2000-)"), mention("j", date=None, place=None), mention("k", date="2017-06-29",
                 precision=3, place=NINEVEH, geo=3, deaths=0), mention("l", actor1=IS, actor2="Civilians (Iraq)")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(STREAM), st.lists(st.integers(1, 4), min_size=len(STREAM), max_size=len(STREAM)))
def test_merge_into_a_store_in_any_order_and_batches_equals_one_merge(order, sizes):
    batches, rest = [], list(order)
    for size in sizes:
        if rest:
            batches.append(rest[:size])
            rest = rest[size:]
    assert store_merge(batches) == batch_merge(STREAM)


def test_merge_into_a_store_keeps_the_id_when_a_source_is_added():
    first = store_merge([[mention("a")]])[0]["event_id"]
    (after,) = store_merge([[mention("a")], [mention("00", published="2017-06-29")]])
    assert after["event_id"] == first and len(after["sources"]) == 2


def test_merge_into_a_store_touches_only_connected_events():
    with open_store("sqlite:///:memory:") as store:
        stored = [mention("a"), mention("b", place=ALEPPO, actor1=None), mention("c", date="2017-03-01")]
        store.write_batch([], stored, merge(stored))
        events, retired = remerge(store, [mention("d", deaths=41)])
    assert [sorted(s.article_id for s in e.sources) for e in events] == [["a", "d"]] and retired == set()


def test_merge_bench_script_ingests_into_a_store_exactly_as_one_merge():
    import json
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_merge.py"), "--events", "2000",
                             "--new", "100", "--check"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["same_as_one_merge"] and figures["new_mentions"] == 100 and figures["incremental_s"] > 0


def test_merge_into_a_store_finds_a_stored_span_of_days_from_its_last_day():
    # "Clashes from 24 to 26 June in Mosul" stored first; a later report of the 26th must join that day's event.
    span = replace(mention("a", date="2017-06-24", deaths=30), span_end="2017-06-26")
    later = mention("b", date="2017-06-26", deaths=12)
    assert store_merge([[span], [later]]) == batch_merge([span, later])
    assert [len(e["sources"]) for e in batch_merge([span, later])].count(2) == 1


@pytest.mark.parametrize(("second", "events"), [("Hroza", 1), ("HROZA", 1), ("Kupiansk", 2)])
def test_merge_places_no_gazetteer_has_are_one_place_by_name(second, events):
    # geolocate codes a village it cannot find by its name and country, with null coordinates.
    hroza = Place("Hroza", None, None, None, "Ukraine", "UA", "UKR")
    other = replace(hroza, name=second)
    assert len(merge([mention("a", place=hroza), mention("b", place=other)])) == events
