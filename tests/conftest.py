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
