"""Dormant rules applied to a fixpoint: the config a library would effectively run.

Each round evaluates every dormant rule against the same view and applies the writes of those that
match together, so the outcome depends on the *set* of rules, never on their order. Two matching
rules that write different values to one path are not confluent and raise :class:`FixpointError`.
``None`` and a missing key both mean "unset": writing ``None`` over a missing key changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from llem.config.paths import set_path
from llem.rules.model import Rule, View
from llem.rules.native import LIST_TYPES, SCALAR_TYPES, plain
from llem.rules.predicates import MISSING, lookup

Writes = dict[str, tuple[Any, Rule]]
"""Path → (value, the rule that writes it), for one round."""


class FixpointError(ValueError):
    """Dormant rules that do not converge (they keep rewriting each other)."""


def normalise(view: View, rules: Sequence[Rule]) -> tuple[dict[str, object], tuple[Rule, ...]]:
    """Apply every matching dormant rule's ``normalised`` values until nothing changes.

    Returns the normalised view (a new nested dict; ``None`` values stand for "unset") and the
    dormant rules that fired in any round, sorted by id. Non-dormant rules are ignored; ``view``
    is not modified. Idempotent and independent of rule order."""
    dormant = [rule for rule in rules if rule.severity == "dormant"]
    current: dict[str, Any] = plain(view)
    fired: dict[str, Rule] = {}
    for _ in range(len(dormant) + 2):
        current, changed = _round(current, dormant, fired)
        if not changed:
            return current, tuple(fired[rule_id] for rule_id in sorted(fired))
    cycling = ", ".join(_cycling(current, dormant))
    raise FixpointError(f"dormant rules do not converge, still rewriting: {cycling}")


def _round(
    view: dict[str, Any], dormant: Sequence[Rule], fired: dict[str, Rule]
) -> tuple[dict[str, Any], set[str]]:
    """Apply the rules that match ``view`` at once, in place (``view`` is normalise's own copy):
    the view and the ids of the rules whose writes changed it. Records matching rules in
    ``fired``."""
    matching = [rule for rule in dormant if rule.matches(view)]
    fired.update((rule.id, rule) for rule in matching)
    changes = _changes(view, _writes(matching))
    for path, (value, _) in sorted(changes.items()):
        set_path(view, path, plain(value))
    return view, {rule.id for _, rule in changes.values()}


def _cycling(view: dict[str, Any], dormant: Sequence[Rule]) -> list[str]:
    """The rules that keep changing a view that did not converge, over as many rounds again."""
    names: set[str] = set()
    for _ in range(len(dormant) + 2):
        view, changed = _round(view, dormant, {})
        names |= changed
    return sorted(names)


def _writes(rules: Iterable[Rule]) -> Writes:
    """The values the matching rules set; raises when two of them disagree about a path (naming
    them in id order, so the error too is independent of rule order)."""
    writes: Writes = {}
    for rule in sorted(rules, key=lambda rule: rule.id):
        for path, value in rule.normalised.items():
            if path in writes and not identical(writes[path][0], value):
                other = writes[path][1]
                raise FixpointError(
                    f"dormant rules {other.id} and {rule.id} set {path} to different values "
                    f"({writes[path][0]!r} vs {value!r})"
                )
            writes.setdefault(path, (value, rule))
    return writes


def _changes(view: View, writes: Writes) -> Writes:
    """The writes that would change ``view``."""
    return {path: write for path, write in writes.items() if not _holds(view, path, write[0])}


def _holds(view: View, path: str, value: Any) -> bool:
    current = lookup(view, path)
    if value is None:
        return current is None or current is MISSING
    return current is not MISSING and identical(current, value)


def identical(left: Any, right: Any) -> bool:
    """Equal and of the same type all the way down (``1`` is not ``1.0`` nor ``True``), so that a
    rewrite that only changes a type still counts as a change."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return left.keys() == right.keys() and all(identical(left[k], right[k]) for k in left)
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(map(identical, left, right))
    return type(left) is type(right) and bool(left == right)


def canonical_hash(view: View) -> str:
    """A stable hash of a view: ``None`` leaves dropped (then mappings left empty), keys sorted,
    JSON-encoded, sha256 hex. Views differing only in unset values or key order hash equal."""
    text = json.dumps(prune(view), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def prune(data: Any) -> Any:
    """``data`` without ``None`` mapping values and without the mappings that leaves empty
    (list items keep their places: a ``None`` inside a list is kept)."""
    if type(data) is dict or isinstance(data, Mapping):  # dict first: the ABC check is slow
        return _prune_mapping(data)
    if isinstance(data, LIST_TYPES):
        return [prune(item) for item in data]
    return data


def _prune_mapping(data: Mapping[Any, Any]) -> dict[Any, Any]:
    # Hot path of every plan's de-duplication: recurse only where something can be pruned.
    pruned: dict[Any, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if type(value) not in SCALAR_TYPES:
            value = prune(value)
            if value == {}:
                continue
        pruned[key] = value
    return pruned
