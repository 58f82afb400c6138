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
from functools import lru_cache
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
_BACKTICKS = re.compile(r"`+")


@lru_cache(maxsize=32768)  # a run escapes the same names, places and sentences in every output language
def escape(text: str) -> str:
    """`text` as inline Markdown that renders literally, on one line, without invisible characters."""
    flat = _one_line(text)
    escaped = _AUTOLINK.sub(r"\\\g<0>", _INLINE.sub(r"\\\1", flat))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def code_span(text: str) -> str:
    """`text` as an inline code span: shown as written (backslashes and all), never a link, on one line."""
    flat = _one_line(text)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def visible(text: str) -> str:
    """`text` without the invisible characters of `_INVISIBLE` (whitespace is left alone)."""
    return _INVISIBLE.sub("", text)


def _one_line(text: str) -> str:
    """`visible(text)` with every run of whitespace (line breaks included) one space, trimmed."""
    return " ".join(visible(text).split())


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
    body = "".join(_entry(key, value) for key, value in fields.items()) if fields else _dump(fields)
    return f"---\n{_YAML_ESCAPED.sub(_yaml_escape, body)}---\n"


def _entry(key: str, value: Any) -> str:
    """One top-level entry of the block: written directly when every scalar in it is plain
    text (`_simple`), else by PyYAML. Both give the same bytes; the direct path is only faster
    (PyYAML's representer was a third of the time spent rendering a run)."""
    lines: list[str] = []
    if _block({key: value}, 0, lines):
        return "\n".join(lines) + "\n"
    known = repr((key, value))  # plain data: equal reprs, equal YAML
    text = _DUMPED.get(known)
    if text is None:
        text = _dump({key: value})
        if len(_DUMPED) < _DUMPED_MAX:
            _DUMPED[known] = text
    return text


# PyYAML's text of entries met before: the entries every file of a run shares (its methods,
# quoted for their ": ") are dumped once.
_DUMPED: dict[str, str] = {}
_DUMPED_MAX = 1024


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


# Strings PyYAML writes as they are (plain style) whatever they say: a letter or digit, then
# letters, digits, spaces and punctuation that is never a YAML indicator in block context,
# ending in no space. Whether the text would read back as another type ("null", "1.5",
# "2024-05-10") is `_resolves_to_str`'s question.
_PLAIN = re.compile(r"[^\W_][\w .,;()/+=\-']{0,400}(?<! )")


_RESOLVER = _Dumper.__new__(_Dumper)  # `resolve` reads only the class's implicit resolvers


@lru_cache(maxsize=4096)
def _resolves_to_str(text: str) -> bool:
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _scalar(value: Any) -> str | None:
    """`value` as PyYAML writes it in block context, or None when only PyYAML should say."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is str and _simple(value):
        return value
    return None


def _simple(text: Any) -> bool:
    return type(text) is str and _PLAIN.fullmatch(text) is not None and _resolves_to_str(text)


def _block(mapping: dict, indent: int, lines: list[str], first: str = "") -> bool:
    """Append `mapping`'s lines (block style, `indent` spaces; the first line starts with
    `first` instead, for a mapping that is a sequence item). False when it holds anything
    but `_scalar`s, non-empty mappings and lists of them, and simple keys."""
    pad = " " * indent
    for key, value in mapping.items():
        start, first = (first or pad), ""
        if not _simple(key):
            return False
        if isinstance(value, dict) and value:
            lines.append(f"{start}{key}:")
            if not _block(value, indent + 2, lines):
                return False
        elif isinstance(value, list) and value:
            lines.append(f"{start}{key}:")
            for item in value:  # a sequence in a mapping is not indented
                if isinstance(item, dict) and item:
                    if not _block(item, indent + 2, lines, first=f"{pad}- "):
                        return False
                elif (text := _scalar(item)) is not None:
                    lines.append(f"{pad}- {text}")
                else:
                    return False
        elif (text := _scalar(value)) is not None:
            lines.append(f"{start}{key}: {text}")
        else:
            return False
    return True
