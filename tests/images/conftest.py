"""Fixtures of the image tests: the transformers image target, a Docker engine, the offline base.

Tests marked ``docker`` need a Docker engine. ``docker_engine`` gets one the way
``scripts/docker_engine.py ensure`` does (starting dockerd only when none runs) and skips with
the reason when it cannot; with ``LLEM_REQUIRE_DOCKER=1`` (CI) it fails instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

from llem.images import ImageTarget, image_target
from llem.images.daemon import docker_client
from llem.plugins.host import build_host

REPO = Path(__file__).resolve().parents[2]
BASE_IMAGE = "llem-base:bookworm"


def engine_script() -> ModuleType:
    """``scripts/docker_engine.py`` as a module."""
    spec = importlib.util.spec_from_file_location(
        "docker_engine", REPO / "scripts/docker_engine.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unavailable(reason: str) -> NoReturn:
    if os.environ.get("LLEM_REQUIRE_DOCKER") == "1":
        pytest.fail(f"LLEM_REQUIRE_DOCKER=1 but {reason}")
    pytest.skip(reason)


def engine_problem() -> str | None:
    """Why no Docker engine can be had here (after trying to start one), or ``None``."""
    if importlib.util.find_spec("docker") is None:
        return "the docker SDK is not installed (pip install docker)"
    try:
        engine_script().ensure()
        docker_client()
    except Exception as error:
        return f"no Docker engine can be had here: {error}"
    return None


def base_problem(image: str) -> str | None:
    try:
        engine_script().base(image)
    except Exception as error:
        return f"cannot build the offline base image {image}: {error}"
    return None


@pytest.fixture(scope="session")
def docker_engine() -> None:
    """A Docker engine answers (started if need be), and the docker SDK is importable."""
    problem = engine_problem()
    if problem:
        unavailable(problem)


@pytest.fixture(scope="session")
def base_image(docker_engine: None) -> str:
    """The offline Debian base (docker/base/build-base.sh), built if missing."""
    problem = base_problem(BASE_IMAGE)
    if problem:
        unavailable(problem)
    return BASE_IMAGE


@pytest.fixture(scope="session")
def cpu_target() -> ImageTarget:
    return image_target(build_host().registry, "transformers", "cpu")


@pytest.fixture(scope="session")
def cuda_target() -> ImageTarget:
    return image_target(build_host().registry, "transformers", "cuda")
