"""What llem passes to ``tensorrt_llm.LLM`` and ``SamplingParams`` for a config."""

from __future__ import annotations

import attrs

from llem.config.models import ExperimentConfig, TaskConfig
from llem_tensorrt.arguments import llm_kwargs, sampling_kwargs
from llem_tensorrt.config import TensorrtConfig, TensorrtKvCacheConfig, TensorrtSamplingConfig


def experiment(engine_config: TensorrtConfig, **task: object) -> ExperimentConfig:
    return ExperimentConfig(
        task=TaskConfig(model="org/model", max_output_tokens=16, **task),  # type: ignore[arg-type]
        engine="tensorrt",
        engine_config=engine_config,
    )


def test_defaults_pass_only_the_model_dtype_and_parallelism() -> None:
    assert llm_kwargs(experiment(TensorrtConfig()), "/weights") == {
        "dtype": "auto",
        "model": "/weights",
        "tensor_parallel_size": 1,
    }


def test_typed_settings_and_nested_configs_are_passed_when_set() -> None:
    config = TensorrtConfig(
        dtype="bfloat16",
        max_batch_size=8,
        max_num_tokens=4096,
        kv_cache=TensorrtKvCacheConfig(free_gpu_memory_fraction=0.5),
        quantization="FP8",
        cuda_graphs=False,
        llm_args={"enable_chunked_prefill": True},
    )
    kwargs = llm_kwargs(experiment(config), "/weights")
    assert kwargs["kv_cache_config"] == {"free_gpu_memory_fraction": 0.5}
    assert kwargs["quant_config"] == {"quant_algo": "FP8"}
    assert kwargs["cuda_graph_config"] is None
    assert (kwargs["dtype"], kwargs["max_batch_size"], kwargs["max_num_tokens"]) == (
        "bfloat16",
        8,
        4096,
    )
    assert kwargs["enable_chunked_prefill"] is True
    assert "max_seq_len" not in kwargs and "backend" not in kwargs


def test_cuda_graphs_on_passes_the_default_config() -> None:
    kwargs = llm_kwargs(experiment(TensorrtConfig(cuda_graphs=True)), "/weights")
    assert kwargs["cuda_graph_config"] == {}


def test_sampling_is_greedy_with_the_task_seed_by_default() -> None:
    assert sampling_kwargs(experiment(TensorrtConfig(), random_seed=7)) == {
        "temperature": 0.0,
        "seed": 7,
        "n": 1,
        "max_tokens": 16,
    }


def test_sampling_knobs_and_pass_through_are_passed() -> None:
    sampling = TensorrtSamplingConfig(temperature=0.7, top_k=40, seed=3)
    config = TensorrtConfig(sampling=sampling, sampling_args={"stop": ["\n\n"]})
    kwargs = sampling_kwargs(experiment(config))
    assert (kwargs["temperature"], kwargs["top_k"], kwargs["seed"]) == (0.7, 40, 3)
    assert kwargs["stop"] == ["\n\n"] and "top_p" not in kwargs


def test_fixed_output_length_ignores_the_end_token() -> None:
    kwargs = sampling_kwargs(experiment(TensorrtConfig(), fixed_output_length=True))
    assert (kwargs["ignore_eos"], kwargs["min_tokens"], kwargs["max_tokens"]) == (True, 16, 16)


def test_a_config_of_another_engine_gets_the_defaults() -> None:
    config = attrs.evolve(experiment(TensorrtConfig(max_batch_size=4)), engine_config=None)
    assert "max_batch_size" not in llm_kwargs(config, "/weights")
