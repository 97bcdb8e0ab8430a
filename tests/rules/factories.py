"""Rules built in memory for the rules tests (no corpus file needed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.rules.model import Outcome, Rule, RuleSource, Severity
from llem.rules.predicates import compile_field

SOURCE = RuleSource("lib", "1.0", "lib/file.py", "Thing.check", 10)


def build_rule(
    rule_id: str,
    fields: Mapping[str, Any],
    *,
    severity: Severity,
    outcome: Outcome,
    normalised: Mapping[str, Any],
    engine: str = "e",
    native_type: str = "Thing",
    template: str = "msg",
) -> Rule:
    """A rule whose examples are placeholders: enough for checking and normalising views."""
    return Rule(
        id=rule_id,
        engine=engine,
        severity=severity,
        native_type=native_type,
        fields=tuple(compile_field(path, spec) for path, spec in fields.items()),
        kwargs_positive={"a": 1},
        kwargs_negative={"a": 2},
        expected_outcome=outcome,
        message_template=template,
        source=SOURCE,
        added_by="manual_seed",
        normalised=dict(normalised),
    )
