"""Temporal expressions and event dates (frontwire.time); every sentence here was written for these tests."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frontwire.time as timex_module
from frontwire.models import Timex
from frontwire.time import choose_date, event_date, find_timexes, is_reporting_date, timex_records
from frontwire.timex_dates import estimate_dct, per_day, split_deaths
from frontwire.timex_calendar import earliest_day
from frontwire.timex_lexicon import number

TUESDAY = "2016-12-06"  # reports below are dated Tuesday 6 December 2016 unless they say otherwise


def _value(sentence: str, dct: str | None, phrase: str) -> tuple[str, str]:
    """(type, value) of the expression whose text is `phrase`."""
    found = {t.text: (t.type, t.value) for t in find_timexes(sentence, dct)}
    assert phrase in found, f"{phrase!r} not among {sorted(found)}"
    return found[phrase]


@pytest.mark.parametrize(("sentence", "dct", "phrase", "kind", "value"), [
    # weekdays: the most recent such day on or before the report
    ("Gunmen attacked a checkpoint on Sunday, police said.", TUESDAY, "Sunday", "DATE", "2016-12-04"),
    ("The governor said Tuesday that the curfew was lifted.", TUESDAY, "Tuesday", "DATE", "2016-12-06"),
    ("Rebels shelled the district last Tuesday.", TUESDAY, "last Tuesday", "DATE", "2016-11-29"),
    ("Mortars hit the market on Wednesday.", TUESDAY, "Wednesday", "DATE", "2016-11-30"),
    ("Talks will resume on Thursday in Geneva.", TUESDAY, "Thursday", "DATE", "2016-12-08"),
    ("Troops shelled the village on Monday night.", TUESDAY, "Monday night", "TIME", "2016-12-05TNI"),
    ("Fighting resumed early Sunday morning.", TUESDAY, "early Sunday morning", "TIME", "2016-12-04TMO"),
    ("Since Friday night, 30 people have been killed.", TUESDAY, "Friday night", "TIME", "2016-12-02TNI"),
    ("Police said on Monday they arrested three men over the weekend.", TUESDAY, "the weekend", "DATE",
     "2016-W48-WE"),
    # the report's own days
    ("A car bomb exploded yesterday in the capital.", TUESDAY, "yesterday", "DATE", "2016-12-05"),
    ("The army said today that the road is open.", TUESDAY, "today", "DATE", "2016-12-06"),
    ("A curfew will be imposed tonight.", TUESDAY, "tonight", "TIME", "2016-12-06TNI"),
    ("Two rockets landed this morning near the airport.", TUESDAY, "this morning", "TIME", "2016-12-06TMO"),
    ("Clashes continued overnight in the old city.", TUESDAY, "overnight", "TIME", "2016-12-06TNI"),
    ("Militias fought until late yesterday.", TUESDAY, "late yesterday", "DATE", "2016-12-05"),
    ("Shots were heard last night.", TUESDAY, "last night", "TIME", "2016-12-05TNI"),
    # weeks, months, years relative to the report
    ("Last week, militants ambushed a convoy.", TUESDAY, "Last week", "DATE", "2016-W48"),
    ("Airstrikes intensified this week.", TUESDAY, "this week", "DATE", "2016-W49"),
    ("The ceasefire collapsed last month.", TUESDAY, "last month", "DATE", "2016-11"),
    ("Earlier this month the army retook the bridge.", TUESDAY, "Earlier this month", "DATE", "2016-12"),
    ("Fighting displaced 5,000 people last year.", TUESDAY, "last year", "DATE", "2015"),
    ("Violence rose over the past year.", TUESDAY, "the past year", "DATE", "2015"),
    ("Elections are planned for next year.", TUESDAY, "next year", "DATE", "2017"),
    # months and days without a year: the latest not after the report
    ("In November, the coalition carried out 200 strikes.", TUESDAY, "November", "DATE", "2016-11"),
    ("The offensive began on October 17.", TUESDAY, "October 17", "DATE", "2016-10-17"),
    ("Gunmen stormed a police station on the 5th of March.", TUESDAY, "the 5th of March", "DATE", "2016-03-05"),
    ("Protesters marched in March.", TUESDAY, "March", "DATE", "2016-03"),
    ("The siege began in early September.", TUESDAY, "early September", "DATE", "2016-09"),
    ("Rebels have held the town since mid-July.", TUESDAY, "mid-July", "DATE", "2016-07"),
    ("Late on April 20, gunmen opened fire on a bus.", "2016-04-25", "Late on April 20", "DATE", "2016-04-20"),
    ("Gunmen attacked on the night of October 17.", TUESDAY, "the night of October 17", "TIME", "2016-10-17TNI"),
    ("The council met on Dec. 5 and will meet again on Dec. 12.", "2016-10-20", "Dec. 5", "DATE", "2015-12-05"),
    ("The council met on Dec. 5 and will meet again on Dec. 12.", "2016-10-20", "Dec. 12", "DATE", "2016-12-12"),
    # ... unless the text points ahead or the date is days ahead of the report
    ("Peace talks will open on January 5.", TUESDAY, "January 5", "DATE", "2017-01-05"),
    ("Clashes broke out on Dec. 28, a monitor said.", "2017-01-03", "Dec. 28", "DATE", "2016-12-28"),
    ("Troops entered the town on October 18.", "2016-10-17", "October 18", "DATE", "2016-10-18"),
    # written dates
    ("The bridge was blown up on October 17, 2016.", TUESDAY, "October 17, 2016", "DATE", "2016-10-17"),
    ("Two car bombs exploded on 17 October 2016.", TUESDAY, "17 October 2016", "DATE", "2016-10-17"),
    ("The ceasefire, agreed on 2016-09-12, collapsed.", TUESDAY, "2016-09-12", "DATE", "2016-09-12"),
    ("The raid took place on Saturday, Oct. 15, 2016.", TUESDAY, "Saturday, Oct. 15, 2016", "DATE", "2016-10-15"),
    ("The town fell on 25/12/2015.", TUESDAY, "25/12/2015", "DATE", "2015-12-25"),
    ("The group seized the city in July 2014.", TUESDAY, "July 2014", "DATE", "2014-07"),
    ("Fighting in 2014 displaced thousands.", TUESDAY, "2014", "DATE", "2014"),
    ("The army withdrew in June last year.", TUESDAY, "June last year", "DATE", "2015-06"),
    ("The war started in the 1990s.", TUESDAY, "the 1990s", "DATE", "199"),
    ("Clan feuds date back to the late 1970s.", TUESDAY, "the late 1970s", "DATE", "197"),
    ("The shrine was built in the 11th century.", TUESDAY, "the 11th century", "DATE", "10"),
    ("The offensive stalled in the summer of 2014.", TUESDAY, "the summer of 2014", "DATE", "2014-SU"),
    ("Floods hit the camps last winter.", TUESDAY, "last winter", "DATE", "2015-WI"),
    ("Oil revenue fell in the third quarter.", TUESDAY, "the third quarter", "DATE", "2016-Q3"),
    ("Attacks doubled in the first half of 2015.", TUESDAY, "the first half of 2015", "DATE", "2015-H1"),
    ("The fighting ended nineteen ninety-six, a witness recalled.", TUESDAY, "nineteen ninety-six", "DATE", "1996"),
    # counted back from the report
    ("The siege began seven weeks ago.", TUESDAY, "seven weeks ago", "DATE", "2016-W42"),
    ("Troops stormed the old city two days ago.", TUESDAY, "two days ago", "DATE", "2016-12-04"),
    ("The town was retaken a month ago.", TUESDAY, "a month ago", "DATE", "2016-11"),
    ("The militia was formed three years ago.", TUESDAY, "three years ago", "DATE", "2013"),
    ("A week earlier, a bomber had killed 12 people.", TUESDAY, "A week earlier", "DATE", "2016-W48"),
    ("Militants have been regrouping for several years ago.", TUESDAY, "several years ago", "DATE", "PAST_REF"),
    # vague references
    ("Now the army is preparing a new push.", TUESDAY, "Now", "DATE", "PRESENT_REF"),
    ("The army is currently preparing a new push.", TUESDAY, "currently", "DATE", "PRESENT_REF"),
    ("Fighting recently intensified in the south.", TUESDAY, "recently", "DATE", "PAST_REF"),
    ("Aid is expected in the coming weeks.", TUESDAY, "the coming weeks", "DATE", "FUTURE_REF"),
    ("Clashes have flared in recent weeks.", TUESDAY, "recent weeks", "DATE", "PAST_REF"),
    # durations and sets
    ("The army launched a seven-week assault on the city.", TUESDAY, "seven-week", "DURATION", "P7W"),
    ("Rebels held the station for three days.", TUESDAY, "three days", "DURATION", "P3D"),
    ("Clashes over the past two months killed 40 people.", TUESDAY, "the past two months", "DURATION", "P2M"),
    ("The road was closed for 24 hours.", TUESDAY, "24 hours", "DURATION", "PT24H"),
    ("The talks lasted a week.", TUESDAY, "a week", "DURATION", "P1W"),
    ("Patrols run daily along the border.", TUESDAY, "daily", "SET", "P1D"),
    ("Protesters gather every Friday.", TUESDAY, "every Friday", "SET", "XXXX-WXX-5"),
    # clock times take the day they are written with, else the day last mentioned
    ("The attack happened around 3 p.m. local time on Saturday.", TUESDAY,
     "around 3 p.m. local time on Saturday", "TIME", "2016-12-03T15:00"),
    ("Rebels fired mortars at 0600 GMT.", TUESDAY, "0600 GMT", "TIME", "2016-12-06T06:00"),
])
def test_find_timexes_normalises(sentence: str, dct: str | None, phrase: str, kind: str, value: str) -> None:
    assert _value(sentence, dct, phrase) == (kind, value)


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("Troops entered the town on October 17. The following day, police arrived.", "The following day", "2016-10-18"),
    ("Troops entered the town on October 17. The next day, police arrived.", "The next day", "2016-10-18"),
    ("Troops entered the town on October 17. A day later, police arrived.", "A day later", "2016-10-18"),
    ("Troops entered the town on October 17. Later in the day, a bomb exploded.", "Later in the day", "2016-10-17"),
    ("Troops entered the town on October 17. A week earlier, a bomb went off.", "A week earlier", "2016-10-10"),
    ("Troops entered the town on October 17. Two days later the mayor fled.", "Two days later", "2016-10-19"),
    ("The bridge fell on Friday. The previous night, shells hit the port.", "The previous night", "2016-12-01TNI"),
    ("The town fell in 2014. The following year, it was retaken.", "The following year", "2015"),
    ("Police arrived the following day.", "the following day", "2016-12-07"),  # no date before it: the report's
])
def test_find_timexes_anaphora_counts_from_the_last_date(text: str, phrase: str, value: str) -> None:
    assert _value(text, TUESDAY, phrase)[1] == value


def test_find_timexes_comparison_does_not_become_the_reference() -> None:
    text = ("Profit fell in the third quarter. A year earlier, it had risen. "
            "A year ago the company was smaller, and the quarter was its best.")
    values = [t.value for t in find_timexes(text, "2016-11-02")]
    assert values == ["2016-Q3", "2015-Q3", "2015-Q3", "2016-Q3"]


@pytest.mark.parametrize(("text", "values"), [
    # after a length of months, a year-ago comparison compares years
    ("Profit rose in the third quarter. For the nine months, it fell from a year earlier.",
     ["2016-Q3", "P9M", "2015"]),
    ("Net rose in the third quarter. In the first nine months, it fell from the 2015 period. "
     "The year-ago results included a charge.", ["2016-Q3", "P9M", "2015", "2015"]),
    # a forecast quarter is not the one results are compared with
    ("Profit rose in the third quarter. Losses will go on through the second quarter of 2017. "
     "In the year-ago period, the firm earned $1.", ["2016-Q3", "2017-Q2", "2015-Q3"]),
    # nor is one named with an indefinite article
    ("Profit rose in the third quarter. After a flat second quarter, sales rose. "
     "In the year-earlier period, they fell.", ["2016-Q3", "2016-Q2", "2015-Q3"]),
    # "the latest period" is the quarter reported on, even a fiscal one
    ("Sales rose in the fiscal second quarter. The latest period included a gain.", ["2016-Q2", "2016-Q2"]),
    # "the 2015 period" beside the 2016 quarter is a comparison: "the quarter" is still the 2016 one
    ("Profit rose in the fiscal first quarter. In the 2015 period, it fell. Sales rose in the quarter.",
     ["2016-Q1", "2015-Q1", "2016-Q1"]),
    ("Losses will continue through the first two quarters of 2017.", ["2017-H1"]),
    ("Net rose in fiscal 2016's first quarter.", ["2016-Q1"]),
    ("The firm said Friday it lost $6 million through the first nine months, against a profit a year earlier.",
     ["2016-10-28", "P9M", "2015"]),
    # a length that is no reporting period leaves the comparison with the day
    ("He was tried on May 3, 2010. For the next two years he hid. A year earlier, he had fled.",
     ["2010-05-03", "P2Y", "2009-05-03"]),
])
def test_find_timexes_compares_with_the_reported_period(text: str, values: list[str]) -> None:
    assert [t.value for t in find_timexes(text, "2016-11-02")] == values


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("The firm was founded in 1990. The year before, its founder left.", "The year before", "1989"),
    ("The strike began in March 2015. The month after, talks resumed.", "The month after", "2015-04"),
    ("In 1997, 30 people died. The next year, 40 died.", "The next year", "1998"),
    # "overnight" does not move the narrative off the day it is on
    ("Shares closed lower Friday after overnight losses in New York, down 4% from the previous Friday.",
     "the previous Friday", "2016-10-21"),
    # a period that ended is not after the report, whatever else the clause says
    ("The units to be sold had revenue of $76 million for the year ended March 31.", "March 31", "2016-03-31"),
    # "by" points a date ahead only when it governs it
    ("Sales were hurt by problems with computers introduced in April.", "April", "2016-04"),
    ("The deal should close by April.", "April", "2017-04"),
    # "in five years" is a date where the clause points ahead, a length elsewhere
    ("The bonds would be redeemed in five years.", "five years", "2021"),
    ("It was the first gain in five years.", "five years", "P5Y"),
])
def test_find_timexes_anchors_and_clues(text: str, phrase: str, value: str) -> None:
    assert _value(text, "2016-11-02", phrase)[1] == value


@pytest.mark.parametrize(("sentence", "phrase", "value"), [
    ("The offensive began on October 17.", "October 17", "XXXX-10-17"),
    ("Gunmen attacked a checkpoint on Sunday.", "Sunday", "XXXX-WXX-7"),
    ("A car bomb exploded yesterday.", "yesterday", "XXXX-XX-XX"),
    ("Last week, militants ambushed a convoy.", "Last week", "XXXX-WXX"),
    ("The ceasefire collapsed last month.", "last month", "XXXX-XX"),
    ("In November, the coalition carried out 200 strikes.", "November", "XXXX-11"),
    ("The bridge was blown up on October 17, 2016.", "October 17, 2016", "2016-10-17"),
    ("Now the army is preparing a new push.", "Now", "PRESENT_REF"),
])
def test_find_timexes_without_dct_takes_no_year_from_nowhere(sentence: str, phrase: str, value: str) -> None:
    assert _value(sentence, None, phrase)[1] == value
    assert not any(str(date.today().year) in t.value for t in find_timexes(sentence, None))


@pytest.mark.parametrize(("sentence", "absent"), [
    ("Nothing happened on February 30, 2016.", "February 30, 2016"),
    ("The plan covers the year 20017.", "20017"),
    ("Airstrikes killed 1500 fighters.", "1500"),
    ("The militia may attack again, and the troops march on.", "may"),
    ("A quarter of the population has fled.", "quarter"),
    ("The fall of Mosul shocked the region.", "The fall"),
    ("A 25-year-old soldier was wounded.", "25-year"),
    ("Peace talks on the day after the vote failed.", "the day after"),
    ("He was killed soon after his capture.", "soon"),
    ("Protests have grown over the past three summers.", "the past"),
    ("Fighting raged in the past century.", "the past"),
    ("The city is more than two thousand years old.", "two thousand"),
    ("Raids continued throughout the year.", "the year"),
    ("Revenue rose in the year ended June 30.", "the year"),
    ("Net for the year-earlier nine months included a gain.", "year-earlier"),
    ('Baker said on ABC\'s "This Week" that talks would go on.', "This Week"),
])
def test_find_timexes_skips_what_is_no_date(sentence: str, absent: str) -> None:
    assert all(absent not in t.text for t in find_timexes(sentence, TUESDAY))


@pytest.mark.parametrize(("sentence", "dct", "value"), [
    # a year written in the text is what the writer said, up to 30 years ahead (plans, terms, maturities)
    ("Oil should run out by 2030.", TUESDAY, "2030"),
    ("A vote is due on May 3, 2018.", TUESDAY, "2018-05-03"),
    ("The government promised elections in December 2017.", TUESDAY, "2017-12"),
    ("The bonds are due March 1, 2011.", "1989-10-30", "2011-03-01"),
    ("His promise to halve unemployment by the year two thousand was dropped.", "1990-02-05", "2000"),
    ("Growth is expected in the 2030s.", TUESDAY, "203"),
])
def test_find_timexes_keeps_written_future_years(sentence: str, dct: str, value: str) -> None:
    assert [t.value for t in find_timexes(sentence, dct) if t.type == "DATE"] == [value]


@pytest.mark.parametrize(("text", "dct", "values"), [
    # relative expressions never land more than a year after the report: they lose precision instead
    ("Elections are planned for December next year.", "2016-01-05", ["2017"]),
    ("The dam will be finished in 2030. Ten years later, it will fill.", TUESDAY, ["2030", "20"]),
    # ... but a count from the report is what the writer said ("ten years from now"), up to the same horizon
    ("The treaty expires ten years from now.", TUESDAY, ["2026"]),
    ("The bonds will be redeemed in five years.", TUESDAY, ["2021"]),
    ("The treaty expires 90 years from now.", TUESDAY, ["FUTURE_REF"]),
    ("The dam will be finished in 2030. The following year, it will fill.", TUESDAY, ["2030", "20"]),
    # a written year beyond any plan's horizon is more likely a misreading
    ("The plan runs until 2090.", TUESDAY, ["20"]),
])
def test_find_timexes_lowers_far_future_precision(text: str, dct: str, values: list[str]) -> None:
    assert [t.value for t in find_timexes(text, dct) if t.type == "DATE"] == values


@pytest.mark.parametrize(("sentence", "dct", "phrase", "kind", "value"), [
    # a weak cue ("through", "by", "until") picks the nearer occurrence, before or after the report
    ("Sales were strong through Oct. 19, the fund said.", "1989-10-27", "Oct. 19", "DATE", "1989-10-19"),
    ("He was cited by police in December for speeding.", "1998-04-18", "December", "DATE", "1997-12"),
    ("The offer was extended to Nov. 20.", "1989-11-02", "Nov. 20", "DATE", "1989-11-20"),
    ("The ceasefire holds until Jan. 5, officials said.", TUESDAY, "Jan. 5", "DATE", "2017-01-05"),
    # an initial or an abbreviation does not end the clause of a future cue; a quotation mark does
    ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", "1989-10-26", "Feb. 1", "DATE", "1990-02-01"),
    ('"We will regroup," the commander said Friday.', TUESDAY, "Friday", "DATE", "2016-12-02"),
    ("The talks are to resume in Geneva on Tuesday.", "2016-12-08", "Tuesday", "DATE", "2016-12-13"),
    # parts of day, recurring days, the year in focus
    ("Shells fell in mid-afternoon yesterday.", TUESDAY, "mid-afternoon yesterday", "TIME", "2016-12-05TAF"),
    ("Flights leave on Monday and Tuesday nights.", TUESDAY, "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    ("Flights leave on Monday and Tuesday nights.", TUESDAY, "Monday", "SET", "XXXX-WXX-1TNI"),
    ("Marchers parade each July through the town.", TUESDAY, "each July", "SET", "XXXX-07"),
    ("It was the deadliest attack of the year.", TUESDAY, "the year", "DATE", "2016"),
    ("Violence has doubled in the last decade.", TUESDAY, "the last decade", "DATE", "200"),
    ("Shares were priced at the then current market price.", TUESDAY, "then current", "DATE", "PAST_REF"),
])
def test_find_timexes_resolves_by_mechanism(sentence: str, dct: str, phrase: str, kind: str, value: str) -> None:
    assert _value(sentence, dct, phrase) == (kind, value)


@pytest.mark.parametrize(("text", "values"), [
    ("The town changed hands between 2014 and 2016.", ["2014", "2016"]),
    ("Fighting raged from October 17-19, 2016.", ["2016-10-17", "2016-10-19"]),
    ("Fighting raged on 17-19 October 2016.", ["2016-10-17", "2016-10-19"]),
    ("Curfews were imposed from Monday to Wednesday.", ["2016-11-28", "2016-11-30"]),  # a range ends after it starts
])
def test_find_timexes_ranges_give_both_ends(text: str, values: list[str]) -> None:
    assert [t.value for t in find_timexes(text, TUESDAY)] == values


def test_find_timexes_offsets_refer_to_the_full_text() -> None:
    text = "Headline. Gunmen attacked a checkpoint on Sunday. Police came on Monday."
    start = text.index("Gunmen")
    end = text.index(" Police")
    found = find_timexes(text, TUESDAY, start, end)
    assert [(t.start, t.end, t.text) for t in found] == [(text.index("Sunday"), text.index("Sunday") + 6, "Sunday")]


def _event(text: str, dct: str | None, sentence: str | None = None, trigger: str | None = None,
           with_text: bool = True) -> tuple[str | None, int]:
    timexes = find_timexes(text, dct)
    start = text.index(sentence) if sentence else 0
    end = start + len(sentence) if sentence else len(text)
    anchor = text.index(trigger) if trigger else None
    return event_date(timexes, start, end, dct, anchor, text=text if with_text else None)


@pytest.mark.parametrize(("text", "dct", "sentence", "trigger", "expected"), [
    # the event's day beats the day of the statement, before or after it
    ("Fighters attacked the village on Monday, an Iraqi officer said Tuesday.", TUESDAY, None, "attacked",
     ("2016-12-05", 1)),
    ("An officer said Tuesday that fighters attacked the village on Monday.", TUESDAY, None, "attacked",
     ("2016-12-05", 1)),
    ("The ministry on Tuesday said shells killed four people on Sunday.", TUESDAY, None, "killed",
     ("2016-12-04", 1)),
    ("Police told Reuters on Tuesday that two bombs exploded on Monday night.", TUESDAY, None, "exploded",
     ("2016-12-05", 1)),
    ("Gunmen attacked a checkpoint on Sunday, police said Tuesday.", TUESDAY, None, "attacked", ("2016-12-04", 1)),
    ("Gunmen attacked a checkpoint on Sunday, police said.", TUESDAY, None, "attacked", ("2016-12-04", 1)),
    # only the statement's day: it is the best the sentence gives
    ("On Tuesday, the interior ministry said ten militants were killed.", TUESDAY, None, "killed", ("2016-12-06", 1)),
    # nothing in the sentence: the nearest date before it in the article
    ("Militants attacked a checkpoint on Sunday. Five soldiers died, officials said.", TUESDAY,
     "Five soldiers died, officials said.", "died", ("2016-12-04", 1)),
    # the nearest date to the trigger
    ("Rebels shelled the port on Saturday and stormed the airport on Monday.", TUESDAY, None, "stormed",
     ("2016-12-05", 1)),
    # relative days: to the day just mentioned, or to the report
    ("Gunmen attacked a village on Sunday. The following day, troops retook it.", TUESDAY,
     "The following day, troops retook it.", "retook", ("2016-12-05", 1)),
    ("Troops shelled the village on Monday night.", TUESDAY, None, "shelled", ("2016-12-05", 1)),
    ("Since Friday night, 30 people have been killed.", TUESDAY, None, "killed", ("2016-12-02", 1)),
    ("A car bomb exploded yesterday in the capital.", TUESDAY, None, "exploded", ("2016-12-05", 1)),
    ("Late on April 20, gunmen opened fire on a bus.", "2016-04-25", None, "opened", ("2016-04-20", 1)),
    ("Fighting raged from October 17-19, 2016.", TUESDAY, None, "Fighting", ("2016-10-17", 1)),
    # only the week or the month known
    ("The siege began seven weeks ago.", TUESDAY, None, "began", ("2016-10-19", 2)),
    ("The group seized the city in July 2014.", TUESDAY, None, "seized", ("2014-07-15", 3)),
    ("Clashes erupted last week.", TUESDAY, None, None, ("2016-11-30", 2)),
    ("Clashes erupted over the weekend.", TUESDAY, None, None, ("2016-12-03", 2)),
    ("Clashes erupted in September.", TUESDAY, None, None, ("2016-09-15", 3)),
    ("Clashes erupted earlier this month.", "2016-12-05", None, None, ("2016-12-05", 3)),  # never after the report
    # no date at all: the report's week
    ("Clashes erupted between two clans.", TUESDAY, None, None, (TUESDAY, 2)),
    ("Clashes erupted between two clans.", None, None, None, (None, 3)),
    # a date after the report is a plan, not the event
    ("Talks will resume on Thursday.", TUESDAY, None, None, (TUESDAY, 2)),
    ("The town fell in 2014.", TUESDAY, None, None, (TUESDAY, 2)),  # a year alone dates no event
    ("The army launched a seven-week assault on the city.", TUESDAY, None, "launched", (TUESDAY, 2)),  # a length
    ("Elections are due on May 3, 2018. Gunmen attacked a rally.", TUESDAY, "Gunmen attacked a rally.", "attacked",
     (TUESDAY, 2)),  # a written future date stays what it is, and dates no past event
])
def test_event_date(text: str, dct: str | None, sentence: str | None, trigger: str | None,
                    expected: tuple[str | None, int]) -> None:
    assert _event(text, dct, sentence, trigger) == expected


@pytest.mark.parametrize(("sentence", "phrase", "reporting"), [
    ("An officer said Tuesday that the village was attacked.", "Tuesday", True),
    ("Police told Reuters on Tuesday that two bombs exploded.", "Tuesday", True),
    ("The ministry said in a statement on Tuesday that the road was cut.", "Tuesday", True),
    ("The ministry on Tuesday said the road was cut.", "Tuesday", True),
    ("On Tuesday, the interior ministry said the road was cut.", "Tuesday", True),
    ("Gunmen attacked a checkpoint on Sunday, police said.", "Sunday", False),
    ("An officer said the attack on Sunday killed five.", "Sunday", False),
])
def test_is_reporting_date(sentence: str, phrase: str, reporting: bool) -> None:
    timex = next(t for t in find_timexes(sentence, TUESDAY) if t.text == phrase)
    assert is_reporting_date(sentence, timex) is reporting


def test_event_date_without_text_takes_the_nearest_date() -> None:
    text = "Fighters attacked the village on Monday, an Iraqi officer said Tuesday."
    assert _event(text, TUESDAY, trigger="attacked", with_text=False) == ("2016-12-05", 1)


def test_timex_records_follow_the_contract() -> None:
    text = "Gunmen attacked a checkpoint on Sunday."
    records = timex_records("a.txt", find_timexes(text, TUESDAY))
    start = text.index("Sunday")
    assert records == [{"article_id": "a.txt", "start": start, "end": start + 6, "text": "Sunday", "type": "DATE",
                        "value": "2016-12-04"}]


_WORDS = ["on", "in", "the", "last", "next", "this", "early", "late", "Monday", "Sunday", "night", "morning",
          "October", "Oct.", "May", "March", "17", "2016", "1990s", "week", "weeks", "month", "year", "years", "ago",
          "earlier", "later", "following", "day", "days", "quarter", "third", "summer", "fall", "now", "recently",
          "yesterday", "tonight", "a", "two", "seven-week", "for", "since", "said", "will", "3", "p.m.", ",", ".",
          "-", "/", "12/31/2015", "2016-02-30", "February", "30", "20017", "9999", "0001", "centuries", "mid-",
          "2035", "2090", "due", "until", "through", "each", "the year", "decade", "\"", "P."]
_DCTS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)
_TEXTS = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, dct=st.one_of(st.none(), _DCTS, st.text(max_size=12)))
def test_find_timexes_never_raises_and_offsets_slice_the_text(text: str, dct: str | None) -> None:
    for timex in find_timexes(text, dct):
        assert text[timex.start:timex.end] == timex.text
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, dct=_DCTS)
def test_find_timexes_only_written_years_lie_far_ahead(text: str, dct: str) -> None:
    """Relative expressions never resolve more than a year after dct; written ones keep their written year, counts
    from the report ("in five years") theirs."""
    report = date.fromisoformat(dct)
    for timex in find_timexes(text, dct):
        first = earliest_day(timex.value)
        if timex.type not in ("DATE", "TIME") or first is None or first <= report + timedelta(days=366):
            continue
        written = re.findall(r"(?<!\d)\d{4}(?!\d)", timex.text)
        count = re.fullmatch(r"(\w+)[\s-]+(?:year|month|week|day|decade)s?(?:\s+from\s+now)?", timex.text)
        counted = count is not None and number(count[1]) is not None
        assert written or counted, f"{timex.text!r} resolved to {timex.value} after {dct}"
        assert not written or any(timex.value.startswith(y) or y.startswith(timex.value) for y in written)
        assert first.year <= report.year + 30


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join), dct=_DCTS)
def test_find_timexes_trigger_windows_miss_nothing(text: str, dct: str) -> None:
    fast = find_timexes(text, dct)
    everywhere = lambda t, s, e, index, n: [[[s, e]] for _ in range(n)]  # noqa: E731 - every rule on all the text
    original = timex_module._windows
    timex_module._windows = everywhere
    try:
        assert find_timexes(text, dct) == fast
    finally:
        timex_module._windows = original


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS, dct=st.one_of(st.none(), _DCTS), data=st.data())
def test_event_date_never_after_dct(text: str, dct: str | None, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    day, precision = event_date(find_timexes(text, dct), start, end, dct, text=text)
    assert precision in (1, 2, 3)
    if dct is None:
        assert day is None or day[:4].isdigit()
    else:
        assert day is not None and day <= dct


def test_timex_is_the_model_dataclass() -> None:
    assert all(isinstance(t, Timex) for t in find_timexes("on Sunday", TUESDAY))


@pytest.mark.parametrize("text", ["Seconds later, a second blast hit.", "It exploded 30 seconds after the first one.",
                                  "Ten seconds ago the siren sounded."])
def test_time_seconds_never_crash(text):
    for dct in (None, "2008-01-01"):
        find_timexes(text, dct)


def _parsed_event(nlp, text: str, dct: str, trigger: str, occurrence: int = 0) -> tuple[str | None, int]:
    """event_date with the parse, for the sentence holding the `occurrence`-th `trigger`."""
    doc = nlp(text)
    anchor = [m.start() for m in re.finditer(re.escape(trigger), text)][occurrence]
    sentence = next(s for s in doc.sents if s.start_char <= anchor < s.end_char)
    return event_date(find_timexes(text, dct), sentence.start_char, sentence.end_char, dct, anchor, text=text,
                      doc=doc)


@pytest.mark.parametrize(("text", "trigger", "occurrence", "expected"), [
    # a noun's own relative clause dates it, not the clause of the toll it is part of
    ("The death toll from a rocket strike that hit a school in the town on Saturday rose to 12 on Monday, "
     "officials said.", "rocket strike", 0, ("2016-12-03", 1)),
    # the event's own clause, not a subordinate one nearer to the trigger
    ("Rebels stormed the town on Sunday, three days after the army shelled it on Thursday.", "stormed", 0,
     ("2016-12-04", 1)),
    # no date in the sentence: the main date of the sentence before, not a date in its subordinate clause
    ("Troops attacked the town on Monday, a week after a siege began on Sunday. By evening they had "
     "retaken the town, an officer said.", "retaken", 0, ("2016-12-05", 1)),
])
def test_event_date_follows_the_parse(nlp, text: str, trigger: str, occurrence: int,
                                      expected: tuple[str | None, int]) -> None:
    assert _parsed_event(nlp, text, TUESDAY, trigger, occurrence) == expected


def test_event_date_ignores_page_furniture_with_the_parse(nlp) -> None:
    """The header's date dates no event of the body: without a date in the story, the report's week."""
    text = "Published: 2016-12-06\n\nGunmen attacked a checkpoint near the border."
    body = text.index("Gunmen")
    doc = nlp(" " * body + text[body:])  # the parser sees the furniture blanked, as pipeline.parse_view does
    anchor = text.index("attacked")
    assert event_date(find_timexes(text, TUESDAY), body, len(text), TUESDAY, anchor, text=text, doc=doc) == (
        TUESDAY, 2)


@pytest.mark.parametrize(("text", "last"), [
    ("Rebels and troops clashed from Monday to Wednesday in the town.", ("2016-11-28", "2016-11-30")),
    ("Clashes raged between Saturday and Sunday near the airport.", ("2016-12-03", "2016-12-04")),
    ("Fighting raged from October 17-19, 2016 in the old city.", ("2016-10-17", "2016-10-19")),
    ("Fighting raged on Sunday and Monday in the old city.", ("2016-12-04", "2016-12-05")),
    ("From Saturday to Monday, rebels and troops clashed in the old city.", ("2016-12-03", "2016-12-05")),
    # two days apart joined by "and" are two dates, not a span; one day is no span
    ("Rebels shelled the town on Wednesday and Friday.", ("2016-11-30", None)),
    ("Rebels shelled the town on Sunday.", ("2016-12-04", None)),
    # a span reaching past the report is a plan; a month of fighting is a campaign, not days of fighting
    ("Talks will run from Monday to Friday in Geneva.", (TUESDAY, None)),
    ("Fighting raged from October 1 to November 20 in the city.", ("2016-10-01", None)),
])
def test_choose_date_spans_of_days(text: str, last: tuple[str, str | None]) -> None:
    anchor = re.search(r"clash|Clash|Fight|shell|Talks", text).start()
    choice = choose_date(find_timexes(text, TUESDAY), 0, len(text), TUESDAY, anchor, text)
    assert (choice.day, choice.last) == last


@pytest.mark.parametrize(("total", "days", "shares"), [
    (10, 3, [4, 3, 3]), (9, 3, [3, 3, 3]), (1, 3, [1, 0, 0]), (0, 2, [0, 0]), (7, 1, [7]),
])
def test_split_deaths_gives_the_remainder_to_the_first_day(total: int, days: int, shares: list[int]) -> None:
    assert split_deaths(total, days) == shares


@given(total=st.integers(0, 10_000), days=st.integers(1, 15))
def test_split_deaths_keeps_the_total(total: int, days: int) -> None:
    shares = split_deaths(total, days)
    assert sum(shares) == total and len(shares) == days and max(shares) - min(shares[1:] or shares) <= days


def test_per_day_gives_one_mention_a_day_and_merge_one_event_a_day() -> None:
    from factories import make_article, make_mention

    from frontwire.merge import merge

    article = make_article("SIRTE, Libya - Troops and militants clashed from Monday to Wednesday, killing 10.")
    span = replace(make_mention(article, event_date="2016-11-28"), span_end="2016-11-30", fatalities_low=10,
                   fatalities_high=11, fatalities_known=True)
    days = per_day(span)
    assert [(m.event_date, m.fatalities_low, m.fatalities_high) for m in days] == [
        ("2016-11-28", 4, 5), ("2016-11-29", 3, 3), ("2016-11-30", 3, 3)]
    events = merge([span])
    assert [(e.event_date, e.fatalities) for e in events] == [("2016-11-28", 4), ("2016-11-29", 3), ("2016-11-30", 3)]
    assert len({e.event_id for e in events}) == 3
    assert [e.event_id for e in merge([span])] == [e.event_id for e in events]  # stable ids
    assert per_day(replace(span, span_end=None)) == [replace(span, span_end=None)]


def test_days_of_fighting_become_one_event_a_day(tmp_path) -> None:
    """ACLED codes one event per day of fighting; the reported total is spread over the days."""
    from frontwire.pipeline import extract

    path = tmp_path / "sirte.txt"
    path.write_text("Clashes rage for three days in Sirte\nPublished: 2016-12-08\n\nSIRTE, Libya (Reuters) - "
                    "Government forces and Islamic State militants clashed from Monday to Wednesday in the Libyan "
                    "city of Sirte, killing 10 fighters, a military spokesman said on Thursday.\n", "utf-8")
    events = extract([str(path)]).events
    assert [(e.event_date, e.time_precision, e.sub_event_type, e.fatalities) for e in events] == [
        ("2016-12-05", 1, "Armed clash", 4), ("2016-12-06", 1, "Armed clash", 3), ("2016-12-07", 1, "Armed clash", 3)]


@pytest.mark.parametrize(("text", "expected"), [
    # impossible days: the month the writer named, at month precision, never a day that does not exist
    ("Gunmen attacked the town on February 30.", ("2016-02-15", 3)),
    ("Rebels attacked the base on 30 February 2016.", ("2016-02-15", 3)),
    # a year that is no year: no other year is put in its place, and the event's day stays unknown
    ("Fighting erupted on October 17, 20017, in the north.", (None, 3)),
    ("Fighting erupted on December 30, 9999.", (None, 3)),
    ("The war began in the year 20017.", (TUESDAY, 2)),
    # days after the report are plans or misreadings: the report's week
    ("Rebels attacked the base on March 3, 2031.", (TUESDAY, 2)),
    ("Rebels attacked the base on 2016-12-25.", (TUESDAY, 2)),
])
def test_event_date_bad_dates_lower_precision_or_abstain(text: str, expected: tuple[str | None, int]) -> None:
    assert _event(text, TUESDAY, trigger="attacked" if "attacked" in text else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen attacked a checkpoint on Sunday.", ("2016-12-04", 2)),  # counted from a report date only a week sure
    ("Gunmen attacked a checkpoint on 4 December 2016.", ("2016-12-04", 1)),  # written out: as sure as written
    ("Gunmen attacked a checkpoint near the border.", (TUESDAY, 2)),
])
def test_choose_date_uncertain_report_day_lowers_what_counts_from_it(text: str, expected: tuple[str, int]) -> None:
    choice = choose_date(find_timexes(text, TUESDAY), 0, len(text), TUESDAY, text.index("attacked"), text,
                         dct_precision=2)
    assert (choice.day, choice.precision) == expected


@pytest.mark.parametrize(("text", "estimate"), [
    # a statement's weekday after the latest day written out: the first such weekday from it
    ("Gunmen attacked a checkpoint on Sunday, an officer said on Tuesday. A car bomb had killed 20 people "
     "there on April 14, 2016.", "2016-04-19"),
    ("Clashes erupted on 2016-04-19, police said Tuesday.", "2016-04-19"),
    # a weekday alone is no calendar date, and a written day alone does not say how much later the report is
    ("Gunmen attacked a checkpoint on Sunday, an officer said on Tuesday.", None),
    ("Gunmen attacked a checkpoint on April 14, 2016.", None),
    # a planned day is not a day that has passed
    ("Talks will open on May 3, 2016, an official said Tuesday.", None),
])
def test_estimate_dct_from_the_text(text: str, estimate: str | None) -> None:
    found = estimate_dct(text)
    assert (found.isoformat() if found else None) == estimate


def test_choose_date_without_report_date_uses_the_estimate_at_week_precision() -> None:
    text = ("Gunmen attacked a checkpoint on Sunday, an officer said on Tuesday. A car bomb had killed 20 people "
            "there on April 14, 2016.")
    sunday = choose_date(find_timexes(text, None), 0, text.index(" A car"), None, text.index("attacked"), text)
    assert (sunday.day, sunday.precision) == ("2016-04-17", 2)
    bomb = choose_date(find_timexes(text, None), text.index("A car"), len(text), None, text.index("killed"), text)
    assert (bomb.day, bomb.precision) == ("2016-04-14", 1)
    alone = "Gunmen attacked a checkpoint on Sunday, an officer said on Tuesday."
    assert choose_date(find_timexes(alone, None), 0, len(alone), None, 7, alone)[:2] == (None, 3)


def test_conflicting_publication_dates_give_week_precision_unless_overridden(tmp_path) -> None:
    """The JSONL field and the URL disagree by three days: the earliest, and days counted from it are weeks."""
    import json

    from frontwire.pipeline import extract

    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({
        "id": "kirkuk", "published": "2017-06-30", "url": "https://news.example/2017/06/27/kirkuk-bomb.html",
        "text": "KIRKUK, Iraq (Reuters) - A suicide bomber killed 12 people at a mosque in Kirkuk on Monday, "
                "police said."}) + "\n", "utf-8")
    [event] = extract([str(path)]).events
    assert (event.event_date, event.time_precision, event.sources[0].published) == ("2017-06-26", 2, "2017-06-27")
    [event] = extract([str(path)], published="2017-06-27").events
    assert (event.event_date, event.time_precision) == ("2017-06-26", 1)
