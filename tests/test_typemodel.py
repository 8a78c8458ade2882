"""The learned event-type classifier: features, deterministic training, the hash-keyed cache, shipped examples."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from frontwire import typemodel

ALLOWED = typemodel.LABELS


def test_typemodel_features_ignore_case_so_wire_capitals_read_like_prose():
    text = "Troops clashed with rebels near Gao on Monday."
    assert typemodel.features(text) == typemodel.features(text.upper())


@pytest.mark.parametrize("text", ["Troops clashed with rebels.", "x" * 300, "", "12345678901234567890"])
def test_typemodel_feature_blocks_have_unit_length(text):
    feats = typemodel.features(text)
    for prefixes in (("w:", "b:"), ("c:",), ("s:",)):
        block = [v for name, v in feats.items() if name[:2] in prefixes]
        assert not block or abs(sum(v * v for v in block) - 1.0) < 1e-6
    assert feats["bias"] == 1.0


def test_typemodel_lexicon_features_name_the_rule_triggers():
    names = typemodel.lexicon_features("The Iraqi army carried out airstrikes on the village.")
    assert any(name.startswith("r:") for name in names)
    assert "agent:state" in names


def test_typemodel_read_examples_skips_header_half_lines_and_unknown_labels(tmp_path):
    (tmp_path / "Armed_clash.tsv").write_text(
        "label\ttext\nArmed clash\tTroops clashed with rebels.\nNot a label\tSomething.\nArmed clash\n"
        "Armed clash\tRebels ambushed a patrol.", "utf-8")
    rows = typemodel.read_examples(tmp_path, ALLOWED)
    assert rows == [("Armed clash", "Troops clashed with rebels."), ("Armed clash", "Rebels ambushed a patrol.")]


def test_typemodel_training_is_deterministic(toy_examples):
    rows = typemodel.read_examples(toy_examples, ALLOWED)
    first, second = typemodel.train(rows), typemodel.train(rows)
    assert first.labels == second.labels and first.vocab == second.vocab
    assert np.array_equal(first.weights, second.weights)


def test_typemodel_learns_the_toy_labels(toy_examples):
    model = typemodel.train(typemodel.read_examples(toy_examples, ALLOWED))
    assert set(model.labels) == {"Armed clash", "Peaceful protest", "NONE"}
    scores = model.scores("Rebels clashed with soldiers at a checkpoint.")
    assert max(scores, key=scores.get) == "Armed clash"


def test_typemodel_build_caches_by_hash_and_rebuilds_when_examples_change(toy_examples, tmp_path):
    cache = tmp_path / "cache"
    model = typemodel.build(toy_examples, cache)
    files = sorted(cache.glob("typemodel-*.npz"))
    assert len(files) == 1
    again = typemodel.build(toy_examples, cache)
    assert again.vocab == model.vocab and np.array_equal(again.weights, model.weights)
    with open(toy_examples / "NONE.tsv", "a", encoding="utf-8") as handle:
        handle.write("NONE\tThe orchestra played to a full hall on Saturday.\n")
    typemodel.build(toy_examples, cache)
    assert len(list(cache.glob("typemodel-*.npz"))) == 2


def test_typemodel_build_keeps_only_the_newest_cached_models(toy_examples, tmp_path):
    cache = tmp_path / "cache"
    for n in range(typemodel.KEEP_CACHED + 2):
        with open(toy_examples / "NONE.tsv", "a", encoding="utf-8") as handle:
            handle.write(f"NONE\tThe orchestra played its {n}th concert of the season.\n")
        newest = typemodel.build(toy_examples, cache)
    files = list(cache.glob("typemodel-*.npz"))
    assert len(files) == typemodel.KEEP_CACHED
    rows = typemodel.examples(toy_examples)
    assert cache / f"typemodel-{typemodel.fingerprint(rows)}.npz" in files and newest is not None


def test_typemodel_build_rebuilds_a_damaged_cache_file(toy_examples, tmp_path):
    cache = tmp_path / "cache"
    typemodel.build(toy_examples, cache)
    path = next(cache.glob("typemodel-*.npz"))
    path.write_bytes(b"not a model")
    assert typemodel.build(toy_examples, cache) is not None
    assert typemodel.load(path).labels


def test_typemodel_build_survives_an_unwritable_cache(toy_examples, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", "utf-8")
    assert typemodel.build(toy_examples, blocker) is not None


@pytest.mark.parametrize("content", [None, "label\ttext\n", "label\ttext\nArmed clash\tTroops clashed.\n"])
def test_typemodel_build_without_two_labels_gives_no_model(tmp_path, content):
    folder = tmp_path / "examples"
    if content is not None:
        folder.mkdir()
        (folder / "Armed_clash.tsv").write_text(content, "utf-8")
    assert typemodel.build(folder, tmp_path / "cache") is None


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=200))
def test_typemodel_scores_are_a_distribution_for_any_text(text):
    model = typemodel.default()
    if model is None:
        return
    scores = model.scores(text)
    assert set(scores) == set(model.labels)
    assert abs(sum(scores.values()) - 1.0) < 1e-4
    assert all(0.0 <= p <= 1.0 for p in scores.values())


def test_typemodel_shipped_examples_are_named_after_their_label():
    files = sorted(typemodel.examples_dir().glob("*.tsv"))
    assert files, "the shipped example set is missing"
    for path in files:
        lines = path.read_text("utf-8").splitlines()
        assert lines[0] == "label\ttext", path.name
        labels = {line.split("\t", 1)[0] for line in lines[1:] if line.strip()}
        assert labels <= set(ALLOWED), path.name
        # one file a label and a writing round: Attack.tsv, Attack_b.tsv, ...
        assert {re.sub(r"\W+", "_", label) for label in labels} == {re.sub(r"_[a-z]$", "", path.stem)}, path.name
