"""Where a key of a study file was written: ``file:line:col`` from a document's positions."""

from __future__ import annotations

from collections.abc import Mapping

from llem.config.paths import ancestors
from llem.config.yaml_source import Position


def origin_at(label: str, positions: Mapping[str, Position], path: str) -> str:
    """``label:line:col`` of ``path``, else of its nearest ancestor that has a position."""
    for candidate in (path, *ancestors(path)):
        position = positions.get(candidate)
        if position is not None:
            return f"{label}:{position[0]}:{position[1]}"
    return label


def sub_positions(positions: Mapping[str, Position], prefix: str) -> dict[str, Position]:
    """The positions below ``prefix``, keyed relative to it."""
    start = f"{prefix}."
    return {key[len(start) :]: value for key, value in positions.items() if key.startswith(start)}
