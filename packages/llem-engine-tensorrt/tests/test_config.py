"""The ``tensorrt:`` section read from YAML through llem's own converter, schema and rule corpus,
as ``llem config validate`` reads it (plugins from entry points, in a subprocess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.testing.config_cli import assert_refused_naming, assert_validates
from llem_tensorrt.config import TensorrtConfig, TensorrtKvCacheConfig, TensorrtSamplingConfig

EXPERIMENT = """\
task:
  model: org/model
engine: tensorrt
tensorrt:
  max_batch_size: 8
  dtype: bfloat16
  kv_cache: {free_gpu_memory_fraction: 0.5}
  sampling: {temperature: 0.7, top_p: 0.9}
  llm_args: {enable_chunked_prefill: true}
  sampling_args: {stop: ["\\n\\n"]}
"""


def test_defaults_leave_tensorrt_llm_its_own_and_decode_greedily() -> None:
    config = TensorrtConfig()
    assert (config.backend, config.max_batch_size, config.quantization) == ("pytorch", None, None)
    assert config.kv_cache == TensorrtKvCacheConfig()
    assert config.sampling == TensorrtSamplingConfig(temperature=0.0)
    assert (config.llm_args, config.sampling_args) == ({}, {})


def test_pass_through_sections_refuse_what_llem_sets() -> None:
    with pytest.raises(ValueError, match=r"max_batch_size \(set tensorrt.max_batch_size\)"):
        TensorrtConfig(llm_args={"max_batch_size": 4})
    with pytest.raises(ValueError, match="ignore_eos"):
        TensorrtConfig(sampling_args={"ignore_eos": True})


def test_a_tensorrt_experiment_validates(tmp_path: Path) -> None:
    assert_validates(tmp_path, EXPERIMENT)


@pytest.mark.parametrize(
    ("replace", "by", "named"),
    [
        ("max_batch_size: 8", "max_batch_size: eight", "tensorrt.max_batch_size"),
        ("dtype: bfloat16", "dtype: fp8", "tensorrt.dtype"),
        ("max_batch_size: 8", "max_batch_sizes: 8", "max_batch_sizes"),
        ("enable_chunked_prefill: true", "enable_chunked_prefil: true", "enable_chunked_prefill"),
        ("enable_chunked_prefill: true", "kv_cache_config: {}", "tensorrt.kv_cache"),
        ("{stop: [", "{stopp: [", "stopp"),
        ("top_p: 0.9", "top_p: 1.5", "tensorrt.sampling.top_p_at_most_one"),
        ("free_gpu_memory_fraction: 0.5", "free_gpu_memory_fraction: 1.5", "at_most_one"),
        ("max_batch_size: 8", "max_batch_size: 8\n  quantization: FP8", "needs_tensorrt_backend"),
    ],
)
def test_a_bad_value_names_its_line_and_key(
    tmp_path: Path, replace: str, by: str, named: str
) -> None:
    assert_refused_naming(tmp_path, EXPERIMENT.replace(replace, by), named)
