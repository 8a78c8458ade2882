"""Tests of the ingest stage: every input form and bad inputs that must not stop a batch (layout: test_layout.py)."""

from __future__ import annotations

import io
import json
import os

import pytest

from frontwire import ingest, layout
from frontwire.errors import InputError
from frontwire.ingest import parse_html, read_articles
from frontwire.models import Article

from factories import MOSUL_SCRAPED, page

# Articles written for these tests, in wire style.
KABUL_TXT = (
    "Car bomb kills five near Kabul market\n"
    "\n"
    "KABUL (Reuters) - A car bomb exploded near a crowded market in the Afghan capital on Wednesday, "
    "killing at least five people and wounding 12, a police spokesman said.\n"
    "\n"
    "No group immediately claimed responsibility for the blast.\n"
)
PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Gunmen storm police post in Mosul | Frontline Wire</title>
<meta property="og:title" content="Gunmen storm police post in Mosul">
<meta property="og:site_name" content="Frontline Wire">
<meta property="article:published_time" content="2017-06-28T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Gunmen storm police post in Mosul</h1>
<p>MOSUL, Iraq (AP) &mdash; Gunmen stormed a police post on the western edge of the city before dawn on
Wednesday, killing three officers and wounding four others, a police colonel said.</p>
<p>The attackers fled toward the desert after a two-hour gunfight, the colonel said, speaking on condition
of anonymity because he was not authorized to brief reporters.</p>
</article>
<footer>Copyright Frontline Wire. Terms of use. Privacy policy.</footer>
</body></html>
"""


def errors(items) -> dict[str, str]:
    return {item.name: item.reason for item in items if isinstance(item, InputError)}


def articles(items) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


# ---------------------------------------------------------------- HTML

def test_ingest_reexports_the_layout_names():
    assert (ingest.parse_text, ingest.normalize_date) == (layout.parse_text, layout.normalize_date)
    assert ingest.MAX_ARTICLE_BYTES == 5 * 1024 * 1024


def test_ingest_parse_html_main_text_and_metadata():
    article = parse_html(PAGE, "page.html")
    assert article.title == "Gunmen storm police post in Mosul"
    assert article.published == "2017-06-28"
    assert article.source == "Frontline Wire"
    assert "Gunmen stormed a police post" in article.text
    assert "Privacy policy" not in article.text
    assert article.dateline == "MOSUL, Iraq"
    assert article.text[slice(*article.dateline_span)] == "MOSUL, Iraq"
    assert article.text[article.body_start:].startswith("MOSUL, Iraq (AP)")


def test_ingest_parse_html_url_given_and_no_text():
    article = parse_html(page("HAWIJA, Iraq", 4), "id", url="https://news.example/2016/10/05/hawija")
    assert article.url == "https://news.example/2016/10/05/hawija"
    assert article.published == "2016-10-05"
    assert article.source == "Reuters" and article.dateline == "HAWIJA, Iraq"
    assert parse_html("<html><body><div></div></body></html>", "empty") is None


# ---------------------------------------------------------------- JSONL

def test_ingest_read_jsonl_bad_lines_do_not_stop_the_file(write):
    lines = [
        json.dumps({"id": "r1", "title": "Blast in Kabul", "text": "KABUL (Reuters) - A bomb exploded.",
                    "url": "https://n.example/k", "published": "2017-06-28T08:00:00Z", "language": "en"}),
        "{not json",
        json.dumps({"title": "no text here"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"text": "MOSUL, Iraq (AP) — Gunmen attacked.", "id": 7, "source": "Wire"}),
        json.dumps({"text": "Clashes continued.", "published": "2017-02-30"}),
        json.dumps({"text": "   "}),
    ]
    path = write("batch.jsonl", "\n".join(lines) + "\n")
    items = list(read_articles([path]))
    found = articles(items)
    assert [a.id for a in found] == ["r1", "7", f"{path}:7"]
    first = found[0]
    assert (first.title, first.published, first.source, first.dateline, first.language) == (
        "Blast in Kabul", "2017-06-28", "Reuters", "KABUL", "en")
    assert found[1].source == "Wire" and found[1].dateline == "MOSUL, Iraq"
    assert found[2].published is None
    assert errors(items) == {
        f"{path}:2": "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{path}:3": 'missing "text"', f"{path}:5": "not a JSON object", f"{path}:8": '"text" is empty'}


@pytest.mark.parametrize("content, reason", [(b"", "empty file"), (b"\n \n", "empty file"),
                                             (b'{"text": "a\x00"}\x00\x00', "binary content, not text")])
def test_ingest_read_jsonl_empty_or_binary(write, content, reason):
    path = write("x.jsonl", content)
    assert errors(read_articles([path])) == {path: reason}


def test_ingest_read_jsonl_oversized_line_is_skipped(write, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 64)
    path = write("big.jsonl", json.dumps({"text": "x" * 200}) + "\n" + json.dumps({"text": "Short."}) + "\n")
    items = list(read_articles([path]))
    assert errors(items) == {f"{path}:1": "article larger than 5 MB"}
    assert [a.text for a in articles(items)] == ["Short."]


# ---------------------------------------------------------------- folders, globs, bad files

def test_ingest_read_folder_sorted_with_bad_files_next_to_good(write, tmp_path):
    write("batch/b.txt", KABUL_TXT)
    write("batch/a.txt", MOSUL_SCRAPED)
    write("batch/sub/c.html", PAGE)
    write("batch/sub/d.jsonl", json.dumps({"id": "d1", "text": "KABUL (Reuters) - Blast."}) + "\n")
    write("batch/.hidden.txt", KABUL_TXT)
    write("batch/.git/config.txt", KABUL_TXT)
    write("batch/empty.txt", " \n\t\n")
    write("batch/binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    write("batch/latin1.txt", "Clashes near Medellín\n\nBOGOTÁ (Reuters) - Troops clashed.\n".encode("latin-1"))
    write("batch/undecodable.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 20)
    write("batch/notes.csv", "a,b\n1,2\n")
    os.symlink(tmp_path / "batch" / "missing.txt", tmp_path / "batch" / "dangling.txt")
    folder = str(tmp_path / "batch")
    items = list(read_articles([folder]))
    j = os.path.join
    assert [a.id for a in articles(items)] == [j(folder, "a.txt"), j(folder, "b.txt"), j(folder, "latin1.txt"),
                                               j(folder, "sub", "c.html"), "d1"]
    latin = articles(items)[2]
    assert "Medellín" in latin.text and latin.dateline == "BOGOTÁ"
    assert errors(items) == {
        j(folder, "binary.txt"): "binary content, not text",
        j(folder, "dangling.txt"): "broken symbolic link",
        j(folder, "empty.txt"): "empty file",
        j(folder, "notes.csv"): "unsupported file type",
        j(folder, "undecodable.txt"): "not UTF-8 text",
    }


def test_ingest_read_folder_special_file_is_reported(tmp_path, write):
    write("fifo/a.txt", KABUL_TXT)
    os.mkfifo(tmp_path / "fifo" / "pipe.txt")
    items = list(read_articles([str(tmp_path / "fifo")]))
    assert len(articles(items)) == 1
    assert errors(items) == {str(tmp_path / "fifo" / "pipe.txt"): "not a regular file"}


def test_ingest_read_folder_symlink_loop_ends(tmp_path, write):
    write("loop/a.txt", KABUL_TXT)
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "again")
    assert len(articles(read_articles([str(tmp_path / "loop")]))) == 1


def test_ingest_read_glob_and_missing_paths(write, tmp_path):
    write("g/one.txt", KABUL_TXT)
    write("g/two.txt", MOSUL_SCRAPED)
    write("g/three.html", PAGE)
    pattern = str(tmp_path / "g" / "*.txt")
    missing = str(tmp_path / "nothing-*.txt")
    absent = str(tmp_path / "absent.txt")
    items = list(read_articles([pattern, missing, absent]))
    assert [a.id for a in articles(items)] == [str(tmp_path / "g" / "one.txt"), str(tmp_path / "g" / "two.txt")]
    assert errors(items) == {missing: "no such file", absent: "no such file"}


def test_ingest_read_recursive_glob_reads_each_file_once(write, tmp_path):
    write("r/a.txt", KABUL_TXT)
    write("r/sub/b.txt", MOSUL_SCRAPED)
    found = articles(read_articles([str(tmp_path / "r" / "**")]))
    assert sorted(a.id for a in found) == [str(tmp_path / "r" / "a.txt"), str(tmp_path / "r" / "sub" / "b.txt")]


def test_ingest_read_explicit_file_unknown_extension_is_text(write):
    path = write("report.md", KABUL_TXT)
    [article] = read_articles([path])
    assert article.id == path and article.dateline == "KABUL" and article.text == KABUL_TXT


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"\xef\xbb\xbf  \n", "empty file"),
    (b"abc\x00def", "binary content, not text"),
    (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 4, "not UTF-8 text"),
    (bytes(range(0xC0, 0x100)) * 4, "not UTF-8 text"),
])
def test_ingest_read_bad_text_files(write, content, reason):
    path = write("bad.txt", content)
    assert list(map(str, read_articles([path]))) == [f"{path}: {reason}"]


def test_ingest_read_encodings_bom_and_utf16(write):
    bom = write("bom.txt", b"\xef\xbb\xbfKABUL (Reuters) - A blast.\n")
    utf16 = write("u16.txt", "MOSUL, Iraq (AP) — Clashes.\n".encode("utf-16"))
    first, second = read_articles([bom, utf16])
    assert first.text == "KABUL (Reuters) - A blast.\n" and first.dateline_span == (0, 5)
    assert second.dateline == "MOSUL, Iraq"


def test_ingest_read_html_without_text_and_oversized_file(write, monkeypatch):
    blank = write("blank.html", "<html><body><div></div></body></html>")
    big = write("big.txt", "word " * 40)
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 100)
    assert errors(read_articles([blank, big])) == {blank: "no article text found", big: "article larger than 5 MB"}


def test_ingest_read_permission_denied(write, monkeypatch):
    path = write("locked.txt", KABUL_TXT)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(ingest, "open", refuse, raising=False)  # tests may run as root, where chmod is ignored
    assert errors(read_articles([path])) == {path: "permission denied"}


# ---------------------------------------------------------------- standard input and overrides

def test_ingest_read_stdin_text_and_jsonl():
    [article] = read_articles(["-"], stdin=io.StringIO(KABUL_TXT))
    assert (article.id, article.text, article.dateline) == ("-", KABUL_TXT, "KABUL")
    lines = json.dumps({"id": "s1", "text": "KABUL (Reuters) - Blast."}) + "\n\n" + json.dumps({"text": "Calm."})
    found = list(read_articles(["-"], stdin=io.StringIO(lines)))
    assert [a.id for a in found] == ["s1", "-:3"]


def test_ingest_read_stdin_bytes_and_empty():
    stream = io.TextIOWrapper(io.BytesIO("BOGOTÁ (Reuters) - Troops clashed.".encode("latin-1")))
    [article] = read_articles(["-"], stdin=stream)
    assert article.dateline == "BOGOTÁ"
    assert errors(read_articles(["-"], stdin=io.StringIO("  \n"))) == {"-": "empty file"}


def test_ingest_read_stdin_mixed_lines_are_one_text():
    text = '{"text": "a"}\nKABUL (Reuters) - Not JSON.\n'
    [article] = read_articles(["-"], stdin=io.StringIO(text))
    assert article.id == "-" and article.text == text


def test_ingest_overrides_replace_found_values(write):
    path = write("k.txt", KABUL_TXT)
    [article] = read_articles([path], published="2017-07-01", source="Wire Desk")
    assert (article.published, article.source, article.dateline) == ("2017-07-01", "Wire Desk", "KABUL")
    [kept] = read_articles([path], published="2017-07-01")
    assert kept.source == "Reuters"


def test_ingest_read_articles_accepts_a_single_path_string(write):
    path = write("k.txt", KABUL_TXT)
    assert [a.id for a in read_articles(path)] == [path]


# ---------------------------------------------------------------- hostile input (issue 9; the CLI battery is test_badinput.py)

def test_ingest_read_mixed_utf8_and_cp1252_per_sequence(write):
    path = write("mixed.txt", "MOSUL, Iraq (AP) — A bomb hit a café, ".encode() + "Señor Ali said.\n".encode("cp1252"))
    [article] = read_articles([path])
    assert article.text == "MOSUL, Iraq (AP) — A bomb hit a café, Señor Ali said.\n"


@pytest.mark.parametrize("raw, reason", [
    ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
    ('{"text": "a", "n": ' + "9" * 5000 + "}", "invalid JSON: Exceeds the limit"),
    (b'{"text": "caf\xe9"}', "not UTF-8 text"),
])
def test_ingest_read_jsonl_line_reasons(write, raw, reason):
    path = write("x.jsonl", raw)
    assert errors(read_articles([path]))[f"{path}:1"].startswith(reason)


def test_ingest_lone_surrogates_become_encodable(write, tmp_path):
    line = '{"id": "s\\ud800", "text": "KABUL (Reuters) - A bomb \\udcff exploded.", "title": "T\\udfff"}\n'
    path = write("s.jsonl", line)
    [article] = read_articles([path])
    assert (article.id, article.title) == ("s\\ud800", "T\ufffd")
    assert article.text == "KABUL (Reuters) - A bomb \ufffd exploded." and article.dateline == "KABUL"
    named = tmp_path / os.fsdecode(b"caf\xe9.txt")
    named.write_text(KABUL_TXT, encoding="utf-8")
    empty = tmp_path / os.fsdecode(b"\xff\nx.txt")
    empty.write_bytes(b"")
    found, failed = read_articles([str(named), str(empty)])
    assert found.id == str(tmp_path / "caf\\xe9.txt")
    assert str(failed) == f"{tmp_path}/\\xff\\x0ax.txt: empty file"
    for text in (found.id, str(failed)):
        text.encode("utf-8")  # no surrogate left


def test_ingest_read_stdin_streams_jsonl_larger_than_an_article(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 200)
    lines = [json.dumps({"id": f"s{i}", "text": f"KABUL (Reuters) - Blast {i}."}) for i in range(40)]
    lines[5] = "{broken"
    stream = io.TextIOWrapper(io.BytesIO(("\n".join(lines) + "\n").encode()))
    items = list(read_articles(["-"], stdin=stream))
    assert len(articles(items)) == 39 and errors(items) == {"-:6": "invalid JSON: Expecting property name "
                                                            "enclosed in double quotes (column 2)"}
    text = io.TextIOWrapper(io.BytesIO(b"KABUL (Reuters) - A long report.\n" * 20))
    assert errors(read_articles(["-"], stdin=text)) == {"-": "article larger than 5 MB"}


@pytest.mark.parametrize("name, printed", [("a\nb", "a\\x0ab"), ("\x1b[2J", "\\x1b[2J"), ("x\u2028y", "x\\u2028y"),
                                           ("caf\udce9", "caf\\xe9"), ("ok é ب", "ok é ب")])
def test_ingest_input_errors_print_on_one_line(name, printed):
    error = InputError(name, "why\nnot")
    assert (error.name, error.reason) == (printed, "why\\x0anot")
    assert "\n" not in str(error)
