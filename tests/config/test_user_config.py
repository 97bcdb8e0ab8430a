from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from llem.config.user_config import display_path, user_config_layers, user_config_path


def test_default_path_is_in_the_platform_user_config_dir() -> None:
    expected = Path(platformdirs.user_config_dir("llem")) / "config.yaml"
    assert user_config_path({}) == expected


def test_env_overrides_the_path() -> None:
    assert user_config_path({"LLEM_CONFIG_FILE": "/etc/llem.yaml"}) == Path("/etc/llem.yaml")


def test_display_path_writes_home_as_tilde(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/ada")
    assert display_path(Path("/home/ada/.config/llem/config.yaml")) == "~/.config/llem/config.yaml"
    assert display_path(Path("/home/adam/x.yaml")) == "/home/adam/x.yaml"


def test_no_layer_without_a_file(tmp_path: Path) -> None:
    assert user_config_layers(None) == []
    assert user_config_layers(tmp_path / "absent.yaml") == []


def test_layer_sets_defaults_and_names_the_user_config(
    write_yaml: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    [layer] = user_config_layers(write_yaml("runner: local\n", "config.yaml"))
    assert layer.sets_defaults
    assert layer.origins == {"runner": "user config ~/config.yaml:1:1"}
