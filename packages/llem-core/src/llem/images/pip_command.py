"""The pip commands that prepare a wheelhouse on the host for an image (pure construction).

Wheels are downloaded for the image's Python and platform, not the host's: ``--python-version``,
``--implementation cp``, ``--only-binary=:all:`` and one ``--platform`` per manylinux tag the
image's C library accepts (pip does not expand ``manylinux_2_36`` to the older tags itself).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

GLIBC = (2, 36)
"""The C library of the images' Debian bookworm bases (``python:3.11-slim``, llem-base)."""
OLDEST_PERENNIAL = 17
LEGACY_TAGS = ("manylinux2014", "manylinux2010", "manylinux1")
DOCKER_ARCH = {"amd64": "x86_64", "arm64": "aarch64", "ppc64le": "ppc64le", "s390x": "s390x"}


def machine_arch(docker_arch: str) -> str:
    """The wheel tag architecture of a Docker engine's ``Arch`` (``amd64`` -> ``x86_64``)."""
    return DOCKER_ARCH.get(docker_arch, docker_arch)


def platform_tags(arch: str, glibc: tuple[int, int] = GLIBC) -> list[str]:
    """Every manylinux tag a system with ``glibc`` on ``arch`` runs, newest first."""
    major, newest = glibc
    perennial = [f"manylinux_{major}_{minor}_{arch}" for minor in range(newest, 16, -1)]
    legacy = [f"{tag}_{arch}" for tag in LEGACY_TAGS] if arch in ("x86_64", "i686") else []
    return perennial + (["manylinux2014_" + arch] if arch == "aarch64" else legacy)


def download_command(
    dest: Path,
    requirements: Sequence[str],
    python: str,
    platforms: Sequence[str],
    pip_args: Sequence[str] = (),
) -> list[str]:
    """``python -m pip download`` of ``requirements`` and their dependencies into ``dest``."""
    binary = ["--only-binary=:all:", "--python-version", python, "--implementation", "cp"]
    tags = [arg for platform in platforms for arg in ("--platform", platform)]
    return [*_pip("download"), *binary, *tags, *pip_args, "--dest", str(dest), *requirements]


def wheel_command(dest: Path, source: str) -> list[str]:
    """``python -m pip wheel --no-deps``: a wheel of a local project (folder or archive)."""
    return [*_pip("wheel"), "--no-deps", "--wheel-dir", str(dest), source]


def _pip(verb: str) -> list[str]:
    return [sys.executable, "-m", "pip", verb, "--disable-pip-version-check"]
