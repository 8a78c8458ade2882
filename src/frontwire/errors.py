"""Exceptions that stages raise; the runner turns them into one line per input."""

from __future__ import annotations

import re

# Characters that would break "one line per bad input" or a terminal: controls, line separators, and the
# surrogates that stand for a file name's undecodable bytes (no encoder takes them).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the raw byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with control characters, line breaks and undecodable bytes escaped, so it prints as one line."""
    return _UNPRINTABLE.sub(_escape, text)


class FrontwireError(Exception):
    """Base class of frontwire's own errors."""


class InputError(FrontwireError):
    """An input (file, line, record) could not be read; `name` says which, the message why."""

    def __init__(self, name: str, reason: str):
        # Both printable on one line: a file name may hold a newline, escape codes or undecodable bytes.
        name, reason = one_line(str(name)), one_line(str(reason))
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class SkipArticle(FrontwireError):
    """A stage decided that an article cannot be processed; the runner counts the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotConfigured(FrontwireError):
    """A model, gazetteer or database is missing: raised once at start-up with one clear message."""


class StoreInterrupted(FrontwireError):
    """The database connection broke while a merge held its lock: read, merge and write that batch again."""
