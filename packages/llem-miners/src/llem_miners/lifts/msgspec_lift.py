"""The lift of msgspec ``Struct`` classes (vLLM's ``SamplingParams``).

``Annotated[int, msgspec.Meta(ge=0)]`` and ``Literal[...]`` fields are checked only by
``msgspec.convert`` / ``msgspec.json.decode``, never by ``__init__`` (checked: ``S(a=-1)`` builds),
and the replay gate builds the struct with ``__init__``. So the declared bounds and values are
read (their thresholds guide the dynamic miner's probes) and reported as unmined, never as rules.
"""

from __future__ import annotations

from typing import Any

import msgspec
import msgspec.inspect as spec_inspect

from llem_miners.lifts import messages
from llem_miners.lifts.bounds import BOUND_NAMES, bound_violation, membership_violation
from llem_miners.lifts.model import Constraint, FieldLift, ModelLift, Skipped, code_checks

UNENFORCED = "msgspec Meta and Literal are enforced only by msgspec.convert/decode, not by __init__"
NUMBER_TYPES = {spec_inspect.IntType: "int", spec_inspect.FloatType: "float"}


def is_struct(cls: type) -> bool:
    """A msgspec ``Struct`` subclass."""
    return isinstance(cls, type) and issubclass(cls, msgspec.Struct)


def lift_struct(cls: type) -> ModelLift:
    """The constructor keywords of ``cls`` and what their types declare (unenforced)."""
    info = spec_inspect.type_info(cls)
    fields = tuple(read_field(field) for field in getattr(info, "fields", ()))
    return ModelLift(cls, "msgspec_lift", fields, code_checks(cls), UNENFORCED)


def read_field(field: spec_inspect.Field) -> FieldLift:
    """One field's declared bounds and ``Literal`` values."""
    inner = _without_none(field.type)
    read = _bounds(inner) + _literal(inner)
    return FieldLift(
        name=field.name,
        keyword=field.name,
        type_name=NUMBER_TYPES.get(type(inner)) or _plain_name(inner),
        constraints=tuple(item for item in read if isinstance(item, Constraint)),
        skipped=tuple(item for item in read if isinstance(item, Skipped)),
    )


def _without_none(type_info: spec_inspect.Type) -> spec_inspect.Type:
    """The one non-``None`` member of an optional type; the type itself otherwise."""
    if not isinstance(type_info, spec_inspect.UnionType):
        return type_info
    members = [t for t in type_info.types if not isinstance(t, spec_inspect.NoneType)]
    return members[0] if len(members) == 1 else type_info


def _bounds(inner: spec_inspect.Type) -> list[Constraint | Skipped]:
    type_name = NUMBER_TYPES.get(type(inner))
    if type_name is None:
        return []
    read: list[Constraint | Skipped] = []
    for name in BOUND_NAMES:
        bound = getattr(inner, name, None)
        if bound is None:
            continue
        spec = bound_violation(name, bound)
        construct = f"Meta({name}={bound!r})"
        message = messages.msgspec_bound(type_name, name, bound)
        read.append(Constraint(spec, message, construct, (bound,)) if spec else _odd(construct))
    return read


def _odd(construct: str) -> Skipped:
    return Skipped(construct, "the bound is not a number the predicate language compares")


def _literal(inner: spec_inspect.Type) -> list[Constraint | Skipped]:
    if not isinstance(inner, spec_inspect.LiteralType):
        return []
    values: tuple[Any, ...] = tuple(inner.values)
    spec = membership_violation(values)
    construct = f"Literal[{', '.join(map(repr, values))}]"
    if spec is None:
        return [Skipped(construct, "a Literal value that a corpus cannot list")]
    return [Constraint(spec, messages.msgspec_literal(), construct, values)]


def _plain_name(inner: spec_inspect.Type) -> str | None:
    plain = {spec_inspect.StrType: "str", spec_inspect.BoolType: "bool"}
    return plain.get(type(inner))
