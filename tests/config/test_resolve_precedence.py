"""Precedence of the sources, and the provenance of every leaf."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from llem.config.resolve import ResolvedExperiment

Resolve = Callable[..., ResolvedExperiment]
WriteYaml = Callable[..., Path]


def test_defaults_only(resolve: Resolve) -> None:
    resolved = resolve(flags=(("task.model", "m"),))
    assert resolved.config.task.n_prompts == 50
    assert resolved.config.engine_config.batch_size == 1
    assert resolved.provenance["task.model"] == "--model"
    assert set(resolved.provenance.values()) == {"--model", "default"}


SLURM_LEAVES = [
    f"slurm.{key}" for key in (
        "partition", "account", "qos", "time_limit_min", "gpus", "gres", "cpus", "mem",
        "constraint", "exclusive", "array_parallelism", "poll_interval_s",
    )
]  # fmt: skip
"""The slurm section's scalar leaves (``slurm.sbatch``, an empty mapping, has none)."""


def test_provenance_covers_every_leaf_including_the_engine_section(resolve: Resolve) -> None:
    provenance = resolve(flags=(("task.model", "m"),)).provenance
    assert list(provenance) == [
        "task.model", "task.gguf_file", "task.dataset", "task.n_prompts", "task.order",
        "task.max_input_tokens", "task.max_output_tokens", "task.fixed_output_length",
        "task.chat_template", "task.random_seed", "engine",
        "transformers.batch_size", "transformers.dtype", "transformers.attention",
        "transformers.stop", "transformers.sampling.temperature", "transformers.sampling.top_k",
        "measurement.energy.sampler", "measurement.energy.timeline",
        "measurement.energy.timeline_interval_s", "measurement.baseline.strategy",
        "measurement.baseline.duration_s", "measurement.baseline.cache_ttl_s",
        "measurement.baseline.validate_every", "measurement.baseline.spot_check_s",
        "measurement.baseline.drift_threshold", "measurement.baseline.cache_dir",
        "measurement.warmup.mode", "measurement.warmup.prompts", "measurement.warmup.cv_threshold",
        "measurement.warmup.cv_window", "measurement.warmup.min_prompts",
        "measurement.warmup.max_prompts", "measurement.thermal_floor.wait_s",
        "measurement.thermal_floor.max_temperature_c", "measurement.thermal_floor.max_wait_s",
        "runner", "docker.shm_size", "docker.network", "docker.gpus", *SLURM_LEAVES, "name",
        "output_dir",
    ]  # fmt: skip


def test_each_source_overrides_the_one_below(resolve: Resolve, write_yaml: WriteYaml) -> None:
    user = write_yaml(
        "task:\n  random_seed: 1\n  dataset: u\n  max_output_tokens: 1\n"
        "  model: u\n  n_prompts: 1\n",
        "user.yaml",
    )
    env = {"LLEM_CFG_TASK__DATASET": "e", "LLEM_CFG_TASK__MAX_OUTPUT_TOKENS": "2",
           "LLEM_CFG_TASK__MODEL": "e", "LLEM_CFG_TASK__N_PROMPTS": "2"}  # fmt: skip
    experiment = write_yaml("task:\n  max_output_tokens: 3\n  model: f\n  n_prompts: 3\n")
    resolved = resolve(
        user_config=user,
        env=env,
        file=experiment,
        flags=(("task.model", "flag"), ("task.n_prompts", 4)),
        sets=("task.n_prompts=5", "task.n_prompts=6"),
    )
    task = resolved.config.task
    assert (task.random_seed, task.dataset, task.max_output_tokens) == (1, "e", 3)
    assert (task.model, task.n_prompts) == ("flag", 6)
    fields = ("random_seed", "dataset", "max_output_tokens", "model", "n_prompts")
    assert {field: resolved.provenance[f"task.{field}"] for field in fields} == {
        "random_seed": f"user config {user}:2:3",
        "dataset": "env LLEM_CFG_TASK__DATASET",
        "max_output_tokens": f"{experiment}:2:3",
        "model": "--model",
        "n_prompts": "--set task.n_prompts=6",
    }


