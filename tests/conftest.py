"""Shared fixtures: the spaCy model, the sample corpus, a scratch database, the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline, loaded once for the session."""
    from frontwire.nlp import load

    return load()


@pytest.fixture(scope="session")
def samples() -> Path:
    """Folder of the bundled sample corpus."""
    from frontwire.samples import sample_dir

    return sample_dir()


@pytest.fixture(scope="session")
def sample_gold(samples) -> dict:
    """The project's own coding of the sample corpus."""
    return tomllib.loads((samples.parent / "samples_gold.toml").read_text("utf-8"))


@pytest.fixture(scope="session")
def article_gold() -> dict:
    """The project's own coding of the unseen test articles."""
    return tomllib.loads((ARTICLES / "GOLD.toml").read_text("utf-8"))


@pytest.fixture
def db_url(tmp_path) -> str:
    """A fresh SQLite database URL in a temporary folder."""
    return f"sqlite:///{tmp_path / 'frontwire.db'}"


class CLI:
    """Runs the installed `frontwire` command as a user would."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.exe = str(Path(sys.executable).with_name("frontwire"))

    def __call__(self, *args: str, stdin: str | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "FRONTWIRE_DB"}
        return subprocess.run([self.exe, *args], input=stdin, capture_output=True, text=True,
                              cwd=self.cwd, env=env, timeout=timeout)

    def jsonl(self, *args: str, **kwargs) -> tuple[list[dict], subprocess.CompletedProcess]:
        result = self(*args, **kwargs)
        return [json.loads(line) for line in result.stdout.splitlines() if line.strip()], result


@pytest.fixture
def cli(tmp_path) -> CLI:
    """The real command line, run in a temporary working directory."""
    return CLI(tmp_path)


EVENT_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
}


def check_event(event: dict, texts: dict[str, str]) -> None:
    """Assert that one event object follows the contract; `texts` maps article ids to their text."""
    from frontwire.lexicon import TAXONOMY
    from frontwire.models import EVENT_FIELDS

    assert list(event)[: len(EVENT_FIELDS)] == list(EVENT_FIELDS)
    assert isinstance(event["event_id"], str) and event["event_id"]
    if event["event_date"] is not None:
        import datetime as dt

        dt.date.fromisoformat(event["event_date"])
    assert event["time_precision"] in (1, 2, 3)
    assert event["event_type"] in EVENT_TYPES
    assert event["sub_event_type"] in TAXONOMY[event["event_type"]]
    for key in ("inter1", "inter2"):
        assert event[key] is None or 1 <= event[key] <= 8
    assert isinstance(event["civilian_targeting"], bool)
    if event["latitude"] is None:
        assert event["longitude"] is None and event["geonameid"] is None
    else:
        assert -90 <= event["latitude"] <= 90 and -180 <= event["longitude"] <= 180
        assert event["geo_precision"] in (1, 2, 3)
    assert 0 <= event["fatalities_low"] <= event["fatalities"] <= event["fatalities_high"]
    assert isinstance(event["notes"], str) and event["notes"]
    assert 0 <= event["confidence"] <= 1
    assert event["sources"]
    for source in event["sources"]:
        assert set(source) == {"article_id", "source", "url", "published", "sentence", "start", "end"}
        text = texts[source["article_id"]]
        assert text[source["start"]:source["end"]] == source["sentence"]


@pytest.fixture(scope="session")
def contract():
    """The contract checker for Event objects."""
    return check_event
