"""The gazetteer index: names, folded forms, Arabic alternates, countries and first-level regions."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

import frontwire.gazetteer_build
from frontwire.gazetteer import VERSION, Gazetteer, fold, haversine_km, skeleton, strip_article
from frontwire.gazetteer_build import central_point, country_points
from frontwire.models import Place

MOSUL, AL_QAIM, RAMADI, IRAQ = 99072, 92138, 98717, 99237


@pytest.mark.parametrize("raw, key", [
    ("Mosul", "mosul"),
    ("Tall ‘Afar", "tall afar"),
    ("Tal-Afar", "tal afar"),
    ("Al-Qā’im", "al qaim"),
    ("St. Cloud", "saint cloud"),
    ("Main St.", "main st"),
    ("W.Va.", "wva"),
    ("الموصل", "الموصل"),
    ("إدلب", "ادلب"),
])
def test_fold_normalises_case_accents_apostrophes_and_hyphens(raw, key):
    assert fold(raw) == key


@pytest.mark.parametrize("key, bare", [("al qaim", "qaim"), ("ar ramadi", "ramadi"), ("الموصل", "موصل"),
                                       ("mosul", None), ("alexandria", None)])
def test_strip_article_drops_only_a_separate_arabic_article(key, bare):
    assert strip_article(key) == bare


def test_gazetteer_mosul_is_the_iraqi_city_in_nineveh(gazetteer):
    place = gazetteer.lookup("Mosul")[0]
    assert place.geonameid == MOSUL
    assert (place.country, place.iso2, place.iso3) == ("Iraq", "IQ", "IRQ")
    assert place.admin1 in ("Ninawa", "Nineveh")
    assert place.feature_code.startswith("PPL") and place.population > 1_000_000


@pytest.mark.parametrize("name, geonameid", [
    ("الموصل", MOSUL),  # Arabic alternate name
    ("موصل", MOSUL),  # Arabic without the article
    ("القائم", AL_QAIM),
    ("al-Qaim", AL_QAIM),
    ("Al Qaim", AL_QAIM),
    ("Qaim", AL_QAIM),
    ("al-Mosul", MOSUL),
    ("Ramadi", RAMADI),
    ("Ar Ramadi", RAMADI),
    ("Tal-Afar", 90393),
    ("Talafar", 90393),
])
def test_gazetteer_finds_alternate_article_and_hyphen_variants(gazetteer, name, geonameid):
    assert gazetteer.lookup(name)[0].geonameid == geonameid


@pytest.mark.parametrize("query", ["IQ", "iq", "IRQ", "Iraq", "Republic of Iraq"])
def test_gazetteer_country_by_code_or_name(gazetteer, query):
    country = gazetteer.country(query)
    assert country.geonameid == IRAQ and country.feature_code == "PCLI" and country.iso3 == "IRQ"


@pytest.mark.parametrize("query, iso2", [("U.S.", "US"), ("Britain", "GB"), ("Ivory Coast", "CI"), ("DRC", "CD")])
def test_gazetteer_country_by_common_english_name(gazetteer, query, iso2):
    assert gazetteer.country(query).iso2 == iso2


def test_gazetteer_unknown_country_is_none(gazetteer):
    assert gazetteer.country("Atlantis") is None and gazetteer.country("ZZ") is None


@pytest.mark.parametrize("cc, name, admin1", [
    ("IQ", "Nineveh", "Ninawa"),
    ("IQ", "Ninawa", "Ninawa"),
    ("IQ", "Anbar province", "Anbar"),
    ("IQ", "Al Anbar", "Anbar"),
    ("IQ", "Salahuddin", "Salah ad Din Governorate"),
    ("SY", "Raqqa", "Ar-Raqqah"),
    ("US", "W.Va.", "West Virginia"),
    ("US", "Ohio", "Ohio"),
])
def test_gazetteer_admin1_by_local_or_english_name(gazetteer, cc, name, admin1):
    region = gazetteer.admin1(cc, name)
    assert region.feature_code == "ADM1" and region.admin1 == admin1 and region.iso2 == cc
    assert region.latitude is not None and region.country is not None


def test_gazetteer_admin1_of_another_country_is_none(gazetteer):
    assert gazetteer.admin1("SY", "Anbar") is None


def test_gazetteer_region_point_lies_inside_the_region(gazetteer):
    anbar, ramadi = gazetteer.admin1("IQ", "Anbar"), gazetteer.get(RAMADI)
    assert haversine_km(anbar, ramadi) < 300


@pytest.mark.parametrize("name, feature", [("Kirkuk", "PPL"), ("Basra", "PPL"), ("Tripoli", "PPLC")])
def test_gazetteer_city_named_like_its_province_comes_first(gazetteer, name, feature):
    first = gazetteer.lookup(name)[0]
    assert first.feature_code == feature


@pytest.mark.parametrize("name", ["New York", "Oklahoma"])
def test_gazetteer_state_comes_before_a_city_that_has_its_name_only_as_an_alternate(gazetteer, name):
    """GeoNames names the city `New York City`; a bare `New York` is first of all the state."""
    assert gazetteer.lookup(name)[0].feature_code == "ADM1"


def test_gazetteer_candidates_within_drops_generic_words(gazetteer):
    assert gazetteer.candidates_within("Mosul University")[0][0].geonameid == MOSUL
    assert gazetteer.candidates_within("North Texas")[0][0].admin1 == "Texas"


@pytest.mark.parametrize("word, iso2", [("Iraqi", "IQ"), ("Iraqis", "IQ"), ("Syrian", "SY"), ("Americans", "US")])
def test_gazetteer_demonyms(gazetteer, word, iso2):
    assert gazetteer.demonym(word).iso2 == iso2


def test_gazetteer_neighbours(gazetteer):
    assert {"SY", "TR", "IR"} <= gazetteer.neighbours("IQ")


def test_gazetteer_index_carries_the_version_key(gazetteer):
    con = sqlite3.connect(gazetteer.path)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == VERSION
    finally:
        con.close()


def test_gazetteer_default_is_one_instance(gazetteer):
    assert Gazetteer.default() is gazetteer


def test_gazetteer_lookup_is_well_under_a_millisecond(gazetteer):
    names = ["Aleppo", "Kandahar", "Springfield", "Maiduguri", "Donetsk", "Hodeidah", "Gao", "Sirte"] * 5
    gazetteer._candidates.cache_clear()
    start = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    per_lookup = (time.perf_counter() - start) / len(names)
    assert per_lookup < 0.001


@pytest.mark.parametrize("points, expected", [
    ([(33.0, 44.0)], (33.25, 44.25)),
    ([(0.1, 0.1), (0.1, 10.1)], (0.25, 5.25)),
])
def test_central_point_is_the_middle_of_occupied_cells(points, expected):
    assert central_point(points) == expected


def test_haversine_one_degree_of_latitude():
    a = Place("a", 0.0, 0.0, None, None, None, None)
    b = Place("b", 1.0, 0.0, None, None, None, None)
    assert haversine_km(a, b) == pytest.approx(111.2, abs=0.5)


def _spoil(path: Path, good: Path, how: str) -> None:
    """Leave at `path` an index that is missing, garbage, cut short, or from another version."""
    if how == "garbage":
        path.write_bytes(b"not a database" * 100)
    elif how == "truncated":
        path.write_bytes(good.read_bytes()[:50_000])
    elif how == "old":
        shutil.copy(good, path)
        con = sqlite3.connect(path)
        con.execute("UPDATE meta SET value = 'gazetteer-v0' WHERE key = 'version'")
        con.commit()
        con.close()


@pytest.mark.parametrize("how, reason", [("missing", "missing"), ("garbage", "unreadable"),
                                         ("truncated", "unreadable"), ("old", "another frontwire version")])
def test_gazetteer_missing_or_broken_index_is_rebuilt_with_a_message(gazetteer, tmp_path, monkeypatch, caplog,
                                                                     how, reason):
    path = tmp_path / "gazetteer.sqlite"
    _spoil(path, gazetteer.path, how)
    built = []
    monkeypatch.setattr(frontwire.gazetteer_build, "build_index",
                        lambda target: built.append(target) or shutil.copy(gazetteer.path, target))
    with caplog.at_level(logging.WARNING, logger="frontwire.gazetteer"):
        rebuilt = Gazetteer(path)
    assert built == [path] and rebuilt.lookup("Mosul")[0].geonameid == MOSUL
    assert reason in caplog.text and str(path) in caplog.text


def test_gazetteer_damaged_while_open_is_rebuilt_and_read_again(gazetteer, tmp_path, monkeypatch):
    path = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, path)
    opened = Gazetteer(path)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    opened._con = sqlite3.connect(garbage, check_same_thread=False)  # what a damaged file reads like
    monkeypatch.setattr(frontwire.gazetteer_build, "build_index", lambda target: shutil.copy(gazetteer.path, target))
    assert opened.lookup("Ramadi")[0].geonameid == RAMADI


@pytest.mark.parametrize("cc, region, town", [("IQ", "Anbar", RAMADI), ("IQ", "Nineveh", MOSUL)])
def test_gazetteer_main_town_of_a_region(gazetteer, cc, region, town):
    assert gazetteer.main_town(gazetteer.admin1(cc, region)).geonameid == town


def test_gazetteer_main_town_of_a_town_is_none(gazetteer):
    assert gazetteer.main_town(gazetteer.get(MOSUL)) is None


@pytest.mark.parametrize("cc, lat, lon", [("CA", 60.0, -95.0), ("RU", 60.0, 100.0), ("US", 39.76, -98.5)])
def test_country_points_are_the_customary_ones_not_the_middle_of_towns(gazetteer, cc, lat, lon):
    """Canada's towns lie along its southern border; its reference point is far north of them."""
    assert country_points()[cc] == (lat, lon)
    place = gazetteer.country(cc)
    assert (place.latitude, place.longitude) == (lat, lon)


