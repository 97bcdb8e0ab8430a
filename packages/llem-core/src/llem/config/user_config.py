"""The user config file: defaults for every experiment of this user.

``LLEM_CONFIG_FILE`` names it when set; otherwise it is ``config.yaml`` in platformdirs'
``user_config_dir("llem")`` (``~/.config/llem/config.yaml`` on Linux). A missing file is fine.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from llem.config.layers import ConfigLayer, document_layer
from llem.config.yaml_source import read_yaml_mapping

USER_CONFIG_ENV = "LLEM_CONFIG_FILE"


def user_config_path(env: Mapping[str, str]) -> Path:
    """Where the user config file is (it may not exist)."""
    override = env.get(USER_CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("llem")) / "config.yaml"


def user_config_layers(path: Path | None) -> list[ConfigLayer]:
    """The user config file's layer, or none when there is no such file."""
    if path is None or not path.exists():
        return []
    label = f"user config {display_path(path)}"
    return [document_layer(read_yaml_mapping(path, label), label, sets_defaults=True)]


def display_path(path: Path) -> str:
    """``path`` with the home directory written as ``~``."""
    home = os.path.expanduser("~")
    text = str(path)
    return "~" + text[len(home) :] if is_within_dir(text, home) else text


def is_within_dir(text: str, directory: str) -> bool:
    return directory not in ("", "/") and (text == directory or text.startswith(directory + os.sep))
