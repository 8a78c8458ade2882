"""The optional embedding view of typing, with a stand-in encoder (the extra itself is not installed in CI)."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from frontwire import eventtype, typeembed


def _fake_encode(texts: list[str]) -> np.ndarray:
    """Deterministic unit vectors from hashed words: enough to check the mechanism without a model."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            out[row, zlib.crc32(word.encode()) % 384] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def fake_encoder(monkeypatch):
    monkeypatch.setattr(typeembed, "encode", _fake_encode)


ROWS = [("Armed clash", "troops clashed with rebels"), ("Armed clash", "soldiers fought insurgents"),
        ("NONE", "the bank kept rates unchanged"), ("NONE", "the team won the cup")]


def test_typeembed_trains_a_distribution_and_is_deterministic(fake_encoder):
    first, second = typeembed.train(ROWS, steps=200), typeembed.train(ROWS, steps=200)
    assert np.array_equal(first.weights, second.weights)
    scores = first.scores("rebels clashed with troops")
    assert abs(sum(scores.values()) - 1.0) < 1e-5
    assert max(scores, key=scores.get) == "Armed clash"


def test_typeembed_build_caches_by_examples(fake_encoder, tmp_path):
    model = typeembed.build(ROWS, tmp_path)
    assert len(list(tmp_path.glob("typeembed-*.npz"))) == 1
    assert np.array_equal(typeembed.build(ROWS, tmp_path).weights, model.weights)


def test_typeembed_build_rebuilds_a_damaged_cache_file(fake_encoder, tmp_path):
    model = typeembed.build(ROWS, tmp_path)
    (cached,) = tmp_path.glob("typeembed-*.npz")
    cached.write_bytes(b"not an npz archive")
    assert np.array_equal(typeembed.build(ROWS, tmp_path).weights, model.weights)


def test_typeembed_switched_off_by_setting(monkeypatch):
    monkeypatch.setenv("FRONTWIRE_EMBED", "0")
    assert typeembed.available() is False


def test_typeembed_probabilities_average_the_views(monkeypatch):
    class View:
        def __init__(self, table):
            self.table = table

        def scores(self, text):
            return self.table

    monkeypatch.setattr("frontwire.typemodel.default", lambda: View({"Armed clash": 0.8, "NONE": 0.2}))
    monkeypatch.setattr(typeembed, "default", lambda: View({"Armed clash": 0.4, "NONE": 0.6}))
    probs = eventtype.probabilities("text")
    assert probs == pytest.approx({"Armed clash": 0.6, "NONE": 0.4})
