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


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@attrs.frozen
class WindowOutcome:
    outputs: list[RequestOutput]
    duration_s: float
    energy: EnergyMeasurement
    memory: MemoryStats
    timeline: Timeline | None = None


def measure_window(
    runner: EngineRunner,
    prompts: Sequence[Prompt],
    sampler: EnergySampler | None,
    no_sampler_reason: str,
    on_progress: ProgressCallback,
) -> WindowOutcome:
    """Generate for ``prompts`` inside one energy window. Queued device work is drained before the
    window opens and before it closes, so the window holds exactly this work."""
    runner.reset_peak_memory()
    runner.synchronize()
    if sampler is not None:
        sampler.start()
    started = time.perf_counter()
    outputs = runner.generate(prompts, on_progress)
    runner.synchronize()
    duration = time.perf_counter() - started
    energy = sampler.stop() if sampler is not None else unmeasured(no_sampler_reason)
    check_outputs_match(prompts, outputs)
    timeline = sampler.timeline() if isinstance(sampler, TimelineSource) else None
    return WindowOutcome(outputs, duration, energy, runner.memory(), timeline)
