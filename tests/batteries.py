"""Builders of the robustness batteries: a folder of hostile inputs beside good ones, and a large varied corpus."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

HUGE_BYTES = 20 * 1024 * 1024
DEPTH = 100_000
# Written for these tests in wire style; the other good articles are copies of the bundled samples.
KABUL = ("Car bomb kills five near Kabul market\n\nKABUL (Reuters) - A car bomb exploded near a crowded market in "
         "the Afghan capital on Wednesday, killing at least five people and wounding 12, a police spokesman said.\n")
LATIN1 = ("Rebels attack police station in Cúcuta\n\nBOGOTÁ (Reuters) - Rebels attacked a police station in Cúcuta "
          "on Monday, killing three officers, police said.\n")
MIXED_UTF8 = "Blast near Mosul café\n\nMOSUL, Iraq (AP) — A car bomb exploded near a café on Monday, "
MIXED_LATIN1 = "killing five people in Qayyarah, the governor said. Señor Ali was among the wounded.\n"
NUMBERS = ("Strike on Kandahar\n\nKANDAHAR, Afghanistan (AP) — An airstrike killed 123456789012345678901234567890 "
           "people and 1e100 fighters on Monday, while shelling killed " + "7" * 5000 + " more, officials said.\n")
FOREIGN = {
    "arabic.txt": "قتل خمسة أشخاص في انفجار سيارة مفخخة في بغداد يوم الاثنين، حسبما قالت الشرطة.\n",
    "russian.txt": "Пять человек погибли в результате ракетного удара по Харькову в понедельник, сообщили власти.\n",
    "chinese.txt": "周一，喀布尔一枚汽车炸弹在市场附近爆炸，造成五人死亡，十二人受伤。\n",
}
ARTICLE_PARAGRAPH = ("<p>MOSUL, Iraq (AP) &mdash; Gunmen stormed a police post on the western edge of the city on "
                     "Wednesday, killing three officers and wounding four others, a police colonel said.</p>")


@dataclass
class Battery:
    """A folder of inputs; what `ingest` must report about each bad one and which articles it must store."""

    folder: Path
    errors: dict[str, str] = field(default_factory=dict)  # name as printed -> start of the reason
    stored: list[str] = field(default_factory=list)  # article ids that must be stored
    no_events: list[str] = field(default_factory=list)  # stored article ids that must yield no event

    def bad(self, name: str, reason: str) -> None:
        """Expect one error line for `name` (relative to the folder unless it holds a colon line number)."""
        self.errors[str(self.folder / name)] = reason

    def good(self, name: str, *, events: bool = True) -> None:
        """Expect the article of the file `name` (or the JSONL id `name`) to be stored."""
        ident = name if name.startswith("id:") else str(self.folder / name)
        ident = ident.removeprefix("id:")
        self.stored.append(ident)
        if not events:
            self.no_events.append(ident)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def warc(pages: list[tuple[str, str]], gz: bool) -> bytes:
    """An archive of HTML responses (url, body), and a request and an image response warcio writes too."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warc_record("http://news.example/", "request",
                                                  payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://news.example/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                                                  http_headers=image))
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def _page(place: str, day: int) -> str:
    return (f"<html><head><title>Shelling near {place}</title></head><body><article><h1>Shelling near {place}</h1>"
            f"<p>{place.upper()}, Iraq (Reuters) - Islamic State fighters shelled army positions outside {place} on "
            f"Tuesday, killing {day} soldiers, local officials said.</p>"
            "<p>Residents said the shelling had forced hundreds of families to flee.</p></article></body></html>")


