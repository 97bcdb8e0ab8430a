"""What a container of one experiment gets: its mounts (host path → container path), network,
environment and GPUs. Pure: computed from the job and the host's environment, testable without
Docker."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from llem.config.models import DockerConfig
from llem.experiment.job import ExperimentJob

EXPERIMENT_DIR = "/llem/experiment"
CACHE_DIR = "/llem/cache"
MODEL_DIR = "/llem/model"
MODEL_CACHE_DIR = "/llem/models"
HF_HOME = "/llem/hf"
POWERCAP = "/sys/class/powercap"
PASSED_THROUGH = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
"""Host variables a container that downloads a model is given (gated models need a token)."""


@attrs.frozen
class Mount:
    source: str
    target: str
    read_only: bool


@attrs.frozen
class GpuRequest:
    """``device_ids`` (indices or UUIDs from ``CUDA_VISIBLE_DEVICES``), or ``None``: every GPU."""

    device_ids: tuple[str, ...] | None


@attrs.frozen
class ContainerPlan:
    job: ExperimentJob
    """The job as the container sees it (its paths mapped)."""
    mounts: tuple[Mount, ...]
    network: str
    environment: dict[str, str]
    gpus: GpuRequest | None
    host_experiment_dir: str
    """The experiment folder on the host (labelled on the container, for people and cleanup)."""


def plan_container(
    job: ExperimentJob, image_gpus: bool, env: Mapping[str, str], powercap: Path = Path(POWERCAP)
) -> ContainerPlan:
    settings: DockerConfig = job.config.docker
    mounts = _mounts(job, env, powercap)
    mapping = {mount.source: mount.target for mount in mounts}
    network = _network(settings, job)
    return ContainerPlan(
        job=job.with_paths(lambda path: mapping[path]),
        mounts=tuple(mounts),
        network=network,
        environment=_environment(settings, job, env, network),
        gpus=_gpus(settings, image_gpus, env),
        host_experiment_dir=job.experiment_dir,
    )


def _mounts(job: ExperimentJob, env: Mapping[str, str], powercap: Path) -> list[Mount]:
    mounts = [
        Mount(job.experiment_dir, EXPERIMENT_DIR, read_only=False),
        Mount(job.baseline_cache_dir, CACHE_DIR, read_only=False),
    ]
    if job.model_cache_dir:
        mounts.append(Mount(job.model_cache_dir, MODEL_CACHE_DIR, read_only=False))
    if job.model_on_disk:
        mounts.append(Mount(job.model.location, MODEL_DIR, read_only=True))
    else:
        mounts.append(Mount(hub_cache(env), HF_HOME, read_only=False))
    if powercap.is_dir():
        mounts.append(Mount(str(powercap), POWERCAP, read_only=True))
    return mounts


def hub_cache(env: Mapping[str, str]) -> str:
    """The host's Hugging Face cache (``HF_HOME``), shared so a model downloads once."""
    if env.get("HF_HOME"):
        return str(Path(env["HF_HOME"]).expanduser().resolve())
    cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(cache).expanduser().resolve() / "huggingface")


def _network(settings: DockerConfig, job: ExperimentJob) -> str:
    if settings.network != "auto":
        return settings.network
    return "none" if job.model_on_disk else "bridge"


def _environment(
    settings: DockerConfig, job: ExperimentJob, env: Mapping[str, str], network: str
) -> dict[str, str]:
    variables: dict[str, str] = {}
    if job.model_on_disk or network == "none":  # no 50 s of retries for a hub that is not there
        variables |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    if not job.model_on_disk:
        variables["HF_HOME"] = HF_HOME
        variables |= {name: env[name] for name in PASSED_THROUGH if env.get(name)}
    return variables | dict(settings.env)


def _gpus(settings: DockerConfig, image_gpus: bool, env: Mapping[str, str]) -> GpuRequest | None:
    wanted = image_gpus if settings.gpus == "auto" else settings.gpus == "all"
    visible = env.get("CUDA_VISIBLE_DEVICES")
    if not wanted or visible == "":
        return None
    if visible is None:
        return GpuRequest(None)
    return GpuRequest(tuple(entry.strip() for entry in visible.split(",") if entry.strip()))


def ensure_sources(plan: ContainerPlan) -> None:
    """Create writable mount sources first: a missing one would be created by Docker, as root."""
    for mount in plan.mounts:
        if not mount.read_only:
            os.makedirs(mount.source, exist_ok=True)
