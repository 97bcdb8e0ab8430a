"""The ``vllm:`` section read from YAML through llem's own converter, as `llem run` reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.testing.config_cli import assert_refused_naming, assert_validates
from llem_vllm.config import VllmConfig, VllmSamplingConfig

EXPERIMENT = """\
task:
  model: org/model
engine: vllm
vllm:
  max_num_seqs: 8
  dtype: bfloat16
  enable_prefix_caching: false
  sampling: {temperature: 0.7, top_p: 0.9}
  engine_args: {cpu_offload_gb: 2}
"""


def test_defaults_leave_vllm_its_own_and_decode_greedily() -> None:
    config = VllmConfig()
    assert (config.max_num_seqs, config.gpu_memory_utilization, config.seed) == (None, None, None)
    assert config.sampling == VllmSamplingConfig(temperature=0.0)
    assert (config.engine_args, config.sampling_args) == ({}, {})


def test_a_vllm_experiment_validates(tmp_path: Path) -> None:
    assert_validates(tmp_path, EXPERIMENT)


@pytest.mark.parametrize(
    ("replace", "by", "named"),
    [
        ("max_num_seqs: 8", "max_num_seqs: eight", "vllm.max_num_seqs"),
        ("dtype: bfloat16", "dtype: fp8", "vllm.dtype"),
        ("cpu_offload_gb: 2", "model: x", "vllm.engine_args"),
        ("cpu_offload_gb: 2", "swap_space: 2", "swap_space"),
        ("max_num_seqs: 8", "max_num_sequences: 8", "max_num_sequences"),
    ],
)
def test_a_bad_value_names_its_line_and_key(
    tmp_path: Path, replace: str, by: str, named: str
) -> None:
    assert_refused_naming(tmp_path, EXPERIMENT.replace(replace, by), named)
