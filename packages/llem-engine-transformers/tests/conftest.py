"""Fixtures shared by this package's tests: a tiny random Llama saved as a local model dir."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from llem.testing import CONTRACT_PROMPTS

SPECIAL_TOKENS = ("<unk>", "<s>", "</s>")
EOS_ID = 2


def contract_words() -> list[str]:
    words = {
        word for prompt in CONTRACT_PROMPTS for word in re.findall(r"\w+|[^\w\s]", prompt.text)
    }
    return sorted({word.lower() for word in words})


def build_word_tokenizer() -> Any:
    """A lower-casing word-level tokenizer over the contract prompts' words."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {token: i for i, token in enumerate([*SPECIAL_TOKENS, *contract_words()])}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    backend.normalizer = normalizers.Lowercase()
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=backend, unk_token="<unk>", bos_token="<s>", eos_token="</s>"
    )


def build_tiny_llama(vocab_size: int, *, tie_word_embeddings: bool) -> Any:
    """A 2-layer random Llama whose EOS logit is strong enough to end some requests early."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=tie_word_embeddings,
        bos_token_id=1,
        eos_token_id=EOS_ID,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    if not tie_word_embeddings:
        with torch.no_grad():
            eos_direction = torch.randn(32, generator=torch.Generator().manual_seed(1))
            model.lm_head.weight[EOS_ID] = eos_direction * 0.06
    return model


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch", reason="needs torch (the engine's runtime extra)")
    transformers = pytest.importorskip("transformers", reason="needs transformers")
    transformers.utils.logging.disable_progress_bar()
    directory = tmp_path_factory.mktemp("tiny-llama")
    tokenizer = build_word_tokenizer()
    tokenizer.save_pretrained(directory)
    build_tiny_llama(len(tokenizer), tie_word_embeddings=False).save_pretrained(directory)
    return directory


@pytest.fixture(scope="session")
def tiny_llama() -> Any:
    """``tiny_llama(vocab_size, tie_word_embeddings=...)`` builds a random tiny Llama."""
    pytest.importorskip("torch", reason="needs torch (the engine's runtime extra)")
    pytest.importorskip("transformers", reason="needs transformers")
    return build_tiny_llama
