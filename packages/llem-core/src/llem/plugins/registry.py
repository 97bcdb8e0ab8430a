"""What the loaded plugins registered, by name, with who registered it."""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from llem.records import DatasetSpec, EnergySamplerSpec, EngineSpec, MinerSpec, RunnerSpec

SpecT = TypeVar("SpecT")


@attrs.frozen
class Registered(Generic[SpecT]):
    """A record and the plugin (and distribution) that registered it."""

    spec: SpecT
    plugin: str
    distribution: str | None = None


@attrs.frozen
class Registry:
    """Every engine, energy sampler, runner and dataset the loaded plugins registered.

    Built by :func:`llem.plugins.host.build_registry`; ``conflicts`` lists names registered twice
    (each message names both distributions). Commands that need a conflicting kind refuse to run.
    """

    engines: dict[str, Registered[EngineSpec]] = attrs.field(factory=dict)
    energy_samplers: dict[str, Registered[EnergySamplerSpec]] = attrs.field(factory=dict)
    runners: dict[str, Registered[RunnerSpec]] = attrs.field(factory=dict)
    datasets: dict[str, Registered[DatasetSpec]] = attrs.field(factory=dict)
    miners: dict[str, Registered[MinerSpec]] = attrs.field(factory=dict)
    conflicts: tuple[str, ...] = ()
    failed_plugins: tuple[str, ...] = ()
    """``"name (distribution): error"`` of each plugin that failed to load, for error messages."""

    def engine(self, name: str) -> EngineSpec:
        return self.engines[name].spec

    def sampler(self, name: str) -> EnergySamplerSpec:
        return self.energy_samplers[name].spec
