"""`briefing run` over hostile and broken input: one bad page never sinks the batch.

Each case puts one bad (or odd) page next to a good sample page and runs the
real command, through `typer.testing.CliRunner` or, where memory or hangs are
the point, as a real subprocess. The good page's briefing must be written;
the bad page must be named, with a clear reason, in `out/manifest.json` and
on stderr; the exit code must say what happened.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import Exit, app
from briefing.config import load_config
from briefing.errors import CorpusError
from briefing.pipeline import Pipeline, detect_files

REPO = Path(__file__).resolve().parents[1]
GOOD_PAGE = next((REPO / "corpus").glob("002_*.txt"))

#: Models off: the extractive summariser and no translation, so runs are fast and offline.
CONFIG = "translation:\n  backend: none\nsummary:\n  backend: extractive\n"

#: A generous ceiling on the peak RSS of a run over an 8 MB page. A correctness
#: bound (the page is truncated, not held in many copies), not a timing: a run
#: without models measured ~120 MB.
MAX_RSS_BYTES = 1.5 * 1024**3

#: Seconds a run over a single 200,000-character line may take before it counts as hung
#: (it takes about a second).
HANG_TIMEOUT_S = 120

EVIL = "../../../etc/passwd <script>alert(1)</script> | rm -rf ~"
EVIL_FILE_NAME = "evil ..%2F<script>alert(1)<%2Fscript> | rm -rf ~.txt"

# Links a briefing may hold: its own files only. Any other `](` is text a page smuggled in.
OWN_LINK = re.compile(
    r"^(?:\.\./\.\./)?(?:articles|events)/[A-Za-z0-9._-]+/[a-z]+\.[a-z]{2}\.md$"
    r"|^clean\.txt$|^reports/fragments\.md$|^manifest\.json$"
)
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(([^)\n]*)\)")
RAW_SCRIPT = re.compile(r"(?<!\\)<\s*/?\s*script", re.IGNORECASE)


# --------------------------------------------------------------------------- page makers


def good_body() -> str:
    """The good sample page without its first three lines (UI string, headline, blank)."""
    return GOOD_PAGE.read_text(encoding="utf-8").split("\n", 3)[3]


def binary_junk() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(6000)) + b"\x00" * 64


def boilerplate_only() -> bytes:
    lines = [
        "Home", "World", "Politics", "Business", "Opinion", "Video",
        "Share", "Facebook", "Twitter", "WhatsApp", "Copy link", "Print",
        "Subscribe to our newsletter", "Privacy Policy", "Terms of Use",
        "© 2024 Caucasus Daily Media Group. All rights reserved.",
    ]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


RUSSIAN = (
    "Переговоры министров в Алма-Ате\n\n"
    "Министры иностранных дел Армении и Азербайджана Арарат Мирзоян и Джейхун Байрамов "
    "встретились в Алма-Ате 10 мая 2024 года. Стороны обсудили проект мирного договора.\n\n"
    "По словам дипломатов, переговоры прошли в конструктивной атмосфере, и стороны договорились "
    "продолжить работу над текстом соглашения в ближайшие недели.\n\n"
    "Хозяином встречи выступил министр иностранных дел Казахстана.\n"
)
FRENCH_ACCENTED_ENGLISH = (
    "Ministers resume talks in Genève\n\n"
    "The foreign ministers of Armenia and Azerbaijan met in Genève on 14 March 2024, "
    "the Swiss café-society city that has hosted many délégations before.\n\n"
    "Both sides said progress was made on the draft peace treaty, and the mediators' "
    "communiqué promised another round «in the coming weeks».\n"
)


def html_page() -> bytes:
    paragraphs = "".join(
        f"<p>The foreign ministers of Armenia and Azerbaijan met in Almaty on May 10, 2024, officials said. "
        f"Paragraph {i} describes the work of the border delimitation commissions.</p>\n"
        for i in range(6)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Ministers meet in Almaty</title>'
        "<script>var tracking = 1;</script><style>p { color: red }</style></head>\n<body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>\n'
        "<article><h1>Ministers meet in Almaty</h1>\n" + paragraphs + "</article>\n"
        "<footer><p>© 2024 Steppe News. All rights reserved.</p></footer></body></html>\n"
    ).encode()


def evil_first_line() -> bytes:
    return f"{EVIL} [click](http://evil.example)\n---\ntitle: injected\n---\n\n{good_body()}".encode()


def evil_front_matter() -> bytes:
    title = json.dumps(f"{EVIL} [click](http://evil.example)\n---\nkind: injected\n---")
    return f"---\ntitle: {title}\n---\n{good_body()}".encode()


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """tmp_path with models.yaml and corpus/good.txt (a copy of a sample page)."""
    (tmp_path / "models.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    shutil.copy(GOOD_PAGE, tmp_path / "corpus" / "good.txt")
    return tmp_path


def cli(work: Path, *args: str, corpus: Path | None = None):
    """`briefing run <corpus> --out <work>/out --config <work>/models.yaml` through CliRunner."""
    argv = [
        "run",
        str(corpus or work / "corpus"),
        "--out",
        str(work / "out"),
        "--config",
        str(work / "models.yaml"),
        *args,
    ]
    return CliRunner().invoke(app, argv, catch_exceptions=False)


def subprocess_run(work: Path, timeout: float) -> subprocess.CompletedProcess:
    """The real command, as the nightly cron job starts it."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    argv = [sys.executable, "-m", "briefing", "run", "corpus", "--out", "out", "--config", "models.yaml"]
    return subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=timeout)


