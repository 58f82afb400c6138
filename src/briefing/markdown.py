"""Safe Markdown: escaping page text, and front matter.

Page text is untrusted. Anything taken from a page goes through `escape` (or
`code_span`), so a briefing never gains a link, an image, HTML, a heading or
front matter that the page smuggled in. `unescape` inverts `escape` exactly.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Characters with inline meaning in CommonMark / GFM, escaped wherever they occur.
_INLINE = re.compile(r"([\\`*_\[\]<>|!~&#{}$])")
# Characters that only mean something at the start of a line (after indentation).
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>|!~&#{}$\-+=.)])")
_SPACES = re.compile(r"\s+")


def escape(text: str) -> str:
    """`text` as inline Markdown that renders literally, on one line."""
    flat = _SPACES.sub(" ", text).strip()
    escaped = _INLINE.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


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
# Angle brackets: a page's file name or title such as "<script>" must not appear
# as raw HTML in a briefing, front matter included (some renderers, e.g. GitHub,
# show front matter as a table). Strings holding them are double-quoted, and
# `front_matter` then writes every bracket as a YAML escape.
_ANGLE = re.compile("[<>]")
_ANGLE_ESCAPES = {ord("<"): "\\x3C", ord(">"): "\\x3E"}


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _AWKWARD.search(value) or _ANGLE.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def front_matter(fields: dict[str, Any]) -> str:
    """A YAML front-matter block. Values are YAML-quoted, so page text cannot end the block.

    No raw `<` or `>` appears in the block: every string holding one is
    double-quoted (see `_represent_str`), so each bracket lies inside a
    double-quoted scalar, where the escapes \\x3C / \\x3E read back as the same text.
    """
    body = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    body = body.translate(_ANGLE_ESCAPES)
    return f"---\n{body}---\n"
