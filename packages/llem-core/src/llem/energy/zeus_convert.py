"""Turn one Zeus window (``zeus.monitor.energy.Measurement``) into llem's per-domain energies.

Zeus reports joules per CUDA GPU index (``gpu_energy``), per RAPL package (``cpu_energy``,
``dram_energy``, keyed by the ``intel-rapl:<n>`` zone number) and, on an SoC, millijoules per
subsystem (``soc_energy``). Labels follow llem's other samplers: ``gpu:<cuda index>`` and
``package-<n>``, so figures line up with the nvml and rapl samplers' domains.

A GPU whose counter did not move reads 0 J in Zeus (the window was shorter than the counter's
update period); no board draws 0 W, so that GPU is reported unmeasured, never as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from llem.energy.base import DomainEnergy, EnergyMeasurement
from llem.energy.totals import measurement_from_domains

METHOD = "zeus-monitor"
GPU_COUNTER = "zeus-gpu-energy-counter"
GPU_POWER_SAMPLES = "zeus-gpu-power-samples"
NO_TIMELINE = "the zeus sampler records no timeline"
ZERO_GPU_ENERGY = (
    "Zeus read no change in the GPU's energy counter: the window was shorter than the counter's "
    "update period"
)

_SOC_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    # Apple's per-core and per-cluster fields are parts of cpu_total_mj; gpu_sram_mj is left out
    # because Zeus does not say whether gpu_mj already contains it.
    "AppleSiliconMeasurement": (
        ("cpu_total_mj", "cpu"),
        ("gpu_mj", "gpu"),
        ("ane_mj", "ane"),
        ("dram_mj", "dram"),
    ),
    "JetsonMeasurement": (("total_energy_mj", "module-input"),),
}
_DOMAIN_WORDS = {
    "gpu": "GPU board",
    "package": "CPU package",
    "dram": "DRAM",
    "cpu": "CPU",
    "ane": "Neural Engine",
    "module-input": "module input rail",
}


def measurement_from_zeus(result: Any, gpu_methods: Mapping[int, str]) -> EnergyMeasurement:
    """The window's measurement; ``gpu_methods`` maps each GPU Zeus was asked to measure to how
    Zeus obtains its energy (a GPU missing from ``result`` is reported unmeasured)."""
    domains = [
        *gpu_domains(result.gpu_energy, gpu_methods),
        *cpu_domains(result.cpu_energy, result.dram_energy),
        *soc_domains(getattr(result, "soc_energy", None)),
    ]
    return measurement_from_domains(
        sampler="zeus", method=METHOD, boundary=boundary(domains), domains=domains,
        window_s=result.time, timeline_reason=NO_TIMELINE,
    )  # fmt: skip


def gpu_domains(energy: Mapping[int, float], methods: Mapping[int, str]) -> list[DomainEnergy]:
    return [gpu_domain(index, energy.get(index), method) for index, method in methods.items()]


def gpu_domain(index: int, joules: float | None, method: str) -> DomainEnergy:
    label = f"gpu:{index}"
    if joules is None:
        return DomainEnergy(label, "gpu", None, "Zeus returned no energy for this GPU", method)
    if joules == 0.0:
        return DomainEnergy(label, "gpu", None, ZERO_GPU_ENERGY, method)
    if joules < 0:
        reason = f"Zeus returned {joules} J: the energy counter was reset during the window"
        return DomainEnergy(label, "gpu", None, reason, method)
    return DomainEnergy(label, "gpu", joules, method=method)


def cpu_domains(
    cpu: Mapping[int, float] | None, dram: Mapping[int, float] | None
) -> list[DomainEnergy]:
    """Each package, followed by its DRAM when Zeus measured it."""
    domains = []
    for index in sorted(cpu or {}):
        domains.append(DomainEnergy(f"package-{index}", "package", (cpu or {})[index]))
        if dram and index in dram:
            domains.append(DomainEnergy(f"package-{index}", "dram", dram[index]))
    return domains


def soc_domains(soc: object | None) -> list[DomainEnergy]:
    """The SoC subsystems that add up without overlap; fields the chip lacks are ``None`` in Zeus
    and left out."""
    if soc is None:
        return []
    parts = _SOC_PARTS.get(type(soc).__name__)
    if parts is None:
        reason = f"llem does not know which fields of Zeus's {type(soc).__name__} overlap"
        return [DomainEnergy("soc", "soc", None, reason)]
    values = [(domain, getattr(soc, field, None)) for field, domain in parts]
    return [DomainEnergy("soc", domain, mj / 1000) for domain, mj in values if mj is not None]


def boundary(domains: Sequence[DomainEnergy]) -> str:
    parts = ", ".join(f"{d.device} {_DOMAIN_WORDS.get(d.domain, d.domain)}" for d in domains)
    return f"Zeus (whole devices, all processes on them): {parts or 'nothing'}"