def manifest(work: Path) -> dict:
    return json.loads((work / "out" / "manifest.json").read_text(encoding="utf-8"))


def input_entry(work: Path, name: str) -> dict:
    return next(entry for entry in manifest(work)["inputs"] if entry["file"] == name)


def clean_text(work: Path, name: str) -> str:
    """clean.txt of the page file `name`, found through the manifest's id."""
    return (work / "out" / "articles" / input_entry(work, name)["id"] / "clean.txt").read_text(encoding="utf-8")


def assert_good_page_written(work: Path) -> None:
    out = work / "out"
    assert (out / "articles" / "good" / "summary.en.md").is_file()
    briefings = [p for p in out.glob("events/*/briefing.en.md") if "good" in p.read_text(encoding="utf-8")]
    assert briefings, "no event briefing cites the good page"
    assert input_entry(work, "good.txt")["status"] == "ok"


def assert_safe_tree(out: Path) -> None:
    """Every file under `out` resolves inside it; no briefing carries raw HTML, a foreign link or a second front matter."""
    root = out.resolve()
    for folder, _dirs, files in os.walk(out):
        for name in files:
            path = Path(folder, name)
            assert root in path.resolve().parents, f"{path} resolves outside {root}"
            if path.suffix != ".md":
                continue
            text = path.read_text(encoding="utf-8")
            assert not RAW_SCRIPT.search(text), f"raw <script> in {path}"
            foreign = [t for t in UNESCAPED_LINK.findall(text) if not OWN_LINK.match(t)]
            assert not foreign, f"unescaped links {foreign} in {path}"
            assert text.startswith("---\n"), path
            rest = text[4:].split("\n---\n", 1)[1]
            assert not re.search(r"^---[ \t]*$", rest, re.MULTILINE), f"a second front-matter block in {path}"


# --------------------------------------------------------------------------- bad pages: exit 1

#: (file name, bytes, reason the manifest must give)
FAILING_PAGES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.txt", lambda: b"", "empty page"),
    ("whitespace.txt", lambda: b"  \n\t\n\r\n   \n", "empty page"),
    ("bom-only.txt", lambda: b"\xef\xbb\xbf\n\n", "empty page"),
    ("junk.txt", binary_junk, "binary data, not text"),
    ("junk.md", lambda: b"%PDF-1.4\n" + binary_junk(), "binary data, not text"),
    ("boilerplate.txt", boilerplate_only, "nothing left after removing boilerplate"),
]


