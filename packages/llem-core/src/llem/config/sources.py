"""Where an experiment's config comes from, read into layers in precedence order."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs

from llem.config.environment import env_layers
from llem.config.layers import ConfigLayer, document_layer, gather_layers
from llem.config.overrides import flag_layers, set_layers
from llem.config.user_config import user_config_layers
from llem.config.yaml_source import read_yaml_mapping


@attrs.frozen
class ConfigSources:
    """Everything an experiment's config is resolved from.

    ``flags``: (dotted path, value) for each named CLI flag given (see
    :func:`llem.config.overrides.flag_overrides`); ``sets``: raw ``--set`` strings in order;
    ``env``: the environment (``os.environ``); ``user_config``: the user config file's path
    (:func:`llem.config.user_config.user_config_path`), ``None`` to use none."""

    file: Path | None = None
    flags: tuple[tuple[str, object], ...] = ()
    sets: tuple[str, ...] = ()
    env: Mapping[str, str] = attrs.field(factory=dict)
    user_config: Path | None = None


def collect_layers(sources: ConfigSources) -> list[ConfigLayer]:
    """The layers, lowest precedence first; reports the problems of every source at once."""
    return gather_layers(
        [
            lambda: user_config_layers(sources.user_config),
            lambda: env_layers(sources.env),
            lambda: experiment_file_layers(sources.file),
            lambda: flag_layers(sources.flags),
            lambda: set_layers(sources.sets),
        ]
    )


def experiment_file_layers(path: Path | None) -> list[ConfigLayer]:
    if path is None:
        return []
    return [document_layer(read_yaml_mapping(path, str(path)), str(path))]
