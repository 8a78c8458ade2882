"""Text layout: dates, page furniture, headline, date and by lines, dateline and trailer of a report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from frontwire.models import Article

# ---------------------------------------------------------------- dates

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.I)
_MDY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)")


def _ymd(year: str, month: str | int, day: str) -> str | None:
    """A valid date in 1900..2100 as YYYY-MM-DD, else None (2017-02-30 is rejected)."""
    if isinstance(month, str) and not month.isdigit():
        month = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(
            month[:3].lower()) + 1
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date.isoformat() if 1900 <= date.year <= 2100 else None


def normalize_date(value: str | None) -> str | None:
    """YYYY-MM-DD of the first date in `value` (ISO, ISO datetime, `28 June 2017`, `June 28, 2017`), else None."""
    if not value:
        return None
    if match := _ISO.search(value):
        return _ymd(*match.groups())
    if match := _DMY.search(value):
        return _ymd(match[3], match[2], match[1])
    if match := _MDY.search(value):
        return _ymd(match[3], match[1], match[2])
    return None


# Sources of one report that disagree by at most this many days agree: a wire dated the evening before in
# another time zone, metadata in UTC. Up to a week apart the earliest is the publication (later dates are updates,
# crawls and republications) and only its week is sure; further apart nothing tells which is right.
_AGREE_DAYS, _SAME_WEEK_DAYS = 1, 7


def publication_date(candidates: list[str | None]) -> tuple[str | None, int]:
    """(publication day, precision) from the dates a report carries, most authoritative first.

    Within a day of each other, the first wins (precision 1); up to a week apart, the earliest, with only the
    week known (precision 2); further apart, no date: the events get the precision their text supports.
    """
    days = [dt.date.fromisoformat(c) for c in candidates if c]
    if not days:
        return None, 1
    spread = (max(days) - min(days)).days
    if spread <= _AGREE_DAYS:
        return days[0].isoformat(), 1
    if spread <= _SAME_WEEK_DAYS:
        return min(days).isoformat(), 2
    return None, 1


def _url_date(url: str | None) -> str | None:
    """The date in a URL path (`/2017/06/28/`), else None."""
    match = _URL_DATE.search(url or "")
    return _ymd(*match.groups()) if match else None

# ---------------------------------------------------------------- text layout: furniture, headline, dateline, trailer

_NONSPACE = re.compile(r"\S")
_SCRAPED = re.compile(r"\s*date\s+(\d{4}-\d{2}-\d{2})\b")  # ` date 2017-06-28 Related Coverage ...`
_META = re.compile(r"\s*(title|headline|url|link|source|published|updated|posted|date)\s*:\s*(.*?)\s*$", re.I)
_BARE_URL = re.compile(r"\s*(https?://\S+)\s*$")
_CHROME = re.compile(r"\s*(?:related coverage|advertisement|skip to (?:main )?content|share(?: this(?: article| story)?)?"
                     r"|menu|home|toggle navigation|read more|print|email)\s*$", re.I)
_DATE_LINE = re.compile(
    rf"\s*(?:(?P<label>published|updated|posted|last updated)\s*:?\s*)?(?:on\s+)?(?:[a-z]+day,?\s+)?"
    rf"(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}}|{_MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}})"
    r"[\s,|]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[a-z]{2,4}\)?)?)?\s*$", re.I)
_BYLINE = re.compile(r"\s*By\s+[A-Z][\w.'’\-]*(?:[ ,&]+[\w.'’\-]+){0,10}\s*$")

_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # Latin-1 letters too: BOGOTÁ, Medellín
_UP_WORD = rf"[{_UP}][{_UP}'’.\-]*"
_TC_WORD = rf"[{_UP}][{_LOW}'’\-]+"
_REGION = rf",\s*(?!{_MONTH}\b)[{_UP}][{_UP}{_LOW}'’.\-]*(?:\s+(?:(?:of|the|and)\s+)?[{_UP}][{_UP}{_LOW}'’.\-]*){{0,3}}"
_DATELINE = re.compile(
    rf"(?P<place>(?:(?P<up>{_UP_WORD}(?:[ /]{_UP_WORD}){{0,4}})|{_TC_WORD}(?:[ /]{_TC_WORD}){{0,2}})(?:{_REGION}){{0,2}})"
    rf"(?P<date>,?\s+(?:[A-Z][a-z]+day,?\s+)?(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}\.?)(?:,?\s+(?P<year>\d{{4}}))?)?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w&.'’/ \-]{0,38}[\w.])\))?"
    r"(?:\s*(?:[—–]+|-{1,2}|:)|(?<=\)))(?:\s+|$)")
_AGENCY_ONLY = re.compile(r"\((?P<agency>[A-Z][\w&.'’ ]{1,30})\)\s*(?:[—–]+|-{1,2})?\s")  # `(CNN) —`
# Capitalised words that open a text like a dateline but are labels, not places.
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "VIDEO", "PHOTOS", "ANALYSIS", "OPINION",
               "EDITORIAL", "FACTBOX", "CORRECTED", "REFILE", "NOTE", "LIVE", "EDITOR'S", "TIMELINE", "Q&A"}
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

_TRAILER_DASH = re.compile(r"\s*(?:[—–]+|-{1,2})\s*(?P<src>[A-Z][\w&.'’ \-]{1,40}?)\s*$")
_TRAILER_PAREN = re.compile(r"(?:^|(?<=[.!?\"”’]))\s*\((?P<src>[A-Z][\w&.'’ \-]{1,40})\)\s*$")
_TRAILER_REUTERS = re.compile(r"\s*\(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b", re.I)
_TRAILER_COPY = re.compile(r"\s*(?:[Cc]opyright|©|\([cC]\))\s*(?:©\s*)?(?:\d{4}\s*)?"
                           r"(?P<src>[A-Z][\w&.'’ ]{1,40}?)\.?(?:\s*All rights reserved\.?)?\s*$")


# When header lines disagree on the publication date, the line that says most explicitly that it is one wins: a
# "Published:" field, then a generic "Date:"/"Posted:" field, then page furniture (` date 2017-06-28 Related
# Coverage`, a bare date line under the headline), and an "Updated:" stamp last, since an update is not the
# publication. Between lines of the same rank the first wins. A date that does not exist never counts.
_DATE_RANK = {"published": 0, "date": 1, "posted": 1, "furniture": 2, "updated": 3, "last updated": 3}


@dataclass
class _Head:
    """What the lines above the body said."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    body_start: int = 0
    published_rank: int = len(_DATE_RANK)

    def offer_date(self, value: str | None, kind: str) -> None:
        """Keep `value` as the publication date when it is a real date and its line outranks the one kept."""
        rank = _DATE_RANK[kind]
        if value is not None and rank < self.published_rank:
            self.published, self.published_rank = value, rank


