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


# Every store test runs on each backend; the PostgreSQL cases carry the `postgres` marker.
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_backend(request) -> str:
    """The backend a store test runs on."""
    return request.param


@pytest.fixture
def new_store_url(request, store_backend: str):
    """Factory of URLs of fresh, empty stores: in-memory SQLite, or a new PostgreSQL schema."""
    if store_backend == "sqlite":
        return lambda: "sqlite:///:memory:"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def store(new_store_url):
    """A fresh store: in memory for SQLite, a new schema for PostgreSQL."""
    from frontwire.store import open_store

    with open_store(new_store_url()) as opened:
        yield opened


@pytest.fixture
def file_store(request, store_backend: str, db_url: str):
    """A fresh store in a file under tmp_path (SQLite), or in a new schema (PostgreSQL)."""
    from frontwire.store import open_store

    url = db_url if store_backend == "sqlite" else request.getfixturevalue("pg_schema_url")()
    with open_store(url) as opened:
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


# ---------------------------------------------------------------- PostgreSQL (tests marked `postgres`)
# One throw-away database per session, one schema per store; an unreachable server fails these tests.
PG_ADMIN_URL = os.environ.get("FRONTWIRE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database():
    """URL of a fresh database `frontwire_test_<random>` (with PostGIS when the server has it), dropped after."""
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"frontwire_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL tests need a server at {PG_ADMIN_URL} (set FRONTWIRE_TEST_PG, or run "
                    f"scripts/system-deps.sh as root to install and start it): {error}", pytrace=False)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit(urlsplit(PG_ADMIN_URL)._replace(path=f"/{name}", query=""))
        with psycopg.connect(url, autocommit=True) as conn:
            try:  # in `public`, once: every schema's search_path ends with it
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except psycopg.Error:
                pass  # no PostGIS on this server: the store falls back to plain lat/lon columns
        try:
            yield url
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_schema_url(pg_database: str):
    """Factory of URLs of fresh schemas in the session's database (search_path: the schema, then public)."""
    import secrets

    import psycopg

    def _new() -> str:
        schema = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(pg_database, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return f"{pg_database}?options=-csearch_path%3D{schema},public"
    return _new


# ---------------------------------------------------------------- web page: a served app and a browser (issue 7)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--headless"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, samples) -> Path:
    """A SQLite file holding the bundled sample corpus, ingested once by the real CLI."""
    path = tmp_path_factory.mktemp("sample-db") / "samples.db"
    result = CLI(path.parent)("ingest", str(samples), "--db", f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve():
    """Start the real `frontwire serve` on a free port: serve(db_url, token=None) -> base URL; stopped afterwards."""
    import time
    import urllib.request

    processes = []

    def _serve(db_url: str, token: str | None = None) -> str:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("FRONTWIRE_DB", "FRONTWIRE_TOKEN")}
        env |= {"FRONTWIRE_TOKEN": token} if token else {}
        exe = str(Path(sys.executable).with_name("frontwire"))
        process = subprocess.Popen([exe, "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=1).close()
                return base
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"frontwire serve exited: {process.stderr.read().decode()}") from None
                time.sleep(0.05)
        raise RuntimeError("frontwire serve did not answer within 10 s")

    yield _serve
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stderr.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if os.environ.get("CI"):  # CI installs both (scripts/system-deps.sh, the test extra): never skip there
        assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing in CI"
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/system-deps.sh)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser page; the page's errors are collected in page.errors."""
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the page's CSP forbids;
    # the escaping tests are then stricter, since no CSP backs them up. test_web checks the page under its CSP.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    yield opened
    context.close()


# ---------------------------------------------------------------- event typing
# A toy example set for the classifier's mechanism tests; the shipped model never sees it.
TOY_EXAMPLES = {
    "Armed_clash.tsv": ("Armed clash", ["Troops clashed with rebels near the border town on Monday.",
                                        "Soldiers and insurgents exchanged fire for hours at a checkpoint.",
                                        "Fighters battled the army in the hills overnight."]),
    "Peaceful_protest.tsv": ("Peaceful protest", ["Hundreds of teachers marched peacefully to demand higher pay.",
                                                  "Students held a sit-in outside the ministry on Friday.",
                                                  "Residents rallied in the square against rising rents."]),
    "NONE.tsv": ("NONE", ["The central bank kept interest rates unchanged on Thursday.",
                          "The striker scored twice as the home side won the cup final.",
                          "A new bridge over the river opened to traffic this week."]),
}


@pytest.fixture
def toy_examples(tmp_path: Path) -> Path:
    """A folder of example files in the shipped format (`label<TAB>text`, header line), three labels."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for name, (label, texts) in TOY_EXAMPLES.items():
        lines = ["label\ttext", *(f"{label}\t{text}" for text in texts)]
        (folder / name).write_text("\n".join(lines) + "\n", "utf-8")
    return folder
