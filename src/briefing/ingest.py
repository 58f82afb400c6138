"""Stage 1, ingest: files on disk in, decoded `Page` objects out.

`read_page` does, in order:

1. open the file without following a link out of its folder and without
   blocking, and refuse anything but a regular file (a FIFO, device, socket or
   folder named like a page);
2. read only as many bytes as the kept text can need, hashing the whole file
   as it goes (sha256 of the raw bytes);
3. reject empty files and binary junk (`InputError`);
4. decode: UTF-16 or UTF-8 when a BOM or valid UTF-8 says so, else the most
   plausible of a few legacy code pages and charset-normalizer's guess;
5. split off optional YAML front matter (`url`, `published`, `source`, `title`),
   read with `briefing.safeyaml`;
6. extract the main text of HTML (by suffix, or because the text evidently is
   an HTML document) with trafilatura, taking its metadata when present;
7. normalise line endings and odd whitespace, keeping the line structure that
   later stages cite by number; split absurdly long lines;
8. truncate at a line boundary to `max_chars`.

Soft problems (bad front matter, an implausible date, truncation) go to
`Page.warnings`; hard ones raise `InputError(path, problem)`. File names reach
messages only through `printable`, since the corpus's filler chooses them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import hashlib
import itertools
import logging
import os
import re
import reprlib
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from charset_normalizer import from_bytes

from . import safeyaml
from .document import Page, printable
from .errors import CorpusError, InputError

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")

#: Bytes a character takes at most in any encoding a page can be in (UTF-8 and
#: UTF-16 both top out at 4), so reading this many bytes per character that can
#: be kept never cuts a page short of `max_chars`.
MAX_BYTES_PER_CHAR = 4
#: Beyond what is kept, a file is only hashed, in chunks of this size.
HASH_CHUNK_BYTES = 1 << 20

#: A publication date outside [EARLIEST_PUBLISHED_YEAR, this year +
#: PUBLISHED_YEARS_AHEAD] is a placeholder or a typo (0001-01-01, 9999-12-31, a
#: 1970 epoch), not a news page's: news sites' archives start in the mid-1990s,
#: and a page dated a year ahead is already a time-zone or scheduling slip.
#: Such a date is dropped (with a warning); the page is kept.
EARLIEST_PUBLISHED_YEAR = 1990
PUBLISHED_YEARS_AHEAD = 1

#: Values quoted in warnings are cut to about 60 characters: a page's value is
#: the page's to choose, and one alias bomb's repr once made a 282 MB warning.
_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxother = 60

#: page ids are at most this long; longer stems are cut and given a hash suffix.
MAX_ID_CHARS = 100
_ID_HASH_CHARS = 8

#: Share of raw bytes that may be control bytes (NUL and C0 other than
#: tab/newline/CR/FF/VT/ESC) before the file counts as binary. Random or
#: compressed bytes give about 10%; real text gives 0, so 2% leaves room for a
#: few stray bytes in scraped text.
BINARY_CONTROL_RATIO = 0.02
#: Share of decoded characters that may be replacement characters or control
#: characters before the decoded text counts as binary.
BINARY_DECODED_RATIO = 0.05

#: Legacy code pages tried when the bytes are not UTF-8, most likely first for
#: this project's sources (Western and Russian pages). charset-normalizer's own
#: guess is tried after the first two. Ties in plausibility go to the earlier one.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "cp1250", "koi8_r", "cp1254")
#: Only the first this many bytes are scored when choosing a code page.
ENCODING_SAMPLE_BYTES = 16_384

#: Front matter is looked for only in the first this many characters.
FRONT_MATTER_MAX_CHARS = 20_000

#: A .txt/.md page is treated as HTML when its first HTML_SNIFF_CHARS characters
#: hold at least HTML_MIN_TAGS tags making up at least HTML_TAG_SHARE of the
#: characters. Prose that mentions a tag or two is far below both; a saved web
#: page is typically 30-70% markup, and a bare fragment of <p> paragraphs ~15-25%.
HTML_SNIFF_CHARS = 50_000
HTML_MIN_TAGS = 10
HTML_TAG_SHARE = 0.10
#: HTML larger than this many times `max_chars` is cut before extraction.
HTML_MAX_FACTOR = 10

#: Lines longer than this are split (at a sentence end, else a space) into
#: pieces of at most this many characters. Real paragraphs stay far below;
#: longer lines are lost newlines or junk and would slow every later stage.
LONG_LINE_CHARS = 10_000

_TAG = re.compile(r"<[A-Za-z!/][^<>\n]{0,300}>")
_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,300})\]\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
_SPACE_RUN = re.compile(r" {2,}")
_NON_ASCII_TOKEN = re.compile(r"[^\s]*[^\x00-\x7f][^\s]*")
_JUNK = re.compile("[\ufffd\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f]")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]")

# Whitespace and invisible characters, mapped once: other line breaks become
# "\n"; tabs and Unicode spaces become " "; zero-width and control characters
# vanish. ZWNJ/ZWJ (U+200C/U+200D) are kept: they are spelling in Persian and emoji.
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u180e\u200b\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_CONTROLS = (
    [c for c in range(0x20) if chr(c) not in "\n\r" + _LINE_BREAKS and c != 9]
    + list(range(0x7F, 0x85))
    + list(range(0x86, 0xA0))
)
_WS_TABLE = {
    **{ord(c): "\n" for c in _LINE_BREAKS},
    **{ord(c): " " for c in _SPACES},
    **{ord(c): None for c in _INVISIBLE},
    **{c: None for c in _CONTROLS},
}
_CONTROL_BYTES = bytes(c for c in range(0x20) if c not in (9, 10, 11, 12, 13, 27))
_NON_CONTROL_BYTES = bytes(c for c in range(256) if c not in _CONTROL_BYTES)

#: Non-ASCII punctuation and symbols that ordinary text uses; any other
#: non-letter outside ASCII counts against a candidate decoding.
_COMMON_SYMBOLS = frozenset("“”‘’‚„«»‹›–—…•·©®™°€£¥№§¶†‰′″")

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
)


# --------------------------------------------------------------------------- corpus


def discover(corpus: Path, warn: Callable[[str], None] | None = None) -> list[Path]:
    """The entries directly in `corpus` named like a page (suffix in SUFFIXES, any case), sorted by name.

    Every such entry is listed, whatever it is, so that `read_page` refuses a
    FIFO, a folder named `x.txt`, or a broken, looping or outward symbolic link
    with its reason, and the run reports it like any other bad page. Hidden
    entries are skipped. Other sub-folders are not read; each is passed to
    `warn`, so that none is skipped unnoticed. Raises CorpusError when `corpus`
    is missing, not a folder, or cannot be listed.
    """
    corpus = Path(corpus)
    if not corpus.exists():
        raise CorpusError(f"{corpus}: corpus folder not found")
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: corpus is not a folder")
    try:
        entries = list(corpus.iterdir())
    except OSError as exc:
        raise CorpusError(f"{corpus}: cannot read corpus folder ({exc.strerror or exc})") from None
    files = []
    for entry in sorted(entries, key=lambda p: (p.name, str(p))):
        if entry.name.startswith("."):
            continue
        if entry.suffix.lower() in SUFFIXES:
            files.append(entry)
        elif warn is not None and entry.is_dir():
            warn(f"{printable(entry.name)}: sub-folder not read (pages are read only from the corpus folder itself)")
    return files


def page_id(path: Path) -> str:
    """The file name stem made safe as a path component.

    NFKC-normalised; characters outside ``[A-Za-z0-9._-]`` become ``_``; leading
    dots are removed; never empty, ``.`` or ``..``; at most MAX_ID_CHARS long.
    When the mapping loses information that easily collides (non-ASCII
    characters replaced, or the name shortened), a short hash of the original
    stem is appended, so that e.g. two Armenian file names stay distinct.
    """
    return _safe_id(Path(path).stem)


def _safe_id(name: str) -> str:
    stem = unicodedata.normalize("NFKC", name)
    safe = _UNSAFE_ID.sub("_", stem).lstrip(".")
    lossy = not stem.isascii()
    if not safe.strip("_"):
        safe = "page"
        lossy = lossy or bool(stem)
    if len(safe) > MAX_ID_CHARS:
        safe = safe[: MAX_ID_CHARS - _ID_HASH_CHARS - 1]
        lossy = True
    if lossy:
        digest = hashlib.sha1(stem.encode("utf-8", "surrogatepass")).hexdigest()[:_ID_HASH_CHARS]
        safe = f"{safe}-{digest}"
    return safe


def assign_unique_ids(pages: list[Page]) -> None:
    """Make the pages' ids unique, the same way for the same set of file names.

    Of the pages that share an id, the one whose file name sorts first keeps
    it; each other gets its suffix appended (``a.md`` -> ``a-md``), then a
    number, skipping every id another page has or was given. A warning on the
    page names its new id.
    """
    taken = {page.id for page in pages}
    keeps: set[str] = set()
    for page in sorted(pages, key=lambda p: (p.path.name, str(p.path))):
        if page.id not in keeps:
            keeps.add(page.id)
            continue
        base = f"{page.path.stem}-{page.path.suffix.lstrip('.')}"
        new, n = _safe_id(base), 2
        while new in taken:
            new, n = _safe_id(f"{base}-{n}"), n + 1
        taken.add(new)
        page.id = new
        page.warnings.append(f"another file has the same name stem; this page's id is {new}")


# --------------------------------------------------------------------------- one page


def read_page(path: Path, max_chars: int = 500_000) -> Page:
    """Read, decode and extract one page. See the module docstring for the steps.

    Raises InputError for an unreadable, empty or binary file, or one with no
    text left after extraction.
    """
    path = Path(path)
    where = printable(str(path))
    suffix = path.suffix.lower()
    raw, sha, size = _read(path, where, read_limit(max_chars, suffix))
    whole = len(raw) == size
    if not raw.strip() or raw.strip() in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise InputError(where, "empty page")
    text, encoding = _decode(raw, where, final=whole)
    del raw  # a large page's bytes need not stay alongside its text
    if not text.strip():
        raise InputError(where, "empty page")

    warnings: list[str] = []
    meta, text = _split_front_matter(text, warnings)
    fmt: Literal["txt", "md", "html"] = "html" if suffix in _HTML_SUFFIXES else ("md" if suffix == ".md" else "txt")
    if fmt != "html" and _looks_like_html(text):
        fmt = "html"
    if fmt == "html":
        text, html_meta = _extract_html(text, meta.get("url"), max_chars, where, warnings)
        for key, value in html_meta.items():
            meta.setdefault(key, value)
    elif fmt == "md":
        text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", text))

    text = _normalise_text(text, warnings)
    if not text.strip():
        raise InputError(where, "no text left after extraction")
    text = _truncate(text, max_chars, warnings, None if whole else size)

    url = meta.get("url")
    source = meta.get("source") or meta.get("sitename") or _host(url)
    for message in warnings:
        log.warning("%s: %s", where, message)
    return Page(
        id=page_id(path),
        path=Path(where),
        text=text,
        sha256=sha,
        format=fmt,
        encoding=encoding,
        url=url,
        published=meta.get("published"),
        source=source,
        warnings=warnings,
        title=meta.get("title"),
    )


def read_limit(max_chars: int, suffix: str) -> int:
    """How many bytes of a page to read: enough for `max_chars` characters in any encoding.

    Front matter comes on top, and HTML is extracted from up to HTML_MAX_FACTOR
    times as many characters as are kept.
    """
    chars = (HTML_MAX_FACTOR if suffix.lower() in _HTML_SUFFIXES else 1) * max_chars + FRONT_MATTER_MAX_CHARS
    return MAX_BYTES_PER_CHAR * chars


def file_sha256(path: Path) -> str | None:
    """The sha256 of a page file, opened as `read_page` opens it; None when that refuses it."""
    try:
        return _read(Path(path), printable(str(path)), 0)[1]
    except InputError:
        return None


def _read(path: Path, where: str, limit: int) -> tuple[bytes, str, int]:
    """The first `limit` bytes of the file, the sha256 of all of it, and its size in bytes.

    Only the first `limit` bytes are held; the rest streams through the hash.
    """
    fd = _open_regular_file(path, where)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "rb") as stream:
            head = stream.read(limit)
            digest.update(head)
            size = len(head)
            while chunk := stream.read(HASH_CHUNK_BYTES):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError(where, f"cannot read file ({exc.strerror or exc})") from None
    return head, digest.hexdigest(), size


def _open_regular_file(path: Path, where: str) -> int:
    """A descriptor of the regular file at `path`, or InputError saying why not.

    A symbolic link is followed only to a file inside the folder that holds the
    link (for a run, the corpus), so a page cannot publish a file from elsewhere.
    The file is opened with O_NOFOLLOW (a link swapped in after the check is
    refused, not followed) and O_NONBLOCK (a FIFO swapped in never blocks), and
    the opened descriptor must be a regular file: a FIFO, device, socket or
    folder is refused before a byte is read.
    """
    target = _link_target(path, where) if path.is_symlink() else path
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(where, "replaced by a symbolic link while being opened; not read") from None
        if exc.errno == errno.ENXIO:
            raise InputError(where, "a socket or device, not a regular file; not read") from None
        raise InputError(where, f"cannot read file ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(where, f"{_file_kind(mode)}, not a regular file; not read")
    return fd


def _link_target(link: Path, where: str) -> Path:
    """The file a symbolic link leads to, when it lies inside the link's own folder."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        raise InputError(where, "symbolic link loop; not read") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(where, "symbolic link loop; not read") from None
        if exc.errno == errno.ENOENT:
            raise InputError(where, "broken symbolic link (its target does not exist); not read") from None
        raise InputError(where, f"cannot follow symbolic link ({exc.strerror or exc})") from None
    if not target.is_relative_to(link.parent.resolve()):
        raise InputError(where, "symbolic link to a file outside the corpus folder; not read")
    return target


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


