"""Parameter types as strings, normalised so two spellings of one type compare equal.

A schema records each parameter's type as text (``"int"``, ``"float | None"``, ``"list[int]"``).
The text is read as a union of members: ``Optional[X]`` and ``Union[A, B]`` are unions spelt
the old way, and ``Literal['a', 'b']`` is a union of the values ``'a'`` and ``'b'``. Anything else
(``list[int]``, ``dict[str, Any]``, ``torch.dtype``) is one member, its arguments normalised too.
Reading types as sets of members is what lets :mod:`llem.rules.schema_diff` call ``int`` to
``int | None`` a widening: the old members are a subset of the new.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

NONE = "None"
ALIASES = {
    "List": "list",
    "Dict": "dict",
    "Tuple": "tuple",
    "Set": "set",
    "FrozenSet": "frozenset",
    "Type": "type",
    "NoneType": NONE,
}
OPENERS = {"[": "]", "(": ")"}


def normalise_type(text: str) -> str:
    """The canonical spelling: ``"Optional[List[int]]"`` becomes ``"list[int] | None"``."""
    return format_type(type_members(text))


def format_type(members: tuple[str, ...]) -> str:
    """Members joined as a union, ``None`` last; no members reads ``Any``."""
    ordered = [member for member in members if member != NONE]
    ordered += [NONE] if NONE in members else []
    return " | ".join(ordered) or "Any"


def type_members(text: str) -> tuple[str, ...]:
    """The normalised members of the union ``text`` spells, in order, without repeats."""
    members: list[str] = []
    for part in split_top_level(text, "|"):
        members.extend(member for member in _atom_members(part) if member not in members)
    return tuple(members)


def _atom_members(atom: str) -> tuple[str, ...]:
    name, arguments = _split_generic(atom.strip())
    name = ALIASES.get(name.removeprefix("typing."), name.removeprefix("typing."))
    if arguments is None:
        return (name,) if name else ()
    parts = split_top_level(arguments, ",")
    if name == "Optional":
        return (*type_members(arguments), NONE)
    if name == "Union":
        return type_members("|".join(parts))
    if name == "Literal":
        return tuple(_literal(part) for part in parts)
    return (f"{name}[{', '.join(normalise_type(part) for part in parts)}]",)


def _split_generic(atom: str) -> tuple[str, str | None]:
    """``"list[int]"`` is ``("list", "int")``; ``"tuple(int, float)"`` reads as ``tuple[...]``."""
    for opener, closer in OPENERS.items():
        start = atom.find(opener)
        if start > 0 and atom.endswith(closer):
            return atom[:start].strip(), atom[start + 1 : -1]
    return " ".join(atom.split()), None


def _literal(text: str) -> str:
    """A literal value as Python writes it (``'auto'``), so quoting style does not matter."""
    try:
        return repr(ast.literal_eval(text.strip()))
    except (ValueError, SyntaxError):
        return text.strip()


def split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` outside brackets and quotes; empty parts dropped."""
    parts, start = [], 0
    for index in _separator_positions(text, separator):
        parts.append(text[start:index])
        start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _separator_positions(text: str, separator: str) -> Iterator[int]:
    depth, quote = 0, ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == separator and depth == 0:
            yield index
