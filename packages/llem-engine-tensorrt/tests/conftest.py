"""Test support: the fake ``tensorrt_llm`` module on ``sys.path`` for this package's test
modules only (TensorRT-LLM cannot be installed here: see fake_tensorrt_llm/README.md), and a
tiny checkpoint folder for it to "serve" (a ``config.json`` and a header-only safetensors file:
the runner reads architecture facts and parameter counts from them, never weights).

``LLEM_TENSORRT_REAL=1`` leaves the fake out, for a machine with the real library."""

from __future__ import annotations

import json
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from llem.engine_api import ResolvedModel

FAKE_ROOT = Path(__file__).resolve().parent / "fake_tensorrt_llm"

USING_FAKE = os.environ.get("LLEM_TENSORRT_REAL") != "1"
FAKE_MODULES = ("tensorrt_llm", "llem_tensorrt.runner")
"""Forgotten after each test module: the runner module holds the fake's classes."""

TINY_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": 1000,
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 4,
    "tie_word_embeddings": True,
    "torch_dtype": "bfloat16",
}
TINY_SHAPES = {
    "model.embed_tokens.weight": [1000, 64],
    **{f"model.layers.{layer}.self_attn.qkv.weight": [192, 64] for layer in range(2)},
    **{f"model.layers.{layer}.mlp.up.weight": [128, 64] for layer in range(2)},
    "model.norm.weight": [64],
}
TINY_TOTAL_PARAMS = 1000 * 64 + 2 * (192 * 64 + 128 * 64) + 64


@pytest.fixture(scope="module", autouse=True)
def fake_tensorrt_llm() -> Iterator[None]:
    """The fake on ``sys.path`` while a test module of this package runs, then gone: tests of
    other packages in the same session must not find a ``tensorrt_llm``."""
    if not USING_FAKE:
        yield
        return
    sys.path.insert(0, str(FAKE_ROOT))
    try:
        yield
    finally:
        sys.path.remove(str(FAKE_ROOT))
        for name in [name for name in sys.modules if _is_fake_module(name)]:
            del sys.modules[name]


def _is_fake_module(name: str) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in FAKE_MODULES)


def write_header_only_safetensors(path: Path, shapes: dict[str, list[int]]) -> None:
    """A safetensors header naming the tensors; no data follows (nothing reads it)."""
    header = {
        name: {"dtype": "BF16", "shape": shape, "data_offsets": [0, 0]}
        for name, shape in shapes.items()
    }
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded)


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> ResolvedModel:
    folder = tmp_path_factory.mktemp("tiny-llama")
    (folder / "config.json").write_text(json.dumps(TINY_CONFIG))
    write_header_only_safetensors(folder / "model.safetensors", TINY_SHAPES)
    return ResolvedModel("local", str(folder))


@pytest.fixture(scope="session")
def tiny_total_params() -> int:
    """Elements of every tensor of :func:`tiny_checkpoint`."""
    return TINY_TOTAL_PARAMS
