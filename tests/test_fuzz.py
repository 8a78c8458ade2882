"""Fuzzing with Hypothesis: the ingest parsers, the temporal resolver and the number parser never crash or invent."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwire.errors import InputError
from frontwire.fatalities import MAX_EVENT_DEATHS, find_deaths, parse_number
from frontwire.ingest import parse_html, parse_text, read_articles
from frontwire.models import Article
from frontwire.time import event_date, find_timexes

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TIMEX_VALUE = re.compile(r"[0-9X]{4}.*|[0-9X]{2,3}|P.+|PT.+|T.+|(PRESENT|PAST|FUTURE)_REF|X+.*")
_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz", ".md")

# ---------------------------------------------------------------- inputs of every shape

_json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40))
_json_value = st.recursive(_json_scalar, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_article_object = st.fixed_dictionaries({}, optional={
    key: st.one_of(st.text(max_size=300), _json_value)
    for key in ("id", "title", "text", "url", "published", "source", "language")})
_jsonl = st.lists(st.one_of(_article_object.map(json.dumps), st.text(max_size=60)), max_size=6).map(
    lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))
_html = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<article>", "<html>", "<body>", "<!--",
                                  "<script>", "&amp;", "&#0;", "&#xD800;", "<meta charset=\"utf-16\">",
                                  "KABUL (Reuters) - A bomb exploded on Monday, killing 4 people. ", "\x00"]),
                 max_size=40).map(lambda parts: "".join(parts).encode("utf-8"))
_text_bytes = st.one_of(st.binary(max_size=3000), _jsonl, _html,
                        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
                        st.text(max_size=500).map(lambda t: t.encode("cp1252", "ignore")),
                        st.text(max_size=300).map(lambda t: t.encode("utf-16")))


def check_items(items) -> None:
    """Every item an Article or an InputError; errors print as one line; articles hold encodable text."""
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in str(item) and str(item).isprintable(), str(item)
            continue
        assert isinstance(item, Article) and item.text.strip()
        for value in (item.id, item.text, item.title, item.source, item.url, item.dateline):
            if value is not None:
                value.encode("utf-8")
        assert 0 <= item.body_start <= len(item.text)
        if item.dateline_span:
            assert 0 <= item.dateline_span[0] <= item.dateline_span[1] <= len(item.text)


@SLOW
@given(data=_text_bytes, extension=st.sampled_from(_EXTENSIONS))
def test_fuzz_read_articles_any_file(data, extension):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{extension}"
        path.write_bytes(data)
        check_items(read_articles([str(path)]))


@SLOW
@given(data=_text_bytes)
def test_fuzz_read_articles_standard_input(data):
    check_items(read_articles(["-"], stdin=io.TextIOWrapper(io.BytesIO(data))))


@SLOW
@given(text=st.text(max_size=2000))
def test_fuzz_parse_text_and_html_keep_offsets(text):
    if text.strip():
        check_items([parse_text(text, "t")])
    try:
        check_items([parse_html(text.encode("utf-8", "surrogatepass"), "h") or InputError("h", "no text")])
    except (ValueError, TypeError):  # lxml's own refusal of a document; read_articles reports it as a line
        pass


# ---------------------------------------------------------------- the temporal resolver

_TIME_WORDS = ["Monday", "Tuesday", "last", "next", "week", "month", "year", "ago", "days", "on", "in", "since",
               "January", "Feb.", "31", "29", "February", "2016", "0000", "9999", "10000", "1e100", "-", "/",
               "this", "morning", "summer", "decade", "century", "the", "1990s", "Q3", "quarter", "earlier",
               "today", "yesterday", "tomorrow", "20th", ",", "mid-", "late", "early", "fiscal", "H1"]
_time_text = st.lists(st.one_of(st.sampled_from(_TIME_WORDS), st.integers(-10**6, 10**12).map(str),
                                st.from_regex(r"\d{1,5}[-/.]\d{1,3}[-/.]\d{1,5}", fullmatch=True)),
                      max_size=25).map(" ".join)
_dct = st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
                 st.sampled_from(["", "garbage", "2016-02-30", "0000-00-00", "99999-01-01"]))


@settings(max_examples=300, deadline=None)
@given(text=_time_text, dct=_dct)
def test_fuzz_temporal_resolver_never_raises_and_keeps_offsets(text, dct):
    timexes = find_timexes(text, dct)
    for timex in timexes:
        assert 0 <= timex.start < timex.end <= len(text) and text[timex.start:timex.end] == timex.text
        assert timex.type in ("DATE", "TIME", "DURATION", "SET") and _TIMEX_VALUE.fullmatch(timex.value), timex
    day, precision = event_date(timexes, 0, len(text), dct, text=text)
    assert precision in (1, 2, 3)
    if day is not None:
        dt.date.fromisoformat(day)


# ---------------------------------------------------------------- the number parser

_NUMBER_WORDS = ["one", "two", "twelve", "forty", "forty-two", "hundred", "thousand", "million", "a", "dozen",
                 "dozens", "scores", "and", "several", "1,000", "1,0000", ",", ".", "1.5", "e100"]
_number = st.one_of(st.integers(0, 10**40).map(str), st.integers(0, 10**9).map("{:,}".format),
                    st.floats(0, 1e308, allow_nan=False).map(repr), st.integers(1, 6000).map(lambda n: "9" * n),
                    st.lists(st.sampled_from(_NUMBER_WORDS), min_size=1, max_size=5).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(words=_number)
def test_fuzz_parse_number_is_an_int_or_none(words):
    value = parse_number(words)
    assert value is None or (isinstance(value, int) and value >= 0)


@settings(max_examples=300, deadline=None)
@given(number=_number, modifier=st.sampled_from(["", "at least ", "about ", "nearly ", "up to ", "more than "]),
       template=st.sampled_from(["The strike killed {} people.", "{} soldiers were killed on Monday.",
                                 "The death toll rose to {}.", "Officials counted {} bodies.",
                                 "Fighting left {} dead, and {} wounded."]))
def test_fuzz_deaths_stay_within_one_events_bounds(number, modifier, template):
    sentence = template.format(modifier + number, number)
    for deaths in find_deaths(sentence):
        assert 0 <= deaths.low <= deaths.high <= MAX_EVENT_DEATHS
        assert 0 <= deaths.start <= deaths.end <= len(sentence)


# ---------------------------------------------------------------- whole articles through every stage

_sentence = st.builds(
    "{} {} {} {} in {} {}, {}.".format,
    st.sampled_from(["Gunmen", "Islamic State fighters", "Troops", "An airstrike", "A car bomb", "Protesters", "Ли"]),
    st.sampled_from(["killed", "attacked", "shelled", "stormed", "wounded", "exploded, killing"]),
    st.sampled_from(["at least", "about", "up to", "", "nearly"]),
    _number.map(lambda n: n[:60]),
    st.sampled_from(["Mosul", "Kabul", "Aleppo", "Xyzzyville", "Zzz, Iraq", "Springfield", "Kharkiv"]),
    _time_text.map(lambda t: t[:80]),
    st.sampled_from(["officials said", "police said", "the ministry said on 31 February 2016"]))
_article_text = st.builds(lambda dateline, sentences: dateline + " ".join(sentences) + "\n",
                          st.sampled_from(["", "MOSUL, Iraq (AP) — ", "KABUL (Reuters) - ", "1e100, X: "]),
                          st.lists(_sentence, min_size=1, max_size=4))


# The ingest stage hands on only real days (layout.normalize_date), so the stages get those or None.
_published = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(_article_text, min_size=1, max_size=3), published=_published)
def test_fuzz_whole_articles_give_contract_events_or_none(nlp, contract, texts, published):
    from dataclasses import replace

    from frontwire.merge import merge
    from frontwire.pipeline import Report, analyze

    articles = [replace(parse_text(text, f"a{n}"), published=published) for n, text in enumerate(texts)]
    report = Report()
    mentions = [m for analysis in analyze(articles, report) for m in analysis.mentions]
    assert not report.failures, report.failures  # no stage crashed on any of them
    for event in merge(mentions):
        contract(event.to_dict(), {a.id: a.text for a in articles})
