"""The coordinator killed with SIGKILL while a run's job runs, then resumed: the job it left has
ended before that run is submitted again (never two jobs writing one run's folder), and the study
completes. (Re-attaching to the orphan instead is not built: see docs/slurm.md.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..cli.conftest import RunLlem
from ..cli.study_files import write_study

pytestmark = pytest.mark.slurm

SLURM = "runner: slurm\nslurm: {poll_interval_s: 0.2}\n"


def _live(job_id: str, states: str = "PENDING,RUNNING") -> bool:
    listed = subprocess.run(["squeue", "-h", "-j", job_id, "-t", states],
                            capture_output=True, text=True)  # fmt: skip
    return bool(listed.stdout.strip())


def _sacct(job_id: str, fields: str) -> list[str]:
    answer = subprocess.run(["sacct", "-n", "-X", "-P", "-j", job_id, "-o", fields],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return answer.stdout.strip().split("|")


def _first_running_job(folder: Path) -> tuple[str, Path]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for job_id_file in folder.glob("results/*/experiments/*/slurm/job_id"):
            job_id = job_id_file.read_text().strip()
            if job_id and _live(job_id, "RUNNING"):
                time.sleep(2)  # the experiment is under way, not just the job
                return job_id, job_id_file
        time.sleep(0.2)
    raise AssertionError("no running Slurm job within 60 s")


def test_sigkill_then_resume_ends_the_orphan_before_resubmitting(
    slurm_cluster: str, run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(tmp_path, n_prompts=2, step_ms=1500, extra=SLURM, execution={"cycles": 1})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(echo_site), *sys.path])}
    command = [sys.executable, "-m", "llem", "run", "study.yaml"]
    host = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    orphan, job_id_file = _first_running_job(tmp_path)
    host.send_signal(signal.SIGKILL)
    host.wait()
    assert _live(orphan)  # SIGKILL left the job behind, as it would on a real cluster
    resumed = run_llem("run", "study.yaml", "--resume", pythonpath=(echo_site,), timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    new_attempt = job_id_file.read_text().strip()
    assert new_attempt != orphan
    # The orphan ended before the new attempt started: cancelled by the runner, or failed first
    # when the resume cleared the run's folder under it (the study clears it before submitting).
    orphan_state, orphan_end = _sacct(orphan, "State,End")
    (new_start,) = _sacct(new_attempt, "Start")
    assert orphan_state.split()[0] in {"CANCELLED", "FAILED"}, orphan_state
    assert orphan_end <= new_start
    (study_dir,) = (tmp_path / "results").iterdir()
    manifest = json.loads((study_dir / "manifest.json").read_text())
    assert {run["status"] for run in manifest["runs"]} == {"completed"}
