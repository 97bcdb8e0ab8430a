"""Every user mistake is a ConfigError whose problems say where, what and (if it can) the fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from llem.config.resolve import ConfigSources, ResolvedExperiment, resolve_experiment
from llem.errors import ConfigError
from llem.plugins.registry import Registry

Problems = Callable[..., list[str]]
WriteYaml = Callable[..., Path]


MODEL_HINT = " (give it in the experiment file or with --model)"


def test_unknown_key_suggests_the_field(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("task:\n  model: m\n  n_promts: 10\n")
    assert problems_of(file=path) == [
        f"{path}:3:3: task.n_promts: unknown key 'n_promts' (did you mean 'n_prompts'?)"
    ]


def test_unknown_top_level_key_suggests_engine_names(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml("task: {model: m}\ntransfomers:\n  batch_size: 2\nmeasurment: {}\n")
    assert problems_of(file=path) == [
        f"{path}:4:1: measurment: unknown key 'measurment' (did you mean 'measurement'?)",
        f"{path}:2:1: transfomers: unknown key 'transfomers' (did you mean 'transformers'?)",
    ]


def test_an_empty_top_level_key_is_located(problems_of: Problems, write_yaml: WriteYaml) -> None:
    """Its path is "", which was taken for the whole file: the problem named no line."""
    path = write_yaml('task: {model: m}\n"": null\n')
    assert problems_of(file=path) == [f"{path}:2:1: unknown key ''"]


def test_unknown_key_in_the_engine_section(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("task: {model: m}\ntransformers:\n  sampling:\n    top_kk: 2\n")
    assert problems_of(file=path) == [
        f"{path}:4:5: transformers.sampling.top_kk: unknown key 'top_kk' (did you mean 'top_k'?)"
    ]


def test_wrong_types(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml(
        'task:\n  model: m\n  n_prompts: ten\n  fixed_output_length: "yes"\n'
        "transformers:\n  batch_size: 2.5\n  dtype: c\n"
    )
    assert problems_of(file=path) == [
        f"{path}:3:3: task.n_prompts: expected an integer, got 'ten' (a string)",
        f"{path}:4:3: task.fixed_output_length: expected true or false, got 'yes' (a string)",
        f"{path}:6:3: transformers.batch_size: expected an integer, got 2.5 (a float)",
        f"{path}:7:3: transformers.dtype: must be one of 'a', 'b', got 'c'",
    ]


def test_out_of_range_values_name_the_full_path(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml(
        "task:\n  model: m\n  n_prompts: 0\nmeasurement:\n  warmup:\n    prompts: -1\n"
        "transformers:\n  batch_size: 0\n"
    )
    assert problems_of(file=path) == [
        f"{path}:3:3: task.n_prompts: must be >= 1, got 0",
        f"{path}:6:5: measurement.warmup.prompts: must be >= 0, got -1",
        f"{path}:8:3: transformers.batch_size: must be >= 1, got 0",
    ]


def test_a_range_whose_upper_end_is_below_its_lower_end_names_both(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml(
        "task:\n  model: m\nmeasurement:\n  warmup:\n    mode: converge\n"
        "    min_prompts: 10\n    max_prompts: 4\n"
    )
    assert problems_of(file=path) == [
        f"{path}:7:5: measurement.warmup.max_prompts: must be >= min_prompts (10), got 4"
    ]


def test_empty_model(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("task:\n  model: ' '\n")
    assert problems_of(file=path) == [f"{path}:2:3: task.model: must not be empty"]


def test_unknown_engine_suggests_a_registered_one(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml("task: {model: m}\nengine: vlm\nvlm:\n  x: 1\ntransformers: {}\n")
    assert problems_of(file=path) == [
        f"{path}:2:1: engine: unknown engine 'vlm' (did you mean 'vllm'?); "
        "installed: transformers, vllm"
    ]


def test_unknown_engine_without_any_installed(write_yaml: WriteYaml) -> None:
    path = write_yaml("task: {model: m}\n")
    with pytest.raises(ConfigError) as raised:
        resolve_experiment(ConfigSources(file=path), Registry())
    assert raised.value.problems == [
        f"{path}: engine: unknown engine 'transformers'; installed: none",
        f"{path}: runner: unknown runner 'local'; installed: none",
    ]


def test_unknown_energy_sampler(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("task: {model: m}\nmeasurement:\n  energy:\n    sampler: rapll\n")
    assert problems_of(file=path) == [
        f"{path}:4:5: measurement.energy.sampler: unknown energy sampler 'rapll' "
        "(did you mean 'rapl'?); installed: auto, none, rapl"
    ]


@pytest.mark.parametrize("sampler", ["auto", "none", "rapl"])
def test_known_energy_samplers(resolve: Callable[..., ResolvedExperiment], sampler: str) -> None:
    sets = ("task.model=m", f"measurement.energy.sampler={sampler}")
    assert resolve(sets=sets).config.measurement.energy.sampler == sampler


def test_unknown_runner(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("task: {model: m}\nrunner: lokal\n")
    assert problems_of(file=path) == [
        f"{path}:2:1: runner: unknown runner 'lokal' (did you mean 'local'?); "
        "installed: docker, local"
    ]


def test_runner_with_an_argument(resolve: Callable[..., ResolvedExperiment]) -> None:
    assert resolve(sets=("task.model=m", "runner=docker:img:1")).config.runner == "docker:img:1"


def test_missing_required_key_points_at_its_parent(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml("name: x\n\ntask:\n  n_prompts: 4\n")
    assert problems_of(file=path) == [
        f"{path}:3:1: task.model: required key is missing{MODEL_HINT}"
    ]


def test_missing_section_points_at_the_file(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("name: x\n")
    assert problems_of(file=path) == [f"{path}: task.model: required key is missing{MODEL_HINT}"]


def test_missing_section_without_a_file(problems_of: Problems) -> None:
    assert problems_of() == [f"task.model: required key is missing{MODEL_HINT}"]


def test_missing_file(problems_of: Problems, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert problems_of(file=path) == [f"no such file: {path}"]


def test_directory_instead_of_a_file(problems_of: Problems, tmp_path: Path) -> None:
    assert problems_of(file=tmp_path) == [f"{tmp_path}: is a directory, not a YAML file"]


def test_malformed_yaml(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("task:\n  model: m\n   n_prompts: 3\n")
    assert problems_of(file=path) == [
        f"{path}:3:13: malformed YAML: mapping values are not allowed here"
    ]


def test_top_level_not_a_mapping(problems_of: Problems, write_yaml: WriteYaml) -> None:
    path = write_yaml("- task\n")
    assert problems_of(file=path) == [
        f"{path}:1:1: the top level must be a mapping of keys, got a list"
    ]


def test_section_for_another_engine_in_the_file(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml("task: {model: m}\nengine: transformers\nvllm:\n  tensor_parallel: 2\n")
    assert problems_of(file=path) == [
        f"{path}:3:1: vllm: section 'vllm' applies only when engine: vllm "
        "(the engine is 'transformers')"
    ]


def test_section_for_another_engine_in_a_set(problems_of: Problems) -> None:
    assert problems_of(sets=("task.model=m", "vllm.tensor_parallel=2")) == [
        "--set vllm.tensor_parallel=2: vllm: section 'vllm' applies only when engine: vllm "
        "(the engine is 'transformers')"
    ]


def test_set_problems_name_the_option(problems_of: Problems) -> None:
    assert problems_of(sets=("task.model=m", "task.n_prompts=ten", "task.bogus=1")) == [
        "--set task.n_prompts=ten: task.n_prompts: expected an integer, got 'ten' (a string)",
        "--set task.bogus=1: task.bogus: unknown key 'bogus'",
    ]


def test_malformed_sets(problems_of: Problems) -> None:
    assert problems_of(sets=("task.model", "=m")) == [
        "--set task.model: expected PATH=VALUE, e.g. --set task.n_prompts=10",
        "--set =m: empty key path",
    ]


def test_env_problems_name_the_variable(problems_of: Problems) -> None:
    env = {"LLEM_CFG_TASK__N_PROMPTS": "many", "LLEM_CFG_TASK__MODEL": "m"}
    assert problems_of(env=env) == [
        "env LLEM_CFG_TASK__N_PROMPTS: task.n_prompts: expected an integer, got 'many' (a string)"
    ]


def test_flag_problems_name_the_flag(problems_of: Problems) -> None:
    assert problems_of(flags=(("task.model", "m"), ("task.n_prompts", 0))) == [
        "--n-prompts: task.n_prompts: must be >= 1, got 0"
    ]


def test_user_config_problems_name_the_file_and_line(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    user = write_yaml("runner: local\ntask:\n  order: random\n", "user.yaml")
    assert problems_of(user_config=user, sets=("task.model=m",)) == [
        f"user config {user}:3:3: task.order: must be one of 'file', 'shuffle', got 'random'"
    ]


def test_malformed_user_config(problems_of: Problems, write_yaml: WriteYaml) -> None:
    user = write_yaml("a: [\n", "user.yaml")
    [problem] = problems_of(user_config=user)
    assert problem.startswith(f"user config {user}:2:1: malformed YAML: ")


def test_problems_of_every_source_are_reported_together(
    problems_of: Problems, write_yaml: WriteYaml
) -> None:
    path = write_yaml("task: [\n")
    assert problems_of(file=path, sets=("oops",), env={"LLEM_CFG_": "1"}) == [
        "env LLEM_CFG_: empty key path (use __ between levels)",
        f"{path}:2:1: malformed YAML: expected the node content, but found '<stream end>'",
        "--set oops: expected PATH=VALUE, e.g. --set task.n_prompts=10",
    ]


def test_the_error_renders_as_a_list(registry: Registry, write_yaml: WriteYaml) -> None:
    path = write_yaml("task: {model: m, n_prompts: 0}\n")
    with pytest.raises(ConfigError) as raised:
        resolve_experiment(ConfigSources(file=path), registry)
    assert (
        str(raised.value)
        == f"invalid configuration:\n  - {path}:1:18: task.n_prompts: must be >= 1, got 0"
    )


@pytest.mark.parametrize("name", ["../elsewhere", "/tmp/abs", "a/b", ".."])
def test_a_name_that_is_not_one_folder_name_is_refused(
    problems_of: Problems, write_yaml: WriteYaml, name: str
) -> None:
    """The experiment folder is `<output_dir>/<name>_<time>`: a name must not leave it."""
    path = write_yaml(f"task: {{model: m}}\nname: '{name}'\n")
    (problem,) = problems_of(file=path)
    assert problem.startswith(f"{path}:2:1: name: must be a")
    assert repr(name) in problem
