"""Schema type texts (``int | list[int] | None``, ``tuple[int, float]``): the members of a union
and a sample value built from a type's elements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def union_members(declared: str | None) -> list[str]:
    """The types of a schema type text, ``None`` left out, split at the top level only."""
    members = split_top_level(declared or "", "|")
    return [member for member in members if member and member != "None"]


SAMPLES: dict[str, Any] = {"int": 1, "float": 1.0, "str": "a", "bool": True}


def sample_value(type_text: str) -> Any:
    """A value of a schema type built from its element types (``list[int]`` -> ``[1]``,
    ``tuple[int, float]`` -> ``[1, 1.0]``: a config gives a list where the library takes a
    tuple); ``None`` when some element type has no sample."""
    head, _, rest = type_text.partition("[")
    if not rest:
        return SAMPLES.get(head)
    elements = [sample_value(part) for part in split_top_level(rest[:-1], ",")]
    if head not in ("list", "tuple") or any(element is None for element in elements):
        return None
    return elements[:1] if head == "list" else elements


def split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside brackets, each part stripped."""
    parts: list[str] = []
    depth, current = 0, ""
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def scalar_types(declared: Mapping[str, str]) -> dict[str, str]:
    """Config path -> the one scalar type a union holds beside containers (``int`` for
    ``int | list[int] | None``): the numbers a config gives such a field are of that type."""
    found: dict[str, str] = {}
    for path, text in declared.items():
        scalars = [m for m in union_members(text) if m in ("int", "float", "bool", "str")]
        if len(scalars) == 1:
            found[path] = scalars[0]
    return found
