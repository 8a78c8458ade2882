"""The eval gate: scores on the public benchmarks in ../shared/eval must not fall below pinned floors."""

from __future__ import annotations

import json

import pytest

from conftest import EVAL, ROOT
from frontwire.eval import evaluate

BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text("utf-8"))
NAMES = {"timebank": "timebank", "geoparsing/lgl.xml": "geoparsing", "geoparsing/geovirus.xml": "geoparsing",
         "case2021-task2": "case2021", "ecbplus": "ecbplus"}


@pytest.mark.eval
@pytest.mark.parametrize("data", sorted(NAMES))
def test_eval_gate_floors(data):
    path = EVAL / data
    # The benchmarks sit beside every checkout and CI clone; a missing one is an error, not a skip.
    assert path.exists(), f"{path} is missing: the eval gate needs ../shared/eval"
    figures = evaluate(NAMES[data], str(path))
    for metric, floor in BASELINE[data].items():
        assert figures[metric] >= floor, f"{data} {metric} fell to {figures[metric]} (floor {floor})"
