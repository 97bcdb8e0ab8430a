"""What a lift reads off a class before it becomes candidates: each field's declared constraints.

A :class:`Constraint` is one declared constraint as a predicate that fires on the values the class
rejects (``Gt(0)`` becomes ``{"<=": 0}``), with the fragment of the library's message that names
it. A :class:`Skipped` is a declared construct with no such predicate (a length bound, a validator
function). A :class:`ModelLift` holds a class's fields; its ``unenforced`` reason, when set, says
that the class declares constraints without checking them when it is built (a stdlib dataclass,
a msgspec ``Struct``): those become unmined constructs, though their thresholds still count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from llem_miners.candidate import Where


@attrs.frozen
class Constraint:
    """One declared constraint: ``spec`` fires on a rejected value; ``construct`` is its text."""

    spec: Mapping[str, Any]
    message: str
    construct: str
    thresholds: tuple[Any, ...] = ()


@attrs.frozen
class Skipped:
    """A declared construct that no predicate states: its text and why."""

    construct: str
    reason: str


@attrs.frozen
class FieldLift:
    """One constructor keyword of a class: ``name`` the attribute (where its source is found),
    ``keyword`` what the constructor takes, ``type_name`` a predicate type name (``int``, ...)
    when the annotation is one simple type."""

    name: str
    keyword: str
    type_name: str | None = None
    constraints: tuple[Constraint, ...] = ()
    skipped: tuple[Skipped, ...] = ()


@attrs.frozen
class ModelLift:
    """The fields of one class, read by the lift named ``added_by``; ``checks``: the names of
    its methods that check values in code (``__post_init__``, pydantic validators), which the
    static miner reads."""

    cls: type
    added_by: str
    fields: tuple[FieldLift, ...]
    checks: tuple[str, ...] = ()
    unenforced: str | None = None
    places: Mapping[str, Where] | None = None
    """Where each field is defined, when the lift knows it (a class read off a source tree);
    ``None``: read off the imported class's source."""


POST_INIT = ("__post_init__", "__attrs_post_init__")


def code_checks(cls: type) -> tuple[str, ...]:
    """The post-init hooks ``cls`` defines or inherits (from any class but ``object``)."""
    return tuple(name for name in POST_INIT if callable(getattr(cls, name, None)))
