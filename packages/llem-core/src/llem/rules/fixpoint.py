"""Dormant rules applied to a fixpoint: the config a library would effectively run.

STUB: signatures are the contract; the implementation is being written.
"""

from __future__ import annotations

from collections.abc import Sequence

from llem.rules.model import Rule, View


class FixpointError(ValueError):
    """Dormant rules that do not converge (they keep rewriting each other)."""


def normalise(view: View, rules: Sequence[Rule]) -> tuple[dict[str, object], tuple[Rule, ...]]:
    """Apply every matching dormant rule's ``normalised`` values until nothing changes.

    Returns the normalised view (a new nested dict; ``None`` values stand for "unset") and the
    dormant rules that fired, in corpus order. Idempotent and independent of rule order."""
    raise NotImplementedError


def canonical_hash(view: View) -> str:
    """A stable hash of a view: ``None`` leaves dropped, keys sorted, JSON-encoded, sha256 hex."""
    raise NotImplementedError
