"""Geoparsing: finding place names, resolving them in context, placing events, the benchmark reader."""

from __future__ import annotations

import pytest

from frontwire.eval.geoparsing import GoldToponym, read_articles, score
from frontwire.gazetteer import Gazetteer
from frontwire.geo import find_toponyms, geoparse, geoparse_records, locate_event, resolve_toponyms
from frontwire.models import Article, Toponym

MOSUL, BARTELLA, AL_QAIM, RAMADI = 99072, 97890, 92138, 98717
TRIPOLI_LY, TRIPOLI_LB = 2210247, 266826

DATELINE = "BAGHDAD/BARTELLA, Iraq"
IRAQ_STORY = (
    f"{DATELINE} (Reuters) - Iraqi forces attacked Islamic State fighters in the town of al-Qaim on Sunday. "
    "Heavy fighting was reported on the outskirts of Mosul. "
    "Clashes continued in the Intisar district of Mosul. "
    "A roadside bomb exploded 10 km east of Bartella, killing two soldiers. "
    "Airstrikes hit militant positions in Anbar province. "
    "Three civilians were wounded. "
    "Army units advanced into Bartella."
)


@pytest.fixture(scope="session")
def iraq(nlp, gazetteer):
    """The Iraq story written for these tests, parsed and geoparsed once: (article, doc, toponyms)."""
    article = Article(id="iraq", text=IRAQ_STORY, dateline=DATELINE, dateline_span=(0, len(DATELINE)))
    doc = nlp(article.text)
    return article, doc, geoparse(doc, article, gazetteer)


def _sentence(article: Article, startswith: str) -> tuple[int, int]:
    start = article.text.index(startswith)
    return start, article.text.index(".", start) + 1


def _by_text(toponyms: list[Toponym], text: str) -> list[Toponym]:
    return [t for t in toponyms if t.text == text]


def test_geo_dateline_in_capitals_gives_dateline_toponyms(iraq):
    article, _, toponyms = iraq
    dateline = [t for t in toponyms if t.role == "dateline"]
    assert [t.text for t in dateline] == ["BAGHDAD", "BARTELLA", "Iraq"]
    assert all(article.text[t.start:t.end] == t.text for t in dateline)
    assert dateline[1].place.geonameid == BARTELLA
    assert dateline[2].place.feature_code == "PCLI" and dateline[2].place.iso2 == "IQ"


def test_geo_demonym_is_context_only(iraq):
    _, _, toponyms = iraq
    (iraqi,) = _by_text(toponyms, "Iraqi")
    assert iraqi.role == "demonym" and iraqi.place.iso2 == "IQ"


def test_geo_arabic_article_kept_with_the_name(iraq):
    _, _, toponyms = iraq
    (qaim,) = _by_text(toponyms, "al-Qaim")
    assert qaim.place.geonameid == AL_QAIM and qaim.role == "mention"


def test_geo_every_toponym_text_matches_its_offsets(iraq):
    article, _, toponyms = iraq
    assert toponyms and all(article.text[t.start:t.end] == t.text for t in toponyms)


@pytest.mark.parametrize("text, absent, present", [
    ("Paris Hilton visited Baghdad on Monday and met officials there.", "Paris", "Baghdad"),
    ("Michael Jordan arrived in Amman on Monday. Jordan said the talks went well.", "Jordan", "Amman"),
])
def test_geo_person_named_like_a_place_is_not_a_toponym(nlp, gazetteer, text, absent, present):
    article = Article(id="person", text=text)
    found = {t.text for t in find_toponyms(nlp(text), article, gazetteer)}
    assert absent not in found and present in found


@pytest.mark.parametrize("text, names", [
    ("Fighting spread to Mosul and Tal Afar.", ["Mosul", "Tal Afar"]),
    ("Shelling hit Mosul, Tal Afar and Sinjar on Monday.", ["Mosul", "Tal Afar", "Sinjar"]),
])
def test_geo_name_listed_with_a_place_is_a_place(nlp, gazetteer, text, names):
    """The tagger calls `Tal Afar` a person and `Sinjar` a group; listed with Mosul they are places."""
    article = Article(id="list", text=text)
    assert [t.text for t in find_toponyms(nlp(text), article, gazetteer)] == names