def _jsonl_battery(battery: Battery) -> None:
    """One JSONL file whose good lines must count while each bad line is reported with its number."""
    name = "batch.jsonl"
    lines: list[bytes] = []

    def line(raw: str | bytes, reason: str | None = None, ident: str | None = None) -> None:
        lines.append(raw.encode() if isinstance(raw, str) else raw)
        if reason:
            battery.errors[f"{battery.folder / name}:{len(lines)}"] = reason
        if ident:
            battery.good("id:" + ident)

    line(json.dumps({"id": "kabul-jsonl", "text": KABUL.replace("five", "six"), "published": "2017-06-28"}),
         ident="kabul-jsonl")
    line("{not json", "invalid JSON")
    line(json.dumps(["a", "list"]), "not a JSON object")
    line(json.dumps({"title": "no text"}), 'missing "text"')
    line(json.dumps({"text": "  "}), '"text" is empty')
    line(json.dumps({"text": 42}), '"text" is not a string')
    line('{"text": "x", "n": ' + "9" * 5000 + "}", "invalid JSON")
    line("[" * DEPTH + "]" * DEPTH, "invalid JSON: nested too deeply")
    line(b'{"text": "caf\xe9 bomb"}', "not UTF-8 text")
    line(json.dumps({"text": "x" * (6 * 1024 * 1024)}), "article larger than 5 MB")
    # Lone surrogates, huge and odd numbers in every field: stored, never a crash.
    line('{"id": "surrogate\\ud800", "text": "KABUL (Reuters) - A car bomb \\udcff exploded on Monday, killing '
         'four people."}', ident="surrogate\\ud800")
    line('{"id": "nul-in-json", "text": "KABUL (Reuters) - A bomb\\u0000 exploded on Tuesday, killing two people."}',
         ident="nul-in-json")
    line('{"id": 1e100, "text": "An airstrike killed 1e400 militants in Kandahar on Monday.", '
         '"published": 123456789012345678901234567890, "title": NaN}', ident="1e+100")
    line('{"id": 123456789012345678901234567890, "text": "A car bomb killed 999999999999999999999999999999 '
         'people in Kabul on 99999999-01-01.", "published": "99999-99-99"}', ident="123456789012345678901234567890")
    _write(battery.folder / name, b"\n".join(lines) + b"\n")


def bad_battery(folder: Path, samples: Path) -> Battery:
    """Good articles and every kind of bad input the issue lists, side by side in one folder."""
    battery = Battery(folder)
    rng = random.Random(9)
    for sample in ("iraq-bartella-offensive.txt", "syria-haas-school-airstrike.txt",
                   "iraq-baghdad-karrada-bombing-reuters.html"):
        shutil.copy(samples / sample, folder / sample)
        battery.good(sample)
    _write(folder / "latin1.txt", LATIN1.encode("latin-1"))
    _write(folder / "mixed.txt", MIXED_UTF8.encode() + MIXED_LATIN1.encode("latin-1"))
    _write(folder / "numbers.txt", NUMBERS)
    for name, text in FOREIGN.items():
        _write(folder / name, text)
        battery.good(name, events=False)
    _write(folder / "deep-article.html", "<html><body><article>" + ARTICLE_PARAGRAPH * 3 + "</article>"
           + "<div>" * DEPTH + "x" + "</div>" * DEPTH + "</body></html>")
    for name in ("latin1.txt", "mixed.txt", "numbers.txt", "deep-article.html"):
        battery.good(name)
    _write(folder / os.fsdecode(b"undecodable-\xff-name.txt"), KABUL)
    battery.stored.append(str(folder / "undecodable-\\xff-name.txt"))

    _write(folder / "empty.txt", b"")
    _write(folder / "blank.txt", " \n\t\n")
    _write(folder / "empty.jsonl", b"")
    _write(folder / "random.txt", rng.randbytes(5000))
    _write(folder / "random.html", rng.randbytes(5000))
    _write(folder / "nul.txt", KABUL.replace("car bomb", "car\x00bomb"))
    _write(folder / "huge.txt", b"x" * HUGE_BYTES)  # one line, 20 MB
    _write(folder / "deep.html", "<html><body>" + "<div>" * DEPTH + "Text" + "</div>" * DEPTH + "</body></html>")
    _write(folder / "notes.csv", "a,b\n1,2\n")
    _write(folder / "new\nline.txt", b"")
    _write(folder / "escape\x1b[31m.txt", b"")
    for name, reason in [("empty.txt", "empty file"), ("blank.txt", "empty file"), ("empty.jsonl", "empty file"),
                         ("random.txt", "binary content, not text"), ("random.html", "binary content, not text"),
                         ("nul.txt", "binary content, not text"), ("huge.txt", "article larger than 5 MB"),
                         ("deep.html", "no article text found"), ("notes.csv", "unsupported file type"),
                         ("new\\x0aline.txt", "empty file"), ("escape\\x1b[31m.txt", "empty file")]:
        battery.bad(name, reason)
    _links_and_permissions(battery)
    _archives(battery, rng)
    _jsonl_battery(battery)
    return battery


