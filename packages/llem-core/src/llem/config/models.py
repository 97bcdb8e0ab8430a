"""The experiment configuration. Field names are the YAML keys.

The engine's own section is keyed by the engine name (``transformers:`` for ``engine:
transformers``) and typed by the engine plugin's config class; in Python it lives in
``ExperimentConfig.engine_config``.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from llem.config.validators import at_least, non_empty

DEFAULT_DATASET = "llem-prompts"


@attrs.frozen
class TaskConfig:
    """The workload, held fixed while the deployment varies."""

    model: str = attrs.field(validator=non_empty)
    gguf_file: str | None = None
    dataset: str = DEFAULT_DATASET
    n_prompts: int = attrs.field(default=50, validator=at_least(1))
    order: Literal["file", "shuffle"] = "file"
    max_input_tokens: int = attrs.field(default=512, validator=at_least(1))
    max_output_tokens: int = attrs.field(default=64, validator=at_least(1))
    fixed_output_length: bool = False
    chat_template: bool = True
    random_seed: int = 42


@attrs.frozen
class EnergyConfig:
    """``sampler``: ``auto``, ``none`` or the name of a registered energy sampler."""

    sampler: str = "auto"


@attrs.frozen
class MeasurementConfig:
    energy: EnergyConfig = EnergyConfig()
    warmup_prompts: int = attrs.field(default=4, validator=at_least(0))


@attrs.frozen
class ExperimentConfig:
    task: TaskConfig
    engine: str = "transformers"
    engine_config: Any = None
    measurement: MeasurementConfig = MeasurementConfig()
    runner: str = "local"
    name: str | None = None
    output_dir: str = "results"