@pytest.mark.parametrize("text, found", [
    ("American Electric Power is building a plant in Mason County.", [("Mason County", "mention")]),
    ("She studied at the American University of Beirut last year.", [("Beirut", "mention")]),
    ("Agents of the Georgia Bureau of Investigation raided the house.", [("Georgia", "context")]),
    ("Deputies took him to the Madison County Detention Center.", [("Madison County", "mention")]),
])
def test_geo_places_in_group_names(nlp, gazetteer, text, found):
    """Places that name a group; a state heading a group's name is context only."""
    article = Article(id="group", text=text)
    assert [(t.text, t.role) for t in find_toponyms(nlp(text), article, gazetteer)] == found


@pytest.mark.parametrize("text, expected", [
    ("Lebanese troops fought gunmen in Tripoli, the country's second city, near the Syrian border.", TRIPOLI_LB),
    ("Libyan militias loyal to the government in Tripoli shelled positions near Misrata.", TRIPOLI_LY),
])
def test_geo_resolves_tripoli_from_the_story_context(nlp, gazetteer, text, expected):
    article = Article(id="tripoli", text=text)
    (tripoli,) = _by_text(geoparse(nlp(text), article, gazetteer), "Tripoli")
    assert tripoli.place.geonameid == expected


def test_geo_abstains_on_a_small_foreign_namesake(gazetteer):
    """A village named like a word in a story clearly set elsewhere gets no coordinates."""
    text = "Iraqi troops entered Mosul and Tikrit, while the Iraqi army held Kirkuk. Fighters fled to Chapin."
    article = Article(id="chapin", text=text)
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Mosul", "Tikrit", "Kirkuk", "Chapin")]
    toponyms = [Toponym(a, b, text[a:b], None) for a, b in spans]
    resolved = resolve_toponyms(toponyms, article, gazetteer)
    assert [t.place.iso2 if t.place else None for t in resolved] == ["IQ", "IQ", "IQ", None]


@pytest.mark.parametrize("opening, geonameid, precision", [
    ("Iraqi forces attacked", AL_QAIM, 1),  # the town named in the sentence
    ("Heavy fighting", MOSUL, 2),  # on the outskirts of
    ("Clashes continued", MOSUL, 2),  # a district of the city
    ("A roadside bomb", BARTELLA, 2),  # 10 km east of
    ("Army units advanced", BARTELLA, 1),
])
def test_locate_event_town_and_precision(iraq, opening, geonameid, precision):
    article, doc, toponyms = iraq
    place, geo_precision = locate_event(*_sentence(article, opening), toponyms, article, doc)
    assert place.geonameid == geonameid and geo_precision == precision
    assert place.country == "Iraq" and place.iso3 == "IRQ" and place.admin1


@pytest.mark.parametrize("text, precision", [
    ("Gunmen killed eight people about 60 km (40 miles) southeast of Niger's capital Niamey on Sunday.", 2),
    ("Gunmen killed eight people on the outskirts of the capital Niamey on Sunday.", 2),
    ("Gunmen killed eight people in Niger's capital Niamey on Sunday.", 1),
    ("Gunmen killed eight people in the southwestern city of Niamey on Sunday.", 1),  # describes the city
    ("Gunmen killed eight people in northern Niamey on Sunday.", 2),  # a part of it
])
def test_locate_event_distance_reads_past_a_conversion_and_a_capital(nlp, gazetteer, text, precision):
    article = Article(id="niamey", text=text)
    toponyms = geoparse(nlp(text), article, gazetteer)
    place, geo_precision = locate_event(0, len(text), toponyms, article, nlp(text))
    assert place.name == "Niamey" and geo_precision == precision


def test_geo_a_town_the_tagger_took_for_a_date_is_found_after_town_of(nlp, gazetteer):
    text = ("Pakistani security forces took away six men from their homes in the town of Turbat in Balochistan "
            "province on Tuesday night, their families said.")
    article = Article(id="turbat", text=text)
    doc = nlp(text)
    place, precision = locate_event(0, len(text), geoparse(doc, article, gazetteer), article, doc)
    assert (place.name, place.iso2, precision) == ("Turbat", "PK", 1)


def test_geo_a_lower_case_word_the_tagger_calls_a_person_is_no_place(nlp, gazetteer):
    text = "The toll could rise as searches continued in the surrounding bush, a local administrator said."
    toponyms = geoparse(nlp(text), Article(id="bush", text=text), gazetteer)
    assert all(t.text[:1].isupper() for t in toponyms)


