"""Page text can never inject Markdown, HTML or front matter into a briefing."""

import html
import re
import sys
import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefing import markdown
from briefing.markdown import code_span, escape, front_matter, unescape, visible

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
    flat = " ".join(visible(text).split())
    assert unescape(escape(text)) == flat


@given(st.lists(st.text(), max_size=5))
def test_front_matter_cannot_be_closed_by_values(values):
    fields = {"title": "x", **{f"field_{i}": v for i, v in enumerate(values)}, "sources": values}
    block = front_matter(fields)
    assert block.startswith("---\n") and block.endswith("---\n")
    inner = block[4:-4]
    assert "\n---\n" not in "\n" + inner
    assert yaml.safe_load(inner) == fields


# Text that is mostly plain YAML (letters of the five scripts, digits, spaces, punctuation),
# so both of front_matter's paths (direct, and PyYAML for anything else) are exercised.
_WORDISH = st.text(alphabet="aZ09 .,;:()/+=-'#?&*!|>%@`\"\nԱաЖжəğıİ_~\u202e", max_size=12)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _WORDISH | st.text(max_size=8)
_DATA = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_WORDISH, inner, max_size=3), max_leaves=12
)


@given(st.dictionaries(_WORDISH | st.sampled_from(["title", "sources", "methods"]), _DATA, max_size=5))
def test_front_matter_writes_what_pyyaml_writes(fields):
    """The direct writer of plain entries gives PyYAML's bytes (and so reads back the same)."""
    pyyaml = yaml.dump(
        fields, Dumper=markdown._Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    assert front_matter(fields) == f"---\n{markdown._YAML_ESCAPED.sub(markdown._yaml_escape, pyyaml)}---\n"


# --- invisible characters ----------------------------------------------------------

#: Characters that reorder, hide or smuggle text, as a page can carry them in a title.
INVISIBLE = [
    ("right-to-left override", "\u202e"),
    ("left-to-right isolate", "\u2066"),
    ("right-to-left isolate", "\u2067"),
    ("first-strong isolate", "\u2068"),
    ("pop directional isolate", "\u2069"),
    ("right-to-left mark", "\u200f"),
    ("Arabic letter mark", "\u061c"),
    ("zero-width space", "\u200b"),
    ("word joiner", "\u2060"),
    ("byte-order mark", "\ufeff"),
    ("escape", "\x1b"),
    ("bell", "\x07"),
    ("NUL", "\x00"),
    ("C1 control", "\x9b"),
    ("tag letter", "\U000e0041"),
]


@pytest.mark.parametrize(("name", "char"), INVISIBLE, ids=[name for name, _ in INVISIBLE])
def test_escape_removes_invisible_characters(name: str, char: str) -> None:
    assert escape(f"Peace{char} talks{char}{char} in Geneva") == "Peace talks in Geneva"


def test_escape_removes_every_control_and_format_character_but_zwnj_and_zwj() -> None:
    """Complete for the running Python's Unicode data, so a new format character shows up here."""
    kept = {"\u200c", "\u200d"}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in ("Cc", "Cf") and not char.isspace() and char not in kept:
            assert escape(f"a{char}b") == "ab", f"U+{code:04X}"


#: Text in the languages briefings meet, which escaping must leave as it is.
SCRIPTS = [
    "Հայաստանի և Ադրբեջանի արտգործնախարարները հանդիպեցին Վաշինգտոնում։",
    "Министры иностранных дел встретились в Вашингтоне.",
    "Xarici işlər naziri Ceyhun Bayramov İrəvanda, Şuşada və Ağdamda olub.",
    "Dışişleri Bakanlığı barış sürecini memnuniyetle karşıladı; Türkiye, İstanbul, ığüşöç.",
    "وزیر امور خارجه می\u200cگوید",  # Persian, with the ZWNJ its spelling needs
    "Georgia 🇬🇪 and 👩\u200d💻",  # emoji sequences with ZWJ
]


@pytest.mark.parametrize("text", SCRIPTS)
def test_escape_leaves_armenian_cyrillic_azerbaijani_turkish_and_persian_text_alone(text: str) -> None:
    assert escape(text) == text


def test_front_matter_writes_invisible_characters_as_yaml_escapes() -> None:
    title = "Peace\u202e talks \u2066isolated\u2069 \u200bzero \x1b[31mred\x07 \U000e0041"
    block = front_matter({"title": title, "sources": [{"file": "a\u202eb.txt"}]})
    for _, char in INVISIBLE:
        assert char not in block
    assert "\\u202E" in block and "\\u2066" in block
    assert yaml.safe_load(block[4:-4]) == {"title": title, "sources": [{"file": "a\u202eb.txt"}]}


# --- autolinks ----------------------------------------------------------------------------

#: Page text that GFM would turn into a link (extended autolinks), and plain text that must stay as it is.
AUTOLINK_TEXT = [
    "Read more at https://evil.example/login now",
    "HTTP://EVIL.EXAMPLE/x",
    "ftp://files.example.org/a.zip",
    "see www.evil.example/path",
    "WWW.EVIL.EXAMPLE",
    "mail editor@newsroom.example.com",
    "mailto:editor@newsroom.example.com",
    "(https://evil.example)",
    "*www.evil.example*",
]


@pytest.mark.parametrize("text", AUTOLINK_TEXT)
def test_page_text_never_holds_an_autolink(text: str) -> None:
    escaped = escape(text)
    assert not re.search(r"(?i)[a-z]://|www\.|[^\\]@", escaped), escaped
    assert unescape(escaped) == text


@pytest.mark.parametrize("text", [*HOSTILE, *AUTOLINK_TEXT, *SCRIPTS])
def test_escaped_text_renders_as_the_same_text_and_no_link(text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark").renderInline(escape(text))
    assert "<a " not in rendered and "<img" not in rendered
    assert html.unescape(rendered) == " ".join(text.split())


@pytest.mark.parametrize(
    "text", ["www.evil.example.txt", "a_b*c.txt", "`tick`.txt", "x``y.txt", "<script>.txt", "line\nbreak\u202e.txt"]
)
def test_a_code_span_shows_a_file_name_as_written(text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    span = code_span(text)
    assert "\n" not in span
    rendered = markdown_it.MarkdownIt("commonmark").renderInline(span)
    assert html.unescape(rendered) == f"<code>{' '.join(visible(text).split())}</code>"
