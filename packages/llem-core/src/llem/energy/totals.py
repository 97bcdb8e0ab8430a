"""Turn per-domain energies into one window's measurement (shared by the built-in samplers)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from llem.energy.base import DomainEnergy, EnergyMeasurement, Timeline
from llem.energy.timeline import integrate_power, samples_of


def measurement_from_domains(
    *,
    sampler: str,
    method: str,
    boundary: str,
    domains: Sequence[DomainEnergy],
    window_s: float,
    timeline: Timeline | None = None,
    timeline_reason: str | None = None,
) -> EnergyMeasurement:
    """``total_j`` is the sum of the domains when every one was measured; otherwise ``None`` with
    a reason naming each domain that was not (a partial sum would understate the boundary).

    With a ``timeline``, each domain's ``timeline_j`` is the integral of its power samples (matched
    by device label and domain) and ``timeline_j`` their sum; without one, ``timeline_reason``
    says why there is none."""
    if timeline is not None:
        domains = [_with_timeline_energy(domain, timeline) for domain in domains]
    total_j, reason = _total(domains)
    timeline_j, timeline_reason = _timeline_total(domains, timeline, timeline_reason)
    return EnergyMeasurement(
        sampler=sampler, method=method, total_j=total_j, reason=reason, boundary=boundary,
        domains=tuple(domains), window_s=window_s, timeline_j=timeline_j,
        timeline_reason=timeline_reason,
    )  # fmt: skip


def _total(domains: Sequence[DomainEnergy]) -> tuple[float | None, str | None]:
    missing = [domain for domain in domains if domain.joules is None]
    if missing:
        reasons = "; ".join(
            f"{domain.device} {domain.domain}: {domain.reason}" for domain in missing
        )
        return None, f"not every domain was measured ({reasons})"
    if not domains:
        return None, "no device or domain to measure"
    return sum(domain.joules for domain in domains if domain.joules is not None), None


def _with_timeline_energy(domain: DomainEnergy, timeline: Timeline) -> DomainEnergy:
    joules = integrate_power(samples_of(timeline, domain.device, domain.domain))
    return attrs.evolve(domain, timeline_j=joules)


def _timeline_total(
    domains: Sequence[DomainEnergy], timeline: Timeline | None, reason: str | None
) -> tuple[float | None, str | None]:
    if timeline is None:
        return None, reason or "no timeline was recorded"
    values = [domain.timeline_j for domain in domains]
    if not values or any(value is None for value in values):
        return None, "fewer than two power samples for some domain (window too short?)"
    return sum(value for value in values if value is not None), None
