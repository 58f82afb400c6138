"""Stage 1, ingest: discovery, safe ids, decoding, front matter, HTML, limits."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from pathlib import Path

import pytest

from briefing.errors import CorpusError, InputError
from briefing.ingest import LONG_LINE_CHARS, discover, page_id, read_page

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

PARAGRAPH = "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday for a new round of talks."


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---------------------------------------------------------------- discover


def test_discover_sorted_filtered_and_hidden_skipped(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.HTML", "d.htm", ".hidden.txt", "notes.pdf", "e.json"):
        write(tmp_path, name, PARAGRAPH)
    (tmp_path / "sub.txt").mkdir()
    assert [p.name for p in discover(tmp_path)] == ["a.md", "b.txt", "c.HTML", "d.htm"]


def test_discover_sample_corpus() -> None:
    assert [p.name for p in discover(CORPUS)] == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_discover_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        discover(tmp_path / "nope")


def test_discover_file_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not a folder"):
        discover(write(tmp_path, "x.txt", PARAGRAPH))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_discover_unreadable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        with pytest.raises(CorpusError, match="cannot read"):
            discover(locked)
    finally:
        locked.chmod(0o755)


# ---------------------------------------------------------------- page_id

PAGE_IDS = [
    ("000_342004a9dcd302bc.txt", "000_342004a9dcd302bc"),
    ("../../etc/passwd", "passwd"),
    ("my page (1).txt", "my_page__1_"),
    (".hidden.txt", "hidden"),
    ("report.v2-final.md", "report.v2-final"),
]


@pytest.mark.parametrize(("name", "expected"), PAGE_IDS)
def test_page_id(name: str, expected: str) -> None:
    assert page_id(Path(name)) == expected


UNSAFE_NAMES = [
    "..",
    "...txt",
    "Ереван переговоры.txt",
    "Բանակցություններ.html",
    "Sülh danışıqları.md",
    "ﬁle①.txt",
    "a" * 300 + ".txt",
    "a/b\\c:d*e?.txt",
    " .txt",
]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_page_id_is_always_safe(name: str) -> None:
    pid = page_id(Path(name))
    assert pid and pid not in (".", "..") and not pid.startswith(".")
    assert len(pid) <= 100
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in pid)


def test_page_id_keeps_distinct_names_distinct() -> None:
    names = ["Ереван.txt", "Баку.txt", "a" * 200 + "1.txt", "a" * 200 + "2.txt"]
    assert len({page_id(Path(n)) for n in names}) == len(names)


# ---------------------------------------------------------------- decoding

ENCODED = [
    ("cp1251", "Министры иностранных дел Армении и Азербайджана встретились в Вашингтоне.\nСсылка скопирована"),
    ("latin-1", "The talks in Genève were hosted by Señor Borrell. © 2023 Caucasus Wire"),
    ("cp1252", "Blinken said the sides made “tangible progress” – officials agreed."),
    ("koi8_r", "Министры договорились ускорить переговоры о мирном договоре."),
    ("cp1250", "Ministrowie spotkali się w Waszyngtonie, gdzie rozmawiali o współpracy."),
]


@pytest.mark.parametrize(("encoding", "text"), ENCODED)
def test_legacy_encodings_decode_correctly(tmp_path: Path, encoding: str, text: str) -> None:
    page = read_page(write(tmp_path, "p.txt", text.encode(encoding)))
    assert page.text == text
    assert page.encoding != "utf-8"


def test_utf8_bom_stripped(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", b"\xef\xbb\xbf" + "Ереван – talks".encode()))
    assert page.text == "Ереван – talks"
    assert page.encoding == "utf-8-sig"


def test_utf16_with_bom(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", "Բանակցություններ\nTalks".encode("utf-16")))
    assert page.text == "Բանակցություններ\nTalks"


def test_sha256_of_raw_bytes(tmp_path: Path) -> None:
    raw = PARAGRAPH.encode("cp1252")
    assert read_page(write(tmp_path, "p.txt", raw)).sha256 == hashlib.sha256(raw).hexdigest()


BAD_FILES = [
    (b"", "empty page"),
    (b"  \n\t\r\n  ", "empty page"),
    (b"\xef\xbb\xbf\n", "empty page"),
    (random.Random(0).randbytes(4096), "binary data"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200 + random.Random(1).randbytes(500), "binary data"),
    (b"PK\x03\x04" + random.Random(2).randbytes(2000), "binary data"),
    (b"---\ntitle: Only front matter\n---\n\n", "no text"),
]


@pytest.mark.parametrize(("raw", "problem"), BAD_FILES)
def test_unusable_files_raise_input_error(tmp_path: Path, raw: bytes, problem: str) -> None:
    path = write(tmp_path, "bad.txt", raw)
    with pytest.raises(InputError, match=problem) as info:
        read_page(path)
    assert info.value.path == str(path)


def test_unreadable_file_raises_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="cannot read"):
        read_page(folder)


# ---------------------------------------------------------------- whitespace and line structure


def test_line_endings_and_odd_whitespace_normalised_line_count_kept(tmp_path: Path) -> None:
    raw = "Title\r\nA\u00a0line\twith\u200b odd   spaces  \rNext\u2028Last\n".encode()
    page = read_page(write(tmp_path, "p.txt", raw))
    assert page.text.split("\n") == ["Title", "A line with odd spaces", "Next", "Last", ""]


def test_leading_indentation_kept(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", "Points:\n  • first  point\n"))
    assert page.text.split("\n")[1] == "  • first point"


def test_huge_single_line_is_split_sanely(tmp_path: Path) -> None:
    sentence = "Officials said the talks in Geneva would continue next week. "
    raw = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    page = read_page(write(tmp_path, "p.txt", raw))
    lines = page.text.split("\n")
    assert len(lines) > 1 and all(len(line) <= LONG_LINE_CHARS for line in lines)
    assert all(line.endswith(".") for line in lines[:-1])
    assert page.text.replace("\n", " ").split() == raw.split()
    assert any("split" in w for w in page.warnings)


def test_huge_line_without_spaces(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", "x" * 200_000))
    assert all(len(line) <= LONG_LINE_CHARS for line in page.text.split("\n"))
    assert page.text.replace("\n", "") == "x" * 200_000


def test_truncated_at_a_line_boundary_with_warning(tmp_path: Path) -> None:
    lines = [f"{i:04d} {PARAGRAPH}" for i in range(100)]
    page = read_page(write(tmp_path, "p.txt", "\n".join(lines)), max_chars=1000)
    assert len(page.text) <= 1000
    kept = page.text.split("\n")
    assert kept == lines[: len(kept)]
    assert any("truncated" in w for w in page.warnings)


def test_short_page_not_truncated(tmp_path: Path) -> None:
    assert read_page(write(tmp_path, "p.txt", PARAGRAPH)).warnings == []


# ---------------------------------------------------------------- front matter

FRONT_MATTER = (
    """---
