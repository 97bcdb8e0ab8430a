"""Typed reading of loaded YAML that records every problem instead of stopping at the first.

A :class:`Scope` knows where it reads (``rules.yaml: rule 'x'`` and a key path below it); each
reader returns the value, or ``None`` after recording why it is unusable.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import attrs

from llem.config.paths import join_path, path_problem
from llem.config.suggest import did_you_mean


@attrs.frozen
class Scope:
    """Where problems are recorded (``sink``) and how they are prefixed (``label: key:``)."""

    sink: list[str]
    label: str
    key: str = ""

    def at(self, key: object) -> Scope:
        return Scope(self.sink, self.label, join_path(self.key, key))

    def problem(self, text: str) -> None:
        where = f"{self.label}: {self.key}" if self.key else self.label
        self.sink.append(f"{where}: {text}")


def check_keys(
    scope: Scope, data: Mapping[str, Any], required: Collection[str], optional: Collection[str] = ()
) -> bool:
    """Record missing required keys and unknown keys (with "did you mean"); true if none."""
    before = len(scope.sink)
    for key in required:
        if key not in data:
            scope.problem(f"missing key {key!r}")
    known = [*required, *optional]
    for key in data:
        if key not in known:
            scope.problem(f"unknown key {key!r}{did_you_mean(str(key), known)}")
    return len(scope.sink) == before


def read_mapping(scope: Scope, value: Any, *, non_empty: bool = False) -> Mapping[str, Any] | None:
    """A mapping with string keys (non-empty when asked)."""
    if not isinstance(value, Mapping):
        scope.problem(f"must be a mapping (got {_kind(value)})")
        return None
    if non_empty and not value:
        scope.problem("must not be empty")
        return None
    bad = [key for key in value if not isinstance(key, str) or not key]
    if bad:
        scope.problem(f"keys must be non-empty strings (got {bad[0]!r})")
        return None
    return value


def read_str(scope: Scope, value: Any, *, non_empty: bool = True) -> str | None:
    """A string; a number where a version was meant gets a hint to quote it."""
    if isinstance(value, str) and (value or not non_empty):
        return value
    hint = " (quote it)" if isinstance(value, int | float) and not isinstance(value, bool) else ""
    scope.problem(f"must be a non-empty string (got {value!r}){hint}")
    return None


def read_path(scope: Scope, value: Any) -> str | None:
    """A dotted config path."""
    path = read_str(scope, value)
    problem = path_problem(path) if path is not None else None
    if problem:
        scope.problem(problem)
        return None
    return path


def read_choice(scope: Scope, value: Any, choices: Collection[str]) -> str | None:
    """One of ``choices``, with "did you mean" for a near miss."""
    if isinstance(value, str) and value in choices:
        return value
    hint = did_you_mean(str(value), choices)
    scope.problem(f"must be one of {', '.join(choices)} (got {value!r}){hint}")
    return None


def read_line(scope: Scope, value: Any) -> int | None:
    """A positive line number or null."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return value
    scope.problem(f"must be a positive integer or null (got {value!r})")
    return None


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__