def _links_and_permissions(battery: Battery) -> None:
    folder = battery.folder
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    battery.bad("dangling.txt", "broken symbolic link")
    _write(folder / "locked.txt", KABUL)
    os.chmod(folder / "locked.txt", 0)
    battery.bad("locked.txt", "permission denied")
    os.mkfifo(folder / "pipe.txt")
    battery.bad("pipe.txt", "not a regular file")


def _archives(battery: Battery, rng: random.Random) -> None:
    def pages(host: str, toll: int) -> list[tuple[str, str]]:
        return [(f"http://{host}.example/2017/06/{day}/{place.lower()}", _page(place, day + toll))
                for day, place in ((20, "Hawija"), (21, "Tikrit"), (22, "Baiji"))]

    _write(battery.folder / "crawl.warc.gz", warc(pages("news", 0), gz=True))
    for url, _ in pages("news", 0):
        battery.good("id:" + url)
    cut = warc(pages("wire", 10), gz=True)
    _write(battery.folder / "cut.warc.gz", cut[: len(cut) - 200])  # gzip stream ends mid-record
    battery.good("id:http://wire.example/2017/06/20/hawija")
    battery.good("id:http://wire.example/2017/06/21/tikrit")
    battery.bad("cut.warc.gz", "corrupt or truncated archive")
    plain = warc(pages("desk", 20), gz=False)
    _write(battery.folder / "cut.warc", plain[: len(plain) - 300])
    battery.good("id:http://desk.example/2017/06/20/hawija")
    battery.good("id:http://desk.example/2017/06/21/tikrit")
    battery.bad("cut.warc", "corrupt or truncated archive")
    _write(battery.folder / "garbage.warc.gz", b"\x1f\x8b\x08\x00" + rng.randbytes(3000))
    battery.bad("garbage.warc.gz", "corrupt or truncated archive")
    _write(battery.folder / "notgzip.warc.gz", gzip.compress(b"plain words, not an archive\n" * 20))
    battery.bad("notgzip.warc.gz", "corrupt or truncated archive")


# ---------------------------------------------------------------- a large corpus with events

_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FIGURE = re.compile(r"(?<![\d,.-])([1-9]\d{0,2})(?![\d,])")


def _shift(text: str, days: int) -> str:
    return _DAY.sub(lambda m: (dt.date(*map(int, m.groups())) + dt.timedelta(days=days)).isoformat(), text)


def base_articles(*folders: Path) -> list[tuple[str, str, str | None]]:
    """(id, text, published) of every .txt and .jsonl article in these folders, in name order."""
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            found.append((path.stem, path.read_text("utf-8"), None))
        for path in sorted(folder.glob("*.jsonl")):
            for line in path.read_text("utf-8").splitlines():
                obj = json.loads(line)
                found.append((obj["id"], obj["text"], obj.get("published")))
    return found


def varied_corpus(bases: list[tuple[str, str, str | None]], count: int) -> list[dict]:
    """`count` distinct JSONL articles: round k moves every date by 45k days and adds k to every figure."""
    out: list[dict] = []
    texts: set[str] = set()
    round_ = 0
    while len(out) < count:
        for ident, text, published in bases[: count - len(out)]:
            if round_:
                text = _FIGURE.sub(lambda m: str(int(m.group(1)) + round_), _shift(text, 45 * round_))
                published = _shift(published, 45 * round_) if published else None
            if text in texts:  # nothing to vary in it: keep it distinct all the same
                text += f"\n\nReference {ident}-{round_}.\n"
            texts.add(text)
            out.append({"id": f"{ident}-v{round_}", "text": text, "published": published})
        round_ += 1
    return out
