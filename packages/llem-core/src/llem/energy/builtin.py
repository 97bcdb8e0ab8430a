"""llem's own energy samplers, registered through the same hook as any plugin's.

Only import strings here: the samplers' modules load when a sampler is chosen.
"""

from __future__ import annotations

from llem import hookimpl
from llem.records import EnergySamplerSpec


@hookimpl
def llem_register_energy_samplers() -> list[EnergySamplerSpec]:
    return [
        EnergySamplerSpec(
            name="nvml",
            factory="llem.energy.nvml:NvmlSampler",
            description="NVIDIA GPU board energy from NVML's total-energy counter (power "
            "integration on pre-Volta GPUs), with a power/temperature/clock timeline",
            auto_priority=20,
        ),
        EnergySamplerSpec(
            name="zeus",
            factory="llem.energy.zeus:ZeusSampler",
            description="GPU (NVIDIA, AMD), CPU package/DRAM and SoC energy through Zeus "
            "(extra: llem-core[zeus]; auto for GPU experiments: on a CPU, rapl reads the same "
            "counters and records a timeline)",
            auto_priority=15,
            auto_devices=("cuda",),
        ),
        EnergySamplerSpec(
            name="rapl",
            factory="llem.energy.rapl:RaplSampler",
            description="CPU package + DRAM energy of the host from RAPL counters (powercap sysfs)",
            auto_priority=10,
        ),
        EnergySamplerSpec(
            name="codecarbon",
            factory="llem.energy.codecarbon:CodeCarbonSampler",
            description="Measured CPU/GPU energy and its CO2 through CodeCarbon, offline "
            "(extra: llem-core[codecarbon]; by name only)",
            auto_priority=None,
        ),
    ]
