"""The operators of the predicate language, as plain functions on two present values.

A *relation* takes the config value and the operand, both already known to be present and not
``None`` (:mod:`llem.rules.predicates` guarantees it), and never raises: operands of the wrong
kind make it false. Equality is type-strict: a ``bool`` equals only a ``bool``, ``int`` and
``float`` compare numerically, a ``str`` equals only a ``str``, lists compare item by item.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

Relation = Callable[[Any, Any], bool]
NUMBER_TYPES = (int, float)  # a tuple: isinstance on a tuple is faster than on ``int | float``


def is_number(value: Any) -> bool:
    """An ``int`` or a ``float``, never a ``bool`` (which Python counts as an ``int``)."""
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_list(value: Any) -> bool:
    """A list; a tuple counts too, since unstructured configs may hold either."""
    return isinstance(value, list | tuple)


TYPE_TESTS: Mapping[str, Callable[[Any], bool]] = {
    "bool": lambda value: isinstance(value, bool),
    "int": is_int,
    "float": lambda value: isinstance(value, float),
    "number": is_number,
    "str": lambda value: isinstance(value, str),
    "list": is_list,
    "mapping": lambda value: isinstance(value, Mapping),
}
"""``type_is`` names and their tests."""


def strict_equal(left: Any, right: Any) -> bool:
    """Type-strict equality (see the module docstring); mappings compare key by key."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) or is_number(right):
        return is_number(left) and is_number(right) and left == right
    if is_list(left) or is_list(right):
        return is_list(left) and is_list(right) and _items_equal(left, right)
    if isinstance(left, Mapping) or isinstance(right, Mapping):
        return isinstance(left, Mapping) and isinstance(right, Mapping) and _maps_equal(left, right)
    return type(left) is type(right) and bool(left == right)


def _items_equal(left: Any, right: Any) -> bool:
    return len(left) == len(right) and all(map(strict_equal, left, right))


def _maps_equal(left: Mapping[Any, Any], right: Mapping[Any, Any]) -> bool:
    return left.keys() == right.keys() and all(strict_equal(left[k], right[k]) for k in left)


def comparable(left: Any, right: Any) -> bool:
    """Both numbers (not booleans) or both strings: the pairs ``<`` and friends are defined on."""
    if is_number(left):
        return is_number(right)
    return isinstance(left, str) and isinstance(right, str)


def _ordering(compare: Callable[[Any, Any], bool]) -> Relation:
    return lambda value, operand: comparable(value, operand) and compare(value, operand)


def is_member(value: Any, operand: Any) -> bool:
    return is_list(operand) and any(strict_equal(value, item) for item in operand)


def is_not_member(value: Any, operand: Any) -> bool:
    return is_list(operand) and not any(strict_equal(value, item) for item in operand)


def _divides(value: Any, operand: Any) -> bool | None:
    """Whether ``operand`` divides ``value``; ``None`` when either is not a usable integer."""
    if not (is_int(value) and is_int(operand)) or operand == 0:
        return None
    return bool(value % operand == 0)


RELATIONS: Mapping[str, Relation] = {
    "==": strict_equal,
    "!=": lambda value, operand: not strict_equal(value, operand),
    "<": _ordering(operator.lt),
    "<=": _ordering(operator.le),
    ">": _ordering(operator.gt),
    ">=": _ordering(operator.ge),
    "in": is_member,
    "not_in": is_not_member,
    "divisible_by": lambda value, operand: _divides(value, operand) is True,
    "not_divisible_by": lambda value, operand: _divides(value, operand) is False,
}
"""Binary operators: ``relation(value, operand)``."""

UNARY = ("present", "absent", "type_is", "type_is_not")
"""Operators whose operand is part of the operator itself (a flag or type names), never a ref."""

OPERATORS: tuple[str, ...] = (*RELATIONS, *UNARY)

ALIASES: Mapping[str, str] = {
    "eq": "==",
    "ne": "!=",
    "neq": "!=",
    "lt": "<",
    "le": "<=",
    "lte": "<=",
    "gt": ">",
    "ge": ">=",
    "gte": ">=",
    "=": "==",
    "<>": "!=",
    "nin": "not_in",
    "type": "type_is",
    "is": "type_is",
}
"""Spellings from other predicate languages, for "did you mean" hints that difflib cannot make."""
