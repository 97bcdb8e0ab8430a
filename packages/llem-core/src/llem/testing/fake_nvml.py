"""A fake NVML module with pynvml's call surface, for tests of samplers and the harness.

Pass ``FakeNvml([FakeGpu(...), ...])`` wherever llem takes an ``nvml=`` module (``NvmlSampler``,
``gpu_snapshot``). Each reading of a :class:`FakeGpu` is scripted: a value, ``None``
(NotSupported), an ``NVMLError`` (raised), or a callable of the seconds since the fake was made.
Calls outside ``nvmlInit``/``nvmlShutdown`` raise like pynvml's Uninitialized.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs


class NVMLError(Exception):
    """Like pynvml.NVMLError: one subclass per error code, str() is the NVML message."""

    message = "Unknown Error"

    def __str__(self) -> str:
        return self.message


class NVMLError_NotSupported(NVMLError):
    message = "Not Supported"


class NVMLError_LibraryNotFound(NVMLError):
    message = "NVML Shared Library Not Found"


class NVMLError_FunctionNotFound(NVMLError):
    message = "Function Not Found"


class NVMLError_GpuIsLost(NVMLError):
    message = "GPU is lost"


Scripted = Any
"""A fake GPU reading: a value; ``None`` (the GPU does not support the call: NotSupported); an
``NVMLError`` instance (raised); or a callable of the seconds since the FakeNvml was made, which
returns any of those (so a background timeline sees values change)."""


@attrs.frozen
class FakeProcess:
    """Like pynvml's process info: ``usedGpuMemory`` in bytes, ``None`` when NVML cannot tell."""

    pid: int
    usedGpuMemory: int | None


@attrs.define
class FakeGpu:
    """A GPU whose readings tests set by hand (see :data:`Scripted`); ``energy_mj=None`` means no
    energy counter (pre-Volta). Defaults are an idle H100."""

    name: str
    uuid: str
    energy_mj: Scripted = 0
    energy_error: NVMLError | None = None
    mig_supported: bool = True
    power_mw: Scripted = 70_000
    temperature_c: Scripted = 35
    sm_clock_mhz: Scripted = 345
    memory_clock_mhz: Scripted = 2619
    gpu_utilization_pct: Scripted = 0
    memory_utilization_pct: Scripted = 0
    memory_used_bytes: Scripted = 0
    throttle_reasons: Scripted = 0x1  # gpu_idle
    clocks_event_api: bool = True  # False: a driver older than the ClocksEvent rename
    processes: Scripted = attrs.field(factory=list)
    pci_bus_id: Scripted = "00000000:18:00.0"
    power_limit_default_mw: Scripted = 700_000
    application_sm_clock_mhz: Scripted = 1755
    application_memory_clock_mhz: Scripted = 2619
    max_sm_clock_mhz: Scripted = 1980
    max_memory_clock_mhz: Scripted = 2619
    compute_mode: Scripted = 0
    reads: Counter[str] = attrs.field(factory=Counter)
    """How often each reading was asked of this GPU."""


@attrs.frozen
class MemoryInfo:
    total: int
    free: int
    used: int


@attrs.frozen
class Utilization:
    gpu: int
    memory: int


@attrs.frozen
class PciInfo:
    busId: str


