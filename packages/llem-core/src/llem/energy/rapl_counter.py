"""RAPL counter arithmetic: wraparound, a zone's running total, and the power between two polls.

A RAPL counter gives energy, not power. The timeline's power of a zone is the energy between two
polls (wraparound undone) over the time between them: the *average* power of that interval,
stamped at the interval's end. The first interval's average is also stamped at the window's
start, so the samples span the whole window and their trapezoidal integral equals the counter
figure when power is steady (otherwise it differs by at most half an interval times the change
of power between the first and the last interval).
"""

from __future__ import annotations

import attrs

from llem.energy.base import DomainEnergy, TimelineSample
from llem.energy.rapl_zones import RaplZone, ReadText


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

    def advance(self, reading_uj: int) -> int:
        """Add the energy since the last reading; return it (µJ)."""
        delta_uj = wrapped_delta(self.last_uj, reading_uj, self.zone.max_range_uj)
        self.total_uj += delta_uj
        self.last_uj = reading_uj
        return delta_uj

    def energy(self) -> DomainEnergy:
        if self.error is not None:
            return DomainEnergy(self.zone.device, self.zone.domain, None, self.error)
        return DomainEnergy(self.zone.device, self.zone.domain, self.total_uj / 1e6)


def open_counter(zone: RaplZone, read: ReadText) -> ZoneCounter:
    """A zone's counter at the window start (with ``error`` set when it cannot be read)."""
    path = zone.path / "energy_uj"
    try:
        return ZoneCounter(zone, int(read(path)))
    except (OSError, ValueError) as error:
        return ZoneCounter(zone, 0, error=f"reading {path} failed at the window start: {error}")


def read_delta(counter: ZoneCounter, read: ReadText) -> int | None:
    """Read the zone again and advance its counter; ``None`` once the zone has failed."""
    if counter.error is not None:
        return None
    path = counter.zone.path / "energy_uj"
    try:
        return counter.advance(int(read(path)))
    except (OSError, ValueError) as error:
        counter.error = f"reading {path} failed mid-window: {error}"
        return None


@attrs.define
class WindowCounters:
    """Every zone's counter over one window, polled together at ``t_s`` (s since the start)."""

    counters: list[ZoneCounter]
    last_poll_s: float
    sampled: bool = False

    @classmethod
    def open(cls, zones: list[RaplZone], read: ReadText, t_s: float) -> WindowCounters:
        return cls([open_counter(zone, read) for zone in zones], t_s)

    def poll(self, t_s: float, read: ReadText) -> list[TimelineSample]:
        """Advance every counter; return each zone's average power since the previous poll
        (none when no time has passed, as a repeated read at the same instant)."""
        deltas = [(counter, read_delta(counter, read)) for counter in self.counters]
        interval_s, previous_s = t_s - self.last_poll_s, self.last_poll_s
        self.last_poll_s = t_s
        if interval_s <= 0:
            return []
        times = (t_s,) if self.sampled else (previous_s, t_s)
        self.sampled = True
        return [
            TimelineSample(t, counter.zone.device, counter.zone.domain, delta / 1e6 / interval_s)
            for t in times
            for counter, delta in deltas
            if delta is not None
        ]

    def fail(self, reason: str) -> None:
        """Mark every zone not yet failed as unmeasured (the polling stopped early)."""
        for counter in self.counters:
            counter.error = counter.error or reason

    def energies(self) -> list[DomainEnergy]:
        return [counter.energy() for counter in self.counters]
