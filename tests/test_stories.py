"""Stories: reports of one happening share a story id, other happenings do not, order never matters."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ARTICLES
from frontwire.eval.ecbplus import b_cubed, gold_label, read_document
from frontwire.stories import STORIES, TOPICS, Profile, _groups, _similarity, cluster, story_id, story_ids


def profile(key: str, *words: str, published: str | None = None, events: tuple[str, ...] = ()) -> Profile:
    """A hand-built profile with one count of each word ("ent:x", "dow:4": a term of that kind)."""
    return Profile(key, published, {(w if ":" in w else "w:" + w): 1.0 for w in words}, frozenset(events))


QUAKE = ("earthquake", "magnitude", "richter", "tremor", "collapse", "rescue")
QUAKES = [profile("q1", *QUAKE, "ent:chile", "santiago"), profile("q2", *QUAKE, "ent:chile", "santiago", "aftershock"),
          profile("q3", *QUAKE, "ent:chile", "santiago", "valparaiso")]
FIGHT = ("boxing", "heavyweight", "knockout", "round", "title", "referee")
FIGHTS = [profile("f1", *FIGHT, "klitschko", "rahman"), profile("f2", *FIGHT, "klitschko", "rahman", "germany"),
          profile("f3", *FIGHT, "klitschko", "rahman", "punch")]
POOL = QUAKES + FIGHTS + [profile("x1", "merger", "shares", "billion", "software", "acquisition", "deal")]


def test_stories_cluster_separates_happenings():
    groups = sorted(sorted(p.key for p in c) for c in cluster(POOL))
    assert groups == [["f1", "f2", "f3"], ["q1", "q2", "q3"], ["x1"]]


def test_stories_cluster_is_independent_of_order():
    expected = story_ids(POOL)
    for order in itertools.islice(itertools.permutations(POOL), 0, 5040, 97):
        assert story_ids(order) == expected


def test_stories_id_is_the_hash_of_the_earliest_members_content_hash():
    members = [profile("b", published="2017-06-28"), profile("a", published="2017-06-29"), profile("c")]
    assert story_id(members) == "story-" + hashlib.sha256(b"b").hexdigest()[:16]


def test_stories_id_is_stable_when_a_later_report_joins():
    dated = [Profile(p.key, "2010-02-27", p.terms) for p in QUAKES] + FIGHTS
    first = story_ids(dated)
    later = profile("q0", *QUAKE, "ent:chile", "santiago", published="2010-03-01")
    after = story_ids(dated + [later])
    assert after["q1"] == first["q1"] == after["q0"]


def test_stories_shared_event_joins_and_different_events_split_reports():
    a = profile("a", *FIGHT, events=("fw-1",))
    b = profile("b", *QUAKE, events=("fw-1",))
    c_words = (*FIGHT[:3], "alpha", "beta", "gamma")
    assert story_ids([a, profile("c", *c_words)])["c"] == story_ids([a])["a"]
    ids = story_ids([a, b, profile("c", *c_words, events=("fw-2",))])
    assert ids["a"] == ids["b"] != ids["c"]


OFFER = ("offer", "contract", "baseman", "agent", "ent:teixeira", "ent:boras", "winter", "deal", "million")


@pytest.mark.parametrize("first, second", [
    ("svo:angels>offer", "svo:red sox>offer"),  # who acted
    ("dow:4", "dow:2"),  # on which day
    ("num:5.6:magnitude", "num:5.9:magnitude"),  # by how much
])
def test_stories_one_channel_counts_as_much_as_all_the_wording(first, second):
    # Two reports worded alike that differ in one role, day or number are only half alike.
    pair = [profile("a", *OFFER, first), profile("b", *OFFER, second)]
    assert _similarity(pair, STORIES)[0, 1] == pytest.approx(0.5)
    assert _similarity([profile("a", *OFFER, first), profile("b", *OFFER, first)], STORIES)[0, 1] == \
        pytest.approx(1.0)


def test_stories_an_article_without_a_channel_abstains_there():
    pair = [profile("a", *OFFER, "dow:4", "md:12-11", "num:8:year"), profile("b", *OFFER)]
    assert _similarity(pair, STORIES)[0, 1] == pytest.approx(1.0)


def test_stories_reports_published_a_year_apart_are_half_as_alike():
    def similarity(second: str) -> float:
        a = profile("a", *QUAKE, "ent:idlib", "rescue", published="2017-04-04")
        return _similarity([a, profile("b", *QUAKE, "ent:idlib", "survivor", published=second)], STORIES)[0, 1]

    assert similarity("2023-02-07") == pytest.approx(similarity("2017-04-06") / 2)
    assert similarity("2018-04-03") == pytest.approx(similarity("2017-04-06"))


def test_stories_a_pair_the_first_pass_joins_is_judged_by_the_second_too():
    # Different merged events halve them in both passes; only the second, with idf counted in the pair,
    # takes them below its threshold.
    shared = ("flood", "river", "dam", "evacuation")
    a = profile("a", *shared, "sandbag", "hamburg", "march", "levee", "elbe", "pump", events=("fw-1",))
    b = profile("b", *shared, "monsoon", "sylhet", "july", "embankment", "surma", "boat", events=("fw-2",))
    unique = sorted(POOL + [a, b], key=lambda p: p.key)
    assert ["a", "b"] in [sorted(unique[i].key for i in g) for g in _groups(unique, TOPICS)]
    ids = story_ids(POOL + [a, b])
    assert ids["a"] != ids["b"]


TERMS = st.sampled_from(["w:a", "w:b", "w:c", "ent:x", "ent:y", "date:2020-01-01", "dow:3", "md:01-01",
                         "svo:x>hit", "svo:y>hit", "num:5:dead", "num:9:dead"])


@given(st.lists(st.lists(TERMS, max_size=6), min_size=2, max_size=8))
def test_stories_similarity_is_symmetric_and_bounded(bags):
    profiles = [Profile(f"p{i}", None, {t: 1.0 for t in bag}) for i, bag in enumerate(bags)]
    sim = _similarity(profiles, STORIES)
    assert (abs(sim - sim.T) < 1e-9).all()
    assert (sim >= -1e-9).all() and (sim <= 1 + 1e-9).all()
    assert sorted(p.key for c in cluster(profiles) for p in c) == sorted(p.key for p in profiles)


def test_stories_single_article_is_its_own_story():
    assert story_ids([profile("only", "word")]) == {"only": story_id([profile("only")])}


def test_stories_command_groups_reports_of_one_attack(nlp):
    from frontwire.commands import stories

    names = ["afghanistan-kabul-university-attack-ap.txt", "afghanistan-kabul-university-attack-followup.txt",
             "afghanistan-kabul-wedding-bombing.txt", "nonconflict-microsoft-activision.txt",
             "yemen-sanaa-mosque-bombings.txt"]
    records, failures = stories([str(ARTICLES / n) for n in names])
    assert not failures
    story = {r["article_id"].rsplit("/", 1)[-1]: r["story_id"] for r in records}
    assert story[names[0]] == story[names[1]]
    assert len({story[n] for n in names[1:]}) == 4


# ---------------------------------------------------------------- ECB+ scoring


def test_stories_ecbplus_gold_label_of_file_names():
    assert gold_label("1_10ecbplus.xml") == ("1", "ecbplus")
    assert gold_label("12_3ecb.xml") == ("12", "ecb")
    assert gold_label("LICENSE.txt") is None


def test_stories_ecbplus_read_document_joins_tokens(tmp_path):
    tokens = ["http", ":", "/", "/", "x", ".", "com"], ["Tara", "Reid", "'s", "rep", "said", ",", "``", "We",
                                                        "appreciate", "it", ",", "''", "(", "People", ")", "."]
    xml = "".join(f'<token t_id="{i}" sentence="{s}" number="{i}">{t}</token>'
                  for s, words in enumerate(tokens) for i, t in enumerate(words))
    (tmp_path / "1_1ecb.xml").write_text(f'<Document doc_name="1_1ecb.xml">{xml}</Document>', "utf-8")
    assert read_document(tmp_path / "1_1ecb.xml") == \
        'http://x.com\nTara Reid\'s rep said, "We appreciate it," (People).\n'


@pytest.mark.parametrize("tokens, text", [
    ("a magnitude 5 . 9 quake".split(), "a magnitude 5.9 quake"),
    ("the U . S . Geological Survey".split(), "the U.S. Geological Survey"),
    ("at 8 : 24 am".split(), "at 8:24 am"),
    ("10 , 000 fled".split(), "10,000 fled"),
    ("May 5 , 2009 .".split(), "May 5, 2009."),
    ("in 2009 . 9 more".split(), "in 2009.9 more"),  # a sentence never ends inside one, so it is rejoined
])
def test_stories_ecbplus_read_document_rejoins_what_the_tokenizer_cut(tmp_path, tokens, text):
    xml = "".join(f'<token t_id="{i}" sentence="0" number="{i}">{t}</token>' for i, t in enumerate(tokens))
    (tmp_path / "2_1ecb.xml").write_text(f'<Document doc_name="2_1ecb.xml">{xml}</Document>', "utf-8")
    assert read_document(tmp_path / "2_1ecb.xml") == text + "\n"


@pytest.mark.parametrize("predicted, expected", [
    ({"a": 1, "b": 1, "c": 2}, (1.0, 1.0)),
    ({"a": 1, "b": 1, "c": 1}, (round(5 / 9, 4), 1.0)),
    ({"a": 1, "b": 2, "c": 3}, (1.0, round(2 / 3, 4))),
])
def test_stories_b_cubed(predicted, expected):
    scores = b_cubed(predicted, {"a": "x", "b": "x", "c": "y"})
    assert (scores["precision"], scores["recall"]) == expected
