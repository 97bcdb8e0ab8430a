"""Architecture facts from ``config.json`` (parameter counts: tests/engines/test_model_info.py)."""

from __future__ import annotations

import json
from pathlib import Path

from llem_tensorrt.model_info import checkpoint_dtype, embedding_parameters, head_dim, text_config


def test_a_multimodal_config_is_read_from_its_text_config(tmp_path: Path) -> None:
    outer = {"model_type": "llava", "text_config": {"hidden_size": 8, "vocab_size": 10}}
    (tmp_path / "config.json").write_text(json.dumps(outer))
    config = text_config(tmp_path)
    assert (config["hidden_size"], config["vocab_size"], config["model_type"]) == (8, 10, "llava")


def test_untied_embeddings_count_the_lm_head_too() -> None:
    config = {"vocab_size": 10, "hidden_size": 4}
    assert embedding_parameters(config) == 80
    assert embedding_parameters({**config, "tie_word_embeddings": True}) == 40


def test_head_dim_is_explicit_or_derived() -> None:
    assert head_dim({"hidden_size": 64, "num_attention_heads": 4}) == 16
    assert head_dim({"hidden_size": 64, "num_attention_heads": 4, "head_dim": 32}) == 32


def test_auto_dtype_is_the_checkpoints() -> None:
    assert checkpoint_dtype({"torch_dtype": "float16"}, "auto") == "float16"
    assert checkpoint_dtype({"torch_dtype": "float16"}, "bfloat16") == "bfloat16"
