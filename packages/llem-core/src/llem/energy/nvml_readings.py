"""Reading a GPU's state into timeline samples: power, temperature, clocks, utilisation, memory
in use and the clock-event (throttle) reasons.

Boards differ in what they report (a consumer card may have no memory utilisation, an old driver
no clock-event call), so each reading stands alone: one the GPU does not support leaves its
fields ``None`` and the others are still read. Any other NVML error (a GPU that fell off the bus)
is raised, so the recorder stops the timeline with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from llem.energy.base import TimelineSample
from llem.energy.nvml_devices import ResolvedGpu
from llem.energy.nvml_support import NvmlModule, is_error, is_unsupported

Reading = Callable[[NvmlModule, Any], dict[str, Any]]
"""Given the NVML module and a device handle, some fields of a :class:`TimelineSample`."""

_NOT_STATE = {"t_s", "device", "domain"}
STATE_FIELDS = tuple(f.name for f in attrs.fields(TimelineSample) if f.name not in _NOT_STATE)
"""The fields of a sample that describe the device (all ``None`` until read)."""


def power(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    """NVML reports milliwatts."""
    return {"power_w": nvml.nvmlDeviceGetPowerUsage(handle) / 1000}


def temperature(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    reading = nvml.nvmlDeviceGetTemperature(handle, nvml.NVML_TEMPERATURE_GPU)
    return {"temperature_c": float(reading)}


def sm_clock(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    return {"sm_clock_mhz": int(nvml.nvmlDeviceGetClockInfo(handle, nvml.NVML_CLOCK_SM))}


def memory_clock(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    return {"memory_clock_mhz": int(nvml.nvmlDeviceGetClockInfo(handle, nvml.NVML_CLOCK_MEM))}


def utilization(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    """One call answers both percentages."""
    rates = nvml.nvmlDeviceGetUtilizationRates(handle)
    return {"gpu_utilization_pct": int(rates.gpu), "memory_utilization_pct": int(rates.memory)}


def memory_used(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    return {"memory_used_mb": nvml.nvmlDeviceGetMemoryInfo(handle).used / 2**20}


def clock_event_reasons(nvml: NvmlModule, handle: Any) -> dict[str, Any]:
    """``ClocksEventReasons`` is the current name; bindings or drivers older than the rename
    only have ``ClocksThrottleReasons`` (the same bitmask)."""
    if hasattr(nvml, "nvmlDeviceGetCurrentClocksEventReasons"):
        try:
            return {"throttle_reasons": int(nvml.nvmlDeviceGetCurrentClocksEventReasons(handle))}
        except nvml.NVMLError as error:
            if not is_error(nvml, error, "NVMLError_FunctionNotFound"):
                raise
    return {"throttle_reasons": int(nvml.nvmlDeviceGetCurrentClocksThrottleReasons(handle))}


ALL_READINGS: dict[str, Reading] = {
    "power": power,
    "temperature": temperature,
    "sm_clock": sm_clock,
    "memory_clock": memory_clock,
    "utilization": utilization,
    "memory_used": memory_used,
    "clock_event_reasons": clock_event_reasons,
}
POWER_ONLY: dict[str, Reading] = {"power": power}


class GpuStateReader:
    """Reads one ``domain="gpu"`` sample per GPU, labelled like its :class:`DomainEnergy`.

    A reading found unsupported is remembered and not asked again: the recorder calls this ten
    times a second, and a failing NVML call is not free. Make one reader per window."""

    def __init__(
        self,
        nvml: NvmlModule,
        gpus: Sequence[ResolvedGpu],
        readings: Mapping[str, Reading] = ALL_READINGS,
    ) -> None:
        self._nvml = nvml
        self._gpus = list(gpus)
        self._readings = dict(readings)
        self.unsupported: set[tuple[str, str]] = set()
        """``(device label, reading name)`` pairs found unsupported in this window."""

    def __call__(self, t_s: float) -> list[TimelineSample]:
        return [self._sample(gpu, t_s) for gpu in self._gpus]

    def _sample(self, gpu: ResolvedGpu, t_s: float) -> TimelineSample:
        fields: dict[str, Any] = dict.fromkeys(STATE_FIELDS)
        for name, reading in self._readings.items():
            fields.update(self._read(gpu, name, reading))
        return TimelineSample(t_s=t_s, device=gpu.label, domain="gpu", **fields)

    def _read(self, gpu: ResolvedGpu, name: str, reading: Reading) -> dict[str, Any]:
        if (gpu.label, name) in self.unsupported:
            return {}
        try:
            return reading(self._nvml, gpu.handle)
        except self._nvml.NVMLError as error:
            if not is_unsupported(self._nvml, error):
                raise
            self.unsupported.add((gpu.label, name))
            return {}


def read_temperatures(nvml: NvmlModule, gpus: Sequence[ResolvedGpu]) -> dict[str, float]:
    """The current temperature of each GPU by label; one that cannot be read is left out (the
    caller waits on the ones it can see rather than on a number we made up)."""
    temperatures: dict[str, float] = {}
    for gpu in gpus:
        try:
            temperatures[gpu.label] = temperature(nvml, gpu.handle)["temperature_c"]
        except nvml.NVMLError:
            continue
    return temperatures
