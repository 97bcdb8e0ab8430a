"""A study's runs as Slurm jobs in flight at once, at most ``slurm.array_parallelism``; Ctrl-C
on the coordinator cancels every job in flight and leaves their runs to ``--resume``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ..cli.conftest import RunLlem
from ..cli.study_files import write_study

pytestmark = pytest.mark.slurm

PARALLEL = (
    "runner: slurm\n"
    "slurm: {poll_interval_s: 0.2, exclusive: false, cpus: 1, mem: 1G, array_parallelism: 2}\n"
)


def _manifest(folder: Path) -> tuple[Path, dict[str, Any]]:
    (study_dir,) = (folder / "results").iterdir()
    return study_dir, json.loads((study_dir / "manifest.json").read_text())


def _intervals(job_ids: list[str]) -> list[tuple[float, float]]:
    lines = subprocess.run(
        ["sacct", "-n", "-X", "-P", "-o", "Start,End", "-j", ",".join(job_ids)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return [
        (datetime.fromisoformat(start).timestamp(), datetime.fromisoformat(end).timestamp())
        for start, end in (line.split("|") for line in lines)
    ]


def _most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The most jobs running at one moment (sacct's 1 s resolution: ends count first)."""
    moments = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    running = most = 0
    for _, step in moments:
        running += step
        most = max(most, running)
    return most


def test_runs_are_in_flight_at_once_up_to_array_parallelism(
    slurm_cluster: str, run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(tmp_path, n_prompts=2, step_ms=1000, extra=PARALLEL, execution={"cycles": 1})
    started = time.monotonic()
    done = run_llem("run", "study.yaml", pythonpath=(echo_site,), timeout=300)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    _, manifest = _manifest(tmp_path)
    assert {run["status"] for run in manifest["runs"]} == {"completed"}
    job_ids = [run["job"].removeprefix("slurm:") for run in manifest["runs"]]
    assert len(set(job_ids)) == len(manifest["runs"]) == 3
    assert _most_at_once(_intervals(job_ids)) == 2
    print(f"\nparallel slurm study: 3 runs, 2 at once, {seconds:.1f} s")


def test_ctrl_c_cancels_every_job_in_flight_and_resume_runs_them(
    slurm_cluster: str, run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(tmp_path, n_prompts=2, step_ms=1500, extra=PARALLEL, execution={"cycles": 1})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(echo_site), *sys.path])}
    host = subprocess.Popen(
        [sys.executable, "-m", "llem", "run", "study.yaml"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    in_flight = _wait_for_running_runs(tmp_path, 2)
    host.send_signal(signal.SIGINT)
    _, stderr = host.communicate(timeout=120)
    assert host.returncode == 130, stderr
    _, manifest = _manifest(tmp_path)
    assert manifest["status"] == "interrupted"
    for run in manifest["runs"]:
        assert run["status"] == "pending", run
    for job in in_flight:
        state = subprocess.run(["sacct", "-n", "-X", "-P", "-j", job, "-o", "State"],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert state.split()[0] == "CANCELLED", (job, state)
    resumed = run_llem("run", "study.yaml", "--resume", pythonpath=(echo_site,), timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    _, manifest = _manifest(tmp_path)
    assert {run["status"] for run in manifest["runs"]} == {"completed"}


def _wait_for_running_runs(folder: Path, count: int) -> list[str]:
    """The Slurm job ids of ``count`` runs whose jobs are running."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            _, manifest = _manifest(folder)
        except (ValueError, OSError):
            manifest = {"runs": []}
        jobs = [run["job"].removeprefix("slurm:") for run in manifest["runs"] if run.get("job")]
        listed = subprocess.run(["squeue", "-h", "-t", "RUNNING", "-o", "%i"],
                                capture_output=True, text=True).stdout.split()  # fmt: skip
        running = [job for job in jobs if job in listed]
        if len(running) >= count:
            time.sleep(2)  # the experiments are under way
            return running
        time.sleep(0.2)
    raise AssertionError(f"not {count} running jobs within 90 s")
