"""The lift of attrs classes: their validators, which attrs runs when the class is built.

``gt``/``ge``/``lt``/``le``, ``in_`` and ``instance_of`` (also inside ``and_``, a validator list,
or ``optional``, whose ``None`` never fires a rule anyway) become error rules worded as attrs
words them (``'a' must be > 0``). Any other validator is code: an unmined construct.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from llem_miners.lifts import messages
from llem_miners.lifts.bounds import membership_violation
from llem_miners.lifts.declared import describe
from llem_miners.lifts.hints import simple_type_name, type_hints
from llem_miners.lifts.model import Constraint, FieldLift, ModelLift, Skipped, code_checks

VIOLATED_OP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
"""attrs' comparison (what a value must satisfy) -> the operator of the values it rejects."""
INSTANCE_TYPES: dict[type, tuple[str, ...]] = {
    bool: ("bool",),
    int: ("int", "bool"),  # isinstance(True, int): attrs accepts a bool for an int
    float: ("float",),
    str: ("str",),
    list: ("list",),
    dict: ("mapping",),
}
CUSTOM = "a validator function: for the static miner"


def lift_attrs(cls: type) -> ModelLift:
    """The constructor keywords of ``cls`` and the constraints its validators enforce."""
    hints = type_hints(cls)
    fields = tuple(
        read_field(field, hints.get(field.name, field.type))
        for field in attrs.fields(cls)
        if field.init
    )
    return ModelLift(cls, "attrs_lift", fields, code_checks(cls))


def read_field(field: attrs.Attribute[Any], annotation: Any) -> FieldLift:
    """One attribute's keyword (its ``alias``) and its validators read."""
    read = [read_validator(field.name, v) for v in leaf_validators(field.validator)]
    return FieldLift(
        name=field.name,
        keyword=field.alias or field.name,
        type_name=simple_type_name(annotation),
        constraints=tuple(item for item in read if isinstance(item, Constraint)),
        skipped=tuple(item for item in read if isinstance(item, Skipped)),
    )


def leaf_validators(validator: Any) -> Iterator[Any]:
    """The validators under ``and_`` / lists / ``optional`` (``None``: none)."""
    if validator is None:
        return
    if isinstance(validator, list | tuple):
        for item in validator:
            yield from leaf_validators(item)
    elif type(validator).__name__ == "_AndValidator":
        yield from leaf_validators(validator._validators)
    elif type(validator).__name__ == "_OptionalValidator":
        yield from leaf_validators(validator.validator)
    else:
        yield validator


def read_validator(attribute: str, validator: Any) -> Constraint | Skipped:
    """One leaf validator as a constraint, or why it is none."""
    kind = type(validator).__name__
    if kind == "_NumberValidator":
        return _number(attribute, validator)
    if kind == "_InValidator":
        return _member(attribute, validator)
    if kind == "_InstanceOfValidator":
        return _instance(attribute, validator)
    return Skipped(describe(validator), CUSTOM)


def _number(attribute: str, validator: Any) -> Constraint | Skipped:
    op, bound = validator.compare_op, validator.bound
    if op not in VIOLATED_OP or isinstance(bound, bool) or not isinstance(bound, int | float):
        return Skipped(repr(validator), "the bound is not a number the predicate language compares")
    message = messages.attrs_bound(attribute, op, bound)
    return Constraint({VIOLATED_OP[op]: bound}, message, repr(validator), (bound,))


def _member(attribute: str, validator: Any) -> Constraint | Skipped:
    original = getattr(validator, "_original_options", validator.options)
    if isinstance(original, str):
        return Skipped(repr(validator), "in_ on a string tests substrings")
    values = sorted(original, key=repr) if isinstance(original, set | frozenset) else original
    spec = membership_violation(values)
    construct = f"in_({list(values)!r})"
    if spec is None:
        return Skipped(construct, "an allowed value that a corpus cannot list")
    message = messages.attrs_in(attribute, original)
    return Constraint(spec, message, construct, tuple(values))


def _instance(attribute: str, validator: Any) -> Constraint | Skipped:
    wanted = validator.type if isinstance(validator.type, tuple) else (validator.type,)
    names = [INSTANCE_TYPES.get(item) for item in wanted]
    construct = f"instance_of({', '.join(getattr(t, '__name__', repr(t)) for t in wanted)})"
    if any(name is None for name in names):
        return Skipped(construct, "a type the predicate language does not name")
    operand = sorted({name for group in names if group for name in group})
    message = messages.attrs_instance_of(attribute, validator.type)
    return Constraint({"type_is_not": operand}, message, construct)
