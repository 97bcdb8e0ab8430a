"""The TensorRT-LLM miner spec names what the hand-written corpus was read from: every function
and model of a target is a ``source.method`` (or the class of one) of the shipped corpus's rules,
in the file its module maps to. Nothing of TensorRT-LLM is imported."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from llem.records import MinerSpec
from llem.rules.package_data import read_text
from llem_tensorrt.mining.spec import MINER_SPEC

SOURCES: list[dict[str, Any]] = [
    rule["source"] for rule in yaml.safe_load(read_text("llem_tensorrt:rules.yaml"))["rules"]
]
NAMED = [(target.native_type, name) for target in MINER_SPEC.targets for name in target.code]
MODELS = [(target.native_type, name) for target in MINER_SPEC.targets for name in target.models]


def file_of(import_string: str) -> str:
    """``"tensorrt_llm.llmapi.llm_args:X"`` -> ``tensorrt_llm/llmapi/llm_args.py``."""
    return import_string.partition(":")[0].replace(".", "/") + ".py"


def test_the_spec_is_tensorrt_llms_without_a_replayer() -> None:
    assert isinstance(MINER_SPEC, MinerSpec)
    assert (MINER_SPEC.name, MINER_SPEC.library) == ("tensorrt", "tensorrt-llm")
    assert MINER_SPEC.replayer is None
    assert MINER_SPEC.schema_discovery is None
    assert {target.native_type for target in MINER_SPEC.targets} == {
        "SamplingParams",
        "LLM",
        "KvCacheConfig",
    }


@pytest.mark.parametrize(("native_type", "import_string"), NAMED)
def test_each_function_is_a_method_the_corpus_was_read_from(
    native_type: str, import_string: str
) -> None:
    method = import_string.partition(":")[2]
    read = {source["method"] for source in SOURCES if source["file"] == file_of(import_string)}
    called = {"SamplingParams.__post_init__"}  # runs SamplingParams._validate, which rules cite
    assert method in read | called, f"{import_string}: the corpus cites {sorted(read)}"


@pytest.mark.parametrize(("native_type", "import_string"), MODELS)
def test_each_model_is_a_class_the_corpus_was_read_from(
    native_type: str, import_string: str
) -> None:
    model = import_string.partition(":")[2]
    classes = {
        source["method"].partition(".")[0]
        for source in SOURCES
        if source["file"] == file_of(import_string)
    }
    assert model in classes
