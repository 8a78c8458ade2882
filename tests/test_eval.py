"""The eval gate: scores on the public benchmarks in ../shared/eval must not fall below pinned floors."""

from __future__ import annotations

import json

import pytest

from conftest import EVAL, ROOT
from frontwire.eval import evaluate

BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text("utf-8"))
NAMES = {"timebank": "timebank", "geoparsing/lgl.xml": "geoparsing", "geoparsing/geovirus.xml": "geoparsing",
         "case2021-task2": "case2021", "ecbplus": "ecbplus", "ucdp-ged-iraq/events.csv": "ucdp"}


@pytest.mark.eval
@pytest.mark.parametrize("data", sorted(NAMES))
def test_eval_gate_floors(data):
    path = EVAL / data
    # The benchmarks sit beside every checkout and CI clone; a missing one is an error, not a skip.
    assert path.exists(), f"{path} is missing: the eval gate needs ../shared/eval"
    figures = evaluate(NAMES[data], str(path))
    for metric, floor in BASELINE[data].items():
        value = figures
        for key in metric.split("."):  # "settings.25.weighted_f1": a figure nested in the report
            value = value[key]
        assert value >= floor, f"{data} {metric} fell to {value} (floor {floor})"


def test_eval_gold_merged_event_is_scored_against_all_its_reports():
    from factories import make_event
    from frontwire.eval.gold import merged_value
    from frontwire.models import Source

    first = {"story": "s", "fatalities": 19, "actor1": "Unidentified Armed Group (Afghanistan)"}
    later = {"story": "s", "fatalities": 22, "actor1": "Islamic State"}
    gold = {"ap.txt": {"events": [first]}, "followup.txt": {"events": [later]}}
    sources = (Source("ap.txt", None, None, "2020-11-02", "s", 0, 1),
               Source("followup.txt", None, None, "2020-11-03", "s", 0, 1))
    event = make_event(sources=sources)
    # ACLED revises the toll to the latest report's, and a named actor replaces an unidentified group.
    assert merged_value("fatalities", first, event, gold) == 22
    assert merged_value("actor1", first, event, gold) == "Islamic State"
    assert merged_value("fatalities", first, make_event(sources=sources[:1]), gold) == 19
    assert merged_value("event_date", first, event, gold) is None


@pytest.mark.parametrize(("event_type", "actor1", "actor2", "read"), [
    ("Battles", "Unidentified Armed Group (Libya)", "Military Forces of Libya",
     ("Military Forces of Libya", "Unidentified Armed Group (Libya)")),  # a battle's sides: order means nothing
    ("Battles", "Military Forces of Libya", "Unidentified Armed Group (Libya)",
     ("Military Forces of Libya", "Unidentified Armed Group (Libya)")),
    ("Violence against civilians", "Civilians (Libya)", "Military Forces of Libya",
     ("Civilians (Libya)", "Military Forces of Libya")),  # the victims are actor 2: never swapped
])
def test_eval_gold_a_battles_sides_are_read_in_the_golds_order(event_type, actor1, actor2, read):
    from factories import make_event
    from frontwire.eval.gold import ours

    item = {"actor1": "Military Forces of Libya", "actor2": "Unidentified Armed Group (Libya)"}
    event = make_event(event_type=event_type, actor1=actor1, actor2=actor2)
    assert (ours("actor1", item, event, {}), ours("actor2", item, event, {})) == read


@pytest.mark.parametrize("fields, gold, same", [
    ({}, {"location": "Mosul", "country": "Iraq"}, True),
    ({"location": "Bartalah", "latitude": 36.35369, "longitude": 43.38128, "geonameid": 97890},
     {"location": "Bartella", "country": "Iraq"}, True),
    ({"location": "Northern Darfur", "country": "Sudan", "iso3": "SDN", "latitude": 13.63, "longitude": 25.35,
      "geonameid": None}, {"location": "North Darfur", "country": "Sudan"}, True),
    ({"location": "Solhan", "country": "Turkey", "iso3": "TUR", "latitude": 38.97, "longitude": 41.06},
     {"location": "Solhan", "country": "Burkina Faso"}, False),
    ({"location": "Tall Kayf", "latitude": 36.49, "longitude": 43.12, "geonameid": 97784},
     {"location": "Bartella", "country": "Iraq"}, False),
])
def test_eval_gold_location_is_compared_by_place_both_ways(fields, gold, same):
    """Gold spellings GeoNames writes otherwise are the same place; the same name in another country is not."""
    from factories import make_event
    from frontwire.eval.gold import same_location

    assert same_location(make_event(**fields), gold, gold["location"]) is same
