"""Config views: the resolved config as plain data, the shape rules are evaluated against."""

from __future__ import annotations

from typing import Any

import cattrs

from llem.config.models import ExperimentConfig, TaskConfig
from llem.plugins.registry import Registry

PLACEHOLDER_MODEL = "<model>"


def config_view(config: ExperimentConfig, converter: cattrs.Converter) -> dict[str, Any]:
    """``config`` unstructured: keyed as in YAML, the engine section under the engine's name."""
    view: dict[str, Any] = converter.unstructure(config)
    return view


def default_view(engine: str, registry: Registry, converter: cattrs.Converter) -> dict[str, Any]:
    """The view of an experiment that sets nothing but ``engine`` (the model is a placeholder)."""
    spec = registry.engine(engine)
    config = ExperimentConfig(
        task=TaskConfig(model=PLACEHOLDER_MODEL), engine=engine, engine_config=spec.config_type()
    )
    return config_view(config, converter)
