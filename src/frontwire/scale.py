"""Ingest on several processes: workers analyze batches, the parent alone merges and writes."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import TYPE_CHECKING

from .errors import NotConfigured, StoreInterrupted
from .models import Article, Event, Mention
from .pipeline import Report, analyze, articles_of, remerge

if TYPE_CHECKING:
    from .store.base import Store

SERIAL_BATCH = 32  # pipeline.ingest's default
PARALLEL_BATCH = 8
MERGE_ATTEMPTS = 5  # a batch whose database connection broke mid-merge is read, merged and written again


@dataclass
class BatchResult:
    """What a worker sends back for one batch: picklable records, never spaCy Docs."""

    analyzed: list[tuple[Article, tuple[Mention, ...]]] = field(default_factory=list)
    skipped: list[tuple[Article, str]] = field(default_factory=list)  # stored unanalyzed, with the reason
    prefiltered: bool = True  # False: articles once skipped may be among the analyzed ones
    report: Report = field(default_factory=Report)


def _warm_worker(model: str | None, parent: int | None = None) -> None:
    """Load the spaCy model and the gazetteer once per worker process, before its first batch."""
    from .gazetteer import Gazetteer
    from .nlp import load

    _exit_with_parent(parent or os.getppid())
    load(model)
    Gazetteer.default()


def _exit_with_parent(parent: int, interval_s: float = 0.5) -> None:
    """End this worker when its parent `parent` (given by the parent: it may die before this starts) dies."""
    # After a kill -9 of `ingest` nobody shuts the pool down, and each worker, holding the call queue's
    # write end itself, would wait for work forever.

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval_s)
        os._exit(1)

    threading.Thread(target=watch, name="frontwire-parent-watch", daemon=True).start()


def analyze_batch(articles: list[Article], model: str | None, prefilter: bool = True) -> BatchResult:
    """Run the per-article stages over one batch (in a worker); failures and skips go to its report."""
    result = BatchResult(prefiltered=prefilter)
    on_skip = lambda article, reason: result.skipped.append((article, reason))  # noqa: E731
    for analysis in analyze(articles, result.report, model, prefilter=prefilter, on_skip=on_skip):
        result.analyzed.append((analysis.article, analysis.mentions))
    return result


class _InProcess(Executor):
    """An executor that runs each call at once, in this process: one worker needs no pool."""

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future


def _executor(workers: int, model: str | None) -> Executor:
    if workers <= 1:
        return _InProcess()
    # spawn, not fork: a forked copy of a parent holding database connections and threads is unsafe,
    # and each worker loads its own model anyway.
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_warm_worker,
                               initargs=(model, os.getpid()))


def fresh_batches(articles: Iterable[Article], store: Store, report: Report, batch_size: int,
                  prefilter: bool = True) -> Iterator[list[Article]]:
    """Batches of the articles not stored yet and not in an earlier batch of this run, in input order.

    Without the prefilter, articles it once skipped count as new: this run analyzes them.
    """
    seen: set[str] = set()
    batch: list[Article] = []

    def flush() -> list[Article]:
        known = store.known_articles(a.hash for a in batch)
        if not prefilter and known:
            known -= store.skipped_articles(known)
        known |= seen
        fresh = list({a.hash: a for a in batch if a.hash not in known}.values())
        report.articles += len(batch) - len(fresh)  # as in pipeline.ingest: repeats count as read
        seen.update(a.hash for a in fresh)
        return fresh

    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield flush()
            batch = []
    if batch:
        yield flush()


def ingest_parallel(inputs: Iterable[str], store: Store, workers: int = 1, published: str | None = None,
                    source: str | None = None, model: str | None = None, stdin=None, batch_size: int | None = None,
                    progress: Callable[[int], None] | None = None, prefilter: bool | None = None,
                    executor: Executor | None = None) -> Report:
    """`pipeline.ingest` with the analysis spread over `workers` processes; same events, same ids.

    Batches are written in input order, each re-merged with what is stored as a single process would,
    so the result does not depend on the number of workers. `executor` (e.g. a Dask cluster's, see
    cluster.py) replaces the local process pool; this process stays the only writer.
    """
    report = Report()
    articles = articles_of(inputs, report, published, source, stdin)
    ingest_articles(articles, store, report, workers, model, batch_size, progress, prefilter, executor)
    store.record_failures(report.failures)
    return report


def _merge_and_write(store: Store, articles: list[Article], mentions: list[Mention]) -> list[Event]:
    """Re-merge with the stored mentions and write, holding the merge lock; again if the lock was lost."""
    for attempt in range(1, MERGE_ATTEMPTS + 1):
        try:
            # Another process may write between our read of the window and our write: the lock makes the
            # pair atomic, so two concurrent ingests can neither split one event in two nor retire each other's.
            with store.merge_lock():
                events, retired = remerge(store, mentions) if mentions else ([], set())
                # Skipped articles are stored too (text kept, no mentions), so a re-ingest knows them.
                store.write_batch(articles, mentions, events, retired)
            return events
        except StoreInterrupted as error:
            if attempt == MERGE_ATTEMPTS:
                raise NotConfigured(f"{error}; gave up after {attempt} attempts") from error
    raise AssertionError("unreachable")


def ingest_articles(articles: Iterable[Article], store: Store, report: Report, workers: int = 1,
                    model: str | None = None, batch_size: int | None = None,
                    progress: Callable[[int], None] | None = None, prefilter: bool | None = None,
                    executor: Executor | None = None) -> None:
    """Analyze and write Articles (from files, or fetched by `watch`) into the store; counts go to `report`."""
    from .settings import prefilter_enabled

    prefilter = prefilter_enabled(prefilter)
    # Smaller batches with several workers, so that a small corpus still reaches all of them.
    batch_size = batch_size or (SERIAL_BATCH if workers <= 1 else PARALLEL_BATCH)
    pending: deque[Future] = deque()
    with executor or _executor(workers, model) as pool:
        try:
            for batch in fresh_batches(articles, store, report, batch_size, prefilter):
                if batch:
                    pending.append(pool.submit(analyze_batch, batch, model, prefilter))
                # A bounded queue: workers stay busy while memory holds a few batches, not the whole corpus.
                while len(pending) > 2 * max(workers, 1):
                    write_result(pending.popleft().result(), store, report, progress)
            while pending:
                write_result(pending.popleft().result(), store, report, progress)
        finally:
            for future in pending:  # after an error, do not wait for analyses nobody will write
                future.cancel()


def write_result(result: BatchResult, store: Store, report: Report,
                 progress: Callable[[int], None] | None = None) -> None:
    """Re-merge one analyzed batch with the stored mentions and write it, holding the merge lock."""
    report.articles += result.report.articles
    report.failures.extend(result.report.failures)
    for reason, count in result.report.skipped.items():
        report.skipped[reason] = report.skipped.get(reason, 0) + count
    mentions = [m for _, found in result.analyzed for m in found]
    analyzed = [article for article, _ in result.analyzed]
    events = _merge_and_write(store, analyzed + [article for article, _ in result.skipped], mentions)
    store.record_skipped([(article.hash, reason) for article, reason in result.skipped])
    if not result.prefiltered:
        store.forget_skipped(a.hash for a in analyzed)
    report.new_articles += len(result.analyzed) + len(result.skipped)
    report.events.extend(events)
    if progress:
        progress(result.report.articles)
