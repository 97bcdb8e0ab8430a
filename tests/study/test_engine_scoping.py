"""Engine-scoped keys apply only to their engine and imply it; an engine axis crosses each
engine with the dimensions that have alternatives for it."""

from __future__ import annotations

import pytest

from llem.errors import ConfigError

from .conftest import Plan, labels


def test_an_engine_axis_crosses_each_engine_with_its_own_keys_only(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
sweep:
  engine: [transformers, echo]
  transformers.batch_size: [1, 4]
  echo.step_ms: [0.5, 2.0, 3.0]
  task.max_output_tokens: [8, 16]
"""
    )
    assert study.varying == (
        "engine", "transformers.batch_size", "echo.step_ms", "task.max_output_tokens",
    )  # fmt: skip
    by_engine = [c.params["engine"] for c in study.configs]
    assert by_engine == ["transformers"] * 4 + ["echo"] * 6
    assert study.configs[0].params == {
        "engine": "transformers",
        "transformers.batch_size": 1,
        "echo.step_ms": None,
        "task.max_output_tokens": 8,
    }
    assert study.configs[4].label == "engine=echo echo.step_ms=0.5 task.max_output_tokens=8"
    assert study.configs[4].resolved.config.engine_config.step_ms == 0.5


def test_scoped_keys_imply_their_engines_without_an_engine_axis(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
engine: transformers
sweep:
  echo.batch_size: [1, 3]
  transformers.dtype: [float32, bfloat16]
  task.n_prompts: [5, 10]
"""
    )
    assert [c.resolved.config.engine for c in study.configs] == ["echo"] * 4 + ["transformers"] * 4
    assert labels(study)[:2] == [
        "engine=echo echo.batch_size=1 task.n_prompts=5",
        "engine=echo echo.batch_size=1 task.n_prompts=10",
    ]
    assert study.varying[0] == "engine"


def test_a_group_keeps_for_each_engine_its_entries_and_the_unscoped_ones(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
sweep:
  engine: [transformers, echo]
  variants:
    - {transformers.dtype: bfloat16}
    - {echo.device: "cuda:0"}
    - {task.max_output_tokens: 4}
"""
    )
    assert labels(study) == [
        "engine=transformers transformers.dtype=bfloat16 task.max_output_tokens=64",
        "engine=transformers transformers.dtype=auto task.max_output_tokens=4",
        "engine=echo echo.device=cuda:0 task.max_output_tokens=64",
        "engine=echo echo.device=cpu task.max_output_tokens=4",
    ]


def test_the_fixed_sections_of_engines_a_configuration_does_not_run_are_dropped(
    plan: Plan,
) -> None:
    study = plan(
        """
task: {model: toy/model}
transformers: {dtype: float32}
echo: {step_ms: 7.0}
sweep:
  engine: [transformers, echo]
"""
    )
    transformers, echo = (c.resolved for c in study.configs)
    assert transformers.config.engine_config.dtype == "float32"
    assert echo.config.engine_config.step_ms == 7.0
    assert echo.provenance["echo.step_ms"].endswith("study.yaml:3:8")
    assert study.skipped == ()


def test_a_scoped_key_for_an_engine_outside_the_engine_axis_is_an_error(plan: Plan) -> None:
    with pytest.raises(ConfigError) as raised:
        plan(
            """
task: {model: toy/model}
sweep:
  engine: [transformers]
  echo.batch_size: [1, 2]
"""
        )
    (problem,) = raised.value.problems
    assert problem.split(": ")[0].endswith("study.yaml:4:21")
    assert "sweep.echo.batch_size: applies only to engine 'echo'" in problem


def test_one_group_entry_naming_two_engines_is_an_error(plan: Plan) -> None:
    with pytest.raises(ConfigError) as raised:
        plan(
            """
task: {model: toy/model}
sweep:
  mixed:
    - {transformers.batch_size: 2, echo.batch_size: 2}
"""
        )
    (problem,) = raised.value.problems
    assert problem.split(": ")[0].endswith("study.yaml:4:7")
    assert "one entry names two engines (echo, transformers)" in problem


def test_keys_of_an_uninstalled_engine_stay_scoped_to_it(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
sweep:
  engine: [echo, fastgen]
  echo.batch_size: [1, 4]
  fastgen.max_num_seqs: [16, 64]
"""
    )
    assert [c.resolved.config.engine_config.batch_size for c in study.configs] == [1, 4]
    assert len(study.skipped) == 2
    for skipped in study.skipped:
        (reason,) = skipped.reasons
        assert "study.yaml:3:18: engine: unknown engine 'fastgen'; installed: echo, " in reason