# --------------------------------------------------------------------------- decoding


def _decode(raw: bytes, where: str, final: bool = True) -> tuple[str, str]:
    """Decoded text and the encoding's name. Raises InputError for binary data.

    With `final` False, `raw` is the start of a longer file: a character cut
    at its end is dropped rather than decoded as an error.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_as(raw, "utf-16", final, "replace"), "utf-16"
    else:
        controls = len(raw.translate(None, _NON_CONTROL_BYTES))
        if controls > BINARY_CONTROL_RATIO * len(raw):
            raise InputError(where, "binary data, not text")
        if raw.startswith(b"\xef\xbb\xbf"):
            text, encoding = _decode_as(raw[3:], "utf-8", final, "replace"), "utf-8-sig"
        else:
            try:
                text, encoding = _decode_as(raw, "utf-8", final), "utf-8"
            except UnicodeDecodeError:
                text, encoding = _decode_legacy(raw, final)
    if _junk_share(text) > BINARY_DECODED_RATIO:
        raise InputError(where, "binary data, not text")
    return text, encoding


def _decode_as(raw: bytes, encoding: str, final: bool, errors: str = "strict") -> str:
    """`raw` decoded; unless `final`, an incomplete character at the end is left out."""
    return codecs.getincrementaldecoder(encoding)(errors).decode(raw, final)


def _decode_legacy(raw: bytes, final: bool = True) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with the most plausible candidate encoding.

    charset-normalizer alone mistakes short Western text for Central European
    or DOS code pages, so its guess competes with LEGACY_ENCODINGS on
    `_implausibility` of a sample; ties go to the earlier candidate.
    """
    best = from_bytes(raw[:ENCODING_SAMPLE_BYTES]).best()
    guess = best.encoding if best is not None else None
    candidates = list(dict.fromkeys([*LEGACY_ENCODINGS[:2], *([guess] if guess else []), *LEGACY_ENCODINGS[2:]]))
    sample = raw[:ENCODING_SAMPLE_BYTES]
    scored = []
    for rank, name in enumerate(candidates):
        try:
            decoded = sample.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_implausibility(decoded), rank, name))
    if not scored:
        return _decode_as(raw, "cp1252", final, "replace"), "cp1252"
    _, _, name = min(scored)
    return _decode_as(raw, name, final, "replace"), name


