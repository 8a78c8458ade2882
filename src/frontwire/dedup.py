"""Near-duplicate texts: the same wire story republished with other page furniture is one report.

Texts are compared as sets of word shingles (runs of consecutive words, case and punctuation folded).
Two texts are copies when most shingles of the shorter one are in the longer one (the overlap coefficient),
so that a copy with a headline, related links or a trailer added still counts. Among many texts, candidate
pairs come from MinHash signatures and locality-sensitive banding (no comparison of every pair); every
candidate is then confirmed on the exact overlap.
"""

from __future__ import annotations

import hashlib
import random
import re
from itertools import combinations
from typing import Hashable, Mapping

SHINGLE = 3  # words per shingle
PERMUTATIONS = 64
BANDS = 16  # PERMUTATIONS / BANDS rows a band: pairs near 0.7 Jaccard become candidates almost surely
# Overlap of shingle sets from which two texts are copies of one another. Edited wire copies (page
# furniture, a trailer, a corrected figure) stay well above it; two outlets writing their own account of
# one happening stay far below.
SIMILAR = 0.8
# Up to this many texts every pair is compared; beyond, only the MinHash candidates.
ALL_PAIRS = 64
# Texts shorter than this many words are too short to tell a copy from a coincidence ("Two were killed.").
MIN_WORDS = 8

_PRIME = (1 << 61) - 1
_WORD = re.compile(r"\w+")
# Fixed coefficients: signatures must agree across runs and processes (Python's hash() does not).
_RNG = random.Random(20170628)
_COEFFS = [(_RNG.randrange(1, _PRIME), _RNG.randrange(0, _PRIME)) for _ in range(PERMUTATIONS)]


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """The text's word shingles, each as a stable 64-bit hash; empty when the text is too short."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return frozenset()
    runs = (" ".join(words[i:i + size]) for i in range(len(words) - size + 1))
    return frozenset(int.from_bytes(hashlib.blake2b(r.encode(), digest_size=8).digest(), "big") for r in runs)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller shingle set found in the other (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def signature(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """MinHash signature: the least value of each of the fixed hash permutations over the shingles."""
    return tuple(min((a * s + b) % _PRIME for s in shingle_set) for a, b in _COEFFS)


def _candidates(sets: Mapping[Hashable, frozenset[int]]) -> set[tuple[Hashable, Hashable]]:
    """Pairs of keys whose signatures agree on all rows of at least one band."""
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple[int, tuple[int, ...]], list[Hashable]] = {}
    for key, shingle_set in sets.items():
        if shingle_set:
            sig = signature(shingle_set)
            for band in range(BANDS):
                buckets.setdefault((band, sig[band * rows:(band + 1) * rows]), []).append(key)
    pairs = set()
    for keys in buckets.values():
        for a, b in combinations(sorted(set(keys), key=str), 2):
            pairs.add((a, b))
    return pairs


def duplicate_groups(texts: Mapping[Hashable, str], threshold: float = SIMILAR) -> list[list[Hashable]]:
    """Groups of keys whose texts are near-duplicates (transitively); keys without a copy are left out.

    The groups are connected components, so they do not depend on the order of `texts`.
    """
    if len(texts) < 2:
        return []  # no copies without a second text: merge asks this of every event, most have one report
    sets = {key: shingles(text) for key, text in texts.items()}
    parent = {key: key for key in sets}

    def root(key: Hashable) -> Hashable:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keys = sorted((k for k in sets if sets[k]), key=str)
    pairs = combinations(keys, 2) if len(keys) <= ALL_PAIRS else _candidates(sets)
    for a, b in pairs:
        if overlap(sets[a], sets[b]) >= threshold:
            ra, rb = sorted((root(a), root(b)), key=str)
            parent[rb] = ra
    groups: dict[Hashable, list[Hashable]] = {}
    for key in sets:
        groups.setdefault(root(key), []).append(key)
    return sorted((sorted(g, key=str) for g in groups.values() if len(g) > 1), key=lambda g: str(g[0]))
