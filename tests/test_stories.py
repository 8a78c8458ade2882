"""Stories: reports of one happening share a story id, other happenings do not, order never matters."""

from __future__ import annotations

import hashlib
import itertools

import pytest

from conftest import ARTICLES
from frontwire.eval.ecbplus import b_cubed, gold_label, read_document
from frontwire.stories import Profile, cluster, story_id, story_ids


def profile(key: str, *words: str, published: str | None = None, events: tuple[str, ...] = ()) -> Profile:
    """A hand-built profile with one count of each word."""
    return Profile(key, published, {"w:" + w: 1.0 for w in words}, frozenset(events))


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


@pytest.mark.parametrize("predicted, expected", [
    ({"a": 1, "b": 1, "c": 2}, (1.0, 1.0)),
    ({"a": 1, "b": 1, "c": 1}, (round(5 / 9, 4), 1.0)),
    ({"a": 1, "b": 2, "c": 3}, (1.0, round(2 / 3, 4))),
])
def test_stories_b_cubed(predicted, expected):
    scores = b_cubed(predicted, {"a": "x", "b": "x", "c": "y"})
    assert (scores["precision"], scores["recall"]) == expected
