"""One experiment, in order: prompts → model load (timed) → energy sampler → idle baseline →
warmup → thermal floor → environment snapshot → measured window → timeline → result files.
Runs inside the experiment process; the engine only loads and generates."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import attrs
import cattrs
import structlog

from llem.config.models import ExperimentConfig
from llem.energy.base import DeviceInventory, MeasurementTarget
from llem.energy.select import SamplerChoice, require_named_sampler, select_sampler
from llem.engine_api import EngineRunner, ModelInfo, Prompt
from llem.experiment.events import EventHandler, Phase, Progress
from llem.experiment.job import ExperimentJob
from llem.harness.assemble import Recorded, assemble_result
from llem.harness.baseline import BaselineContext, establish_baseline
from llem.harness.baseline_cache import BaselineCache
from llem.harness.device_identity import device_identity
from llem.harness.environment import snapshot
from llem.harness.thermal import thermal_floor
from llem.harness.timeline_file import write_timeline
from llem.harness.warmup import warm_up
from llem.harness.window import WindowOutcome, measure_window, utc_now
from llem.plugins.registry import Registry
from llem.records import import_string
from llem.results.atomic import write_json_atomic
from llem.results.files import ENVIRONMENT_FILE, RESULT_FILE
from llem.results.models import SCHEMA_VERSION, Baseline, WarmupOutcome

T = TypeVar("T")
log = structlog.get_logger("llem.harness")


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started


def _build_runner(job: ExperimentJob, registry: Registry) -> EngineRunner:
    runner_class = import_string(registry.engine(job.config.engine).runner)
    runner: EngineRunner = runner_class(job.config, job.engine_model)
    return runner


def measurement_target(info: ModelInfo, config: ExperimentConfig) -> MeasurementTarget:
    """What the samplers are asked to measure: the device the engine loaded the model on."""
    energy = config.measurement.energy
    interval = energy.timeline_interval_s if energy.timeline else None
    if info.device.startswith("cuda"):
        index = int(info.device.partition(":")[2] or 0)
        return MeasurementTarget("cuda", (index,), interval, energy.options)
    return MeasurementTarget("cpu", (), interval, energy.options)


def baseline_key(choice: SamplerChoice, target: MeasurementTarget) -> str:
    """Cached baselines are shared by measurements of the same devices with the same sampler,
    on the host or in any container on it."""
    return f"{choice.name}|{device_identity(choice.sampler, target)}"


def _progress_reporter(total: int, emit: EventHandler) -> Callable[[int], None]:
    done = 0

    def report(count: int) -> None:
        nonlocal done
        done += count
        emit(Progress(done, total))

    return report


def _baseline(job: ExperimentJob, ready: _Prepared, emit: EventHandler) -> Baseline:
    settings, choice = job.config.measurement.baseline, ready.choice
    cache = BaselineCache(Path(job.baseline_cache_dir))
    context = BaselineContext(
        choice.sampler, baseline_key(choice, ready.target), cache, choice.reason
    )
    if choice.sampler is not None and settings.strategy != "off":
        emit(Phase("baseline", f"idle power ({settings.strategy})"))
    return establish_baseline(settings, context)


def _warm_up(
    runner: EngineRunner, prompts: list[Prompt], config: ExperimentConfig, emit: EventHandler
) -> WarmupOutcome:
    settings = config.measurement.warmup
    emit(Phase("warmup", f"{settings.mode}, outside the measured window"))
    batch_size = int(getattr(config.engine_config, "batch_size", 1) or 1)
    return warm_up(runner, prompts, settings, batch_size)


def _measure(
    runner: EngineRunner, prompts: list[Prompt], choice: SamplerChoice, emit: EventHandler
) -> WindowOutcome:
    emit(Phase("measuring", f"{len(prompts)} prompts; energy: {choice.reason}"))
    window = measure_window(
        runner, prompts, choice.sampler, choice.reason, _progress_reporter(len(prompts), emit)
    )
    log.debug("window closed", seconds=round(window.duration_s, 3), joules=window.energy.total_j)
    return window


@attrs.frozen
class _Prepared:
    """What stands before the window: the loaded engine and the chosen sampler."""

    runner: EngineRunner
    info: ModelInfo
    load_s: float
    target: MeasurementTarget
    choice: SamplerChoice
    load_phases: dict[str, float] = attrs.field(factory=dict)


def _load(job: ExperimentJob, registry: Registry, emit: EventHandler) -> _Prepared:
    energy = job.config.measurement.energy
    require_named_sampler(energy.sampler, registry, energy.options)
    runner = _build_runner(job, registry)
    emit(Phase("loading model", job.recorded_model.location))
    info, load_s = _timed(runner.load)
    log.debug("model loaded", seconds=round(load_s, 2), device=info.device, dtype=info.dtype)
    target = measurement_target(info, job.config)
    choice = select_sampler(job.config.measurement.energy.sampler, registry, target)
    log.debug("energy sampler", sampler=choice.name, reason=choice.reason)
    return _Prepared(runner, info, load_s, target, choice, reported_load_phases(runner))


def reported_load_phases(runner: EngineRunner) -> dict[str, float]:
    """The parts of the load the engine names (``load_phases``: TensorRT-LLM's engine build),
    rounded to the millisecond; what is not a number of seconds is left out."""
    reported = getattr(runner, "load_phases", None)
    if not isinstance(reported, Mapping):
        return {}
    return {
        str(name): round(float(seconds), 3)
        for name, seconds in reported.items()
        if isinstance(seconds, int | float) and not isinstance(seconds, bool)
    }


def _environment(job: ExperimentJob, ready: _Prepared) -> dict[str, object]:
    """Where it ran: the runner (and its image), then this process's host, packages, GPUs."""
    sampler = ready.choice.sampler
    gpus = sampler.describe_devices() if isinstance(sampler, DeviceInventory) else None
    runner = {"runner": attrs.asdict(job.runner)}
    return runner | snapshot(ready.runner.library_versions(), gpus=gpus)


def _record(job: ExperimentJob, registry: Registry, emit: EventHandler) -> Recorded:
    config: ExperimentConfig = job.config
    started_at = utc_now()
    measured, warmup_prompts = list(job.prompts.measured), list(job.prompts.warmup)
    ready = _load(job, registry, emit)
    baseline = _baseline(job, ready, emit)
    log.debug("baseline", source=baseline.source, watts=baseline.power_w, reason=baseline.reason)
    warmup = _warm_up(ready.runner, warmup_prompts, config, emit)
    log.debug("warmup done", prompts=warmup.prompts, seconds=round(warmup.duration_s, 2))
    thermal = thermal_floor(config.measurement.thermal_floor, ready.choice.sampler)
    environment = _environment(job, ready)
    window = _measure(ready.runner, measured, ready.choice, emit)
    ready.runner.close()
    missing = _no_timeline(config, ready.choice)
    timeline = write_timeline(window.timeline, Path(job.experiment_dir), missing)
    return Recorded(
        started_at, ready.info, ready.load_s, ready.choice, baseline, warmup, thermal, window,
        timeline, environment, job.prompts.notes + job.runner.warnings, ready.load_phases,
    )  # fmt: skip


def _no_timeline(config: ExperimentConfig, choice: SamplerChoice) -> str:
    if not config.measurement.energy.timeline:
        return "disabled (measurement.energy.timeline: false)"
    if choice.sampler is None:
        return f"no energy sampler: {choice.reason}"
    return f"the {choice.name} sampler records no timeline"


def run_experiment(job: ExperimentJob, registry: Registry, emit: EventHandler) -> Path:
    """Measure one configuration; write result.json and environment.json; return the result path."""
    recorded = _record(job, registry, emit)
    result = assemble_result(job, recorded)
    experiment_dir = Path(job.experiment_dir)
    write_json_atomic(
        experiment_dir / ENVIRONMENT_FILE,
        {"schema_version": SCHEMA_VERSION, **recorded.environment},
    )
    write_json_atomic(experiment_dir / RESULT_FILE, cattrs.Converter().unstructure(result))
    log.debug("result written", path=str(experiment_dir / RESULT_FILE))
    return experiment_dir / RESULT_FILE