def _furniture(line: str, head: _Head) -> bool:
    """True when `line` is page furniture or metadata (noting what it says), not article text."""
    if match := _SCRAPED.match(line):
        head.offer_date(_ymd(*match[1].split("-")), "furniture")
        return True
    if match := _META.match(line):
        key, value = match[1].lower(), match[2]
        if key in ("title", "headline"):
            head.title = head.title or value or None
        elif key in ("url", "link"):
            head.url = head.url or value or None
        elif key == "source":
            if len(value.split()) > 6:  # "Source: ..." opening a headline, not a label
                return False
            head.source = head.source or value or None
        else:
            head.offer_date(normalize_date(value), key)
        return True
    if match := _BARE_URL.match(line):
        head.url = head.url or match[1]
        return True
    if match := _DATE_LINE.match(line):
        label = " ".join((match["label"] or "furniture").lower().split())
        head.offer_date(normalize_date(match["date"]), label)
        return True
    return bool(_CHROME.match(line) or _is_byline(line))


def _is_byline(line: str) -> bool:
    """`By Jane Doe and John Roe, Reuters`; a sentence that happens to open with "By" ends in a stop."""
    if len(line) > 100 or not _BYLINE.match(line):
        return False
    last = line.split()[-1]
    return not last.endswith((".", "!", "?")) or len(last) <= 3  # "Jr." or an initial


def _looks_like_headline(line: str, known_title: str | None) -> bool:
    """Shortish, no dateline, no final period: how a headline line looks."""
    text = line.strip()
    if known_title and text == known_title.strip():
        return True
    if not 2 <= len(text) <= 200 or len(text.split()) > 30 or not any(ch.isalpha() for ch in text):
        return False
    if _dateline(text, 0) is not None:
        return False
    return not text.rstrip("\"'”’)").endswith((".", ",", ";", ":"))


