"""Typed records that flow between the pipeline stages."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Field order of the contract's Event object (../shared/CONTRACT.md); exports and the API follow it.
EVENT_FIELDS = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2", "interaction",
    "civilian_targeting", "country", "iso3", "admin1", "admin2", "location",
    "latitude", "longitude", "geonameid", "geo_precision",
    "fatalities", "fatalities_low", "fatalities_high", "notes", "sources", "confidence",
)
# Fields frontwire adds after the contract's (the contract allows extensions): reports that blame
# different actors for one event are kept, each claim with its sources, instead of one being chosen.
EXTRA_FIELDS = ("contested", "attributions")
_SOURCE_KEYS = ("article_id", "source", "url", "published", "sentence", "start", "end")


def content_hash(text: str) -> str:
    """Stable id of a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news report; `text` is kept verbatim and every offset in the system refers to it."""

    id: str  # external id: the path as given for files, the JSONL `id`, the WARC target URI
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD, None when unknown
    source: str | None = None  # outlet, e.g. "Reuters"
    language: str | None = None
    body_start: int = 0  # offset where the article body begins (after headline and page furniture)
    dateline: str | None = None  # place of writing as printed, e.g. "MOSUL, Iraq"
    dateline_span: tuple[int, int] | None = None
    published_precision: int = 1  # 2 when sources disagree on the day: only its week is sure (docs/time.md)

    @property
    def hash(self) -> str:
        """Content hash of the text: the article's storage key."""
        return content_hash(self.text)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (GeoNames) or a region when only the region is known."""

    name: str
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    country: str | None  # country name, e.g. "Iraq"
    iso2: str | None
    iso3: str | None
    admin1: str | None = None
    admin2: str | None = None
    feature_code: str | None = None  # GeoNames feature code: PPL, PPLA, ADM1, PCLI, ...
    population: int = 0


@dataclass(frozen=True)
class Toponym:
    """A place name found in an article, with its resolution (None when the resolver abstains)."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float = 0.0
    role: str = "mention"  # "mention", "dateline", "demonym"


@dataclass(frozen=True)
class Timex:
    """A temporal expression with its TIMEX3 value."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # e.g. 2016-12-04, 2016-W47, 2016-12, PRESENT_REF, P7W


@dataclass(frozen=True)
class Source:
    """One report of an event: the evidence sentence and its offsets in the article text."""

    article_id: str
    source: str | None
    url: str | None
    published: str | None
    sentence: str
    start: int
    end: int
    article_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Contract shape of a source entry."""
        return {
            "article_id": self.article_id, "source": self.source, "url": self.url,
            "published": self.published, "sentence": self.sentence,
            "start": self.start, "end": self.end,
        }


def source_from_dict(data: dict[str, Any]) -> Source:
    """Inverse of `Source.to_dict` (the stored form may add `article_hash`)."""
    return Source(**{k: data.get(k) for k in _SOURCE_KEYS}, article_hash=data.get("article_hash") or "")


@dataclass(frozen=True)
class Attribution:
    """One claim of who carried out an event, with the reports that make it."""

    actor: str
    inter: int | None
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: {"actor", "inter", "sources": [contract source, ...]}."""
        return {"actor": self.actor, "inter": self.inter, "sources": [s.to_dict() for s in self.sources]}


@dataclass(frozen=True)
class Mention:
    """One event as one sentence of one article reports it."""

    source: Source
    event_type: str
    sub_event_type: str
    trigger: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    civilian_targeting: bool = False
    fatalities_low: int = 0
    fatalities_high: int = 0
    fatalities_known: bool = False  # a number (or "no one") was reported
    event_date: str | None = None
    time_precision: int = 3
    place: Place | None = None
    geo_precision: int | None = None
    confidence: float = 0.5
    span_end: str | None = None  # last day when the sentence reports days of fighting; merge codes one event a day


@dataclass(frozen=True)
class Event:
    """One real-world event in ACLED's codebook, merged over its reports."""

    event_id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actor_1: str | None
    assoc_actor_2: str | None
    inter1: int | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: bool
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    geo_precision: int | None
    fatalities: int
    fatalities_low: int
    fatalities_high: int
    notes: str
    sources: tuple[Source, ...] = field(default_factory=tuple)
    confidence: float = 0.5
    contested: bool = False  # the reports blame different actors; actor1 is then left open
    attributions: tuple[Attribution, ...] = ()  # each claimed actor1 with its reports, when contested

    def to_dict(self) -> dict[str, Any]:
        """Contract shape: the contract's fields in its order, then frontwire's extra fields."""
        data = {name: getattr(self, name) for name in EVENT_FIELDS}
        data["sources"] = [s.to_dict() for s in self.sources]
        data["contested"] = self.contested
        data["attributions"] = [a.to_dict() for a in self.attributions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Inverse of `to_dict` (unknown keys are ignored; records stored before the extra fields read as uncontested)."""
        values = {name: data.get(name) for name in EVENT_FIELDS}
        values["sources"] = tuple(source_from_dict(s) for s in data.get("sources") or ())
        values["civilian_targeting"] = bool(values["civilian_targeting"])
        values["contested"] = bool(data.get("contested"))
        values["attributions"] = tuple(
            Attribution(a["actor"], a.get("inter"), tuple(source_from_dict(s) for s in a.get("sources") or ()))
            for a in data.get("attributions") or ())
        return cls(**values)


def stored_dict(event: Event) -> dict[str, Any]:
    """`Event.to_dict` with each source's article_hash kept, so the stored event reads back whole."""
    data = event.to_dict()
    for entry, source in zip(data["sources"], event.sources):
        entry["article_hash"] = source.article_hash
    for claim, attribution in zip(data["attributions"], event.attributions):
        for entry, source in zip(claim["sources"], attribution.sources):
            entry["article_hash"] = source.article_hash
    return data


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    """Plain-JSON form of a Mention, for storage."""
    data = asdict(mention)
    data["source"]["article_hash"] = mention.source.article_hash
    return data


def mention_from_dict(data: dict[str, Any]) -> Mention:
    """Inverse of `mention_to_dict`."""
    values = dict(data)
    values["source"] = Source(**data["source"])
    values["place"] = Place(**data["place"]) if data.get("place") else None
    return Mention(**values)
