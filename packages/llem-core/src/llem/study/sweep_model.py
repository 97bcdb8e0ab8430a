"""What a study's ``sweep:`` says, parsed: dimensions, each a tuple of alternatives."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class Assignment:
    """Set the dotted ``path`` to ``value``; ``origin`` is where the value is written
    (``study.yaml:12:7``)."""

    path: str
    value: Any
    origin: str


@attrs.frozen
class Alternative:
    """One choice of a dimension: its assignments (none for ``{}``); ``engine``: the engine it
    applies to (and implies), ``None`` when it applies to any; ``origin``: where it is written."""

    assignments: tuple[Assignment, ...]
    engine: str | None
    origin: str


@attrs.frozen
class Dimension:
    """An axis (``path: [v1, v2]``) or a group of alternatives (``name: [{...}, {...}]``);
    every configuration takes exactly one of its alternatives that apply to its engine."""

    key: str
    origin: str
    alternatives: tuple[Alternative, ...]

    @property
    def is_engine_axis(self) -> bool:
        return self.key == "engine"

    def for_engine(self, engine: str | None) -> tuple[Alternative, ...]:
        """The alternatives open to a configuration of ``engine`` (all when it is ``None``)."""
        if engine is None:
            return self.alternatives
        return tuple(alt for alt in self.alternatives if alt.engine in (None, engine))
