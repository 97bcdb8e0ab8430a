"""The lift of stdlib dataclasses: what they declare, which nothing checks when they are built.

A stdlib dataclass enforces none of its annotations: ``Literal["a", "b"]`` or
``Annotated[int, Gt(0)]`` accepts any value (checked: ``D(a="z")`` builds). The declared values
are read all the same (their thresholds guide the dynamic miner's probes) but are reported as
unmined, never as rules. Checks written in ``__post_init__`` are code, for the static miner. A
pydantic dataclass does enforce its annotations: :mod:`llem_miners.lifts.pydantic_lift` lifts it.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

from llem_miners.lifts import hints
from llem_miners.lifts.bounds import membership_violation
from llem_miners.lifts.model import Constraint, FieldLift, ModelLift, Skipped, code_checks

UNENFORCED = (
    "a stdlib dataclass does not enforce its annotations at runtime "
    "(checks in __post_init__ are for the static miner)"
)


def lift_dataclass(cls: type) -> ModelLift:
    """The constructor keywords of ``cls`` and what their annotations declare (unenforced)."""
    declared = hints.type_hints(cls)
    fields = tuple(
        read_field(field.name, declared.get(field.name, field.type))
        for field in dataclasses.fields(cls)
        if field.init
    )
    return ModelLift(cls, "dataclass_lift", fields, code_checks(cls), UNENFORCED)


def read_field(name: str, annotation: Any) -> FieldLift:
    """One field's declared ``Literal`` values and ``annotated_types`` bounds."""
    read = _literal(annotation) + _bounds(annotation)
    return FieldLift(
        name=name,
        keyword=name,
        type_name=hints.simple_type_name(annotation),
        constraints=tuple(item for item in read if isinstance(item, Constraint)),
        skipped=tuple(item for item in read if isinstance(item, Skipped)),
    )


def _literal(annotation: Any) -> list[Constraint | Skipped]:
    values = hints.literal_values(annotation)
    spec = membership_violation(values) if values is not None else None
    if values is None or spec is None:
        return []
    return [Constraint(spec, "", f"Literal[{', '.join(map(repr, values))}]", tuple(values))]


def _bounds(annotation: Any) -> list[Constraint | Skipped]:
    if sys.modules.get("annotated_types") is None:
        return []
    from llem_miners.lifts.declared import flatten, is_bound, read_item

    metadata = hints.core(annotation)[1]
    return [read_item(item, _no_message) for item in flatten(metadata) if is_bound(item)]


def _no_message(name: str, bound: Any) -> str:
    return ""
