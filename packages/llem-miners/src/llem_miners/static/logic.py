"""Conditions as disjunctions of conjunctions of atoms (one keyword, one predicate operator).

A translated condition is a :data:`Dnf`: a tuple of alternatives, each a conjunction of
:class:`Atom` (a candidate rule each) or a :class:`Failure` (a part that could not be translated,
reported as unmined). ``TRUE`` is one empty conjunction, ``FALSE`` no alternative at all.
"""

from __future__ import annotations

from typing import Any

import attrs

NEGATION = {
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
    "==": "!=",
    "!=": "==",
    "in": "not_in",
    "not_in": "in",
    "type_is": "type_is_not",
    "type_is_not": "type_is",
    "present": "absent",
    "absent": "present",
}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
"""The operator seen from the other side (``0 < k`` is ``k > 0``)."""
FALSY: tuple[Any, ...] = (False, 0, "", [], {})
"""The falsy values a keyword can take besides ``None`` (which never fires anyway)."""


@attrs.frozen(hash=False)
class Atom:
    """One predicate on one keyword: ``Atom("top_k", "<", 0)``; ``"@name"`` names a keyword."""

    keyword: str
    op: str
    operand: Any = True

    def negated(self) -> Atom:
        """The atom that holds exactly when this one does not (for a set, non-null value)."""
        return Atom(self.keyword, NEGATION[self.op], self.operand)

    def keywords(self) -> tuple[str, ...]:
        """The keyword and, for a ``"@name"`` operand, the keyword it refers to."""
        if isinstance(self.operand, str) and self.operand.startswith("@"):
            return (self.keyword, self.operand[1:])
        return (self.keyword,)


@attrs.frozen
class Failure:
    """A part of a condition that could not be translated: its source text and why."""

    text: str
    reason: str


Alternative = tuple[Atom, ...] | Failure
Dnf = tuple[Alternative, ...]
TRUE: Dnf = ((),)
FALSE: Dnf = ()


def fail(text: str, reason: str) -> Dnf:
    """A condition that could not be translated."""
    return (Failure(text, reason),)


def atom(keyword: str, op: str, operand: Any = True) -> Dnf:
    """The condition of a single atom."""
    return ((Atom(keyword, op, operand),),)


def disjoin(*parts: Dnf) -> Dnf:
    """``a or b or ...``."""
    return tuple(alternative for part in parts for alternative in part)


def conjoin(*parts: Dnf) -> Dnf:
    """``a and b and ...``: every combination of one alternative of each part."""
    result: Dnf = TRUE
    for part in parts:
        result = tuple(_both(left, right) for left in result for right in part)
    return result


def _both(left: Alternative, right: Alternative) -> Alternative:
    if isinstance(left, Failure):
        return left
    if isinstance(right, Failure):
        return right
    return left + right


def truthiness(keyword: str, negated: bool) -> Dnf:
    """``if k:`` (``not_in`` the falsy values) or ``if not k:`` (one of them, or unset)."""
    if not negated:
        return atom(keyword, "not_in", list(FALSY))
    return disjoin(atom(keyword, "in", list(FALSY)), atom(keyword, "absent"))


def keywords_of(condition: Dnf) -> tuple[str, ...] | None:
    """The keywords a condition mentions, in order of appearance; ``None`` if a part failed."""
    seen: dict[str, None] = {}
    for alternative in condition:
        if isinstance(alternative, Failure):
            return None
        for item in alternative:
            seen.update(dict.fromkeys(item.keywords()))
    return tuple(seen)


def only_presence(condition: Dnf) -> bool:
    """Whether every atom of the condition is a ``present`` / ``absent`` test."""
    return all(
        not isinstance(alt, Failure) and all(item.op in ("present", "absent") for item in alt)
        for alt in condition
    )
