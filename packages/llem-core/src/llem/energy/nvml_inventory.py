"""The GPU part of the environment snapshot, read through NVML (injectable like the sampler's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from llem.energy.nvml_support import (
    NvmlModule,
    NvmlUnavailableError,
    as_text,
    describe_error,
    nvml_session,
)

_ENABLED = 1  # NVML_FEATURE_ENABLED and NVML_DEVICE_MIG_ENABLE
_COMPUTE_MODES = {0: "default", 1: "exclusive_thread", 2: "prohibited", 3: "exclusive_process"}
"""``nvmlComputeMode_t`` values from ``nvml.h``."""

Query = Callable[[], Any]


def gpu_snapshot(nvml: NvmlModule | None = None) -> dict[str, Any]:
    """``{"gpus": [...], "gpu_driver": ...}`` or ``{"gpus": None, "gpus_reason": ...}``."""
    try:
        with nvml_session(nvml) as session:
            return _describe_host(session)
    except NvmlUnavailableError as error:
        return {"gpus": None, "gpus_reason": str(error)}


def _describe_host(nvml: NvmlModule) -> dict[str, Any]:
    unavailable: dict[str, str] = {}
    host = {
        "driver_version": _query(nvml, "driver_version", unavailable,
                                 lambda: as_text(nvml.nvmlSystemGetDriverVersion())),
        "cuda_driver_version": _query(nvml, "cuda_driver_version", unavailable,
                                      lambda: _cuda_version(nvml.nvmlSystemGetCudaDriverVersion())),
    }  # fmt: skip
    try:
        gpus = [_describe_gpu(nvml, index) for index in range(nvml.nvmlDeviceGetCount())]
    except nvml.NVMLError as error:
        return {"gpus": None, "gpus_reason": f"cannot list GPUs: {describe_error(nvml, error)}"}
    return {"gpus": gpus, "gpu_driver": host, "gpu_driver_unavailable": unavailable}


def _describe_gpu(nvml: NvmlModule, index: int) -> dict[str, Any]:
    """Every query runs on its own: a board that lacks one still reports the rest."""
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    unavailable: dict[str, str] = {}
    queries = {
        **_identity_queries(nvml, handle),
        **_power_and_memory_queries(nvml, handle),
        **_clock_queries(nvml, handle),
        **_state_queries(nvml, handle),
    }
    gpu: dict[str, Any] = {"nvml_index": index}
    gpu.update({key: _query(nvml, key, unavailable, read) for key, read in queries.items()})
    gpu["unavailable"] = unavailable
    return gpu


def _identity_queries(nvml: NvmlModule, handle: Any) -> dict[str, Query]:
    return {
        "name": lambda: as_text(nvml.nvmlDeviceGetName(handle)),
        "uuid": lambda: as_text(nvml.nvmlDeviceGetUUID(handle)),
        "pci_bus_id": lambda: as_text(nvml.nvmlDeviceGetPciInfo(handle).busId),
    }


def _power_and_memory_queries(nvml: NvmlModule, handle: Any) -> dict[str, Query]:
    """Power limits in W (NVML reports mW): the enforced one and the board's default."""
    return {
        "power_limit_w": lambda: nvml.nvmlDeviceGetEnforcedPowerLimit(handle) / 1000,
        "power_limit_default_w": lambda: (
            nvml.nvmlDeviceGetPowerManagementDefaultLimit(handle) / 1000
        ),
        "memory_total_bytes": lambda: int(nvml.nvmlDeviceGetMemoryInfo(handle).total),
    }


def _clock_queries(nvml: NvmlModule, handle: Any) -> dict[str, Query]:
    """Current, maximum and application clocks (MHz) of the SMs and the memory. Functions are
    looked up when queried: pynvml marks ``nvmlDeviceGetApplicationsClock`` for removal."""
    kinds = {"sm": "NVML_CLOCK_SM", "memory": "NVML_CLOCK_MEM"}
    functions = {
        "{}_clock_mhz": "nvmlDeviceGetClockInfo",
        "max_{}_clock_mhz": "nvmlDeviceGetMaxClockInfo",
        "application_{}_clock_mhz": "nvmlDeviceGetApplicationsClock",
    }
    return {
        key.format(kind): _clock_query(nvml, function, handle, clock)
        for key, function in functions.items()
        for kind, clock in kinds.items()
    }


def _clock_query(nvml: NvmlModule, function: str, handle: Any, clock: str) -> Query:
    return lambda: int(getattr(nvml, function)(handle, getattr(nvml, clock)))


def _state_queries(nvml: NvmlModule, handle: Any) -> dict[str, Query]:
    return {
        "temperature_c": lambda: float(
            nvml.nvmlDeviceGetTemperature(handle, nvml.NVML_TEMPERATURE_GPU)
        ),
        "persistence_mode": lambda: nvml.nvmlDeviceGetPersistenceMode(handle) == _ENABLED,
        "mig_mode": lambda: nvml.nvmlDeviceGetMigMode(handle)[0] == _ENABLED,
        "compute_mode": lambda: _compute_mode_name(nvml.nvmlDeviceGetComputeMode(handle)),
        "processes": lambda: _processes(nvml.nvmlDeviceGetComputeRunningProcesses(handle)),
    }


def _compute_mode_name(mode: int) -> str:
    return _COMPUTE_MODES.get(mode, f"unknown ({mode})")


def _processes(processes: list[Any]) -> list[dict[str, Any]]:
    """The compute processes on the GPU; ``used_memory_mb`` is ``None`` where NVML cannot tell
    (pynvml gives ``usedGpuMemory=None``, e.g. under Windows WDDM or without permission)."""
    return [
        {"pid": int(process.pid), "used_memory_mb": _megabytes(process.usedGpuMemory)}
        for process in processes
    ]


def _megabytes(size_bytes: int | None) -> float | None:
    return None if size_bytes is None else size_bytes / 2**20


def _query(nvml: NvmlModule, key: str, unavailable: dict[str, str], read: Callable[[], Any]) -> Any:
    """``read()``, or ``None`` with the reason recorded under ``unavailable[key]``. A function
    missing from an older or newer pynvml binding is unavailable too: a snapshot never raises."""
    try:
        return read()
    except nvml.NVMLError as error:
        unavailable[key] = describe_error(nvml, error)
    except AttributeError as error:
        unavailable[key] = f"not in this pynvml binding ({error})"
    return None


def _cuda_version(encoded: int) -> str:
    """NVML encodes CUDA 12.4 as 12040."""
    return f"{encoded // 1000}.{encoded % 1000 // 10}"
