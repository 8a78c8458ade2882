"""Ingest on a Dask cluster: workers read and analyze partitions of the input; this process alone writes.

Workers read their partitions (partitions.py: ranges of JSON lines, WARC archives, groups of files), so HTML
and WARC extraction run there; this process takes the articles in input order, leaves out the ones already
stored, and sends batches back for analysis.
The write path is scale.py's (re-merge in input order under the store's merge lock), so the events and
their ids are the same as a single process would store. A partition whose worker dies is computed again
elsewhere (Dask reschedules it); it is written once, by this process, and every write is an upsert.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from .errors import NotConfigured
from .models import Article
from .pipeline import Report, articles_of

if TYPE_CHECKING:
    from distributed import Client

    from .store.base import Store

RETRIES = 3  # a partition is tried again this often after its worker failed (e.g. was killed)


class DaskExecutor(Executor):
    """A concurrent.futures view of a Dask client: each call is one task, retried when its worker dies."""

    def __init__(self, client: Client, retries: int = RETRIES):
        self.client = client
        self.retries = retries

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        # pure=False: two equal partitions are still two tasks; Dask futures have result() and cancel().
        return self.client.submit(fn, *args, pure=False, retries=self.retries, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """The cluster outlives the executor: whoever opened it closes it."""


def connect(address: str, workers: int | None, stack: ExitStack) -> Client:
    """A client of the scheduler at `address`, or of a LocalCluster of worker processes for `local`."""
    from distributed import Client, LocalCluster

    try:
        if address == "local":
            # No dashboard: its fixed port would clash with other runs on the machine.
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            return stack.enter_context(Client(cluster))
        return stack.enter_context(Client(address, timeout="30s"))
    except (OSError, TimeoutError, ValueError) as error:
        raise NotConfigured(f"cannot reach the Dask scheduler at {address}: {error}") from error


def read_on_workers(client: Client, inputs: list[str], report: Report, published: str | None = None,
                    source: str | None = None, window: int = 4) -> Iterator[Article]:
    """Articles of the inputs, read partition by partition on the cluster, yielded in input order."""
    from .partitions import plan, read_partition

    parts, pool = plan(inputs), DaskExecutor(client)
    pending: deque = deque()

    def fill() -> None:
        while len(pending) < window and (part := next(parts, None)) is not None:
            pending.append(part if isinstance(part, tuple) else pool.submit(read_partition, part, published, source))

    fill()
    while pending:
        item = pending.popleft()
        items = [item] if isinstance(item, tuple) else item.result()
        fill()
        for entry in items:
            if isinstance(entry, tuple):
                report.failures.append(entry)
            else:
                yield entry


def ingest_dask(inputs: Iterable[str], store: Store, address: str, workers: int | None = None,
                published: str | None = None, source: str | None = None, model: str | None = None,
                stdin=None, batch_size: int | None = None, progress: Callable[[int], None] | None = None,
                prefilter: bool | None = None) -> Report:
    """`scale.ingest_parallel` with the partitions read and analyzed on a Dask cluster (`local` starts one)."""
    from .scale import PARALLEL_BATCH, _warm_worker, ingest_articles

    inputs = [os.fspath(name) for name in ([inputs] if isinstance(inputs, str) else inputs)]
    report = Report()
    with ExitStack() as stack:
        client = connect(address, workers, stack)
        client.run(_warm_worker, model)  # each worker loads its own model once, before its first partition
        width = max(len(client.scheduler_info().get("workers", {})), 1)
        if "-" in inputs:  # standard input exists only here
            articles = articles_of(inputs, report, published, source, stdin)
        else:
            articles = read_on_workers(client, inputs, report, published, source, window=2 * width)
        options: dict[str, Any] = {"progress": progress, "prefilter": prefilter, "executor": DaskExecutor(client)}
        ingest_articles(articles, store, report, width, model, batch_size or PARALLEL_BATCH, **options)
    store.record_failures(report.failures)
    return report
