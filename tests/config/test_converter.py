"""The converter on its own: strict types, the engine section, the YAML shape back."""

from __future__ import annotations

from typing import Any, Literal

import attrs
import cattrs
import pytest

from llem.config.converter import make_converter
from llem.config.error_paths import describe_errors
from llem.config.experiment_hooks import yaml_keys
from llem.config.models import ExperimentConfig, TaskConfig
from llem.plugins.registry import Registry


@attrs.frozen
class Scalars:
    count: int = 0
    ratio: float = 0.0
    flag: bool = False
    text: str = ""
    maybe: int | None = None
    mode: Literal["x", "y"] = "x"
    codes: tuple[int, ...] = ()


def _errors(registry: Registry, data: Any, cls: type = Scalars) -> list[tuple[str, str]]:
    with pytest.raises(cattrs.BaseValidationError) as raised:
        make_converter(registry).structure(data, cls)
    return describe_errors(raised.value, yaml_keys(registry))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"count": 3, "ratio": 2, "flag": True, "text": "t", "maybe": 4, "mode": "y", "codes": [1]},
         Scalars(3, 2.0, True, "t", 4, "y", (1,))),
        ({"maybe": None}, Scalars()),
    ],
)  # fmt: skip
def test_right_types_structure(registry: Registry, data: Any, expected: Scalars) -> None:
    structured = make_converter(registry).structure(data, Scalars)
    assert structured == expected
    assert type(structured.ratio) is float


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"count": "ten"}, ("count", "expected an integer, got 'ten' (a string)")),
        ({"count": True}, ("count", "expected an integer, got true (a boolean)")),
        ({"count": 2.5}, ("count", "expected an integer, got 2.5 (a float)")),
        ({"ratio": False}, ("ratio", "expected a number, got false (a boolean)")),
        ({"ratio": "0.5"}, ("ratio", "expected a number, got '0.5' (a string)")),
        ({"flag": "yes"}, ("flag", "expected true or false, got 'yes' (a string)")),
        ({"flag": 1}, ("flag", "expected true or false, got 1 (an integer)")),
        (
            {"text": 12},
            ("text", "expected a string, got 12 (an integer); put it in quotes to make it text"),
        ),
        ({"text": [1]}, ("text", "expected a string, got a list")),
        ({"maybe": "x"}, ("maybe", "expected an integer, got 'x' (a string)")),
        ({"mode": "z"}, ("mode", "must be one of 'x', 'y', got 'z'")),
        ({"mode": 1}, ("mode", "must be one of 'x', 'y', got 1 (an integer)")),
        ({"codes": "12"}, ("codes", "expected a list, got '12' (a string)")),
        ({"codes": [1, "b"]}, ("codes.1", "expected an integer, got 'b' (a string)")),
    ],
)
def test_wrong_types_are_refused(registry: Registry, data: Any, problem: tuple[str, str]) -> None:
    assert _errors(registry, data) == [problem]


def test_literal_suggests_the_closest_value(registry: Registry) -> None:
    [(_, message)] = _errors(registry, {"model": "m", "order": "shufle"}, TaskConfig)
    assert message == "must be one of 'file', 'shuffle', got 'shufle' (did you mean 'shuffle'?)"


def test_a_class_needs_a_mapping(registry: Registry) -> None:
    assert _errors(registry, {"task": [1]}, ExperimentConfig) == [
        ("task", "expected a mapping of keys, got a list")
    ]


def test_every_problem_is_reported(registry: Registry) -> None:
    data = {"count": "a", "flag": 0, "bogus": 1, "mod": "x"}
    assert _errors(registry, data) == [
        ("count", "expected an integer, got 'a' (a string)"),
        ("flag", "expected true or false, got 0 (an integer)"),
        ("bogus", "unknown key 'bogus'"),
        ("mod", "unknown key 'mod' (did you mean 'mode'?)"),
    ]


def test_engine_section_is_typed_by_the_engine_plugin(registry: Registry) -> None:
    data = {"task": {"model": "m"}, "transformers": {"batch_size": 4, "sampling": {"top_k": 5}}}
    config = make_converter(registry).structure(data, ExperimentConfig)
    assert config.engine_config.batch_size == 4
    assert config.engine_config.sampling.top_k == 5


def test_absent_or_empty_engine_section_gives_its_defaults(registry: Registry) -> None:
    converter = make_converter(registry)
    absent = converter.structure({"task": {"model": "m"}, "engine": "vllm"}, ExperimentConfig)
    empty = converter.structure(
        {"task": {"model": "m"}, "vllm": None, "engine": "vllm"}, ExperimentConfig
    )
    assert absent.engine_config == empty.engine_config
    assert absent.engine_config.tensor_parallel == 1


def test_unstructure_gives_the_yaml_shape(registry: Registry) -> None:
    converter = make_converter(registry)
    config = converter.structure({"task": {"model": "m"}, "engine": "vllm"}, ExperimentConfig)
    data = converter.unstructure(config)
    assert list(data) == [
        "task", "engine", "vllm", "measurement", "runner", "runners", "docker", "slurm", "name",
        "output_dir",
    ]  # fmt: skip
    assert data["vllm"] == {"tensor_parallel": 1}
    assert converter.structure(data, ExperimentConfig) == config


def test_round_trip_with_every_section_set(registry: Registry) -> None:
    converter = make_converter(registry)
    data = {
        "task": {"model": "m", "gguf_file": "f.gguf", "n_prompts": 3, "order": "shuffle"},
        "transformers": {"batch_size": 2, "dtype": "b", "attention": "sdpa", "stop": ["\n"]},
        "measurement": {
            "energy": {"sampler": "rapl", "options": {"rapl": {"x": 1}}},
            "warmup": {"mode": "converge", "min_prompts": 2, "max_prompts": 8},
            "baseline": {"strategy": "validated", "validate_every": 3},
            "thermal_floor": {"max_temperature_c": 50},
        },
        "runner": "docker:my-image",
        "name": "n",
    }
    config = converter.structure(data, ExperimentConfig)
    assert converter.structure(converter.unstructure(config), ExperimentConfig) == config


def test_unstructure_without_engine_config_omits_the_section(registry: Registry) -> None:
    config = ExperimentConfig(task=TaskConfig(model="m"))
    assert "transformers" not in make_converter(registry).unstructure(config)
    assert "engine_config" not in make_converter(registry).unstructure(config)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_typed_float_must_be_finite(registry: Registry, value: float) -> None:
    """Values that do not come from a file (the library, --set) are checked by type too."""
    ((path, problem),) = _errors(registry, {"ratio": value})
    assert path == "ratio"
    assert problem.startswith(f"expected a finite number, got {value}")
