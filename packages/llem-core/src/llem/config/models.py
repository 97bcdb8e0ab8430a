"""The experiment configuration. Field names are the YAML keys.

The engine's own section is keyed by the engine name (``transformers:`` for ``engine:
transformers``) and typed by the engine plugin's config class; in Python it lives in
``ExperimentConfig.engine_config``.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from llem.config.validators import (
    at_least,
    between,
    non_empty,
    not_below,
    single_path_component,
)

DEFAULT_DATASET = "llem-prompts"


@attrs.frozen
class TaskConfig:
    """The workload, held fixed while the deployment varies."""

    model: str = attrs.field(validator=non_empty)
    gguf_file: str | None = None
    dataset: str = DEFAULT_DATASET
    n_prompts: int = attrs.field(default=50, validator=at_least(1))
    order: Literal["file", "shuffle"] = "file"
    max_input_tokens: int = attrs.field(default=512, validator=at_least(1))
    max_output_tokens: int = attrs.field(default=64, validator=at_least(1))
    fixed_output_length: bool = False
    chat_template: bool = True
    random_seed: int = 42


@attrs.frozen
class EnergyConfig:
    """``sampler``: ``auto``, ``none`` or the name of a registered energy sampler.
    ``timeline``: also record power, temperature, clocks and utilisation every
    ``timeline_interval_s`` into ``timeseries.parquet`` (samplers that can). ``options``: settings
    of individual samplers, by sampler name (``{codecarbon: {country_iso_code: FRA}}``); the
    chosen sampler receives its own as ``MeasurementTarget.options``."""

    sampler: str = "auto"
    timeline: bool = True
    timeline_interval_s: float = attrs.field(default=0.1, validator=between(0.01, 10.0))
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict)


@attrs.frozen
class BaselineConfig:
    """Idle power, subtracted to give baseline-adjusted energy.

    ``fresh``: measured in every experiment for ``duration_s``. ``cached``: measured once and reused
    for ``cache_ttl_s`` by experiments on the same devices with the same sampler. ``validated``:
    cached, plus a ``spot_check_s`` measurement every ``validate_every`` experiments; a spot check
    that differs from the cached power by more than ``drift_threshold`` (a fraction) triggers a
    full re-measurement. ``off``: no baseline (adjusted energy is ``null``).
    """

    strategy: Literal["fresh", "cached", "validated", "off"] = "cached"
    duration_s: float = attrs.field(default=10.0, validator=between(0.5, 600.0))
    cache_ttl_s: float = attrs.field(default=3600.0, validator=at_least(0))
    validate_every: int = attrs.field(default=5, validator=at_least(1))
    spot_check_s: float = attrs.field(default=3.0, validator=between(0.5, 600.0))
    drift_threshold: float = attrs.field(default=0.10, validator=between(0.0, 10.0, low_open=True))
    cache_dir: str | None = None
    """Where cached baselines live (default: llem's user cache directory)."""


@attrs.frozen
class WarmupConfig:
    """Runs before the measured window, never inside it.

    ``fixed``: ``prompts`` prompts. ``converge``: batches of the engine's ``batch_size`` prompts
    until the coefficient of variation of the last ``cv_window`` batch latencies is below
    ``cv_threshold``, running at least ``min_prompts`` and at most ``max_prompts`` prompts."""

    mode: Literal["fixed", "converge"] = "fixed"
    prompts: int = attrs.field(default=4, validator=at_least(0))
    cv_threshold: float = attrs.field(default=0.05, validator=between(0.0, 1.0, low_open=True))
    cv_window: int = attrs.field(default=5, validator=at_least(2))
    min_prompts: int = attrs.field(default=5, validator=at_least(1))
    max_prompts: int = attrs.field(default=50, validator=[at_least(1), not_below("min_prompts")])


@attrs.frozen
class ThermalFloorConfig:
    """A wait after warmup, before the window opens: at least ``wait_s`` seconds, then (when
    ``max_temperature_c`` is set and the sampler reads temperatures) until every device is at or
    below it, for at most ``max_wait_s`` in all."""

    wait_s: float = attrs.field(default=0.0, validator=at_least(0))
    max_temperature_c: float | None = attrs.field(default=None, validator=between(0.0, 120.0))
    max_wait_s: float = attrs.field(default=300.0, validator=at_least(0))


@attrs.frozen
class MeasurementConfig:
    energy: EnergyConfig = EnergyConfig()
    baseline: BaselineConfig = BaselineConfig()
    warmup: WarmupConfig = WarmupConfig()
    thermal_floor: ThermalFloorConfig = ThermalFloorConfig()


@attrs.frozen
class DockerConfig:
    """How the ``docker`` runner starts an experiment's container.

    ``shm_size``: the container's ``/dev/shm`` (engines pass tensors between processes there).
    ``network``: ``auto`` is ``none`` (no network at all) unless the model is a hub id to
    download, then ``bridge``. ``gpus``: ``auto`` gives the container the host's GPUs (those in
    ``CUDA_VISIBLE_DEVICES`` when set) when the image is a GPU variant. ``env``: variables set
    in the container."""

    shm_size: str = attrs.field(default="8g", validator=non_empty)
    network: Literal["auto", "none", "bridge", "host"] = "auto"
    gpus: Literal["auto", "all", "none"] = "auto"
    env: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class SlurmConfig:
    """How the ``slurm`` runner submits each experiment as a Slurm job (``runner: slurm``).

    ``partition``, ``account``, ``qos``, ``constraint``: sbatch's options of those names (unset:
    the cluster's defaults). ``time_limit_min``: the job's time limit; unset, the run's timeout
    plus 5 minutes, else 60. ``gpus``: GPUs per run (``--gpus-per-node``); ``gres`` replaces it
    with a generic resource string (``gpu:a100:2``). ``cpus``: CPUs per run. ``mem``: memory per
    run in Slurm's syntax (``16G``). ``exclusive``: the whole node for the run (no job beside it
    disturbs the energy measured). ``array_parallelism``: at most this many runs of a study at
    once. ``sbatch``: any other sbatch option, by long name without dashes (``{reservation:
    r1}``). ``poll_interval_s``: how often the coordinator asks Slurm for the job's state."""

    partition: str | None = None
    account: str | None = None
    qos: str | None = None
    time_limit_min: int | None = attrs.field(default=None, validator=at_least(1))
    gpus: int = attrs.field(default=0, validator=at_least(0))
    gres: str | None = None
    cpus: int = attrs.field(default=1, validator=at_least(1))
    mem: str | None = None
    constraint: str | None = None
    exclusive: bool = True
    array_parallelism: int = attrs.field(default=16, validator=at_least(1))
    sbatch: dict[str, str] = attrs.field(factory=dict)
    poll_interval_s: float = attrs.field(default=1.0, validator=between(0.1, 600.0))


@attrs.frozen
class ExperimentConfig:
    """``runner`` says where the experiment runs: ``local`` (a process on this machine),
    ``docker`` (the engine's image, variant chosen for the device), ``docker:cpu`` /
    ``docker:cuda`` (that variant) or ``docker:IMAGE``, or ``slurm`` (a Slurm job per experiment,
    ``slurm:`` settings; ``slurm:docker...``: the job runs it in the engine's image). Left at
    its default, ``runners`` (engine → runner; also ``LLEM_RUNNER_<ENGINE>``) chooses by engine,
    else ``local``."""

    task: TaskConfig
    engine: str = "transformers"
    engine_config: Any = None
    measurement: MeasurementConfig = MeasurementConfig()
    runner: str = "local"
    runners: dict[str, str] = attrs.field(factory=dict)
    docker: DockerConfig = DockerConfig()
    slurm: SlurmConfig = SlurmConfig()
    name: str | None = attrs.field(default=None, validator=single_path_component)
    output_dir: str = "results"
