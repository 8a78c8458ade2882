"""ECB+ (topics of news about the same kind of happening): B-cubed scores of the story clustering.

Each topic folder holds reports of two different real happenings of one kind (`N_Mecb.xml` and
`N_Mecbplus.xml`); the gold story of a document is its sub-topic (topic N, ecb or ecbplus). All documents
are clustered at once, as `frontwire stories` would cluster them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any, Hashable

from frontwire.layout import parse_text
from frontwire.pipeline import Analysis, Report, analyze
from frontwire.stories import profiles, story_ids

_NAME = re.compile(r"^(\d+)_\d+(ecbplus|ecb)\.xml$")
# Tokens written against the previous word ("Lohan ,", "do n't") and ones the next word follows closely.
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve", "'ll",
                    "'d", "'m", "''", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}
_QUOTES = {"``": '"', "''": '"'}


def gold_label(name: str) -> tuple[str, str] | None:
    """(topic, "ecb" or "ecbplus") of a file name such as `1_10ecbplus.xml`; None for other files."""
    match = _NAME.match(name)
    return (match[1], match[2]) if match else None


def read_document(path: str | Path) -> str:
    """Plain text of a tokenized ECB+ document: tokens joined as written, one sentence a line."""
    root = ET.parse(path).getroot()
    lines: list[str] = []
    current, words = None, []
    for token in root.iter("token"):
        if token.get("sentence") != current and words:
            lines.append(_join(words))
            words = []
        current = token.get("sentence")
        words.append(token.text or "")
    if words:
        lines.append(_join(words))
    return "\n".join(lines) + "\n"


def _join(words: list[str]) -> str:
    """One sentence's tokens as text: no space before closing punctuation or after opening."""
    if words and words[0].lower().startswith("http"):
        return "".join(words)  # the page address some documents begin with, split into tokens
    out: list[str] = []
    glue = True
    for i, word in enumerate(words):
        if not glue and word not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(_QUOTES.get(word, word))
        glue = word in _NO_SPACE_AFTER or _inside_word(words[i - 1] if i else "", word,
                                                       words[i + 1] if i + 1 < len(words) else "")
    return "".join(out)


def _inside_word(before: str, word: str, after: str) -> bool:
    """Whether `word` is a separator the tokenizer cut out of one word: "5 . 9", "8 : 24", "10 , 000", "U . S"."""
    if word in ".:" and before.isdigit() and after[:1].isdigit():
        return True
    if word == "," and before.isdigit() and len(after) == 3 and after.isdigit():
        return True
    return word == "." and len(before) == 1 and before.isupper() and len(after) == 1 and after.isupper()


def b_cubed(predicted: dict[str, Hashable], gold: dict[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against gold (item -> class)."""
    pairs = Counter((predicted[i], gold[i]) for i in gold)
    sizes_p = Counter(predicted[i] for i in gold)
    sizes_g = Counter(gold.values())
    n = len(gold)
    precision = sum(c * c / sizes_p[p] for (p, _), c in pairs.items()) / n if n else 0.0
    recall = sum(c * c / sizes_g[g] for (_, g), c in pairs.items()) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _documents(path: str | Path, limit: int | None) -> list[tuple[str, tuple[str, str], str]]:
    """(file name, gold sub-topic, text) of every ECB+ document under `path`, in name order."""
    files = sorted((f for f in Path(path).rglob("*.xml") if gold_label(f.name)), key=lambda f: f.name)
    return [(f.name, gold_label(f.name), read_document(f)) for f in files[:limit]]


def evaluate(path: str, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """B-cubed scores of the story clustering over all ECB+ documents under `path`, with two baselines.

    `odd_topics` and `even_topics` cluster each half of the topics on its own: settings chosen on one half
    should hold on the other (the held-out topics are scored elsewhere).
    """
    docs = _documents(path, limit)
    gold = {name: label for name, label, _ in docs}
    articles = [parse_text(text, name) for name, _, text in docs]
    report = Report()
    analyses = list(analyze(articles, report, model))
    halves = {f"{half}_topics": _scores([a for a in analyses if int(gold[a.article.id][0]) % 2 == odd], gold)
              for half, odd in (("odd", 1), ("even", 0))}
    stories = story_ids(profiles(analyses))
    # An article that failed analysis is its own story, as `frontwire stories` would print it.
    predicted = {a.id: stories.get(a.hash, "failed-" + a.id) for a in articles}
    return {
        "documents": len(docs), "subtopics": len(set(gold.values())), "stories": len(set(predicted.values())),
        "failed": len(report.failures),
        **{"bcubed_" + k: v for k, v in b_cubed(predicted, gold).items()},
        **halves,
        "baseline_one_per_topic": b_cubed({n: gold[n][0] for n in gold}, gold),
        "baseline_one_per_document": b_cubed({n: n for n in gold}, gold),
    }


def _scores(analyses: list[Analysis], gold: dict[str, tuple[str, str]]) -> dict[str, float]:
    """B-cubed scores of clustering these analysed documents alone."""
    stories = story_ids(profiles(analyses))
    return b_cubed({a.article.id: stories[a.article.hash] for a in analyses},
                   {a.article.id: gold[a.article.id] for a in analyses})
