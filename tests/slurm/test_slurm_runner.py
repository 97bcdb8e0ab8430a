"""The ``slurm`` runner on a real cluster: an echo experiment as a Slurm job, and the ends Slurm
imposes (scancel, time limit, memory) recorded in Slurm's words."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from llem.experiment.events import Event, Finished, Phase, Progress, Submitted

from .conftest import RunEcho

pytestmark = pytest.mark.slurm


def _sacct(job_id: str, fields: str) -> list[str]:
    answer = subprocess.run(
        ["sacct", "-n", "-X", "-P", "-j", job_id, "-o", fields],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return answer.stdout.strip().split("|")


def test_an_echo_experiment_runs_as_a_slurm_job(run_echo: RunEcho) -> None:
    outcome = run_echo()
    assert isinstance(outcome.result, Finished), outcome.result
    assert Path(outcome.result.result_path).is_file()
    assert any(isinstance(event, Progress) for event in outcome.events)
    assert Phase("queued", f"Slurm job {outcome.job_id}") in outcome.events
    environment = json.loads((Path(outcome.job.experiment_dir) / "environment.json").read_text())
    runner = environment["runner"]
    assert runner["name"] == "slurm"
    assert runner["image_labels"]["slurm.job_id"] == outcome.job_id
    state, node = _sacct(outcome.job_id, "State,NodeList")
    assert state == "COMPLETED" and runner["image_labels"]["slurm.node"] == node
    assert Submitted(f"slurm:{outcome.job_id}") in outcome.events
    assert "slurm.shared_node" not in runner["image_labels"]


def test_a_run_on_a_shared_node_says_so(run_echo: RunEcho) -> None:
    """Without ``exclusive``, another job running on the node when the run starts is recorded:
    the energy measured is not the run's alone."""
    sleeper = ["sbatch", "--parsable", "-c", "1", "--mem", "100M", "-t", "2", "-o", "/dev/null"]
    other = subprocess.run(
        [*sleeper, "--wrap", "sleep 120"], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        while _sacct(other, "State")[0] != "RUNNING":
            time.sleep(0.2)
        outcome = run_echo("slurm.exclusive=false", "slurm.cpus=1", "slurm.mem=1G")
    finally:
        subprocess.run(["scancel", other], check=True)
    assert isinstance(outcome.result, Finished), outcome.result
    environment = json.loads((Path(outcome.job.experiment_dir) / "environment.json").read_text())
    warning = environment["runner"]["image_labels"]["slurm.shared_node"]
    assert warning == "1 other job(s) ran on the node when this one started"
    result = json.loads(Path(outcome.result.result_path).read_text())
    assert any(
        text.startswith("Slurm node llemnode: 1 other job(s) ran") for text in result["warnings"]
    ), result["warnings"]


def _scancel_once_started() -> Callable[[Event], None]:
    """An event handler that cancels the job at the experiment's first phase (it has started);
    the runner's ``queued`` phase names the job."""
    job_ids: list[str] = []

    def on_event(event: Event) -> None:
        if isinstance(event, Phase) and event.name == "queued":
            job_ids.append(event.detail.removeprefix("Slurm job "))
        elif isinstance(event, Phase) and job_ids:
            subprocess.run(["scancel", job_ids.pop()], check=True)

    return on_event


def test_a_job_cancelled_with_scancel_is_a_failure_in_slurms_words(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=hang", on_event=_scancel_once_started())
    message = outcome.failed.message
    assert message.startswith(f"Slurm job {outcome.job_id} was cancelled (CANCELLED"), message
    assert _sacct(outcome.job_id, "State")[0].startswith("CANCELLED")
    error = json.loads((Path(outcome.job.experiment_dir) / "error.json").read_text())
    assert error["message"] == message


def test_a_job_past_its_time_limit_is_a_timeout(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=hang", "slurm.time_limit_min=1")
    assert "ran past its time limit (TIMEOUT" in outcome.failed.message, outcome.failed.message
    assert _sacct(outcome.job_id, "State") == ["TIMEOUT"]
    assert outcome.seconds < 180


def test_a_job_over_its_memory_is_killed_and_recorded(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=hang", "slurm.mem=40M")
    message = outcome.failed.message
    assert "was killed for using more memory than it was given (OUT_OF_MEMORY" in message, message
    assert _sacct(outcome.job_id, "State") == ["OUT_OF_MEMORY"]


def test_ctrl_c_on_the_coordinator_cancels_the_job(
    slurm_cluster: str, echo_site: Path, tmp_path: Path
) -> None:
    command = [
        sys.executable, "-m", "llem", "run", "--engine", "echo", "--model", "toy/echo",
        "--set", "runner=slurm", "--set", "echo.fail=hang", "--set", "slurm.poll_interval_s=0.2",
        "--set", "measurement.energy.sampler=none", "--set", "measurement.baseline.strategy=off",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(echo_site), *sys.path])}
    host = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    job_id = _wait_for_running_job(tmp_path)
    host.send_signal(signal.SIGINT)
    _, stderr = host.communicate(timeout=60)
    assert host.returncode == 130, stderr
    assert _sacct(job_id, "State")[0].startswith("CANCELLED")


def _wait_for_running_job(folder: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for job_id_file in folder.glob("results/*/slurm/job_id"):
            job_id = job_id_file.read_text().strip()
            if subprocess.run(["squeue", "-h", "-j", job_id, "-t", "RUNNING"],
                              capture_output=True, text=True).stdout.strip():  # fmt: skip
                time.sleep(2)  # the experiment is under way, not just the job
                return job_id
        time.sleep(0.2)
    raise AssertionError("no running Slurm job within 60 s")
