"""A light learned event-type classifier: softmax regression over word, character and lexicon features.

It is trained only on the project's own examples (data/event_examples/*.tsv, `label<TAB>text`), with a fixed
seed, and cached under the cache directory keyed by a hash of everything it is built from, so it is rebuilt
exactly when the examples, the lexicon or the feature code change.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .lexicon import TAXONOMY
from .settings import cache_dir

if TYPE_CHECKING:
    import numpy as np

# Part of the cache key, with the examples, the data files and this module's own source.
RECIPE = "typemodel-2"
SEED = 20210801
# Labels besides ACLED's sub-event types: CASE 2021's five non-ACLED tags and ordinary non-conflict news.
NON_ACLED = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
NONE = "NONE"
# Every label a model may learn: ACLED's sub-event types and the two above.
LABELS = (*(sub for subs in TAXONOMY.values() for sub in subs), *NON_ACLED, NONE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z])")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+")
_lock = threading.Lock()


@dataclass(frozen=True)
class Model:
    """Trained weights over a fixed vocabulary of features."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, labels); the always-present "bias" feature carries the intercept

    def scores(self, text: str) -> dict[str, float]:
        """Probability of each label for one text."""
        import numpy as np

        ids, values = self._encode(text)
        logits = values @ self.weights[ids]
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        return {label: float(p) for label, p in zip(self.labels, probs)}

    def _encode(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids and values of a text; features never seen in training are dropped."""
        import numpy as np

        pairs = [(self.vocab[f], v) for f, v in features(text).items() if f in self.vocab]
        return np.array([i for i, _ in pairs], dtype=np.int64), np.array([v for _, v in pairs], dtype=np.float32)


def examples_dir() -> Path:
    """The folder of the project's own labelled examples."""
    return Path(str(resources.files("frontwire.data").joinpath("event_examples")))


def read_examples(folder: Path, allowed: Iterable[str]) -> list[tuple[str, str]]:
    """(label, text) rows of every TSV file in the folder, in a stable order; malformed rows are skipped."""
    allowed = set(allowed)
    rows = []
    for path in sorted(folder.glob("*.tsv")) if folder.is_dir() else []:
        for line in path.read_text("utf-8", errors="replace").splitlines():
            label, _, text = line.partition("\t")
            # A file still being written may end in a half line; the header names the columns.
            if label.strip() in allowed and text.strip():
                rows.append((label.strip(), text.strip()))
    return rows


def examples(folder: Path | None = None) -> list[tuple[str, str]] | None:
    """The rows a model learns from (the shipped examples by default); None with fewer than two labels."""
    rows = read_examples(folder or examples_dir(), LABELS)
    return rows if len({label for label, _ in rows}) >= 2 else None


def features(text: str) -> dict[str, float]:
    """Word, word-pair, character n-gram and lexicon features of a text, each block scaled to unit norm."""
    words = [w if not w.isdigit() else "0" for w in _TOKEN.findall(text.lower())]
    feats: dict[str, float] = {"bias": 1.0}
    _block(feats, [f"w:{w}" for w in words] + [f"b:{a}_{b}" for a, b in zip(words, words[1:])])
    _block(feats, [f"c:{g}" for w in words for g in _char_grams(w)])
    # News leads with the event; later sentences add reactions and background, so the lede counts again.
    lede = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    _block(feats, [f"s:{w}" for w in _TOKEN.findall(lede.lower())])
    for name in lexicon_features(text):
        feats[name] = 1.0
    return feats


def _block(feats: dict[str, float], names: list[str]) -> None:
    """Add binary features scaled so that the block has unit length, whatever the text's length."""
    unique = set(names)
    if unique:
        value = 1.0 / len(unique) ** 0.5
        for name in unique:
            feats[name] = value


@lru_cache(maxsize=8192)  # the same words recur in every sentence of conflict news
def _char_grams(word: str) -> tuple[str, ...]:
    """Character 3- to 5-grams of a word with its boundaries marked, so stems match across endings."""
    padded = f"<{word}>"
    return tuple(padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def lexicon_features(text: str) -> list[str]:
    """Which rule triggers, non-ACLED cues, context words and actor kinds occur in the text."""
    from . import actors as act
    from .lexicon import lexicon, trigger_matches

    lex = lexicon()
    matches = list(enumerate(trigger_matches(text)))
    out = [f"r:{i}" for i, match in matches if match is not None]
    out += [f"o:{label}" for label, pattern in lex.non_acled if pattern.search(text)]
    cues = {"armed": lex.armed, "protest": lex.protest, "civilian": lex.civilian, "nonconflict": lex.nonconflict,
            "cumulative": lex.cumulative, "spread": lex.spread, "irrealis": lex.irrealis}
    out += [f"x:{name}" for name, pattern in cues.items() if pattern.search(text)]
    first = min((match.start() for _, match in matches if match is not None), default=len(text))
    return out + _actor_features(act.find_actors(text, 0, len(text)), first)


def _actor_features(found: list, trigger: int) -> list[str]:
    """Kinds of the actors before and after the first trigger: who acted tells regain from overtake."""
    from . import actors as act

    def group(a) -> str:
        if act.is_state(a):
            return "state"
        return "nonstate" if act.is_armed(a) else a.kind

    out = {f"{'pre' if a.end <= trigger else 'post'}:{group(a)}" for a in found}
    before = [a for a in found if a.end <= trigger]
    if before:
        out.add(f"agent:{group(before[-1])}")
    if found:
        out.add(f"first:{group(found[0])}")
    return sorted(out)


def fingerprint(rows: list[tuple[str, str]]) -> str:
    """Hash of what the model is built from: the examples, the data files behind its features, the recipe."""
    digest = hashlib.sha256(RECIPE.encode())
    for name in ("event_types.toml", "actors.toml"):
        digest.update(resources.files("frontwire.data").joinpath(name).read_bytes())
    # The feature code too: a model read with other features than it was trained on is silently wrong.
    for module in ("typemodel.py", "lexicon.py", "actors.py"):
        digest.update(resources.files("frontwire").joinpath(module).read_bytes())
    for label, text in rows:
        digest.update(f"{label}\t{text}\n".encode("utf-8"))
    return digest.hexdigest()[:16]


def train(rows: list[tuple[str, str]], seed: int = SEED, epochs: int = 30) -> Model:
    """Fit softmax regression to the rows, deterministically for a given seed."""
    encoded = [features(text) for _, text in rows]
    counts: dict[str, int] = {}
    for feats in encoded:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    # A feature seen in one example only is noise that the weights would memorize.
    names = sorted(name for name, n in counts.items() if n >= 2 or name == "bias")
    vocab = {name: i for i, name in enumerate(names)}
    labels = tuple(sorted({label for label, _ in rows}))
    weights = _fit(encoded, [labels.index(label) for label, _ in rows], vocab, len(labels), seed, epochs)
    return Model(labels, vocab, weights)


def save(model: Model, path: Path) -> None:
    """Write the model atomically, so a concurrent reader never sees half a file."""
    import numpy as np

    names = sorted(model.vocab, key=model.vocab.__getitem__)
    write_arrays(path, labels=np.array(model.labels), vocab=np.array(names), weights=model.weights)


def write_arrays(path: Path, **arrays: np.ndarray) -> None:
    """Write arrays to an .npz file atomically: a concurrent reader sees the old file or the new one."""
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        np.savez(handle, **arrays)
    os.replace(tmp, path)


def load(path: Path) -> Model:
    """Read a model written by save()."""
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        names = data["vocab"].tolist()
        return Model(tuple(data["labels"].tolist()), {n: i for i, n in enumerate(names)}, data["weights"])


def build(folder: Path | None = None, cache: Path | None = None) -> Model | None:
    """The model of these examples: from the cache, else trained now and cached; None without examples."""
    rows = examples(folder)
    if rows is None:
        return None
    path = (cache or cache_dir()) / f"typemodel-{fingerprint(rows)}.npz"
    with _lock:
        if path.exists():
            try:
                return load(path)
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache file is rebuilt below
        model = train(rows)
        try:
            save(model, path)
            _prune(path)
        except OSError:
            pass  # a read-only cache costs a retraining next time, never the run
        return model


# Cached models kept beside the newest: each is ~20 MB, and every new release or example set adds one; a few stay
# so that two installs sharing the cache folder do not retrain each other's model on every run.
KEEP_CACHED = 3


def _prune(newest: Path) -> None:
    """Delete all but the KEEP_CACHED most recently written models in the cache folder of `newest`."""
    models = sorted(newest.parent.glob("typemodel-*.npz"), key=lambda p: (p != newest, -p.stat().st_mtime))
    for old in models[KEEP_CACHED:]:
        old.unlink(missing_ok=True)


_models: dict[str, Model | None] = {}
_models_lock = threading.Lock()


def default() -> Model | None:
    """The process-wide model of the shipped examples, built or loaded on first use."""
    with _models_lock:
        if "default" not in _models:
            _models["default"] = build()
        return _models["default"]


def _fit(encoded: list[dict[str, float]], y: list[int], vocab: dict[str, int], n_labels: int, seed: int,
         epochs: int, rate: float = 0.02, l2: float = 1e-5, batch: int = 32) -> np.ndarray:
    """Mini-batch Adam on the class-balanced softmax loss, updating only the rows a batch touches; the weights
    returned are the average of the epochs' ends after the first third (Polyak averaging)."""
    import numpy as np

    docs = [(np.array([vocab[f] for f in d if f in vocab], dtype=np.int64),
             np.array([v for f, v in d.items() if f in vocab], dtype=np.float32)) for d in encoded]
    labels = np.array(y)
    # Balanced: each label weighs the same in total, however many examples were written for it.
    counts = np.bincount(labels, minlength=n_labels).astype(np.float32)
    sample_weight = (len(labels) / (n_labels * np.maximum(counts, 1)))[labels]
    weights = np.zeros((len(vocab), n_labels), dtype=np.float32)
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    rng = np.random.default_rng(seed)
    step = 0
    # Adam's last iterate wanders with the seed and the example order (two seeds disagreed on 5-7% of the CASE
    # 2021 snippets); the average of the later iterates settles, so a new example changes what it should.
    settled, average = epochs // 3, np.zeros_like(weights)
    for epoch in range(epochs):
        shuffled = rng.permutation(len(docs))
        for start in range(0, len(shuffled), batch):
            chosen = shuffled[start:start + batch]
            rows, grad = _gradient([docs[i] for i in chosen], labels[chosen], sample_weight[chosen], weights)
            grad += l2 * weights[rows]
            step += 1
            first[rows] = 0.9 * first[rows] + 0.1 * grad
            second[rows] = 0.999 * second[rows] + 0.001 * grad * grad
            correction = (1 - 0.999 ** step) ** 0.5 / (1 - 0.9 ** step)
            weights[rows] -= rate * correction * first[rows] / (np.sqrt(second[rows]) + 1e-8)
        if epoch >= settled:
            average += weights
    return average / (epochs - settled)


def _gradient(docs: list, labels: np.ndarray, sample_weight: np.ndarray,
              weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows a batch touches and the weighted softmax loss gradient on them."""
    import numpy as np

    ids = np.concatenate([d[0] for d in docs])
    values = np.concatenate([d[1] for d in docs])
    lengths = np.array([len(d[0]) for d in docs])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # Every document has the bias feature, so no segment is empty and reduceat sums each one.
    logits = np.add.reduceat(weights[ids] * values[:, None], starts, axis=0)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(len(docs)), labels] -= 1.0
    probs *= (sample_weight / len(docs))[:, None]
    contrib = np.repeat(probs, lengths, axis=0) * values[:, None]
    order = np.argsort(ids, kind="stable")
    rows, first_of = np.unique(ids[order], return_index=True)
    return rows, np.add.reduceat(contrib[order], first_of, axis=0)
