"""Comparing plain values the way rules do: ``1``, ``1.0`` and ``True`` are three values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def same(left: Any, right: Any) -> bool:
    """Equal and of the same type (``1 == True`` in Python; not here)."""
    return type(left) is type(right) and bool(left == right)


def unique(values: Iterable[Any]) -> list[Any]:
    """``values`` without repeats (``1``, ``1.0`` and ``True`` are all kept), first kept."""
    seen: set[tuple[str, Any]] = set()
    kept: list[Any] = []
    for value in values:
        key = (type(value).__name__, repr(value))
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def is_number(value: Any) -> bool:
    """An int or a float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)