url: https://www.azatutyun.am/a/32119012.html
published: 2022-11-07
source: Azatutyun
title: Blinken hosts Armenian, Azerbaijani ministers
tags: [ignored]
---
Blinken Praises Steps Toward Peace
"""
    + PARAGRAPH
)


def test_front_matter_fields_taken_and_removed(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.md", FRONT_MATTER))
    assert page.url == "https://www.azatutyun.am/a/32119012.html"
    assert page.published == dt.date(2022, 11, 7)
    assert page.source == "Azatutyun"
    assert page.title == "Blinken hosts Armenian, Azerbaijani ministers"
    assert page.text.startswith("Blinken Praises Steps Toward Peace\n")
    assert page.format == "md" and page.warnings == []


PUBLISHED_VALUES = [
    ("2023-05-31T09:17:00+04:00", dt.date(2023, 5, 31)),
    ("'31 May 2023'", dt.date(2023, 5, 31)),
    ("'May 31, 2023'", dt.date(2023, 5, 31)),
    ("31.05.2023", dt.date(2023, 5, 31)),
]


@pytest.mark.parametrize(("value", "expected"), PUBLISHED_VALUES)
def test_front_matter_published_forms(tmp_path: Path, value: str, expected: dt.date) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\npublished: {value}\n---\n{PARAGRAPH}"))
    assert page.published == expected


def test_front_matter_bad_date_dropped_with_warning(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\npublished: last Tuesday\nsource: Caliber\n---\n{PARAGRAPH}"))
    assert page.published is None and page.source == "Caliber"
    assert any("published" in w for w in page.warnings)


def test_invalid_front_matter_kept_as_text_with_warning(tmp_path: Path) -> None:
    raw = f"---\ntitle: Talks: day two: [unclosed\n---\n{PARAGRAPH}"
    page = read_page(write(tmp_path, "p.txt", raw))
    assert page.text.split("\n")[0] == "---"
    assert PARAGRAPH in page.text
    assert any("front matter" in w for w in page.warnings)


def test_source_from_url_host_when_not_given(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\nurl: https://www.news.am/eng/news/1.html\n---\n{PARAGRAPH}"))
    assert page.source == "news.am"


def test_plain_page_has_no_metadata(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", PARAGRAPH))
    assert (page.url, page.published, page.source, page.title, page.format) == (None, None, None, None, "txt")


# ---------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers meet in Geneva | Caucasus Wire</title>
<meta property="og:site_name" content="Caucasus Wire">
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="article:published_time" content="2023-03-14T10:00:00+00:00">
<link rel="canonical" href="https://caucasuswire.example/news/geneva-talks">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/ru">RU</a></li><li><a href="/az">AZ</a></li></ul></nav>
<main><article>
<h1>Ministers meet in Geneva</h1>
<p>The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday for a new round of talks on a peace treaty.</p>
<p>Officials from both delegations said the meeting focused on border delimitation and transport links.</p>
<p>Swiss diplomats hosted the session, which lasted more than five hours, according to the ministry.</p>
</article></main>
<footer><p>© 2023 Caucasus Wire. All rights reserved.</p></footer>
</body></html>
"""


