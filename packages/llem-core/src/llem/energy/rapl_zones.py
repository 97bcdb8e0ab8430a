"""Find the RAPL zones of this host in powercap sysfs.

Layout (Linux ``intel_rapl`` driver, also used for AMD Zen)::

    /sys/class/powercap/intel-rapl:0/{name,energy_uj,max_energy_range_uj}   name = package-0
    /sys/class/powercap/intel-rapl:0:2/...                                   name = dram
    /sys/class/powercap/intel-rapl-mmio:0/...                                name = package-0

We keep packages and DRAM. ``core``/``uncore`` are parts of a package and ``psys`` is the whole
platform (it contains the packages), so adding any of them would count energy twice.
``intel-rapl-mmio`` zones are a second interface to the same package counters: used only when the
MSR interface does not expose that package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import attrs

ReadText = Callable[[Path], str]

_ZONE_DIR = re.compile(r"^(?P<kind>intel-rapl|amd-rapl|intel-rapl-mmio):(?P<zone>\d+)(?::\d+)?$")
_KIND_PREFERENCE = {"intel-rapl": 0, "amd-rapl": 1, "intel-rapl-mmio": 2}


@attrs.frozen
class RaplZone:
    path: Path
    device: str  # the package the zone belongs to, e.g. "package-0"
    domain: str  # "package" or "dram"
    max_range_uj: int

    @property
    def label(self) -> str:
        return self.device if self.domain == "package" else f"{self.device} {self.domain}"


def read_text(path: Path) -> str:
    return path.read_text().strip()


def discover_zones(root: Path, read: ReadText = read_text) -> list[RaplZone]:
    """Package and DRAM zones under ``root``, MSR interface first, without duplicates."""
    zones: list[RaplZone] = []
    for path in sorted(root.iterdir(), key=_sort_key):
        zone = _zone_at(path, root, read)
        if zone is not None and not any(_same_counter(zone, kept) for kept in zones):
            zones.append(zone)
    return zones


def _zone_at(path: Path, root: Path, read: ReadText) -> RaplZone | None:
    match = _ZONE_DIR.match(path.name)
    if match is None:
        return None
    name = read(path / "name")
    if name.startswith("package"):
        domain, device = "package", name
    elif name == "dram":
        parent = root / f"{match['kind']}:{match['zone']}"
        device = read(parent / "name") if parent != path else name
        domain = "dram"
    else:
        return None
    return RaplZone(path, device, domain, int(read(path / "max_energy_range_uj")))


def _same_counter(zone: RaplZone, other: RaplZone) -> bool:
    return (zone.device, zone.domain) == (other.device, other.domain)


def _sort_key(path: Path) -> tuple[int, list[int], str]:
    match = _ZONE_DIR.match(path.name)
    if match is None:
        return (99, [], path.name)
    numbers = [int(part) for part in path.name.split(":")[1:]]
    return (_KIND_PREFERENCE[match["kind"]], numbers, path.name)
