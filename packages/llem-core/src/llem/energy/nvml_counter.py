"""Reading NVML's total-energy counter and turning two reads into a GPU's window energy."""

from __future__ import annotations

import attrs

from llem.energy.base import DomainEnergy
from llem.energy.nvml_devices import ResolvedGpu
from llem.energy.nvml_support import NvmlModule, describe_error, is_error


@attrs.frozen
class CounterRead:
    """One reading of a GPU's energy counter, or why it failed."""

    millijoules: int | None
    error: str | None = None


def counter_problem(nvml: NvmlModule, gpu: ResolvedGpu) -> str | None:
    """Why the GPU's energy counter cannot be read, or ``None`` when it can."""
    try:
        nvml.nvmlDeviceGetTotalEnergyConsumption(gpu.handle)
    except nvml.NVMLError as error:
        if is_error(nvml, error, "NVMLError_NotSupported") or is_error(
            nvml, error, "NVMLError_FunctionNotFound"
        ):
            return (
                f"gpu:{gpu.cuda_index} ({gpu.name}) has no total-energy counter "
                "(nvmlDeviceGetTotalEnergyConsumption needs a Volta or newer GPU)"
            )
        return (
            f"cannot read the energy counter of gpu:{gpu.cuda_index}: {describe_error(nvml, error)}"
        )
    return None


def read_counter(nvml: NvmlModule, gpu: ResolvedGpu) -> CounterRead:
    try:
        return CounterRead(int(nvml.nvmlDeviceGetTotalEnergyConsumption(gpu.handle)))
    except nvml.NVMLError as error:
        return CounterRead(None, describe_error(nvml, error))


def gpu_energy(gpu: ResolvedGpu, start: CounterRead, end: CounterRead) -> DomainEnergy:
    """The board energy of one GPU over the window, or ``None`` with the reason."""
    if start.millijoules is None or end.millijoules is None:
        edge, read = ("start", start) if start.millijoules is None else ("end", end)
        return DomainEnergy(
            gpu.label, "gpu", None, f"counter read failed at the {edge}: {read.error}"
        )
    if end.millijoules < start.millijoules:
        return DomainEnergy(
            gpu.label, "gpu", None,
            f"energy counter went backwards ({start.millijoules} mJ -> {end.millijoules} mJ): "
            "it was reset during the window (driver reload or GPU reset?)",
        )  # fmt: skip
    return DomainEnergy(gpu.label, "gpu", (end.millijoules - start.millijoules) / 1000.0)


def boundary(gpus: list[ResolvedGpu]) -> str:
    devices = ", ".join(f"gpu:{gpu.cuda_index} ({gpu.name})" for gpu in gpus)
    return f"GPU board energy of {devices}; all processes on those boards"
