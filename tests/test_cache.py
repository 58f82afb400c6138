"""The stage-result cache (briefing.cache): storage, recovery, keys and (de)serialisation."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cache import Cache, DecodeError, decode, encode, key, schema_fingerprint
from briefing.document import (
    Article,
    DateMention,
    Event,
    Fragment,
    Line,
    Metadata,
    Page,
    PageFailure,
    Person,
    Sentence,
    SummarySentence,
)
from killrun import KILLED, file_appeared, run_and_kill

# -- realistic data-model instances -------------------------------------------------------------

PAGE = Page(
    id="005_azatutyun_talks",
    path=Path("corpus/005_azatutyun_talks.html"),
    text="Ссылка скопирована\nArmenian and Azerbaijani foreign ministers met in Almaty on May 10.\n© 2024",
    sha256="9f" * 32,
    format="html",
    encoding="utf-8",
    url="https://example.org/a/33100.html",
    published=dt.date(2024, 5, 11),
    source="Azatutyun",
    warnings=["page header date 2024-05-12 ignored"],
)
LINES = [
    Line(1, "Ссылка скопирована", kept=False, reason="interface"),
    Line(2, "Armenian and Azerbaijani foreign ministers met in Almaty on May 10."),
    Line(3, "© 2024", kept=False, reason="copyright"),
]
FRAGMENT = Fragment(
    page_id=PAGE.id,
    line=1,
    start=0,
    end=18,
    text="Ссылка скопирована",
    script="Cyrillic",
    language="ru",
    confidence=0.97,
    kind="interface",
    action="stripped",
    note="UI string",
)
QUOTE = Fragment(
    page_id=PAGE.id,
    line=2,
    start=4,
    end=30,
    text="Խաղաղությունը հնարավոր է",
    script="Armenian",
    language="hy",
    confidence=0.9,
    kind="content",
    action="translated",
    translation="Peace is possible",
)
SENTENCE = Sentence("Armenian and Azerbaijani foreign ministers met in Almaty on May 10.", line=2, index=0)
FOREIGN_SENTENCE = Sentence("Խաղաղությունը հնարավոր է։", line=4, index=1, language="hy", english="Peace is possible.")
DATE = DateMention("May 10-11", dt.date(2024, 5, 10), "day", line=2, certain=False, end=dt.date(2024, 5, 11))
PERSON = Person("Ararat Mirzoyan", role="Foreign Minister of Armenia", mentions=3)
METADATA = Metadata(
    title="Foreign ministers meet in Almaty",
    published=dt.date(2024, 5, 11),
    published_evidence="byline line 5",
    dates=[DATE],
    places=["Almaty", "Kazakhstan"],
    people=[PERSON, Person("Jeyhun Bayramov")],
)
SUMMARY = SummarySentence(
    "The ministers agreed to continue talks.",
    sources=[PAGE.id, "006_apa"],
    translations={"hy": "Նախարարները պայմանավորվեցին շարունակել բանակցությունները։"},
    flags={"az": ["untranslated: no model for en->az"]},
)
ARTICLE = Article(
    page=PAGE,
    lines=LINES,
    language="en",
    fragments=[FRAGMENT, QUOTE],
    sentences=[SENTENCE, FOREIGN_SENTENCE],
    meta=METADATA,
    summary=[SUMMARY],
    summary_method="lead-3",
)
EVENT = Event(
    slug="2024-05-10-almaty-talks",
    title="Foreign ministers meet in Almaty",
    start=dt.date(2024, 5, 10),
    end=dt.date(2024, 5, 11),
    articles=[ARTICLE, Article(page=Page("undated", Path("x.txt"), "", "00", "txt", "ascii"))],
    places=["Almaty"],
    people=[PERSON],
    host="Kazakhstan",
    summary=[SUMMARY],
    summary_method="merged",
    notes=["article undated gives no date; joined by content"],
)
UNDATED_EVENT = Event(slug="undated-border-commission", title="Border commission", start=None, end=None, articles=[])

ROUND_TRIP_CASES = [
    (PAGE, Page),
    (LINES[0], Line),
    (FRAGMENT, Fragment),
    (QUOTE, Fragment),
    (SENTENCE, Sentence),
    (FOREIGN_SENTENCE, Sentence),
    (DATE, DateMention),
    (PERSON, Person),
    (METADATA, Metadata),
    (Metadata(), Metadata),
    (SUMMARY, SummarySentence),
    (ARTICLE, Article),
    (EVENT, Event),
    (UNDATED_EVENT, Event),
    (PageFailure(Path("corpus/bad.bin"), "not text: binary file"), PageFailure),
    ([ARTICLE, ARTICLE], list[Article]),
    ({"hy": [SUMMARY]}, dict[str, list[SummarySentence]]),
    (None, Article | None),
]


@pytest.mark.parametrize("obj, cls", ROUND_TRIP_CASES)
def test_encode_decode_round_trip(obj, cls):
    text = encode(obj)
    again = decode(text, cls)
    assert again == obj
    assert encode(again) == text


def test_decoded_values_have_their_declared_types():
    event = decode(encode(EVENT), Event)
    assert isinstance(event.start, dt.date)
    assert isinstance(event.articles[0].page.path, Path)
    assert isinstance(event.articles[0].meta.dates[0].end, dt.date)
    assert isinstance(event.articles[0].fragments[0].confidence, float)


def test_encode_is_compact_plain_json_without_pickle():
    text = encode(DATE)
    assert (
        text == '{"text":"May 10-11","date":"2024-05-10","precision":"day","line":2,"certain":false,"end":"2024-05-11",'
        '"span":null,"sentence":""}'
    )


paths = st.builds(Path, st.text(alphabet=st.characters(blacklist_characters="\x00/"), min_size=1, max_size=10))
people = st.builds(Person, role=..., mentions=...)
date_mentions = st.builds(DateMention, end=...)
metadatas = st.builds(
    Metadata,
    title=...,
    published=...,
    published_evidence=...,
    dates=st.lists(date_mentions, max_size=3),
    places=...,
    people=st.lists(people, max_size=3),
)
fragments = st.builds(Fragment, confidence=st.floats(allow_nan=False), translation=..., note=...)
summaries = st.builds(SummarySentence, translations=..., flags=...)
pages = st.builds(Page, path=paths, url=..., published=..., source=..., warnings=...)
articles = st.builds(
    Article,
    page=pages,
    lines=st.lists(st.builds(Line, kept=..., reason=...), max_size=3),
    language=...,
    fragments=st.lists(fragments, max_size=2),
    sentences=st.lists(st.builds(Sentence, language=..., english=...), max_size=3),
    meta=metadatas,
    summary=st.lists(summaries, max_size=2),
    summary_method=...,
)
events = st.builds(
    Event,
    articles=st.lists(articles, max_size=2),
    places=...,
    people=st.lists(people, max_size=2),
    host=...,
    summary=st.lists(summaries, max_size=2),
    summary_method=...,
    notes=...,
)


@settings(max_examples=60, deadline=None)
@given(event=events)
def test_any_event_round_trips(event: Event):
    assert decode(encode(event), Event) == event


DECODE_ERRORS = [
    (encode(DATE).replace('"day"', '"week"'), DateMention, "precision"),
    (encode(DATE).replace('"2024-05-10"', '"10 May"'), DateMention, "date"),
    (encode(PERSON).replace(',"mentions":3', ""), Person, None),  # a field with a default may be missing...
    ('{"role":null}', Person, "name"),  # ...a required one may not
    (encode(PERSON)[:-1] + ',"nickname":"A"}', Person, "nickname"),
    (encode(EVENT).replace('"certain":false', '"certain":"no"'), Event, "articles[0].meta.dates[0].certain"),
    ("{not json", Person, "JSON"),
    ("[1, 2]", Person, "object"),
]


@pytest.mark.parametrize("text, cls, where", DECODE_ERRORS)
def test_decode_rejects_data_of_the_wrong_shape(text, cls, where):
    if where is None:
        assert decode(text, cls) == Person("Ararat Mirzoyan", role="Foreign Minister of Armenia")
        return
    with pytest.raises(DecodeError, match=where.replace("[", r"\[").replace("]", r"\]")):
        decode(text, cls)


@pytest.mark.parametrize("value", [{1: "a"}, object(), {"x": {1, 2}}])
def test_encode_refuses_what_it_cannot_round_trip(value):
    with pytest.raises(TypeError):
        encode(value)


@dataclass
class _V1:
    name: str
    kind: Literal["a", "b"] = "a"


@dataclass
class _V2:
    name: str
    kind: Literal["a", "b", "c"] = "a"


@dataclass
class _V3:
    name: str
    kind: Literal["a", "b"] = "a"
    tags: list[str] = field(default_factory=list)


def test_schema_fingerprint_changes_with_the_data_model():
    assert schema_fingerprint(Article) == schema_fingerprint(Article)
    assert len({schema_fingerprint(c) for c in (_V1, _V2, _V3)}) == 3
    assert schema_fingerprint(Event) != schema_fingerprint(Article)


# -- keys -------------------------------------------------------------------------------------

STAGE_CONFIG = {"max_sentences": 5, "method": "lead", "languages": ["en", "hy", "az"]}


def test_key_ignores_dict_order_but_not_values():
    same = key("9f" * 32, {"method": "lead", "languages": ["en", "hy", "az"], "max_sentences": 5}, "model@rev1")
    assert key("9f" * 32, STAGE_CONFIG, "model@rev1") == same
    assert key("9f" * 32, STAGE_CONFIG, "model@rev2") != same
    assert key("9f" * 32, {**STAGE_CONFIG, "max_sentences": 6}, "model@rev1") != same
    assert key("9e" * 32, STAGE_CONFIG, "model@rev1") != same


KEY_COLLISION_CASES = [(("ab", "c"), ("a", "bc")), (("x", None), ("x",)), ((1,), ("1",)), ((b"\x01",), ("01",))]


@pytest.mark.parametrize("a, b", KEY_COLLISION_CASES)
def test_key_parts_do_not_run_together(a, b):
    assert key(*a) != key(*b)


def test_key_is_stable_across_processes():
    script = "from briefing.cache import key; print(key('abc', {'b': [1, 2.5, None], 'a': {'x'}}, 'm@r'))"
    keys = {
        subprocess.run(
            [sys.executable, "-c", script], env={"PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert keys == {key("abc", {"a": {"x"}, "b": [1, 2.5, None]}, "m@r")}
    assert len(next(iter(keys))) == 64


# -- storage ----------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path):
    with Cache(tmp_path / "cache.sqlite3") as c:
        yield c


def test_put_get_and_persistence(tmp_path: Path):
    path = tmp_path / "c" / "cache.sqlite3"
    with Cache(path) as c:
        assert c.get("clean", "k1") is None
        c.put("clean", "k1", encode(LINES))
        c.put("clean", "k1", encode(LINES[:1]))  # replaced
        assert decode(c.get("clean", "k1"), list[Line]) == LINES[:1]
        assert c.get("langid", "k1") is None  # stages are separate
    with Cache(path) as c:
        assert decode(c.get("clean", "k1"), list[Line]) == LINES[:1]
        assert (c.hits, c.misses) == (1, 0)


def test_folder_path_uses_default_file_name(tmp_path: Path):
    with Cache(tmp_path) as c:
        c.put("s", "k", "v")
    assert (tmp_path / "cache.sqlite3").exists()


def test_put_many_accepts_pairs_and_mappings(cache: Cache):
    assert cache.put_many("translate", {"a": "1", "b": "2"}) == 2
    assert cache.put_many("translate", [("c", "3")]) == 1
    assert cache.put_many("translate", []) == 0
    assert [cache.get("translate", k) for k in "abc"] == ["1", "2", "3"]


BAD_PUTS = [("", "k", "v", ValueError), ("s", "k", b"v", TypeError), ("s", 1, "v", TypeError)]


@pytest.mark.parametrize("stage, k, value, error", BAD_PUTS)
def test_put_rejects_bad_arguments(cache: Cache, stage, k, value, error):
    with pytest.raises(error):
        cache.put(stage, k, value)


def test_wal_mode_is_on(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    with Cache(path) as c:
        assert c.info()["journal_mode"] == "wal"
        other = sqlite3.connect(path)
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        other.close()


def test_reader_is_not_blocked_by_an_open_write_and_sees_only_commits(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    with Cache(path) as writer, Cache(path) as reader:
        writer.put("summarise", "k", "old")
        raw = sqlite3.connect(path, isolation_level=None, timeout=0)
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE entries SET value='uncommitted' WHERE key='k'")
        assert reader.get("summarise", "k") == "old"
        raw.execute("COMMIT")
        raw.close()
        assert reader.get("summarise", "k") == "uncommitted"


BATCH = 50


def test_concurrent_reader_sees_whole_batches_only(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    errors: list[BaseException] = []
    Cache(path).close()  # create the schema before the threads race

    def write():
        try:
            with Cache(path) as w:
                for batch in range(40):
                    w.put_many("segment", {f"{batch}-{i}": "x" * 200 for i in range(BATCH)})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=write)
    with Cache(path) as reader:
        thread.start()
        seen = []
        while thread.is_alive():
            seen.append(reader.info()["total_entries"])
        thread.join()
        seen.append(reader.info()["total_entries"])
    assert not errors
    assert all(n % BATCH == 0 for n in seen)
    assert seen[-1] == 40 * BATCH


def test_info_and_clear(cache: Cache):
    cache.put_many("clean", {"a": "1", "b": "2"})
    cache.put("translate", "a", "3")
    info = cache.info()
    assert info["entries"] == {"clean": 2, "translate": 1}
    assert info["value_bytes"] == {"clean": 2, "translate": 1}
    assert info["total_entries"] == 3
    assert info["size_bytes"] > 0
    assert info["persistent"] is True
    assert dt.datetime.fromisoformat(info["created"]) <= dt.datetime.fromisoformat(info["last_used"])
    assert cache.clear("clean") == 2
    assert cache.info()["entries"] == {"translate": 1}
    assert cache.clear() == 1
    assert cache.info()["total_entries"] == 0
    assert cache.get("translate", "a") is None


def _night(path: Path, reads: list[str], writes: list[str], keep_runs: int = 2) -> int:
    """One complete run: read and write entries of stage "page", then prune; returns how many were pruned."""
    with Cache(path) as run:
        for k in reads:
            assert run.get("page", k) is not None, k
        run.put_many("page", {k: "result" for k in writes})
        return run.prune(keep_runs)


def test_prune_deletes_what_the_last_runs_did_not_use(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    assert _night(path, [], ["kept", "dropped-after-night-1"]) == 0
    assert _night(path, ["kept"], ["dropped-after-night-2"]) == 0  # night 1 is still among the last 2
    assert _night(path, ["kept"], []) == 1
    assert _keys(path) == {"kept", "dropped-after-night-2"}
    assert _night(path, ["kept"], []) == 1
    assert _keys(path) == {"kept"}
    with Cache(path) as c:
        assert len(c.info()["complete_runs"]) == 2


def _keys(path: Path) -> set[str]:
    """The keys stored, read without a Cache (whose reads would count as uses)."""
    with sqlite3.connect(path) as conn:
        return {k for (k,) in conn.execute("SELECT key FROM entries")}


def test_prune_deletes_nothing_until_enough_runs_are_recorded(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    with Cache(path) as before_pruning_existed:
        before_pruning_existed.put("page", "old", "result")
    assert _night(path, [], ["new"], keep_runs=3) == 0
    assert _night(path, [], [], keep_runs=3) == 0
    assert _night(path, [], [], keep_runs=3) == 1  # the third run: "new" was used by one of the last three
    assert _keys(path) == {"new"}


def test_prune_never_deletes_what_this_run_used_whatever_the_clock(tmp_path: Path, monkeypatch):
    path = tmp_path / "cache.sqlite3"
    _night(path, [], ["a"])
    _night(path, ["a"], [])
    real_time = __import__("time").time
    monkeypatch.setattr("briefing.cache.time.time", lambda: real_time() - 3600)  # the clock went back an hour
    assert _night(path, ["a"], ["b"]) == 0
    assert _keys(path) == {"a", "b"}


#: (statement planting garbage, whether the entry written before it survives two runs' pruning)
PLANTED = [
    ("UPDATE entries SET used = 'not a time'", False),  # counts as never used
    ("INSERT OR REPLACE INTO meta VALUES ('runs', 'garbage')", True),  # the run history starts afresh
    ("INSERT OR REPLACE INTO meta VALUES ('runs', '[true, \"x\"]')", True),
    ("INSERT OR REPLACE INTO meta VALUES ('runs', '[NaN, NaN]')", True),
    ("UPDATE meta SET value = 'yesterday' WHERE name = 'created'", True),
]


@pytest.mark.parametrize(("statement", "kept"), PLANTED)
def test_planted_garbage_neither_breaks_info_nor_misleads_pruning(tmp_path: Path, statement: str, kept: bool):
    path = tmp_path / "cache.sqlite3"
    _night(path, [], ["k"])
    with sqlite3.connect(path) as conn:
        conn.execute(statement)
    with Cache(path) as c:
        assert c.info()["entries"] == {"page": 1}
    _night(path, [], [])
    assert _keys(path) == ({"k"} if kept else set())


def test_a_value_that_is_not_text_is_a_miss(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    with Cache(path) as c:
        c.put("page", "k", "v")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE entries SET value = x'00ff'")
    with Cache(path) as c:
        assert c.get("page", "k") is None
        assert (c.hits, c.misses) == (0, 1)


def test_closed_cache_refuses_use(tmp_path: Path):
    c = Cache(tmp_path / "c.sqlite3")
    c.close()
    c.close()  # twice is fine
    with pytest.raises(ValueError, match="closed"):
        c.get("s", "k")


# -- damage and recovery ------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, it is an HTML error page\n" * 100)


def _zeroed_header(path: Path) -> None:
    with Cache(path) as c:
        c.put_many("clean", {str(i): "x" * 500 for i in range(200)})
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


def _scrambled_pages(path: Path) -> None:
    with Cache(path) as c:
        c.put_many("clean", {str(i): "x" * 500 for i in range(200)})
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 997):  # damage every page after the first
        data[offset : offset + 16] = b"\xde\xad\xbe\xef" * 4
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_garbage, _zeroed_header, _scrambled_pages])
def test_damaged_file_is_moved_aside_and_the_run_goes_on(tmp_path: Path, caplog, damage):
    path = tmp_path / "cache.sqlite3"
    damage(path)
    damaged_bytes = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="briefing.cache"), Cache(path) as c:
        c.get("clean", "5")  # damage deep in the file shows only when read
        c.put("clean", "k", "v")
        assert c.get("clean", "k") == "v"
        assert c.persistent
    assert "damaged" in caplog.text
    aside = list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    assert aside and any(p.read_bytes() == damaged_bytes for p in aside)
    with Cache(path) as again:
        assert again.get("clean", "k") == "v"


def test_verify_detects_damage_the_open_did_not_see(tmp_path: Path, caplog):
    path = tmp_path / "cache.sqlite3"
    _scrambled_pages(path)  # the first page (header and schema) is intact, so opening succeeds
    with caplog.at_level(logging.WARNING, logger="briefing.cache"), Cache(path) as c:
        assert not list(tmp_path.glob("*.corrupt-*"))
        assert c.verify() is False
        assert list(tmp_path.glob("*.corrupt-*"))
        assert c.verify() is True
        assert c.info()["total_entries"] == 0


def test_unusable_location_falls_back_to_memory(tmp_path: Path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger="briefing.cache"), Cache(blocker / "cache.sqlite3") as c:
        assert c.persistent is False
        c.put("clean", "k", "v")
        assert c.get("clean", "k") == "v"
    assert "in-memory" in caplog.text


# Writes batches of entries until killed; creates a marker file after the first batch.
CACHE_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from briefing.cache import Cache
    c = Cache(Path(sys.argv[1]))
    batch = 0
    while True:
        c.put_many("summarise", {f"{batch}-{i}": "y" * 1000 for i in range(BATCH)})
        batch += 1
        if batch == 3:
            Path(sys.argv[2]).write_text("started")
    """
).replace("BATCH", str(BATCH))


def test_killed_writer_loses_no_committed_batch(tmp_path: Path):
    path = tmp_path / "cache.sqlite3"
    marker = tmp_path / "started"
    rc = run_and_kill(
        [str(path), str(marker)], file_appeared(marker), cwd=tmp_path, command=[sys.executable, "-c", CACHE_WRITER]
    )
    assert rc == KILLED
    with Cache(path) as c:
        assert c.verify() is True
        total = c.info()["total_entries"]
        assert total >= 3 * BATCH and total % BATCH == 0
        assert c.get("summarise", "0-0") == "y" * 1000
