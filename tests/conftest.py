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


# ---------------------------------------------------------------- stores, the web app, files to read
# Builders and the stored data sets live in tests/factories.py.


@pytest.fixture
def store():
    """A fresh in-memory store."""
    from frontwire.store import open_store

    with open_store("sqlite:///:memory:") as opened:
        yield opened


@pytest.fixture
def file_store(db_url: str):
    """A fresh store in a file under tmp_path."""
    from frontwire.store import open_store

    with open_store(db_url) as opened:
        yield opened


@pytest.fixture
def filled(store):
    """The in-memory store holding factories.FILTER_EVENTS."""
    from factories import FILTER_ARTICLE, FILTER_EVENTS

    store.write_batch([FILTER_ARTICLE], [], FILTER_EVENTS)
    return store


@pytest.fixture
def api_db_url(tmp_path: Path) -> str:
    """URL of a temporary SQLite store holding factories.API_EVENTS."""
    from frontwire.store import open_store

    from factories import API_EVENTS

    url = f"sqlite:///{tmp_path / 'api.db'}"
    with open_store(url) as opened:
        opened.write_batch([], [], API_EVENTS)
    return url


@pytest.fixture
def client(api_db_url: str):
    """A client of the web app over the API_EVENTS store, with the review token factories.TOKEN."""
    from fastapi.testclient import TestClient

    from frontwire.web import create_app

    from factories import TOKEN

    return TestClient(create_app(api_db_url, token=TOKEN), raise_server_exceptions=False)


@pytest.fixture
def write(tmp_path: Path):
    """Write files under tmp_path: write("a/b.txt", "text" or b"bytes") -> path as str."""
    def _write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)
    return _write