@pytest.mark.parametrize(("name", "make", "reason"), FAILING_PAGES, ids=[c[0] for c in FAILING_PAGES])
def test_bad_page_is_recorded_and_the_rest_is_written(work: Path, name: str, make, reason: str) -> None:
    (work / "corpus" / name).write_bytes(make())
    result = cli(work)
    assert result.exit_code == Exit.SOME_FAILED, result.output
    assert_good_page_written(work)
    failures = manifest(work)["failures"]
    assert [f["file"] for f in failures] == [name]
    assert reason in failures[0]["reason"]
    assert input_entry(work, name)["status"] == "failed"
    assert any(name in line and reason in line for line in result.stderr.splitlines()), result.stderr
    assert result.stdout.strip().endswith("1 failed")
    assert not (work / "out" / "articles" / Path(name).stem).exists()


def test_all_pages_bad_exits_3(work: Path) -> None:
    (work / "corpus" / "good.txt").unlink()
    for name, make, _ in FAILING_PAGES[:4]:
        (work / "corpus" / name).write_bytes(make())
    result = cli(work)
    assert result.exit_code == Exit.MOST_FAILED, result.output
    assert len(manifest(work)["failures"]) == 4


# --------------------------------------------------------------------------- odd but processable pages: exit 0

#: (file name, bytes, text clean.txt must contain, texts it must not contain)
PROCESSABLE_PAGES = [
    ("russian-1251.txt", lambda: RUSSIAN.encode("cp1251"), "встретились в Алма-Ате 10 мая 2024 года", ["\ufffd"]),
    (
        "geneva-latin1.txt",
        lambda: FRENCH_ACCENTED_ENGLISH.encode("latin-1"),
        "met in Genève on 14 March 2024",
        ["\ufffd", "Ã"],
    ),
    (
        "saved-page.txt",
        html_page,
        "border delimitation commissions",
        ["<p>", "</", "<nav", "var tracking", "color: red"],
    ),
    ("evil-title.txt", evil_first_line, "Blinken", []),
    ("evil-front-matter.txt", evil_front_matter, "Blinken", []),
    (EVIL_FILE_NAME, lambda: GOOD_PAGE.read_bytes(), "Blinken", []),
]


@pytest.mark.parametrize(
    ("name", "make", "expected", "forbidden"), PROCESSABLE_PAGES, ids=[c[0][:20] for c in PROCESSABLE_PAGES]
)
def test_odd_page_is_processed(work: Path, name: str, make, expected: str, forbidden: list[str]) -> None:
    (work / "corpus" / name).write_bytes(make())
    result = cli(work)
    assert result.exit_code == Exit.OK, result.output
    assert_good_page_written(work)
    assert input_entry(work, name)["status"] == "ok"
    text = clean_text(work, name)
    assert expected in text
    for bad in forbidden:
        assert bad not in text
    assert_safe_tree(work / "out")


def test_hostile_title_and_file_name_stay_inert(work: Path) -> None:
    """All three hostile pages at once: paths contained, titles escaped wherever they are shown."""
    for name, make, *_ in PROCESSABLE_PAGES[3:]:
        (work / "corpus" / name).write_bytes(make())
    result = cli(work)
    assert result.exit_code == Exit.OK, result.output
    assert_safe_tree(work / "out")
    ids = {entry["id"] for entry in manifest(work)["inputs"]}
    assert all("/" not in i and "<" not in i and " " not in i for i in ids)
    shown = "\n".join(p.read_text(encoding="utf-8") for p in (work / "out").rglob("*.md"))
    assert "etc/passwd" in shown  # the hostile title is shown, as text ...
    assert "\\<script\\>" in shown  # ... with its markup escaped


def test_legacy_encodings_are_detected(work: Path) -> None:
    for name, make, *_ in PROCESSABLE_PAGES[:2]:
        (work / "corpus" / name).write_bytes(make())
    assert cli(work).exit_code == Exit.OK
    assert input_entry(work, "russian-1251.txt")["encoding"] == "cp1251"
    assert input_entry(work, "geneva-latin1.txt")["encoding"] in ("cp1252", "latin_1", "iso8859-1")
    articles, failures = detect_files([work / "corpus" / "russian-1251.txt"], load_config(work / "models.yaml"))
    assert not failures
    assert articles[0].language == "ru"


