"""The relevance prefilter: cheap, recall first, lossless where it checks event triggers, off on request."""

from __future__ import annotations

import pytest

from frontwire.models import Article
from frontwire.pipeline import Report, analyze, articles_of, extract
from frontwire.prefilter import SKIP_REASON, evidence, has_trigger, relevant, terms

LONG_CALM = ("The city council approved a new budget for public libraries on Tuesday after a long debate about "
             "opening hours. Council members said the libraries would open on Sundays from next spring, and that "
             "volunteers would help with reading clubs for pupils. The head librarian thanked the donors who paid "
             "for the new reading room and said the catalogue would be online by the end of the year. " * 2)


@pytest.mark.parametrize("text, passes", [
    ("Coalition airstrikes killed about 40 militants in Mosul on Monday. " * 8, True),
    ("Hundreds of protesters marched to parliament in Nairobi on Tuesday against the finance bill. " * 6, True),
    ("Boko Haram fighters raided the village at dawn, residents said. " * 8, True),  # a named group
    (LONG_CALM, False),
    ("Police said the man was arrested after the attack and that two people were killed. " * 6, True),  # 3 medium
    ("Shares fell sharply on Tuesday as the market digested the news of higher interest rates. " * 6, False),
])
def test_prefilter_word_test(text, passes):
    assert (evidence(text) is not None) is passes


def test_prefilter_short_texts_always_go_to_the_parser():
    assert evidence("The council met on Tuesday.") == "short text"
    assert evidence("The council met on Tuesday.", short_pass=False) is None


def test_prefilter_group_names_keep_their_case():
    assert terms()  # loads
    assert evidence("IS fighters " + "x " * 300, short_pass=False) is not None
    assert evidence("It is what it is. " * 40, short_pass=False) is None


def test_prefilter_without_a_trigger_nothing_can_be_extracted(samples, nlp):
    # The trigger check is lossless: every article that yields an event has a trigger in its text.
    report = Report()
    for analysis in analyze(articles_of([str(samples)], report), report, prefilter=False):
        if analysis.mentions:
            assert has_trigger(analysis.article.text), analysis.article.id


def test_prefilter_passes_every_conflict_article_of_ours(samples):
    from conftest import ARTICLES

    for folder in (samples, ARTICLES):
        for article in articles_of([str(folder)], Report()):
            if "nonconflict" not in article.id:
                assert relevant(article), article.id


def test_prefilter_skips_are_counted_and_handed_back(nlp):
    articles = [Article(id="calm", text=LONG_CALM),
                Article(id="war", text="Coalition airstrikes killed about 40 militants in Mosul on Monday.")]
    report, skipped = Report(), []
    done = list(analyze(articles, report, prefilter=True, on_skip=lambda a, r: skipped.append((a.id, r))))
    assert [a.article.id for a in done] == ["war"] and skipped == [("calm", SKIP_REASON)]
    assert report.skipped == {SKIP_REASON: 1} and report.articles == 2


def test_prefilter_same_events_with_and_without(samples, nlp):
    on, off = extract([str(samples)], prefilter=True), extract([str(samples)], prefilter=False)
    assert [e.to_dict() for e in on.events] == [e.to_dict() for e in off.events]
    assert on.skipped.get(SKIP_REASON, 0) >= 1 and not off.skipped


def test_prefilter_setting(monkeypatch):
    from frontwire.settings import prefilter_enabled

    monkeypatch.delenv("FRONTWIRE_PREFILTER", raising=False)
    assert prefilter_enabled() is True
    monkeypatch.setenv("FRONTWIRE_PREFILTER", "off")
    assert prefilter_enabled() is False and prefilter_enabled(True) is True


def test_prefilter_ingest_stores_skips_and_stays_idempotent(cli, tmp_path, write):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    calm = write("calm.txt", LONG_CALM)
    first, _ = cli.jsonl("ingest", calm, "--db", url)
    assert first[0]["skipped"] == {SKIP_REASON: 1} and first[0]["new_articles"] == 1
    again, _ = cli.jsonl("ingest", calm, "--db", url)
    assert again[0]["new_articles"] == 0 and again[0]["skipped"] == {}
    forced, _ = cli.jsonl("ingest", calm, "--db", url, "--no-prefilter")  # analyzed now, once
    assert forced[0]["new_articles"] == 1 and forced[0]["skipped"] == {}
    from frontwire.store import open_store

    with open_store(url) as store:
        assert store.stats()["articles"] == 1 and not store.skipped_articles([Article("x", LONG_CALM).hash])
