"""Findings -> :class:`~llem_miners.candidate.Candidate` (with example kwargs) or ``Unmined``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.rules.model import Outcome, Severity
from llem_miners.candidate import Candidate, Unmined, Where
from llem_miners.dynamic.facts import KeywordFacts
from llem_miners.dynamic.findings import Finding, Gap
from llem_miners.examples import examples

MINER = "dynamic_miner"

SEVERITY: Mapping[str, tuple[Severity, Outcome]] = {
    "raise": ("error", "raise"),
    "warn": ("warn", "warn"),
    "ignore": ("dormant", "ignore"),
}


def to_candidate(
    finding: Finding, native_type: str, where: Where, facts: Mapping[str, KeywordFacts]
) -> Candidate:
    """The candidate for ``finding``; its examples are synthesised from the predicates (the
    probe kwargs that showed it when none can be)."""
    types = {key: facts[key].type_name for key in finding.fields if key in facts}
    known = {key: name for key, name in types.items() if name is not None}
    positive, negative = checked_examples(finding, examples(finding.fields, known))
    severity, outcome = SEVERITY[finding.outcome]
    if finding.dormant:
        severity = "dormant"
    return Candidate(
        native_type=native_type,
        severity=severity,
        fields=finding.fields,
        kwargs_positive=positive,
        kwargs_negative=negative,
        expected_outcome=outcome,
        message_template=finding.template,
        where=where,
        added_by=MINER,
        normalised=finding.normalised,
        description=finding.description,
    )


def checked_examples(
    finding: Finding, synthesised: tuple[dict[str, Any], dict[str, Any]] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The synthesised examples when the probes confirm them (the positive showed the outcome, the
    negative neither showed it nor raised), else the probe kwargs that showed the outcome. Examples
    that set other keywords too (a dormant rule's) cannot be checked here and are kept."""
    if synthesised is None:
        return finding.observed
    positive, negative = synthesised
    if list(positive) != [finding.keyword] or list(negative) != [finding.keyword]:
        return synthesised
    shown, not_shown = finding.outcome_of(positive), finding.outcome_of(negative)
    if shown == finding.outcome and not_shown not in (None, "raise", finding.outcome):
        return synthesised
    return finding.observed


def to_unmined(gap: Gap, where: Where) -> Unmined:
    return Unmined(where=where, construct=gap.construct, reason=gap.reason, miner=MINER)