def _implausibility(text: str) -> float:
    """How unlike real text a decoding looks: mean penalty per non-ASCII word or symbol.

    Penalises replacement and control characters, rare symbols, words mixing
    scripts, Latin words made mostly of accented letters (Cyrillic read as a
    Western code page), and non-ASCII words with a lower-to-upper case flip
    (one Cyrillic code page read as another). 0 means nothing looks wrong.
    """
    units = 0
    bad = 0.0
    for token in _NON_ASCII_TOKEN.findall(text):
        units += 1
        letters = [c for c in token if c.isalpha()]
        for c in token:
            if ord(c) <= 127 or c.isalpha():
                continue
            if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn"):
                bad += 5
            elif c not in _COMMON_SYMBOLS and unicodedata.category(c)[0] != "M":
                bad += 2
        if not letters:
            continue
        scripts = {_script(c) for c in letters}
        if len(scripts) > 1:
            bad += 3
        elif scripts == {"LATIN"} and len(letters) >= 3 and sum(1 for c in letters if ord(c) > 127) * 2 > len(letters):
            bad += 2
        if any(a.islower() and b.isupper() for a, b in itertools.pairwise(letters)):
            bad += 1
    return bad / units if units else 0.0


def _script(char: str) -> str:
    """The first word of the character's Unicode name: 'LATIN', 'CYRILLIC', ..."""
    if char.isascii():
        return "LATIN"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "OTHER"


