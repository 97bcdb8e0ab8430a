from __future__ import annotations

import pytest

from llem.config.environment import env_layers, env_path
from llem.config.overrides import flag_layers, flag_overrides, parse_set, set_layers
from llem.errors import ConfigError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("task.n_prompts=10", ("task.n_prompts", 10)),
        ("task.fixed_output_length=true", ("task.fixed_output_length", True)),
        ("transformers.stop=[a, b]", ("transformers.stop", ["a", "b"])),
        ("task.model=org/model=v2", ("task.model", "org/model=v2")),  # split at the first '='
        (" name = x", ("name", "x")),
        ("name=", ("name", None)),
    ],
)
def test_parse_set(raw: str, expected: tuple[str, object]) -> None:
    assert parse_set(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            "task.n_prompts",
            "--set task.n_prompts: expected PATH=VALUE, e.g. --set task.n_prompts=10",
        ),
        ("=3", "--set =3: empty key path"),
        ("task..model=x", "--set task..model=x: empty key in path 'task..model'"),
        (".model=x", "--set .model=x: empty key in path '.model'"),
    ],
)
def test_malformed_set(raw: str, problem: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_set(raw)
    assert raised.value.problems == [problem]


def test_set_layers_report_every_malformed_set() -> None:
    with pytest.raises(ConfigError) as raised:
        set_layers(["a", "b=1", "=2"])
    assert raised.value.problems == [
        "--set a: expected PATH=VALUE, e.g. --set task.n_prompts=10",
        "--set =2: empty key path",
    ]


def test_set_layer_origin_is_the_whole_option() -> None:
    [layer] = set_layers(["task.n_prompts=10"])
    assert layer.origins["task.n_prompts"] == "--set task.n_prompts=10"


def test_flag_overrides_take_flag_or_parameter_names_and_skip_unset() -> None:
    given = {
        "--model": "gpt2", "n_prompts": 5, "--dataset": None, "output": "out", "runner": "slurm",
    }  # fmt: skip
    assert flag_overrides(given) == (
        ("task.model", "gpt2"),
        ("task.n_prompts", 5),
        ("output_dir", "out"),
        ("runner", "slurm"),
    )


def test_flag_layers_are_labelled_with_the_flag() -> None:
    [layer] = flag_layers([("task.n_prompts", 5)])
    assert layer.data == {"task": {"n_prompts": 5}}
    assert layer.origins["task.n_prompts"] == "--n-prompts"


def test_env_path() -> None:
    assert env_path("LLEM_CFG_TASK__N_PROMPTS") == "task.n_prompts"
    assert env_path("LLEM_CFG_MEASUREMENT__ENERGY__SAMPLER") == "measurement.energy.sampler"


def test_env_layers_read_only_prefixed_variables_as_yaml() -> None:
    env = {"LLEM_CFG_TASK__N_PROMPTS": "10", "LLEM_CONFIG_FILE": "x", "HOME": "/h"}
    [layer] = env_layers(env)
    assert layer.data == {"task": {"n_prompts": 10}}
    assert layer.origins["task.n_prompts"] == "env LLEM_CFG_TASK__N_PROMPTS"
    assert layer.sets_defaults


def test_env_layers_report_malformed_names() -> None:
    with pytest.raises(ConfigError) as raised:
        env_layers({"LLEM_CFG_": "1", "LLEM_CFG_TASK____X": "2"})
    assert raised.value.problems == [
        "env LLEM_CFG_: empty key path (use __ between levels)",
        "env LLEM_CFG_TASK____X: empty key in path 'task..x' (use __ between levels)",
    ]
