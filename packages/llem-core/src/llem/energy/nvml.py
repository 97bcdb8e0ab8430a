"""Energy of the experiment's GPUs from NVML, with a timeline of their power and state.

Each GPU's energy comes from its total-energy counter (Volta and newer, see
:mod:`llem.energy.nvml_counter`) or, on a GPU without one, from the integral of its sampled power
(:mod:`llem.energy.nvml_power`, an estimate with known limits). With
``MeasurementTarget.timeline_interval_s`` set, every GPU's power, temperature, clocks,
utilisation, memory in use and clock-event reasons are sampled through the window, and the
integrated power is reported beside the counter figure as a cross-check.

One sampler measures many windows (idle baseline, spot checks, the measured run): ``probe()``
once, then ``start()``/``stop()`` as often as needed. Each window holds its own NVML session.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from llem.energy.base import (
    Availability,
    EnergyMeasurement,
    MeasurementTarget,
    Timeline,
    unmeasured,
)
from llem.energy.nvml_counter import COUNTER_METHOD
from llem.energy.nvml_devices import GpuResolutionError, ResolvedGpu, gpu_uuids, resolve_gpus
from llem.energy.nvml_inventory import gpu_snapshot
from llem.energy.nvml_methods import NoEnergyMethodError, energy_method
from llem.energy.nvml_readings import read_temperatures
from llem.energy.nvml_support import (
    NvmlModule,
    NvmlUnavailableError,
    nvml_session,
)
from llem.energy.nvml_window import OpenWindow, WindowPlan, close_window, open_window

METHOD = COUNTER_METHOD


@attrs.frozen
class _FailedWindow:
    """A window whose start failed: ``stop()`` reports the reason instead of an energy."""

    reason: str


class NvmlSampler:
    """Measures the GPUs in ``MeasurementTarget.gpu_indices``; a :class:`TimelineSource`, a
    :class:`TemperatureSource`, a :class:`DeviceInventory` and a :class:`DeviceIdentity`.

    Device labels are ``gpu:<cuda ordinal> <uuid>`` in the energy domains, the timeline and
    ``temperatures()`` alike. ``nvml``: the pynvml module or a fake (default: import pynvml when
    first needed). ``env``: where CUDA_VISIBLE_DEVICES / CUDA_DEVICE_ORDER are read (default:
    ``os.environ``). ``clock``: seconds, for the window length and the timeline's ``t_s``.
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
        self._plan: WindowPlan | None = None
        self._window: OpenWindow | _FailedWindow | None = None
        self._timeline: Timeline | None = None

    def probe(self, target: MeasurementTarget) -> Availability:
        """Whether every GPU of ``target`` can be measured, and how (counter or power)."""
        self._plan = None
        if target.device_kind != "cuda":
            return Availability(False, _not_a_gpu_reason(target.device_kind))
        if not target.gpu_indices:
            return Availability(False, "the experiment names no GPU to measure")
        try:
            with nvml_session(self._nvml) as nvml:
                self._plan = self._plan_for(nvml, target)
        except (NvmlUnavailableError, GpuResolutionError, NoEnergyMethodError) as error:
            return Availability(False, str(error))
        return Availability(True)

    def start(self) -> None:
        """Open a window. A failure to open it is reported by ``stop()``, not raised here."""
        plan = self._require_plan()
        if isinstance(self._window, OpenWindow):
            raise RuntimeError("NvmlSampler.start() called while a window is open")
        self._timeline = None
        try:
            self._window = open_window(self._nvml, plan, self._environ(), self._clock)
        except NvmlUnavailableError as error:
            self._window = _FailedWindow(str(error))

    def stop(self) -> EnergyMeasurement:
        window, self._window = self._window, None
        if window is None:
            raise RuntimeError("NvmlSampler.stop() called without start()")
        if isinstance(window, _FailedWindow):
            return unmeasured(
                f"NVML failed at the window start: {window.reason}", sampler=self.name
            )
        result = close_window(window, self._clock, self.name)
        self._timeline = result.timeline
        return result.measurement

    def timeline(self) -> Timeline | None:
        """The last closed window's samples (up to a failure that stopped them); ``None`` when no
        timeline was asked for, no window has closed yet, or one is open."""
        return self._timeline

    def temperatures(self) -> dict[str, float]:
        """GPU temperatures (°C) by device label, through the open window's session or, between
        windows, a session of their own. GPUs that cannot be read are left out."""
        if isinstance(self._window, OpenWindow):
            return read_temperatures(self._window.nvml, self._window.gpus)
        if self._plan is None:
            return {}
        try:
            with nvml_session(self._nvml) as nvml:
                return self._read_temperatures(nvml, self._plan.target)
        except NvmlUnavailableError:
            return {}

    def describe_devices(self) -> dict[str, Any]:
        """The environment snapshot's GPU section, read through this sampler's NVML module."""
        return gpu_snapshot(self._nvml)

    def device_ids(self, target: MeasurementTarget) -> tuple[str, ...] | None:
        """The UUIDs of ``target``'s GPUs, through this sampler's NVML module."""
        return gpu_uuids(self._nvml, target.gpu_indices, self._environ())

    def _read_temperatures(self, nvml: NvmlModule, target: MeasurementTarget) -> dict[str, float]:
        try:
            return read_temperatures(nvml, self._resolve(nvml, target))
        except GpuResolutionError:
            return {}

    def _plan_for(self, nvml: NvmlModule, target: MeasurementTarget) -> WindowPlan:
        gpus = self._resolve(nvml, target)
        methods = {gpu.cuda_index: energy_method(nvml, gpu) for gpu in gpus}
        return WindowPlan(target, methods)

    def _resolve(self, nvml: NvmlModule, target: MeasurementTarget) -> list[ResolvedGpu]:
        return resolve_gpus(nvml, target.gpu_indices, self._environ())

    def _require_plan(self) -> WindowPlan:
        if self._plan is None:
            raise RuntimeError("NvmlSampler.start() needs a successful probe() first")
        return self._plan

    def _environ(self) -> Mapping[str, str]:
        return os.environ if self._env is None else self._env


def _not_a_gpu_reason(device_kind: str) -> str:
    if device_kind == "cpu":
        return "experiment runs on the CPU; NVML measures GPUs only"
    return f"experiment runs on {device_kind!r}; NVML measures NVIDIA GPUs only"
