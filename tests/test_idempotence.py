"""Idempotence and order: any order or partitioning of the same articles, and any re-ingest, give the same events."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwire.pipeline import Report
from frontwire.scale import BatchResult, write_result
from frontwire.store import open_store


def ingest_batches(store, batches) -> None:
    """Write analyzed batches as `ingest` does: articles already stored are skipped, the rest re-merged."""
    for batch in batches:
        known = store.known_articles(article.hash for article, _ in batch)
        fresh = list({a.hash: (a, m) for a, m in batch if a.hash not in known}.values())
        if fresh:
            write_result(BatchResult(analyzed=fresh), store, Report())


def state(store) -> tuple[list[dict], dict]:
    """Every stored event and the counts; the thing that must not depend on order or repetition."""
    return [e.to_dict() for e in store.all_events()], store.stats()


@st.composite
def partitions(draw, items: list) -> list[list]:
    """The items in a random order, cut into random consecutive batches, with some batches sent twice."""
    order = draw(st.permutations(items))
    cuts = sorted(draw(st.sets(st.integers(1, len(order) - 1), max_size=6)))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)])]
    repeats = draw(st.lists(st.sampled_from(batches), max_size=2))
    return batches + repeats


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_idempotence_any_order_partition_and_repeat_give_the_same_events(analyzed_corpus, data):
    with open_store("sqlite:///:memory:") as reference:
        ingest_batches(reference, [analyzed_corpus])
        expected = state(reference)
    with open_store("sqlite:///:memory:") as store:
        ingest_batches(store, data.draw(partitions(analyzed_corpus)))
        assert state(store) == expected
        ingest_batches(store, [analyzed_corpus[::-1]])  # everything again, reversed: nothing changes
        assert state(store) == expected
