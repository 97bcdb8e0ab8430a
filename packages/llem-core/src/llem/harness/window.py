"""The measured window: device synchronised, energy counters read at both edges."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime

import attrs

from llem.energy.base import (
    EnergyMeasurement,
    EnergySampler,
    Timeline,
    TimelineSource,
    unmeasured,
)
from llem.engine_api import (
    EngineRunner,
    MemoryStats,
    ProgressCallback,
    Prompt,
    RequestOutput,
    check_outputs_match,
)
from llem.harness.host_load import host_load, read_host
from llem.results.models import HostLoad


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@attrs.frozen
class WindowOutcome:
    outputs: list[RequestOutput]
    duration_s: float
    energy: EnergyMeasurement
    memory: MemoryStats
    host_load: HostLoad
    timeline: Timeline | None = None


def measure_window(
    runner: EngineRunner,
    prompts: Sequence[Prompt],
    sampler: EnergySampler | None,
    no_sampler_reason: str,
    on_progress: ProgressCallback,
) -> WindowOutcome:
    """Generate for ``prompts`` inside one energy window. Queued device work is drained before the
    window opens and before it closes, so the window holds exactly this work. The host's CPU load
    is read just outside the energy window's edges."""
    runner.reset_peak_memory()
    runner.synchronize()
    host_before = read_host()
    if sampler is not None:
        sampler.start()
    started = time.perf_counter()
    outputs = runner.generate(prompts, on_progress)
    runner.synchronize()
    duration = time.perf_counter() - started
    energy = sampler.stop() if sampler is not None else unmeasured(no_sampler_reason)
    host = host_load(host_before, read_host())
    check_outputs_match(prompts, outputs)
    timeline = sampler.timeline() if isinstance(sampler, TimelineSource) else None
    return WindowOutcome(outputs, duration, energy, runner.memory(), host, timeline)
