"""One window of the NVML sampler: the NVML session it holds from start to stop, the counter
reads at its edges, and the recorder sampling the GPUs in between.

The window is the only owner of NVML while it is open: counter reads, timeline samples and
temperature reads all go through its session, so ``nvmlInit``/``nvmlShutdown`` stay balanced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from llem.energy.base import DomainEnergy, EnergyMeasurement, MeasurementTarget, Timeline
from llem.energy.nvml_counter import (
    COUNTER_METHOD,
    CounterRead,
    boundary,
    gpu_energy,
    read_counter,
)
from llem.energy.nvml_devices import GpuResolutionError, ResolvedGpu, resolve_gpus
from llem.energy.nvml_methods import measurement_method
from llem.energy.nvml_power import (
    DEFAULT_POWER_INTERVAL_S,
    POWER_INTEGRATION_METHOD,
    power_energy,
)
from llem.energy.nvml_readings import POWER_ONLY, GpuStateReader
from llem.energy.nvml_support import (
    NvmlModule,
    NvmlUnavailableError,
    open_session,
)
from llem.energy.timeline import TimelineRecorder
from llem.energy.totals import measurement_from_domains

Clock = Callable[[], float]


@attrs.frozen
class WindowPlan:
    """What ``probe()`` settled: the target, and each GPU's energy method by CUDA ordinal."""

    target: MeasurementTarget
    methods: Mapping[int, str]

    @property
    def records_timeline(self) -> bool:
        return self.target.timeline_interval_s is not None

    @property
    def integrates_power(self) -> bool:
        return POWER_INTEGRATION_METHOD in self.methods.values()

    def sampling_interval_s(self) -> float | None:
        """How often to sample: the timeline's interval, else the power interval when a GPU's
        energy is integrated from power, else ``None`` (nothing needs sampling)."""
        if self.target.timeline_interval_s is not None:
            return self.target.timeline_interval_s
        return DEFAULT_POWER_INTERVAL_S if self.integrates_power else None


@attrs.define
class OpenWindow:
    nvml: NvmlModule
    plan: WindowPlan
    gpus: list[ResolvedGpu]
    start_reads: dict[str, CounterRead]
    """Counter reads at the start, by device label (counter GPUs only)."""
    started_at: float
    recorder: TimelineRecorder | None


@attrs.frozen
class WindowResult:
    measurement: EnergyMeasurement
    timeline: Timeline | None
    """The recorded timeline (up to a failure, if one stopped it); ``None`` when none was
    asked for."""


def open_window(
    module: NvmlModule | None, plan: WindowPlan, env: Mapping[str, str], clock: Clock
) -> OpenWindow:
    """Start an NVML session held until :func:`close_window`, read the counters, start sampling.
    Raises :class:`NvmlUnavailableError` (with no session left open) when that cannot be done."""
    nvml = open_session(module)
    try:
        gpus = resolve_gpus(nvml, plan.target.gpu_indices, env)
    except GpuResolutionError as error:
        nvml.nvmlShutdown()
        raise NvmlUnavailableError(str(error)) from error
    return _begin(nvml, plan, gpus, clock)


def _begin(nvml: NvmlModule, plan: WindowPlan, gpus: list[ResolvedGpu], clock: Clock) -> OpenWindow:
    started_at = clock()
    start_reads = {gpu.label: read_counter(nvml, gpu) for gpu in _counter_gpus(plan, gpus)}
    recorder = _recorder(nvml, plan, gpus, clock)
    if recorder is not None:
        recorder.start(started_at)
    return OpenWindow(nvml, plan, gpus, start_reads, started_at, recorder)


def _recorder(
    nvml: NvmlModule, plan: WindowPlan, gpus: list[ResolvedGpu], clock: Clock
) -> TimelineRecorder | None:
    """The full GPU state of every GPU for a timeline; else only the power of the GPUs whose
    energy is integrated from it."""
    interval_s = plan.sampling_interval_s()
    if interval_s is None:
        return None
    if plan.records_timeline:
        return TimelineRecorder(GpuStateReader(nvml, gpus), interval_s, clock)
    power_gpus = [gpu for gpu in gpus if plan.methods[gpu.cuda_index] != COUNTER_METHOD]
    return TimelineRecorder(GpuStateReader(nvml, power_gpus, POWER_ONLY), interval_s, clock)


def _counter_gpus(plan: WindowPlan, gpus: list[ResolvedGpu]) -> list[ResolvedGpu]:
    return [gpu for gpu in gpus if plan.methods[gpu.cuda_index] == COUNTER_METHOD]


def close_window(window: OpenWindow, clock: Clock, sampler: str) -> WindowResult:
    """Stop sampling, read the counters at the end, release the session, measure."""
    ending = _end(window, clock)
    domains = [_energy(window, gpu, ending) for gpu in window.gpus]
    timeline = ending.recorded if window.plan.records_timeline else None
    integrated, timeline_reason = _integrable(timeline, ending.failure)
    measurement = measurement_from_domains(
        sampler=sampler, method=measurement_method(window.gpus, window.plan.methods),
        boundary=boundary(window.gpus), domains=domains, window_s=ending.window_s,
        timeline=integrated, timeline_reason=timeline_reason,
    )  # fmt: skip
    return WindowResult(measurement, timeline)


@attrs.frozen
class _Ending:
    recorded: Timeline | None
    failure: str | None
    end_reads: dict[str, CounterRead]
    window_s: float


def _end(window: OpenWindow, clock: Clock) -> _Ending:
    """The counters are read first, at the window's edge; the recorder's last sample after."""
    recorder = window.recorder
    try:
        counter_gpus = _counter_gpus(window.plan, window.gpus)
        end_reads = {gpu.label: read_counter(window.nvml, gpu) for gpu in counter_gpus}
        window_s = clock() - window.started_at
        recorded = recorder.stop() if recorder is not None else None
    finally:
        window.nvml.nvmlShutdown()
    failure = recorder.failure if recorder is not None else None
    return _Ending(recorded, failure, end_reads, window_s)


def _energy(window: OpenWindow, gpu: ResolvedGpu, ending: _Ending) -> DomainEnergy:
    if gpu.label in window.start_reads:
        return gpu_energy(gpu, window.start_reads[gpu.label], ending.end_reads[gpu.label])
    return power_energy(gpu, ending.recorded, ending.failure)


def _integrable(
    timeline: Timeline | None, failure: str | None
) -> tuple[Timeline | None, str | None]:
    """The timeline to integrate beside the energy figure, or why there is none. One stopped
    early by a failure covers part of the window only, so it is not integrated."""
    if timeline is None:
        return None, "no timeline was asked for (timeline_interval_s is None)"
    if failure is not None:
        return None, failure
    return timeline, None
