"""``engine_versions/transformers.yaml`` and the ``runtime`` extra must pin the same versions."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from ruamel.yaml import YAML

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PIN_FILE = PACKAGE_DIR.parents[1] / "engine_versions" / "transformers.yaml"


def pins() -> Any:
    return YAML(typ="safe").load(PIN_FILE.read_text())


def runtime_extra() -> dict[str, str]:
    pyproject = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text())
    requirements = map(Requirement, pyproject["project"]["optional-dependencies"]["runtime"])
    return {requirement.name: str(requirement.specifier) for requirement in requirements}


def test_pin_file_names_this_engine() -> None:
    assert pins()["engine"] == "transformers"
    assert pins()["library"]["name"] == "transformers"


def test_runtime_extra_pins_exactly_the_library_version() -> None:
    assert runtime_extra()["transformers"] == f"=={pins()['library']['version']}"


def test_runtime_extra_matches_the_pinned_runtime_ranges() -> None:
    extra = runtime_extra()
    extra.pop("transformers")
    assert extra == pins()["runtime"]


def test_installed_transformers_is_the_pinned_one() -> None:
    try:
        installed = importlib.metadata.version("transformers")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("transformers is not installed")
    assert installed == pins()["library"]["version"]
