"""One NVML window on a fake clock, shared by the NVML sampler tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from llem.energy.base import EnergyMeasurement, MeasurementTarget
from llem.energy.nvml import NvmlSampler
from llem.testing.fake_nvml import FakeClock, FakeNvml


def measure_window(
    nvml: FakeNvml,
    clock: FakeClock,
    target: MeasurementTarget,
    seconds: float = 2.5,
    env: Mapping[str, str] | None = None,
    during: Callable[[], None] | None = None,
) -> tuple[NvmlSampler, EnergyMeasurement]:
    """Probe, open a window at the clock's time, run ``during``, close it ``seconds`` later."""
    sampler = NvmlSampler(nvml=nvml, env=env or {}, clock=clock)
    availability = sampler.probe(target)
    assert availability.ok, availability.reason
    sampler.start()
    if during is not None:
        during()
    clock.now += seconds
    return sampler, sampler.stop()
