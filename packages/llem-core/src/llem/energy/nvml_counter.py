"""Reading NVML's total-energy counter and turning two reads into a GPU's window energy.

``nvmlDeviceGetTotalEnergyConsumption`` (Volta and newer) is a hardware counter of the board's
energy in millijoules since the driver loaded. Read at the window edges, its difference is the
board's energy over the window, for every process on that board.
"""

from __future__ import annotations

import attrs

from llem.energy.base import DomainEnergy
from llem.energy.nvml_devices import ResolvedGpu
from llem.energy.nvml_support import NvmlModule, describe_error, is_unsupported

COUNTER_METHOD = "nvml-total-energy-counter"


@attrs.frozen
class CounterRead:
    """One reading of a GPU's energy counter, or why it failed."""

    millijoules: int | None
    error: str | None = None


def has_counter(nvml: NvmlModule, gpu: ResolvedGpu) -> bool:
    """Whether the GPU has an energy counter. Any failure other than its absence (a lost GPU, no
    permission) is raised as the NVML error: falling back to power would hide it."""
    try:
        nvml.nvmlDeviceGetTotalEnergyConsumption(gpu.handle)
    except nvml.NVMLError as error:
        if is_unsupported(nvml, error):
            return False
        raise
    return True


def no_counter_reason(gpu: ResolvedGpu) -> str:
    return (
        f"gpu:{gpu.cuda_index} ({gpu.name}) has no total-energy counter "
        "(nvmlDeviceGetTotalEnergyConsumption needs a Volta or newer GPU)"
    )


def read_counter(nvml: NvmlModule, gpu: ResolvedGpu) -> CounterRead:
    try:
        return CounterRead(int(nvml.nvmlDeviceGetTotalEnergyConsumption(gpu.handle)))
    except nvml.NVMLError as error:
        return CounterRead(None, describe_error(nvml, error))


def gpu_energy(gpu: ResolvedGpu, start: CounterRead, end: CounterRead) -> DomainEnergy:
    """The board energy of one GPU over the window, or ``None`` with the reason."""
    if start.millijoules is None or end.millijoules is None:
        edge, read = ("start", start) if start.millijoules is None else ("end", end)
        return _unmeasured(gpu, f"counter read failed at the {edge}: {read.error}")
    if end.millijoules < start.millijoules:
        return _unmeasured(
            gpu,
            f"energy counter went backwards ({start.millijoules} mJ -> {end.millijoules} mJ): "
            "it was reset during the window (driver reload or GPU reset?)",
        )
    joules = (end.millijoules - start.millijoules) / 1000.0
    return DomainEnergy(gpu.label, "gpu", joules, method=COUNTER_METHOD)


def _unmeasured(gpu: ResolvedGpu, reason: str) -> DomainEnergy:
    return DomainEnergy(gpu.label, "gpu", None, reason, method=COUNTER_METHOD)


def boundary(gpus: list[ResolvedGpu]) -> str:
    devices = ", ".join(f"gpu:{gpu.cuda_index} ({gpu.name})" for gpu in gpus)
    return f"GPU board energy of {devices}; all processes on those boards"
