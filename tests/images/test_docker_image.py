"""Build the transformers cpu image for real (from the offline base, through `llem image build`),
list it, run it with no network, and check the version handshake. Needs a Docker engine."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from llem.errors import ImageError
from llem.images import ImageTarget, check_image, expected_labels, find_image
from llem.images import labels as label
from llem.images.daemon import docker_client

from .conftest import engine_script

pytestmark = pytest.mark.docker

IMAGE = "llem-transformers:cpu"
STALE = "llem-transformers:stale-test"
PROBE = (
    "import llem, llem_transformers, transformers, torch;"
    "print(transformers.__version__, torch.__version__, torch.cuda.is_available())"
)


def llem(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "llem", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def built(base_image: str) -> str:
    """`llem image build transformers --variant cpu --base llem-base:bookworm`: its output."""
    run = llem("image", "build", "transformers", "--variant", "cpu", "--base", base_image,
               timeout=3600)  # fmt: skip
    assert run.returncode == 0, run.stderr[-4000:]
    assert "Step 1/" in run.stderr
    return run.stdout


def test_the_build_reports_name_id_size_and_time(built: str) -> None:
    assert built.startswith(f"built {IMAGE}\n")
    for field in ("id ", "size ", "base ", "wheelhouse ", "took "):
        assert f"  {field}" in built
    assert "base       llem-base:bookworm" in built


def test_the_image_is_listed_as_matching(built: str) -> None:
    run = llem("image", "list", "--json", timeout=120)
    assert run.returncode == 0, run.stderr
    (row,) = [row for row in json.loads(run.stdout) if row["name"] == IMAGE]
    assert row["matches"], row["problems"]
    assert (row["engine"], row["variant"], row["library_version"]) == (
        "transformers",
        "cpu",
        "5.23.0",
    )
    assert row["labels"][label.BASE_NAME] == "llem-base:bookworm"


def test_the_image_holds_the_pinned_transformers_and_cpu_torch(built: str) -> None:
    command = [engine_script().docker_cli(), "run", "--rm", "--network", "none", IMAGE,
               "python", "-c", PROBE]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    transformers, torch, cuda = run.stdout.split()
    assert transformers == "5.23.0"
    assert torch.startswith("2.13.0") and cuda == "False"


def test_the_handshake_accepts_the_fresh_image(built: str, cpu_target: ImageTarget) -> None:
    found = check_image(cpu_target)
    assert found.name == IMAGE and found.id.startswith("sha256:")
    assert found.labels[label.SOURCE] == expected_labels(cpu_target)[label.SOURCE]


def test_a_missing_image_names_the_build_command(docker_engine: None) -> None:
    with pytest.raises(ImageError) as raised:
        find_image("transformers", "cpu", "llem-transformers:no-such-tag")
    assert str(raised.value) == (
        "no image llem-transformers:no-such-tag on this Docker engine; build it with:"
        " llem image build transformers --variant cpu --tag llem-transformers:no-such-tag"
    )


@pytest.fixture
def stale_image(base_image: str, cpu_target: ImageTarget) -> Iterator[str]:
    """A tiny image labelled as if built for llem-core 0.0.1."""
    labels = {**expected_labels(cpu_target), label.CORE_VERSION: "0.0.1"}
    client: Any = docker_client()
    dockerfile = io.BytesIO(f"FROM {base_image}\n".encode())
    stream = client.api.build(fileobj=dockerfile, tag=STALE, labels=labels, decode=True, rm=True)
    assert any("aux" in chunk for chunk in stream)
    yield STALE
    client.images.remove(STALE, force=True)


def test_a_stale_image_is_refused_with_the_rebuild_command(
    stale_image: str, cpu_target: ImageTarget
) -> None:
    with pytest.raises(ImageError) as raised:
        check_image(cpu_target, stale_image)
    installed = expected_labels(cpu_target)[label.CORE_VERSION]
    assert str(raised.value) == (
        f"image {STALE} was built for llem-core 0.0.1, installed is {installed};"
        f" rebuild it with: llem image build transformers --variant cpu --tag {STALE}"
    )


def test_a_stale_image_is_listed_with_why(stale_image: str) -> None:
    run = llem("image", "list", timeout=120)
    assert run.returncode == 0, run.stderr
    assert f"  {STALE}\n    - built for llem-core 0.0.1, installed is " in run.stdout
