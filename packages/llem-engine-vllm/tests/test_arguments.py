from __future__ import annotations

import attrs
import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.config.validators import FieldValueError
from llem_vllm.arguments import engine_kwargs, sampling_kwargs
from llem_vllm.config import VllmConfig, VllmSamplingConfig


def config_with(settings: VllmConfig, **task: object) -> ExperimentConfig:
    task_config = attrs.evolve(TaskConfig(model="m", max_output_tokens=32, random_seed=7), **task)
    return ExperimentConfig(task=task_config, engine="vllm", engine_config=settings)


def test_only_set_settings_reach_the_engine_and_stats_stay_on() -> None:
    kwargs = engine_kwargs(config_with(VllmConfig(max_num_seqs=8)), "/models/m")
    assert kwargs == {
        "dtype": "auto",
        "tensor_parallel_size": 1,
        "max_num_seqs": 8,
        "model": "/models/m",
        "tokenizer": "/models/m",
        "seed": 7,
        "disable_log_stats": False,
    }


def test_engine_seed_and_pass_through_arguments() -> None:
    settings = VllmConfig(seed=3, engine_args={"swap_space": 2})
    kwargs = engine_kwargs(config_with(settings), "org/model")
    assert (kwargs["seed"], kwargs["swap_space"]) == (3, 2)


def test_greedy_by_default_with_the_task_token_limit() -> None:
    assert sampling_kwargs(config_with(VllmConfig())) == {
        "temperature": 0.0,
        "n": 1,
        "max_tokens": 32,
    }


def test_fixed_output_length_suppresses_stop_tokens() -> None:
    kwargs = sampling_kwargs(config_with(VllmConfig(), fixed_output_length=True))
    assert (kwargs["min_tokens"], kwargs["ignore_eos"], kwargs["max_tokens"]) == (32, True, 32)


def test_zero_values_are_passed_not_dropped() -> None:
    sampling = VllmSamplingConfig(temperature=0.7, top_p=0.0, top_k=0, seed=0)
    kwargs = sampling_kwargs(config_with(VllmConfig(sampling=sampling)))
    assert (kwargs["top_p"], kwargs["top_k"], kwargs["seed"]) == (0.0, 0, 0)


@pytest.mark.parametrize(
    ("section", "key", "names"),
    [
        ("engine_args", "max_num_seqs", "vllm.max_num_seqs"),
        ("engine_args", "model", "task.model"),
        ("sampling_args", "max_tokens", "task.max_output_tokens"),
        ("sampling_args", "temperature", "vllm.sampling.temperature"),
    ],
)
def test_pass_through_sections_refuse_what_llem_sets(section: str, key: str, names: str) -> None:
    with pytest.raises(FieldValueError) as raised:
        VllmConfig(**{section: {key: 1}})  # type: ignore[arg-type]
    assert raised.value.field == section
    assert key in raised.value.message and names in raised.value.message
