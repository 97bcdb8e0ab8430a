"""The lift of pydantic models and pydantic dataclasses (vLLM's ``@config`` classes).

pydantic validates every field when the class is built, so each declared bound and ``Literal``
becomes an error rule with pydantic's message. In lax mode (the default) pydantic coerces values
(``"1"`` to ``1``, ``True`` to ``1``), so no type rule is lifted; with ``strict`` (model config or
``Field(strict=True)``) a field of one simple type also gets ``type_is_not``. A ``BaseModel``'s
rules are ``pydantic_lift``'s, a pydantic dataclass's ``dataclass_lift``'s. ``field_validator``
and ``model_validator`` methods are code, for the static miner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic
from pydantic.fields import FieldInfo

from llem_miners.lifts import hints, messages
from llem_miners.lifts.bounds import membership_violation
from llem_miners.lifts.declared import flatten, read_item
from llem_miners.lifts.model import Constraint, FieldLift, ModelLift, Skipped, code_checks

STRICT_TYPES = {"int": "int", "float": "number", "str": "str", "bool": "bool"}
"""A strict field's type -> the ``type_is_not`` operand of what pydantic rejects (strict
``float`` accepts an ``int``; strict ``int`` rejects a ``bool``)."""
SKIPPED_VALIDATION = "SkipValidation: pydantic does not check this field"
MIXED_LITERAL = "a Literal in a union with other types: lax validation may accept those types"


def is_pydantic(cls: type) -> bool:
    """A pydantic ``BaseModel`` or pydantic dataclass."""
    is_model = isinstance(cls, type) and issubclass(cls, pydantic.BaseModel)
    return is_model or pydantic.dataclasses.is_pydantic_dataclass(cls)


def lift_pydantic(cls: type) -> ModelLift:
    """The constructor keywords of ``cls`` and the constraints pydantic enforces on them."""
    is_model = issubclass(cls, pydantic.BaseModel)
    infos: Mapping[str, FieldInfo] = getattr(cls, "__pydantic_fields__", {})
    strict = bool(config_of(cls).get("strict"))
    fields = tuple(
        read_field(name, info, strict) for name, info in infos.items() if info.init is not False
    )
    checks = (*code_checks(cls), *validator_methods(cls))
    return ModelLift(cls, "pydantic_lift" if is_model else "dataclass_lift", fields, checks)


def validator_methods(cls: type) -> tuple[str, ...]:
    """The names of the class's ``field_validator`` / ``model_validator`` methods."""
    decorators = getattr(cls, "__pydantic_decorators__", None)
    if decorators is None:
        return ()
    found = [*decorators.field_validators, *decorators.model_validators]
    return tuple(sorted(set(found)))


def read_field(name: str, info: FieldInfo, strict_model: bool) -> FieldLift:
    """One field's keyword, type and lifted constraints."""
    metadata = list(flatten([*info.metadata, *hints.core(info.annotation)[1]]))
    metadata = list(flatten(_expand_field_infos(metadata)))
    strict = strict_model or any(isinstance(m, pydantic.Strict) and m.strict for m in metadata)
    read = [read_item(m, messages.pydantic_bound) for m in metadata if not _is_marker(m)]
    read += _literal(info.annotation, strict) + _strict_type(info.annotation, strict)
    if any(isinstance(item, pydantic.SkipValidation) for item in metadata):
        read = [_unchecked(item) for item in read]
    return FieldLift(
        name=name,
        keyword=_keyword(name, info),
        type_name=hints.simple_type_name(info.annotation),
        constraints=tuple(item for item in read if isinstance(item, Constraint)),
        skipped=tuple(item for item in read if isinstance(item, Skipped)),
    )


def _expand_field_infos(metadata: list[Any]) -> list[Any]:
    """A ``FieldInfo`` nested in an ``Optional[Annotated[..., Field(...)]]`` -> its metadata."""
    expanded: list[Any] = []
    for item in metadata:
        expanded.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return expanded


def _is_marker(item: Any) -> bool:
    """Metadata that tunes validation, not a check (``Strict``, ``SkipValidation``)."""
    return isinstance(item, pydantic.Strict | pydantic.SkipValidation)


def _unchecked(item: Constraint | Skipped) -> Skipped:
    """A construct of a ``SkipValidation`` field: declared, never checked."""
    if isinstance(item, Skipped):
        return item
    return Skipped(item.construct, SKIPPED_VALIDATION)


def _keyword(name: str, info: FieldInfo) -> str:
    """What the constructor takes: the validation alias or alias when it is a plain name."""
    for alias in (info.validation_alias, info.alias):
        if isinstance(alias, str):
            return alias
    return name


def _literal(annotation: Any, strict: bool) -> list[Constraint | Skipped]:
    if hints.mixes_literal(annotation):
        return [Skipped(_annotation_text(annotation), MIXED_LITERAL)]
    values = hints.literal_values(annotation)
    if values is None:
        return []
    construct = f"Literal[{', '.join(map(repr, values))}]"
    spec = membership_violation(values if strict else lax_literal_values(values))
    if spec is None:
        return [Skipped(construct, "a Literal value that a corpus cannot list")]
    return [Constraint(spec, messages.pydantic_literal(values), construct, tuple(values))]


def lax_literal_values(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """What lax pydantic also accepts for a Literal: ``True``/``False`` where ``1``/``0`` is."""
    extra = [
        bool(value)
        for value in values
        if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1)
    ]
    return (*values, *(flag for flag in extra if not _has_bool(values, flag)))


def _has_bool(values: tuple[Any, ...], flag: bool) -> bool:
    return any(isinstance(value, bool) and value is flag for value in values)


def _strict_type(annotation: Any, strict: bool) -> list[Constraint | Skipped]:
    type_name = hints.simple_type_name(annotation)
    if not strict or type_name is None:
        return []
    operand = STRICT_TYPES[type_name]
    message = messages.pydantic_type(operand)
    return [Constraint({"type_is_not": operand}, message, f"strict {type_name}")]


def _annotation_text(annotation: Any) -> str:
    return repr(annotation).replace("typing.", "")


def config_of(cls: type) -> Mapping[str, Any]:
    """The pydantic config of a model or pydantic dataclass."""
    if issubclass(cls, pydantic.BaseModel):
        return cls.model_config
    return getattr(cls, "__pydantic_config__", {})
