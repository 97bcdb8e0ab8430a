"""Planning a study: explicit experiments, a base file, invalid and duplicate configurations,
shared overrides, the design hash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from llem.errors import ConfigError
from llem.plugins.registry import Registry
from llem.study.planner import is_study_file, plan_study

from .conftest import Plan, WriteStudy, labels


def test_explicit_experiments_follow_the_sweep_and_may_change_engine(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model, n_prompts: 5}
transformers: {dtype: float32}
sweep:
  transformers.batch_size: [1, 2]
experiments:
  - {engine: echo, echo: {step_ms: 4.0}}
  - {transformers.batch_size: 16, task: {n_prompts: 20}}
"""
    )
    assert [c.source for c in study.configs] == [
        "sweep", "sweep", "experiments[0]", "experiments[1]",
    ]  # fmt: skip
    echo = study.configs[2].resolved.config
    assert (echo.engine, echo.engine_config.step_ms, echo.task.n_prompts) == ("echo", 4.0, 5)
    last = study.configs[3].resolved.config
    assert (last.engine_config.batch_size, last.engine_config.dtype) == (16, "float32")
    assert study.varying == ("engine", "transformers.batch_size", "echo.step_ms", "task.n_prompts")


def test_experiments_alone_make_a_study_without_the_fixed_config_itself(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
experiments:
  - {transformers.batch_size: 2}
  - {transformers.batch_size: 3}
"""
    )
    assert labels(study) == ["transformers.batch_size=2", "transformers.batch_size=3"]


def test_the_base_file_is_the_lowest_layer_of_the_fixed_config(
    plan: Plan, write_study: WriteStudy
) -> None:
    write_study(
        "task: {model: base/model, n_prompts: 7}\ntransformers: {dtype: bfloat16}\n",
        name="base.yaml",
    )
    study = plan(
        """
base: base.yaml
task: {n_prompts: 9}
sweep:
  transformers.batch_size: [1, 2]
"""
    )
    config = study.configs[0].resolved
    assert (config.config.task.model, config.config.task.n_prompts) == ("base/model", 9)
    assert config.config.engine_config.dtype == "bfloat16"
    assert config.provenance["task.model"].endswith("base.yaml:1:8")
    assert config.provenance["task.n_prompts"].endswith("study.yaml:2:8")


def test_a_missing_base_file_names_the_study_line(plan: Plan) -> None:
    with pytest.raises(ConfigError, match=r"study.yaml:1:1: base: no such file: .*nothere.yaml"):
        plan("base: nothere.yaml\ntask: {model: m}\nsweep: {task.n_prompts: [1]}\n")


def test_invalid_values_are_skipped_with_the_line_of_the_sweep_value(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
sweep:
  transformers.batch_size: [1, 0, 4]
  transformers.dtype: [float32, float64]
"""
    )
    # Only float32 is valid, so the dtype does not vary between the configurations that run.
    assert labels(study) == ["transformers.batch_size=1", "transformers.batch_size=4"]
    assert study.varying == ("transformers.batch_size",)
    reasons = {s.label: s.reasons for s in study.skipped}
    assert len(study.skipped) == 4
    (zero,) = reasons["transformers.batch_size=0 transformers.dtype=float32"]
    assert zero.endswith("study.yaml:3:32: transformers.batch_size: must be >= 1, got 0")
    (dtype,) = reasons["transformers.batch_size=1 transformers.dtype=float64"]
    assert "study.yaml:4:33: transformers.dtype: must be one of" in dtype


def test_values_remember_the_study_line_they_came_from(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
sweep:
  transformers:
    - {batch_size: [2, 3]}
experiments:
  - {transformers: {batch_size: 0}}
  - {task.n_prompts: 4}
"""
    )
    provenance = study.configs[1].resolved.provenance
    assert provenance["transformers.batch_size"].endswith("study.yaml:4:24")
    assert provenance["task.model"].endswith("study.yaml:1:8")
    assert study.configs[2].resolved.provenance["task.n_prompts"].endswith("study.yaml:7:6")
    (skipped,) = study.skipped
    assert skipped.source == "experiments[0]"
    assert skipped.reasons[0].endswith(
        "study.yaml:6:21: transformers.batch_size: must be >= 1, got 0"
    )


def test_rule_violations_are_skipped_naming_the_rule(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
transformers: {sampling: {do_sample: true}}
sweep:
  transformers.sampling.temperature: [0.7, 0.0]
"""
    )
    assert labels(study) == ["transformers.sampling.temperature=0.7"]
    (skipped,) = study.skipped
    assert "study.yaml:4:44: transformers.sampling.temperature" in skipped.reasons[0]
    assert "[" in skipped.reasons[0]  # the rule id and its library source


