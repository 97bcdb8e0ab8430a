"""The ``tensorrt:`` section of an experiment config (no heavy imports)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from llem.config.validators import not_set_by_llem

SET_BY_LLEM = {
    "llm_args": {
        "model": "task.model",
        "tokenizer": "task.model",
        "skip_tokenizer_init": "(llem tokenises the prompts itself)",
        "backend": "tensorrt.backend",
        "dtype": "tensorrt.dtype",
        "max_batch_size": "tensorrt.max_batch_size",
        "max_num_tokens": "tensorrt.max_num_tokens",
        "max_seq_len": "tensorrt.max_seq_len",
        "tensor_parallel_size": "tensorrt.tensor_parallel_size",
        "kv_cache_config": "tensorrt.kv_cache",
        "cuda_graph_config": "tensorrt.cuda_graphs",
        "quant_config": "tensorrt.quantization",
    },
    "sampling_args": {
        "temperature": "tensorrt.sampling.temperature",
        "top_p": "tensorrt.sampling.top_p",
        "top_k": "tensorrt.sampling.top_k",
        "repetition_penalty": "tensorrt.sampling.repetition_penalty",
        "presence_penalty": "tensorrt.sampling.presence_penalty",
        "frequency_penalty": "tensorrt.sampling.frequency_penalty",
        "seed": "tensorrt.sampling.seed",
        "max_tokens": "task.max_output_tokens",
        "min_tokens": "task.fixed_output_length",
        "ignore_eos": "task.fixed_output_length",
        "n": "(llem measures one output per request)",
        "best_of": "(llem measures one output per request)",
        "use_beam_search": "(llem measures one output per request)",
        "detokenize": "(llem reads the output text)",
        "exclude_input_from_output": "(llem counts output tokens only)",
    },
}
"""Keywords llem passes itself, and where to set them instead of the pass-through sections."""


@attrs.frozen
class TensorrtKvCacheConfig:
    """The KV cache (the ``tensorrt.kv_cache`` section), as TensorRT-LLM's ``KvCacheConfig``.

    Unset knobs are not passed, so TensorRT-LLM's defaults apply.

    Attributes:
        free_gpu_memory_fraction: Share of the GPU memory left free after the weights load that
            the KV cache takes; in ``[0, 1]``; TensorRT-LLM's default is ``0.9``.
        enable_block_reuse: Reuse KV-cache blocks of shared prompt prefixes across requests
            (unset: TensorRT-LLM's default).
    """

    free_gpu_memory_fraction: float | None = None
    enable_block_reuse: bool | None = None


@attrs.frozen
class TensorrtSamplingConfig:
    """How the next token is chosen (the ``tensorrt.sampling`` section), as
    ``tensorrt_llm.SamplingParams``.

    Value ranges are checked by the engine's rule corpus (``rules.yaml``), which cites the
    TensorRT-LLM source of each check. Unset knobs are not passed.

    Attributes:
        temperature: ``0`` (default) decodes greedily (TensorRT-LLM treats ``temperature == 0``
            as greedy and ignores ``top_p``/``top_k``); ``> 0`` samples.
        top_p: Nucleus sampling threshold in ``[0, 1]``; unset keeps every token.
        top_k: Keep only the ``k`` most likely tokens; ``>= 0``; ``0``/unset keeps them all,
            ``1`` is greedy.
        repetition_penalty: Penalise tokens already in the sequence; ``> 0``, ``1`` does nothing.
        presence_penalty: Penalise tokens that appeared at all; ``0`` does nothing.
        frequency_penalty: Penalise tokens by how often they appeared; ``0`` does nothing.
        seed: Per-request sampling seed; unset: ``task.random_seed``.
    """

    temperature: float = 0.0
    top_p: float | None = None
    top_k: int | None = None
    repetition_penalty: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None


@attrs.frozen
class TensorrtConfig:
    """Settings of the TensorRT-LLM engine (the ``tensorrt:`` section), as the keyword arguments
    of ``tensorrt_llm.LLM`` (``TorchLlmArgs``, or ``TrtLlmArgs`` with ``backend: tensorrt``).

    Every measured prompt is submitted at once and TensorRT-LLM's in-flight batching scheduler
    decides what runs together; ``max_batch_size`` caps how many requests run in one step, so it
    is the knob to sweep where other engines have a batch size. Unset settings are not passed,
    so TensorRT-LLM's own defaults apply and ``llem config show tensorrt`` lists them.

    Attributes:
        backend: ``pytorch`` (TensorRT-LLM 1.x's default: no engine build) or ``tensorrt``
            (builds a TensorRT engine when the model loads, inside ``model_load_s``).
        dtype: Weight and activation precision; ``auto`` takes the model's.
        max_batch_size: Most requests scheduled in one step (the batch size); ``>= 1``;
            TensorRT-LLM's default is 2048.
        max_num_tokens: Most tokens (prefill and decode together) in one step; TensorRT-LLM's
            default is 8192.
        max_seq_len: Longest prompt plus output a request may have; unset: the model's.
        tensor_parallel_size: GPUs the model is split over; ``>= 1``.
        kv_cache: The KV cache; see :class:`TensorrtKvCacheConfig`.
        quantization: ``quant_config.quant_algo`` of the ``tensorrt`` backend (``FP8``,
            ``W4A16_AWQ``, ``W8A16``, ...). The ``pytorch`` backend takes the quantisation the
            checkpoint was saved with and has no such argument.
        cuda_graphs: ``pytorch`` backend: ``false`` passes ``cuda_graph_config=None`` (no CUDA
            graphs), ``true`` TensorRT-LLM's default ``CudaGraphConfig()``; unset: its default.
        sampling: How the next token is chosen; see :class:`TensorrtSamplingConfig`.
        llm_args: Any other keyword of ``tensorrt_llm.LLM`` (``enable_chunked_prefill``,
            ``scheduler_config``, ``pipeline_parallel_size``, ...), passed as is; checked against
            the parameter schema read from the pinned source. Keywords llem sets itself are
            refused here, naming where to set them.
        sampling_args: Any other keyword of ``tensorrt_llm.SamplingParams`` (``stop``,
            ``min_p``, ``end_id``, ...), passed as is; the same refusal applies.
    """

    backend: Literal["pytorch", "tensorrt"] = "pytorch"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    max_batch_size: int | None = None
    max_num_tokens: int | None = None
    max_seq_len: int | None = None
    tensor_parallel_size: int = 1
    kv_cache: TensorrtKvCacheConfig = TensorrtKvCacheConfig()
    quantization: str | None = None
    cuda_graphs: bool | None = None
    sampling: TensorrtSamplingConfig = TensorrtSamplingConfig()
    llm_args: dict[str, Any] = attrs.field(factory=dict, validator=not_set_by_llem(SET_BY_LLEM))
    sampling_args: dict[str, Any] = attrs.field(
        factory=dict, validator=not_set_by_llem(SET_BY_LLEM)
    )
