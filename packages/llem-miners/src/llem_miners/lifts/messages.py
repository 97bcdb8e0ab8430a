"""Literal fragments of the messages each library raises for a broken declared constraint.

The replay gate searches a rule's ``message_template`` (its literal text, ``{placeholder}`` for
any text) in the library's message; these fragments are what pydantic 2 (``Input should be
greater than 0``), attrs (``'a' must be > 0``) and msgspec (``Expected `int` >= 0``) say, with the
bound written as the library writes it. Where the exact text cannot be predicted the fragment is
cut short rather than guessed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

PYDANTIC_BOUND_WORDS = {
    "gt": "greater than",
    "ge": "greater than or equal to",
    "lt": "less than",
    "le": "less than or equal to",
}
PYDANTIC_TYPE_WORDS = {
    "int": "a valid integer",
    "number": "a valid number",
    "str": "a valid string",
    "bool": "a valid boolean",
}
PYDANTIC_PREFIX = "Input should be "
MSGSPEC_OPS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}


def pydantic_number(value: Any) -> str | None:
    """A number as pydantic-core prints it: ``2.0`` as ``2``, ``1e-05`` as ``0.00001``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return None
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def pydantic_bound(name: str, bound: Any) -> str:
    """``Input should be greater than 0`` (``multiple_of``: ``Input should be a multiple of 4``)."""
    shown = pydantic_number(bound)
    words = PYDANTIC_BOUND_WORDS.get(name, "a multiple of")
    return f"{PYDANTIC_PREFIX}{words} {shown}" if shown is not None else PYDANTIC_PREFIX + words


def pydantic_literal(values: Sequence[Any]) -> str:
    """``Input should be 'a', 'b' or 'c'``; just ``Input should be `` when a value's printing is
    uncertain (quotes, braces, non-ASCII text, non-plain values)."""
    shown = [_pydantic_repr(value) for value in values]
    if not shown or any(text is None for text in shown):
        return PYDANTIC_PREFIX
    texts = [text for text in shown if text is not None]
    joined = texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} or {texts[-1]}"
    return PYDANTIC_PREFIX + joined


def pydantic_type(type_name: str) -> str:
    """``Input should be a valid integer`` (strict mode's message for a value of the wrong type)."""
    return PYDANTIC_PREFIX + PYDANTIC_TYPE_WORDS[type_name]


def _pydantic_repr(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return pydantic_number(value)
    if isinstance(value, str) and _plain_text(value):
        return f"'{value}'"
    return None


def _plain_text(text: str) -> bool:
    return text.isascii() and text.isprintable() and not any(c in text for c in "'\"\\{}")


def attrs_bound(attribute: str, op: str, bound: Any) -> str:
    """``'a' must be > 0`` (attrs' ``gt``/``ge``/``lt``/``le`` validators)."""
    return _brace_safe(f"'{attribute}' must be {op} {bound}", f"'{attribute}' must be {op} ")


def attrs_in(attribute: str, options: Any) -> str:
    """``'b' must be in ['x', 'y']`` (attrs' ``in_``), shortened where the repr is unstable."""
    short = f"'{attribute}' must be in "
    if isinstance(options, set | frozenset):
        return short
    return _brace_safe(f"{short}{options!r}", short)


def attrs_instance_of(attribute: str, types: Any) -> str:
    """``'d' must be <class 'int'>`` (attrs' ``instance_of``)."""
    return _brace_safe(f"'{attribute}' must be {types!r}", f"'{attribute}' must be ")


def msgspec_bound(type_name: str, name: str, bound: Any) -> str:
    """``Expected `int` >= 0`` (``multiple_of``: ``Expected `int` that's a multiple of 4``)."""
    if name == "multiple_of":
        return f"Expected `{type_name}` that's a multiple of {bound}"
    return f"Expected `{type_name}` {MSGSPEC_OPS[name]} {bound}"


def msgspec_literal() -> str:
    """msgspec names the rejected value, not the allowed ones: ``Invalid enum value 'z'``."""
    return "Invalid enum value "


def _brace_safe(text: str, fallback: str) -> str:
    """``text``, or ``fallback`` when braces in it would read as template placeholders."""
    return fallback if "{" in text or "}" in text else text
