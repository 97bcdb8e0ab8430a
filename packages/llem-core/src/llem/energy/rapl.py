"""Energy of this host's CPU packages and DRAM from RAPL counters in powercap sysfs.

Each zone's ``energy_uj`` counts microjoules and wraps to 0 after ``max_energy_range_uj``
(a few minutes to tens of minutes at full load). A wrap between two reads is undone with
``end + max_energy_range_uj - start``; more than one wrap between two reads cannot be seen. So,
besides the window edges, a background thread reads the counters every ``poll_interval_s``
(default 10 s, far below any wrap period) and adds up the deltas.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from llem.energy.base import Availability, EnergyMeasurement, MeasurementTarget
from llem.energy.rapl_counter import ZoneCounter
from llem.energy.rapl_zones import RaplZone, ReadText, discover_zones, read_text
from llem.energy.totals import measurement_from_domains

METHOD = "rapl-powercap-counter"
DEFAULT_ROOT = Path("/sys/class/powercap")


class RaplSampler:
    """RAPL package + DRAM energy of the whole host (any process), whatever the target device."""

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
        self._counters: list[ZoneCounter] = []
        self._started_at: float | None = None
        self._stop_polling = threading.Event()
        self._poller: threading.Thread | None = None

    def probe(self, target: MeasurementTarget) -> Availability:
        problem = self._zone_problem()
        return Availability(problem is None, problem)

    def start(self) -> None:
        if not self._zones:
            raise RuntimeError("RaplSampler.start() needs a successful probe() first")
        self._counters = [self._open_counter(zone) for zone in self._zones]
        self._started_at = self._clock()
        self._start_polling()

    def stop(self) -> EnergyMeasurement:
        if self._started_at is None:
            raise RuntimeError("RaplSampler.stop() called without start()")
        self._stop_polling.set()
        if self._poller is not None:
            self._poller.join()
        self._poll_once()
        window_s = self._clock() - self._started_at
        self._started_at = None
        return measurement_from_domains(
            sampler=self.name, method=METHOD, boundary=boundary(self._zones),
            domains=[counter.energy() for counter in self._counters], window_s=window_s,
        )  # fmt: skip

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

    def _open_counter(self, zone: RaplZone) -> ZoneCounter:
        path = zone.path / "energy_uj"
        try:
            return ZoneCounter(zone, int(self._read(path)))
        except (OSError, ValueError) as error:
            return ZoneCounter(zone, 0, error=f"reading {path} failed at the window start: {error}")

    def _start_polling(self) -> None:
        self._stop_polling.clear()
        self._poller = None
        if self._poll_interval_s is not None:
            self._poller = threading.Thread(
                target=self._poll_until_stopped, args=(self._poll_interval_s,), daemon=True
            )
            self._poller.start()

    def _poll_until_stopped(self, interval_s: float) -> None:
        while not self._stop_polling.wait(interval_s):
            self._poll_once()

    def _poll_once(self) -> None:
        for counter in self._counters:
            if counter.error is not None:
                continue
            try:
                counter.advance(int(self._read(counter.zone.path / "energy_uj")))
            except (OSError, ValueError) as error:
                counter.error = (
                    f"reading {counter.zone.path / 'energy_uj'} failed mid-window: {error}"
                )


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
