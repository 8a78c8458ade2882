"""The relevance prefilter measured: recall on conflict text, and what share of other news it sends on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models import Article
from ..prefilter import evidence, relevant

# CASE 2021 task 2 labels that are not ACLED events; the other 25 are.
NOT_CONFLICT = {"MAN_MADE_DISASTER", "NATURAL_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB"}


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _case(path: Path) -> dict[str, Any]:
    """On the snippets: the word test alone (as if each were an article) and the prefilter as it runs."""
    from .case2021 import _rows

    rows = _rows(str(path))
    conflict = [s for _, s, label in rows if label not in NOT_CONFLICT]
    other = [s for _, s, label in rows if label in NOT_CONFLICT]
    return {"snippets": len(rows),
            "word_test_recall": _share([evidence(s, short_pass=False) is not None for s in conflict]),
            "word_test_pass_other": _share([evidence(s, short_pass=False) is not None for s in other]),
            # With the trigger check: a snippet without any event trigger could not yield an event anyway.
            "parsed_conflict": _share([relevant(Article(id="s", text=s)) for s in conflict]),
            "parsed_other": _share([relevant(Article(id="s", text=s)) for s in other])}


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Figures over the eval folder `path` (../shared/eval) and the bundled sample corpus."""
    from ..bench import general_sources
    from ..pipeline import Report, articles_of
    from ..samples import sample_dir

    figures: dict[str, Any] = {}
    folder = Path(path)
    if (folder / "case2021-task2").exists():
        figures["case2021"] = _case(folder / "case2021-task2")
    for name, texts in general_sources(folder).items():
        flags = [relevant(Article(id=name, text=t)) for t in texts[:limit]]
        figures[f"general_{name}"] = {"texts": len(flags), "passed": _share(flags)}
    samples = list(articles_of([str(sample_dir())], Report()))
    conflict = [relevant(a) for a in samples if "nonconflict" not in a.id]
    figures["samples"] = {"conflict_recall": _share(conflict),
                          "nonconflict_passed": _share([relevant(a) for a in samples if "nonconflict" in a.id])}
    return figures
