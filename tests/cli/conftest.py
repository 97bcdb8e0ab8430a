"""Helpers for running the real ``llem`` command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

RunLlem = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_llem(tmp_path: Path) -> RunLlem:
    """Run ``python -m llem ARGS`` in ``tmp_path`` with extra ``PYTHONPATH`` entries."""

    def run(*args: str, pythonpath: tuple[Path, ...] = (), timeout: float = 120, **env: str):  # type: ignore[no-untyped-def]
        environ = {**os.environ, **env}
        paths = [str(p) for p in pythonpath] + [environ.get("PYTHONPATH", "")]
        environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        return subprocess.run(
            [sys.executable, "-m", "llem", *args],
            cwd=tmp_path,
            env=environ,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
