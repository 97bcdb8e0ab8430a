"""Which runner an experiment gets: ``runner`` when set, else ``runners.<engine>`` (from any
layer, ``LLEM_RUNNER_<ENGINE>`` included), else ``local``; and where that choice came from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from llem.config.resolve import ResolvedExperiment

Resolve = Callable[..., ResolvedExperiment]
MODEL = (("task.model", "m"),)


def test_local_by_default(resolve: Resolve) -> None:
    resolved = resolve(flags=MODEL)
    assert resolved.config.runner == "local"
    assert resolved.provenance["runner"] == "default"


def test_the_runners_map_chooses_by_engine(
    resolve: Resolve, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(
        "task: {model: m}\nengine: vllm\nrunners:\n  vllm: docker:cuda\n  transformers: local\n"
    )
    resolved = resolve(file=path)
    assert resolved.config.runner == "docker:cuda"
    assert resolved.provenance["runner"] == f"runners.vllm ({path}:4:3)"
    assert resolved.view is not None and resolved.view["runner"] == "docker:cuda"


def test_an_explicit_runner_wins_over_the_map(
    resolve: Resolve, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml("task: {model: m}\nrunner: local\nrunners: {transformers: docker}\n")
    assert resolve(file=path).config.runner == "local"


def test_an_engine_variable_feeds_the_map(resolve: Resolve) -> None:
    resolved = resolve(flags=MODEL, env={"LLEM_RUNNER_TRANSFORMERS": "docker"})
    assert resolved.config.runner == "docker"
    assert resolved.provenance["runner"] == "runners.transformers (env LLEM_RUNNER_TRANSFORMERS)"


def test_the_file_overrides_the_engine_variable(
    resolve: Resolve, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml("task: {model: m}\nrunners: {transformers: local}\n")
    resolved = resolve(file=path, env={"LLEM_RUNNER_TRANSFORMERS": "docker"})
    assert resolved.config.runner == "local"


def test_a_map_for_another_engine_leaves_local(resolve: Resolve) -> None:
    resolved = resolve(flags=MODEL, env={"LLEM_RUNNER_VLLM": "docker"})
    assert resolved.config.runner == "local"


def test_an_unknown_runner_in_the_map_is_named(
    problems_of: Callable[..., list[str]], write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml("task: {model: m}\nrunners: {transformers: dokker}\n")
    (problem,) = problems_of(file=path)
    assert "unknown runner 'dokker' (did you mean 'docker'?)" in problem
    assert problem.startswith(f"{path}:2:11: runners.transformers: ")


def test_docker_settings_are_checked(
    problems_of: Callable[..., list[str]], write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml("task: {model: m}\ndocker: {network: wifi, shm_sise: 1g}\n")
    problems = problems_of(file=path)
    assert any("docker.network" in p and "wifi" in p for p in problems), problems
    assert any("docker.shm_sise" in p and "shm_size" in p for p in problems), problems
