"""Energy of a GPU without NVML's energy counter (pre-Volta): the integral of its sampled power.

``nvmlDeviceGetPowerUsage`` is sampled through the window (at the timeline interval, or every
:data:`DEFAULT_POWER_INTERVAL_S` when no timeline is recorded) and integrated with the trapezoidal
rule. Known limit: on many boards the reading is not instantaneous but a moving average over
about a second (A100/H100: averaged over 1 s, updated every 100 ms or so), so the integral is
smoothed and lags the load by up to a second. Short windows and bursty loads are misestimated;
prefer a counter GPU when the figure matters, and treat this one as an estimate.
"""

from __future__ import annotations

from llem.energy.base import DomainEnergy, Timeline
from llem.energy.nvml_devices import ResolvedGpu
from llem.energy.nvml_support import NvmlModule, describe_error
from llem.energy.timeline import integrate_power, samples_of

POWER_INTEGRATION_METHOD = "nvml-power-integration"
DEFAULT_POWER_INTERVAL_S = 0.1


def power_problem(nvml: NvmlModule, gpu: ResolvedGpu) -> str | None:
    """Why the GPU's power cannot be read, or ``None`` when it can."""
    try:
        nvml.nvmlDeviceGetPowerUsage(gpu.handle)
    except nvml.NVMLError as error:
        return f"its power reading (nvmlDeviceGetPowerUsage) failed: {describe_error(nvml, error)}"
    return None


def power_energy(gpu: ResolvedGpu, timeline: Timeline | None, failure: str | None) -> DomainEnergy:
    """The integral of the GPU's power samples, or ``None`` with the reason. Samples that stop
    early cover part of the window only, so a failed recording gives no figure."""
    if failure is not None:
        return _unmeasured(gpu, f"power sampling stopped before the window closed ({failure})")
    joules = integrate_power(samples_of(timeline, gpu.label, "gpu") if timeline else [])
    if joules is None:
        return _unmeasured(gpu, "fewer than two power samples in the window")
    return DomainEnergy(gpu.label, "gpu", joules, method=POWER_INTEGRATION_METHOD)


def _unmeasured(gpu: ResolvedGpu, reason: str) -> DomainEnergy:
    return DomainEnergy(gpu.label, "gpu", None, reason, method=POWER_INTEGRATION_METHOD)
