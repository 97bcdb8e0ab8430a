"""Pure helpers of the replay gate: message templates as regexes, and boundary probe values.

A field predicate with a literal threshold (``{"<=": 0}``, ``{">": 1.0}``, ``4``) or a literal list
(``{in: [...]}``) gets probe values around it; the gate replays each one and requires the
predicate to fire exactly when the library shows the rule's outcome.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from llem_miners.values import is_number as is_number
from llem_miners.values import unique

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
MEMBERSHIPS = ("in", "not_in")
PLACEHOLDER = re.compile(r"\{[^{}]+\}")
OUTSIDE_STRING = "__llem_probe__"
"""The value outside a list of strings (no library accepts it as a member)."""


def template_regex(template: str) -> re.Pattern[str]:
    """The template's literal text escaped, each ``{placeholder}`` matching any text (``.+?``).

    Searched (not matched) in a message, so a library prefix or suffix is allowed; ``.`` matches
    newlines too, for multi-line library messages."""
    literals = (re.escape(part) for part in PLACEHOLDER.split(template))
    return re.compile(".+?".join(literals), re.DOTALL)


def is_reference(value: Any) -> bool:
    """An ``"@name"`` / ``"@a.b"`` operand (a field reference, not a literal)."""
    return isinstance(value, str) and value.startswith("@") and not value.startswith("@@")


def literal(value: Any) -> Any:
    """``"@@x"`` is the literal string ``"@x"``; every other non-reference is itself."""
    return value[1:] if isinstance(value, str) and value.startswith("@@") else value


def _tidy(value: float) -> float:
    return float(f"{value:.12g}")


def around(threshold: int | float, *, as_float: bool) -> list[int | float]:
    """``t - d, t, t + d``: ``d = 1`` for integers, ``1e-3 * max(1, |t|)`` for floats."""
    if not as_float and isinstance(threshold, int):
        return [threshold - 1, threshold, threshold + 1]
    delta = 1e-3 * max(1.0, abs(threshold))
    return [_tidy(threshold - delta), _tidy(float(threshold)), _tidy(threshold + delta)]


def outside(members: Sequence[Any]) -> Any:
    """A value of the members' kind that is none of them (``None`` when there is no such value)."""
    numbers = [member for member in members if is_number(member)]
    if numbers and len(numbers) == len(members):
        return max(numbers) + 1
    if members and all(isinstance(member, str) for member in members):
        return OUTSIDE_STRING
    if members and all(isinstance(member, bool) for member in members):
        rest = {True, False} - set(members)
        return rest.pop() if rest else None
    return None


def _equality_probes(value: Any, example: Any) -> list[Any]:
    """Probes for an equality with a literal number (``t - d, t, t + d``); other literals (booleans,
    strings, lists) get none: flipping them could only show the predicate too narrow where
    another rule covers the other value (greedy decoding ignores ``top_p`` whatever it is)."""
    return around(value, as_float=isinstance(example, float)) if is_number(value) else []


def _membership_probes(members: Any) -> list[Any]:
    """Each member (items of a list operand are always literal) and one value outside them."""
    if not isinstance(members, list | tuple):
        return []
    plain = [member for member in members if member is not None]
    extra = outside(plain)
    return [*plain, extra] if extra is not None else plain


def _operator_probes(operator: str, operand: Any, example: Any) -> list[Any]:
    if operator in MEMBERSHIPS:
        return _membership_probes(operand)
    if operator not in COMPARISONS or is_reference(operand):
        return []
    operand = literal(operand)
    if operator in ("==", "!="):
        return _equality_probes(operand, example)
    if is_number(operand):
        return around(operand, as_float=isinstance(example, float))
    return []


def probe_values(spec: Any, example: Any = None) -> list[Any]:
    """The values to probe a field predicate with, in a stable order without duplicates.

    ``example`` is the field's value in the rule's positive kwargs: when it is a float, an integer
    threshold is probed with float steps (``temperature: {"<=": 0}`` → ``-0.001, 0.0, 0.001``)."""
    if isinstance(spec, Mapping):
        found: list[Any] = []
        for operator, operand in spec.items():
            found += _operator_probes(str(operator), operand, example)
    elif is_reference(spec):
        found = []
    else:
        found = _equality_probes(literal(spec), example)
    return unique(found)