def _junk_share(text: str) -> float:
    """Share of characters that are replacement or (non-whitespace) control characters."""
    if not text:
        return 0.0
    return _JUNK.subn("", text)[1] / len(text)


# --------------------------------------------------------------------------- front matter


def _split_front_matter(text: str, warnings: list[str]) -> tuple[dict, str]:
    """(metadata, remaining text). Invalid front matter stays in the text, with a warning."""
    head = text[:FRONT_MATTER_MAX_CHARS]
    if not (head.startswith("---\n") or head.startswith("---\r\n")):
        return {}, text
    head = head.replace("\r\n", "\n")
    match = re.search(r"^(?:---|\.\.\.)[ \t]*$", head[4:], flags=re.MULTILINE)
    if match is None:
        warnings.append("front matter has no closing '---'; kept as text")
        return {}, text
    block = head[4 : 4 + match.start()]
    rest_start = 4 + match.end()
    try:
        data = safeyaml.load(block)
    except safeyaml.UnsafeYAML as exc:
        warnings.append(f"front matter refused: {exc}; kept as text")
        return {}, text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""  # of the front matter, as safeyaml counts
        warnings.append(f"front matter is not valid YAML{at}; kept as text")
        return {}, text
    if data is None:
        data = {}
    if not isinstance(data, dict):
        warnings.append("front matter is not a mapping; kept as text")
        return {}, text
    body = head[rest_start:].lstrip("\n") + text[FRONT_MATTER_MAX_CHARS:]
    return _front_matter_fields(data, warnings), body


