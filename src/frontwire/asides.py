"""Triggers read across asides: a relative clause or an apposition set off by commas ("after Ethiopian troops,
who had been based there for a year, pulled out") does not break the words of a trigger apart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import trigger_matches

if TYPE_CHECKING:
    from spacy.tokens import Span

# Dependencies of a comma-bounded aside that adds to a noun without changing what the clause says.
_ASIDE_DEPS = ("relcl", "appos")


def matches(text: str, sentence: Span, start: int) -> tuple[re.Match[str] | None, ...]:
    """Each definition's first trigger match in a sentence's text (beginning at document offset `start`), also
    reading it without its asides; a match found only so spans the aside in the text."""
    plain = trigger_matches(text)
    # an aside needs two commas: most sentences are spared reading their tokens
    cuts = asides(sentence, start, len(text)) if text.count(",") >= 2 else []
    if not cuts:
        return plain
    condensed = "".join(text[a:b] for a, b in _kept(cuts, len(text)))
    return tuple(m if m is not None or c is None else _in_text(text, c, cuts)
                 for m, c in zip(plain, trigger_matches(condensed)))


def asides(sentence: Span, start: int, length: int) -> list[tuple[int, int]]:
    """Character ranges in the text, in order, of each outermost aside with its commas: from the comma before
    it to the space after the comma that closes it."""
    cuts, doc = [], sentence.doc
    for token in sentence:
        if token.dep_ not in _ASIDE_DEPS:
            continue
        left, right = token.left_edge.i, token.right_edge.i
        if left - 1 < sentence.start or right + 1 >= sentence.end:
            continue
        before, after = doc[left - 1], doc[right + 1]
        if before.text != "," or after.text != "," or after.i + 1 >= sentence.end:
            continue
        a, b = before.idx - start, doc[after.i + 1].idx - start
        if 0 < a and b <= length:
            cuts.append((a, b))
    outermost: list[tuple[int, int]] = []
    for a, b in sorted(cuts, key=lambda cut: (cut[0], -cut[1])):
        if not outermost or a >= outermost[-1][1]:
            outermost.append((a, b))
    return outermost


def _kept(cuts: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The ranges of the text outside the asides, with one space where each aside was."""
    kept, at = [], 0
    for a, b in cuts:
        kept.append((at, a))
        at = b - 1  # the space after the closing comma stands for the aside
    kept.append((at, length))
    return kept


def _in_text(text: str, match: re.Match[str], cuts: list[tuple[int, int]]) -> re.Match[str] | None:
    """The match of the condensed text as a match of the same characters in the text, asides included."""
    start = _position(match.start(), cuts, inclusive=True)
    end = _position(match.end(), cuts, inclusive=False)
    return re.compile(re.escape(text[start:end])).match(text, start)


def _position(at: int, cuts: list[tuple[int, int]], inclusive: bool) -> int:
    """A position of the condensed text in the text: shifted by every aside cut before it."""
    for a, b in cuts:
        removed = b - 1 - a
        if at > a or (inclusive and at == a):
            at += removed
    return at
