"""How a swept parameter is laid out on a plot's x axis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

AxisKind = Literal["log2", "linear", "category"]


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _power_of_two(value: float) -> bool:
    return value > 0 and math.log2(value).is_integer()


def axis_kind(values: Sequence[Any]) -> AxisKind:
    """``log2`` for powers of two (batch sizes 1, 2, 4: evenly spaced, as they were chosen),
    ``linear`` for other numbers, ``category`` for anything else (strings, booleans, mixed,
    lists). ``None`` values are ignored."""
    present = [value for value in values if value is not None]
    if not present or not all(is_number(value) for value in present):
        return "category"
    return "log2" if all(_power_of_two(value) for value in present) else "linear"


def numeric_ticks(values: Sequence[Any]) -> list[float]:
    """The distinct swept numbers, ascending: a numeric axis is ticked at what was measured,
    not at values between them."""
    return sorted({float(value) for value in values if is_number(value)})


def categories(values: Sequence[Any]) -> list[str]:
    """The distinct values as text, in order of first appearance."""
    seen: dict[str, None] = {}
    for value in values:
        if value is not None:
            seen.setdefault(str(value), None)
    return list(seen)
