"""Registers the transformers engine with llem. Imports nothing heavy."""

from __future__ import annotations

from llem import hookimpl
from llem.records import EngineSpec
from llem_transformers import ENGINE_NAME, INSTALL_HINT
from llem_transformers.config import TransformersConfig

ENGINE_SPEC = EngineSpec(
    name=ENGINE_NAME,
    config_type=TransformersConfig,
    runner="llem_transformers.runner:TransformersRunner",
    runtime_modules=("torch", "transformers"),
    install_hint=INSTALL_HINT,
    description="Hugging Face transformers (PyTorch): static batches with model.generate.",
    library="transformers",
    rules="llem_transformers:rules.yaml",
    schema="llem_transformers:schema.json",
    replayer="llem_transformers.replay:make_replayer",
)


@hookimpl
def llem_register_engines() -> list[EngineSpec]:
    return [ENGINE_SPEC]
