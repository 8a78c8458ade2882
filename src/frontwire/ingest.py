"""Ingest stage: files, folders, globs, standard input, JSONL, HTML and WARC in; `Article` records out."""

from __future__ import annotations

import codecs
import glob
import itertools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, TextIO

from frontwire.errors import InputError, one_line
from frontwire.layout import enrich, normalize_date, parse_text
from frontwire.models import Article

__all__ = ["MAX_ARTICLE_BYTES", "normalize_date", "parse_html", "parse_text", "read_articles"]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_KINDS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc"}
# Control bytes that never occur in text; their share tells binary files from text without NULs.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r") + b"\x7f"
_ASCII = bytes(range(128))
_SURROGATE = re.compile("[\ud800-\udfff]")


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte sequence that is not UTF-8 is read as cp1252 (scraped pages mix the two)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start:error.end].decode("cp1252"), error.end  # 0x81 and the like still raise


codecs.register_error("frontwire-cp1252", _cp1252_bytes)

# ---------------------------------------------------------------- HTML


def parse_html(html: str | bytes, article_id: str, url: str | None = None) -> Article | None:
    """Article of an HTML page (main text and metadata by trafilatura); None when it has no article text."""
    import trafilatura  # heavy: imported only when a page is parsed

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None)
    if not text or not text.strip():
        return None
    site = doc.sitename or None
    host_only = site is not None and " " not in site and "." in site  # trafilatura's fallback: the host name
    article = enrich(Article(id=article_id, text=text, title=doc.title or None, url=url or doc.url or None,
                             published=normalize_date(doc.date), source=None if host_only else site,
                             language=doc.language or None))
    # A dateline agency or trailer names the outlet better than a bare host name does.
    return article if article.source or not host_only else replace(article, source=site)

# ---------------------------------------------------------------- bytes to text


def _check_binary(data: bytes, name: str) -> None:
    if not data.strip():
        raise InputError(name, "empty file")
    sample = data[:65536]
    if b"\x00" in sample or len(sample) - len(sample.translate(None, _CONTROL)) > 0.05 * len(sample):
        raise InputError(name, "binary content, not text")