def _front_matter_fields(data: dict, warnings: list[str]) -> dict:
    """The fields briefing uses; a field of the wrong kind is dropped with a warning."""
    meta: dict = {}
    for key in ("url", "source", "title"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (str, int, float)) and str(value).strip():
            meta[key] = str(value).strip()
        else:
            warnings.append(f"front matter '{key}' is not text; ignored")
    if data.get("published") is not None:
        published = _parse_date(data["published"])
        if published is None:
            warnings.append(f"front matter 'published' ({_QUOTE.repr(data['published'])}) is not a date; ignored")
        else:
            _set_published(meta, published, "front matter 'published'", warnings)
    return meta


def _set_published(meta: dict, published: dt.date, origin: str, warnings: list[str]) -> None:
    """Take `published` into `meta` when it is a plausible date for a news page; else warn."""
    latest = dt.date.today().year + PUBLISHED_YEARS_AHEAD
    if EARLIEST_PUBLISHED_YEAR <= published.year <= latest:
        meta["published"] = published
    else:
        warnings.append(
            f"{origin} ({published.isoformat()}) is outside {EARLIEST_PUBLISHED_YEAR}-{latest}, "
            "not a plausible publication date; ignored"
        )


def _parse_date(value: object) -> dt.date | None:
    """A date from a YAML value or a date string in a few common forms; None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:40], fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- HTML


def _looks_like_html(text: str) -> bool:
    """True when `text` is evidently an HTML document rather than prose."""
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")):
        return True
    sample = text[:HTML_SNIFF_CHARS]
    tags = 0
    tag_chars = 0
    for match in _TAG.finditer(sample):
        tags += 1
        tag_chars += match.end() - match.start()
    return tags >= HTML_MIN_TAGS and tag_chars >= HTML_TAG_SHARE * len(sample)


def _extract_html(html: str, url: str | None, max_chars: int, where: str, warnings: list[str]) -> tuple[str, dict]:
    """Main text (one paragraph per line) and metadata of an HTML document, via trafilatura."""
    import trafilatura  # heavy import (lxml, htmldate): only when a page needs it

    limit = HTML_MAX_FACTOR * max_chars
    if len(html) > limit:
        warnings.append(f"HTML cut from {len(html)} to {limit} characters before extraction")
        html = html[:limit]
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            fast=True,  # no fallback extractors: ~20% faster, same text on news pages we tried
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as exc:  # lxml and htmldate raise many types; any of them means "cannot extract"
        raise InputError(where, f"HTML could not be parsed ({type(exc).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(where, "no text left after extraction")
    meta: dict = {}
    for key in ("title", "sitename", "url"):
        value = getattr(doc, key, None)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    published = _parse_date(getattr(doc, "date", None))
    if published is not None:
        _set_published(meta, published, "the HTML's publication date", warnings)
    hostname = getattr(doc, "hostname", None)
    if not meta.get("sitename") and hostname:
        meta["sitename"] = _host(f"//{hostname}")
    return text, meta


def _host(url: str | None) -> str | None:
    """The host of `url` without a leading 'www.', or None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- text shape


