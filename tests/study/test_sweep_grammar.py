"""The sweep grammar: axes cross, groups choose one alternative, entries expand as mini-grids."""

from __future__ import annotations

import pytest

from llem.errors import ConfigError

from .conftest import Plan, labels

FIXED = """
task:
  model: toy/model
engine: transformers
"""


def test_two_axes_are_crossed_with_the_first_outermost(plan: Plan) -> None:
    study = plan(
        FIXED
        + """
sweep:
  transformers.batch_size: [1, 4]
  task.max_output_tokens: [8, 16, 32]
"""
    )
    assert study.varying == ("transformers.batch_size", "task.max_output_tokens")
    assert [tuple(c.params.values()) for c in study.configs] == [
        (1, 8), (1, 16), (1, 32), (4, 8), (4, 16), (4, 32),
    ]  # fmt: skip
    assert [c.id for c in study.configs] == [f"c00{i}" for i in range(1, 7)]
    assert study.configs[0].label == "transformers.batch_size=1 task.max_output_tokens=8"
    assert {c.source for c in study.configs} == {"sweep"}


def test_a_nested_mapping_is_read_as_dotted_paths(plan: Plan) -> None:
    study = plan(
        FIXED
        + """
transformers: {sampling: {do_sample: true}}
sweep:
  transformers:
    batch_size: [1, 2]
    sampling:
      temperature: [0.5, 0.9]
"""
    )
    assert study.varying == ("transformers.batch_size", "transformers.sampling.temperature")
    assert len(study.configs) == 4
    assert study.configs[3].resolved.config.engine_config.sampling.temperature == 0.9


def test_a_group_takes_one_alternative_and_an_empty_mapping_overrides_nothing(plan: Plan) -> None:
    study = plan(
        FIXED
        + """
transformers:
  dtype: float32
sweep:
  precision:
    - {transformers.dtype: bfloat16, transformers.attn_implementation: sdpa}
    - {}
  task.max_output_tokens: [8, 16]
"""
    )
    sdpa = "transformers.dtype=bfloat16 transformers.attn_implementation=sdpa"
    assert labels(study) == [
        f"{sdpa} task.max_output_tokens=8",
        f"{sdpa} task.max_output_tokens=16",
        "transformers.dtype=float32 task.max_output_tokens=8",
        "transformers.dtype=float32 task.max_output_tokens=16",
    ]
    assert study.configs[2].params["transformers.attn_implementation"] is None


def test_lists_inside_a_group_entry_expand_as_a_mini_grid(plan: Plan) -> None:
    study = plan(
        FIXED
        + """
sweep:
  shapes:
    - {transformers.batch_size: [1, 2], transformers.dtype: [float32, bfloat16]}
    - {transformers.batch_size: 8}
"""
    )
    assert [tuple(c.params.values()) for c in study.configs] == [
        (1, "float32"), (1, "bfloat16"), (2, "float32"), (2, "bfloat16"), (8, "auto"),
    ]  # fmt: skip


def test_a_group_named_after_an_engine_takes_keys_relative_to_its_section(plan: Plan) -> None:
    study = plan(
        FIXED
        + """
transformers: {sampling: {do_sample: true}}
sweep:
  transformers:
    - {batch_size: 2, sampling: {temperature: [0.3, 0.6]}}
    - {}
"""
    )
    assert study.varying == ("transformers.batch_size", "transformers.sampling.temperature")
    assert [tuple(c.params.values()) for c in study.configs] == [(2, 0.3), (2, 0.6), (1, 1.0)]


def test_a_list_value_is_written_as_a_list_of_one_list(plan: Plan) -> None:
    study = plan(
        FIXED
        + """
sweep:
  stops:
    - {transformers.generation.bad_words_ids: [[[1, 2]]]}
    - {}
"""
    )
    assert study.configs[0].params == {"transformers.generation.bad_words_ids": [[1, 2]]}
    assert study.configs[1].params == {"transformers.generation.bad_words_ids": None}


@pytest.mark.parametrize(
    ("sweep", "where", "message"),
    [
        ("  transformers.batch_size: [1, {dtype: float32}]", "3:3", "mixes values and mappings"),
        ("  transformers.batch_size: []", "3:3", "an empty list sweeps nothing"),
        ("  transformers.batch_size: 4", "3:3", "expected a list of values (an axis)"),
        ("  g:\n    - {transformers.batch_size: []}", "4:8", "an empty list sweeps nothing"),
    ],
)
def test_malformed_sweep_values_name_file_line_and_key(
    plan: Plan, sweep: str, where: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        plan("task: {model: toy/model}\nsweep:\n" + sweep + "\n")
    (problem,) = raised.value.problems
    assert problem.split(": ")[0].endswith(f"study.yaml:{where}")
    assert message in problem


def test_every_malformed_dimension_is_reported_at_once(plan: Plan) -> None:
    text = "task: {model: toy/model}\nsweep:\n  a.b: []\n  c.d: 3\n"
    with pytest.raises(ConfigError) as raised:
        plan(text)
    assert [p.split(": ")[1] for p in raised.value.problems] == ["sweep.a.b", "sweep.c.d"]


def test_a_sweep_that_is_not_a_mapping_is_an_error(plan: Plan) -> None:
    with pytest.raises(ConfigError, match=r"study.yaml:2:1: sweep: expected a mapping"):
        plan("task: {model: toy/model}\nsweep: [1, 2]\n")
