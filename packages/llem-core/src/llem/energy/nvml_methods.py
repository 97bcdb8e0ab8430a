"""Which way each GPU's energy is measured: its energy counter, else the integral of its power."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from llem.energy.nvml_counter import COUNTER_METHOD, has_counter, no_counter_reason
from llem.energy.nvml_devices import ResolvedGpu
from llem.energy.nvml_power import POWER_INTEGRATION_METHOD, power_problem
from llem.energy.nvml_support import NvmlModule, describe_error


class NoEnergyMethodError(Exception):
    """A GPU has neither a readable energy counter nor a readable power; the message says why."""


def energy_method(nvml: NvmlModule, gpu: ResolvedGpu) -> str:
    """The counter when the GPU has one; power integration when it has none but reports power."""
    try:
        if has_counter(nvml, gpu):
            return COUNTER_METHOD
    except nvml.NVMLError as error:
        raise NoEnergyMethodError(
            f"cannot read the energy counter of gpu:{gpu.cuda_index}: {describe_error(nvml, error)}"
        ) from error
    problem = power_problem(nvml, gpu)
    if problem is not None:
        raise NoEnergyMethodError(f"{no_counter_reason(gpu)}, and {problem}")
    return POWER_INTEGRATION_METHOD


def measurement_method(gpus: Sequence[ResolvedGpu], methods: Mapping[int, str]) -> str:
    """The one method all GPUs share, or ``mixed: gpu:0 <method>, gpu:1 <method>``."""
    distinct = {methods[gpu.cuda_index] for gpu in gpus}
    if len(distinct) == 1:
        return distinct.pop()
    return "mixed: " + ", ".join(f"gpu:{gpu.cuda_index} {methods[gpu.cuda_index]}" for gpu in gpus)
