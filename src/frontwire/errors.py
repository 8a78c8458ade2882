"""Exceptions that stages raise; the runner turns them into one line per input."""


class FrontwireError(Exception):
    """Base class of frontwire's own errors."""


class InputError(FrontwireError):
    """An input (file, line, record) could not be read; `name` says which, the message why."""

    def __init__(self, name: str, reason: str):
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
