"""Validate many resolved configurations at once (a study plan) and collapse the duplicates.

Two configurations are duplicates when their *effective* configs (dormant values normalised to what
the library actually uses) hash the same: they would run identically, so a study runs one of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import cattrs

from llem.config.resolve import ResolvedExperiment
from llem.errors import ConfigError
from llem.rules.rulebook import RuleBook
from llem.rules.validate import Validation, validate_experiment


@attrs.frozen
class CheckedConfig:
    """One configuration of a plan: its validation, or the problems that reject it."""

    index: int
    resolved: ResolvedExperiment
    validation: Validation | None = None
    problems: tuple[str, ...] = ()


@attrs.frozen
class PlanCheck:
    """``valid``: to run (first of each effective config); ``invalid``: rejected, with reasons;
    ``duplicates``: ``(index, index of the valid config it runs identically to)``."""

    valid: tuple[CheckedConfig, ...]
    invalid: tuple[CheckedConfig, ...]
    duplicates: tuple[tuple[int, int], ...]


def check_one(
    index: int, resolved: ResolvedExperiment, converter: cattrs.Converter, rulebook: RuleBook
) -> CheckedConfig:
    rules = rulebook.for_engine(resolved.config.engine)
    try:
        return CheckedConfig(index, resolved, validate_experiment(resolved, converter, rules))
    except ConfigError as error:
        return CheckedConfig(index, resolved, problems=tuple(error.problems))


def check_configs(
    configs: Sequence[ResolvedExperiment], converter: cattrs.Converter, rulebook: RuleBook
) -> PlanCheck:
    """Validate every configuration; keep the first of each effective config."""
    checked = [check_one(index, item, converter, rulebook) for index, item in enumerate(configs)]
    first_of: dict[str, int] = {}
    valid: list[CheckedConfig] = []
    duplicates: list[tuple[int, int]] = []
    for item in checked:
        if item.validation is None:
            continue
        key = item.validation.effective_hash
        if key in first_of:
            duplicates.append((item.index, first_of[key]))
        else:
            first_of[key] = item.index
            valid.append(item)
    invalid = tuple(item for item in checked if item.validation is None)
    return PlanCheck(tuple(valid), invalid, tuple(duplicates))
