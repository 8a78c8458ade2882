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
def gazetteer():
    """The process-wide gazetteer (built once into the cache directory when missing)."""
    from frontwire.gazetteer import Gazetteer

    return Gazetteer.default()


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

    def __call__(self, *args: str, stdin: str | None = None, timeout: int = 600,
                 unprivileged: bool = False) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "FRONTWIRE_DB"}
        return subprocess.run([self.exe, *args], input=stdin, capture_output=True, text=True,
                              cwd=self.cwd, env=env, timeout=timeout,
                              preexec_fn=drop_file_override if unprivileged else None)

    def jsonl(self, *args: str, **kwargs) -> tuple[list[dict], subprocess.CompletedProcess]:
        result = self(*args, **kwargs)
        return [json.loads(line) for line in result.stdout.splitlines() if line.strip()], result


def drop_file_override() -> None:
    """In a child about to exec: as root, give up the capabilities that ignore file permissions."""
    # Tests (and CI) run as root, for whom `chmod 000` hides nothing; without CAP_DAC_OVERRIDE and
    # CAP_DAC_READ_SEARCH in the bounding set, the exec'd command meets permissions as any user would.
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


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


def start_serve(db_url: str, token: str | None = None) -> tuple[subprocess.Popen, str]:
    """The real `frontwire serve` on a free port of 127.0.0.1, answering: (process, base URL)."""
    import time
    import urllib.request

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("FRONTWIRE_DB", "FRONTWIRE_TOKEN")}
    env |= {"FRONTWIRE_TOKEN": token} if token else {}
    exe = str(Path(sys.executable).with_name("frontwire"))
    process = subprocess.Popen([exe, "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=1).close()
            return process, base
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"frontwire serve exited: {process.stderr.read().decode()}") from None
            time.sleep(0.05)
    stop_serve(process)
    raise RuntimeError("frontwire serve did not answer within 10 s")


def stop_serve(process: subprocess.Popen) -> None:
    """Stop a server that start_serve started."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    process.stderr.close()


@pytest.fixture
def serve():
    """Start the real `frontwire serve` on a free port: serve(db_url, token=None) -> base URL; stopped afterwards."""
    processes = []

    def _serve(db_url: str, token: str | None = None) -> str:
        process, base = start_serve(db_url, token)
        processes.append(process)
        return base

    yield _serve
    for process in processes:
        stop_serve(process)


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


# ---------------------------------------------------------------- feeds and pages on 127.0.0.1 (watch, issue 8)
class FeedServer:
    """Routes path -> (status, content type, body, delay s) served on 127.0.0.1; `hits` counts requests."""

    def __init__(self):
        import collections

        self.routes: dict[str, tuple[int, str, bytes, float]] = {}
        self.hits: collections.Counter[str] = collections.Counter()
        self.base = ""

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
            delay: float = 0.0) -> str:
        """Serve `body` at `path`; returns its URL."""
        self.routes[path] = (status, content_type, body.encode() if isinstance(body, str) else body, delay)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def feed_server():
    """A local http.server in a thread, serving what the test adds (404 otherwise)."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    server_state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            server_state.hits[self.path] += 1
            status, content_type, body, delay = server_state.routes.get(self.path, (404, "text/plain", b"", 0.0))
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (a timeout test)
                pass

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server_state
    httpd.shutdown()
    httpd.server_close()


def rss_document(items: list[tuple[str, str]], title: str = "Test feed") -> str:
    """An RSS 2.0 document of (title, link) items."""
    from xml.sax.saxutils import escape

    entries = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
                      f"<pubDate>Tue, 28 Jun 2017 10:00:00 GMT</pubDate></item>" for t, link in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.org/</link><description>d</description>{entries}</channel></rss>")


def news_page(title: str, paragraphs: list[str]) -> str:
    """A news page whose main text is the paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
            f"{body}</article><footer>Copyright</footer></body></html>")


@pytest.fixture(scope="module")
def dask_client():
    """A Dask client of a LocalCluster of two worker processes (each loads its own model)."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture
def private_pg_server():
    """A throw-away PostgreSQL cluster of our own (Debian's pg_createcluster), so a test may restart it without
    disturbing the shared server; yields (url, restart), and drops the cluster afterwards."""
    import secrets
    import shutil

    if not (shutil.which("pg_createcluster") and os.geteuid() == 0):
        pytest.fail("restart tests need Debian's postgresql-common tools and root (as scripts/test.sh runs in CI)",
                    pytrace=False)
    version = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()[0]
    name, port = f"fwtest{secrets.token_hex(3)}", _free_port()
    subprocess.run(["pg_createcluster", version, name, "-p", str(port), "--", "--auth=trust"], check=True,
                   capture_output=True)
    control = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
    try:
        subprocess.run([*control, "start"], check=True, capture_output=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", "CREATE DATABASE t"],
                       check=True, capture_output=True)
        yield (f"postgresql://postgres@127.0.0.1:{port}/t",
               lambda: subprocess.run([*control, "restart"], check=True, capture_output=True))
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], capture_output=True)


