"""Registers the ``nvml+reference`` sampler; only the validation driver loads this plugin."""

from __future__ import annotations

from llem import hookimpl
from llem.records import EnergySamplerSpec


@hookimpl
def llem_register_energy_samplers() -> list[EnergySamplerSpec]:
    return [
        EnergySamplerSpec(
            name="nvml+reference",
            factory="llem.validation.reference:ReferencedSampler",
            description="llem's NVML sampler with an independent reader in the same window",
        )
    ]
