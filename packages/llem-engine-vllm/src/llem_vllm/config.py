"""The ``vllm:`` section of an experiment config (no heavy imports)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from llem.config.validators import not_set_by_llem

SET_BY_LLEM = {
    "engine_args": {
        "model": "task.model",
        "tokenizer": "task.model",
        "dtype": "vllm.dtype",
        "max_model_len": "vllm.max_model_len",
        "max_num_seqs": "vllm.max_num_seqs",
        "max_num_batched_tokens": "vllm.max_num_batched_tokens",
        "gpu_memory_utilization": "vllm.gpu_memory_utilization",
        "enforce_eager": "vllm.enforce_eager",
        "tensor_parallel_size": "vllm.tensor_parallel_size",
        "kv_cache_dtype": "vllm.kv_cache_dtype",
        "block_size": "vllm.block_size",
        "enable_prefix_caching": "vllm.enable_prefix_caching",
        "enable_chunked_prefill": "vllm.enable_chunked_prefill",
        "quantization": "vllm.quantization",
        "seed": "vllm.seed",
        "disable_log_stats": "(llem sets it)",
    },
    "sampling_args": {
        "temperature": "vllm.sampling.temperature",
        "top_p": "vllm.sampling.top_p",
        "top_k": "vllm.sampling.top_k",
        "min_p": "vllm.sampling.min_p",
        "repetition_penalty": "vllm.sampling.repetition_penalty",
        "presence_penalty": "vllm.sampling.presence_penalty",
        "frequency_penalty": "vllm.sampling.frequency_penalty",
        "seed": "vllm.sampling.seed",
        "max_tokens": "task.max_output_tokens",
        "min_tokens": "task.fixed_output_length",
        "ignore_eos": "task.fixed_output_length",
        "n": "(llem measures one output per request)",
        "output_kind": "(llem streams every token)",
    },
}
"""Keywords llem passes itself, and where to set them instead of the pass-through sections."""


@attrs.frozen
class VllmSamplingConfig:
    """How the next token is chosen (the ``vllm.sampling`` section), as ``vllm.SamplingParams``.

    Value ranges are checked by the engine's rule corpus (``rules.yaml``), which cites the vLLM
    source of each check. Unset knobs are not passed, so vLLM's neutral defaults apply.

    Attributes:
        temperature: ``0`` (default) decodes greedily: the most likely token every step, and the
            other sampling knobs are ignored; ``> 0`` samples, lower is more deterministic.
        top_p: Nucleus sampling: keep the smallest set of tokens whose probability reaches
            ``p``; in ``(0, 1]``, unset keeps them all.
        top_k: Keep only the ``k`` most likely tokens; ``-1``/``0``/unset keeps them all.
        min_p: Drop tokens less likely than ``min_p`` times the most likely one; in ``[0, 1]``.
        repetition_penalty: Penalise tokens already in the prompt or output; ``> 0``, ``1`` does
            nothing.
        presence_penalty: Penalise tokens that appeared in the output at all; in ``[-2, 2]``.
        frequency_penalty: Penalise tokens by how often they appeared in the output;
            in ``[-2, 2]``.
        seed: Per-request sampling seed; unset follows the engine's seed.
    """

    temperature: float = 0.0
    top_p: float | None = None
    top_k: int | None = None
    min_p: float | None = None
    repetition_penalty: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None


@attrs.frozen
class VllmConfig:
    """Settings of the vLLM engine (the ``vllm:`` section), as ``vllm.EngineArgs``.

    Every measured prompt is submitted at once and vLLM's scheduler batches them continuously
    (what is measured is vLLM's own batching); ``max_num_seqs`` caps how many run together, so it
    is the knob to sweep where other engines have a batch size. Unset settings are not passed, so
    vLLM's own defaults apply and ``llem config show vllm`` lists them.

    Value ranges are checked by the engine's rule corpus (``rules.yaml``), mined from vLLM's
    own validation, before any model loads.

    Attributes:
        dtype: Weight and activation precision; ``auto`` takes the model's (``float16`` for
            ``float32`` weights on a GPU).
        max_model_len: Longest prompt plus output a request may have; unset: the model's.
        max_num_seqs: Most requests scheduled in one step (the batch size); ``>= 1``.
        max_num_batched_tokens: Most tokens processed in one step; ``>= 1``.
        gpu_memory_utilization: Share of GPU memory vLLM may take for weights and KV cache;
            in ``(0, 1]``. The CPU build sizes its KV cache from the machine's memory instead:
            set ``engine_args.kv_cache_memory_bytes`` there.
        enforce_eager: ``true`` disables CUDA graphs (slower decoding, faster start).
        tensor_parallel_size: GPUs the model is split over; ``>= 1``.
        kv_cache_dtype: ``auto`` (the model's dtype), ``fp8``, ``fp8_e4m3``, ``fp8_e5m2``, ...
        block_size: Tokens per KV-cache block (paged attention); ``>= 1``.
        enable_prefix_caching: Reuse the KV cache of shared prompt prefixes.
        enable_chunked_prefill: Split long prefills into chunks scheduled beside decodes.
        quantization: The weights' quantisation method (``awq``, ``gptq``, ``fp8``, ...);
            unset: as the checkpoint says.
        seed: The engine's random seed; unset: ``task.random_seed``.
        sampling: How the next token is chosen; see :class:`VllmSamplingConfig`.
        engine_args: Any other keyword of ``vllm.EngineArgs``, passed as is
            (``kv_cache_memory_bytes``, ``cpu_offload_gb``, ``pipeline_parallel_size``,
            ``scheduling_policy``, ...; ``llem config show vllm`` lists them). Keywords llem
            sets itself are refused here, naming where to set them.
        sampling_args: Any other keyword of ``vllm.SamplingParams`` (``stop``,
            ``bad_words``, ``logit_bias``, ...), passed as is; the same refusal applies.
    """

    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    max_model_len: int | None = None
    max_num_seqs: int | None = None
    max_num_batched_tokens: int | None = None
    gpu_memory_utilization: float | None = None
    enforce_eager: bool | None = None
    tensor_parallel_size: int = 1
    kv_cache_dtype: str | None = None
    block_size: int | None = None
    enable_prefix_caching: bool | None = None
    enable_chunked_prefill: bool | None = None
    quantization: str | None = None
    seed: int | None = None
    sampling: VllmSamplingConfig = VllmSamplingConfig()
    engine_args: dict[str, Any] = attrs.field(factory=dict, validator=not_set_by_llem(SET_BY_LLEM))
    sampling_args: dict[str, Any] = attrs.field(
        factory=dict, validator=not_set_by_llem(SET_BY_LLEM)
    )
