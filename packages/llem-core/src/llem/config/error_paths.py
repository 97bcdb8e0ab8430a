"""Turn cattrs' nested validation errors into ``(dotted path, message)`` pairs.

With detailed validation cattrs raises exception groups: a ``ClassValidationError`` per class and
an ``IterableValidationError`` per list, whose members carry a note naming the attribute or index
they belong to (the same walk as ``cattrs.transform_error``). Errors raised while constructing a
class (its attrs validators) carry no note and belong to the class itself; llem's validators raise
:class:`FieldValueError`, which names the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from llem.config.paths import dotted
from llem.config.suggest import did_you_mean
from llem.config.validators import FieldValueError

ErrorPath = tuple[str, ...]
KnownKeys = Callable[[type], list[str]]


def describe_errors(error: BaseException, known_keys: KnownKeys) -> list[tuple[str, str]]:
    """Every problem in ``error`` as (dotted path, message); ``known_keys(cls)`` feeds
    "did you mean" for unknown keys."""
    return [
        pair for path, leaf in iter_leaf_errors(error) for pair in _describe(path, leaf, known_keys)
    ]


def iter_leaf_errors(
    error: BaseException, path: ErrorPath = ()
) -> Iterator[tuple[ErrorPath, BaseException]]:
    """The errors that are not groups, each with the path of the value it is about."""
    if not isinstance(error, (ClassValidationError, IterableValidationError)):
        yield path, error
        return
    with_notes, without_notes = error.group_exceptions()
    for inner, note in with_notes:
        yield from iter_leaf_errors(inner, (*path, _note_key(note)))
    for inner in without_notes:
        yield from iter_leaf_errors(inner, path)


def _note_key(note: Any) -> str:
    return note.name if isinstance(note, AttributeValidationNote) else str(note.index)


def _describe(
    path: ErrorPath, error: BaseException, known_keys: KnownKeys
) -> list[tuple[str, str]]:
    if isinstance(error, ForbiddenExtraKeysError):
        candidates = known_keys(error.cl)
        return [
            (dotted((*path, key)), f"unknown key {key!r}{did_you_mean(key, candidates)}")
            for key in sorted(error.extra_fields, key=str)
        ]
    if isinstance(error, FieldValueError):
        return [(dotted((*path, error.field)), error.message)]
    if isinstance(error, KeyError):
        return [(dotted(path), "required key is missing")]
    return [(dotted(path), _message(error))]


def _message(error: BaseException) -> str:
    if isinstance(error, AttributeError) and "'items'" in str(error):
        return "expected a mapping of keys"  # cattrs' dict hook given a scalar or a list
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) and first else f"{type(error).__name__}: {error}"
