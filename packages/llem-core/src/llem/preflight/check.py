"""One experiment checked as ``llem run`` checks it before loading a model: the engine's schema
and rules, then its model and dataset, every problem in one :class:`ConfigError`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import cattrs

from llem.config.converter import make_converter
from llem.errors import ConfigError
from llem.plugins.registry import Registry
from llem.preflight.inputs import InputChecks
from llem.rules.rulebook import EngineRules, RuleBook
from llem.rules.validate import Validation, validate_experiment

if TYPE_CHECKING:
    from llem.launch import Launch


def check_experiment(
    launch: Launch, converter: cattrs.Converter, rules: EngineRules, inputs: InputChecks
) -> Validation:
    """The validation (warnings and dormant values to show); raises :class:`ConfigError`."""
    problems = inputs.problems(launch)
    try:
        validation = validate_experiment(launch.resolved, converter, rules)
    except ConfigError as error:
        raise ConfigError([*error.problems, *problems]) from None
    if problems:
        raise ConfigError(problems)
    return validation


def check_launch(
    launch: Launch, registry: Registry, rulebook: RuleBook | None = None
) -> Validation:
    """:func:`check_experiment` for one experiment, in this process's environment."""
    rules = (rulebook or RuleBook(registry)).for_engine(launch.resolved.config.engine)
    inputs = InputChecks(registry, dict(os.environ))
    return check_experiment(launch, make_converter(registry), rules, inputs)
