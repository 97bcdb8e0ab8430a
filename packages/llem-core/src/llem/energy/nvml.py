"""Energy of the experiment's GPUs from NVML's total-energy counter.

``nvmlDeviceGetTotalEnergyConsumption`` (Volta and newer) is a hardware counter of the board's
energy in millijoules since the driver loaded. We read it per GPU at the window edges; the
difference is the board's energy over the window, for every process on that board.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

import attrs

from llem.energy.base import (
    Availability,
    EnergyMeasurement,
    MeasurementTarget,
    unmeasured,
)
from llem.energy.nvml_counter import (
    CounterRead,
    boundary,
    counter_problem,
    gpu_energy,
    read_counter,
)
from llem.energy.nvml_devices import GpuResolutionError, ResolvedGpu, resolve_gpus
from llem.energy.nvml_support import (
    NvmlModule,
    NvmlUnavailableError,
    describe_error,
    nvml_session,
    open_session,
)
from llem.energy.totals import measurement_from_domains

METHOD = "nvml-total-energy-counter"


@attrs.define
class _Window:
    """An open window; ``nvml`` is ``None`` when it could not open (``failure`` says why)."""

    nvml: NvmlModule | None
    gpus: list[ResolvedGpu]
    start_reads: list[CounterRead]
    started_at: float
    failure: str | None = None


class NvmlSampler:
    """Reads the NVML energy counter of each GPU in ``MeasurementTarget.gpu_indices``.

    ``nvml``: the pynvml module or a fake (default: import pynvml when first needed).
    ``env``: where CUDA_VISIBLE_DEVICES / CUDA_DEVICE_ORDER are read (default: ``os.environ``).
    """

    name = "nvml"

    def __init__(
        self,
        nvml: NvmlModule | None = None,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._nvml = nvml
        self._env = env
        self._clock = clock
        self._target: MeasurementTarget | None = None
        self._window: _Window | None = None

    def probe(self, target: MeasurementTarget) -> Availability:
        if target.device_kind != "cuda":
            return Availability(False, _not_a_gpu_reason(target.device_kind))
        if not target.gpu_indices:
            return Availability(False, "the experiment names no GPU to measure")
        try:
            with nvml_session(self._nvml) as nvml:
                availability = self._probe_gpus(nvml, target)
        except NvmlUnavailableError as error:
            return Availability(False, str(error))
        if availability.ok:
            self._target = target
        return availability

    def start(self) -> None:
        target = self._require_probed_target()
        try:
            self._window = self._open_window(target)
        except NvmlUnavailableError as error:
            self._window = _Window(None, [], [], self._clock(), failure=str(error))

    def stop(self) -> EnergyMeasurement:
        window = self._window
        if window is None:
            raise RuntimeError("NvmlSampler.stop() called without start()")
        self._window = None
        if window.nvml is None:
            return unmeasured(
                f"NVML failed at the window start: {window.failure}", sampler=self.name
            )
        try:
            end_reads = [read_counter(window.nvml, gpu) for gpu in window.gpus]
            window_s = self._clock() - window.started_at
        finally:
            window.nvml.nvmlShutdown()
        domains = [
            gpu_energy(gpu, start, end)
            for gpu, start, end in zip(window.gpus, window.start_reads, end_reads, strict=True)
        ]
        return measurement_from_domains(
            sampler=self.name, method=METHOD, boundary=boundary(window.gpus),
            domains=domains, window_s=window_s,
        )  # fmt: skip

    def _open_window(self, target: MeasurementTarget) -> _Window:
        """Start an NVML session held until ``stop()`` and read every counter."""
        nvml = open_session(self._nvml)
        try:
            gpus = resolve_gpus(nvml, target.gpu_indices, self._environ())
        except GpuResolutionError as error:
            nvml.nvmlShutdown()
            raise NvmlUnavailableError(str(error)) from error
        except nvml.NVMLError as error:
            nvml.nvmlShutdown()
            raise NvmlUnavailableError(describe_error(nvml, error)) from error
        started_at = self._clock()
        return _Window(nvml, gpus, [read_counter(nvml, gpu) for gpu in gpus], started_at)

    def _probe_gpus(self, nvml: NvmlModule, target: MeasurementTarget) -> Availability:
        try:
            gpus = resolve_gpus(nvml, target.gpu_indices, self._environ())
        except GpuResolutionError as error:
            return Availability(False, str(error))
        except nvml.NVMLError as error:
            return Availability(False, f"cannot enumerate GPUs: {describe_error(nvml, error)}")
        for gpu in gpus:
            problem = counter_problem(nvml, gpu)
            if problem is not None:
                return Availability(False, problem)
        return Availability(True)

    def _require_probed_target(self) -> MeasurementTarget:
        if self._target is None:
            raise RuntimeError("NvmlSampler.start() needs a successful probe() first")
        return self._target

    def _environ(self) -> Mapping[str, str]:
        return os.environ if self._env is None else self._env


def _not_a_gpu_reason(device_kind: str) -> str:
    if device_kind == "cpu":
        return "experiment runs on the CPU; NVML measures GPUs only"
    return f"experiment runs on {device_kind!r}; NVML measures NVIDIA GPUs only"
