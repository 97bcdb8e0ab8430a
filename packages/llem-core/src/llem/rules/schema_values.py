"""Pass-through values checked against the types the schema records for them.

A pass-through key (``transformers.generation.num_beams``) reaches the library unchecked by cattrs:
``num_beams: three`` would fail only once the model is loaded. The schema's type text (see
:mod:`llem.rules.schema_types`) says what the library accepts, so a value no member of the union
can hold is refused here. A member llem cannot check (a library class, ``torch.dtype``) accepts
anything: a false "valid" costs a late error, a false refusal blocks a run the library allows.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from llem.config.strict import describe_value
from llem.rules.schema import EngineSchema, Section, lookup_section
from llem.rules.schema_types import NONE, split_top_level, type_members

SCALARS: dict[str, tuple[Callable[[Any], bool], str]] = {
    NONE: (lambda value: value is None, "null"),
    "int": (lambda value: isinstance(value, int) and not isinstance(value, bool), "an integer"),
    "float": (
        lambda value: isinstance(value, int | float) and not isinstance(value, bool),
        "a number",
    ),
    "bool": (lambda value: isinstance(value, bool), "true or false"),
    "str": (lambda value: isinstance(value, str), "a string"),
}
SEQUENCES = {"list": "a list", "tuple": "a list", "set": "a list", "frozenset": "a list"}
MAPPINGS = {"dict": "a mapping", "Mapping": "a mapping"}
SHOWN_CHARS = 60


class Unchecked(Exception):
    """The type names something llem cannot check (a library class): any value passes."""


def mistyped_parameters(view: Mapping[str, Any], schema: EngineSchema) -> list[tuple[str, str]]:
    """``(path, message)`` for each pass-through value its parameter's type cannot hold.

    Unknown keys and keys llem sets itself are left to :func:`llem.rules.schema.unknown_parameters`.
    """
    problems: list[tuple[str, str]] = []
    for section in schema.sections.values():
        if section.passthrough:
            problems += list(_section_problems(view, section))
    return problems


def _section_problems(view: Mapping[str, Any], section: Section) -> Iterator[tuple[str, str]]:
    values = lookup_section(view, section.path)
    for key, value in values.items() if isinstance(values, Mapping) else ():
        parameter = section.params.get(key) if isinstance(key, str) else None
        if parameter is None or parameter.set_in is not None:
            continue
        problem = type_problem(value, parameter.type)
        if problem is not None:
            yield f"{section.path}.{key}", problem


def type_problem(value: Any, type_text: str) -> str | None:
    """``"expected an integer, got 'three' (a string)"``, or ``None`` when ``value`` fits."""
    try:
        if accepts(value, type_text):
            return None
        expected = either([describe(member) for member in type_members(type_text)])
    except Unchecked:
        return None
    return f"expected {expected}, got {_shown(value)}"


def accepts(value: Any, type_text: str) -> bool:
    """Whether some member of the union ``type_text`` holds ``value``; raises
    :class:`Unchecked` when a member that might hold it cannot be checked."""
    unchecked = False
    for member in type_members(type_text):
        try:
            if _member_accepts(value, member):
                return True
        except Unchecked:
            unchecked = True
    if unchecked:
        raise Unchecked(type_text)
    return False


def _member_accepts(value: Any, member: str) -> bool:
    if member in ("Any", "object"):
        return True
    if member in SCALARS:
        return SCALARS[member][0](value)
    if _is_literal(member):
        option = ast.literal_eval(member)
        return type(value) is type(option) and value == option
    name, arguments = _generic(member)
    if name in SEQUENCES:
        return isinstance(value, list | tuple) and _items_fit(value, arguments, name == "tuple")
    if name in MAPPINGS:
        return isinstance(value, Mapping) and _values_fit(value, arguments)
    raise Unchecked(member)


def _is_literal(member: str) -> bool:
    try:
        return not isinstance(ast.literal_eval(member), list | tuple | dict | set)
    except (ValueError, SyntaxError):
        return False


def _generic(member: str) -> tuple[str, list[str]]:
    """``"list[int]"`` is ``("list", ["int"])``; ``"dict"`` is ``("dict", [])``."""
    name, bracket, rest = member.partition("[")
    arguments = split_top_level(rest[:-1], ",") if bracket and rest.endswith("]") else []
    return name.strip(), arguments


def _items_fit(items: list[Any] | tuple[Any, ...], arguments: list[str], is_tuple: bool) -> bool:
    if not arguments:
        return True
    if is_tuple and arguments[-1] != "...":  # tuple[int, float]: one type per position
        fits = zip(items, arguments, strict=False)
        return len(items) == len(arguments) and all(accepts(item, t) for item, t in fits)
    return all(accepts(item, arguments[0]) for item in items)


def _values_fit(mapping: Mapping[Any, Any], arguments: list[str]) -> bool:
    """Values only: YAML cannot spell most key types a library declares (``tuple[int]``)."""
    return len(arguments) != 2 or all(accepts(item, arguments[1]) for item in mapping.values())


def describe(member: str) -> str:
    """What a member accepts, in words: ``an integer``, ``a list of integers``, ``'never'``."""
    if member in SCALARS:
        return SCALARS[member][1]
    if _is_literal(member):
        return member
    name, arguments = _generic(member)
    if name in SEQUENCES:
        return SEQUENCES[name] + _of(arguments, name == "tuple")
    if name in MAPPINGS:
        return MAPPINGS[name]
    return member


def _of(arguments: list[str], is_tuple: bool) -> str:
    if not arguments or (is_tuple and arguments[-1] != "..."):
        return f" ({', '.join(arguments)})" if arguments else ""
    return f" of {either([_plural(describe(member)) for member in type_members(arguments[0])])}"


def either(phrases: list[str]) -> str:
    """``a string, a list or null``."""
    *rest, last = dict.fromkeys(phrases)
    return f"{', '.join(rest)} or {last}" if rest else last


def _plural(phrase: str) -> str:
    """``an integer`` → ``integers``, ``a list of integers`` → ``lists of integers``."""
    article, _, rest = phrase.partition(" ")
    if article not in ("a", "an"):
        return phrase
    noun, space, tail = rest.partition(" ")
    return f"{noun}s{space}{tail}"


def _shown(value: Any) -> str:
    if not isinstance(value, Mapping | list | tuple):
        return describe_value(value)
    text = json.dumps(value, default=repr)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."
