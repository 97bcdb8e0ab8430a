"""Nothing lost: a study interrupted with Ctrl-C, or its host killed with SIGKILL at random
moments, resumes to the same final set of results as a study that ran straight through."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from tests.processes import processes_with, wait_for

from .conftest import RunLlem
from .study_files import write_study


def _host(tmp_path: Path, echo_site: Path, marker: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(echo_site), "LLEM_TEST_MARK": marker}
    return subprocess.Popen(
        [sys.executable, "-m", "llem", "run", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _manifests(root: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(root.glob("results/*/manifest.json"))]


def _completed(root: Path) -> int:
    found = _manifests(root)
    return sum(run["status"] == "completed" for run in found[0]["runs"]) if found else 0


def _final_set(root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Each run's id and status, and the run folders holding a result."""
    (manifest,) = _manifests(root)
    (study_dir,) = (root / "results").iterdir()
    runs = [(run["id"], run["status"]) for run in manifest["runs"]]
    folders = sorted(p.parent.name for p in study_dir.glob("experiments/*/result.json"))
    return runs, folders


def _straight_through(run_llem: RunLlem, echo_site: Path, tmp_path: Path) -> tuple[Any, Any]:
    reference = tmp_path / "reference"
    reference.mkdir()
    write_study(reference, n_prompts=12, step_ms=20)
    done = subprocess.run(
        [sys.executable, "-m", "llem", "run", "study.yaml"],
        cwd=reference,
        env={**os.environ, "PYTHONPATH": str(echo_site)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return _final_set(reference)


def test_ctrl_c_then_resume(run_llem: RunLlem, echo_site: Path, tmp_path: Path) -> None:
    write_study(tmp_path, n_prompts=12, step_ms=20)
    marker = str(uuid.uuid4())
    host = _host(tmp_path, echo_site, marker, "study.yaml")
    assert wait_for(lambda: _completed(tmp_path) >= 2, 120), "no run finished"
    assert wait_for(lambda: len(processes_with(marker)) >= 2, 30), "no experiment running"
    host.send_signal(signal.SIGINT)
    _, stderr = host.communicate(timeout=60)
    assert host.returncode == 130, stderr
    assert "llem run study.yaml --resume" in stderr
    assert wait_for(lambda: not processes_with(marker), 10), "processes left behind"
    (manifest,) = _manifests(tmp_path)
    assert manifest["status"] == "interrupted"
    assert "running" not in {run["status"] for run in manifest["runs"]}
    resumed = run_llem("run", "study.yaml", "--resume", pythonpath=(echo_site,))
    assert resumed.returncode == 0, resumed.stderr
    assert _final_set(tmp_path) == _straight_through(run_llem, echo_site, tmp_path)


def test_sigkill_at_random_moments_then_resume(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(tmp_path, n_prompts=12, step_ms=20)
    chance = random.Random(os.environ.get("LLEM_TEST_SEED", "4"))
    for _attempt in range(3):
        marker = str(uuid.uuid4())
        args = ("study.yaml", "--resume") if _manifests(tmp_path) else ("study.yaml",)
        host = _host(tmp_path, echo_site, marker, *args)
        time.sleep(chance.uniform(1.0, 4.0))
        host.kill()
        host.communicate(timeout=30)
        # the experiment process dies with its host (PR_SET_PDEATHSIG)
        assert wait_for(lambda m=marker: not processes_with(m), 15), "orphan experiment"
    args = ("run", "study.yaml", "--resume") if _manifests(tmp_path) else ("run", "study.yaml")
    resumed = run_llem(*args, pythonpath=(echo_site,), timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert _final_set(tmp_path) == _straight_through(run_llem, echo_site, tmp_path)


def test_resume_dir_and_a_changed_study_file(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(tmp_path)
    assert run_llem("run", "study.yaml", pythonpath=(echo_site,)).returncode == 0
    (study_dir,) = (tmp_path / "results").iterdir()
    again = run_llem("run", "--resume-dir", str(study_dir), pythonpath=(echo_site,))
    assert again.returncode == 0 and "complete; nothing to run" in again.stderr
    write_study(tmp_path, n_prompts=7)
    changed = run_llem("run", "study.yaml", "--resume", pythonpath=(echo_site,))
    assert changed.returncode == 2
    assert "nothing to resume" in changed.stderr and "--resume-dir" in changed.stderr
