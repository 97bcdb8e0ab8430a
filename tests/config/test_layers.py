from __future__ import annotations

from llem.config.layers import (
    ConfigLayer,
    document_layer,
    merge_layers,
    value_layer,
    without_sections,
)
from llem.config.yaml_source import YamlDocument


def _file_layer() -> ConfigLayer:
    document = YamlDocument(
        data={"task": {"model": "m", "n_prompts": 5}, "runner": "local"},
        positions={
            "task": (1, 1),
            "task.model": (2, 3),
            "task.n_prompts": (3, 3),
            "runner": (4, 1),
        },
    )
    return document_layer(document, "q.yaml")


def test_document_layer_origins_name_key_positions() -> None:
    assert _file_layer().origins == {
        "task": "q.yaml:1:1",
        "task.model": "q.yaml:2:3",
        "task.n_prompts": "q.yaml:3:3",
        "runner": "q.yaml:4:1",
    }


def test_value_layer_nests_the_path() -> None:
    layer = value_layer("task.n_prompts", 10, "--n-prompts")
    assert layer.data == {"task": {"n_prompts": 10}}
    assert layer.origins == {"task": "--n-prompts", "task.n_prompts": "--n-prompts"}


def test_mappings_merge_key_by_key_and_scalars_replace() -> None:
    merged = merge_layers([_file_layer(), value_layer("task.n_prompts", 10, "--set")])
    assert merged.data == {"task": {"model": "m", "n_prompts": 10}, "runner": "local"}
    assert merged.origins["task.n_prompts"] == "--set"
    assert merged.origins["task.model"] == "q.yaml:2:3"


def test_a_mapping_keeps_its_file_position_when_a_later_layer_adds_to_it() -> None:
    merged = merge_layers([_file_layer(), value_layer("task.n_prompts", 10, "--set")])
    assert merged.origins["task"] == "q.yaml:1:1"


def test_a_file_layer_takes_over_a_mapping_origin() -> None:
    merged = merge_layers([value_layer("task.n_prompts", 3, "env X"), _file_layer()])
    assert merged.origins["task"] == "q.yaml:1:1"


def test_replacing_a_mapping_drops_the_origins_beneath_it() -> None:
    merged = merge_layers([_file_layer(), value_layer("task", "flat", "--set task=flat")])
    assert merged.data["task"] == "flat"
    assert {path for path in merged.origins if path.startswith("task")} == {"task"}


def test_merging_does_not_alter_the_layers() -> None:
    base = _file_layer()
    merge_layers([base, value_layer("task.model", "other", "--model")])
    assert base.data["task"]["model"] == "m"


def test_origin_of_falls_back_to_the_nearest_ancestor() -> None:
    merged = merge_layers([_file_layer()])
    assert merged.origin_of("task.gguf_file") == "q.yaml:1:1"
    assert merged.origin_of("measurement.energy") is None


def test_without_sections_drops_top_level_keys_and_their_origins() -> None:
    layer = without_sections(_file_layer(), ["task"])
    assert layer.data == {"runner": "local"}
    assert layer.origins == {"runner": "q.yaml:4:1"}
