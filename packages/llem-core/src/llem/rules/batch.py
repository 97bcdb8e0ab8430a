"""Validate many resolved configurations at once (a study plan) and collapse the duplicates.

Two configurations are duplicates when their *effective* configs (dormant values normalised to what
the library actually uses) hash the same: they would run identically, so a study runs one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import cattrs

from llem.config.resolve import ResolvedExperiment
from llem.errors import ConfigError
from llem.rules.rulebook import RuleBook
from llem.rules.validate import Validation, validate_experiment

InputCheck = Callable[[ResolvedExperiment], Sequence[str]]
"""The problems with what a configuration reads (its model, its dataset), located."""


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
    index: int,
    resolved: ResolvedExperiment,
    converter: cattrs.Converter,
    rulebook: RuleBook,
    inputs: InputCheck | None = None,
) -> CheckedConfig:
    rules = rulebook.for_engine(resolved.config.engine)
    problems = tuple(inputs(resolved)) if inputs else ()
    try:
        validation = validate_experiment(resolved, converter, rules)
    except ConfigError as error:
        return CheckedConfig(index, resolved, problems=(*error.problems, *problems))
    if problems:
        return CheckedConfig(index, resolved, problems=problems)
    return CheckedConfig(index, resolved, validation)


def check_configs(
    configs: Sequence[ResolvedExperiment],
    converter: cattrs.Converter,
    rulebook: RuleBook,
    inputs: InputCheck | None = None,
) -> PlanCheck:
    """Validate every configuration (and what it reads, with ``inputs``); keep the first of each
    effective config."""
    checked = [
        check_one(index, item, converter, rulebook, inputs) for index, item in enumerate(configs)
    ]
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
