"""``LLEM_RUNNER_<ENGINE>=RUNNER`` sets ``runners.<engine>`` (a default, below the files and
flags), says so in the provenance, and names itself in every problem it causes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from llem.config.environment import env_layers
from llem.config.resolve import ConfigSources, ResolvedExperiment, resolve_experiment
from llem.errors import ConfigError, UsageError
from llem.plugins.registry import Registered, Registry
from llem.records import EngineSpec, RunnerSpec

Resolve = Callable[..., ResolvedExperiment]
Problems = Callable[..., list[str]]
MODEL = (("task.model", "m"),)


def test_the_variable_sets_the_engines_entry_with_its_provenance(resolve: Resolve) -> None:
    resolved = resolve(flags=MODEL, env={"LLEM_RUNNER_TRANSFORMERS": "docker:cuda"})
    assert resolved.config.runners == {"transformers": "docker:cuda"}
    assert resolved.provenance["runners.transformers"] == "env LLEM_RUNNER_TRANSFORMERS"
    assert resolved.config.runner == "docker:cuda"
    assert resolved.provenance["runner"] == "runners.transformers (env LLEM_RUNNER_TRANSFORMERS)"


def test_one_variable_per_engine(resolve: Resolve) -> None:
    env = {"LLEM_RUNNER_TRANSFORMERS": "local", "LLEM_RUNNER_VLLM": "docker"}
    resolved = resolve(flags=(*MODEL, ("engine", "vllm")), env=env)
    assert resolved.config.runners == {"transformers": "local", "vllm": "docker"}
    assert resolved.config.runner == "docker"
    assert resolved.provenance["runners.vllm"] == "env LLEM_RUNNER_VLLM"


def test_the_value_is_text_not_yaml(resolve: Resolve) -> None:
    """An image reference holds colons; it stays one string."""
    resolved = resolve(flags=MODEL, env={"LLEM_RUNNER_TRANSFORMERS": "docker:reg.io/x:1.2"})
    assert resolved.config.runner == "docker:reg.io/x:1.2"


def test_a_set_overrides_the_variable(resolve: Resolve) -> None:
    resolved = resolve(
        flags=MODEL,
        sets=("runners.transformers=local",),
        env={"LLEM_RUNNER_TRANSFORMERS": "docker"},
    )
    assert resolved.config.runner == "local"
    assert resolved.provenance["runners.transformers"] == "--set runners.transformers=local"


def test_an_explicit_runner_from_the_environment_wins(resolve: Resolve) -> None:
    env = {"LLEM_RUNNER_TRANSFORMERS": "docker", "LLEM_CFG_RUNNER": "local"}
    resolved = resolve(flags=MODEL, env=env)
    assert resolved.config.runner == "local"
    assert resolved.provenance["runner"] == "env LLEM_CFG_RUNNER"
    assert resolved.config.runners == {"transformers": "docker"}


@pytest.mark.parametrize("value", ["kubernetes", ""])
def test_an_unknown_runner_names_the_variable(problems_of: Problems, value: str) -> None:
    (problem,) = problems_of(flags=MODEL, env={"LLEM_RUNNER_TRANSFORMERS": value})
    assert problem.startswith("env LLEM_RUNNER_TRANSFORMERS: runners.transformers: ")
    assert f"unknown runner {value!r}" in problem
    assert "installed: docker, local" in problem


def test_an_unknown_runner_is_a_usage_error(resolve: Resolve) -> None:
    with pytest.raises(UsageError) as raised:
        resolve(flags=MODEL, env={"LLEM_RUNNER_TRANSFORMERS": "kubernetes"})
    assert isinstance(raised.value, ConfigError)
    assert raised.value.exit_code == 2
    assert "LLEM_RUNNER_TRANSFORMERS" in str(raised.value)


def test_an_unknown_runner_for_another_engine_is_also_refused(problems_of: Problems) -> None:
    (problem,) = problems_of(flags=MODEL, env={"LLEM_RUNNER_VLLM": "kubernetes"})
    assert problem.startswith("env LLEM_RUNNER_VLLM: runners.vllm: unknown runner 'kubernetes'")


def test_a_variable_without_an_engine_is_named() -> None:
    with pytest.raises(ConfigError) as raised:
        env_layers({"LLEM_RUNNER_": "docker"})
    assert raised.value.problems == [
        "env LLEM_RUNNER_: name the engine: LLEM_RUNNER_<ENGINE>=RUNNER"
    ]


def test_every_malformed_variable_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as raised:
        env_layers({"LLEM_RUNNER_": "docker", "LLEM_CFG_TASK__": "1"})
    assert [p.partition(":")[0] for p in raised.value.problems] == [
        "env LLEM_CFG_TASK__",
        "env LLEM_RUNNER_",
    ]


def test_unrelated_variables_are_ignored(resolve: Resolve) -> None:
    resolved = resolve(flags=MODEL, env={"LLEM_RUNNERS": "docker", "RUNNER_TRANSFORMERS": "x"})
    assert resolved.config.runners == {}
    assert resolved.config.runner == "local"


# --- engine names that are not valid in a variable name ------------------------------------------


@attrs.frozen
class _Config:
    size: int = 1


def _registered(spec: Any) -> Registered[Any]:
    return Registered(spec=spec, plugin="test")


@pytest.fixture
def hyphen_registry() -> Registry:
    return Registry(
        engines={"my-engine": _registered(EngineSpec("my-engine", _Config, "x:y"))},
        runners={
            "local": _registered(RunnerSpec(name="local", factory="x:y")),
            "docker": _registered(RunnerSpec(name="docker", factory="x:y")),
        },
    )


def test_a_hyphenated_engine_is_spelled_with_an_underscore(hyphen_registry: Registry) -> None:
    sources = ConfigSources(
        flags=(*MODEL, ("engine", "my-engine")), env={"LLEM_RUNNER_MY_ENGINE": "docker"}
    )
    resolved = resolve_experiment(sources, hyphen_registry)
    assert resolved.config.runner == "docker"
    assert resolved.provenance["runner"] == "runners.my_engine (env LLEM_RUNNER_MY_ENGINE)"
