"""The predicate language of ``match.fields`` (see ``docs/rules.md``).

STUB: signatures are the contract; the implementation is being written.
"""

from __future__ import annotations

from typing import Any

from llem.rules.model import FieldMatcher, View

MISSING: Any = object()
"""What :func:`lookup` returns for a path that is not in the view."""


class PredicateError(ValueError):
    """A predicate that cannot be compiled; the message says what is wrong (not where)."""


def lookup(view: View, path: str) -> Any:
    """The value at dotted ``path`` in ``view``, or :data:`MISSING`."""
    raise NotImplementedError


def compile_field(path: str, spec: Any) -> FieldMatcher:
    """Compile one ``match.fields`` entry; raises :class:`PredicateError` on a malformed spec."""
    raise NotImplementedError
