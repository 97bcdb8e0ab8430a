"""A configuration before it is resolved: the override layer it puts on the fixed config."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from llem.config.layers import ConfigLayer
from llem.config.paths import ancestors, iter_paths, join_path, set_path
from llem.study.sweep_model import Assignment


@attrs.frozen
class Candidate:
    """``source``: ``sweep`` or ``experiments[i]``; ``layer``: its overrides, each origin the
    study-file line of the value; ``assigned``: each override (the last of each path), for
    labels and the paths that vary."""

    source: str
    layer: ConfigLayer
    assigned: tuple[Assignment, ...]

    def assigned_values(self) -> dict[str, Any]:
        return {assignment.path: assignment.value for assignment in self.assigned}


def build_candidate(assignments: Iterable[Assignment], source: str = "sweep") -> Candidate:
    """Later assignments win over earlier ones of the same path."""
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}
    assigned: dict[str, Assignment] = {}
    for assignment in assignments:
        set_path(data, assignment.path, assignment.value)
        _record_origins(origins, assignment)
        assigned[assignment.path] = assignment
    layer = ConfigLayer(data, origins, from_file=True)
    return Candidate(source, layer, tuple(assigned.values()))


def _record_origins(origins: dict[str, str], assignment: Assignment) -> None:
    for ancestor in ancestors(assignment.path):
        origins.setdefault(ancestor, assignment.origin)
    origins[assignment.path] = assignment.origin
    for below in iter_paths(assignment.value, assignment.path):
        origins[below] = assignment.origin


def leaves(mapping: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of each value in ``mapping`` that is not a non-empty mapping; keys
    may be dotted paths themselves (``transformers.batch_size: 4``)."""
    for key, value in mapping.items():
        path = join_path(prefix, key)
        if isinstance(value, dict) and value:
            yield from leaves(value, path)
        else:
            yield path, value
