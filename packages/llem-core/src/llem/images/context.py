"""The build context of an engine image: a tar of the Dockerfile, ``wheelhouse/`` (the dependency
wheels and ``requirements.txt``) and ``llem/`` (the wheels of llem-core and the engine plugin).

Members are written with fixed owners, modes and times, so the same wheels give the same layer
checksums and Docker's build cache is reused between builds.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path
from typing import IO

from llem.images.wheel_plan import REQUIREMENTS
from llem.images.wheelhouse import Wheelhouse

WHEELHOUSE = "wheelhouse"
OWN = "llem"


def write_context(dockerfile: str, wheelhouse: Wheelhouse) -> IO[bytes]:
    """An open temporary file holding the context tar (deleted when closed), at position 0."""
    context = tempfile.TemporaryFile(prefix="llem-image-context-")  # noqa: SIM115 (the caller's)
    with tarfile.open(fileobj=context, mode="w") as tar:
        _add_bytes(tar, "Dockerfile", dockerfile.encode())
        for name in (*wheelhouse.wheels, REQUIREMENTS):
            _add_file(tar, wheelhouse.path / name, f"{WHEELHOUSE}/{name}")
        for name in wheelhouse.own:
            _add_file(tar, wheelhouse.path / name, f"{OWN}/{name}")
    context.seek(0)
    return context


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o644, 0
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_member(name, len(data)), io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> None:
    with path.open("rb") as source:
        tar.addfile(_member(name, path.stat().st_size), source)