@pytest.mark.parametrize(("text", "name"), [
    # where people were going is not where the event happened
    ("Fifty civilians travelling with the convoy to the besieged town of Djibo were missing.", None),
    ("Residents fled towards Goma after the attack.", None),
    # unless the sentence goes on there
    ("The militants fled to the town of Djibo, where troops killed four of them.", "Djibo"),
    ("Militants attacked a convoy near Djibo.", "Djibo"),
])
def test_locate_event_a_destination_is_not_the_place(nlp, gazetteer, text, name):
    article = Article(id="djibo", text=text)
    doc = nlp(text)
    place, _ = locate_event(0, len(text), geoparse(doc, article, gazetteer), article, doc)
    assert (place.name if place is not None and place.feature_code != "PCLI" else None) == name


@pytest.mark.parametrize(("body", "name", "precision"), [
    ("Gunmen looted shops in the weekly market of Boni in central Mali on Saturday.", "Boni", 1),  # no gazetteer's
    ("Gunmen looted shops in central Mali on Saturday.", "Mali", 3),  # a part of the country: not the capital
    ("Gunmen looted shops in Mali on Saturday.", "Bamako", 1),  # nothing but the country: the dateline
])
def test_locate_event_a_part_of_the_country_is_not_the_datelines_capital(nlp, gazetteer, body, name, precision):
    dateline = "BAMAKO (Reuters)"
    text = f"{dateline} - {body}"
    article = Article(id="mali", text=text, dateline=dateline, dateline_span=(0, len(dateline)))
    doc = nlp(text)
    start = text.index(body)
    place, geo_precision = locate_event(start, len(text), geoparse(doc, article, gazetteer), article, doc)
    assert (place.name, geo_precision) == (name, precision)


def test_locate_event_region_only_is_at_its_main_town_with_precision_3(iraq):
    """ACLED codes a province-only event at the provincial capital's point, not at the polygon's middle."""
    article, doc, toponyms = iraq
    place, precision = locate_event(*_sentence(article, "Airstrikes hit"), toponyms, article, doc)
    ramadi = Gazetteer.default().get(RAMADI)
    assert (place.latitude, place.longitude) == (ramadi.latitude, ramadi.longitude)
    assert place.feature_code == "ADM1" and place.admin1 == "Anbar" and precision == 3


@pytest.mark.parametrize("text, name, feature, precision", [
    ("Police captured the suspect in a raid in the Brussels district of Molenbeek on Friday.", "Brussels", "PPLC", 2),
    ("Clashes broke out in the Karrada district of Baghdad on Sunday.", "Baghdad", "PPLC", 2),
    ("A missile struck a cafe in the village of Hroza in Ukraine's Kharkiv region on Thursday.", "Kharkiv", "ADM1", 3),
    ("Shelling hit the Donetsk region overnight.", "Donetsk", "ADM1", 3),
    ("Gunmen attacked a checkpoint near the al-Nuri mosque in the Old City of Mosul.", "Mosul", "PPL", 2),
    ("A blast hit Baghdad airport on Monday.", "Baghdad", "PPLC", 1),
])
def test_locate_event_part_of_a_city_and_a_named_region(nlp, gazetteer, text, name, feature, precision):
    """A district is coded to its city either way round; `Kharkiv region` is the province, not the city; a mosque
    named like an Iranian village is in the city the sentence names."""
    article = Article(id="part", text=text)
    doc = nlp(text)
    place, geo_precision = locate_event(0, len(text), geoparse(doc, article, gazetteer), article, doc)
    assert (place.name, place.feature_code, geo_precision) == (name, feature, precision)


def test_locate_event_falls_back_to_the_previous_place(iraq):
    article, doc, toponyms = iraq
    place, precision = locate_event(*_sentence(article, "Three civilians"), toponyms, article, doc)
    assert place.admin1 == "Anbar" and precision == 3


def test_locate_event_falls_back_to_the_dateline(gazetteer):
    text = "BARTELLA, Iraq (AP) — A suicide bomber killed four people at a checkpoint on Friday."
    article = Article(id="d", text=text, dateline="BARTELLA, Iraq", dateline_span=(0, 14), body_start=0)
    toponyms = resolve_toponyms([Toponym(0, 8, "BARTELLA", None, role="dateline"),
                                 Toponym(10, 14, "Iraq", None, role="dateline")], article, gazetteer)
    place, precision = locate_event(text.index("A suicide"), len(text), toponyms, article)
    assert place.geonameid == BARTELLA and precision == 1


