"""Keyword arguments for ``vllm.LLM`` (engine arguments) and ``vllm.SamplingParams``, from the
config (pure logic: no vllm import)."""

from __future__ import annotations

from typing import Any

import attrs

from llem.config.models import ExperimentConfig
from llem_vllm.config import VllmConfig, VllmSamplingConfig

TYPED_ENGINE_ARGS = (
    "dtype",
    "max_model_len",
    "max_num_seqs",
    "max_num_batched_tokens",
    "gpu_memory_utilization",
    "enforce_eager",
    "tensor_parallel_size",
    "kv_cache_dtype",
    "block_size",
    "enable_prefix_caching",
    "enable_chunked_prefill",
    "quantization",
)
"""``vllm:`` settings passed under their own names when set (unset: vLLM's default applies)."""


def engine_config_of(config: ExperimentConfig) -> VllmConfig:
    engine_config = config.engine_config
    return engine_config if isinstance(engine_config, VllmConfig) else VllmConfig()


def engine_kwargs(config: ExperimentConfig, location: str) -> dict[str, Any]:
    """``LLM(**kwargs)``: the model folder or hub id, the typed settings that are set, the
    pass-through ``engine_args``. Per-request metrics need ``disable_log_stats=False``."""
    settings = engine_config_of(config)
    kwargs: dict[str, Any] = {
        name: getattr(settings, name)
        for name in TYPED_ENGINE_ARGS
        if getattr(settings, name) is not None
    }
    kwargs |= {
        "model": location,
        "tokenizer": location,
        "seed": config.task.random_seed if settings.seed is None else settings.seed,
        "disable_log_stats": False,
        **settings.engine_args,
    }
    return kwargs


def sampling_kwargs(config: ExperimentConfig) -> dict[str, Any]:
    """``SamplingParams(**kwargs)`` without ``output_kind`` (the runner adds vLLM's enum).

    Only the knobs that are set are passed, so vLLM's neutral defaults apply to the rest; token
    limits come from the task, and a fixed output length suppresses the stop tokens."""
    settings = engine_config_of(config)
    task = config.task
    kwargs = _set_values(settings.sampling)
    kwargs |= {"n": 1, "max_tokens": task.max_output_tokens, **settings.sampling_args}
    if task.fixed_output_length:
        kwargs |= {"min_tokens": task.max_output_tokens, "ignore_eos": True}
    return kwargs


def _set_values(sampling: VllmSamplingConfig) -> dict[str, Any]:
    values = attrs.asdict(sampling)
    return {name: value for name, value in values.items() if value is not None}
