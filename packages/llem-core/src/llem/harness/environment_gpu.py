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
_CLOCK_SM = 1  # NVML_CLOCK_SM


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
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    unavailable: dict[str, str] = {}
    queries: dict[str, Callable[[], Any]] = {
        "name": lambda: as_text(nvml.nvmlDeviceGetName(handle)),
        "uuid": lambda: as_text(nvml.nvmlDeviceGetUUID(handle)),
        "power_limit_w": lambda: nvml.nvmlDeviceGetEnforcedPowerLimit(handle) / 1000,
        "memory_total_bytes": lambda: int(nvml.nvmlDeviceGetMemoryInfo(handle).total),
        "persistence_mode": lambda: nvml.nvmlDeviceGetPersistenceMode(handle) == _ENABLED,
        "mig_mode": lambda: nvml.nvmlDeviceGetMigMode(handle)[0] == _ENABLED,
        "max_sm_clock_mhz": lambda: int(nvml.nvmlDeviceGetMaxClockInfo(handle, _CLOCK_SM)),
    }
    gpu: dict[str, Any] = {"nvml_index": index}
    gpu.update({key: _query(nvml, key, unavailable, read) for key, read in queries.items()})
    gpu["unavailable"] = unavailable
    return gpu


def _query(nvml: NvmlModule, key: str, unavailable: dict[str, str], read: Callable[[], Any]) -> Any:
    """``read()``, or ``None`` with the reason recorded under ``unavailable[key]``."""
    try:
        return read()
    except nvml.NVMLError as error:
        unavailable[key] = describe_error(nvml, error)
        return None


def _cuda_version(encoded: int) -> str:
    """NVML encodes CUDA 12.4 as 12040."""
    return f"{encoded // 1000}.{encoded % 1000 // 10}"
