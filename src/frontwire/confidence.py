"""Confidence of an event mention: the odds that it is real and of its type, from what extraction knew."""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from importlib import resources

from .models import Mention


def confidence_features(mention: Mention, strength: str) -> dict[str, bool]:
    """What the extraction knew about a mention; each item moves the odds that the event is real."""
    return {
        "strong_trigger": strength == "strong", "toll_given": mention.fatalities_known,
        "actor1_named": bool(mention.actor1) and not mention.actor1.startswith("Unidentified"),
        "place_found": mention.place is not None, "day_known": mention.time_precision == 1,
        "strategic": mention.event_type == "Strategic developments",
        "demonstration": mention.event_type in ("Protests", "Riots"),
    }


def confidence(mention: Mention, strength: str) -> float:
    """How likely the mention is a real event of its type: naive-Bayes log-odds fitted on our own gold.

    The weights live in data/confidence.toml; scripts/calibrate_confidence.py fits and checks them.
    """
    return round(probability(_weights(), confidence_features(mention, strength)), 2)


def probability(weights: dict[str, float], features: dict[str, bool]) -> float:
    """The logistic of the bias plus the weights of the features that hold, kept within 0.05..0.95."""
    score = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) for name, on in features.items() if on)
    return min(0.95, max(0.05, 1 / (1 + math.exp(-score))))


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    """The fitted log-odds weights of data/confidence.toml."""
    text = resources.files("frontwire.data").joinpath("confidence.toml").read_text("utf-8")
    return tomllib.loads(text)["weights"]
