"""``annotated_types`` metadata (``Gt``, ``Ge``, ``Lt``, ``Le``, ``MultipleOf``) as constraints.

pydantic keeps a field's declared bounds as such metadata (``Field(gt=0)`` becomes ``Gt(gt=0)``),
and so may a plain ``Annotated`` annotation. Grouped metadata (``Interval``, ``conint``'s) is
flattened first. Length bounds and anything that is not a declared bound (validator functions,
patterns) become :class:`Skipped` constructs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import annotated_types

from llem_miners.lifts.bounds import bound_violation
from llem_miners.lifts.model import Constraint, Skipped

BoundMessage = Callable[[str, Any], str]
"""``(bound name, bound) -> message fragment``: how a library words a broken bound."""

BOUND_TYPES: dict[type, str] = {
    annotated_types.Gt: "gt",
    annotated_types.Ge: "ge",
    annotated_types.Lt: "lt",
    annotated_types.Le: "le",
    annotated_types.MultipleOf: "multiple_of",
}
LENGTH_TYPES = (annotated_types.MinLen, annotated_types.MaxLen)
NO_LENGTH = "length bounds are not expressible in the predicate language"
NOT_A_BOUND = "not a declared bound (a validator function or other check): for the static miner"
NOT_COMPARABLE = "the bound is not a number the predicate language compares"


def flatten(metadata: Iterable[Any]) -> Iterator[Any]:
    """Metadata items with grouped ones (``Interval``) expanded and ``None`` left out."""
    for item in metadata:
        if item is None:
            continue
        if isinstance(item, annotated_types.GroupedMetadata):
            yield from flatten(item)
        else:
            yield item


def read_item(item: Any, message: BoundMessage) -> Constraint | Skipped:
    """One metadata item as a constraint (worded by ``message``), or why it is none."""
    name = BOUND_TYPES.get(type(item))
    if name is None:
        reason = NO_LENGTH if isinstance(item, LENGTH_TYPES) else NOT_A_BOUND
        return Skipped(describe(item), reason)
    bound = getattr(item, name)
    spec = bound_violation(name, bound)
    if spec is None:
        return Skipped(describe(item), NOT_COMPARABLE)
    return Constraint(spec, message(name, bound), describe(item), (bound,))


def is_bound(item: Any) -> bool:
    """A metadata item :func:`read_item` reads (a bound or a length bound)."""
    return type(item) in BOUND_TYPES or isinstance(item, LENGTH_TYPES)


def describe(item: Any) -> str:
    """Stable text for a metadata item: its repr, or its type and function names where the repr
    would show a memory address (validator wrappers)."""
    func = getattr(item, "func", None)
    if func is not None:
        return f"{type(item).__name__}({getattr(func, '__qualname__', type(func).__name__)})"
    text = repr(item)
    if " at 0x" not in text:
        return text
    return str(getattr(item, "__qualname__", type(item).__name__))
