"""A rule one keyword shows when set alone holds only while the siblings that undo it stay unset.

For each raise or warn finding on ``x`` (at the value that showed it), each other probed keyword
``y`` is set to its first value that had an effect alone (a boolean to each of its values),
together with ``x``; when the outcome is gone (nothing raised; no warning matches the finding's
template), ``y`` undoes it and the finding gains ``y``'s unset predicate: ``penalty_alpha > 0``
raises "moved to the Hub" only while ``do_sample`` and ``num_beams`` are left alone. It is the
converse of :mod:`.dormant`, which finds the siblings that make an inert keyword count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from llem_miners.dynamic.conflicts import Pair
from llem_miners.dynamic.dormant import activation_value
from llem_miners.dynamic.findings import Finding
from llem_miners.dynamic.probes import kind_of
from llem_miners.dynamic.series import Series, unset_predicate
from llem_miners.gate.probes import template_regex
from llem_miners.replay import Observation, Replayer


@attrs.frozen
class InContext:
    """A finding in context: its variants, the pairs that undid it (a sibling that undoes an
    error may warn instead: :mod:`.conflicts` reads it), and the replays run."""

    findings: list[Finding]
    undoing: list[Pair]
    replays: int


def with_context(
    replayer: Replayer, native_type: str, finding: Finding, siblings: Sequence[Series]
) -> InContext:
    """``finding`` with the unset predicate of every sibling that undoes it. A sibling whose
    library default is known is unset two ways, absent or set to that default (``num_beams``
    absent or 1): one more finding for each such sibling."""
    found, undoing, replays = _undone(replayer, native_type, finding, siblings)
    return InContext([found, *default_variants(found, siblings)], undoing, replays)


def default_variants(finding: Finding, siblings: Sequence[Series]) -> list[Finding]:
    """The finding with one ``absent`` sibling at a time set to its library default instead."""
    variants = []
    for sibling in siblings:
        default = sibling.facts.library_default
        if finding.fields.get(sibling.keyword) == {"absent": True} and default is not None:
            fields = {**finding.fields, sibling.keyword: default}
            variants.append(attrs.evolve(finding, fields=fields))
    return variants


def _undone(
    replayer: Replayer, native_type: str, finding: Finding, siblings: Sequence[Series]
) -> tuple[Finding, list[Pair], int]:
    positive = finding.observed[0]
    if finding.dormant or finding.outcome == "ignore" or finding.keyword not in positive:
        return finding, [], 0
    fields, undoing, replays = dict(finding.fields), [], 0
    for sibling in siblings:
        if sibling.keyword in fields:
            continue
        for value in trial_values(sibling):
            paired = replayer.replay(native_type, {**positive, sibling.keyword: value})
            replays += 1
            if not shows(paired, finding):
                fields[sibling.keyword] = unset_predicate(sibling)
                undoing += _pair(finding, siblings, sibling, value)
                break
    if len(fields) == len(finding.fields):
        return finding, undoing, replays
    names = " or ".join(key for key in fields if key not in finding.fields)
    described = f"{finding.description} Setting {names} undoes it (probed pairwise)."
    return attrs.evolve(finding, fields=fields, description=described), undoing, replays


def _pair(finding: Finding, siblings: Sequence[Series], sibling: Series, value: Any) -> list[Pair]:
    """The pair a sibling undoing a one-keyword error makes with it, for :mod:`.conflicts`."""
    positive = finding.observed[0]
    own = [series for series in siblings if series.keyword == finding.keyword]
    if finding.outcome != "raise" or list(positive) != [finding.keyword] or not own:
        return []
    return [Pair(own[0], positive[finding.keyword], sibling, value)]


def trial_values(sibling: Series) -> list[Any]:
    """The sibling's first value that had an effect alone; for a boolean both, when both had
    one (its default unknown, ``False`` is a change as well as ``True``)."""
    probe = activation_value(sibling)
    if probe is None:
        return []
    if kind_of(sibling.facts) != "bool":
        return [probe.value]
    return [p.value for p in sibling.probes if p.outcome == "effect" and isinstance(p.value, bool)]


def shows(observation: Observation, finding: Finding) -> bool:
    """Whether the replay still shows the finding: any error for a raise (the configuration is
    an error either way), a warning matching its template for a warning."""
    if finding.outcome == "raise":
        return observation.raised is not None
    pattern = template_regex(finding.template)
    return observation.raised is None and any(pattern.search(w) for w in observation.warnings)
