"""Config defaults from environment variables.

``LLEM_CFG_<PATH>`` sets ``<path>``: ``__`` separates levels and the name is lower-cased, so
``LLEM_CFG_TASK__N_PROMPTS=10`` sets ``task.n_prompts``. Values are read as YAML scalars.
``LLEM_RUNNER_<ENGINE>`` sets the runner of one engine (``runners.<engine>``):
``LLEM_RUNNER_VLLM=docker``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from llem.config.layers import ConfigLayer, gather_layers, value_layer
from llem.config.paths import path_problem
from llem.config.runner_choice import RUNNER_ENV_PREFIX, engine_key
from llem.config.yaml_source import parse_scalar
from llem.errors import ConfigError

ENV_PREFIX = "LLEM_CFG_"


def env_path(name: str) -> str:
    """``LLEM_CFG_TASK__N_PROMPTS`` → ``task.n_prompts``."""
    return ".".join(name.removeprefix(ENV_PREFIX).lower().split("__"))


def env_layers(env: Mapping[str, str]) -> list[ConfigLayer]:
    """One layer per ``LLEM_CFG_*`` and ``LLEM_RUNNER_*`` variable, by name; reports every
    malformed name."""
    names = sorted(name for name in env if name.startswith(ENV_PREFIX))
    runners = sorted(name for name in env if name.startswith(RUNNER_ENV_PREFIX))
    return gather_layers(
        [
            *(partial(_env_layer, name, env[name]) for name in names),
            *(partial(_runner_layer, name, env[name]) for name in runners),
        ]
    )


def _runner_layer(name: str, value: str) -> list[ConfigLayer]:
    engine = engine_key(name.removeprefix(RUNNER_ENV_PREFIX))
    if not engine:
        raise ConfigError([f"env {name}: name the engine: {RUNNER_ENV_PREFIX}<ENGINE>=RUNNER"])
    return [value_layer(f"runners.{engine}", value, f"env {name}", sets_defaults=True)]


def _env_layer(name: str, value: str) -> list[ConfigLayer]:
    path = env_path(name)
    problem = path_problem(path)
    if problem:
        raise ConfigError([f"env {name}: {problem} (use __ between levels)"])
    return [value_layer(path, parse_scalar(value), f"env {name}", sets_defaults=True)]
