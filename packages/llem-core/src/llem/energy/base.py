"""The energy-sampler interface. A sampler measures one window: ``start()`` then ``stop()``.

A figure that could not be measured is ``None`` with a reason, never 0.
"""

from __future__ import annotations

from typing import Protocol

import attrs


@attrs.frozen
class MeasurementTarget:
    """What the experiment runs on, so a sampler can say whether it can measure it.
    ``device_kind`` is ``cpu`` or ``cuda``; ``gpu_indices`` are CUDA ordinals as the process sees
    them (after CUDA_VISIBLE_DEVICES)."""

    device_kind: str
    gpu_indices: tuple[int, ...] = ()


@attrs.frozen
class Availability:
    ok: bool
    reason: str | None = None


@attrs.frozen
class DomainEnergy:
    """Energy of one device or domain (``gpu``, ``package``, ``dram``)."""

    device: str
    domain: str
    joules: float | None
    reason: str | None = None


@attrs.frozen
class EnergyMeasurement:
    """The energy of one window. ``total_j`` is the sum over ``domains`` when every domain was
    measured, else ``None`` with ``reason``. ``boundary`` says in words what the figure covers."""

    sampler: str
    method: str
    total_j: float | None
    reason: str | None
    boundary: str
    domains: tuple[DomainEnergy, ...] = ()
    window_s: float | None = None


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


def unmeasured(reason: str, *, sampler: str = "none") -> EnergyMeasurement:
    """The measurement to report when no sampler could measure: null energy with the reason."""
    return EnergyMeasurement(
        sampler=sampler, method="none", total_j=None, reason=reason, boundary="nothing measured"
    )
