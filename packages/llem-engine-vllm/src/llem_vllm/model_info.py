"""Architecture facts of a model served by vLLM, from its Hugging Face config. The parameter count
comes from the checkpoint's safetensors headers (:mod:`llem.engine_support.model_info`): vLLM's CPU
backend repacks weights, so counting the loaded module's parameters undercounts."""

from __future__ import annotations

from typing import Any

from llem.engine_api import ModelInfo


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
