"""The one YAML reader for text we do not control: front matter, models.yaml, glossaries.

`yaml.safe_load` constructs no arbitrary objects, but it still expands aliases
(ten aliases a level over seven levels is a billion-element "bomb"), nests
without bound, and raises `ValueError`, `OverflowError` or `RecursionError` on
values such as `2022-02-30` or an integer of thousands of digits. `load` refuses
anchors and aliases, bounds nesting, and turns every such failure into one
`yaml.YAMLError` subclass, so a caller handles a single exception and names the
file it came from.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Deeper documents are refused; briefing's own files nest three or four levels.
MAX_DEPTH = 32


class UnsafeYAML(yaml.YAMLError):
    """The text is not YAML that briefing will read (with the reason as message)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without anchors or aliases, and with a bound on nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise UnsafeYAML(f"anchors and aliases are not allowed (line {event.start_mark.line + 1})")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise UnsafeYAML(f"nested deeper than {MAX_DEPTH} levels (line {event.start_mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load(text: str) -> Any:
    """Parse one YAML document; raises `yaml.YAMLError` (often `UnsafeYAML`) for anything unreadable."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError:
        raise
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:
        # The constructors' own failures: impossible dates, huge integers, unhashable keys.
        raise UnsafeYAML(f"unreadable value: {str(exc)[:200]}") from None
    finally:
        loader.dispose()