def test_huge_page_is_truncated_with_bounded_memory(work: Path) -> None:
    paragraphs = [line for line in good_body().split("\n") if len(line) > 80]
    lines, size, i = ["Eight megabytes of live coverage", ""], 0, 0
    while size < 8_000_000:
        lines += [paragraphs[i % len(paragraphs)], ""]
        size += len(paragraphs[i % len(paragraphs)]) + 2
        i += 1
    (work / "corpus" / "huge.txt").write_text("\n".join(lines), encoding="utf-8")
    limit = load_config(work / "models.yaml").limits.max_page_chars
    result = subprocess_run(work, timeout=HANG_TIMEOUT_S)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    assert result.returncode == Exit.OK, result.stderr
    assert peak < MAX_RSS_BYTES
    assert len(clean_text(work, "huge.txt")) <= limit + 1
    assert any("truncated" in w for w in input_entry(work, "huge.txt")["warnings"])
    assert "truncated" in result.stderr


def test_single_enormous_line_does_not_hang(work: Path) -> None:
    sentence = "Negotiators discussed border delimitation and the draft peace treaty in Brussels on Tuesday. "
    (work / "corpus" / "one-line.txt").write_text(
        "Talks in Brussels " + sentence * (200_000 // len(sentence)), encoding="utf-8"
    )
    result = subprocess_run(work, timeout=HANG_TIMEOUT_S)  # raises TimeoutExpired on a hang
    assert result.returncode == Exit.OK, result.stderr
    assert "Negotiators discussed border delimitation" in clean_text(work, "one-line.txt")
    assert_good_page_written(work)


# --------------------------------------------------------------------------- the corpus and the config


def test_missing_corpus_exits_5_naming_it(work: Path) -> None:
    missing = work / "no-such-folder"
    result = cli(work, corpus=missing)
    assert result.exit_code == Exit.INPUT
    assert str(missing) in result.stderr and "not found" in result.stderr
    assert not (work / "out" / "manifest.json").exists()


def test_corpus_that_is_a_file_exits_5(work: Path) -> None:
    result = cli(work, corpus=work / "corpus" / "good.txt")
    assert result.exit_code == Exit.INPUT
    assert "not a folder" in result.stderr


BAD_CONFIG = """
translation:
  beams: 0
  colour: blue
summary:
  backend: magic
limits:
  max_page_chars: 10
"""
BAD_CONFIG_FIELDS = ["translation.beams", "translation.colour", "summary.backend", "limits.max_page_chars"]


def test_invalid_config_exits_4_with_one_line_per_problem(work: Path) -> None:
    (work / "models.yaml").write_text(BAD_CONFIG, encoding="utf-8")
    result = cli(work)
    assert result.exit_code == Exit.CONFIG
    lines = result.stderr.splitlines()
    for field in BAD_CONFIG_FIELDS:
        assert sum(line.strip().startswith(f"{field}:") for line in lines) == 1, (field, result.stderr)
    assert "unknown field" in result.stderr
    assert not (work / "out").exists()


def test_config_that_is_not_yaml_exits_4(work: Path) -> None:
    (work / "models.yaml").write_text("translation: [unclosed\n", encoding="utf-8")
    result = cli(work)
    assert result.exit_code == Exit.CONFIG
    assert "not valid YAML" in result.stderr


# --------------------------------------------------------------------------- the same through the library


def test_library_run_reports_failures_and_raises_typed_errors(work: Path) -> None:
    for name, make, _ in FAILING_PAGES:
        (work / "corpus" / name).write_bytes(make())
    cfg = load_config(work / "models.yaml")
    report = Pipeline(cfg).run(work / "corpus", work / "out")
    reasons = {f.path.name: f.reason for f in report.batch.failures}
    assert {name: reason in reasons.get(name, "") for name, _, reason in FAILING_PAGES} == {
        name: True for name, *_ in FAILING_PAGES
    }
    assert [a.id for a in report.batch.articles] == ["good"]
    assert report.pages_seen == len(FAILING_PAGES) + 1
    with pytest.raises(CorpusError, match="not found"):
        Pipeline(cfg).run(work / "missing", work / "out")
