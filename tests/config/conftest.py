"""A registry with two tiny in-test engines, and helpers to write YAML and resolve configs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest

from llem.config.resolve import ConfigSources, ResolvedExperiment, resolve_experiment
from llem.config.validators import at_least
from llem.errors import ConfigError
from llem.plugins.registry import Registered, Registry
from llem.records import EnergySamplerSpec, EngineSpec, RunnerSpec


@attrs.frozen
class DummySampling:
    temperature: float = 1.0
    top_k: int | None = None


@attrs.frozen
class DummyEngineConfig:
    batch_size: int = attrs.field(default=1, validator=at_least(1))
    dtype: Literal["a", "b"] = "a"
    attention: Literal["eager", "sdpa"] | None = None
    stop: list[str] = attrs.field(factory=list)
    sampling: DummySampling = DummySampling()


@attrs.frozen
class OtherEngineConfig:
    tensor_parallel: int = 1


def _registered(spec: Any) -> Registered[Any]:
    return Registered(spec=spec, plugin="test")


@pytest.fixture
def registry() -> Registry:
    return Registry(
        engines={
            "transformers": _registered(EngineSpec("transformers", DummyEngineConfig, "x:y")),
            "vllm": _registered(EngineSpec("vllm", OtherEngineConfig, "x:y")),
        },
        energy_samplers={"rapl": _registered(EnergySamplerSpec(name="rapl", factory="x:y"))},
        runners={
            "local": _registered(RunnerSpec(name="local", factory="x:y")),
            "docker": _registered(RunnerSpec(name="docker", factory="x:y")),
        },
    )


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "exp.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return write


@pytest.fixture
def resolve(registry: Registry) -> Callable[..., ResolvedExperiment]:
    def run(**sources: Any) -> ResolvedExperiment:
        return resolve_experiment(ConfigSources(**sources), registry)

    return run


@pytest.fixture
def problems_of(resolve: Callable[..., ResolvedExperiment]) -> Callable[..., list[str]]:
    """The problems resolving these sources reports (it must fail)."""

    def run(**sources: Any) -> list[str]:
        with pytest.raises(ConfigError) as raised:
            resolve(**sources)
        return raised.value.problems

    return run
