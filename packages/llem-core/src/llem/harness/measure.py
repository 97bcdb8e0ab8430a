"""One experiment, in order: prompts → model load (timed) → warmup → measured window → metrics →
environment → result files. Runs inside the experiment process; the engine only loads and
generates."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import cattrs
import structlog

from llem.config.models import ExperimentConfig
from llem.energy.base import MeasurementTarget
from llem.energy.select import select_sampler
from llem.engine_api import EngineRunner, ModelInfo, Prompt
from llem.harness.assemble import assemble_result
from llem.harness.environment import snapshot
from llem.harness.prompts import split_prompts
from llem.harness.window import measure_window, utc_now
from llem.plugins.registry import Registry
from llem.records import import_string
from llem.results.atomic import write_json_atomic
from llem.results.models import SCHEMA_VERSION
from llem.runners.base import EventHandler, ExperimentJob, Phase, Progress

T = TypeVar("T")
log = structlog.get_logger("llem.harness")
RESULT_FILE = "result.json"
ENVIRONMENT_FILE = "environment.json"


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started


def _build_runner(job: ExperimentJob, registry: Registry) -> EngineRunner:
    runner_class = import_string(registry.engine(job.config.engine).runner)
    runner: EngineRunner = runner_class(job.config, job.model)
    return runner


def _target(info: ModelInfo) -> MeasurementTarget:
    if info.device.startswith("cuda"):
        index = int(info.device.partition(":")[2] or 0)
        return MeasurementTarget(device_kind="cuda", gpu_indices=(index,))
    return MeasurementTarget(device_kind="cpu")


def _progress_reporter(total: int, emit: EventHandler) -> Callable[[int], None]:
    done = 0

    def report(count: int) -> None:
        nonlocal done
        done += count
        emit(Progress(done, total))

    return report


def _warm_up(runner: EngineRunner, warmup: list[Prompt], emit: EventHandler) -> float:
    emit(Phase("warmup", f"{len(warmup)} prompts, outside the measured window"))
    _, seconds = _timed(lambda: runner.generate(warmup, lambda _n: None))
    return seconds


def run_experiment(job: ExperimentJob, registry: Registry, emit: EventHandler) -> Path:
    """Measure one configuration; write result.json and environment.json; return the result path."""
    config: ExperimentConfig = job.config
    started_at = utc_now()
    measured, warmup, prompt_notes = split_prompts(config, registry, Path(job.base_dir))
    runner = _build_runner(job, registry)
    emit(Phase("loading model", job.model.location))
    info, load_s = _timed(runner.load)
    log.debug("model loaded", seconds=round(load_s, 2), device=info.device, dtype=info.dtype)
    warmup_s = _warm_up(runner, warmup, emit)
    log.debug("warmup done", prompts=len(warmup), seconds=round(warmup_s, 2))
    choice = select_sampler(config.measurement.energy.sampler, registry, _target(info))
    log.debug("energy sampler", sampler=choice.name, reason=choice.reason)
    emit(Phase("measuring", f"{len(measured)} prompts; energy: {choice.reason}"))
    window = measure_window(
        runner, measured, choice.sampler, choice.reason, _progress_reporter(len(measured), emit)
    )
    log.debug("window closed", seconds=round(window.duration_s, 3), joules=window.energy.total_j)
    environment = snapshot(runner.library_versions())
    runner.close()
    result = assemble_result(
        job, info, window, choice, timings=(started_at, load_s, warmup_s), notes=prompt_notes
    )
    experiment_dir = Path(job.experiment_dir)
    write_json_atomic(
        experiment_dir / ENVIRONMENT_FILE, {"schema_version": SCHEMA_VERSION, **environment}
    )
    write_json_atomic(experiment_dir / RESULT_FILE, cattrs.Converter().unstructure(result))
    log.debug("result written", path=str(experiment_dir / RESULT_FILE))
    return experiment_dir / RESULT_FILE
