"""Page text that tries to act in a briefing: invisible characters and bare links, through the whole job.

The unit tests of `briefing.markdown` cover the escaping itself; these check what
a reader gets in every file the run writes from a page that carries both.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from briefing.config import load_config
from briefing.pipeline import Pipeline

OFFLINE = {"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False}
#: What must not reach a Markdown file: bidi controls, zero-width characters, ESC and BEL.
INVISIBLE = "\u202e\u2066\u2067\u2068\u2069\u200b\u200f\ufeff\x1b\x07"
#: Where GFM would start a link in the Markdown source.
AUTOLINK = re.compile(r"(?i)(?<![\\])\b(?:https?|ftp)://|(?<![\\])\bwww\.(?!\\)|(?<=[a-z0-9])@")

PAGE = """---
title: "Peace\\u202e talks \\u2066resume\\u2069 in Geneva\\e[31m\\a"
url: https://news.example/geneva
---
Peace\u2067 talks\u2069 resume in Geneva\u200b
The foreign ministers of Armenia and Azerbaijan met in Geneva on Monday for talks on the peace treaty, officials said.
The ministers agreed to meet again next month, according to a statement posted at https://evil.example/login today.
Details of the talks were published at www.evil.example/news and sent to editor@newsroom.example.com on Monday.
"""


def _body(markdown: str) -> str:
    """A Markdown file without its front matter."""
    return markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown


def test_titles_and_body_text_reach_every_briefing_without_invisible_characters_or_links(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "geneva.txt").write_text(PAGE, encoding="utf-8")
    Pipeline(load_config(None, **OFFLINE)).run(tmp_path / "corpus", tmp_path / "out")

    written = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "out").rglob("*.md")
    }
    assert {"index.md", "articles/geneva/summary.en.md"} <= set(written)
    assert any(name.startswith("events/") for name in written)
    for name, text in written.items():
        assert not [c for c in INVISIBLE if c in text], name
        assert not AUTOLINK.search(_body(text)), (name, AUTOLINK.search(_body(text)))
    index = written["index.md"]
    assert "Peace talks resume in Geneva\\[31m" in index  # the title, visible letters intact
    summary = written["articles/geneva/summary.en.md"]
    assert "https\\://evil.example/login" in summary or "www\\.evil.example/news" in summary
    front = yaml.safe_load(summary.split("---\n")[1])
    assert front["sources"][0]["url"] == "https://news.example/geneva"  # front matter keeps data as data
