"""The UCDP GED headline benchmark: headline units and scoring, on a small hand-written file."""

from __future__ import annotations

import csv

from frontwire.eval import ucdp

_COLUMNS = ["id", "source_headline", "source_date", "adm_1", "latitude", "longitude", "low", "best", "high"]


def _write(tmp_path, rows):
    path = tmp_path / "events.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, _COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_ucdp_units_split_headlines_and_dates(tmp_path):
    path = _write(tmp_path, [
        {"id": 1, "source_headline": "A kills 3;B kills 4", "source_date": "2014-01-02;2014-01-03", "adm_1": "",
         "latitude": 33.3, "longitude": 44.4, "low": 3, "best": 3, "high": 4},
        {"id": 2, "source_headline": "", "source_date": "", "adm_1": "", "latitude": 0, "longitude": 0,
         "low": 0, "best": 0, "high": 0},
    ])
    assert sorted(ucdp._units(str(path))) == [("A kills 3", "2014-01-02"), ("B kills 4", "2014-01-03")]


def test_ucdp_evaluate_scores_event_region_and_toll(tmp_path):
    path = _write(tmp_path, [
        {"id": 1, "source_headline": "Car bomb kills 12 in Iraq's Baghdad: police", "source_date": "2014-05-02",
         "adm_1": "Baghdād province", "latitude": 33.34, "longitude": 44.40, "low": 10, "best": 12, "high": 14},
        {"id": 2, "source_headline": "Iraq's oil exports rise in April", "source_date": "2014-05-02",
         "adm_1": "Al Başrah  province", "latitude": 30.5, "longitude": 47.8, "low": 1, "best": 1, "high": 1},
    ])
    figures = ucdp.evaluate(str(path))
    assert figures["headlines"] == 2
    assert figures["with_event"] == 0.5
    assert figures["right_adm1"] == 0.5 and figures["fatalities_in_range"] == 0.5
