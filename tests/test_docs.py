"""The README tells the truth: its example is what `extract` prints, and every command is documented."""

from __future__ import annotations

import json
import re

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _example() -> tuple[str, dict]:
    """The README's example article and the event it shows."""
    block = re.search(r"\$ cat mosul\.txt\n(.*?)\$ \.venv/bin/frontwire extract mosul\.txt[^\n]*\n(.*?)\n```",
                      README, re.S)
    assert block, "the README's example is missing"
    return block.group(1), json.loads(block.group(2))


def test_docs_readme_example_is_what_extract_prints(cli, tmp_path):
    text, shown = _example()
    (tmp_path / "mosul.txt").write_text(text, encoding="utf-8")
    result = cli("extract", "mosul.txt")  # the cli fixture runs in tmp_path
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [shown]


def test_docs_readme_names_every_command():
    from frontwire.cli import main

    missing = [name for name in main.commands if f"frontwire {name}" not in README]
    assert not missing, f"README does not document: {missing}"
