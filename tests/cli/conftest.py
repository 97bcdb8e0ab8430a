"""Helpers for running the real ``llem`` command line in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ECHO_ENGINE = Path(__file__).parents[1] / "fixtures" / "llem-engine-echo"
ECHO_RUN = ("run", "--engine", "echo", "--model", "toy/echo")
"""`llem run` with the echo test engine; add flags after it."""

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


@pytest.fixture(scope="session")
def echo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pip-install the echo engine into its own folder, from a copy outside the repository."""
    work = tmp_path_factory.mktemp("third-party")
    source = shutil.copytree(ECHO_ENGINE, work / "llem-engine-echo")
    site = work / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return site
