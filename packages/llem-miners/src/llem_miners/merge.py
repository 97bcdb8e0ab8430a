"""Merge mined rules into a corpus: one rule per fingerprint, manual rules stay and win.

Two rules state the same thing when their native type, severity and canonical field predicates
are equal (:func:`rule_fingerprint`). A mined rule about the same fields of the same native type
as a manual rule, but with another predicate or severity, is a *conflict*: the manual rule is
kept, the mined one dropped and listed, for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from llem_miners.assemble import Rule
from llem_miners.candidate import fingerprint

MANUAL = "manual_seed"


def rule_fingerprint(rule: Mapping[str, Any]) -> str:
    """The fingerprint of a corpus rule (see :func:`llem_miners.candidate.fingerprint`)."""
    return fingerprint(rule["native_type"], rule["severity"], rule["match"]["fields"])


def field_key(rule: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The native type and the sorted config paths a rule is about."""
    return rule["native_type"], tuple(sorted(rule["match"]["fields"]))


@attrs.frozen
class Merged:
    """The merged rules (manual, then ``added``), and the mined rules left out (already there,
    or in conflict with a manual rule)."""

    rules: tuple[Rule, ...]
    added: tuple[Rule, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()
    """(mined id, the id of the rule that already says it)."""
    conflicts: tuple[tuple[str, str], ...] = ()
    """(mined id, the manual id it contradicts)."""


def dedupe(rules: Iterable[Rule]) -> tuple[list[Rule], list[tuple[str, str]]]:
    """The first rule of each fingerprint, and (dropped id, kept id) for the others."""
    kept: dict[str, Rule] = {}
    dropped: list[tuple[str, str]] = []
    for rule in rules:
        key = rule_fingerprint(rule)
        if key in kept:
            dropped.append((rule["id"], kept[key]["id"]))
        else:
            kept[key] = rule
    return list(kept.values()), dropped


def merge(manual: Sequence[Rule], mined: Sequence[Rule]) -> Merged:
    """Manual rules first, as they are; then each mined rule that says something new."""
    said = {rule_fingerprint(rule): rule["id"] for rule in manual}
    manual_fields = {field_key(rule): rule["id"] for rule in manual}
    added: list[Rule] = []
    duplicates: list[tuple[str, str]] = []
    conflicts: list[tuple[str, str]] = []
    for rule in mined:
        key = rule_fingerprint(rule)
        if key in said:
            duplicates.append((rule["id"], said[key]))
        elif field_key(rule) in manual_fields:
            conflicts.append((rule["id"], manual_fields[field_key(rule)]))
        else:
            said[key] = rule["id"]
            added.append(rule)
    return Merged((*manual, *added), tuple(added), tuple(duplicates), tuple(conflicts))


def manual_rules(rules: Iterable[Rule]) -> list[Rule]:
    return [rule for rule in rules if rule.get("added_by") == MANUAL]
