"""frontwire: news reports of armed conflict in, ACLED-style event records out."""

__version__ = "0.1.0"
