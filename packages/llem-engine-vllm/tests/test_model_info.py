from __future__ import annotations

from types import SimpleNamespace

from llem_vllm.model_info import read_model_info


def text_config(*, tied: bool) -> SimpleNamespace:
    values = SimpleNamespace(
        vocab_size=10, hidden_size=4, num_hidden_layers=2, num_attention_heads=2,
        tie_word_embeddings=tied, head_dim=None,
    )  # fmt: skip
    values.get_text_config = lambda: values
    return values


def test_untied_lm_head_counts_as_embedding() -> None:
    tied = read_model_info(text_config(tied=True), 100, name="m", dtype="bfloat16", device="cpu")
    untied = read_model_info(text_config(tied=False), 140, name="m", dtype="float16", device="cpu")
    assert (tied.non_embedding_params, untied.non_embedding_params) == (60, 60)
    assert (tied.head_dim, tied.n_layers) == (2, 2)