def _decode(data: bytes, name: str) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 bytes among UTF-8 read as cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(name, "not UTF-8 text") from None
    else:
        _check_binary(data, name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Legacy Western text is mostly ASCII; a decode that is mostly high bytes is not text.
            if len(data.translate(None, _ASCII)) > 0.3 * len(data):
                raise InputError(name, "not UTF-8 text") from None
            try:  # UTF-8 where it is UTF-8, cp1252 for the rest: Latin-1 files and pages pasted together
                text = data.decode("utf-8-sig", errors="frontwire-cp1252")
            except UnicodeDecodeError:
                raise InputError(name, "not UTF-8 text") from None
    if not text.strip():
        raise InputError(name, "empty file")
    return text


_OS_REASONS = {PermissionError: "permission denied", FileNotFoundError: "no such file",
               IsADirectoryError: "is a directory"}


def _os_reason(err: OSError) -> str:
    return _OS_REASONS.get(type(err)) or (err.strerror or str(err)).lower()


def _read_capped(name: str) -> bytes:
    too_big = InputError(name, "article larger than 5 MB")
    if os.path.getsize(name) > MAX_ARTICLE_BYTES:
        raise too_big
    with open(name, "rb") as handle:
        data = handle.read(MAX_ARTICLE_BYTES + 1)  # the size can change or lie (pipes): read one byte more
    if len(data) > MAX_ARTICLE_BYTES:
        raise too_big
    return data

# ---------------------------------------------------------------- JSONL


def _json_article(obj: Any, where: str) -> Article | InputError:
    """Article of one JSONL object; `where` (`path:line`) names it when it has no id."""
    if not isinstance(obj, dict):
        return InputError(where, "not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        return InputError(where, 'missing "text"' if text is None else '"text" is not a string')
    if not text.strip():
        return InputError(where, '"text" is empty')
    field = {key: obj[key] if isinstance(obj.get(key), str) and obj[key] else None
             for key in ("title", "url", "published", "source", "language")}
    ident = obj.get("id")
    usable = isinstance(ident, (str, int, float)) and not isinstance(ident, bool) and ident != ""
    article = Article(id=str(ident) if usable else where, text=text, title=field["title"],
                      url=field["url"], published=normalize_date(field["published"]), source=field["source"],
                      language=field["language"])
    return enrich(article)


def _json_line(raw: bytes | str, where: str) -> Any:
    """The object of one line, or an InputError."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        return InputError(where, f"invalid JSON: {err.msg} (column {err.colno})")
    except UnicodeDecodeError:
        return InputError(where, "not UTF-8 text")
    except RecursionError:
        return InputError(where, "invalid JSON: nested too deeply")
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        return InputError(where, f"invalid JSON: {err}")


def _capped_lines(handle: Any) -> Iterator[bytes | str | None]:
    """Lines of a stream (bytes or text); None for a line over the size cap, whose rest is skipped unread."""
    while line := handle.readline(MAX_ARTICLE_BYTES + 1):
        if len(line.rstrip("\r\n" if isinstance(line, str) else b"\r\n")) > MAX_ARTICLE_BYTES:
            end = "\n" if isinstance(line, str) else b"\n"
            while line and not line.endswith(end):
                line = handle.readline(MAX_ARTICLE_BYTES)
            yield None
        else:
            yield line


def _jsonl_items(lines: Iterable[bytes | str | None], name: str, first_line: int = 1,
                 whole: bool = True) -> Iterator[Article | InputError]:
    """Articles of JSON lines numbered from `first_line`, one InputError per bad line (`name:line`); the good
    lines still count. `whole`: the lines are all of `name`, so that none with content is an empty file."""
    seen = False
    for lineno, raw in enumerate(lines, first_line):
        where = f"{name}:{lineno}"
        if raw is None:
            seen = True
            yield InputError(where, "article larger than 5 MB")
            continue
        if lineno == 1:
            raw = raw.removeprefix("\ufeff") if isinstance(raw, str) else raw.removeprefix(codecs.BOM_UTF8)
        if raw.strip():
            seen = True
            obj = _json_line(raw, where)
            yield obj if isinstance(obj, InputError) else _json_article(obj, where)
    if whole and not seen:
        yield InputError(name, "empty file")


def _read_jsonl(name: str) -> Iterator[Article | InputError]:
    with open(name, "rb") as handle:
        if b"\x00" in handle.read(8192):
            raise InputError(name, "binary content, not text")
        handle.seek(0)
        yield from _jsonl_items(_capped_lines(handle), name)

# ---------------------------------------------------------------- inputs


def _kind(name: str) -> str | None:
    """The reader of a file by its extension (jsonl, warc, html, txt); None for another extension."""
    lower = name.lower()
    return "warc" if lower.endswith(".warc.gz") else _KINDS.get(os.path.splitext(lower)[1])


def _read_file(name: str) -> Iterator[Article | InputError]:
    """Articles of one file by its extension; a file of another extension (named explicitly) is text."""
    kind = _kind(name)
    try:
        if kind == "jsonl":
            yield from _read_jsonl(name)
        elif kind == "warc":
            from frontwire.warc import read_warc  # warc.py reads pages with this module's parse_html

            yield from read_warc(name)
        elif kind == "html":
            data = _read_capped(name)
            _check_binary(data, name)
            yield parse_html(data, name) or InputError(name, "no article text found")
        else:
            yield parse_text(_decode(_read_capped(name), name), name)
    except InputError as err:
        yield err
    except OSError as err:
        yield InputError(name, _os_reason(err))
    except Exception as err:  # a batch goes on whatever one file does to a parser
        yield InputError(name, f"could not read ({type(err).__name__}: {err})")


def _files(name: str, explicit: bool, seen: set[str]) -> Iterator[str | InputError]:
    """The files to read of a path (folders walked), each once, or why one cannot be read."""
    if os.path.islink(name) and not os.path.exists(name):
        yield InputError(name, "broken symbolic link")
    elif os.path.isdir(name):
        yield from _walk(name, seen)
    elif (real := os.path.realpath(name)) in seen:
        return  # reached twice, through a link or a `**` glob that also matched its folder
    elif explicit or os.path.isfile(name):
        seen.add(real)
        # A file found in a folder is read only by its extension; one named explicitly is text otherwise.
        yield name if explicit or _kind(name) else InputError(name, "unsupported file type")
    else:
        yield InputError(name, "not a regular file")  # a FIFO or device in a folder would block or never end


def _walk(folder: str, seen: set[str]) -> Iterator[str | InputError]:
    """Every file under `folder`, sorted by name at each level; hidden names are skipped."""
    real = os.path.realpath(folder)
    if real in seen:  # a symbolic link back up the tree
        return
    seen.add(real)
    try:
        names = sorted(os.listdir(folder))
    except OSError as err:
        yield InputError(folder, _os_reason(err))
        return
    for entry in names:
        if not entry.startswith("."):
            yield from _files(os.path.join(folder, entry), False, seen)


def _read_stdin(stream: TextIO | None) -> Iterator[Article | InputError]:
    """Standard input: JSONL when every non-empty line is a JSON object, else one text article `-`."""
    # A stream: at most one article's size is held to decide; beyond that only JSONL can be valid, and it is
    # parsed line by line, so a pipe of any length runs in bounded memory.
    stream = sys.stdin if stream is None else stream
    if stream is None:  # pythonw and some daemons run without one
        yield InputError("-", "no standard input")
        return
    lines = _capped_lines(getattr(stream, "buffer", stream))  # bytes where possible: the locale may not be UTF-8
    head: list[bytes | str | None] = []
    try:
        size = 0
        for line in lines:
            head.append(line)
            size += MAX_ARTICLE_BYTES + 1 if line is None else len(line)
            if size > MAX_ARTICLE_BYTES:
                break
        else:
            yield from _stdin_whole(head)
            return
        first = next((line for line in head if line is None or line.strip()), None)
        if first is None or first.lstrip()[:1] not in ("{", b"{"):
            yield InputError("-", "article larger than 5 MB")
            return
        yield from _jsonl_items(itertools.chain(head, lines), "-")
    except (OSError, ValueError) as err:
        yield InputError("-", f"could not read standard input ({err})")


def _stdin_whole(lines: list[bytes | str | None]) -> Iterator[Article | InputError]:
    """Standard input that fits in one article: JSON lines, or one text."""
    data = lines[0][:0].join(lines) if lines else ""  # type: ignore[union-attr]
    try:
        text = data if isinstance(data, str) else _decode(data, "-")
    except InputError as err:
        yield err
        return
    if not text.strip():
        yield InputError("-", "empty file")
        return
    numbered = [(no, line) for no, line in enumerate(text.split("\n"), 1) if line.strip()]
    objects = [(no, _json_line(line, f"-:{no}")) for no, line in numbered if line.lstrip().startswith("{")]
    if len(objects) == len(numbered) and all(isinstance(obj, dict) for _, obj in objects):
        for no, obj in objects:
            yield _json_article(obj, f"-:{no}")
    else:
        yield parse_text(text, "-")


def input_files(name: str) -> Iterator[str | InputError]:
    """The files of one input (a file, folder or glob; not `-`) in reading order, and why others cannot be read."""
    if os.path.lexists(name):
        yield from _files(name, True, set())
    elif glob.has_magic(name) and (matches := sorted(glob.glob(name, recursive=True))):
        seen: set[str] = set()
        for match in matches:
            yield from _files(match, True, seen)
    else:
        yield InputError(name, "no such file")


def _read_input(name: str, stdin: TextIO | None) -> Iterator[Article | InputError]:
    if name == "-":
        yield from _read_stdin(stdin)
        return
    for item in input_files(name):
        if isinstance(item, InputError):
            yield item
        else:
            yield from _read_file(item)


def read_articles(inputs: Iterable[str], *, published: str | None = None, source: str | None = None,
                  stdin: TextIO | None = None) -> Iterator[Article | InputError]:
    """Articles of files, folders, globs and `-`; an InputError is yielded, not raised, for each bad input."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    for name in inputs:
        for item in _read_input(os.fspath(name), stdin):
            yield finish(item, published, source)


def finish(item: Article | InputError, published: str | None = None,
           source: str | None = None) -> Article | InputError:
    """An item as `read_articles` yields it: an article made encodable, with the given date and outlet."""
    if isinstance(item, Article):
        item = _encodable(item)
        if published or source:
            item = replace(item, published=published or item.published, source=source or item.source,
                           published_precision=1 if published else item.published_precision)
    return item


def _encodable(article: Article) -> Article:
    """The article without lone surrogates, which no database or parser can encode."""
    # A file name's undecodable bytes become `\\xNN` in the id; a JSON `\\ud800` escape in a text field
    # becomes U+FFFD, one character for one, so every offset still holds.
    fields = {"text": article.text, "title": article.title, "url": article.url, "source": article.source,
              "language": article.language, "published": article.published, "dateline": article.dateline}
    bad = {key: _SURROGATE.sub("\ufffd", value) for key, value in fields.items()
           if isinstance(value, str) and _SURROGATE.search(value)}
    if _SURROGATE.search(article.id):
        bad["id"] = one_line(article.id)
    return replace(article, **bad) if bad else article
