"""What runs on the node, inside the Slurm job: note where the job runs in the job file (so
``environment.json`` records it), then ``python -m llem.experiment JOB.json --events FILE``.

Imported on the node by submitit (the function is pickled by reference): it must stay importable
with nothing but llem-core installed there."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

SLURM_VARIABLES = {
    "slurm.job_id": "SLURM_JOB_ID",
    "slurm.node": "SLURMD_NODENAME",
    "slurm.partition": "SLURM_JOB_PARTITION",
    "slurm.cpus_on_node": "SLURM_CPUS_ON_NODE",
    "slurm.gpus": "CUDA_VISIBLE_DEVICES",
}
SHARED_WARNING = "slurm.shared_node"


def run_on_node(
    job_file: str, events_file: str, log_file: str, pythonpath: str, through: str | None = None
) -> int:
    """The experiment's exit status. Its output goes to ``log_file``, its events to
    ``events_file``; the host relays them from the shared file system. ``through``: another
    runner to start it with here (``docker:cpu``, for ``runner: slurm:docker:cpu``)."""
    record_where(Path(job_file), os.environ, _gpu_uuids(), _other_jobs_on_node(os.environ))
    if through is not None:
        from llem.runners.slurm.inner import run_through

        return run_through(through, Path(job_file), Path(events_file), log_file)
    command = [sys.executable, "-m", "llem.experiment", job_file, "--events", events_file]
    with open(log_file, "ab") as log:
        return subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env={**os.environ, "PYTHONPATH": pythonpath},
            check=False,
            preexec_fn=_ignore_usr2,
        ).returncode


def slurm_labels(
    env: Mapping[str, str], gpu_uuids: list[str], other_jobs: int | None
) -> dict[str, str]:
    labels = {key: env[name] for key, name in SLURM_VARIABLES.items() if env.get(name)}
    if gpu_uuids:
        labels["slurm.gpu_uuids"] = ",".join(gpu_uuids)
    if other_jobs:
        labels[SHARED_WARNING] = f"{other_jobs} other job(s) ran on the node when this one started"
    return labels


def record_where(
    job_file: Path, env: Mapping[str, str], gpu_uuids: list[str], other_jobs: int | None
) -> None:
    """The runner's labels in the job (``runner.image_labels``, what ``environment.json`` records
    of the runner) get the job id, node, GPUs, and a warning when the node was shared (also
    among the runner's warnings, which the result's warnings carry)."""
    document = json.loads(job_file.read_text(encoding="utf-8"))
    runner = document.setdefault("runner", {})
    labels = slurm_labels(env, gpu_uuids, other_jobs)
    runner["image_labels"] = {**runner.get("image_labels", {}), **labels}
    if SHARED_WARNING in labels:
        shared = f"Slurm node {env.get('SLURMD_NODENAME')}: {labels[SHARED_WARNING]}; energy is "
        shared += "not this run's alone (slurm.exclusive: true asks for the whole node)"
        runner["warnings"] = [*runner.get("warnings", []), shared]
    temporary = job_file.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=2), encoding="utf-8")
    temporary.replace(job_file)


def _gpu_uuids() -> list[str]:
    try:
        result = subprocess.run(
            ["nvidia-smi", "--query-gpu=uuid", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def _other_jobs_on_node(env: Mapping[str, str]) -> int | None:
    node, own = env.get("SLURMD_NODENAME"), env.get("SLURM_JOB_ID")
    if not node:
        return None
    try:
        result = subprocess.run(
            ["squeue", "-h", "-w", node, "-t", "RUNNING", "-o", "%A"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return len([job for job in result.stdout.split() if job != own])


def _ignore_usr2() -> None:
    # submitit's USR2 ahead of the time limit is for checkpointing; the experiment has none and
    # should run until Slurm's TIMEOUT rather than die of an unhandled signal.
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
