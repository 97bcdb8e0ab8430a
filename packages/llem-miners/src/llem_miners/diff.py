"""A human-readable diff of two corpora, rule by rule: what a maintainer reviews after a re-mine.

Rules are paired by fingerprint (same native type, severity and predicates); a rule whose id
exists on both sides with another fingerprint is *changed*. Lines start with ``+`` (only in the
new corpus), ``-`` (only in the old) or ``~`` (changed), sorted by id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from llem_miners.merge import rule_fingerprint

Rule = Mapping[str, Any]


def diff_corpora(old: Sequence[Rule], new: Sequence[Rule]) -> list[str]:
    """The diff lines (empty when both corpora state the same rules)."""
    old_keys = {rule_fingerprint(rule): rule for rule in old}
    new_keys = {rule_fingerprint(rule): rule for rule in new}
    old_ids = {rule["id"]: rule for rule in old}
    new_ids = {rule["id"]: rule for rule in new}
    changed = {
        rule_id
        for rule_id in old_ids.keys() & new_ids.keys()
        if rule_fingerprint(old_ids[rule_id]) != rule_fingerprint(new_ids[rule_id])
    }
    lines = [f"~ {rid}: {describe(old_ids[rid])}  ->  {describe(new_ids[rid])}" for rid in changed]
    lines += [
        f"+ {rule['id']}: {describe(rule)}"
        for key, rule in new_keys.items()
        if key not in old_keys and rule["id"] not in changed
    ]
    lines += [
        f"- {rule['id']}: {describe(rule)}"
        for key, rule in old_keys.items()
        if key not in new_keys and rule["id"] not in changed
    ]
    return sorted(lines, key=lambda line: (line[2:], line[0]))


def describe(rule: Rule) -> str:
    """``error GenerationConfig: transformers.generation.num_beams {"<": 1} (static_miner)``."""
    fields = ", ".join(
        f"{path} {json.dumps(spec, default=repr)}" for path, spec in rule["match"]["fields"].items()
    )
    return f"{rule['severity']} {rule['native_type']}: {fields} ({rule.get('added_by', '?')})"


def summary(lines: Sequence[str]) -> str:
    counts = {sign: sum(line.startswith(sign) for line in lines) for sign in "+-~"}
    return f"{counts['+']} added, {counts['-']} removed, {counts['~']} changed"
