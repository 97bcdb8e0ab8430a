"""The engine contract on a tiny random Llama saved locally: the whole runner path in seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import ResolvedModel
from llem.testing import EngineContract
from llem.testing.engine_contract import Generation
from llem_transformers.config import TransformersConfig

MAX_OUTPUT_TOKENS = 8


class TestTinyLlamaContract(EngineContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        return "transformers"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_config(cls) -> ExperimentConfig:
        task = TaskConfig(
            model="tiny-llama", max_input_tokens=24, max_output_tokens=MAX_OUTPUT_TOKENS
        )
        return ExperimentConfig(
            task=task, engine="transformers", engine_config=TransformersConfig(batch_size=2)
        )

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls, tiny_model_dir: Path) -> ResolvedModel:
        return ResolvedModel(source="local", location=str(tiny_model_dir))

    def test_some_request_stops_at_eos_before_the_limit(self, generation: Generation) -> None:
        lengths = [output.output_tokens for output in generation.outputs]
        assert min(lengths) < MAX_OUTPUT_TOKENS, lengths