def test_named_flags_override_the_file(resolve: Resolve, write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "task:\n  model: from-file\n  dataset: d\nengine: transformers\noutput_dir: o\n"
    )
    flags = (
        ("task.model", "flag"),
        ("task.dataset", "x.jsonl"),
        ("engine", "vllm"),
        ("output_dir", "p"),
    )
    resolved = resolve(file=path, flags=flags)
    assert (resolved.config.task.model, resolved.config.engine, resolved.config.output_dir) == (
        "flag",
        "vllm",
        "p",
    )
    assert resolved.provenance["engine"] == "--engine"
    assert resolved.provenance["output_dir"] == "--output"
    assert resolved.provenance["task.dataset"] == "--dataset"
    assert resolved.provenance["vllm.tensor_parallel"] == "default"


def test_sets_apply_in_order_and_reach_the_engine_section(
    resolve: Resolve, write_yaml: WriteYaml
) -> None:
    path = write_yaml("task: {model: m}\ntransformers:\n  batch_size: 2\n")
    sets = (
        "transformers.batch_size=8",
        "transformers.sampling.top_k=3",
        "transformers.batch_size=16",
    )
    resolved = resolve(file=path, sets=sets)
    assert resolved.config.engine_config.batch_size == 16
    assert resolved.config.engine_config.sampling.top_k == 3
    assert resolved.provenance["transformers.batch_size"] == "--set transformers.batch_size=16"


def test_set_values_are_yaml_scalars(resolve: Resolve) -> None:
    sets = ("task.model=m", "task.fixed_output_length=true", "transformers.stop=[a, b]", "name=")
    config = resolve(sets=sets).config
    assert config.task.fixed_output_length is True
    assert config.engine_config.stop == ["a", "b"]
    assert config.name is None


def test_user_config_and_env_sections_for_other_engines_are_ignored(
    resolve: Resolve, write_yaml: WriteYaml
) -> None:
    user = write_yaml("vllm:\n  tensor_parallel: 2\ntransformers:\n  batch_size: 3\n", "user.yaml")
    env = {"LLEM_CFG_VLLM__TENSOR_PARALLEL": "4", "LLEM_CFG_TRANSFORMERS__DTYPE": "b"}
    resolved = resolve(user_config=user, env=env, flags=(("task.model", "m"),))
    assert (resolved.config.engine_config.batch_size, resolved.config.engine_config.dtype) == (
        3,
        "b",
    )
    assert resolved.provenance["transformers.batch_size"] == f"user config {user}:4:3"


def test_user_config_section_for_the_engine_chosen_later_applies(
    resolve: Resolve, write_yaml: WriteYaml
) -> None:
    user = write_yaml("vllm:\n  tensor_parallel: 2\n", "user.yaml")
    resolved = resolve(user_config=user, flags=(("task.model", "m"), ("engine", "vllm")))
    assert resolved.config.engine_config.tensor_parallel == 2


def test_a_missing_user_config_file_is_fine(resolve: Resolve, tmp_path: Path) -> None:
    resolved = resolve(user_config=tmp_path / "absent.yaml", flags=(("task.model", "m"),))
    assert resolved.config.task.model == "m"


def test_a_mapping_value_merges_into_the_mapping_below(
    resolve: Resolve, write_yaml: WriteYaml
) -> None:
    path = write_yaml("task:\n  model: m\n  n_prompts: 3\n")
    resolved = resolve(file=path, sets=("task={model: other}",))
    assert (resolved.config.task.model, resolved.config.task.n_prompts) == ("other", 3)
    assert resolved.provenance["task.model"] == "--set task={model: other}"
    assert resolved.provenance["task.n_prompts"] == f"{path}:3:3"
