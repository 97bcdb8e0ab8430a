"""The shipped ``schema.json``: what it says, and that it is what the installed vLLM gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

import attrs
import pytest

from llem.rules.schema import EngineSchema, dump_schema, parse_schema
from llem_miners.schema_command import EXIT_STALE, EXIT_WRONG_LIBRARY
from llem_vllm.config import SET_BY_LLEM, VllmConfig, VllmSamplingConfig
from llem_vllm.mining import schema_discovery
from llem_vllm.mining.schema_discovery import (
    SCHEMA_FILE,
    annotation_text,
    attribute_docs,
    jsonable,
    set_in,
)
from llem_vllm.plugin import ENGINE_SPEC, LIBRARY_VERSION

ENGINE_ARGS = "vllm.engine_args"
SAMPLING_ARGS = "vllm.sampling_args"


@pytest.fixture(scope="module")
def shipped() -> EngineSchema:
    return parse_schema(SCHEMA_FILE.read_text(encoding="utf-8"), str(SCHEMA_FILE))


@pytest.fixture(scope="module")
def vllm() -> Any:
    module = pytest.importorskip("vllm", reason="discovery needs vllm")
    if module.__version__ != LIBRARY_VERSION:
        pytest.skip(f"vllm {module.__version__} is not the pinned {LIBRARY_VERSION}")
    return module


def test_shipped_schema_is_what_the_installed_library_gives(vllm: Any) -> None:
    """The drift check: regenerate with ``python -m llem_vllm.mining.schema_discovery --write``."""
    assert dump_schema(schema_discovery.discover()) == SCHEMA_FILE.read_text(encoding="utf-8")


def test_shipped_schema_was_made_from_the_pinned_library(shipped: EngineSchema) -> None:
    assert ENGINE_SPEC.schema == "llem_vllm:schema.json"
    assert (shipped.engine, shipped.library) == ("vllm", "vllm")
    assert shipped.library_version == LIBRARY_VERSION


def test_sections_and_their_kinds(shipped: EngineSchema) -> None:
    kinds = {path: (s.passthrough, s.native_type) for path, s in shipped.sections.items()}
    assert kinds == {
        "vllm": (False, None),
        "vllm.sampling": (False, None),
        ENGINE_ARGS: (True, "vllm.EngineArgs"),
        SAMPLING_ARGS: (True, "vllm.SamplingParams"),
    }


def test_typed_sections_are_the_attrs_fields(shipped: EngineSchema) -> None:
    engine = shipped.sections["vllm"].params
    dict_fields = {"sampling", "engine_args", "sampling_args"}
    assert set(engine) == {field.name for field in attrs.fields(VllmConfig)} - dict_fields
    sampling = shipped.sections["vllm.sampling"].params
    assert set(sampling) == {field.name for field in attrs.fields(VllmSamplingConfig)}
    assert engine["dtype"].type == "'auto' | 'float32' | 'float16' | 'bfloat16'"
    assert engine["tensor_parallel_size"].default == 1
    assert sampling["temperature"].default == 0.0
    assert engine["max_num_seqs"].description.startswith("Most requests scheduled in one step")


@pytest.mark.parametrize(
    ("section", "name", "type_", "default", "words"),
    [
        (ENGINE_ARGS, "cpu_offload_gb", "float", 0, "space in GiB to offload to CPU"),
        (ENGINE_ARGS, "kv_cache_memory_bytes", "int | None", None, "KV Cache"),
        (ENGINE_ARGS, "allow_deprecated_quantization", "bool", False, "deprecated"),
        (ENGINE_ARGS, "gpu_memory_utilization", "float", 0.92, "fraction of GPU memory"),
        (SAMPLING_ARGS, "stop", "str | list[str] | None", None, "stop the generation"),
        (SAMPLING_ARGS, "bad_words", "list[str] | None", None, "not allowed to be generated"),
        (SAMPLING_ARGS, "logit_bias", "dict[int, float] | None", None, "logit biases"),
    ],
)
def test_known_native_parameters(
    shipped: EngineSchema, section: str, name: str, type_: str, default: Any, words: str
) -> None:
    parameter = shipped.sections[section].params[name]
    assert (parameter.type, parameter.default) == (type_, default)
    assert words in parameter.description


def test_private_and_computed_fields_are_left_out(shipped: EngineSchema) -> None:
    for section in (ENGINE_ARGS, SAMPLING_ARGS):
        assert not [name for name in shipped.sections[section].params if name.startswith("_")]
    assert "output_text_buffer_length" not in shipped.sections[SAMPLING_ARGS].params
    assert len(shipped.sections[ENGINE_ARGS].params) >= 200


def test_parameters_llem_sets_are_marked(shipped: EngineSchema) -> None:
    for section, field in ((ENGINE_ARGS, "engine_args"), (SAMPLING_ARGS, "sampling_args")):
        marked = {
            name: parameter.set_in
            for name, parameter in shipped.sections[section].params.items()
            if parameter.set_in is not None
        }
        assert marked == {name: set_in(owner) for name, owner in SET_BY_LLEM[field].items()}
    engine = shipped.sections[ENGINE_ARGS].params
    assert engine["kv_cache_dtype"].set_in == "vllm.kv_cache_dtype"
    assert engine["disable_log_stats"].set_in == "llem (sets it)"


def test_check_passes_on_the_shipped_schema(vllm: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert schema_discovery.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_reports_a_stale_schema(
    vllm: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    stale = SCHEMA_FILE.read_text(encoding="utf-8").replace('"bad_words"', '"bad_wordz"')
    monkeypatch.setattr(schema_discovery, "SCHEMA_FILE", write(tmp_path, stale))
    assert schema_discovery.main(["--check"]) == EXIT_STALE
    out = capsys.readouterr().out
    assert "safe      vllm.sampling_args.bad_words: added" in out
    assert "breaking  vllm.sampling_args.bad_wordz: removed" in out


def test_check_refuses_a_library_other_than_the_pinned_one(
    vllm: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(schema_discovery, "pinned_version", lambda: "0.0.1")
    assert schema_discovery.main(["--check"]) == EXIT_WRONG_LIBRARY
    assert "vllm==0.0.1" in capsys.readouterr().out


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(text, encoding="utf-8")
    return path


# --- pure helpers (no vLLM needed) ---------------------------------------------------------------


class _Config:
    """A config.

    Attributes:
        alpha: First line
            continued.
        beta: Another.
    """


def test_attribute_docs_reads_google_entries() -> None:
    assert attribute_docs(_Config.__doc__) == {"alpha": "First line continued.", "beta": "Another."}
    assert attribute_docs(None) == {}


@pytest.mark.parametrize(
    ("annotation", "text"),
    [
        (int, "int"),
        ("str | None", "str | None"),
        (Optional[int], "int | None"),  # noqa: UP045
        (Literal["a", "b"], "Literal['a', 'b']"),
        (list[int], "list[int]"),
    ],
)
def test_annotation_text(annotation: Any, text: str) -> None:
    assert annotation_text(annotation) == text


def test_annotated_types_keep_only_the_type() -> None:
    from typing import Annotated

    assert annotation_text(Annotated[int, lambda: None] | None) == "int | None"


@pytest.mark.parametrize(
    ("owner", "expected"),
    [("vllm.dtype", "vllm.dtype"), ("(llem sets it)", "llem (sets it)")],
)
def test_set_in(owner: str, expected: str) -> None:
    assert set_in(owner) == expected


@pytest.mark.parametrize(
    ("value", "data"),
    [
        ((1, 2.5), [1, 2.5]),
        ({1: None}, {"1": None}),
        (float("inf"), "inf"),
        (Path("x"), "PosixPath()"),
    ],
)
def test_jsonable(value: Any, data: Any) -> None:
    assert jsonable(value) == data