def _normalise_text(text: str, warnings: list[str]) -> str:
    """`\\n` line ends, plain spaces, no invisible characters, NFC; line count preserved.

    Each line loses trailing spaces and has inner runs of spaces collapsed;
    leading indentation is kept. Lines over LONG_LINE_CHARS are split.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_WS_TABLE)
    text = unicodedata.normalize("NFC", text)
    lines = []
    split = 0
    for line in text.split("\n"):
        line = line.rstrip(" ")
        body = line.lstrip(" ")
        if "  " in body:
            line = line[: len(line) - len(body)] + _SPACE_RUN.sub(" ", body)
        if len(line) > LONG_LINE_CHARS:
            pieces = _split_long_line(line)
            split += 1
            lines.extend(pieces)
        else:
            lines.append(line)
    if split:
        warnings.append(f"split {split} line(s) longer than {LONG_LINE_CHARS} characters")
    return "\n".join(lines)


def _split_long_line(line: str) -> list[str]:
    """Pieces of at most LONG_LINE_CHARS, cut after a sentence end or a space where possible."""
    pieces = []
    start = 0
    half = LONG_LINE_CHARS // 2
    while len(line) - start > LONG_LINE_CHARS:
        end = start + LONG_LINE_CHARS
        cut = max(
            line.rfind(". ", start + half, end),
            line.rfind("? ", start + half, end),
            line.rfind("! ", start + half, end),
        )
        if cut != -1:
            cut += 1
        else:
            cut = line.rfind(" ", start + half, end)
            if cut == -1:
                cut = end
        pieces.append(line[start:cut].strip(" "))
        start = cut
    pieces.append(line[start:].strip(" "))
    return pieces


def _truncate(text: str, max_chars: int, warnings: list[str], file_bytes: int | None = None) -> str:
    """`text` cut to at most `max_chars`, at the last line break (else space) before the limit.

    `file_bytes` is the file's size when only its start was read (see `read_limit`):
    then the page is truncated even when the text read happens to fit.
    """
    if len(text) <= max_chars and file_bytes is None:
        return text
    limit = min(max_chars, len(text) - 1)  # a text read in part may end inside a line: drop that line too
    cut = text.rfind("\n", 0, limit + 1)
    if cut <= 0:
        cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    before = f"{file_bytes} bytes" if file_bytes is not None else len(text)
    warnings.append(f"page truncated from {before} to {cut} characters (limit {max_chars})")
    return text[:cut].rstrip()