@pytest.mark.parametrize("one, other", [("Makhmour", "Makhmur"), ("Maaret al-Numan", "Ma'arrat an Nu'man"),
                                        ("Khan Sheikhoun", "Khan Shaykhun"), ("Bashiqa", "Bashiqah")])
def test_skeleton_is_shared_by_transliterations(one, other):
    assert skeleton(fold(one)) == skeleton(fold(other)) is not None


@pytest.mark.parametrize("key", ["mosul", "hit", "الموصل", "new york 2"])
def test_skeleton_refuses_short_or_non_latin_names(key):
    assert skeleton(key) is None


@pytest.mark.parametrize("name, iso2", [("Makhmour", "IQ"), ("Maaret al-Numan", "SY"), ("Khan Sheikhoun", "SY")])
def test_gazetteer_finds_other_transliterations_of_arabic_names(gazetteer, name, iso2):
    assert gazetteer.lookup(name)[0].iso2 == iso2


def test_gazetteer_only_the_capital_itself_is_marked_capital(gazetteer):
    """The United States has dozens of towns called Washington; one of them is the capital."""
    capitals = [p for p in gazetteer.lookup("Washington") if p.feature_code == "PPLC" and p.iso2 == "US"]
    assert len(capitals) == 1 and capitals[0].population > 500_000


