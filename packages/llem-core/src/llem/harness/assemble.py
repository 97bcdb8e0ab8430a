"""Turn what the window produced into an :class:`ExperimentResult`."""

from __future__ import annotations

import resource
import sys

from llem import __version__
from llem.energy.base import EnergyMeasurement
from llem.energy.select import SamplerChoice
from llem.engine_api import MemoryStats, ModelInfo, RequestOutput
from llem.harness.flops import estimate_flops
from llem.harness.metrics import summarise_latency, throughput
from llem.harness.warnings import measurement_warnings
from llem.harness.window import WindowOutcome, utc_now
from llem.results.models import (
    Energy,
    ExperimentResult,
    Memory,
    RequestRecord,
    Timing,
    Workload,
)
from llem.runners.base import ExperimentJob

MIB = 1024 * 1024


def _per_token(joules: float | None, tokens: int) -> float | None:
    return joules / tokens if joules is not None and tokens > 0 else None


def energy_section(
    measurement: EnergyMeasurement, choice: SamplerChoice, outputs: list[RequestOutput]
) -> Energy:
    output_tokens = sum(o.output_tokens for o in outputs)
    total_tokens = output_tokens + sum(o.input_tokens for o in outputs)
    return Energy(
        measurement=measurement,
        sampler_choice=choice.reason,
        per_output_token_j=_per_token(measurement.total_j, output_tokens),
        per_token_j=_per_token(measurement.total_j, total_tokens),
        reason=measurement.reason,
    )


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


def _workload(job: ExperimentJob, outputs: list[RequestOutput]) -> Workload:
    task = job.config.task
    return Workload(
        dataset=task.dataset,
        n_prompts=len(outputs),
        warmup_prompts=job.config.measurement.warmup_prompts,
        input_tokens=sum(o.input_tokens for o in outputs),
        output_tokens=sum(o.output_tokens for o in outputs),
    )


def assemble_result(
    job: ExperimentJob,
    info: ModelInfo,
    window: WindowOutcome,
    choice: SamplerChoice,
    timings: tuple[str, float, float],
    notes: tuple[str, ...] = (),
) -> ExperimentResult:
    started_at, load_s, warmup_s = timings
    outputs = window.outputs
    return ExperimentResult(
        experiment=job.name,
        engine=job.config.engine,
        model=job.model,
        model_info=info,
        timing=Timing(started_at, utc_now(), load_s, warmup_s, window.duration_s),
        workload=_workload(job, outputs),
        throughput=throughput(outputs, window.duration_s),
        latency=summarise_latency(outputs),
        energy=energy_section(window.energy, choice, outputs),
        flops=estimate_flops(info, outputs),
        memory=memory_section(window.memory),
        warnings=measurement_warnings(window) + notes,
        requests=_requests(outputs),
        llem_version=__version__,
        config_checks=job.checks,
    )
