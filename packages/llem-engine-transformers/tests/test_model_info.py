from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from llem_transformers.model_info import head_dim, read_model_info

VOCAB = 50
HIDDEN = 32


def test_untied_head_is_excluded_from_non_embedding_params(tiny_llama: Any) -> None:
    info = read_model_info(tiny_llama(VOCAB, tie_word_embeddings=False), name="tiny")
    assert info.total_params - info.non_embedding_params == 2 * VOCAB * HIDDEN


def test_tied_head_is_counted_once(tiny_llama: Any) -> None:
    model = tiny_llama(VOCAB, tie_word_embeddings=True)
    info = read_model_info(model, name="tiny")
    assert info.total_params - info.non_embedding_params == VOCAB * HIDDEN
    assert model.lm_head.weight is model.get_input_embeddings().weight


def test_architecture_facts(tiny_llama: Any) -> None:
    info = read_model_info(tiny_llama(VOCAB, tie_word_embeddings=True), name="tiny")
    assert (info.n_layers, info.n_attention_heads, info.head_dim) == (2, 4, 8)
    assert (info.hidden_size, info.vocab_size) == (HIDDEN, VOCAB)
    assert (info.dtype, info.device, info.name) == ("float32", "cpu", "tiny")


def test_head_dim_is_derived_when_the_config_lacks_it() -> None:
    assert head_dim(SimpleNamespace(hidden_size=768, num_attention_heads=12)) == 64
    assert head_dim(SimpleNamespace(hidden_size=768, num_attention_heads=12, head_dim=None)) == 64


def test_explicit_head_dim_wins() -> None:
    config = SimpleNamespace(hidden_size=576, num_attention_heads=9, head_dim=128)
    assert head_dim(config) == 128
