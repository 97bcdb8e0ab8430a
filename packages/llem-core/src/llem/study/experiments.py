"""A study's ``experiments:``: explicit configurations, each a full override of the fixed config
(deep-merged over it; keys may be dotted paths, as in the sweep)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.config.strict import describe_value
from llem.config.yaml_source import Position
from llem.errors import ConfigError
from llem.study.candidate import Candidate, build_candidate, leaves
from llem.study.positions import origin_at
from llem.study.sweep_model import Assignment


def experiment_candidates(
    experiments: Any, label: str, positions: Mapping[str, Position]
) -> list[Candidate]:
    """One candidate per entry, source ``experiments[i]``; raises for a malformed list."""
    if not isinstance(experiments, list) or not experiments:
        where = origin_at(label, positions, "experiments")
        got = "an empty list" if experiments == [] else describe_value(experiments)
        raise ConfigError([f"{where}: experiments: expected a list of mappings, got {got}"])
    problems = [
        f"{origin_at(label, positions, f'experiments.{i}')}: experiments[{i}]: expected a mapping"
        f" of config keys, got {describe_value(entry)}"
        for i, entry in enumerate(experiments)
        if not isinstance(entry, dict)
    ]
    if problems:
        raise ConfigError(problems)
    return [_candidate(i, entry, label, positions) for i, entry in enumerate(experiments)]


def _candidate(
    index: int, entry: dict[str, Any], label: str, positions: Mapping[str, Position]
) -> Candidate:
    prefix = f"experiments.{index}"
    assignments = [
        Assignment(path, value, origin_at(label, positions, f"{prefix}.{path}"))
        for path, value in leaves(entry)
    ]
    return build_candidate(assignments, f"experiments[{index}]")