# ---------------------------------------------------------------- robustness batteries (issue 9); builders in batteries.py


@pytest.fixture
def bad_batch(tmp_path: Path, samples: Path):
    """A folder of good articles beside every kind of bad input, and what ingest must say and store."""
    from batteries import bad_battery

    folder = tmp_path / "batch"
    folder.mkdir()
    return bad_battery(folder, samples)


@pytest.fixture(scope="session")
def corpus_300(tmp_path_factory, samples: Path) -> Path:
    """A JSONL batch of 300 distinct articles with events, varied from the samples and test articles."""
    from batteries import base_articles, varied_corpus

    path = tmp_path_factory.mktemp("corpus") / "corpus-300.jsonl"
    rows = varied_corpus(base_articles(samples, ARTICLES), 300)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus_300_reference(tmp_path_factory, corpus_300: Path) -> dict:
    """Events (as dicts) and counts of one uninterrupted `frontwire ingest` of corpus_300 (SQLite)."""
    from frontwire.store import open_store

    path = tmp_path_factory.mktemp("reference") / "reference.db"
    result = CLI(path.parent)("ingest", str(corpus_300), "--db", f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    with open_store(f"sqlite:///{path}") as store:
        return {"events": [e.to_dict() for e in store.all_events()], "stats": store.stats()}


@pytest.fixture(scope="session")
def corpus_70(corpus_300: Path, tmp_path_factory) -> tuple[Path, str]:
    """The first 70 articles of corpus_300 (three ingest batches), and a database one clean ingest filled."""
    folder = tmp_path_factory.mktemp("corpus-70")
    path = folder / "corpus-70.jsonl"
    path.write_text("".join(corpus_300.read_text("utf-8").splitlines(keepends=True)[:70]), encoding="utf-8")
    url = f"sqlite:///{folder / 'clean.db'}"
    result = CLI(folder)("ingest", str(path), "--db", url)
    assert result.returncode == 0, result.stderr
    return path, url


@pytest.fixture(scope="module", params=["token", "read-only"])
def api_server(request, sample_db: Path, tmp_path_factory):
    """`frontwire serve` over a copy of the sample database, with a review token or read-only: (base, headers)."""
    import shutil

    from factories import TOKEN

    copy = tmp_path_factory.mktemp("api-server") / "samples.db"
    shutil.copy(sample_db, copy)
    token = TOKEN if request.param == "token" else None
    process, base = start_serve(f"sqlite:///{copy}", token)
    # The read-only server gets a token all the same: its writes must answer 403, never change data.
    yield base, {"Authorization": f"Bearer {TOKEN}"}
    stop_serve(process)


@pytest.fixture(scope="module")
def api_schema(api_server):
    """The served OpenAPI document, loaded by schemathesis."""
    import schemathesis

    return schemathesis.openapi.from_url(api_server[0] + "/api/openapi.json")


@pytest.fixture(scope="session")
def analyzed_corpus(corpus_300: Path, nlp) -> list:
    """The first round of corpus_300 (every sample and test article once), analyzed: [(Article, mentions)]."""
    from frontwire.ingest import read_articles
    from frontwire.scale import analyze_batch

    articles = [a for a in read_articles([str(corpus_300)]) if a.id.endswith("-v0")]
    result = analyze_batch(articles, None)
    assert not result.report.failures
    return result.analyzed


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
