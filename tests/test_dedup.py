"""Near-duplicate texts: syndicated copies are found, independent accounts are not, order never matters."""

from __future__ import annotations

import itertools

import pytest

from frontwire.dedup import duplicate_groups, jaccard, shingles, signature

WIRE = ("Coalition airstrikes on the city's western edge killed about 40 militants on Monday, an Iraqi "
        "officer said Tuesday. Iraqi commanders say they have killed at least 1,000 IS fighters since October. "
        "The fighting has displaced thousands of families from the Old City, aid groups said.")
COPY = " date 2017-06-28 Related Coverage Iraqi forces push into Old City\n" + WIRE + "\n(AP)"
OTHER = ("Dozens of Islamic State fighters died when planes of the US-led coalition bombed positions near "
         "Mosul's Old City early this week, according to the Iraqi army, which is pressing its offensive.")


def test_dedup_shingles_of_a_short_text_are_empty():
    assert shingles("Two were killed.") == frozenset()


def test_dedup_shingles_fold_case_and_punctuation():
    assert shingles(WIRE) == shingles(WIRE.upper().replace(",", " ,"))


@pytest.mark.parametrize("a, b, same", [(WIRE, COPY, True), (WIRE, OTHER, False), (COPY, OTHER, False)])
def test_dedup_copy_with_other_page_furniture_is_a_duplicate(a, b, same):
    assert (duplicate_groups({"a": a, "b": b}) == [["a", "b"]]) is same


def test_dedup_signature_is_stable_and_estimates_jaccard():
    a, b = shingles(WIRE), shingles(COPY)
    assert signature(a) == signature(frozenset(a))
    estimate = sum(x == y for x, y in zip(signature(a), signature(b))) / len(signature(a))
    assert abs(estimate - jaccard(a, b)) < 0.2


def test_dedup_groups_are_transitive_and_independent_of_order():
    texts = {"x": WIRE, "y": COPY, "z": COPY + " More at 11.", "o": OTHER}
    expected = [["x", "y", "z"]]
    for order in itertools.permutations(texts):
        assert duplicate_groups({k: texts[k] for k in order}) == expected
