"""The ``transformers:`` section of an experiment config (no heavy imports)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from llem.config.validators import FieldValueError, at_least


def no_paged_cache(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    """llem's own limit, not the library's: it times decoding steps with a stopping criterion,
    which paged (continuous-batching) generation refuses with ``NotImplementedError``."""
    if isinstance(value, dict) and value.get("cache_implementation") == "paged":
        raise FieldValueError(
            "generation",
            "cache_implementation: paged is not supported by llem's transformers engine"
            " (its per-step timing needs a stopping criterion, which paged generation refuses)",
        )


@attrs.frozen
class SamplingConfig:
    """How the next token is chosen (the ``transformers.sampling`` section).

    Value ranges are checked by the engine's rule corpus (``rules.yaml``), which cites the
    transformers source of each check and knows which values the library silently ignores.

    Attributes:
        do_sample: ``false`` (default) decodes greedily (the most likely token every step) and the
            sampling knobs below are ignored; ``true`` samples from the distribution they shape.
        temperature: Divides the logits before sampling; ``> 0``. Lower is more deterministic.
        top_k: Keep only the ``k`` most likely tokens; ``0`` or unset keeps them all (llem does not
            inherit transformers' own default of 50).
        top_p: Nucleus sampling: keep the smallest set of tokens whose probability reaches ``p``;
            ``> 0``; unset keeps them all. transformers silently ignores values ``>= 1`` (no
            filtering), so llem accepts them rather than pretending they are errors.
        min_p: Drop tokens less likely than ``min_p`` times the most likely one; in ``[0, 1]``.
        repetition_penalty: Penalise tokens already in the sequence (``> 1`` penalises, ``1``
            does nothing); applies to greedy decoding too. Unset means ``1``, whatever the model's
            ``generation_config.json`` says.
    """

    do_sample: bool = False
    temperature: float = 1.0
    top_k: int | None = None
    top_p: float | None = None
    min_p: float | None = None
    repetition_penalty: float | None = None


@attrs.frozen
class TransformersConfig:
    """Settings of the Hugging Face transformers engine (the ``transformers:`` section).

    Requests are batched statically: each batch is padded on the left to its longest prompt and
    generates until every request in it has finished.

    Attributes:
        batch_size: Requests generated together in one ``model.generate`` call; ``>= 1``.
        dtype: Weight and activation precision. ``auto`` is ``float32`` on CPU and ``bfloat16`` on
            a GPU that supports it (``float16`` otherwise). GGUF weights are dequantised to it.
        device: ``auto`` uses the GPU when torch sees one, the CPU otherwise; ``cuda`` fails when
            there is no GPU instead of falling back.
        attn_implementation: The attention kernel: ``eager`` (plain PyTorch) or ``sdpa``
            (``torch.nn.functional.scaled_dot_product_attention``); unset lets transformers choose.
        sampling: How the next token is chosen; see :class:`SamplingConfig`.
        generation: Any other keyword of ``transformers.GenerationConfig``, passed to
            ``model.generate`` as is: ``num_beams``, ``no_repeat_ngram_size``,
            ``cache_implementation``, ... (``llem config show transformers`` lists them). Keywords
            llem sets itself (the sampling knobs above, token limits, special tokens, output
            flags) are refused here, naming where to set them.
        quantization: Keywords of ``transformers.BitsAndBytesConfig`` (``load_in_4bit: true``,
            ``bnb_4bit_quant_type: nf4``, ...); empty loads the weights unquantised. Needs a CUDA
            GPU and the ``bitsandbytes`` package at run time.
    """

    batch_size: int = attrs.field(default=1, validator=at_least(1))
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    device: Literal["auto", "cpu", "cuda"] = "auto"
    attn_implementation: Literal["eager", "sdpa"] | None = None
    sampling: SamplingConfig = SamplingConfig()
    generation: dict[str, Any] = attrs.field(factory=dict, validator=no_paged_cache)
    quantization: dict[str, Any] = attrs.field(factory=dict)
