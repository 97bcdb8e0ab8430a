"""When the host dies, even by SIGKILL, the experiment and everything it started die with it
(PR_SET_PDEATHSIG for the experiment, the group guard for the rest of its process group)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from ..cli.conftest import ECHO_RUN
from .conftest import MARKER, processes_with, wait_for

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")


def _sleeping_grandchild(marker: str) -> list[int]:
    return [
        pid
        for pid in processes_with(marker)
        if Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"sleep\0")
    ]


def _start_host(echo_site: Path, tmp_path: Path, marker: str) -> subprocess.Popen[str]:
    pythonpath = os.pathsep.join(p for p in (str(echo_site), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath, MARKER: marker}
    command = [sys.executable, "-m", "llem", *ECHO_RUN, "--output", "out"]
    command += ["--set", "echo.fail=spawn-child", "--set", "measurement.baseline.strategy=off"]
    command += ["--set", "measurement.energy.sampler=none"]
    with open(tmp_path / "host.log", "w") as log:  # a pipe would block on an orphan holding it
        return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=log, text=True)


def test_host_sigkill_takes_the_experiment_and_its_children_down(
    echo_site: Path, tmp_path: Path
) -> None:
    marker = str(uuid.uuid4())
    host = _start_host(echo_site, tmp_path, marker)
    try:
        assert wait_for(lambda: _sleeping_grandchild(marker), 30), "no grandchild started"
        experiment = [p for p in processes_with(marker) if p != host.pid]
        assert len(experiment) >= 3  # experiment process, its group guard, the grandchild
        started = time.monotonic()
        host.send_signal(signal.SIGKILL)
        host.wait(10)
        assert wait_for(lambda: not processes_with(marker), 5), (
            f"left behind after the host's SIGKILL: {processes_with(marker)}"
        )
        assert time.monotonic() - started < 5
    finally:
        host.kill()
        host.wait(10)
