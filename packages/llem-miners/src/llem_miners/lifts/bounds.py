"""Numeric bounds and allowed values as violation predicates (what a rule fires on).

A declared bound says what a value must satisfy; its rule fires on the opposite: ``gt`` (must be
greater than) fires on ``<=``, ``ge`` on ``<``, ``lt`` on ``>=``, ``le`` on ``>``; ``multiple_of``
fires on ``not_divisible_by``. Only plain numbers (never booleans) are bounds the predicate
language compares, and only integers divide.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from llem_miners.values import is_number as is_number

VIOLATION: dict[str, str] = {"gt": "<=", "ge": "<", "lt": ">=", "le": ">"}
"""A bound's name -> the operator of the values it rejects."""
BOUND_NAMES = (*VIOLATION, "multiple_of")


def bound_violation(name: str, bound: Any) -> dict[str, Any] | None:
    """The predicate rejecting what bound ``name`` (``gt``, ..., ``multiple_of``) forbids; ``None``
    when the bound is not a number the predicate language can compare (or divide by)."""
    if name == "multiple_of":
        usable = isinstance(bound, int) and not isinstance(bound, bool) and bound != 0
        return {"not_divisible_by": bound} if usable else None
    if name in VIOLATION and is_number(bound):
        return {VIOLATION[name]: bound}
    return None


def is_plain_value(value: Any) -> bool:
    """A value a corpus can list: ``None``, a bool, a number or a string."""
    return value is None or isinstance(value, bool | int | float | str)


def membership_violation(values: Iterable[Any]) -> dict[str, Any] | None:
    """``{"not_in": [...]}`` for allowed ``values`` (``None`` left out: an unset value never
    fires); ``None`` when a value cannot be listed or nothing but ``None`` is allowed."""
    allowed = list(values)
    if not all(is_plain_value(value) for value in allowed):
        return None
    listed = [value for value in allowed if value is not None]
    return {"not_in": listed} if listed else None
