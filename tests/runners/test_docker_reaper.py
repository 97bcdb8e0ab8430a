"""The reaper's handshake with its host, without a Docker engine: it leaves when told ``done``,
and it sweeps (here: finds nothing to remove and still ends) when the host's pipe closes without
it. The sweep removing a real container is tests/docker/test_docker_runner.py's killed host."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from llem.runners.docker import reaper as reaper_module
from llem.runners.docker.reaper import DONE, release_reaper, start_reaper
from llem.runners.local.spawn import child_environment

NOBODY = "0:0"  # no container carries this owner


def wait_ended(process: subprocess.Popen[bytes], timeout_s: float) -> float:
    start = time.monotonic()
    process.wait(timeout=timeout_s)
    return time.monotonic() - start


def test_a_released_reaper_leaves_without_sweeping() -> None:
    reaper = start_reaper(NOBODY, child_environment())
    assert reaper is not None
    release_reaper(reaper)
    assert wait_ended(reaper, timeout_s=30) < 30
    assert reaper.returncode == 0


def test_a_reaper_whose_host_pipe_closes_unsaid_sweeps(monkeypatch: pytest.MonkeyPatch) -> None:
    swept: list[str] = []
    monkeypatch.setattr(reaper_module, "remove_owned", swept.append)
    monkeypatch.setattr(reaper_module, "SWEEP_DELAYS_S", (0.0, 0.0))
    read_end, write_end = os.pipe()
    os.close(write_end)  # what the kernel does for a host killed by SIGKILL
    with os.fdopen(read_end, "rb") as host:
        reaper_module.watch("123:456", host)
    assert swept == ["123:456", "123:456"]


def test_a_reaper_told_done_does_not_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    swept: list[str] = []
    monkeypatch.setattr(reaper_module, "remove_owned", swept.append)
    read_end, write_end = os.pipe()
    os.write(write_end, DONE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as host:
        reaper_module.watch("123:456", host)
    assert swept == []
