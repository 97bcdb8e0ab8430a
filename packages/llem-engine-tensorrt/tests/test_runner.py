"""The runner's calls into TensorRT-LLM's LLM API, observed on the fake ``tensorrt_llm``: what is
built, what each request is submitted with, and how errors and shutdown are handled."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import Prompt, ResolvedModel
from llem.errors import UsageError
from llem_tensorrt.config import TensorrtConfig

if TYPE_CHECKING:
    from llem_tensorrt.runner import TensorrtRunner

pytestmark = pytest.mark.skipif(
    os.environ.get("LLEM_TENSORRT_REAL") == "1", reason="checks calls into the fake tensorrt_llm"
)


PROMPTS = (Prompt(4, "one two three four five six seven"), Prompt(1, "short"))


def runner_for(model: ResolvedModel, engine: TensorrtConfig, **task: Any) -> TensorrtRunner:
    """The runner, imported here: without the fake, importing it needs the real library."""
    from llem_tensorrt.runner import TensorrtRunner

    task_config = TaskConfig(model="tiny", max_input_tokens=4, max_output_tokens=5, **task)
    config = ExperimentConfig(task=task_config, engine="tensorrt", engine_config=engine)
    return TensorrtRunner(config, model)


def last_llm() -> Any:
    from tensorrt_llm.llmapi.llm import BaseFakeLLM

    return BaseFakeLLM.created[-1]


def test_every_request_is_streamed_as_truncated_token_ids(tiny_checkpoint: ResolvedModel) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig())
    runner.load()
    outputs = runner.generate(PROMPTS, lambda _: None)
    requests = last_llm().requests
    assert [streaming for _, _, streaming in requests] == [True, True]
    long_ids = requests[0][0]["prompt_token_ids"]
    assert len(long_ids) == 4 and outputs[0].input_tokens == 4
    assert [output.index for output in outputs] == [4, 1]
    runner.close()


def test_sampling_params_carry_the_task_limits(tiny_checkpoint: ResolvedModel) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig(), fixed_output_length=True)
    runner.load()
    outputs = runner.generate(PROMPTS, lambda _: None)
    params = last_llm().requests[0][1]
    assert (params.max_tokens, params.min_tokens, params.ignore_eos, params.n) == (5, 5, True, 1)
    assert [output.output_tokens for output in outputs] == [5, 5]
    runner.close()


def test_the_llm_is_built_with_the_typed_settings(tiny_checkpoint: ResolvedModel) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig(max_batch_size=8, cuda_graphs=False))
    runner.load()
    args = last_llm().args
    assert (args["model"], args["max_batch_size"]) == (tiny_checkpoint.location, 8)
    assert args["cuda_graph_config"] is None and last_llm().backend == "pytorch"
    assert runner.load_phases["llm_init_s"] >= 0
    assert "build_total_s" not in runner.load_phases  # the fake's pytorch backend reports none
    runner.close()


def test_the_tensorrt_backend_builds_the_engine_class(tiny_checkpoint: ResolvedModel) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig(backend="tensorrt", quantization="FP8"))
    runner.load()
    assert last_llm().backend == "tensorrt"
    assert runner.load_phases["build.build_tensorrt_llm_engine_s"] == 1.5
    assert runner.load_phases["build_total_s"] == 1.75
    assert last_llm().args["quant_config"] == {"quant_algo": "FP8"}
    runner.close()


def test_arguments_the_library_refuses_are_a_usage_error(tiny_checkpoint: ResolvedModel) -> None:
    engine = TensorrtConfig(llm_args={"build_config": {"max_batch_size": 8}})
    with pytest.raises(UsageError, match="could not load model 'tiny'"):
        runner_for(tiny_checkpoint, engine).load()


def test_a_checkpoint_without_safetensors_is_a_usage_error(tmp_path: Any) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(UsageError, match="safetensors"):
        runner_for(ResolvedModel("local", str(tmp_path)), TensorrtConfig()).load()


def test_close_shuts_the_llm_down(tiny_checkpoint: ResolvedModel) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig())
    runner.load()
    llm = last_llm()
    runner.close()
    assert llm.is_shut_down
    with pytest.raises(RuntimeError, match="load"):
        _ = runner.llm


def test_progress_is_reported_once_per_request(tiny_checkpoint: ResolvedModel) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig())
    runner.load()
    progress: list[int] = []
    runner.generate(PROMPTS, progress.append)
    assert progress == [1, 1]
    runner.close()


def test_memory_names_its_reason_and_versions_name_the_library(
    tiny_checkpoint: ResolvedModel,
) -> None:
    runner = runner_for(tiny_checkpoint, TensorrtConfig())
    runner.load()
    stats = runner.memory()
    assert stats.device_peak_allocated_bytes is None and stats.reason
    assert runner.library_versions()["tensorrt-llm"] == "1.2.1"
    runner.close()
