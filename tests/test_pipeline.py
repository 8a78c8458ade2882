"""The runner: stage order, the parser's view of an article, incremental and idempotent ingest."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwire.ingest import parse_text
from frontwire.pipeline import ORDER, STAGES, Report, extract, ingest, parse_view
from frontwire.store import open_store

FIRST = ("Car bomb kills 20 in Baghdad market\nPublished: 2016-07-03\n\n"
         "BAGHDAD (Reuters) - A car bomb exploded in a crowded market in Baghdad's Sadr City on Sunday, "
         "killing at least 20 people, police said.\n")
SECOND = ("Baghdad toll rises\nPublished: 2016-07-04\n\n"
          "BAGHDAD, Iraq (AP) — The death toll from a car bomb that ripped through a market in Baghdad's Sadr City "
          "on Sunday rose to 31, hospital officials said on Monday.\n")
OTHER = ("Shelling hits Kharkiv\nPublished: 2022-03-02\n\n"
         "KHARKIV, Ukraine (AP) — Russian shelling hit the centre of Kharkiv on Tuesday, killing at least 10 "
         "people, the regional governor said.\n")


def test_pipeline_order_lists_every_stage_once():
    assert ORDER == ("ingest", "prefilter", "nlp", "time", "geo", "extract", "merge", "store")
    assert [name for name, _ in STAGES] == ["time", "geo", "extract"]


def test_pipeline_parse_view_keeps_offsets_and_blanks_the_dateline():
    article = parse_text(FIRST, "first.txt")
    view = parse_view(article)
    assert len(view) == len(article.text)
    assert "BAGHDAD" not in view and "Car bomb kills" not in view
    assert view[article.text.index("A car bomb"):] == article.text[article.text.index("A car bomb"):]


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_pipeline_ingest_merges_a_later_report_into_the_stored_event(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([_write(tmp_path, "a.txt", FIRST)], store)
    (before,) = list(store.all_events())
    ingest([_write(tmp_path, "b.txt", SECOND)], store)
    (after,) = list(store.all_events())
    assert after.event_id == before.event_id
    assert len(after.sources) == 2
    assert (after.fatalities_low, after.fatalities, after.fatalities_high) == (20, 31, 31)
    store.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["a", "b", "c"]), st.integers(min_value=1, max_value=3))
def test_pipeline_any_order_and_batching_give_the_same_events(tmp_path, order, batch):
    texts = {"a": FIRST, "b": SECOND, "c": OTHER}
    paths = {k: _write(tmp_path, f"{k}.txt", v) for k, v in texts.items()}
    expected = sorted(e.to_dict()["event_id"] for e in extract(list(paths.values())).events)
    store = open_store("sqlite:///:memory:")
    for start in range(0, 3, batch):
        ingest([paths[k] for k in order[start:start + batch]], store)
    ingest(list(paths.values()), store)  # re-ingest changes nothing
    assert sorted(e.event_id for e in store.all_events()) == expected
    assert store.stats()["articles"] == 3
    store.close()


def test_pipeline_bad_stage_names_the_article_and_goes_on(monkeypatch, tmp_path):
    import frontwire.pipeline as pipeline

    def broken(analysis):
        if "Kharkiv" in analysis.article.text:
            raise RuntimeError("boom")
        return analysis

    monkeypatch.setattr(pipeline, "STAGES", (("time", broken),) + pipeline.STAGES)
    report = extract([_write(tmp_path, "a.txt", FIRST), _write(tmp_path, "c.txt", OTHER)])
    assert len(report.failures) == 1
    name, reason = report.failures[0]
    assert name.endswith("c.txt") and "stage 'time' failed" in reason
    assert len(report.events) == 1
    assert isinstance(report, Report)
