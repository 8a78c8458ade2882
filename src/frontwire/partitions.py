"""Input partitions for a cluster: pieces of the input that a worker reads on its own, in input order.

A JSON-lines file is cut into ranges of lines, a WARC archive is one partition (Common Crawl News comes as
many files), and other files go in small groups. The worker reads its partition with the ingest stage, so
HTML and WARC extraction run on the workers; the articles come back in input order, as one process reads them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import InputError
from .models import Article

LINES_PER_PARTITION = 32  # JSON lines, the size of a single process's write batch
FILES_PER_PARTITION = 16

Failure = tuple[str, str]  # (input name, reason): picklable, unlike an exception with two arguments


@dataclass(frozen=True)
class Partition:
    """Files read whole (`files`), or the lines [start, stop) by byte offset of one JSON-lines file."""

    files: tuple[str, ...] = ()
    jsonl: str | None = None
    start: int = 0
    stop: int = 0
    first_line: int = 1


def expand(inputs: Iterable[str]) -> Iterator[str | Failure]:
    """The files of the inputs (files, folders, globs) in the order ingest reads them; `-` is not partitioned."""
    from .ingest import input_files

    for name in inputs:
        for item in input_files(os.fspath(name)):
            yield item if isinstance(item, str) else (item.name, item.reason)


def _line_ranges(path: str, size: int) -> list[Partition]:
    """Partitions of `size` lines of one JSON-lines file, by byte offsets (one cheap pass over the file).

    A file that is binary or has no line with content is one whole-file partition, so that the ingest
    stage reports it in one line as it does for a single process.
    """
    parts: list[Partition] = []
    with open(path, "rb") as handle:
        if b"\x00" in handle.read(8192):
            return [Partition(files=(path,))]
        handle.seek(0)
        start, first, count, offset, content = 0, 1, 0, 0, False
        for line in handle:
            offset += len(line)
            count += 1
            content = content or bool(line.strip())
            if count == size:
                parts.append(Partition(jsonl=path, start=start, stop=offset, first_line=first))
                start, first, count = offset, first + size, 0
        if count:
            parts.append(Partition(jsonl=path, start=start, stop=offset, first_line=first))
    return parts if content else [Partition(files=(path,))]


def plan(inputs: Iterable[str], lines: int | None = None,
         files: int | None = None) -> Iterator[Partition | Failure]:
    """Partitions of the inputs in input order, and the failures found while listing them."""
    lines, files = lines or LINES_PER_PARTITION, files or FILES_PER_PARTITION
    group: list[str] = []
    for item in expand(inputs):
        if isinstance(item, tuple):
            if group:  # the files before it come first
                yield Partition(files=tuple(group))
                group = []
            yield item
            continue
        big = item.lower().endswith(".jsonl") and os.path.isfile(item) and os.path.getsize(item) > 0
        if group and (big or len(group) >= files):
            yield Partition(files=tuple(group))
            group = []
        if big:
            try:
                yield from _line_ranges(item, lines)
            except OSError:
                yield Partition(files=(item,))  # the worker's ingest stage reports it
        else:
            group.append(item)
    if group:
        yield Partition(files=tuple(group))


def read_partition(part: Partition, published: str | None = None,
                   source: str | None = None) -> list[Article | Failure]:
    """The articles of one partition (on a worker), and (name, reason) of what could not be read."""
    from .ingest import finish, read_articles

    if part.jsonl is None:
        items = read_articles(list(part.files), published=published, source=source)
    else:
        items = (finish(item, published, source) for item in _jsonl_range(part))
    return [(item.name, item.reason) if isinstance(item, InputError) else item for item in items]


def _jsonl_range(part: Partition) -> Iterator[Article | InputError]:
    """Articles of lines [start, stop) of a JSON-lines file, read and named (`path:line`) by ingest's reader."""
    from .ingest import _capped_lines, _jsonl_items, _os_reason

    name = part.jsonl or ""
    try:
        with open(name, "rb") as handle:
            handle.seek(part.start)
            lines = _capped_lines(_Bounded(handle, part.stop - part.start))
            yield from _jsonl_items(lines, name, part.first_line, whole=False)
    except OSError as error:
        yield InputError(name, _os_reason(error))


class _Bounded:
    """A binary stream that ends after `left` bytes."""

    def __init__(self, handle, left: int):
        self._handle, self._left = handle, left

    def readline(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        line = self._handle.readline(min(size, self._left) if size >= 0 else self._left)
        self._left -= len(line)
        return line
