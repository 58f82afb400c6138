"""Page text can never inject Markdown, HTML or front matter into a briefing."""

import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefing.markdown import escape, front_matter, unescape

HOSTILE = [
    "[click](http://evil.example)",
    "![img](x.png)",
    "<script>alert(1)</script>",
    "# Heading",
    "- list item",
    "1. numbered",
    "---",
    "| a | b |",
    "`code`",
    "**bold** _it_",
    "../../../etc/passwd <script>alert(1)</script> | rm -rf ~",
]


def test_hostile_text_renders_literally():
    for text in HOSTILE:
        escaped = escape(text)
        assert "](" not in escaped.replace("\\]", "")
        assert "<" not in escaped.replace("\\<", "")
        assert not escaped.startswith(("#", "-", "---", "|"))
        assert unescape(escaped) == text


def test_escape_flattens_newlines():
    assert "\n" not in escape("line one\n---\ntitle: injected")


@given(st.text())
def test_escape_round_trips(text):
    flat = " ".join(text.split())
    assert unescape(escape(text)) == flat


@given(st.lists(st.text(), max_size=5))
def test_front_matter_cannot_be_closed_by_values(values):
    fields = {"title": "x", **{f"field_{i}": v for i, v in enumerate(values)}, "sources": values}
    block = front_matter(fields)
    assert block.startswith("---\n") and block.endswith("---\n")
    inner = block[4:-4]
    assert "\n---\n" not in "\n" + inner
    assert yaml.safe_load(inner) == fields
