"""Fixtures of the docker runner's tests: a Docker engine, the offline base, and the transformers
cpu image built from this checkout (warm: seconds; cold: a minute or two)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..images.conftest import base_image, docker_engine, unavailable  # noqa: F401 - fixtures

IMAGE = "llem-transformers:cpu"


@pytest.fixture(scope="session")
def cpu_image(base_image: str) -> str:  # noqa: F811 - the fixture imported above
    """`llem image build transformers --variant cpu` from the offline base: up to date."""
    command = [sys.executable, "-m", "llem", "image", "build", "transformers"]
    command += ["--variant", "cpu", "--base", base_image]
    run = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        unavailable(f"cannot build {IMAGE}: {run.stderr[-3000:]}")
    return IMAGE
