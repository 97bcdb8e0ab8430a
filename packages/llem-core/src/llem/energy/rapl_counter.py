"""RAPL counter arithmetic: wraparound and a zone's running total over a window."""

from __future__ import annotations

import attrs

from llem.energy.base import DomainEnergy
from llem.energy.rapl_zones import RaplZone


def wrapped_delta(start_uj: int, end_uj: int, max_range_uj: int) -> int:
    """Microjoules between two reads of a counter that wraps after ``max_range_uj``."""
    return end_uj - start_uj if end_uj >= start_uj else end_uj + max_range_uj - start_uj


@attrs.define
class ZoneCounter:
    """Running total of one zone over the window; ``error`` once a read failed."""

    zone: RaplZone
    last_uj: int
    total_uj: int = 0
    error: str | None = None

    def advance(self, reading_uj: int) -> None:
        self.total_uj += wrapped_delta(self.last_uj, reading_uj, self.zone.max_range_uj)
        self.last_uj = reading_uj

    def energy(self) -> DomainEnergy:
        if self.error is not None:
            return DomainEnergy(self.zone.device, self.zone.domain, None, self.error)
        return DomainEnergy(self.zone.device, self.zone.domain, self.total_uj / 1e6)
