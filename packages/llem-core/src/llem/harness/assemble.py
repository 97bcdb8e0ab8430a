"""Turn what the experiment recorded into an :class:`ExperimentResult`."""

from __future__ import annotations

import resource
import sys

import attrs

from llem import __version__
from llem.energy.select import SamplerChoice
from llem.engine_api import MemoryStats, ModelInfo, RequestOutput
from llem.experiment.job import ExperimentJob
from llem.harness.energy_account import energy_section
from llem.harness.flops import estimate_flops
from llem.harness.metrics import summarise_latency, throughput
from llem.harness.warnings import WarningInputs, measurement_warnings
from llem.harness.window import WindowOutcome, utc_now
from llem.results.models import (
    Baseline,
    ExperimentResult,
    Memory,
    ModelSource,
    RequestRecord,
    ThermalOutcome,
    TimelineSummary,
    Timing,
    WarmupOutcome,
    Workload,
)

MIB = 1024 * 1024


@attrs.frozen
class Recorded:
    """Everything the experiment process measured, in the order it happened."""

    started_at: str
    model_info: ModelInfo
    load_s: float
    choice: SamplerChoice
    baseline: Baseline
    warmup: WarmupOutcome
    thermal: ThermalOutcome
    window: WindowOutcome
    timeline: TimelineSummary
    environment: dict[str, object]
    notes: tuple[str, ...] = ()
    load_phases: dict[str, float] = attrs.field(factory=dict)


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def _mb(value: int | None) -> float | None:
    return None if value is None else value / MIB


def memory_section(stats: MemoryStats) -> Memory:
    return Memory(
        peak_rss_mb=_peak_rss_mb(),
        device_peak_allocated_mb=_mb(stats.device_peak_allocated_bytes),
        device_peak_reserved_mb=_mb(stats.device_peak_reserved_bytes),
        reason=stats.reason,
    )


def _requests(outputs: list[RequestOutput]) -> tuple[RequestRecord, ...]:
    return tuple(
        RequestRecord(o.index, o.input_tokens, o.output_tokens, o.ttft_s, o.e2e_s) for o in outputs
    )


def _workload(job: ExperimentJob, recorded: Recorded) -> Workload:
    outputs = recorded.window.outputs
    return Workload(
        dataset=job.config.task.dataset,
        n_prompts=len(outputs),
        warmup_prompts=recorded.warmup.prompts,
        input_tokens=sum(o.input_tokens for o in outputs),
        output_tokens=sum(o.output_tokens for o in outputs),
    )


def _warnings(recorded: Recorded) -> tuple[str, ...]:
    window = recorded.window
    inputs = WarningInputs(
        window_s=window.duration_s, energy=window.energy, timeline=window.timeline,
        environment=dict(recorded.environment), warmup=recorded.warmup,
        thermal=recorded.thermal, baseline=recorded.baseline, host_load=window.host_load,
    )  # fmt: skip
    return measurement_warnings(inputs) + recorded.notes


def assemble_result(job: ExperimentJob, recorded: Recorded) -> ExperimentResult:
    window = recorded.window
    outputs = window.outputs
    timing = Timing(
        recorded.started_at, utc_now(), recorded.load_s, recorded.warmup.duration_s,
        window.duration_s, recorded.load_phases,
    )  # fmt: skip
    return ExperimentResult(
        experiment=job.name, engine=job.config.engine, model=ModelSource.of(job.recorded_model),
        model_info=recorded.model_info, timing=timing, workload=_workload(job, recorded),
        throughput=throughput(outputs, window.duration_s), latency=summarise_latency(outputs),
        energy=energy_section(window.energy, recorded.choice, recorded.baseline, outputs),
        flops=estimate_flops(recorded.model_info, outputs), memory=memory_section(window.memory),
        host_load=window.host_load, warmup=recorded.warmup, thermal=recorded.thermal,
        timeline=recorded.timeline,
        warnings=_warnings(recorded), requests=_requests(outputs), llem_version=__version__,
        config_checks=job.checks,
    )  # fmt: skip
