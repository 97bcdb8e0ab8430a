"""The energy-sampler interface. A sampler measures one window: ``start()`` then ``stop()``.

The harness opens several windows with one sampler: the idle baseline, its spot checks and the
measured window, so ``start()``/``stop()`` must work more than once. A figure that could not be
measured is ``None`` with a reason, never 0.

Two optional capabilities, checked with ``isinstance`` (the protocols are runtime-checkable):

* :class:`TimelineSource`: the sampler also records a timeline of power and device state during
  its last window (written to ``timeseries.parquet``);
* :class:`TemperatureSource`: the sampler can read device temperatures now (the thermal floor
  waits on them);
* :class:`DeviceInventory`: the sampler describes the devices it measures for
  ``environment.json`` (through the same NVML module it measures with).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import attrs


@attrs.frozen
class MeasurementTarget:
    """What the experiment runs on, so a sampler can say whether it can measure it.
    ``device_kind`` is ``cpu`` or ``cuda``; ``gpu_indices`` are CUDA ordinals as the process sees
    them (after CUDA_VISIBLE_DEVICES). ``timeline_interval_s``: how often a sampler that records a
    timeline samples (``None``: record none). ``options``: the sampler's own settings from
    ``measurement.energy.options.<sampler name>``."""

    device_kind: str
    gpu_indices: tuple[int, ...] = ()
    timeline_interval_s: float | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen
class Availability:
    ok: bool
    reason: str | None = None


@attrs.frozen
class DomainEnergy:
    """Energy of one device or domain (``gpu``, ``package``, ``dram``).

    ``method`` says how ``joules`` was obtained when samplers mix methods (a GPU without an energy
    counter falls back to integrating sampled power). ``timeline_j`` is the integral of this
    domain's sampled power over the window, reported beside the counter as a cross-check."""

    device: str
    domain: str
    joules: float | None
    reason: str | None = None
    method: str | None = None
    timeline_j: float | None = None


@attrs.frozen
class Emissions:
    """CO2-equivalent emissions of a window and where the grid's carbon intensity came from."""

    kg_co2eq: float | None
    intensity_g_per_kwh: float | None
    source: str
    reason: str | None = None


@attrs.frozen
class EnergyMeasurement:
    """The energy of one window. ``total_j`` is the sum over ``domains`` when every domain was
    measured, else ``None`` with ``reason``. ``boundary`` says in words what the figure covers.
    ``timeline_j``: the integral of the sampled power timeline over all domains (``None`` with
    ``timeline_reason`` when there is no timeline)."""

    sampler: str
    method: str
    total_j: float | None
    reason: str | None
    boundary: str
    domains: tuple[DomainEnergy, ...] = ()
    window_s: float | None = None
    timeline_j: float | None = None
    timeline_reason: str | None = None
    emissions: Emissions | None = None


@attrs.frozen
class TimelineSample:
    """One sample of one device or domain. Fields a sampler cannot read are ``None``.

    ``t_s`` counts from the window's start. ``throttle_reasons`` is NVML's clock-event bitmask
    (``nvmlDeviceGetCurrentClocksEventReasons``); ``0`` means none."""

    t_s: float
    device: str
    domain: str
    power_w: float | None
    temperature_c: float | None = None
    sm_clock_mhz: int | None = None
    memory_clock_mhz: int | None = None
    gpu_utilization_pct: int | None = None
    memory_utilization_pct: int | None = None
    memory_used_mb: float | None = None
    throttle_reasons: int | None = None


@attrs.frozen
class Timeline:
    """Samples of the last window, in time order, at ``interval_s`` (the asked-for interval)."""

    interval_s: float
    samples: tuple[TimelineSample, ...]


class EnergySampler(Protocol):
    name: str

    def probe(self, target: MeasurementTarget) -> Availability:
        """Say whether this sampler can measure ``target`` here, without side effects."""
        ...

    def start(self) -> None:
        """Open the window (read counters)."""
        ...

    def stop(self) -> EnergyMeasurement:
        """Close the window and return its energy."""
        ...


@runtime_checkable
class TimelineSource(Protocol):
    def timeline(self) -> Timeline | None:
        """The samples recorded during the last window (``None``: none were recorded)."""
        ...


@runtime_checkable
class TemperatureSource(Protocol):
    def temperatures(self) -> dict[str, float]:
        """The current temperature (°C) of each device the sampler measures, by device label."""
        ...


@runtime_checkable
class DeviceInventory(Protocol):
    def describe_devices(self) -> dict[str, Any]:
        """The GPU section of ``environment.json`` (``gpus``, ``gpu_driver``, ...; see
        :func:`llem.energy.nvml_inventory.gpu_snapshot`), read through the sampler's own access
        to the hardware, so the snapshot and the energy figure see the same devices."""
        ...


@runtime_checkable
class DeviceIdentity(Protocol):
    def device_ids(self, target: MeasurementTarget) -> tuple[str, ...] | None:
        """Stable identities of the devices this sampler measures for ``target`` (GPU UUIDs),
        the same inside a container as on its host; ``None`` when they cannot be read. Keys the
        cache of idle baselines."""
        ...


def unmeasured(reason: str, *, sampler: str = "none") -> EnergyMeasurement:
    """The measurement to report when no sampler could measure: null energy with the reason."""
    return EnergyMeasurement(
        sampler=sampler, method="none", total_j=None, reason=reason, boundary="nothing measured"
    )
