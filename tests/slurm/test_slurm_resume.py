"""The coordinator killed with SIGKILL while a run's job runs, then resumed: it follows the job
it left (its id is in the manifest) instead of submitting the run again; a job that ended
meanwhile, or one the manifest does not name, is replaced, never run twice at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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


def _manifest(folder: Path) -> dict[str, Any]:
    (study_dir,) = (folder / "results").iterdir()
    manifest: dict[str, Any] = json.loads((study_dir / "manifest.json").read_text())
    return manifest


def _run_of(manifest: dict[str, Any], job_id_file: Path) -> dict[str, Any]:
    run_dir = job_id_file.parent.parent.name
    return next(run for run in manifest["runs"] if run["dir"].endswith(run_dir))


def _kill_host_mid_run(folder: Path, echo_site: Path) -> tuple[str, Path]:
    """Start the study, SIGKILL its host while the first job runs; that job's id and file."""
    write_study(folder, n_prompts=2, step_ms=1000, extra=SLURM, execution={"cycles": 1})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(echo_site), *sys.path])}
    command = [sys.executable, "-m", "llem", "run", "study.yaml"]
    host = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    orphan, job_id_file = _first_running_job(folder)
    host.send_signal(signal.SIGKILL)
    host.wait()
    assert _live(orphan)  # SIGKILL left the job behind, as it would on a real cluster
    return orphan, job_id_file


def test_resume_follows_the_job_a_killed_host_left_running(
    slurm_cluster: str, run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    orphan, job_id_file = _kill_host_mid_run(tmp_path, echo_site)
    left = _run_of(_manifest(tmp_path), job_id_file)
    assert (left["status"], left["job"], left["attempts"]) == ("running", f"slurm:{orphan}", 1)
    resumed = run_llem("run", "study.yaml", "--resume", pythonpath=(echo_site,), timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert job_id_file.read_text().strip() == orphan  # not submitted again
    assert _sacct(orphan, "State")[0] == "COMPLETED"
    manifest = _manifest(tmp_path)
    followed = _run_of(manifest, job_id_file)
    assert (followed["status"], followed["job"], followed["attempts"]) == (
        "completed",
        f"slurm:{orphan}",
        1,
    )
    assert (job_id_file.parent.parent / "result.json").is_file()
    assert {run["status"] for run in manifest["runs"]} == {"completed"}


@pytest.mark.parametrize("left_as", ["ended meanwhile", "not in the manifest"])
def test_resume_replaces_a_job_it_cannot_follow(
    left_as: str, slurm_cluster: str, run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    orphan, job_id_file = _kill_host_mid_run(tmp_path, echo_site)
    if left_as == "ended meanwhile":
        subprocess.run(["scancel", orphan], check=True)
        while _live(orphan, "PENDING,RUNNING,COMPLETING"):
            time.sleep(0.2)
    else:  # a manifest written before job ids were kept: the job is found by its mark
        (study_dir,) = (tmp_path / "results").iterdir()
        manifest = _manifest(tmp_path)
        for run in manifest["runs"]:
            run.pop("job", None)
        (study_dir / "manifest.json").write_text(json.dumps(manifest))
    resumed = run_llem("run", "study.yaml", "--resume", pythonpath=(echo_site,), timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    new_attempt = job_id_file.read_text().strip()
    assert new_attempt != orphan
    # The orphan ended before the new attempt started: cancelled (by the test, or the runner),
    # or failed first when the resume cleared the run's folder under it.
    orphan_state, orphan_end = _sacct(orphan, "State,End")
    (new_start,) = _sacct(new_attempt, "Start")
    assert orphan_state.split()[0] in {"CANCELLED", "FAILED"}, orphan_state
    assert orphan_end <= new_start
    manifest = _manifest(tmp_path)
    replaced = _run_of(manifest, job_id_file)
    assert (replaced["job"], replaced["attempts"]) == (f"slurm:{new_attempt}", 2)
    assert {run["status"] for run in manifest["runs"]} == {"completed"}
