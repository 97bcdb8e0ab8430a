"""The probe series of one keyword: every probe value replayed alone, plus the default point."""

from __future__ import annotations

from typing import Any

import attrs

from llem_miners.dynamic.facts import KeywordFacts
from llem_miners.dynamic.observe import Probe, classify
from llem_miners.dynamic.probes import probe_values, sort_key
from llem_miners.replay import Observation, Replayer


@attrs.frozen
class Series:
    """``probes`` sorted by (type name, value); the default (when known and not ``None``) is a
    point of its own with outcome ``default`` and the baseline's effect, never replayed."""

    keyword: str
    facts: KeywordFacts
    probes: tuple[Probe, ...]

    def replayed(self) -> tuple[Probe, ...]:
        return tuple(probe for probe in self.probes if probe.outcome != "default")

    def count(self, outcome: str) -> int:
        return sum(probe.outcome == outcome for probe in self.probes)


def probe_keyword(
    replayer: Replayer,
    native_type: str,
    keyword: str,
    facts: KeywordFacts,
    baseline: Observation,
    limit: int,
) -> Series:
    """Replay each probe value of ``keyword`` alone and classify it against ``baseline``."""
    probes = [
        classify(value, replayer.replay(native_type, {keyword: value}), baseline)
        for value in probe_values(facts, limit)
    ]
    default = facts.unset_default()
    if default is not None:
        probes.append(Probe(default, "default", "", baseline.effect))
    return Series(keyword, facts, tuple(sorted(probes, key=lambda probe: sort_key(probe.value))))


def set_predicate(series: Series) -> Any:
    """The keyword set: present, or different from its non-null default."""
    default = series.facts.unset_default()
    return {"present": True} if default is None else {"!=": default}


def unset_predicate(series: Series) -> Any:
    """The keyword unset: absent, or equal to its non-null default."""
    default = series.facts.unset_default()
    return {"absent": True} if default is None else default