def test_locate_event_dateline_under_a_headline_keeps_its_precision(gazetteer):
    # Regression: the headline above ("... push into Old City") was read as a cue "part of the dateline's town".
    text = ("Iraqi forces push into Old City\nBARTELLA, Iraq (AP) — A suicide bomber killed four people at a "
            "checkpoint on Friday.")
    at = text.index("BARTELLA")
    article = Article(id="d", text=text, dateline="BARTELLA, Iraq", dateline_span=(at, at + 14), body_start=at)
    toponyms = resolve_toponyms([Toponym(at, at + 8, "BARTELLA", None, role="dateline"),
                                 Toponym(at + 10, at + 14, "Iraq", None, role="dateline")], article, gazetteer)
    place, precision = locate_event(text.index("A suicide"), len(text), toponyms, article)
    assert place.geonameid == BARTELLA and precision == 1


def test_locate_event_without_places_is_none():
    article = Article(id="none", text="Gunmen killed three people on Friday.")
    assert locate_event(0, len(article.text), [], article) == (None, None)


def test_locate_event_ignores_demonyms_and_unresolved_names(gazetteer):
    text = "Syrian gunmen attacked Zzyzxville on Friday."
    article = Article(id="dem", text=text)
    syria = gazetteer.country("SY")
    toponyms = [Toponym(0, 6, "Syrian", syria, role="demonym"), Toponym(23, 33, "Zzyzxville", None)]
    assert locate_event(0, len(text), toponyms, article) == (None, None)


def test_geoparse_records_follow_the_contract(iraq):
    article, _, toponyms = iraq
    records = geoparse_records(article, toponyms)
    keys = ["article_id", "start", "end", "name", "latitude", "longitude", "geonameid", "country", "admin1",
            "feature_code"]
    assert records and all(list(r) == keys for r in records)
    mosul = next(r for r in records if r["name"] == "Mosul")
    assert mosul["geonameid"] == MOSUL and mosul["country"] == "Iraq" and mosul["article_id"] == "iraq"


