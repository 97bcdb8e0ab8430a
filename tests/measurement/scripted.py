"""Scripted implementations of llem's plugin interfaces, for the harness tests.

Real (small) implementations rather than mocks: a fake clock and a ``sleep`` that advances it, an
``EnergySampler`` that returns scripted joules per window (and, as a subclass, a
``TemperatureSource`` with scripted reads), and an ``EngineRunner`` whose ``generate`` advances the
clock by scripted latencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from llem.energy.base import (
    Availability,
    DomainEnergy,
    EnergyMeasurement,
    MeasurementTarget,
)
from llem.engine_api import MemoryStats, ModelInfo, ProgressCallback, Prompt, RequestOutput

GPU0 = ("gpu:0 GPU-aaaa1111-0000-0000-0000-000000000000", "gpu")
GPU1 = ("gpu:1 GPU-bbbb2222-0000-0000-0000-000000000000", "gpu")
CPU = ("cpu:0", "package")

Domain = tuple[str, str]
Joules = Mapping[Domain, float | None]
"""One window's energy by (device, domain); ``None``: that domain could not be read."""


class FakeClock:
    """A clock that only moves when told to; starts at an epoch-like time."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, f"time cannot go back ({seconds})"
        self.now += seconds


class RecordingSleep:
    """``sleep`` that records each call and advances ``clock`` instead of waiting."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.clock.advance(seconds)


def energy_window(joules: Joules, window_s: float | None, sampler: str = "scripted"):
    """An ``EnergyMeasurement`` as a sampler reports it: total only when every domain was read."""
    domains = tuple(
        DomainEnergy(device, domain, j, reason=None if j is not None else "counter unreadable")
        for (device, domain), j in joules.items()
    )
    readable = bool(domains) and all(d.joules is not None for d in domains)
    total = sum(d.joules or 0.0 for d in domains) if readable else None
    return EnergyMeasurement(
        sampler=sampler,
        method="counter",
        total_j=total,
        reason=None if readable else "a domain could not be read",
        boundary="scripted devices",
        domains=domains,
        window_s=window_s,
    )


class ScriptedSampler:
    """``EnergySampler`` returning the scripted ``windows`` in turn, one per ``start``/``stop``.

    With a ``clock``, ``window_s`` is the clock time between ``start`` and ``stop``; without one
    it is ``None``. Opening more windows than scripted fails the test."""

    name = "scripted"

    def __init__(self, windows: Iterable[Joules], clock: FakeClock | None = None) -> None:
        self._windows = list(windows)
        self._clock = clock
        self._opened_at: float | None = None
        self.starts = 0
        self.stops = 0

    def probe(self, target: MeasurementTarget) -> Availability:
        return Availability(True)

    def start(self) -> None:
        assert self.starts == self.stops, "start() while a window is already open"
        self.starts += 1
        self._opened_at = self._clock() if self._clock else None

    def stop(self) -> EnergyMeasurement:
        assert self.starts == self.stops + 1, "stop() without start()"
        assert self._windows, "the sampler was asked for more windows than were scripted"
        self.stops += 1
        window_s = None
        if self._clock is not None and self._opened_at is not None:
            window_s = self._clock() - self._opened_at
        return energy_window(self._windows.pop(0), window_s)


class ScriptedThermalSampler(ScriptedSampler):
    """A ``ScriptedSampler`` that is also a ``TemperatureSource``: each ``temperatures()`` call
    returns the next scripted read; the last read repeats once the script runs out."""

    def __init__(self, reads: Sequence[dict[str, float]], windows: Iterable[Joules] = ()) -> None:
        super().__init__(windows)
        assert reads, "script at least one temperature read"
        self._reads = list(reads)
        self.reads = 0

    def temperatures(self) -> dict[str, float]:
        read = self._reads[min(self.reads, len(self._reads) - 1)]
        self.reads += 1
        return dict(read)


class ScriptedRunner:
    """``EngineRunner`` whose ``generate`` takes the next scripted latency on ``clock``.

    The last latency repeats once the script runs out. ``batches`` records the prompt indices of
    each ``generate`` call."""

    def __init__(self, clock: FakeClock, latencies: Sequence[float]) -> None:
        assert latencies, "script at least one latency"
        self.clock = clock
        self._latencies = list(latencies)
        self.batches: list[list[int]] = []
        self.synchronized = 0

    @property
    def prompts_run(self) -> int:
        return sum(len(batch) for batch in self.batches)

    def load(self) -> ModelInfo:
        return ModelInfo("scripted", 1, 1, 1, 1, 1, 1, 1, "float32", "cpu")

    def generate(
        self, prompts: Sequence[Prompt], on_progress: ProgressCallback
    ) -> list[RequestOutput]:
        latency = self._latencies[min(len(self.batches), len(self._latencies) - 1)]
        self.batches.append([p.index for p in prompts])
        self.clock.advance(latency)
        on_progress(len(prompts))
        return [RequestOutput(p.index, 4, 2, latency / 2, (latency / 2,), latency) for p in prompts]

    def synchronize(self) -> None:
        self.synchronized += 1

    def reset_peak_memory(self) -> None: ...

    def memory(self) -> MemoryStats:
        return MemoryStats(None, reason="scripted runner")

    def library_versions(self) -> dict[str, str]:
        return {}

    def close(self) -> None: ...


def prompts(count: int) -> list[Prompt]:
    return [Prompt(i, f"prompt {i}") for i in range(count)]
