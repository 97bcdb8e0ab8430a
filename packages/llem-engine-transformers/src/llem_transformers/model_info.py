"""Architecture facts of a loaded transformers model (duck-typed: no torch import)."""

from __future__ import annotations

from typing import Any

from llem.engine_api import ModelInfo


def count_parameters(module: Any) -> int:
    """Distinct parameters of a module (tied weights count once)."""
    return sum(parameter.numel() for parameter in module.parameters())


def embedding_parameters(model: Any) -> int:
    """Input-embedding parameters, plus the LM head's when it is not tied to them."""
    input_weight = model.get_input_embeddings().weight
    output_layer = model.get_output_embeddings()
    total = int(input_weight.numel())
    if output_layer is not None and output_layer.weight is not input_weight:
        total += int(output_layer.weight.numel())
    return total


def head_dim(text_config: Any) -> int:
    """The per-head width, derived from the hidden size when the config does not state it."""
    explicit = getattr(text_config, "head_dim", None)
    return int(explicit or text_config.hidden_size // text_config.num_attention_heads)


def read_model_info(model: Any, name: str) -> ModelInfo:
    """Read :class:`ModelInfo` from a loaded ``PreTrainedModel``."""
    text_config = model.config.get_text_config()
    total = count_parameters(model)
    return ModelInfo(
        name=name,
        total_params=total,
        non_embedding_params=total - embedding_parameters(model),
        n_layers=int(text_config.num_hidden_layers),
        n_attention_heads=int(text_config.num_attention_heads),
        head_dim=head_dim(text_config),
        hidden_size=int(text_config.hidden_size),
        vocab_size=int(text_config.vocab_size),
        dtype=str(model.dtype).removeprefix("torch."),
        device=str(model.device),
    )
