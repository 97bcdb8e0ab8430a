"""Keyword arguments for ``tensorrt_llm.LLM`` and ``tensorrt_llm.SamplingParams``, from the config
(pure logic: no tensorrt_llm import).

Nested TensorRT-LLM configs (``kv_cache_config``, ``cuda_graph_config``, ``quant_config``) are
passed as plain mappings: they are pydantic fields of the LLM args classes, which validate a
mapping into the config class, so nothing here needs the library.
"""

from __future__ import annotations

from typing import Any

import attrs

from llem.config.models import ExperimentConfig
from llem_tensorrt.config import TensorrtConfig

TYPED_LLM_ARGS = ("dtype", "max_batch_size", "max_num_tokens", "max_seq_len")
"""``tensorrt:`` settings passed under their own names when set."""


def engine_config_of(config: ExperimentConfig) -> TensorrtConfig:
    engine_config = config.engine_config
    return engine_config if isinstance(engine_config, TensorrtConfig) else TensorrtConfig()


def llm_kwargs(config: ExperimentConfig, location: str) -> dict[str, Any]:
    """``LLM(**kwargs)``: the weights, the typed settings that are set, the pass-through
    ``llm_args``. The backend is chosen by which ``LLM`` class is built, not passed."""
    settings = engine_config_of(config)
    kwargs: dict[str, Any] = {
        name: getattr(settings, name)
        for name in TYPED_LLM_ARGS
        if getattr(settings, name) is not None
    }
    kwargs |= {"model": location, "tensor_parallel_size": settings.tensor_parallel_size}
    kwargs |= _nested_configs(settings)
    return kwargs | settings.llm_args


def _nested_configs(settings: TensorrtConfig) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    kv_cache = _set_values(settings.kv_cache)
    if kv_cache:
        nested["kv_cache_config"] = kv_cache
    if settings.quantization is not None:
        nested["quant_config"] = {"quant_algo": settings.quantization}
    if settings.cuda_graphs is not None:
        nested["cuda_graph_config"] = {} if settings.cuda_graphs else None
    return nested


def sampling_kwargs(config: ExperimentConfig) -> dict[str, Any]:
    """``SamplingParams(**kwargs)``: the sampling knobs that are set, one output per request,
    ``max_tokens`` from the task; a fixed output length ignores the end token and asks for
    exactly ``max_tokens``."""
    settings = engine_config_of(config)
    task = config.task
    kwargs = _set_values(settings.sampling)
    kwargs.setdefault("seed", task.random_seed)
    kwargs |= {"n": 1, "max_tokens": task.max_output_tokens, **settings.sampling_args}
    if task.fixed_output_length:
        kwargs |= {"min_tokens": task.max_output_tokens, "ignore_eos": True}
    return kwargs


def _set_values(section: Any) -> dict[str, Any]:
    values = attrs.asdict(section)
    return {name: value for name, value in values.items() if value is not None}
