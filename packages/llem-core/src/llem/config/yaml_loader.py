"""ruamel's round-trip loader, made to name the node of every value it cannot build.

ruamel builds ``!!int x``, ``!!bool maybe``, an ``!!omap`` of the wrong shape or a mapping that
merges itself with a bare ``ValueError``, ``KeyError`` or ``AttributeError`` and no position; here
each becomes a :class:`ConstructorError` marked with the node it was building.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent
from ruamel.yaml.nodes import Node

UNMARKED_ERRORS = (AttributeError, KeyError, TypeError, ValueError)


class _LocatingConstructor(RoundTripConstructor):  # type: ignore[misc]
    def construct_non_recursive_object(self, node: Node, tag: str | None = None) -> Any:
        pending = len(self.state_generators)
        try:
            data = super().construct_non_recursive_object(node, tag)
        except UNMARKED_ERRORS as error:
            raise _marked(error, node) from None
        # A mapping or list is filled later, by a generator: its errors belong to this node too.
        self.state_generators[pending:] = [
            _marking(generator, node) for generator in self.state_generators[pending:]
        ]
        return data


def _marking(generator: Iterator[Any], node: Node) -> Iterator[Any]:
    try:
        yield from generator
    except UNMARKED_ERRORS as error:
        raise _marked(error, node) from None


def _marked(error: Exception, node: Node) -> ConstructorError:
    message = f"unknown value {error}" if isinstance(error, KeyError) else str(error)
    return ConstructorError(None, None, f"cannot read this value: {message}", node.start_mark)


def load_yaml(text: str) -> Any:
    """The one document in ``text`` (``None`` when there is none), as ruamel's round-trip types."""
    yaml = YAML()
    yaml.Constructor = _LocatingConstructor
    return yaml.load(text)


def too_deep_at(text: str, limit: int) -> tuple[int, int] | None:
    """The 0-based (line, column) where ``text`` nests more than ``limit`` collections deep, read
    from the parser's events (which, unlike the composer, do not recurse)."""
    depth = 0
    for event in YAML().parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > limit:
                return event.start_mark.line, event.start_mark.column
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def content_at(text: str) -> tuple[int, int]:
    """The 0-based (line, column) where the document's content starts (a top-level scalar has
    no position of its own)."""
    event = next(event for event in YAML().parse(text) if isinstance(event, NodeEvent))
    return event.start_mark.line, event.start_mark.column
