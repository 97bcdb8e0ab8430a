"""Parameter schemas: parsing ``schema.json``, its errors, and refusing pass-through keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from llem.errors import PluginError
from llem.rules.schema import (
    EngineSchema,
    Parameter,
    SchemaError,
    Section,
    dump_schema,
    load_schema_resource,
    parse_schema,
    set_by_llem,
    unknown_parameters,
)

GENERATION = "engine.generation"


def parameter(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "type": "int", "default": 1, "description": "", **fields}


def document(**overrides: Any) -> dict[str, Any]:
    """A small valid schema: a typed section and a pass-through one."""
    typed = {
        "path": "engine",
        "description": "The engine.",
        "native_type": None,
        "passthrough": False,
        "params": {"batch_size": parameter("batch_size")},
    }
    passthrough = {
        "path": GENERATION,
        "description": "Native keywords.",
        "native_type": "lib.GenerationConfig",
        "passthrough": True,
        "params": {
            "num_beams": parameter("num_beams"),
            "temperature": parameter("temperature", set_in="engine.sampling.temperature"),
            "pad_token_id": parameter("pad_token_id", set_in="llem (from the tokenizer)"),
        },
    }
    return {
        "format": 1,
        "engine": "engine",
        "library": "lib",
        "library_version": "1.2.3",
        "sections": {"engine": typed, GENERATION: passthrough},
        **overrides,
    }


def parsed(**overrides: Any) -> EngineSchema:
    return parse_schema(json.dumps(document(**overrides)), "schema.json")


def test_parse_reads_sections_and_parameters() -> None:
    schema = parsed()
    section = schema.sections[GENERATION]
    assert (schema.engine, schema.library, schema.library_version) == ("engine", "lib", "1.2.3")
    assert section.passthrough and section.native_type == "lib.GenerationConfig"
    assert section.params["num_beams"] == Parameter("num_beams", "int", 1, "")
    assert section.params["temperature"].set_in == "engine.sampling.temperature"
    assert not schema.sections["engine"].passthrough


def test_description_and_set_in_may_be_left_out() -> None:
    raw = document()
    raw["sections"][GENERATION]["params"]["num_beams"] = {"type": "int", "default": None}
    beams = parse_schema(json.dumps(raw), "x").sections[GENERATION].params["num_beams"]
    assert beams == Parameter("num_beams", "int", None, "", None)


def test_dump_then_parse_is_the_same_schema() -> None:
    schema = parsed()
    text = dump_schema(schema)
    assert parse_schema(text, "again") == schema
    assert text.endswith("}\n") and json.loads(text)["format"] == 1
    assert dump_schema(parse_schema(text, "again")) == text


def error_for(text: str) -> SchemaError:
    with pytest.raises(SchemaError) as raised:
        parse_schema(text, "engine/schema.json")
    return raised.value


def test_not_json_names_the_file_and_line() -> None:
    error = error_for('{"format": 1,\n  oops}')
    assert isinstance(error, PluginError)
    assert str(error).startswith("parameter schema engine/schema.json: not JSON")
    assert "line 2" in str(error)


def with_param(**fields: Any) -> str:
    raw = document()
    raw["sections"][GENERATION]["params"]["num_beams"] = fields
    return json.dumps(raw)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (json.dumps([1]), "the document must be a JSON object, got list"),
        (json.dumps(document(format=2)), "format 2 is not supported (expected 1)"),
        (json.dumps({"format": 1, "engine": "e"}), "missing 'library', 'library_version'"),
        (json.dumps(document(engine=3)), "'engine' must be a string, got 3"),
        (json.dumps(document(sections=[])), "sections must be a JSON object"),
        (with_param(type="int"), f"parameter {GENERATION}.num_beams: missing 'default'"),
        (with_param(type=5, default=1), "'type' must be a string, got 5"),
        (with_param(type="int", default=1, name="other"), "'name' is 'other'"),
        (with_param(type="int", default=1, descripton=""), "did you mean 'description'?"),
        (with_param(type="int", default=1, set_in=3), "'set_in' must be a string"),
    ],
)
def test_malformed_schemas_name_the_problem(text: str, problem: str) -> None:
    error = error_for(text)
    assert error.origin == "engine/schema.json"
    assert problem in error.problem


def test_passthrough_must_be_a_boolean() -> None:
    raw = document()
    raw["sections"][GENERATION]["passthrough"] = "yes"
    assert "'passthrough' must be true or false" in error_for(json.dumps(raw)).problem


def test_load_schema_resource_reads_package_data() -> None:
    schema = load_schema_resource("llem_transformers:schema.json")
    assert schema.engine == "transformers"
    assert "num_beams" in schema.sections["transformers.generation"].params


@pytest.mark.parametrize(
    ("resource", "problem"),
    [
        ("no-colon.json", "expected 'package:relative/path.json'"),
        ("llem_nosuchpackage:schema.json", "cannot read it"),
        ("llem:nosuch/schema.json", "cannot read it"),
    ],
)
def test_load_schema_resource_errors_name_the_resource(resource: str, problem: str) -> None:
    with pytest.raises(SchemaError) as raised:
        load_schema_resource(resource)
    assert raised.value.origin == resource
    assert problem in raised.value.problem


def view(generation: dict[Any, Any], **engine: Any) -> dict[str, Any]:
    return {"task": {"model": "m"}, "engine": {"generation": generation, **engine}}


def test_known_parameters_pass() -> None:
    assert unknown_parameters(view({"num_beams": 4}), parsed()) == []


def test_an_unknown_key_is_refused_with_a_suggestion() -> None:
    problems = unknown_parameters(view({"num_beam": 4}), parsed())
    message = "unknown parameter 'num_beam' of lib.GenerationConfig (did you mean 'num_beams'?)"
    assert problems == [(f"{GENERATION}.num_beam", message)]


def test_an_unknown_key_with_nothing_close_gets_no_suggestion() -> None:
    [(_path, message)] = unknown_parameters(view({"zzz": 1}), parsed())
    assert message == "unknown parameter 'zzz' of lib.GenerationConfig"


def test_a_non_string_key_is_refused() -> None:
    problems = unknown_parameters(view({1: "x", None: "y"}), parsed())
    assert [path for path, _ in problems] == [f"{GENERATION}.1", f"{GENERATION}.None"]
    assert problems[0][1] == "unknown parameter 1 of lib.GenerationConfig"


def test_a_key_llem_sets_names_where_to_set_it() -> None:
    problems = dict(unknown_parameters(view({"temperature": 0.5, "pad_token_id": 0}), parsed()))
    assert problems[f"{GENERATION}.temperature"] == (
        "set by llem: use engine.sampling.temperature instead"
    )
    assert problems[f"{GENERATION}.pad_token_id"] == (
        "set by llem (from the tokenizer); it cannot be passed through"
    )


def test_typed_sections_are_left_to_cattrs() -> None:
    assert unknown_parameters(view({}, batch_sise=2), parsed()) == []


def test_a_missing_or_non_mapping_section_is_not_checked() -> None:
    assert unknown_parameters({"engine": {}}, parsed()) == []
    assert unknown_parameters({"engine": {"generation": None}}, parsed()) == []
    assert unknown_parameters({"engine": 3}, parsed()) == []


def test_a_section_without_a_native_type_names_its_path() -> None:
    section = Section("engine.extra", "", None, True, {})
    schema = EngineSchema("engine", "lib", "1", {"engine.extra": section})
    [(_path, message)] = unknown_parameters({"engine": {"extra": {"k": 1}}}, schema)
    assert message == "unknown parameter 'k' in engine.extra"


@pytest.mark.parametrize(
    ("set_in", "phrase"),
    [
        ("transformers.sampling.top_k", "set by llem via transformers.sampling.top_k"),
        ("llem (from the tokenizer)", "set by llem (from the tokenizer)"),
        ("the runner", "set by llem (the runner)"),
    ],
)
def test_set_by_llem_phrases(set_in: str, phrase: str) -> None:
    assert set_by_llem(set_in) == phrase
