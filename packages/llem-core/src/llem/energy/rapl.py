"""Energy of this host's CPU packages and DRAM from RAPL counters in powercap sysfs.

Each zone's ``energy_uj`` counts microjoules and wraps to 0 after ``max_energy_range_uj``
(a few minutes to tens of minutes at full load). A wrap between two reads is undone with
``end + max_energy_range_uj - start``; more than one wrap between two reads cannot be seen. So,
besides the window edges, a background thread reads the counters every ``poll_interval_s``
(default 10 s, far below any wrap period) and adds up the deltas.

When the target asks for a timeline (``MeasurementTarget.timeline_interval_s``), the thread polls
at that interval instead and each poll also records every zone's average power since the previous
poll (see :mod:`llem.energy.rapl_counter`). One sampler opens several windows (baseline, spot
checks, the measured window): every ``start()`` opens fresh counters and a fresh timeline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from llem.energy.base import (
    Availability,
    EnergyMeasurement,
    MeasurementTarget,
    Timeline,
    TimelineSample,
)
from llem.energy.rapl_counter import WindowCounters
from llem.energy.rapl_zones import RaplZone, ReadText, discover_zones, read_text
from llem.energy.timeline import TimelineRecorder
from llem.energy.totals import measurement_from_domains

METHOD = "rapl-powercap-counter"
DEFAULT_ROOT = Path("/sys/class/powercap")
NO_TIMELINE = "no timeline was asked for (measurement timeline interval not set)"


class RaplSampler:
    """RAPL package + DRAM energy of the whole host (any process), whatever the target device.

    ``read`` reads one sysfs file and ``clock`` gives seconds: both injectable so tests can script
    counter values over time. ``poll_interval_s=None`` reads the counters at the window edges only
    (when no timeline is asked for)."""

    name = "rapl"

    def __init__(
        self,
        root: Path = DEFAULT_ROOT,
        read: ReadText = read_text,
        poll_interval_s: float | None = 10.0,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._root = root
        self._read = read
        self._poll_interval_s = poll_interval_s
        self._clock = clock
        self._zones: list[RaplZone] = []
        self._timeline_interval_s: float | None = None
        self._started_at: float | None = None
        self._window: WindowCounters | None = None
        self._recorder: TimelineRecorder | None = None
        self._timeline: Timeline | None = None

    def probe(self, target: MeasurementTarget) -> Availability:
        problem = self._zone_problem()
        self._timeline_interval_s = target.timeline_interval_s
        return Availability(problem is None, problem)

    def start(self) -> None:
        if not self._zones:
            raise RuntimeError("RaplSampler.start() needs a successful probe() first")
        self._window, self._timeline = None, None
        self._started_at = self._clock()
        self._recorder = self._new_recorder()
        if self._recorder is None:
            self._poll(0.0)
        else:
            self._recorder.start(self._started_at)

    def stop(self) -> EnergyMeasurement:
        if self._started_at is None:
            raise RuntimeError("RaplSampler.stop() called without start()")
        timeline, timeline_reason = self._stop_polling(self._started_at)
        window_s = self._clock() - self._started_at
        self._started_at, self._timeline = None, timeline
        domains = self._window.energies() if self._window is not None else []
        return measurement_from_domains(
            sampler=self.name, method=METHOD, boundary=boundary(self._zones), domains=domains,
            window_s=window_s, timeline=timeline, timeline_reason=timeline_reason,
        )  # fmt: skip

    def timeline(self) -> Timeline | None:
        """Each zone's power at every poll of the last window (``None``: none was asked for)."""
        return self._timeline

    def _new_recorder(self) -> TimelineRecorder | None:
        """Polls at the timeline interval, else at the wraparound-safety interval, if any."""
        interval_s = self._timeline_interval_s or self._poll_interval_s
        return None if interval_s is None else TimelineRecorder(self._poll, interval_s, self._clock)

    def _poll(self, t_s: float) -> list[TimelineSample]:
        """The first poll of a window opens the counters; later ones advance them."""
        if self._window is None:
            self._window = WindowCounters.open(self._zones, self._read, t_s)
            return []
        samples = self._window.poll(t_s, self._read)
        return samples if self._timeline_interval_s is not None else []

    def _stop_polling(self, started_at: float) -> tuple[Timeline | None, str | None]:
        """Take the last read; the window's timeline, or why there is none."""
        recorder = self._recorder
        if recorder is None:
            self._poll(self._clock() - started_at)
            return None, NO_TIMELINE
        timeline = recorder.stop()
        if recorder.failure is not None:
            if self._window is not None:
                self._window.fail(recorder.failure)
            return None, recorder.failure
        if self._timeline_interval_s is None:
            return None, NO_TIMELINE
        return timeline, None

    def _zone_problem(self) -> str | None:
        if not self._root.is_dir():
            return f"{self._root} not present: no RAPL on this machine (VM or non-x86 CPU?)"
        try:
            zones = discover_zones(self._root, self._read)
        except (OSError, ValueError) as error:
            return f"cannot read the RAPL zones under {self._root}: {error}"
        if not zones:
            return f"no RAPL package or DRAM zone under {self._root}"
        for zone in zones:
            problem = energy_read_problem(zone.path / "energy_uj", self._read, self._root)
            if problem is not None:
                return problem
        self._zones = zones
        return None


def energy_read_problem(path: Path, read: ReadText, root: Path) -> str | None:
    """Why ``energy_uj`` cannot be read, with the fix when it is the usual permission problem."""
    try:
        int(read(path))
    except PermissionError:
        return (
            f"cannot read {path}: permission denied. Since Linux 5.10 (CVE-2020-8694) energy_uj "
            "is readable by root only: run as root, or "
            f"`sudo chmod o+r {root}/intel-rapl:*/energy_uj` (until the next reboot)"
        )
    except (OSError, ValueError) as error:
        return f"cannot read {path}: {error}"
    return None


def boundary(zones: list[RaplZone]) -> str:
    labels = ", ".join(zone.label for zone in zones)
    if any(zone.domain == "dram" for zone in zones):
        return f"CPU package(s) + DRAM of this host (all processes): {labels}"
    return f"CPU package(s) of this host (all processes; no DRAM zone exposed): {labels}"
