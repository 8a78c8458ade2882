"""WARC input (Common Crawl News and the like): the HTML responses of an archive as articles."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from typing import Any

from frontwire.errors import InputError
from frontwire.ingest import MAX_ARTICLE_BYTES, parse_html
from frontwire.models import Article


class _GzipGuard:
    """A gzip stream for warcio that remembers a truncation; warcio alone ends silently on one."""

    def __init__(self, raw: Any):
        self._gzip = gzip.GzipFile(fileobj=raw)
        self.error: str | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error:
            return b""
        try:
            return self._gzip.read1(size)  # read() would drop the bytes decoded before a truncation
        except (EOFError, OSError, zlib.error) as err:
            self.error = str(err) or type(err).__name__
            return b""


def _warc_record(record: Any, name: str) -> tuple[Article | InputError | None, bool]:
    """(article or error, truncated) of one WARC record; (None, False) for records that are not HTML pages."""
    if record.rec_type != "response" or record.http_headers is None:
        return None, False
    if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
        return None, False
    uri = record.rec_headers.get_header("WARC-Target-URI") or name
    body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(body) > MAX_ARTICLE_BYTES:
        return InputError(uri, "article larger than 5 MB"), False
    if record.raw_stream.limit:  # the archive ended before the record's Content-Length
        return None, True
    try:
        article = parse_html(body, uri, url=uri)
    except Exception as err:  # one bad page must not end the archive
        return InputError(uri, f"could not parse HTML ({type(err).__name__})"), False
    return article or InputError(uri, "no article text found"), False


def read_warc(name: str) -> Iterator[Article | InputError]:
    """The HTML pages of a WARC archive (gzipped or not) as articles; one error at the end for a damaged one."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if os.path.getsize(name) == 0:
        raise InputError(name, "empty file")
    with open(name, "rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        stream = _GzipGuard(raw) if gzipped else raw
        problem = None
        try:
            for record in ArchiveIterator(stream):
                if record.format != "warc":  # warcio reads any text as an ARC record
                    problem = "not a WARC archive"
                    break
                item, truncated = _warc_record(record, name)
                if truncated:
                    problem = "record cut short"
                    break
                if item is not None:
                    yield item
        except ArchiveLoadFailed as err:
            problem = str(err).strip().splitlines()[0][:120]
        except Exception as err:  # warcio's parsers fail in many ways on a damaged archive
            problem = type(err).__name__
        problem = getattr(stream, "error", None) or problem
        if problem:
            yield InputError(name, f"corrupt or truncated archive: {problem}")
