"""Architecture facts of the served model, from its Hugging Face ``config.json``. The parameter
count comes from the checkpoint's safetensors headers (:mod:`llem.engine_support.model_info`):
TensorRT-LLM's workers hold the weights in other processes, so the checkpoint is what this
process can read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llem.engine_api import ModelInfo


def text_config(folder: Path) -> dict[str, Any]:
    """The language model's part of ``config.json`` (``text_config`` of a multimodal model)."""
    config: dict[str, Any] = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    nested = config.get("text_config")
    return {**config, **nested} if isinstance(nested, dict) else config


def embedding_parameters(config: dict[str, Any]) -> int:
    """Input embeddings, plus the LM head when it is not tied to them."""
    single = int(config["vocab_size"]) * int(config["hidden_size"])
    return single if config.get("tie_word_embeddings", False) else 2 * single


def head_dim(config: dict[str, Any]) -> int:
    explicit = config.get("head_dim")
    return int(explicit or int(config["hidden_size"]) // int(config["num_attention_heads"]))


def read_model_info(
    config: dict[str, Any], total_params: int, *, name: str, dtype: str, device: str
) -> ModelInfo:
    return ModelInfo(
        name=name,
        total_params=total_params,
        non_embedding_params=total_params - embedding_parameters(config),
        n_layers=int(config["num_hidden_layers"]),
        n_attention_heads=int(config["num_attention_heads"]),
        head_dim=head_dim(config),
        hidden_size=int(config["hidden_size"]),
        vocab_size=int(config["vocab_size"]),
        dtype=dtype,
        device=device,
    )


def checkpoint_dtype(config: dict[str, Any], requested: str) -> str:
    """The dtype the model runs in: the requested one, or the checkpoint's for ``auto``."""
    if requested != "auto":
        return requested
    return str(config.get("torch_dtype") or config.get("dtype") or "auto")
