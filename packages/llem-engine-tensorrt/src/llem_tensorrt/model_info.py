"""Architecture facts of the served model, from its Hugging Face ``config.json`` and the shapes in
its safetensors headers (TensorRT-LLM's workers hold the weights in other processes, so the
checkpoint is what this process can read)."""

from __future__ import annotations

import json
import struct
from math import prod
from pathlib import Path
from typing import Any

from llem.engine_api import ModelInfo

HEADER_LENGTH = struct.Struct("<Q")


def safetensors_parameters(folder: Path) -> int | None:
    """Elements of every tensor in the folder's ``*.safetensors`` files (read from their headers,
    not the weights), or ``None`` when there are none."""
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        return None
    return sum(_file_parameters(path) for path in files)


def _file_parameters(path: Path) -> int:
    with path.open("rb") as stream:
        (length,) = HEADER_LENGTH.unpack(stream.read(HEADER_LENGTH.size))
        header: dict[str, Any] = json.loads(stream.read(length))
    header.pop("__metadata__", None)
    return sum(prod(tensor["shape"]) for tensor in header.values())


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
