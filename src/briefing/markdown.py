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


class _Dumper(yaml.SafeDumper):
    """Double-quotes strings with characters YAML would otherwise read back as line breaks or drop."""


_AWKWARD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _AWKWARD.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def front_matter(fields: dict[str, Any]) -> str:
    """A YAML front-matter block. Values are YAML-quoted, so page text cannot end the block."""
    body = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return f"---\n{body}---\n"