LGL_LIKE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><title>T</title><text><![CDATA[Fighting in Mosul.
Then Bartella.]]></text>
<toponyms>
<toponym><start>12</start><end>17</end><phrase>Mosul</phrase>
<gaztag geonameid="99072"><lat>36.335</lat><lon>43.11889</lon></gaztag></toponym>
<toponym><start>25</start><end>33</end><phrase>Bartella</phrase></toponym>
</toponyms></article></articles>"""

GEOVIRUS_LIKE = """<articles><article><source>s</source><text>Cases in Lagos rose.</text>
<locations><location><name>Lagos</name><start>9</start><end>14</end><lat>6.45</lat><lon>3.39</lon></location>
</locations></article></articles>"""


@pytest.mark.parametrize("xml, phrases, coords", [
    (LGL_LIKE, ["Mosul", "Bartella"], [(36.335, 43.11889), (None, None)]),
    (GEOVIRUS_LIKE, ["Lagos"], [(6.45, 3.39)]),
])
def test_eval_reads_both_formats_and_reanchors_spans(tmp_path, xml, phrases, coords):
    path = tmp_path / "gold.xml"
    path.write_text(xml, encoding="utf-8")
    ((article, gold),) = list(read_articles(str(path)))
    assert [g.phrase for g in gold] == phrases
    assert [(g.latitude, g.longitude) for g in gold] == coords
    assert all(article.text[g.start:g.end] == g.phrase for g in gold)  # Bartella's offset was off by one


def test_eval_score_counts_overlap_and_distance(gazetteer):
    mosul = gazetteer.get(MOSUL)
    gold = [GoldToponym(0, 5, "Mosul", 36.34, 43.13), GoldToponym(10, 18, "Bartella", 36.35, 43.38)]
    predicted = [Toponym(0, 5, "Mosul", mosul), Toponym(30, 35, "Basra", None)]
    figures = score([(gold, predicted)])
    assert (figures["precision"], figures["recall"], figures["acc_161"]) == (0.5, 0.5, 1.0)


@pytest.mark.parametrize("text, name", [
    ("An air strike hit a hospital in a rebel-held district of Aleppo late on Wednesday.", "Aleppo"),
    ("An air strike killed 22 people in a residential district of Omdurman on Saturday.", "Omdurman"),
    ("Sudan's paramilitary Rapid Support Forces took control of Wad Madani, the capital of Gezira state.",
     "Wad Madani"),
    ("Gunmen killed 132 civilians in an overnight raid on the village of Solhan in northern Burkina Faso.",
     "Solhan"),
    ("He was charged Monday in Wyandotte County District Court with aggravated battery.", "Wyandotte County"),
    ("Warehouse fire under control . ST. PAUL -- Firefighters fought a blaze for six hours on Sunday.", "ST. PAUL"),
    ("Protesters gathered in ST. LOUIS on Monday.", "ST. LOUIS"),
    ("Storms left Kansas without power. Kansas City Power & Light said 2,300 homes were still dark.",
     "Kansas City"),
])
def test_geo_finds_places_the_tagger_mislabels(nlp, gazetteer, text, name):
    """Places tagged as nationalities or persons, after capture verbs or `the village of` (even unknown to the
    gazetteer), and the place a court is named after."""
    article = Article(id="t", text=text)
    assert name in [t.text for t in find_toponyms(nlp(text), article, gazetteer)]


def _event_place(nlp, gazetteer, text: str, sentence: str, dateline: str | None = None):
    article = Article(id="e", text=text, dateline=dateline, dateline_span=(0, len(dateline)) if dateline else None,
                      body_start=len(dateline) if dateline else 0)
    doc = nlp(text)
    start = text.index(sentence)
    return locate_event(start, start + len(sentence), geoparse(doc, article, gazetteer), article, doc)


def test_locate_event_names_a_village_no_gazetteer_has_with_null_coordinates(nlp, gazetteer):
    """The dateline is a fallback for sentences that name no place, not for places the gazetteer lacks."""
    lead = "Gunmen killed 132 civilians in an overnight raid on the village of Solhan in northern Burkina Faso."
    text = f"OUAGADOUGOU, Burkina Faso (Reuters) - {lead}"
    place, precision = _event_place(nlp, gazetteer, text, lead, "OUAGADOUGOU, Burkina Faso")
    assert (place.name, place.iso2, place.latitude, place.geonameid, precision) == ("Solhan", "BF", None, None, 1)


def test_locate_event_lead_without_a_place_looks_at_the_next_sentences(nlp, gazetteer):
    lead = "Myanmar's military bombed a crowd on Tuesday, killing about 100 people, witnesses said."
    text = (f"YANGON, Myanmar (AP) - {lead} The attack hit Pazigyi village in Kanbalu township, in the central "
            "Sagaing region, at about 8 a.m.")
    place, precision = _event_place(nlp, gazetteer, text, lead, "YANGON, Myanmar")
    assert place.feature_code == "ADM1" and place.admin1 == "Sagain" and precision == 3


def test_locate_event_skips_a_dateline_in_another_country(nlp, gazetteer):
    lead = "A suspected chemical attack on a rebel-held town in northern Syria killed at least 58 people on Tuesday."
    text = f"BEIRUT (AP) - {lead}"
    place, precision = _event_place(nlp, gazetteer, text, lead, "BEIRUT")
    assert (place.iso2, place.feature_code, precision) == ("SY", "PCLI", 3)


def test_locate_event_town_before_region_word_is_the_region(nlp, gazetteer):
    text = "A soldier was killed when his vehicle hit a roadside bomb in the Menaka region on Saturday."
    place, precision = _event_place(nlp, gazetteer, text, text)
    assert place.name == "Ménaka" and precision == 3


@pytest.mark.parametrize("text, place, not_place", [
    ("Jim Ward of the Woodstock District Chamber of Commerce praised the plan.", None, "Commerce"),
    ("The bill was filed by Rep. Ann Lee, D-Iowa City, on Monday.", "Iowa City", "D-Iowa City"),
])
def test_party_tags_and_what_a_chamber_is_of_are_no_places(nlp, gazetteer, text, place, not_place):
    names = [t.text for t in find_toponyms(nlp(text), Article(id="t", text=text), gazetteer)]
    assert not_place not in names
    assert place is None or place in names
