"""Triggers read across asides: a relative clause or an apposition set off by commas ("after Ethiopian troops,
who had been based there for a year, pulled out"), or a participle phrase after its noun ("a drone launched by
the Houthis struck"), does not break the words of a trigger apart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import trigger_matches

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependencies of an aside that adds to a noun without changing what the clause says: set off by commas, or a
# past participle right after its noun (a reduced relative clause: "a rocket fired by militants").
_COMMA_DEPS = ("relcl", "appos", "acl")
_PARTICIPLE_DEP = "acl"


def matches(text: str, sentence: Span, start: int) -> tuple[re.Match[str] | None, ...]:
    """Each definition's first trigger match in a sentence's text (beginning at document offset `start`), also
    reading it without its asides; a match found only so spans the aside in the text."""
    plain = trigger_matches(text)
    if all(m is not None for m in plain):
        return plain
    cuts = asides(sentence, start, text)
    if not cuts:
        return plain
    condensed = "".join(text[a:b] for a, b in _kept(cuts, len(text)))
    return tuple(m if m is not None or c is None else _in_text(text, c, cuts)
                 for m, c in zip(plain, trigger_matches(condensed)))


def asides(sentence: Span, start: int, text: str) -> list[tuple[int, int]]:
    """Character ranges in the text, in order, of each outermost aside: from the comma before it (or the space
    before a participle phrase) to the space after it."""
    doc = sentence.doc
    cuts = []
    for i in _candidates(doc, sentence.start, sentence.end):
        cut = _cut(doc[i], sentence, start, text)
        if cut is not None:
            cuts.append(cut)
    outermost: list[tuple[int, int]] = []
    for a, b in sorted(cuts, key=lambda cut: (cut[0], -cut[1])):
        if not outermost or a >= outermost[-1][1]:
            outermost.append((a, b))
    return outermost


def _candidates(doc: Doc, first: int, end: int) -> list[int]:
    """Indices of the sentence's tokens whose dependency may head an aside, read from an array of the whole
    document (built once: a Token object per word is most of the cost of reading a parse in Python)."""
    key = "frontwire_aside_deps"
    deps = doc.user_data.get(key)
    if deps is None:
        wanted = {doc.vocab.strings[name] for name in _COMMA_DEPS}
        deps = doc.user_data[key] = [i for i, dep in enumerate(doc.to_array("DEP").tolist()) if dep in wanted]
    return [i for i in deps if first <= i < end]


def _cut(token: Token, sentence: Span, start: int, text: str) -> tuple[int, int] | None:
    """The range of the aside this token heads, relative to the text; None when it is no aside."""
    doc = token.doc
    left, right = token.left_edge.i, token.right_edge.i
    if left - 1 < sentence.start or right + 2 > sentence.end:
        return None
    before, after = doc[left - 1], doc[right + 1]
    if before.text == "," and after.text == "," and after.i + 1 < sentence.end:
        a, b = before.idx - start, doc[after.i + 1].idx - start
    elif token.dep_ == _PARTICIPLE_DEP and token.tag_ == "VBN" and token.head.i == left - 1 == token.i - 1:
        a, b = before.idx + len(before.text) - start, after.idx - start
    else:
        return None
    if not (0 < a < b <= len(text)) or not text[b - 1].isspace():
        return None
    return a, b


def _kept(cuts: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The ranges of the text outside the asides, with one space where each aside was."""
    kept, at = [], 0
    for a, b in cuts:
        kept.append((at, a))
        at = b - 1  # the space after the aside stands for it
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
