"""Native keyword arguments ↔ config paths, and overlaying values onto a view."""

from __future__ import annotations

import copy

import pytest

from llem.rules.model import NativeType
from llem.rules.native import config_path_of, keyword_of, kwargs_to_paths, overlay

GENERATION = NativeType(
    "GenerationConfig",
    "transformers:GenerationConfig",
    "construct",
    {
        "temperature": "transformers.sampling.temperature",
        "max_new_tokens": "task.max_output_tokens",
        "*": "transformers.generation",
    },
)
QUANTIZATION = NativeType(
    "BitsAndBytesConfig",
    "transformers:BitsAndBytesConfig",
    "construct",
    {"load_in_4bit": "transformers.quantization.load_in_4bit"},
)


def test_explicit_keywords_map_to_their_paths() -> None:
    assert config_path_of(GENERATION, "temperature") == "transformers.sampling.temperature"
    assert config_path_of(GENERATION, "max_new_tokens") == "task.max_output_tokens"


def test_other_keywords_go_to_the_wildcard_section() -> None:
    assert config_path_of(GENERATION, "num_beams") == "transformers.generation.num_beams"


def test_a_keyword_mapped_nowhere_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        config_path_of(QUANTIZATION, "bnb_4bit_quant_type")


def test_keyword_of_inverts_explicit_and_wildcard_mappings() -> None:
    assert keyword_of(GENERATION, "task.max_output_tokens") == "max_new_tokens"
    assert keyword_of(GENERATION, "transformers.generation.num_beams") == "num_beams"
    assert keyword_of(QUANTIZATION, "transformers.quantization.load_in_4bit") == "load_in_4bit"


@pytest.mark.parametrize(
    "path",
    [
        "task.n_prompts",
        "transformers.generation",
        "transformers.generation.a.b",
        "transformers.generationx.num_beams",
        "transformers.generation.temperature",  # temperature lands elsewhere
    ],
)
def test_keyword_of_is_none_for_paths_no_keyword_lands_on(path: str) -> None:
    assert keyword_of(GENERATION, path) is None


@pytest.mark.parametrize("keyword", ["temperature", "max_new_tokens", "num_beams", "top_k"])
def test_keyword_of_undoes_config_path_of(keyword: str) -> None:
    assert keyword_of(GENERATION, config_path_of(GENERATION, keyword)) == keyword


def test_kwargs_to_paths() -> None:
    kwargs = {"num_beams": 4, "temperature": 0.5, "max_new_tokens": None}
    assert kwargs_to_paths(GENERATION, kwargs) == {
        "transformers.generation.num_beams": 4,
        "transformers.sampling.temperature": 0.5,
        "task.max_output_tokens": None,
    }


def test_overlay_sets_paths_and_creates_mappings() -> None:
    view = {"task": {"max_output_tokens": 64}, "transformers": {"sampling": {"top_k": 5}}}
    result = overlay(view, {"transformers.sampling.top_k": None, "transformers.generation.x": 1})
    assert result == {
        "task": {"max_output_tokens": 64},
        "transformers": {"sampling": {"top_k": None}, "generation": {"x": 1}},
    }


def test_overlay_replaces_a_value_in_the_way_with_a_mapping() -> None:
    assert overlay({"a": 1}, {"a.b": 2}) == {"a": {"b": 2}}


def test_overlay_never_shares_or_mutates_data() -> None:
    view = {"a": {"list": [1, {"deep": 2}]}}
    before = copy.deepcopy(view)
    value = {"nested": [3]}
    result = overlay(view, {"b.c": value})
    result["a"]["list"][1]["deep"] = 99
    result["b"]["c"]["nested"].append(4)
    assert view == before
    assert value == {"nested": [3]}
