"""Run llem-miners inside an engine's image: the library the image pins is the one mined,
gated or read for its schema.

Usage: python scripts/miners_in_image.py ENGINE VARIANT ARGS...
  e.g. python scripts/miners_in_image.py vllm cpu mine vllm --write

The image (``llem-<engine>:<variant>``, from ``llem image build``) runs ``python -m llem_miners
ARGS`` with this checkout mounted read-write at /llem/src and first on PYTHONPATH: llem-core, the
engine package and llem-miners come from the checkout, the engine library from the image, so
``--write`` and ``--out`` land in the checkout. No network, the invoking user, a fresh /tmp.
Exits with the command's exit status.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SRC = "/llem/src"
PACKAGES = ("llem-core", "llem-miners")


def python_path(engine: str) -> str:
    """The checkout's packages, before the image's installed copies of them."""
    names = (*PACKAGES, f"llem-engine-{engine}")
    return ":".join(f"{SRC}/packages/{name}/src" for name in names)


def run(client: Any, image: str, engine: str, args: list[str]) -> int:
    from docker.types import Mount
    from test_in_image import run_container  # scripts/ is on sys.path when run as a script

    return run_container(
        client, image, ["python", "-m", "llem_miners", *args], working_dir=SRC,
        mounts=[Mount(SRC, str(REPO), type="bind", read_only=False)],
        environment={"PYTHONPATH": python_path(engine), "HOME": "/tmp", "HF_HUB_OFFLINE": "1",
                     "VLLM_ENABLE_V1_MULTIPROCESSING": "0"},
    )  # fmt: skip


def main(argv: list[str]) -> int:
    import docker

    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    engine, variant, *args = argv
    image = f"llem-{engine}:{variant}"
    client = docker.from_env(timeout=3600)
    try:
        client.images.get(image)
    except docker.errors.ImageNotFound:
        print(f"no image {image}: build it with `llem image build {engine} --variant {variant}`")
        return 2
    return run(client, image, engine, args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