def _scan_head(text: str, known_title: str | None = None) -> _Head:
    """Read furniture, headline and date/byline lines at the top; the body starts after them."""
    head, pos, headline_seen = _Head(), 0, False
    for _ in range(12):  # furniture is a few lines; never walk into a long body
        match = _NONSPACE.search(text, pos)
        if match is None:
            head.body_start = len(text)
            return head
        start = match.start()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line, has_more = text[start:end], _NONSPACE.search(text, end) is not None
        if has_more and _furniture(line, head):
            pos = end
            continue
        if has_more and not headline_seen and _looks_like_headline(line, known_title or head.title):
            head.title = head.title or line.strip()
            headline_seen, pos = True, end
            continue
        head.body_start = start
        return head
    match = _NONSPACE.search(text, pos)
    head.body_start = match.start() if match else len(text)
    return head


@dataclass(frozen=True)
class _Dateline:
    place: str | None
    span: tuple[int, int] | None
    agency: str | None
    published: str | None


def _dateline(text: str, pos: int) -> _Dateline | None:
    """The dateline opening the body at `pos` (`MOSUL, Iraq (AP) —`, `KABUL (Reuters) -`, ...), if any."""
    match = _DATELINE.match(text, pos)
    if match is None:
        only = _AGENCY_ONLY.match(text, pos)
        return _Dateline(None, None, only["agency"].strip(), None) if only else None
    place, first = match["place"], re.split(r"[ /,]", match["place"])[0]
    if first in _NOT_PLACES or first.title() in _WEEKDAYS or sum(ch.isalpha() for ch in first) < 2:
        return None
    # A title-case opening ("Kabul ...") is a dateline only with the agency or the date that wires print.
    if match["up"] is None and not (match["agency"] or match["date"]):
        return None
    published = None
    if match["year"]:
        published = normalize_date(match["date"])
    agency = match["agency"].strip() if match["agency"] else None
    return _Dateline(place, (match.start("place"), match.end("place")), agency, published)


def _trailer_source(text: str) -> str | None:
    """The source named by a trailer in the last lines: `— Reuters`, `(ABC News)`, `Reporting by ...`."""
    lines = [line for line in text[-3000:].splitlines() if line.strip()][-3:]
    for line in reversed(lines):
        if _TRAILER_REUTERS.match(line):
            return "Reuters"  # "Reporting by ...; Editing by ..." is Reuters' house style
        for pattern in (_TRAILER_DASH, _TRAILER_PAREN, _TRAILER_COPY):
            match = pattern.search(line) if pattern is _TRAILER_PAREN else pattern.match(line)
            if match and (outlet := _outlet(match["src"])):
                return outlet
    return None


def _outlet(name: str) -> str | None:
    """`name` when it reads like an outlet ("Reuters", "ABC News", "The Associated Press"), not a sentence."""
    words = name.strip().rstrip(".").split()
    small = ("of", "the", "and", "for", "de", "al")
    if 0 < len(words) <= 5 and all(word[0].isupper() or word in small for word in words):
        return " ".join(words)
    return None


def enrich(article: Article) -> Article:
    """Fill what the text itself tells (headline, dates, dateline, source); fields already set win."""
    text = article.text
    head = _scan_head(text, article.title)
    found = _dateline(text, head.body_start)
    url = article.url or head.url
    published, precision = publication_date(
        [article.published, head.published, found.published if found else None, _url_date(url)])
    source = article.source or head.source or (found.agency if found else None) or _trailer_source(text)
    return replace(article, title=article.title or head.title, url=url, published=published,
                   published_precision=precision, source=source,
                   body_start=head.body_start, dateline=found.place if found else None,
                   dateline_span=found.span if found else None)


def parse_text(text: str, article_id: str) -> Article:
    """Article of a plain-text report; `text` is kept verbatim and the layout is read from it."""
    return enrich(Article(id=article_id, text=text))


_DATELINE_TAIL = re.compile(r"[^\n]{0,60}?(?:\)\s*)?(?:—|–|--| - |:)")


def body_offset(article: Article) -> int:
    """Where the story's own sentences begin: after headline, page furniture and the dateline with its agency."""
    text = article.text
    cut = article.body_start if article.body_start < len(text.rstrip()) else 0
    if article.dateline_span:
        tail = _DATELINE_TAIL.match(text, article.dateline_span[1])
        cut = max(cut, tail.end() if tail else article.dateline_span[1])
    return cut
