"""Command-line overrides: named flags (``--model``) and ``--set PATH=VALUE``.

``--set`` values are read as YAML scalars: ``4`` is an int, ``true`` a bool, ``[1, 2]`` a list,
an empty value is null, and text that is not valid YAML stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from llem.config.layers import ConfigLayer, gather_layers, value_layer
from llem.config.paths import path_problem
from llem.config.yaml_source import parse_scalar
from llem.errors import ConfigError

NAMED_FLAGS: dict[str, str] = {
    "--model": "task.model",
    "--engine": "engine",
    "--dataset": "task.dataset",
    "--n-prompts": "task.n_prompts",
    "--output": "output_dir",
    "--runner": "runner",
}
"""Each named CLI flag and the config path it sets."""


def flag_overrides(given: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    """``{"--model": "gpt2", "--n-prompts": None}`` → ``(("task.model", "gpt2"),)``.

    Keys are flag names (``--n-prompts``) or click parameter names (``n_prompts``); ``None``
    means the flag was not given."""
    return tuple(
        (NAMED_FLAGS[_flag_name(name)], value) for name, value in given.items() if value is not None
    )


def flag_layers(flags: Iterable[tuple[str, object]]) -> list[ConfigLayer]:
    return [value_layer(path, value, _flag_label(path)) for path, value in flags]


def parse_set(raw: str) -> tuple[str, Any]:
    """``"task.n_prompts=10"`` → ``("task.n_prompts", 10)``."""
    path, equals, text = raw.partition("=")
    if not equals:
        raise ConfigError([f"--set {raw}: expected PATH=VALUE, e.g. --set task.n_prompts=10"])
    problem = path_problem(path.strip())
    if problem:
        raise ConfigError([f"--set {raw}: {problem}"])
    return path.strip(), parse_scalar(text)


def set_layers(sets: Iterable[str]) -> list[ConfigLayer]:
    """One layer per ``--set``, in the order given; reports every malformed one."""
    return gather_layers(partial(_set_layer, raw) for raw in sets)


def _set_layer(raw: str) -> list[ConfigLayer]:
    return [value_layer(*parse_set(raw), f"--set {raw}")]


def _flag_name(name: str) -> str:
    return "--" + name.lstrip("-").replace("_", "-")


def _flag_label(path: str) -> str:
    flags = [flag for flag, flag_path in NAMED_FLAGS.items() if flag_path == path]
    return flags[0] if flags else f"flag for {path}"
