"""Resolve and validate an experiment file the way ``llem run`` would, loading no model."""

from __future__ import annotations

import os
from pathlib import Path

from llem.plugins.host import PluginHost
from llem.rules.validate import Validation


def validate_file(host: PluginHost, config_file: Path, sets: tuple[str, ...]) -> Validation:
    """Raises :class:`llem.errors.ConfigError` for every problem found: what ``llem run`` checks
    before it loads the model (:func:`llem.preflight.check.check_launch`)."""
    from llem.config.resolve import ConfigSources, resolve_experiment
    from llem.config.user_config import user_config_path
    from llem.launch import Launch
    from llem.logs import LogSettings
    from llem.preflight.check import check_launch

    host.require_no_conflicts()
    env = dict(os.environ)
    sources = ConfigSources(file=config_file, sets=sets, env=env, user_config=user_config_path(env))
    launch = Launch(resolve_experiment(sources, host.registry), config_file, LogSettings())
    return check_launch(launch, host.registry)
