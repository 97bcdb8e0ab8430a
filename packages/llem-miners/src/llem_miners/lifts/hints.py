"""Reading type annotations: ``Optional``/``X | None``, ``Annotated`` metadata, ``Literal`` values.

Only the shapes a lift can state are recognised: one type, optionally ``None``, optionally wrapped
in ``Annotated``. A ``Literal`` in a union with other types is not (lax validation may accept a
value of the other type), and is reported as such.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

SIMPLE_TYPES: dict[type, str] = {bool: "bool", int: "int", float: "float", str: "str"}
"""Python types -> the predicate language's type names (for example values)."""
UNION_ORIGINS: tuple[Any, ...] = (Union, types.UnionType)


def resolve_alias(annotation: Any) -> Any:
    """The value of a ``type X = ...`` alias (``TypeAliasType``); anything else as it is."""
    while type(annotation).__name__ == "TypeAliasType" and hasattr(annotation, "__value__"):
        annotation = annotation.__value__
    return annotation


def strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """``Annotated[T, *metadata]`` -> ``(T, metadata)``, nested ones flattened."""
    annotation = resolve_alias(annotation)
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        metadata.extend(annotation.__metadata__)
        annotation = resolve_alias(annotation.__origin__)
    return annotation, metadata


def non_none_members(annotation: Any) -> list[Any]:
    """The members of a union other than ``None``; the annotation itself when it is no union."""
    annotation = resolve_alias(annotation)
    if get_origin(annotation) not in UNION_ORIGINS:
        return [annotation]
    return [member for member in get_args(annotation) if member is not type(None)]


def core(annotation: Any) -> tuple[Any, list[Any]]:
    """The one non-``None`` type of an (optional, annotated) annotation and its metadata;
    ``(None, [])`` when the union holds several types."""
    bare, metadata = strip_annotated(annotation)
    members = non_none_members(bare)
    if len(members) != 1:
        return None, metadata
    inner, inner_metadata = strip_annotated(members[0])
    return inner, metadata + inner_metadata


def literal_values(annotation: Any) -> tuple[Any, ...] | None:
    """The values of a ``Literal`` (also optional or annotated); ``None`` when it is no Literal."""
    inner, _ = core(annotation)
    if get_origin(inner) is Literal:
        return get_args(inner)
    return None


def mixes_literal(annotation: Any) -> bool:
    """A union holding a ``Literal`` beside other types (``int | Literal["auto"]``)."""
    bare, _ = strip_annotated(annotation)
    members = non_none_members(bare)
    return len(members) > 1 and any(
        get_origin(strip_annotated(member)[0]) is Literal for member in members
    )


def simple_type_name(annotation: Any) -> str | None:
    """``int``/``float``/``str``/``bool`` for an annotation of exactly that type (or optional)."""
    inner, _ = core(annotation)
    return SIMPLE_TYPES.get(inner) if isinstance(inner, type) else None


def type_hints(cls: type) -> dict[str, Any]:
    """``cls``'s annotations with string ones resolved (``from __future__ import annotations``);
    the raw ``__annotations__`` of the class and its bases where a name does not resolve."""
    try:
        return get_type_hints(cls, include_extras=True)
    except (NameError, TypeError, AttributeError):
        raw: dict[str, Any] = {}
        for base in reversed(cls.__mro__):
            raw.update(getattr(base, "__annotations__", {}))
        return raw
