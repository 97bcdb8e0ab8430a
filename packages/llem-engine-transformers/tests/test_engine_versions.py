"""``engine_versions/transformers.yaml`` and the ``runtime`` extra must pin the same versions."""

from __future__ import annotations

import importlib.metadata
import re
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


def image_pins() -> dict[str, Any]:
    images: dict[str, Any] = pins()["images"]
    return images


def test_plugin_pins_the_library_version() -> None:
    from llem_transformers.plugin import ENGINE_SPEC

    assert ENGINE_SPEC.library_version == pins()["library"]["version"]


def test_plugin_ships_the_image_variants_of_the_pin_file() -> None:
    from llem_transformers.plugin import ENGINE_SPEC

    assert [image.variant for image in ENGINE_SPEC.images] == list(image_pins())


@pytest.mark.parametrize("variant", ["cpu", "cuda"])
def test_image_spec_matches_the_pin_file(variant: str) -> None:
    from llem_transformers.plugin import ENGINE_SPEC

    spec, pinned = ENGINE_SPEC.image(variant), image_pins()[variant]
    assert spec is not None
    assert list(spec.requirements) == pinned["requirements"]
    assert list(spec.pip_args) == pinned["pip_args"]
    assert (spec.python, spec.gpus) == (pinned["python"], pinned["gpus"])


@pytest.mark.parametrize("variant", ["cpu", "cuda"])
def test_dockerfile_default_base_is_the_pinned_one(variant: str) -> None:
    from llem.images.dockerfile import default_base, read_dockerfile
    from llem_transformers.plugin import ENGINE_SPEC

    spec = ENGINE_SPEC.image(variant)
    assert spec is not None
    assert default_base(read_dockerfile(spec)) == image_pins()[variant]["base"]


@pytest.mark.parametrize("variant", ["cpu", "cuda"])
def test_dockerfile_builds_offline_with_the_legacy_builder(variant: str) -> None:
    from llem.images.dockerfile import read_dockerfile
    from llem_transformers.plugin import ENGINE_SPEC

    spec = ENGINE_SPEC.image(variant)
    assert spec is not None
    text = read_dockerfile(spec)
    assert not re.search(r"^#\s*syntax\s*=", text, re.M), "BuildKit would pull its frontend"
    assert "--mount" not in text, "the docker SDK's legacy builder has no RUN --mount"
    assert "--no-index" in text, "install from the wheelhouse only"
    assert "ENV PATH=/opt/llem/bin:/usr/local/sbin:/usr/local/bin:" in text