@pytest.mark.parametrize("name", ["page.html", "page.htm", "saved.txt"])
def test_html_main_text_and_metadata(tmp_path: Path, name: str) -> None:
    page = read_page(write(tmp_path, name, HTML))
    assert page.format == "html"
    lines = page.text.split("\n")
    assert (
        "Officials from both delegations said the meeting focused on border delimitation and transport links." in lines
    )
    assert "Home" not in lines and "<p>" not in page.text
    assert page.title == "Ministers meet in Geneva"
    assert page.source == "Caucasus Wire"
    assert page.published == dt.date(2023, 3, 14)
    assert page.url == "https://caucasuswire.example/news/geneva-talks"


def test_html_fragment_in_txt_detected_by_tag_density(tmp_path: Path) -> None:
    fragment = (
        "<div class='story'>" + "".join(f"<p><span>{PARAGRAPH}</span> <b>{i}</b></p>\n" for i in range(8)) + "</div>"
    )
    page = read_page(write(tmp_path, "frag.txt", fragment))
    assert page.format == "html"
    assert "<p>" not in page.text and "Geneva" in page.text


def test_prose_mentioning_a_tag_stays_text(tmp_path: Path) -> None:
    raw = f"{PARAGRAPH}\nThe site wraps quotes in a <blockquote> element, the editor said.\n{PARAGRAPH}"
    page = read_page(write(tmp_path, "p.txt", raw))
    assert page.format == "txt" and "<blockquote>" in page.text


def test_html_with_no_main_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text"):
        read_page(write(tmp_path, "p.html", "<html><head><title>x</title></head><body><nav></nav></body></html>"))


def test_cp1251_html(tmp_path: Path) -> None:
    html = HTML.replace("utf-8", "windows-1251").replace(
        "Swiss diplomats hosted the session", "Швейцарские дипломаты провели встречу"
    )
    page = read_page(write(tmp_path, "p.html", html.encode("cp1251")))
    assert "Швейцарские дипломаты провели встречу" in page.text
    assert page.encoding == "cp1251"


def test_markdown_links_reduced_to_text(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.md", "Talks [resumed](https://example.com/a) in ![Geneva](img.png) today."))
    assert page.text == "Talks resumed in Geneva today."


# ---------------------------------------------------------------- the sample corpus


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_sample_pages_read_cleanly(path: Path) -> None:
    page = read_page(path)
    assert page.id == path.stem
    assert (page.format, page.encoding, page.warnings) == ("txt", "utf-8", [])
    assert page.text.count("\n") == path.read_text(encoding="utf-8").count("\n")
