"""cattrs hooks for :class:`ExperimentConfig`: its engine section is keyed by the engine name.

``engine: transformers`` with ``transformers: {batch_size: 4}`` structures the section with the
engine plugin's config class into ``engine_config``; unstructuring writes it back under the engine
name. A section named after another registered engine is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError
from cattrs.gen import make_dict_unstructure_fn, override

from llem.config.models import EnergyConfig, ExperimentConfig
from llem.config.registry_names import (
    engine_name_hook,
    runner_map_hook,
    runner_name_hook,
    sampler_name_hook,
)
from llem.config.strict import ConfigValueError, StructureHook, class_hook, require_mapping
from llem.plugins.registry import Registry
from llem.records import EngineSpec

DEFAULT_ENGINE = str(attrs.fields(ExperimentConfig).engine.default)
_REGISTERED_NAME_FIELDS = ("engine", "runner")
"""Fields whose defaults must be checked too: cattrs passes a default by without its hook."""


def register_experiment_hooks(converter: cattrs.Converter, registry: Registry) -> None:
    sampler = override(struct_hook=sampler_name_hook(registry))
    converter.register_structure_hook(
        EnergyConfig, class_hook(EnergyConfig, converter, sampler=sampler)
    )
    converter.register_structure_hook(ExperimentConfig, _structure_hook(converter, registry))
    converter.register_unstructure_hook(ExperimentConfig, _unstructure_hook(converter))


def yaml_keys(registry: Registry) -> Callable[[type], list[str]]:
    """The keys a class accepts in YAML (for "did you mean"); the top level adds engine names."""

    def keys(cls: type) -> list[str]:
        if cls is ExperimentConfig:
            return [*_experiment_field_keys(), *registry.engines]
        return [field.name for field in attrs.fields(cls)] if attrs.has(cls) else []

    return keys


def _structure_hook(converter: cattrs.Converter, registry: Registry) -> StructureHook:
    fields_hook = class_hook(
        ExperimentConfig,
        converter,
        engine_config=override(omit=True),
        engine=override(struct_hook=engine_name_hook(registry)),
        runner=override(struct_hook=runner_name_hook(registry)),
        runners=override(struct_hook=runner_map_hook(registry)),
    )

    def structure(value: Any, _type: Any) -> ExperimentConfig:
        data = _with_name_defaults(require_mapping(value))
        engine = _selected_spec(data, registry)
        sections = _pop_engine_sections(data, registry)
        errors = _foreign_section_errors(sections, engine)
        config = _structure_fields(fields_hook, data, errors)
        engine_config = _structure_section(converter, engine, sections, errors)
        if errors:
            raise ClassValidationError(
                "While structuring ExperimentConfig", errors, ExperimentConfig
            )
        completed: ExperimentConfig = attrs.evolve(config, engine_config=engine_config)
        return completed

    return structure


def _with_name_defaults(value: Mapping[str, Any]) -> dict[str, Any]:
    fields = attrs.fields_dict(ExperimentConfig)
    return {name: fields[name].default for name in _REGISTERED_NAME_FIELDS} | dict(value)


def _selected_spec(data: dict[str, Any], registry: Registry) -> EngineSpec | None:
    """The selected engine's spec; ``None`` when the name is wrong (reported by the field hook)."""
    name = data["engine"]
    return registry.engine(name) if isinstance(name, str) and name in registry.engines else None


def _pop_engine_sections(data: dict[str, Any], registry: Registry) -> dict[str, Any]:
    """Remove every registered engine's section, and an unknown engine's (its name is reported)."""
    sections = {name: data.pop(name) for name in registry.engines if name in data}
    engine = data.get("engine")
    if isinstance(engine, str) and engine not in registry.engines:
        data.pop(engine, None)
    return sections


def _foreign_section_errors(sections: dict[str, Any], engine: EngineSpec | None) -> list[Exception]:
    """Sections of registered engines other than the selected one (none if it is unknown)."""
    if engine is None:
        return []
    return [_foreign_section_error(name, engine.name) for name in sections if name != engine.name]


def _foreign_section_error(name: str, engine: str) -> Exception:
    message = f"section {name!r} applies only when engine: {name} (the engine is {engine!r})"
    return _noted(ConfigValueError(message), name, None)


def _structure_fields(hook: StructureHook, data: dict[str, Any], errors: list[Exception]) -> Any:
    try:
        return hook(data, ExperimentConfig)
    except ClassValidationError as error:
        errors.extend(error.exceptions)
        return None


def _structure_section(
    converter: cattrs.Converter,
    engine: EngineSpec | None,
    sections: dict[str, Any],
    errors: list[Exception],
) -> Any:
    if engine is None:
        return None
    section = sections.get(engine.name)
    try:
        return converter.structure({} if section is None else section, engine.config_type)
    except Exception as error:  # any failure of the plugin's class belongs to its section
        errors.append(_noted(error, engine.name, engine.config_type))
        return None


def _noted(error: Exception, key: str, type_: Any) -> Exception:
    """Attach the note cattrs uses to say which attribute an error belongs to."""
    note = AttributeValidationNote(
        f"Structuring class ExperimentConfig @ attribute {key}", key, type_
    )
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return error


def _unstructure_hook(converter: cattrs.Converter) -> Callable[[ExperimentConfig], dict[str, Any]]:
    fields_hook = make_dict_unstructure_fn(
        ExperimentConfig, converter, engine_config=override(omit=True)
    )

    def unstructure(config: ExperimentConfig) -> dict[str, Any]:
        data = fields_hook(config)
        if config.engine_config is None:
            return data
        section = converter.unstructure(config.engine_config)
        return _insert_after(data, "engine", config.engine, section)

    return unstructure


def _insert_after(data: dict[str, Any], anchor: str, key: str, value: Any) -> dict[str, Any]:
    items = list(data.items())
    index = [name for name, _ in items].index(anchor) + 1
    return dict([*items[:index], (key, value), *items[index:]])


def _experiment_field_keys() -> list[str]:
    return [field.name for field in attrs.fields(ExperimentConfig) if field.name != "engine_config"]
