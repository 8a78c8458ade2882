"""Scoring against public benchmarks: one module per benchmark, each with `evaluate(path) -> dict`."""

from __future__ import annotations

import importlib
from typing import Any

# Benchmark name -> module under frontwire.eval; each module defines evaluate(path: str) -> dict.
BENCHMARKS = {
    "geoparsing": "geoparsing",
    "timebank": "timebank",
    "case2021": "case2021",
    "ecbplus": "ecbplus",
    "ucdp": "ucdp",
    "samples": "gold",
    "prefilter": "prefilter",
}


def evaluate(name: str, data: str, **options: Any) -> dict[str, Any]:
    """Score the system on benchmark `name` read from `data`; returns the figures."""
    if name not in BENCHMARKS:
        raise KeyError(f"unknown benchmark {name!r}; known: {', '.join(sorted(BENCHMARKS))}")
    module = importlib.import_module(f"frontwire.eval.{BENCHMARKS[name]}")
    return module.evaluate(data, **options)
