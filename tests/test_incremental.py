"""The incremental cache, seen through `briefing run`: unchanged work is never redone or rewritten."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import stages
from briefing.cli import Exit, app
from briefing.interfaces import Translation, Translator

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "corpus").glob("*.txt"))

#: Models off, so runs are fast and offline; the cache lives next to this file.
CONFIG = "translation:\n  backend: none\nsummary:\n  backend: extractive\ncache:\n  path: cache\n"

#: A page from another outlet, about another round of talks (its own event).
EXTRA_PAGE = """Caucasus Wire — 14 December 2023

Border commissions of Armenia and Azerbaijan meet in Brussels

The border delimitation commissions of Armenia and Azerbaijan met in Brussels on December 14, 2023, under the auspices of the European Union.

Deputy Prime Ministers Mher Grigoryan and Shahin Mustafayev discussed the sequence of delimitation work along the northern section of the border.

European Council President Charles Michel said the sides had made "tangible progress" and agreed to meet again in January.
"""

#: Manifest fields that describe this run's history rather than its output.
RUN_HISTORY = ("files_written", "files_unchanged", "files_removed", "cache_hits")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "models.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    for page in SAMPLES:
        shutil.copy(page, tmp_path / "corpus" / page.name)
    return tmp_path


def briefing(work: Path, *args: str, out: str = "out"):
    argv = [*args, "--config", str(work / "models.yaml")]
    if args[0] == "run":
        argv = ["run", str(work / "corpus"), "--out", str(work / out), *argv[1:]]
    result = CliRunner().invoke(app, argv, catch_exceptions=False)
    return result


def run_ok(work: Path, *args: str, out: str = "out") -> dict:
    """`briefing run`, which must succeed; returns the manifest."""
    result = briefing(work, "run", *args, out=out)
    assert result.exit_code == Exit.OK, result.output
    return json.loads((work / out / "manifest.json").read_text(encoding="utf-8"))


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every output file (not the run's own state: lock, file record): relative path -> (mtime_ns, bytes)."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".briefing")
    }


def event_of(manifest: dict, page_id: str) -> str:
    return next(e["slug"] for e in manifest["events"] if page_id in e["articles"])


def comparable(manifest_bytes: bytes) -> dict:
    manifest = json.loads(manifest_bytes)
    manifest.pop("timings_s")
    for key in RUN_HISTORY:
        manifest["counts"].pop(key)
    return manifest


def test_unchanged_corpus_recomputes_and_rewrites_nothing(work: Path) -> None:
    first = run_ok(work)
    assert first["counts"]["cache_hits"] == 0
    before = snapshot(work / "out")
    second = run_ok(work)
    after = snapshot(work / "out")
    assert second["counts"]["cache_hits"] == second["counts"]["pages"] == len(SAMPLES)
    assert second["counts"]["files_written"] == 0
    assert second["counts"]["files_unchanged"] == len(before) - 1  # all but the manifest
    changed = [rel for rel in before if before[rel] != after[rel]]
    assert changed == ["manifest.json"]
    assert set(after) == set(before)


def test_changing_one_page_recomputes_only_it_and_its_event(work: Path) -> None:
    first = run_ok(work)
    page = SAMPLES[-1]
    page_id = page.stem
    mine, other = event_of(first, page_id), next(e["slug"] for e in first["events"] if page_id not in e["articles"])
    before = snapshot(work / "out")
    edited = work / "corpus" / page.name
    edited.write_text(
        edited.read_text(encoding="utf-8")
        + "\nThe ministers agreed to hold the next round of talks within a month, officials said.\n",
        encoding="utf-8",
    )
    second = run_ok(work)
    after = snapshot(work / "out")
    assert second["counts"]["cache_hits"] == len(SAMPLES) - 1
    assert event_of(second, page_id) == mine
    for lang in ("en", "hy", "az"):
        assert after[f"events/{mine}/briefing.{lang}.md"] != before[f"events/{mine}/briefing.{lang}.md"]
        assert after[f"events/{other}/briefing.{lang}.md"] == before[f"events/{other}/briefing.{lang}.md"]  # mtime too
    assert "next round of talks within a month" in after[f"articles/{page_id}/clean.txt"][1].decode()
    others = next(e["articles"] for e in first["events"] if e["slug"] == other)
    for rel in before:
        if rel.startswith("articles/") and rel.split("/")[1] in others:
            assert after[rel] == before[rel], rel


def test_added_then_removed_page(work: Path) -> None:
    run_ok(work)
    (work / "corpus" / "zz-brussels.txt").write_text(EXTRA_PAGE, encoding="utf-8")
    added = run_ok(work)
    assert added["counts"]["cache_hits"] == len(SAMPLES)
    assert added["counts"]["pages"] == len(SAMPLES) + 1
    slug = event_of(added, "zz-brussels")
    assert (work / "out" / "events" / slug / "briefing.en.md").is_file()
    assert "zz-brussels" in (work / "out" / "index.md").read_text(encoding="utf-8")

    (work / "corpus" / "zz-brussels.txt").unlink()
    removed = run_ok(work)
    out = work / "out"
    assert removed["counts"]["cache_hits"] == len(SAMPLES)
    assert removed["counts"]["files_removed"] > 0
    assert not (out / "articles" / "zz-brussels").exists()
    assert not (out / "events" / slug).exists()
    assert "zz-brussels" not in (out / "index.md").read_text(encoding="utf-8")
    on_disk = {rel for rel in snapshot(out) if rel != "manifest.json"}
    assert on_disk == set(removed["files"])


def test_cached_run_matches_uncached_run_byte_for_byte(work: Path) -> None:
    run_ok(work)
    cached = run_ok(work)
    assert cached["counts"]["cache_hits"] == len(SAMPLES)
    fresh = run_ok(work, "--no-cache", out="out-fresh")
    assert fresh["counts"]["cache_hits"] == 0
    a, b = snapshot(work / "out"), snapshot(work / "out-fresh")
    assert set(a) == set(b)
    for rel in a:
        if rel == "manifest.json":
            assert comparable(a[rel][1]) == comparable(b[rel][1])
        else:
            assert a[rel][1] == b[rel][1], rel


def test_no_cache_neither_reads_nor_writes_the_cache(work: Path) -> None:
    run_ok(work, "--no-cache")
    assert not (work / "cache").exists()


def test_cache_info_and_clear(work: Path) -> None:
    assert "no cache" in briefing(work, "cache", "info").stdout
    run_ok(work)
    info = briefing(work, "cache", "info")
    assert info.exit_code == 0
    assert str(work / "cache") in info.stdout
    assert '"article"' in info.stdout and '"event"' in info.stdout

    cleared = briefing(work, "cache", "clear", "--stage", "event")
    assert cleared.exit_code == 0 and "removed" in cleared.stdout
    assert run_ok(work)["counts"]["cache_hits"] == len(SAMPLES)  # articles still cached

    cleared = briefing(work, "cache", "clear")
    assert cleared.exit_code == 0
    assert int(cleared.stdout.split()[1]) >= len(SAMPLES)
    assert run_ok(work)["counts"]["cache_hits"] == 0


def test_dry_run_writes_nothing(work: Path) -> None:
    result = briefing(work, "run", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"pages: {len(SAMPLES)} (0 cached, {len(SAMPLES)} to compute)" in result.stdout
    assert not (work / "out").exists()

    run_ok(work)
    before = snapshot(work / "out")
    (work / "corpus" / "zz-brussels.txt").write_text(EXTRA_PAGE, encoding="utf-8")
    result = briefing(work, "run", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"pages: {len(SAMPLES) + 1} ({len(SAMPLES)} cached, 1 to compute)" in result.stdout
    assert "nothing written" in result.stdout
    assert snapshot(work / "out") == before


def test_outputs_of_a_killed_run_are_removed_when_no_longer_produced(work: Path) -> None:
    """A run killed mid-write leaves its planned file list behind; the next run removes what it no longer makes."""
    run_ok(work)
    out = work / "out"
    orphan = out / "articles" / "page_removed_since" / "summary.en.md"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("written by a run that was killed before its manifest\n")
    record = out / ".briefing-files.json"
    data = json.loads(record.read_text())
    data["files"]["articles/page_removed_since/summary.en.md"] = None  # as a killed run leaves it
    record.write_text(json.dumps(data))
    run_ok(work)
    assert not orphan.exists() and not orphan.parent.exists()
    assert "articles/page_removed_since/summary.en.md" not in json.loads(record.read_text())["files"]


def test_deleted_output_is_rewritten_on_an_unchanged_corpus(work: Path) -> None:
    """The whole-run shortcut only applies while the outputs are as the last run left them."""
    run_ok(work)
    briefing_file = next((work / "out" / "events").glob("*/briefing.hy.md"))
    expected = briefing_file.read_bytes()
    briefing_file.unlink()
    manifest = run_ok(work)
    assert briefing_file.read_bytes() == expected
    assert manifest["counts"]["cache_hits"] == len(SAMPLES)


class _CountingTranslator(Translator):
    """Translates anything by tagging it, and records every text it was asked for."""

    name = "counting"

    def __init__(self, asked: list[tuple[str, str, str]]) -> None:
        self.asked = asked

    def translate(self, texts, src, tgt):
        self.asked.extend((text, src, tgt) for text in texts)
        return [Translation(text, f"[{tgt}] {text}", "ok", backend=self.name) for text in texts]

    def supports(self, src: str, tgt: str) -> bool:
        return True

    def describe(self) -> str:
        return "counting 1"


def test_a_changed_page_translates_only_sentences_no_earlier_run_translated(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Translations are kept across runs: editing a page re-translates only what is new in it."""
    asked: list[tuple[str, str, str]] = []
    monkeypatch.setattr(stages, "load_translator", lambda *args, **kwargs: _CountingTranslator(asked))
    run_ok(work)
    first = set(asked)
    assert first and len(asked) == len(first)  # each sentence and direction asked once in a run
    asked.clear()
    edited = work / "corpus" / SAMPLES[-1].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe ministers will meet again next month.\n", "utf-8")
    run_ok(work)
    assert not set(asked) & first  # what the first run translated came from the cache
