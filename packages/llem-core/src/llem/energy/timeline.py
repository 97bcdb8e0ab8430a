"""A background timeline of samples, and the energy its power samples integrate to.

Shared by the samplers that record a timeline (NVML, RAPL): :class:`TimelineRecorder` calls a
read function every ``interval_s`` on a daemon thread until stopped; :func:`integrate_power`
turns one device's power samples into joules with the trapezoidal rule.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from llem.energy.base import Timeline, TimelineSample

ReadSamples = Callable[[float], Sequence[TimelineSample]]
"""Given the seconds since the window opened, read one sample per device."""


class TimelineRecorder:
    """Samples ``read`` at ``interval_s`` from ``start()`` until ``stop()``.

    A failing read ends the recording and is kept as :attr:`failure` (the energy figure does not
    depend on the timeline, so the window goes on)."""

    def __init__(
        self,
        read: ReadSamples,
        interval_s: float,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._read = read
        self._interval_s = interval_s
        self._clock = clock
        self._samples: list[TimelineSample] = []
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._started_at = 0.0
        self.failure: str | None = None

    def start(self, started_at: float) -> None:
        """Begin sampling; ``started_at`` (on ``clock``) is the window's t = 0."""
        self._samples, self.failure, self._started_at = [], None, started_at
        self._stopping.clear()
        self._sample_once()
        self._thread = threading.Thread(target=self._loop, name="llem-timeline", daemon=True)
        self._thread.start()

    def stop(self) -> Timeline:
        """Stop sampling, take a last sample at the window's end, return the timeline."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._sample_once()
        return Timeline(self._interval_s, tuple(self._samples))

    def _loop(self) -> None:
        while not self._stopping.wait(self._interval_s):
            self._sample_once()

    def _sample_once(self) -> None:
        if self.failure is not None:
            return
        try:
            self._samples.extend(self._read(self._clock() - self._started_at))
        except Exception as error:  # a timeline read must never break the measured window
            self.failure = f"timeline sampling stopped: {type(error).__name__}: {error}"


def integrate_power(samples: Iterable[TimelineSample]) -> float | None:
    """Joules from one device's power samples (trapezoidal rule over ``t_s``).

    ``None`` when fewer than two samples carry a power reading: one point spans no time."""
    points = sorted((s.t_s, s.power_w) for s in samples if s.power_w is not None)
    if len(points) < 2:
        return None
    return sum((t1 - t0) * (p0 + p1) / 2 for (t0, p0), (t1, p1) in pairwise(points))


def samples_of(timeline: Timeline, device: str, domain: str) -> list[TimelineSample]:
    """The samples of one device and domain, in time order."""
    return [s for s in timeline.samples if s.device == device and s.domain == domain]