@pytest.mark.parametrize("name, feature, iso2", [
    ("Darfur", "RGN", "SD"), ("South Ossetia", "RGN", "GE"), ("Middle East", "RGN", None),
    ("North Sea", "SEA", None), ("Gulf of Mexico", "GULF", None), ("Kurdistan", "RGN", "IQ"),
])
def test_gazetteer_regions_and_seas_cities500_lacks_are_readings(gazetteer, name, feature, iso2):
    """Our geo_regions.tsv: first-class readings, even when every word is generic (`North Sea`)."""
    first = gazetteer.lookup(name)[0]
    assert (first.feature_code, first.iso2) == (feature, iso2) and first.latitude is not None


@pytest.mark.parametrize("name", ["Old City", "North", "City Hall"])
def test_gazetteer_generic_words_still_name_nothing(gazetteer, name):
    assert gazetteer.lookup(name) == []


def test_gazetteer_congo_is_first_the_drc(gazetteer):
    assert [p.iso2 for p in gazetteer.lookup("Congo")[:2]] == ["CD", "CG"]


def test_gazetteer_regions_file_rows_are_well_formed():
    from frontwire.gazetteer import AREA_CODES, read_tsv

    for row in read_tsv("geo_regions.tsv"):
        name, code, cc, lat, lon = row[:5]
        assert code in AREA_CODES and (cc == "" or len(cc) == 2), name
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, name
