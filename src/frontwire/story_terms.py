"""Story terms: what one analysed article says about its happening, as counted terms of a few kinds.

Wording: `w` content lemmas, `ent` named entities, `geo` resolved places, `event` extracted events. Time:
`date` explicit days, `year`, `month` (also of publication), `dow` weekdays and `md` days of the year, so
that "on Thursday" or "Dec. 11" in an undated report still meets 2008-12-11 in a dated one. Roles: `svo`
who-did-what pairs from the parse ("angels>offer", "overturn>rule"). Numbers: `num` a number with what it
counts or measures ("5.6:magnitude"). Two happenings of one kind in one place share their wording; they
differ in who acted, on which day, by how much.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .pipeline import Analysis

_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"}
_AGENT_DEPS = {"nsubj", "csubj"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "attr"}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)$")
_MONTH_DAY = re.compile(r"^XXXX-(\d{2}-\d{2})$")


def article_terms(analysis: Analysis) -> Counter[str]:
    """All the terms of one analysed article (spaCy doc, timexes, toponyms, mentions), body only."""
    doc, body_start = analysis.doc, analysis.article.body_start
    terms: Counter[str] = Counter()
    for token in doc:
        if token.idx < body_start or token.is_stop or not token.is_alpha or len(token.text) < 3:
            continue
        if token.pos_ in _CONTENT_POS:
            terms["w:" + token.lemma_.lower()] += 1
    for ent in doc.ents:
        if ent.label_ in _ENTITY_LABELS and ent.start_char >= body_start:
            terms["ent:" + entity_key(ent.text)] += 1
    terms.update(_time_terms(analysis))
    for toponym in analysis.toponyms:
        if toponym.place is not None and toponym.place.geonameid is not None:
            terms[f"geo:{toponym.place.geonameid}"] += 1
    for m in analysis.mentions:
        where = m.place.geonameid if m.place else None
        terms[f"event:{m.sub_event_type}:{m.event_date}:{where}"] += 1
    terms.update(_role_terms(doc, body_start))
    terms.pop("ent:", None)
    return terms


def entity_key(text: str) -> str:
    """Entity text folded so that "the Betty Ford Center's" and "Betty Ford Center" agree."""
    text = re.sub(r"['’]s$", "", text.strip().lower())
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _time_terms(analysis: Analysis) -> Counter[str]:
    """Explicit calendar dates and years in the text, the publication month, and the body's days."""
    terms: Counter[str] = Counter()
    published = analysis.article.published
    if published:
        # The day a report appeared bounds the day of its happening: reports of one story cluster in time.
        terms["month:" + published[:7]] += 1
        terms["year:" + published[:4]] += 1
    for timex in analysis.timexes:
        if timex.type != "DATE":
            continue
        if _YEAR.match(timex.value):
            if _DAY.match(timex.value):
                terms["date:" + timex.value] += 1
            terms["year:" + timex.value[:4]] += 1
        if timex.start >= analysis.article.body_start:  # a page header's date dates no happening
            terms.update(day_terms(timex.value))
    return terms


def day_terms(value: str) -> list[str]:
    """Weekday and day of the year of a TIMEX3 date value, whichever it tells ("XXXX-WXX-4", "XXXX-12-11")."""
    if _DAY.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return []
        return [f"dow:{day.isoweekday()}", "md:" + value[5:]]
    if match := _WEEKDAY.match(value):
        return ["dow:" + match[1]]
    if match := _MONTH_DAY.match(value):
        return ["md:" + match[1]]
    return []


def _role_terms(doc: Doc, body_start: int) -> Counter[str]:
    """Who did what to whom: (agent, predicate) and (predicate, patient) pairs; numbers with their head."""
    entities = {i: entity_key(ent.text) for ent in doc.ents if ent.label_ in _ENTITY_LABELS
                for i in range(ent.start, ent.end)}
    terms: Counter[str] = Counter()
    for token in doc:
        if token.idx < body_start:
            continue
        if token.like_num and token.pos_ == "NUM":
            terms.update(_number_term(token))
        elif token.pos_ in ("NOUN", "PROPN"):
            terms.update(_role_term(token, entities.get(token.i) or token.lemma_.lower()))
    return terms


def _number_term(token: Token) -> list[str]:
    """A number with the word it counts or measures: "5.6 magnitude", "magnitude of 5.9", "killed 10"."""
    head = token.head
    if head.pos_ == "ADP" and head.head is not head:
        head = head.head
    return [] if head is token else ["num:" + token.text.lower() + ":" + head.lemma_.lower()]


def _role_term(token: Token, key: str) -> list[str]:
    """The (agent, predicate) or (predicate, patient) pair of a noun that fills a verb's role."""
    verb, dep = token.head, token.dep_
    if dep == "pobj" and verb.dep_ == "agent":  # "was overturned by Obama": Obama acted
        verb, dep = verb.head, "nsubj"
    if verb.pos_ != "VERB":
        return []
    predicate = _predicate(verb)
    if predicate is None:
        return []
    if dep in _AGENT_DEPS:
        return ["svo:" + key + ">" + predicate]
    if dep in _PATIENT_DEPS and predicate != token.lemma_.lower():
        return ["svo:" + predicate + ">" + key]
    return []


def _predicate(verb: Token) -> str | None:
    """What was done: "made an offer" is "offer"; a reporting verb ("said") tells nothing of the happening."""
    reporting, light = _verbs()
    lemma = verb.lemma_.lower()
    if lemma in light:
        for child in verb.children:
            if child.dep_ == "dobj" and child.pos_ == "NOUN":
                return child.lemma_.lower()
    return None if lemma in reporting else lemma


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset[str], frozenset[str]]:
    """Reporting verbs and light verbs (data/stories.toml)."""
    data = tomllib.loads(resources.files("frontwire.data").joinpath("stories.toml").read_text("utf-8"))
    return frozenset(data["reporting_verbs"]), frozenset(data["light_verbs"])
