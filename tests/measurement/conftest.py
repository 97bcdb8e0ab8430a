"""Fakes for the measurement tests: an NVML module with pynvml's call surface."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest


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


@attrs.define
class FakeGpu:
    """A GPU whose energy counter tests set by hand; ``energy_mj=None`` means no counter."""

    name: str
    uuid: str
    energy_mj: int | None = 0
    energy_error: NVMLError | None = None
    mig_supported: bool = True


@attrs.frozen
class MemoryInfo:
    total: int
    free: int
    used: int


class FakeNvml:
    NVMLError = NVMLError
    NVMLError_NotSupported = NVMLError_NotSupported
    NVMLError_LibraryNotFound = NVMLError_LibraryNotFound
    NVMLError_FunctionNotFound = NVMLError_FunctionNotFound
    NVMLError_GpuIsLost = NVMLError_GpuIsLost

    def __init__(self, gpus: list[FakeGpu], init_error: NVMLError | None = None) -> None:
        self.gpus = gpus
        self.init_error = init_error
        self.open_sessions = 0
        self.init_calls = 0

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

    def nvmlDeviceGetUUID(self, handle: FakeGpu) -> str:
        return handle.uuid

    def nvmlDeviceGetName(self, handle: FakeGpu) -> str:
        return handle.name

    def nvmlDeviceGetTotalEnergyConsumption(self, handle: FakeGpu) -> int:
        self._require_session()
        if handle.energy_error is not None:
            raise handle.energy_error
        if handle.energy_mj is None:
            raise NVMLError_NotSupported()
        return handle.energy_mj

    def nvmlSystemGetDriverVersion(self) -> str:
        return "550.54.15"

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        return 12040

    def nvmlDeviceGetEnforcedPowerLimit(self, handle: FakeGpu) -> int:
        return 700_000

    def nvmlDeviceGetMemoryInfo(self, handle: FakeGpu) -> MemoryInfo:
        return MemoryInfo(total=85_899_345_920, free=0, used=0)

    def nvmlDeviceGetPersistenceMode(self, handle: FakeGpu) -> int:
        return 1

    def nvmlDeviceGetMigMode(self, handle: FakeGpu) -> list[int]:
        if not handle.mig_supported:
            raise NVMLError_NotSupported()
        return [0, 0]

    def nvmlDeviceGetMaxClockInfo(self, handle: FakeGpu, clock_type: int) -> int:
        return 1980

    def _require_session(self) -> None:
        if self.open_sessions <= 0:
            raise NVMLError()  # pynvml raises Uninitialized outside nvmlInit/nvmlShutdown


H100 = "NVIDIA H100 80GB HBM3"


@pytest.fixture
def two_h100s() -> list[FakeGpu]:
    return [
        FakeGpu(H100, "GPU-aaaa1111-0000-0000-0000-000000000000", energy_mj=1_000),
        FakeGpu(H100, "GPU-bbbb2222-0000-0000-0000-000000000000", energy_mj=2_000),
    ]


@pytest.fixture
def make_nvml() -> Callable[..., FakeNvml]:
    return FakeNvml


@pytest.fixture
def fake_error() -> Callable[[str], Any]:
    """Build one of the fake NVML errors by class name."""
    errors = (NVMLError, NVMLError_NotSupported, NVMLError_LibraryNotFound, NVMLError_GpuIsLost)
    classes = {cls.__name__: cls for cls in (*errors, NVMLError_FunctionNotFound)}
    return lambda name: classes[name]()


@pytest.fixture
def make_gpu() -> Callable[..., FakeGpu]:
    return FakeGpu
