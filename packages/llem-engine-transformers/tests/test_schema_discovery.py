"""The shipped ``schema.json``: what it says, and that it is what the installed library gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from ruamel.yaml import YAML

from llem.config.models import ExperimentConfig, TaskConfig
from llem.rules.schema import EngineSchema, Parameter, dump_schema, parse_schema
from llem_miners.schema_command import EXIT_STALE, EXIT_WRONG_LIBRARY
from llem_transformers.config import SamplingConfig, TransformersConfig
from llem_transformers.mining import schema_discovery
from llem_transformers.mining.schema_discovery import OWNED, SCHEMA_FILE, jsonable

PIN_FILE = Path(__file__).resolve().parents[3] / "engine_versions" / "transformers.yaml"
GENERATION = "transformers.generation"
QUANTIZATION = "transformers.quantization"


@pytest.fixture(scope="module")
def shipped() -> EngineSchema:
    return parse_schema(SCHEMA_FILE.read_text(encoding="utf-8"), str(SCHEMA_FILE))


@pytest.fixture(scope="module")
def transformers() -> Any:
    module = pytest.importorskip("transformers", reason="discovery needs transformers")
    if module.__version__ != pinned():
        pytest.skip(f"transformers {module.__version__} is not the pinned {pinned()}")
    return module


def pinned() -> str:
    return str(YAML(typ="safe").load(PIN_FILE.read_text())["library"]["version"])


def generation(schema: EngineSchema, name: str) -> Parameter:
    return schema.sections[GENERATION].params[name]


def test_shipped_schema_is_what_the_installed_library_gives(transformers: Any) -> None:
    """The drift check: regenerate with ``llem-miners schema transformers --write``."""
    assert dump_schema(schema_discovery.discover()) == SCHEMA_FILE.read_text(encoding="utf-8")


def test_shipped_schema_was_made_from_the_pinned_library(shipped: EngineSchema) -> None:
    assert (shipped.engine, shipped.library) == ("transformers", "transformers")
    assert shipped.library_version == pinned()


def test_sections_and_their_kinds(shipped: EngineSchema) -> None:
    kinds = {path: (s.passthrough, s.native_type) for path, s in shipped.sections.items()}
    assert kinds == {
        "transformers": (False, None),
        "transformers.sampling": (False, None),
        GENERATION: (True, "transformers.GenerationConfig"),
        QUANTIZATION: (True, "transformers.BitsAndBytesConfig"),
    }
    assert "refused here" in shipped.sections[GENERATION].description


def test_typed_sections_are_the_attrs_fields(shipped: EngineSchema) -> None:
    engine = shipped.sections["transformers"].params
    assert list(engine) == ["attn_implementation", "batch_size", "device", "dtype"]
    assert set(shipped.sections["transformers.sampling"].params) == {
        field.name for field in attrs.fields(SamplingConfig)
    }
    assert engine["batch_size"].default == TransformersConfig().batch_size == 1
    assert engine["dtype"].type == "'auto' | 'float32' | 'float16' | 'bfloat16'"
    assert engine["attn_implementation"].type == "'eager' | 'sdpa' | None"
    assert shipped.sections["transformers.sampling"].params["top_p"].type == "float | None"
    assert engine["device"].description.startswith("``auto`` uses the GPU")


@pytest.mark.parametrize(
    ("name", "type_", "default", "words"),
    [
        ("num_beams", "int", 1, "Number of beams for beam search"),
        ("no_repeat_ngram_size", "int", 0, "all ngrams of that size can only occur once"),
        ("cache_implementation", "str | None", None, "Name of the cache class"),
        ("stop_strings", "str | list[str] | None", None, "terminate generation"),
        ("early_stopping", "bool | str", False, "stopping condition"),
        ("sequence_bias", "dict[tuple[int], float] | None", None, "bias term"),
        ("exponential_decay_length_penalty", "tuple[int, float] | None", None, "decay"),
        ("watermarking_config", "BaseWatermarkingConfig | dict | None", None, "watermark"),
    ],
)
def test_known_generation_parameters(
    shipped: EngineSchema, name: str, type_: str, default: Any, words: str
) -> None:
    parameter = generation(shipped, name)
    assert (parameter.type, parameter.default) == (type_, default)
    assert words in parameter.description


def test_undocumented_attributes_are_kept(shipped: EngineSchema) -> None:
    assert generation(shipped, "num_beam_groups") == Parameter("num_beam_groups", "int", 1)
    assert generation(shipped, "low_memory") == Parameter("low_memory", "Any", None)


def test_bookkeeping_attributes_are_left_out(shipped: EngineSchema) -> None:
    names = set(shipped.sections[GENERATION].params)
    assert not {name for name in names if name.startswith("_")}
    assert "transformers_version" not in names
    assert len(names) >= 60


def test_parameters_llem_sets_are_marked(shipped: EngineSchema) -> None:
    marked = {
        name: parameter.set_in
        for name, parameter in shipped.sections[GENERATION].params.items()
        if parameter.set_in is not None
    }
    assert marked == dict(OWNED)
    assert marked["temperature"] == "transformers.sampling.temperature"
    assert marked["max_new_tokens"] == "task.max_output_tokens"
    assert marked["min_length"] == "task.fixed_output_length"
    assert marked["eos_token_id"].startswith("llem (from the model's tokenizer")
    assert marked["output_scores"] == "llem (it reads only the generated token ids)"


def test_set_in_config_paths_are_real_config_keys() -> None:
    task_fields = {field.name for field in attrs.fields(TaskConfig)}
    sampling_fields = {field.name for field in attrs.fields(SamplingConfig)}
    for set_in in OWNED.values():
        section, _, key = set_in.rpartition(".")
        if section == "task":
            assert key in task_fields, set_in
        elif section == "transformers.sampling":
            assert key in sampling_fields, set_in
        else:
            assert set_in.startswith("llem ("), set_in
    assert "task" in {field.name for field in attrs.fields(ExperimentConfig)}


def test_bits_and_bytes_parameters(shipped: EngineSchema) -> None:
    params = shipped.sections[QUANTIZATION].params
    assert params["load_in_4bit"].type == "bool" and params["load_in_4bit"].default is False
    assert (params["bnb_4bit_quant_type"].type, params["bnb_4bit_quant_type"].default) == (
        "str",
        "fp4",
    )
    assert params["bnb_4bit_compute_dtype"].type == "torch.dtype | str | None"
    assert "kwargs" not in params and "self" not in params
    assert "4-bit quantization" in params["load_in_4bit"].description
    assert all(parameter.set_in is None for parameter in params.values())


def test_check_passes_on_the_shipped_schema(
    transformers: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert schema_discovery.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_reports_a_stale_schema(
    transformers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    stale = SCHEMA_FILE.read_text(encoding="utf-8").replace('"num_beams"', '"num_beamz"')
    monkeypatch.setattr(schema_discovery, "SCHEMA_FILE", write(tmp_path, stale))
    assert schema_discovery.main(["--check"]) == EXIT_STALE
    out = capsys.readouterr().out
    assert "safe      transformers.generation.num_beams: added" in out
    assert "breaking  transformers.generation.num_beamz: removed" in out
    assert "--write" in out


def test_check_reports_a_missing_schema(
    transformers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(schema_discovery, "SCHEMA_FILE", tmp_path / "schema.json")
    assert schema_discovery.main(["--check"]) == EXIT_STALE
    assert "is missing" in capsys.readouterr().out


def test_check_refuses_a_library_other_than_the_pinned_one(
    transformers: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(schema_discovery, "pinned_version", lambda: "0.0.1")
    assert schema_discovery.main(["--check"]) == EXIT_WRONG_LIBRARY
    assert "pip install transformers==0.0.1" in capsys.readouterr().out


def test_write_regenerates_the_shipped_file(
    transformers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(tmp_path, "{}")
    monkeypatch.setattr(schema_discovery, "SCHEMA_FILE", target)
    assert schema_discovery.main(["--write"]) == 0
    assert target.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "data"),
    [
        ((1, 2.5), [1, 2.5]),
        ({1: None}, {"1": None}),
        (float("inf"), "inf"),
        (Path("x"), "x"),
        (True, True),
    ],
)
def test_jsonable(value: Any, data: Any) -> None:
    assert jsonable(value) == data
