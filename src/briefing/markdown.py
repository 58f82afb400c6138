"""Safe Markdown: escaping page text, and front matter.

Page text is untrusted. Anything taken from a page goes through `escape` (or
`code_span`, for a file name shown as code), so a briefing never gains a link (autolinks included), an image, HTML, a heading or
front matter that the page smuggled in, nor invisible characters that reorder
or hide text (bidi controls, zero-width characters, terminal escapes).
`unescape` inverts `escape` for visible text. `front_matter` writes the same
invisible characters as YAML escapes, so the data survives but cannot act.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Characters with inline meaning in CommonMark / GFM, escaped wherever they occur.
_INLINE = re.compile(r"([\\`*_\[\]<>|!~&#{}$])")
# Where GFM's extended autolinks start: "scheme://", "www." and e-mail "@". A
# backslash before the ":", "." or "@" renders as that character, but the
# source no longer holds the trigger, so the text stays text. (GitHub's own
# renderer still links a bare e-mail address: it finds them after escapes are
# resolved, and no escape that renders the same text can stop that.)
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=www)\.|@")
# Invisible characters that can reorder, hide or smuggle text: C0/C1 controls
# other than whitespace (ESC, BEL, NUL, ...) and Unicode format characters
# (category Cf): bidi embeddings, overrides and isolates (U+202A-202E,
# U+2066-2069, LRM/RLM/ALM), zero-width space and word joiner, BOM, soft hyphen,
# interlinear annotation, tag characters. Kept: ZWNJ and ZWJ (U+200C, U+200D),
# which Persian spelling and emoji sequences need; no Armenian, Cyrillic,
# Azerbaijani or Turkish letter is in the class.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
# Characters that only mean something at the start of a line (after indentation).
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>|!~&#{}$\-+=.):@])")
_SPACES = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")


def escape(text: str) -> str:
    """`text` as inline Markdown that renders literally, on one line, without invisible characters."""
    flat = _SPACES.sub(" ", visible(text)).strip()
    escaped = _AUTOLINK.sub(r"\\\g<0>", _INLINE.sub(r"\\\1", flat))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def code_span(text: str) -> str:
    """`text` as an inline code span: shown as written (backslashes and all), never a link, on one line."""
    flat = _SPACES.sub(" ", visible(text)).strip()
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def visible(text: str) -> str:
    """`text` without the invisible characters of `_INVISIBLE` (whitespace is left alone)."""
    return _INVISIBLE.sub("", text)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def unescape(text: str) -> str:
    """Inverse of `escape` (for text `escape` produced)."""
    return _UNESCAPE.sub(r"\1", text)


# libyaml's emitter when PyYAML has it: the pure-Python one was the costliest step of rendering.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Double-quotes strings with characters YAML would otherwise read back as line breaks or drop."""


_AWKWARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# Written as YAML escapes. Angle brackets: a page's file name or title such as
# "<script>" must not appear as raw HTML in a briefing, front matter included
# (some renderers, e.g. GitHub, show front matter as a table). Invisible
# characters: a title must not reorder or hide the front matter around it.
# Strings holding any of them are double-quoted, and `front_matter` then
# writes each as an escape.
_YAML_ESCAPED = re.compile("[<>]|" + _INVISIBLE.pattern)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _AWKWARD.search(value) or _YAML_ESCAPED.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


_Dumper.add_representer(str, _represent_str)


def front_matter(fields: dict[str, Any]) -> str:
    """A YAML front-matter block. Values are YAML-quoted, so page text cannot end the block.

    No raw `<`, `>` or invisible character appears in the block: every string
    holding one is double-quoted (see `_represent_str`), so each lies inside a
    double-quoted scalar, where an escape such as \\x3C or \\u202E reads back as
    the same text.
    """
    body = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return f"---\n{_YAML_ESCAPED.sub(_yaml_escape, body)}---\n"
