"""Resolve and validate an experiment file the way ``llem run`` would, loading no model."""

from __future__ import annotations

import os
from pathlib import Path

from llem.plugins.host import PluginHost
from llem.rules.validate import Validation


def validate_file(host: PluginHost, config_file: Path, sets: tuple[str, ...]) -> Validation:
    """Raises :class:`llem.errors.ConfigError` for every problem found."""
    from llem.config.converter import make_converter
    from llem.config.resolve import ConfigSources, resolve_experiment
    from llem.config.user_config import user_config_path
    from llem.rules.rulebook import RuleBook
    from llem.rules.validate import validate_experiment

    host.require_no_conflicts()
    env = dict(os.environ)
    sources = ConfigSources(file=config_file, sets=sets, env=env, user_config=user_config_path(env))
    resolved = resolve_experiment(sources, host.registry)
    rules = RuleBook(host.registry).for_engine(resolved.config.engine)
    return validate_experiment(resolved, make_converter(host.registry), rules)
