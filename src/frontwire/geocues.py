"""Country focus from the words of a story's public life (offices, currencies, phone numbers), not its place names."""

from __future__ import annotations

import re
from functools import lru_cache

from frontwire.gazetteer import read_tsv

# A story's vote for one country from such words: at most what a repeated name would give.
LOCALE_CAP = 1.0
# Words with inner apostrophes, hyphens and dots (`sheriff's`, `al-shabaab`, `u.s.`), and a final dot (`sen.`).
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], list[int]], list[tuple[re.Pattern[str], int]], list[tuple[str, float]]]:
    """Phrases (as word tuples) and patterns of `data/geo_locale.tsv`, each pointing at its row."""
    phrases: dict[tuple[str, ...], list[int]] = {}
    patterns: list[tuple[re.Pattern[str], int]] = []
    rows = []
    for cc, weight, cues in read_tsv("geo_locale.tsv"):
        row = len(rows)
        rows.append((cc, float(weight)))
        for cue in cues.split("; "):
            if cue.startswith("re:"):
                patterns.append((re.compile(cue[3:]), row))
            else:
                phrases.setdefault(tuple(_words(cue)), []).append(row)
    return phrases, patterns, rows


@lru_cache(maxsize=1)
def _sizes() -> dict[str, tuple[int, ...]]:
    """For each first word of a phrase, the lengths of the phrases it starts."""
    sizes: dict[str, set[int]] = {}
    for phrase in _table()[0]:
        sizes.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(n)) for word, n in sizes.items()}


def country_cues(text: str) -> dict[str, float]:
    """Each country's vote: the summed weights of its rows with a cue in `text`, capped at LOCALE_CAP."""
    phrases, patterns, rows = _table()
    sizes = _sizes()
    words, hit = _words(text), set()
    for i, word in enumerate(words):
        for n in sizes.get(word, ()):
            hit.update(phrases.get(tuple(words[i:i + n]), ()))
    hit.update(row for pattern, row in patterns if row not in hit and pattern.search(text))
    votes: dict[str, float] = {}
    for row in sorted(hit):
        cc, weight = rows[row]
        votes[cc] = min(LOCALE_CAP, votes.get(cc, 0.0) + weight)
    return votes
