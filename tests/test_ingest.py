"""Stage 1, ingest: discovery, safe ids, decoding, front matter, HTML, limits."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
from pathlib import Path

import pytest

from briefing import ingest
from briefing.errors import CorpusError, InputError
from briefing.ingest import LONG_LINE_CHARS, assign_unique_ids, discover, page_id, read_limit, read_page

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
    (tmp_path / ".git").mkdir()
    assert [p.name for p in discover(tmp_path)] == ["a.md", "b.txt", "c.HTML", "d.htm"]


def test_discover_lists_odd_entries_named_like_pages_and_warns_of_sub_folders(tmp_path: Path) -> None:
    """read_page refuses them, so the run reports each; a sub-folder is mentioned, not read."""
    write(tmp_path, "a.txt", PARAGRAPH)
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    (tmp_path / "archive").mkdir()
    warnings: list[str] = []
    assert [p.name for p in discover(tmp_path, warn=warnings.append)] == ["a.txt", "folder.txt", "loop.md"]
    assert warnings == ["archive: sub-folder not read (pages are read only from the corpus folder itself)"]


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


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_page(tmp_path / "gone.txt")


# ---------------------------------------------------------------- links and special files


def _outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(PARAGRAPH)
    return secret


#: (how to make corpus/x.txt, the problem read_page reports)
REFUSED_ENTRIES = [
    (lambda corpus: (corpus / "x.txt").mkdir(), "a folder, not a regular file; not read"),
    (lambda corpus: os.mkfifo(corpus / "x.txt"), "a FIFO (named pipe), not a regular file; not read"),
    (lambda corpus: (corpus / "x.txt").symlink_to("/dev/zero"), "outside the corpus folder; not read"),
    (lambda corpus: (corpus / "x.txt").symlink_to(_outside_file(corpus.parent)), "outside the corpus folder"),
    (lambda corpus: (corpus / "x.txt").symlink_to(Path("..", "secret.txt")), "outside the corpus folder"),
    (lambda corpus: (corpus / "x.txt").symlink_to("x.txt"), "symbolic link loop; not read"),
    (lambda corpus: (corpus / "x.txt").symlink_to("y.txt"), "broken symbolic link"),
]


@pytest.mark.parametrize(("make", "problem"), REFUSED_ENTRIES)
def test_only_regular_files_inside_the_folder_are_read(tmp_path: Path, make, problem: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _outside_file(tmp_path)
    make(corpus)
    with pytest.raises(InputError, match=re.escape(problem)) as info:
        read_page(corpus / "x.txt")
    assert info.value.path == str(corpus / "x.txt")
    assert ingest.file_sha256(corpus / "x.txt") is None


def test_devices_are_refused_without_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a device, not a regular file"):
        read_page(Path("/dev/zero"))


def test_link_inside_the_folder_is_followed_under_its_own_name(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    target = write(tmp_path / "archive", "2023-05-01.txt", PARAGRAPH)
    (tmp_path / "latest.txt").symlink_to(Path("archive", "2023-05-01.txt"))
    page = read_page(tmp_path / "latest.txt")
    assert (page.id, page.name, page.text) == ("latest", "latest.txt", PARAGRAPH)
    assert page.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


# ---------------------------------------------------------------- unique ids

#: file names -> the ids they get, whatever order they come in
ID_SETS = [
    (["a.txt", "a.md"], ["a-txt", "a"]),
    (["a b.txt", "a_b-txt.txt", "a_b.txt"], ["a_b", "a_b-txt", "a_b-txt-2"]),
    (["a.md", "a.txt", "a-txt.txt"], ["a", "a-txt-2", "a-txt"]),
    (["r.v2.txt", "r.v2.md"], ["r.v2-txt", "r.v2"]),
    (["x.txt", "x.md", "x.TXT", "x-md.txt"], ["x-txt", "x-md-2", "x", "x-md"]),
]


@pytest.mark.parametrize(("names", "ids"), ID_SETS)
def test_ids_are_unique_and_do_not_depend_on_order(tmp_path: Path, names: list[str], ids: list[str]) -> None:
    paths = [write(tmp_path, name, PARAGRAPH) for name in names]
    for order in (paths, paths[::-1]):
        pages = [read_page(p) for p in order]
        assign_unique_ids(pages)
        assert {p.name: p.id for p in pages} == dict(zip(names, ids))
    renamed = [p for p in pages if p.id != page_id(p.path)]
    assert all(any(p.id in w for w in p.warnings) for p in renamed)


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


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_large_page_decodes_only_a_bounded_start(tmp_path: Path, monkeypatch, suffix: str) -> None:
    """A page far over max_chars is not held whole: only read_limit() bytes reach the decoder."""
    raw = ("<html><body><article>\n" + f"<p>{PARAGRAPH}</p>\n" * 50_000).encode()  # 5 MB
    path = write(tmp_path, f"big{suffix}", raw)
    decoded: list[int] = []
    real_decode = ingest._decode
    monkeypatch.setattr(
        ingest, "_decode", lambda data, *a, **k: decoded.append(len(data)) or real_decode(data, *a, **k)
    )
    page = read_page(path, max_chars=2000)
    assert decoded == [read_limit(2000, suffix)] and decoded[0] < len(raw) // 10
    assert len(page.text) <= 2000
    assert f"page truncated from {len(raw)} bytes" in " ".join(page.warnings)
    assert page.sha256 == hashlib.sha256(raw).hexdigest()  # still the whole file's


def test_bounded_read_does_not_split_a_character(tmp_path: Path) -> None:
    """The read stops inside a two-byte letter: the page is still UTF-8, with no replacement character."""
    line = "Հայաստանի և Ադրբեջանի արտգործնախարարները հանդիպեցին Ժնևում։\n"
    raw = b"x" + (line * 20_000).encode()
    assert raw[: read_limit(1000, ".txt")].decode("utf-8", errors="replace").endswith("\ufffd")
    page = read_page(write(tmp_path, "p.txt", raw), max_chars=1000)
    assert page.encoding == "utf-8"
    assert "\ufffd" not in page.text and page.text.split("\n")[1] == line.strip()


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


def test_long_bad_date_is_not_quoted_whole(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\npublished: {'x' * 10_000}\n---\n{PARAGRAPH}"))
    assert page.published is None
    assert [w[:26] for w in page.warnings if "published" in w] == ["front matter 'published' ("]
    assert all(len(w) < 200 for w in page.warnings)


IMPLAUSIBLE_DATES = ['"0001-01-01T00:00:00Z"', "9999-12-31", "1970-01-01", "1989-12-31", "'31 December 2999'"]


@pytest.mark.parametrize("value", IMPLAUSIBLE_DATES)
def test_implausible_publication_date_dropped_page_kept(tmp_path: Path, value: str) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\npublished: {value}\nsource: Caliber\n---\n{PARAGRAPH}"))
    assert (page.published, page.source, page.text) == (None, "Caliber", PARAGRAPH)
    assert [w for w in page.warnings if "not a plausible publication date" in w]


def test_earliest_plausible_publication_date_kept(tmp_path: Path) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\npublished: 1990-01-01\n---\n{PARAGRAPH}"))
    assert page.published == dt.date(1990, 1, 1) and page.warnings == []


#: front matter that safeyaml refuses; the page keeps it as text
REFUSED_FRONT_MATTER = [
    ("a: &x [1, 2]\npublished: *x", "anchors and aliases are not allowed"),
    ("published: 2022-02-30", "unreadable value"),
    ("published: 2023-13-01", "unreadable value"),
    ("title: " + "1" * 5001, "unreadable value"),
    ("title: " + "[" * 50 + "]" * 50, "nested deeper than"),
    ("? [a, b]\n: c", "not valid YAML (line 1)"),
]


@pytest.mark.parametrize(("front_matter", "problem"), REFUSED_FRONT_MATTER)
def test_refused_front_matter_kept_as_text_with_a_short_warning(
    tmp_path: Path, front_matter: str, problem: str
) -> None:
    page = read_page(write(tmp_path, "p.txt", f"---\n{front_matter}\n---\n{PARAGRAPH}"))
    assert page.text.startswith("---\n") and page.text.endswith(PARAGRAPH)
    assert page.published is None
    assert len(page.warnings) == 1 and problem in page.warnings[0] and len(page.warnings[0]) < 300


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
