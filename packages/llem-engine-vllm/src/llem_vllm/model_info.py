"""Architecture facts of a model served by vLLM, from its Hugging Face config and the shapes in
its safetensors headers (vLLM's CPU backend repacks weights, so counting the loaded module's
parameters undercounts; the checkpoint's tensors are what the model is)."""

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


def embedding_parameters(text_config: Any) -> int:
    """Input embeddings, plus the LM head when it is not tied to them."""
    single = int(text_config.vocab_size) * int(text_config.hidden_size)
    tied = bool(getattr(text_config, "tie_word_embeddings", False))
    return single if tied else 2 * single


def head_dim(text_config: Any) -> int:
    explicit = getattr(text_config, "head_dim", None)
    return int(explicit or text_config.hidden_size // text_config.num_attention_heads)


def read_model_info(
    hf_config: Any, total_params: int, *, name: str, dtype: str, device: str
) -> ModelInfo:
    text_config = hf_config.get_text_config()
    return ModelInfo(
        name=name,
        total_params=total_params,
        non_embedding_params=total_params - embedding_parameters(text_config),
        n_layers=int(text_config.num_hidden_layers),
        n_attention_heads=int(text_config.num_attention_heads),
        head_dim=head_dim(text_config),
        hidden_size=int(text_config.hidden_size),
        vocab_size=int(text_config.vocab_size),
        dtype=dtype,
        device=device,
    )
