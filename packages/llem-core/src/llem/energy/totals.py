"""Turn per-domain energies into one window's measurement (shared by the built-in samplers)."""

from __future__ import annotations

from collections.abc import Sequence

from llem.energy.base import DomainEnergy, EnergyMeasurement


def measurement_from_domains(
    *, sampler: str, method: str, boundary: str, domains: Sequence[DomainEnergy], window_s: float
) -> EnergyMeasurement:
    """``total_j`` is the sum of the domains when every one was measured; otherwise ``None`` with
    a reason naming each domain that was not (a partial sum would understate the boundary)."""
    missing = [domain for domain in domains if domain.joules is None]
    if missing:
        reasons = "; ".join(
            f"{domain.device} {domain.domain}: {domain.reason}" for domain in missing
        )
        total_j, reason = None, f"not every domain was measured ({reasons})"
    elif not domains:
        total_j, reason = None, "no device or domain to measure"
    else:
        total_j, reason = (
            sum(domain.joules for domain in domains if domain.joules is not None),
            None,
        )
    return EnergyMeasurement(
        sampler=sampler, method=method, total_j=total_j, reason=reason, boundary=boundary,
        domains=tuple(domains), window_s=window_s,
    )  # fmt: skip
