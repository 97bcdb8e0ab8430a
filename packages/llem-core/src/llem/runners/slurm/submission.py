"""What sbatch is asked for one experiment, from its ``slurm:`` settings (pure), and submitting it
through submitit (imported here only: ``llem --help`` does not pay for it)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from llem.config.models import SlurmConfig
from llem.errors import RuntimeMissingError, UsageError
from llem.experiment.job import RunLimits

DEFAULT_TIME_LIMIT_MIN = 60
TIME_LIMIT_MARGIN_MIN = 5
"""Beyond the run's own timeout: the job's start-up (Python, imports) and its end."""


def time_limit_min(settings: SlurmConfig, limits: RunLimits) -> int:
    if settings.time_limit_min is not None:
        return settings.time_limit_min
    if limits.timeout_s is None:
        return DEFAULT_TIME_LIMIT_MIN
    return math.ceil(limits.timeout_s / 60) + TIME_LIMIT_MARGIN_MIN


def executor_parameters(settings: SlurmConfig, limits: RunLimits, name: str) -> dict[str, Any]:
    """submitit ``SlurmExecutor`` parameters. No srun: the batch script runs the experiment, so
    submitit's USR2 (sent to job steps ahead of the time limit) never reaches it, and a run past
    its limit ends as Slurm's TIMEOUT."""
    extra: dict[str, Any] = dict(settings.sbatch)
    if settings.exclusive:
        extra.setdefault("exclusive", True)
    if settings.gres:
        extra["gres"] = settings.gres
    optional = {
        "partition": settings.partition,
        "account": settings.account,
        "qos": settings.qos,
        "constraint": settings.constraint,
        "mem": settings.mem,
        "gpus_per_node": settings.gpus if settings.gpus and not settings.gres else None,
    }
    return {
        "job_name": f"llem-{name}",
        "time": time_limit_min(settings, limits),
        "nodes": 1,
        "ntasks_per_node": 1,
        "cpus_per_task": settings.cpus,
        "array_parallelism": settings.array_parallelism,
        "use_srun": False,
        "additional_parameters": extra,
        **{key: value for key, value in optional.items() if value is not None},
    }


def require_submitit() -> ModuleType:
    try:
        import submitit
    except ImportError:
        raise RuntimeMissingError(
            "the slurm runner needs submitit: pip install 'llem-core[slurm]'"
        ) from None
    return submitit


def submit(
    folder: Path, parameters: dict[str, Any], function: Callable[..., int], *args: Any
) -> str:
    """Submit ``function(*args)`` as one job; its id."""
    submitit = require_submitit()
    executor = submitit.SlurmExecutor(folder=folder)
    executor.update_parameters(**parameters)
    try:
        job = executor.submit(function, *args)
    except Exception as error:  # submitit wraps sbatch's complaint in its own errors
        raise UsageError(f"sbatch refused the job: {error}") from None
    return str(job.job_id)