class FakeClock:
    """A clock the test moves by hand: ``now`` is what it reads."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeNvml:
    NVMLError = NVMLError
    NVMLError_NotSupported = NVMLError_NotSupported
    NVMLError_LibraryNotFound = NVMLError_LibraryNotFound
    NVMLError_FunctionNotFound = NVMLError_FunctionNotFound
    NVMLError_GpuIsLost = NVMLError_GpuIsLost
    NVML_TEMPERATURE_GPU = 0
    NVML_CLOCK_SM = 1
    NVML_CLOCK_MEM = 2

    def __init__(
        self,
        gpus: list[FakeGpu],
        init_error: Exception | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.gpus = gpus
        self.init_error = init_error
        self.open_sessions = 0
        self.init_calls = 0
        self.calls: Counter[str] = Counter()
        self._clock = clock
        self._created_at = clock()

    def nvmlInit(self) -> None:
        if self.init_error is not None:
            raise self.init_error
        self.init_calls += 1
        self.open_sessions += 1

    def nvmlShutdown(self) -> None:
        self._require_session()
        self.open_sessions -= 1

    def nvmlDeviceGetCount(self) -> int:
        self._require_session()
        return len(self.gpus)

    def nvmlDeviceGetHandleByIndex(self, index: int) -> FakeGpu:
        self._require_session()
        return self.gpus[index]

    def nvmlDeviceGetHandleByUUID(self, uuid: str) -> FakeGpu:
        self._require_session()
        matches = [gpu for gpu in self.gpus if gpu.uuid == uuid]
        if not matches:
            raise NVMLError()
        return matches[0]

    def nvmlDeviceGetUUID(self, handle: FakeGpu) -> str:
        return handle.uuid

    def nvmlDeviceGetName(self, handle: FakeGpu) -> str:
        return handle.name

    def nvmlDeviceGetTotalEnergyConsumption(self, handle: FakeGpu) -> int:
        if handle.energy_error is not None:
            self._require_session()
            raise handle.energy_error
        return self._read(handle, "energy", handle.energy_mj)

    def nvmlDeviceGetPowerUsage(self, handle: FakeGpu) -> int:
        return self._read(handle, "power", handle.power_mw)

    def nvmlDeviceGetTemperature(self, handle: FakeGpu, sensor: int) -> int:
        assert sensor == self.NVML_TEMPERATURE_GPU
        return self._read(handle, "temperature", handle.temperature_c)

    def nvmlDeviceGetClockInfo(self, handle: FakeGpu, clock_type: int) -> int:
        sm, memory = handle.sm_clock_mhz, handle.memory_clock_mhz
        return self._clock_reading(handle, "clock", clock_type, sm, memory)

    def nvmlDeviceGetMaxClockInfo(self, handle: FakeGpu, clock_type: int) -> int:
        sm, memory = handle.max_sm_clock_mhz, handle.max_memory_clock_mhz
        return self._clock_reading(handle, "max_clock", clock_type, sm, memory)

    def nvmlDeviceGetApplicationsClock(self, handle: FakeGpu, clock_type: int) -> int:
        sm, memory = handle.application_sm_clock_mhz, handle.application_memory_clock_mhz
        return self._clock_reading(handle, "applications_clock", clock_type, sm, memory)

    def nvmlDeviceGetUtilizationRates(self, handle: FakeGpu) -> Utilization:
        gpu = self._read(handle, "utilization", handle.gpu_utilization_pct)
        return Utilization(
            gpu=gpu, memory=self._read(handle, "utilization", handle.memory_utilization_pct)
        )

    def nvmlDeviceGetMemoryInfo(self, handle: FakeGpu) -> MemoryInfo:
        used = self._read(handle, "memory", handle.memory_used_bytes)
        return MemoryInfo(total=85_899_345_920, free=85_899_345_920 - used, used=used)

    def nvmlDeviceGetCurrentClocksEventReasons(self, handle: FakeGpu) -> int:
        if not handle.clocks_event_api:
            self._require_session()
            raise NVMLError_FunctionNotFound()
        return self._read(handle, "clocks_event_reasons", handle.throttle_reasons)

    def nvmlDeviceGetCurrentClocksThrottleReasons(self, handle: FakeGpu) -> int:
        return self._read(handle, "clocks_throttle_reasons", handle.throttle_reasons)

    def nvmlDeviceGetComputeRunningProcesses(self, handle: FakeGpu) -> list[FakeProcess]:
        return self._read(handle, "processes", handle.processes)

    def nvmlDeviceGetPciInfo(self, handle: FakeGpu) -> PciInfo:
        return PciInfo(busId=self._read(handle, "pci_info", handle.pci_bus_id))

    def nvmlDeviceGetPowerManagementDefaultLimit(self, handle: FakeGpu) -> int:
        return self._read(handle, "default_power_limit", handle.power_limit_default_mw)

    def nvmlDeviceGetComputeMode(self, handle: FakeGpu) -> int:
        return self._read(handle, "compute_mode", handle.compute_mode)

    def nvmlSystemGetDriverVersion(self) -> str:
        return "550.54.15"

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        return 12040

    def nvmlDeviceGetEnforcedPowerLimit(self, handle: FakeGpu) -> int:
        return 700_000

    def nvmlDeviceGetPersistenceMode(self, handle: FakeGpu) -> int:
        return 1

    def nvmlDeviceGetMigMode(self, handle: FakeGpu) -> list[int]:
        if not handle.mig_supported:
            raise NVMLError_NotSupported()
        return [0, 0]

    def _clock_reading(
        self, handle: FakeGpu, call: str, clock_type: int, sm: Scripted, memory: Scripted
    ) -> Any:
        scripted = {self.NVML_CLOCK_SM: sm, self.NVML_CLOCK_MEM: memory}[clock_type]
        return self._read(handle, call, scripted)

    def _read(self, handle: FakeGpu, call: str, scripted: Scripted) -> Any:
        """Count the call, then answer as scripted (see :data:`Scripted`)."""
        self._require_session()
        self.calls[call] += 1
        handle.reads[call] += 1
        value = scripted(self._clock() - self._created_at) if callable(scripted) else scripted
        if value is None:
            raise NVMLError_NotSupported()
        if isinstance(value, NVMLError):
            raise value
        return value

    def _require_session(self) -> None:
        if self.open_sessions <= 0:
            raise NVMLError()  # pynvml raises Uninitialized outside nvmlInit/nvmlShutdown