def test_a_study_with_no_valid_configuration_lists_every_reason(plan: Plan) -> None:
    with pytest.raises(ConfigError) as raised:
        plan("task: {model: toy/model}\nsweep:\n  transformers.batch_size: [0, -1]\n")
    problems = raised.value.problems
    assert "no valid configuration" in raised.value.header
    assert [p.rsplit(" ", 1)[-1] for p in problems] == ["0", "-1"]
    assert all("study.yaml:3:" in p and "batch_size: must be >= 1, got" in p for p in problems)


def test_two_spellings_of_one_config_are_collapsed_and_reported(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
transformers: {batch_size: 2}
sweep:
  transformers.batch_size: [2, 4]
  transformers.sampling.temperature: [0.5, 0.9]
experiments:
  - {transformers: {batch_size: 4}}
"""
    )
    # Greedy decoding ignores the temperature: 0.5 and 0.9 run the same; batch size 2 is the
    # fixed config's own value, and experiments[0] spells out the sweep's batch size 4.
    assert labels(study) == ["transformers.batch_size=2", "transformers.batch_size=4"]
    assert [(d.label, d.source, d.same_as) for d in study.duplicates] == [
        ("transformers.batch_size=2 transformers.sampling.temperature=0.9", "sweep", "c001"),
        ("transformers.batch_size=4 transformers.sampling.temperature=0.9", "sweep", "c002"),
        ("transformers.batch_size=4", "experiments[0]", "c002"),
    ]


def test_flags_and_sets_apply_to_every_configuration(plan: Plan) -> None:
    study = plan(
        "task: {model: toy/model}\nsweep:\n  transformers.batch_size: [1, 2]\n",
        sets=("task.n_prompts=3",),
        flags=(("task.model", "other/model"), ("output_dir", "elsewhere")),
    )
    configs = [c.resolved for c in study.configs]
    assert {(c.config.task.model, c.config.task.n_prompts) for c in configs} == {("other/model", 3)}
    assert configs[0].provenance["task.n_prompts"] == "--set task.n_prompts=3"
    assert study.output_dir == "elsewhere"


def test_a_bad_set_applies_to_every_configuration_so_none_is_valid(plan: Plan) -> None:
    with pytest.raises(ConfigError, match=r"--set transformers.batch_size=0: transformers.batch"):
        plan(
            "task: {model: toy/model}\nsweep:\n  task.n_prompts: [1, 2]\n",
            sets=("transformers.batch_size=0",),
        )


def test_the_design_hash_is_stable_and_changes_with_cycles_and_order(
    registry: Registry, write_study: WriteStudy
) -> None:
    text = "task: {{model: toy/model}}\nsweep:\n  task.n_prompts: [1, 2]\n{execution}"
    path = write_study(text.format(execution=""))
    first = plan_study(path, registry).design_hash
    assert plan_study(path, registry).design_hash == first
    assert len(first) == 16
    cycles = write_study(text.format(execution="execution: {cycles: 3}\n"), "cycles.yaml")
    order = write_study(text.format(execution="execution: {order: shuffle}\n"), "order.yaml")
    assert plan_study(cycles, registry).design_hash != first
    assert plan_study(order, registry).design_hash != first
    assert plan_study(cycles, registry).n_runs == 6


def test_name_output_dir_and_execution_are_study_settings(plan: Plan) -> None:
    study = plan(
        """
name: batch-sizes
output_dir: out/studies
task: {model: toy/model}
sweep: {task.n_prompts: [1, 2]}
execution: {cycles: 2, order: reverse, gap_s: 1.5}
"""
    )
    assert (study.name, study.output_dir) == ("batch-sizes", "out/studies")
    assert (study.execution.cycles, study.execution.order, study.execution.gap_s) == (
        2, "reverse", 1.5,
    )  # fmt: skip
    assert study.configs[0].resolved.config.output_dir == "results"
    assert study.study_file.endswith("study.yaml") and Path(study.study_file).is_absolute()


def test_the_name_defaults_to_the_file_stem(plan: Plan) -> None:
    study = plan("task: {model: toy/model}\nsweep: {task.n_prompts: [1, 2]}\n")
    assert study.name == "study"


def test_execution_errors_name_the_line_and_key(plan: Plan) -> None:
    with pytest.raises(ConfigError) as raised:
        plan(
            """
task: {model: toy/model}
sweep: {task.n_prompts: [1]}
execution:
  order: shufle
  gap: 3
"""
        )
    order, gap = sorted(p.split("study.yaml:", 1)[1] for p in raised.value.problems)
    assert order.startswith("4:3: execution.order: must be one of")
    assert "did you mean 'shuffle'?" in order
    assert gap.startswith("5:3: execution.gap: unknown key 'gap'")


def test_execution_values_out_of_range_name_the_line(plan: Plan) -> None:
    text = "task: {model: toy/model}\nsweep: {task.n_prompts: [1]}\nexecution:\n  cycles: 0\n"
    with pytest.raises(ConfigError) as raised:
        plan(text)
    (problem,) = raised.value.problems
    assert problem.endswith("study.yaml:4:3: execution.cycles: must be >= 1, got 0")


def test_is_study_file_reads_the_top_level_keys(write_study: WriteStudy) -> None:
    assert is_study_file(write_study("task: {model: m}\nsweep:\n  task.n_prompts: [1]\n"))
    assert is_study_file(write_study("experiments:\n  - {task.model: m}\n", "b.yaml"))
    assert not is_study_file(write_study("task:\n  sweep: 1\n", "c.yaml"))
    assert not is_study_file(Path("/no/such/file.yaml"))


def test_a_sweep_too_large_is_refused_before_it_is_expanded(plan: Plan) -> None:
    """25 axes of 2 values (a 600-byte file) are 33 million configurations: refused in well
    under a second, at the sweep, naming the override."""
    axes = "".join(f"  echo.knob{i}: [1, 2]\n" for i in range(25))
    started = time.perf_counter()
    with pytest.raises(ConfigError) as raised:
        plan(f"task: {{model: toy/echo}}\nengine: echo\nsweep:\n{axes}")
    assert time.perf_counter() - started < 5
    (problem,) = raised.value.problems
    assert problem.endswith(
        "study.yaml:3:1: sweep: expands to up to 33,554,432 configurations, more than"
        " execution.max_configurations (100,000): fewer values, or raise the cap"
        " (--set execution.max_configurations=33554432)"
    )


def test_the_cap_is_the_studys_to_raise(plan: Plan) -> None:
    study = plan(
        "task: {model: toy/echo}\nengine: echo\nexecution: {max_configurations: 4}\n"
        "sweep:\n  echo.batch_size: [1, 2]\n  task.max_output_tokens: [8, 16]\n"
    )
    assert len(study.configs) == 4
    with pytest.raises(ConfigError, match=r"more than execution\.max_configurations"):
        plan(
            "task: {model: toy/echo}\nengine: echo\nexecution: {max_configurations: 3}\n"
            "sweep:\n  echo.batch_size: [1, 2]\n  task.max_output_tokens: [8, 16]\n"
        )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('sweep:\n  "": [1, 2]\n', "study.yaml:4:3: sweep: an empty key ('')"),
        (
            "experiments: null\n",
            "study.yaml:3:1: experiments: expected a list of mappings, got null",
        ),
    ],
)
def test_empty_keys_and_null_experiments_are_located(plan: Plan, text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as raised:
        plan("task: {model: toy/echo}\nengine: echo\n" + text)
    assert any(problem in found for found in raised.value.problems), raised.value.problems


def test_a_group_too_large_is_refused_before_its_entries_expand(plan: Plan) -> None:
    """One entry's mini-grid of 9 lists of 10 values (10^9 alternatives) hung the planner."""
    values = ", ".join(str(value) for value in range(10))
    grid = ", ".join(f"echo.knob{i}: [{values}]" for i in range(9))
    started = time.perf_counter()
    with pytest.raises(ConfigError) as raised:
        plan(f"task: {{model: toy/echo}}\nengine: echo\nsweep:\n  g:\n    - {{{grid}}}\n    - {{}}")
    assert time.perf_counter() - started < 5
    (problem,) = raised.value.problems
    assert problem.endswith(
        "study.yaml:4:3: sweep.g: its entries expand to 1,000,000,001 alternatives, more than"
        " execution.max_configurations (100,000): fewer values, or raise the cap"
    )


MAPPING_RULE = "transformers:\n  generation:\n    compile_config: {fullgraph: true}\n"
"""A rule about a mapping: its leaves (``compile_config.fullgraph``) have origins, it had none."""


@pytest.mark.parametrize(
    ("study", "where"),
    [
        (f"task: {{model: toy/model}}\n{MAPPING_RULE}experiments: [{{}}]\n", "study.yaml:4:5: "),
        ("base: base.yaml\nexperiments: [{}]\n", "base.yaml:4:5: "),
        (
            "task: {model: toy/model}\nsweep:\n  g:\n    - "
            "{transformers.generation.compile_config: {fullgraph: true}}\n",
            "study.yaml:4:49: ",
        ),
    ],
    ids=["the study file", "its base file", "a sweep entry"],
)
def test_a_rule_on_a_mapping_names_the_line_it_was_written_on(
    plan: Plan, write_study: WriteStudy, study: str, where: str
) -> None:
    """It was located at ``default:``."""
    write_study(f"task: {{model: toy/model}}\n{MAPPING_RULE}", name="base.yaml")
    with pytest.raises(ConfigError) as raised:
        plan(study)
    (problem, *_) = raised.value.problems
    assert f"{where}transformers.generation.compile_config: must be" in problem, problem
