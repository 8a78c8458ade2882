"""Confidence of a mention: bounded, and higher the more the extraction knew."""

from __future__ import annotations

from dataclasses import replace

from factories import make_article, make_mention
from frontwire.confidence import confidence, confidence_features


def test_confidence_grows_with_what_extraction_knew():
    bare = replace(make_mention(make_article()), actor1=None, fatalities_known=False)
    known = replace(bare, actor1="Islamic State", fatalities_known=True)
    assert 0.05 <= confidence(bare, "weak") < confidence(bare, "strong") < confidence(known, "strong") <= 0.95


def test_confidence_features_are_what_the_mention_says():
    features = confidence_features(replace(make_mention(make_article()), actor1="Unidentified Armed Group (Iraq)"),
                                   "strong")
    assert features["strong_trigger"] and not features["actor1_named"] and features["place_found"]
