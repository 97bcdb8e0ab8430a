"""The engine contract (llem.testing.engine_contract) run against the fake ``tensorrt_llm``:
the runner's calls, streaming and bookkeeping against TensorRT-LLM 1.2.1's API shapes, on a
tiny checkpoint folder. Nothing here shows the real library behaves as the fake does."""

from __future__ import annotations

import os

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import ModelInfo, ResolvedModel
from llem.testing.engine_contract import ContinuousBatchingContract
from llem_tensorrt.config import TensorrtConfig

needs_the_fake = pytest.mark.skipif(
    os.environ.get("LLEM_TENSORRT_REAL") == "1", reason="serves a header-only checkpoint"
)


MAX_OUTPUT_TOKENS = 6


@needs_the_fake
class TestFakeTensorrtContract(ContinuousBatchingContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        return "tensorrt"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_config(cls) -> ExperimentConfig:
        task = TaskConfig(
            model="tiny-llama", max_input_tokens=64, max_output_tokens=MAX_OUTPUT_TOKENS
        )
        engine_config = TensorrtConfig(max_batch_size=4)
        return ExperimentConfig(task=task, engine="tensorrt", engine_config=engine_config)

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls, tiny_checkpoint: ResolvedModel) -> ResolvedModel:
        return tiny_checkpoint

    def test_model_info_is_read_from_the_checkpoint(
        self, model_info: ModelInfo, tiny_total_params: int
    ) -> None:
        assert model_info.total_params == tiny_total_params
        assert model_info.non_embedding_params == tiny_total_params - 1000 * 64
        facts = (model_info.n_layers, model_info.n_attention_heads, model_info.head_dim)
        assert facts == (2, 4, 16)
        assert (model_info.dtype, model_info.device) == ("bfloat16", "cuda:0")
