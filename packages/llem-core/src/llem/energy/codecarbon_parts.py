"""Which of CodeCarbon's figures are measured, and the domains llem makes of them.

CodeCarbon mixes measurements and estimates in one total. What it *measures* (checked against
codecarbon 3.3's ``external/hardware.py`` and ``core/resource_tracker.py``):

* CPU in ``intel_rapl`` (Linux RAPL energy counters), ``windows_emi`` (Windows' RAPL interface)
  or ``intel_power_gadget`` (sampled package power) mode;
* GPUs through pynvml (energy counter, else sampled power) or AMD SMI; CodeCarbon counts a GPU
  whose power cannot be read at all as 0 W and only logs it, which llem cannot see;
* Apple silicon CPU and GPU through ``powermetrics``.

What it *estimates*: the CPU in ``cpu_load`` mode (TDP times a load curve) or ``constant`` mode
(half the TDP); RAM always (a power per DIMM, from the installed memory size); a Raspberry Pi's
rails (one PMIC power reading stretched over each interval).

CodeCarbon has no public API saying which it did: the tracker's hardware objects
(``tracker._hardware``) and a CPU's ``_mode`` are read; any layout not listed here counts as an
estimate. Estimated parts are left out of the domains and named in the boundary, so ``total_j``
is the sum of what was measured, with the boundary saying exactly what that covers (a null
domain instead would null ``total_j`` on every machine, because RAM is never measured).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from llem.energy.base import DomainEnergy

JOULES_PER_KWH = 3.6e6
_MEASURED_CPU_MODES = {
    "intel_rapl": "RAPL package counters",
    "windows_emi": "the Windows Energy Meter Interface",
    "intel_power_gadget": "Intel Power Gadget",
}
_ESTIMATED_RAM = "CodeCarbon estimates RAM power from the installed memory size (not measured)"
_ESTIMATED_PI = "CodeCarbon stretches one Raspberry Pi PMIC power reading over each interval"


@attrs.frozen
class Part:
    """One hardware object of CodeCarbon's: the EmissionsData energy it adds to (``cpu``, ``gpu``,
    ``ram``), llem's labels for it, how CodeCarbon reads it, or why it is an estimate."""

    adds_to: str
    device: str
    domain: str
    source: str
    estimate: str | None = None


def parts_of(hardware: Iterable[Any], gpu_device: str | None) -> list[Part]:
    """CodeCarbon's hardware objects as parts. ``gpu_device`` labels the experiment's GPUs;
    ``None`` (a CPU experiment) leaves discrete GPUs out of the boundary."""
    if gpu_device is None:
        return [part_of(item, "") for item in hardware if type(item).__name__ != "GPU"]
    return [part_of(item, gpu_device) for item in hardware]


def part_of(item: Any, gpu_device: str) -> Part:
    kind = type(item).__name__
    chip_part = str(getattr(item, "chip_part", "")).lower()
    if kind == "CPU":
        return cpu_part(str(getattr(item, "_mode", "unknown")))
    if kind == "GPU":
        return Part("gpu", gpu_device, "gpu", "pynvml / AMD SMI")
    if kind == "RAM":
        return Part("ram", "ram", "dram", "", _ESTIMATED_RAM)
    if kind == "AppleSiliconChip":
        return Part(chip_part, "apple-soc", chip_part, "powermetrics")
    if kind == "Raspberry":
        return Part(chip_part, "raspberry-pi", chip_part, "", _ESTIMATED_PI)
    unknown = f"llem does not know how CodeCarbon reads its {kind} hardware"
    return Part(kind.lower(), kind.lower(), "", "", unknown)


def cpu_part(mode: str) -> Part:
    source = _MEASURED_CPU_MODES.get(mode)
    if source is not None:
        return Part("cpu", "cpu-packages", "package", source)
    estimate = (
        f"CodeCarbon estimates CPU power from its TDP ({mode} mode: no readable RAPL, Power Gadget "
        "or Energy Meter Interface) (not measured)"
    )
    return Part("cpu", "cpu-packages", "package", "", estimate)


def measured(parts: Sequence[Part]) -> list[Part]:
    """Measured parts whose EmissionsData energy no estimate adds to."""
    estimated = {part.adds_to for part in parts if part.estimate is not None}
    return [part for part in parts if part.adds_to not in estimated]


def left_out(parts: Sequence[Part]) -> list[str]:
    """Why each part outside :func:`measured` is left out."""
    kept = measured(parts)
    shared = "shares its CodeCarbon figure with an estimate"
    return [part.estimate or f"{part.device} {shared}" for part in parts if part not in kept]


def domains_of(parts: Sequence[Part], data: Any) -> list[DomainEnergy]:
    """One domain per measured EmissionsData energy (``<adds_to>_energy``, kWh)."""
    by_field = {part.adds_to: part for part in measured(parts)}
    return [domain_of(part, getattr(data, f"{field}_energy")) for field, part in by_field.items()]


def domain_of(part: Part, kwh: float) -> DomainEnergy:
    joules = kwh * JOULES_PER_KWH
    return DomainEnergy(part.device, part.domain, joules, method=f"codecarbon: {part.source}")


def boundary(parts: Sequence[Part], version: str) -> str:
    kept = ", ".join(f"{part.device} ({part.source})" for part in measured(parts)) or "nothing"
    outside = "; ".join(left_out(parts)) or "nothing"
    return f"CodeCarbon {version}, whole machine: {kept}. Left out as estimates: {outside}"
