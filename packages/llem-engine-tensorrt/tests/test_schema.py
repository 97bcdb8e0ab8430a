"""The committed parameter schema (``llem_tensorrt/schema.json``): it is exactly what
``python -m llem_tensorrt.schema_build`` builds from the config classes and the parameters read
from the TensorRT-LLM sources, and it refuses what it should."""

from __future__ import annotations

from llem.rules.schema import dump_schema, load_schema_resource, unknown_parameters
from llem.rules.schema_values import mistyped_parameters
from llem_tensorrt.config import SET_BY_LLEM
from llem_tensorrt.native_params import (
    BASE_LLM_ARGS,
    SAMPLING_PARAMS,
    TORCH_LLM_ARGS,
    TRT_LLM_ARGS,
)
from llem_tensorrt.plugin import ENGINE_SPEC, LIBRARY_VERSION
from llem_tensorrt.schema_build import SCHEMA_FILE, build_schema

LLM_ARGS = "tensorrt.llm_args"
SAMPLING_ARGS = "tensorrt.sampling_args"


def test_the_committed_schema_is_the_built_one() -> None:
    """Regenerate with `python -m llem_tensorrt.schema_build --write` when this fails."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == dump_schema(build_schema())


def test_the_shipped_resource_loads_for_the_pinned_version() -> None:
    schema = load_schema_resource(ENGINE_SPEC.schema or "")
    assert (schema.engine, schema.library, schema.library_version) == (
        "tensorrt",
        "tensorrt-llm",
        LIBRARY_VERSION,
    )
    passthrough = {path for path, section in schema.sections.items() if section.passthrough}
    assert passthrough == {LLM_ARGS, SAMPLING_ARGS}
    assert {"tensorrt", "tensorrt.kv_cache", "tensorrt.sampling"} <= set(schema.sections)


def test_native_names_are_unique_and_every_one_is_in_the_schema() -> None:
    llm_names = [param[0] for param in (*BASE_LLM_ARGS, *TORCH_LLM_ARGS, *TRT_LLM_ARGS)]
    assert len(llm_names) == len(set(llm_names))
    sections = build_schema().sections
    assert set(sections[LLM_ARGS].params) == set(llm_names)
    assert set(sections[SAMPLING_ARGS].params) == {param[0] for param in SAMPLING_PARAMS}


def test_every_keyword_llem_sets_is_a_real_parameter_marked_as_set() -> None:
    sections = build_schema().sections
    for field, owned in SET_BY_LLEM.items():
        params = sections[f"tensorrt.{field}"].params
        assert set(owned) <= set(params), set(owned) - set(params)
        assert all(params[name].set_in for name in owned)
        assert not any(param.set_in for name, param in params.items() if name not in owned)


def test_backend_only_parameters_say_which_backend() -> None:
    params = build_schema().sections[LLM_ARGS].params
    assert params["cuda_graph_config"].description.endswith("(pytorch backend only)")
    assert params["build_config"].description.endswith("(tensorrt backend only)")
    assert "backend only" not in params["enable_chunked_prefill"].description


def test_pass_through_keys_are_checked_by_name_and_type() -> None:
    schema = build_schema()
    view = {
        "tensorrt": {
            "llm_args": {"enable_chunked_prefil": True, "max_num_tokens": 8},
            "sampling_args": {"stop_token_ids": "eos", "min_p": 0.1},
        }
    }
    refused = dict(unknown_parameters(view, schema))
    assert "did you mean 'enable_chunked_prefill'" in refused[f"{LLM_ARGS}.enable_chunked_prefil"]
    assert "tensorrt.max_num_tokens" in refused[f"{LLM_ARGS}.max_num_tokens"]
    mistyped = dict(mistyped_parameters(view, schema))
    assert set(mistyped) == {f"{SAMPLING_ARGS}.stop_token_ids"}
