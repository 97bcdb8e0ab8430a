"""Structure hooks for config values that must name something a plugin registered."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from llem.config.strict import ConfigValueError, StructureHook, require_mapping, structure_str
from llem.config.suggest import did_you_mean
from llem.config.validators import FieldValueError
from llem.plugins.registry import Registry

SAMPLER_KEYWORDS = ("auto", "none")
"""``measurement.energy.sampler`` values that name no sampler: choose one, or measure no energy."""


def unknown_name_message(kind: str, name: str, known: Collection[str]) -> str:
    """``unknown engine 'vlm' (did you mean 'vllm'?); installed: transformers, vllm``."""
    listing = ", ".join(known) if known else "none"
    return f"unknown {kind} {name!r}{did_you_mean(name, known)}; installed: {listing}"


def engine_name_hook(registry: Registry) -> StructureHook:
    note = ""
    if registry.failed_plugins:
        note = "; plugins that failed to load (see `llem plugins`): " + "; ".join(
            registry.failed_plugins
        )
    return _name_hook("engine", lambda: sorted(registry.engines), note=note)


def runner_name_hook(registry: Registry) -> StructureHook:
    """A runner is ``NAME`` or ``NAME:ARGUMENT`` (``docker:my-image``)."""
    return _name_hook("runner", lambda: sorted(registry.runners), split_argument=True)


def runner_map_hook(registry: Registry) -> StructureHook:
    """``runners:``: engine name → runner (``NAME`` or ``NAME:ARGUMENT``). Engines need not be
    installed: a user config may hold the runner of an engine installed later."""
    runner = runner_name_hook(registry)

    def entry(engine: Any, key: Any) -> tuple[str, str]:
        name = structure_str(engine, str)
        try:
            return name, runner(key, str)
        except ConfigValueError as error:  # located at runners.<engine>
            raise FieldValueError(name, str(error)) from None

    def structure(value: Any, _type: Any) -> dict[str, str]:
        return dict(entry(engine, key) for engine, key in require_mapping(value).items())

    return structure


def sampler_name_hook(registry: Registry) -> StructureHook:
    return _name_hook(
        "energy sampler", lambda: [*SAMPLER_KEYWORDS, *sorted(registry.energy_samplers)]
    )


def _name_hook(
    kind: str, known: Any, *, split_argument: bool = False, note: str = ""
) -> StructureHook:
    def structure(value: Any, _type: Any) -> str:
        text = structure_str(value, str)
        name = text.partition(":")[0] if split_argument else text
        names: list[str] = known()
        if name not in names:
            raise ConfigValueError(unknown_name_message(kind, name, names) + note)
        return text

    return structure
