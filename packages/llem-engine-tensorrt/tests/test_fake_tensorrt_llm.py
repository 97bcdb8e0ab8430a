"""The fake ``tensorrt_llm`` the contract runs against must keep the shapes the runner relies on,
and agree with the other two things read from the same sources (the schema's parameter tables
and the rule corpus). These checks tie the fake to those readings; none of them shows the real
library behaves the same."""

from __future__ import annotations

import asyncio
import dataclasses
import os
from typing import Any

import pytest

from llem.rules.corpus import load_corpus_resource
from llem_tensorrt.native_params import SAMPLING_PARAMS

pytestmark = pytest.mark.skipif(
    os.environ.get("LLEM_TENSORRT_REAL") == "1", reason="checks calls into the fake tensorrt_llm"
)


LIBRARY_OBJECT_FIELDS = {"embedding_bias", "logits_processor", "lookahead_config"}


def sampling_params_class() -> Any:
    from tensorrt_llm import SamplingParams

    return SamplingParams


def test_the_fake_is_the_module_imported() -> None:
    import tensorrt_llm

    assert "fake_tensorrt_llm" in (tensorrt_llm.__file__ or "")


def test_sampling_params_fields_are_the_ones_read_from_the_source() -> None:
    fields = {field.name for field in dataclasses.fields(sampling_params_class()) if field.init}
    assert fields == {param[0] for param in SAMPLING_PARAMS} | LIBRARY_OBJECT_FIELDS


def test_sampling_params_defaults_are_the_ones_read_from_the_source() -> None:
    built = sampling_params_class()()
    for name, _, default, _ in SAMPLING_PARAMS:
        if name not in ("pad_id", "best_of"):  # __post_init__ fills them in
            assert getattr(built, name) == default, name


def sampling_error_rules() -> list[Any]:
    corpus = load_corpus_resource("llem_tensorrt:rules.yaml")
    return [
        rule
        for rule in corpus.by_severity("error")
        if rule.source.method == "SamplingParams._validate"
    ]


@pytest.mark.parametrize("rule", sampling_error_rules(), ids=lambda rule: rule.id)
def test_the_fake_refuses_what_the_sampling_rules_say(rule: Any) -> None:
    with pytest.raises(ValueError):
        sampling_params_class()(**rule.kwargs_positive)
    sampling_params_class()(**rule.kwargs_negative)


def test_a_stream_yields_the_request_with_per_step_diffs() -> None:
    from tensorrt_llm import LLM, SamplingParams

    llm = LLM(model="unused")
    params = SamplingParams(max_tokens=3, ignore_eos=True)

    async def collect() -> list[tuple[list[int], bool]]:
        stream = llm.generate_async({"prompt_token_ids": [1, 5, 6]}, params, streaming=True)
        seen = []
        async for response in stream:
            assert response is stream
            seen.append((list(response.outputs[0].token_ids_diff), response.finished))
        return seen

    seen = asyncio.run(collect())
    assert [len(diff) for diff, _ in seen] == [1, 1, 1]
    assert [finished for _, finished in seen] == [False, False, True]


def test_unknown_llm_arguments_are_refused_like_pydantic_extra_forbid() -> None:
    from tensorrt_llm import LLM
    from tensorrt_llm._tensorrt_engine import LLM as EngineLLM

    with pytest.raises(ValueError, match=r"specific to TensorRT backend.*'build_config'"):
        LLM(model="unused", build_config={})
    with pytest.raises(ValueError, match="Extra inputs"):
        LLM(model="unused", no_such_argument=1)
    with pytest.raises(ValueError, match="Extra inputs"):
        EngineLLM(model="unused", cuda_graph_config=None)
    EngineLLM(model="unused", build_config={})
