"""Relevance prefilter: a cheap first pass that lets articles with no sign of conflict skip the parser."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .lexicon import word_pattern
from .models import Article

SKIP_REASON = "not conflict"


@dataclass(frozen=True)
class Terms:
    """The compiled tiers of data/prefilter.toml: (pattern, points) pairs, strongest first."""

    tiers: tuple[tuple[re.Pattern[str], int], ...]
    threshold: int
    always_below: int


def _group_names() -> tuple[list[str], list[str]]:
    """(case-insensitive, as-written) patterns of the named armed groups in actors.toml."""
    actors = tomllib.loads(resources.files("frontwire.data").joinpath("actors.toml").read_text("utf-8"))
    # A lower-case alias ("coalition") is a common noun outside conflict news: the word lists judge those.
    aliases = {alias for actor in actors.get("actor", []) for alias in actor.get("aliases", [])
               if not alias.islower()}
    # As in actors.py: an all-capital alias of up to four letters must match as written ("IS" is not "is").
    cased = sorted(a for a in aliases if a.isupper() and len(a) <= 4)
    loose = sorted(aliases - set(cased))
    return [re.escape(a).replace(r"\ ", r"\s+") for a in loose], [re.escape(a) for a in cased]


@lru_cache(maxsize=1)
def terms() -> Terms:
    """Load data/prefilter.toml, with the named armed groups of actors.toml in the strong tier."""
    config = tomllib.loads(resources.files("frontwire.data").joinpath("prefilter.toml").read_text("utf-8"))
    loose, cased = _group_names()
    points, words = config["points"], config["words"]
    tiers = [(word_pattern(words["strong"] + loose), points["strong"])]
    if cased:
        tiers.append((word_pattern(cased, 0), points["strong"]))
    tiers += [(word_pattern(words[tier]), points[tier]) for tier in ("medium", "weak")]
    return Terms(tuple(tiers), int(config["threshold"]), int(config["always_below"]))


def evidence(text: str, short_pass: bool = True) -> str | None:
    """The words that make the text worth parsing, joined by '+'; None when it may skip the parser.

    `short_pass=False` judges a short text by its words alone (for measuring the word test on snippets).
    """
    found = terms()
    if short_pass and len(text) < found.always_below:
        return "short text"
    score, words = 0, []
    for pattern, points in found.tiers:
        for hit in pattern.finditer(text):
            word = hit.group(0).lower()
            if word in words:
                continue
            words.append(word)
            score += points
            if score >= found.threshold:
                return "+".join(words)
    return None


def has_trigger(text: str) -> bool:
    """Whether any trigger of data/event_types.toml occurs: without one, extraction cannot find an event."""
    from .lexicon import lexicon

    return bool(lexicon().triggers.search(text))


def relevant(article: Article) -> bool:
    """Whether the article may report a conflict event and so goes through the parser and the stages.

    The word test decides; an article it passes still skips when no event trigger occurs in it at all,
    which loses nothing, since extraction needs a trigger in the sentence it codes.
    """
    return evidence(article.text) is not None and has_trigger(article.text)
