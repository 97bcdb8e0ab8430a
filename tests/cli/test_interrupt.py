"""Ctrl-C during a run stops the experiment process and exits 130, leaving no process behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from llem.cli.results_show import render_path
from tests.processes import processes_with, wait_for

from .conftest import ECHO_RUN


def test_sigint_stops_child_and_exits_130(echo_site: Path, tmp_path: Path) -> None:
    marker = f"LLEM_TEST_MARK={uuid.uuid4()}"
    pythonpath = os.pathsep.join(p for p in (str(echo_site), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath, marker.split("=")[0]: marker.split("=")[1]}
    command = [
        sys.executable,
        "-m",
        "llem",
        *ECHO_RUN,
        "--n-prompts",
        "200",
        "--set",
        "echo.step_ms=50",
        "--output",
        "out",
    ]
    host = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert wait_for(lambda: len(processes_with(marker)) >= 2, 30), (
        "experiment process never started"
    )
    assert wait_for(lambda: list(tmp_path.glob("out/*/config.json")), 30)
    time.sleep(1.0)
    host.send_signal(signal.SIGINT)
    _, stderr = host.communicate(timeout=60)
    assert host.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert wait_for(lambda: not processes_with(marker), 15), "a process outlived the run"
    (experiment,) = (tmp_path / "out").iterdir()
    assert not (experiment / "result.json").exists()
    marked = json.loads((experiment / "error.json").read_text())
    assert marked["status"] == "interrupted" and marked["exit_code"] == 130
    assert "was interrupted" in render_path(experiment)
