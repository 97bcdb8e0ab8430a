"""``llem config show``: the parameter listing a person reads."""

from __future__ import annotations

import pytest

from llem.errors import UsageError
from llem.rules.schema import EngineSchema, Parameter, Section
from llem.rules.schema_view import WIDTH, first_sentence, render_parameters

LONG = "Number of beams for beam search, " + "and more words " * 20 + "ending here. Then more."

GENERATION = Section(
    "engine.generation",
    "Native ``generate`` keywords.",
    "lib.GenerationConfig",
    True,
    {
        "num_beams": Parameter("num_beams", "int", 1, "Number of beams. More words follow."),
        "temperature": Parameter("temperature", "float", 1.0, "", "engine.sampling.temperature"),
        "pad_token_id": Parameter(
            "pad_token_id", "int | None", None, "", "llem (from the tokenizer)"
        ),
        "long": Parameter("long", "str", "x", LONG),
    },
)
TYPED = Section(
    "engine", "The engine.", None, False, {"batch_size": Parameter("batch_size", "int", 1, "")}
)
SCHEMA = EngineSchema("engine", "lib", "1.0", {"engine": TYPED, "engine.generation": GENERATION})


def test_every_section_is_listed_with_its_kind() -> None:
    text = render_parameters(SCHEMA)
    assert "engine: typed (llem's own settings), 1 parameter\n" in text
    assert "engine.generation: pass-through to lib.GenerationConfig, 4 parameters\n" in text
    assert "  batch_size: int = 1" in text


def test_a_parameter_shows_type_default_and_first_sentence() -> None:
    lines = render_parameters(SCHEMA, "engine.generation").splitlines()
    index = lines.index("  num_beams: int = 1")
    assert lines[index + 1] == "      Number of beams."
    assert "  pad_token_id: int | None = null" in lines
    assert '  long: str = "x"' in lines


def test_parameters_llem_sets_say_where() -> None:
    lines = render_parameters(SCHEMA, "engine.generation").splitlines()
    assert lines[lines.index("  temperature: float = 1.0") + 1] == (
        "      set by llem via engine.sampling.temperature"
    )
    assert lines[lines.index("  pad_token_id: int | None = null") + 1] == (
        "      set by llem (from the tokenizer)"
    )


def test_long_descriptions_are_wrapped_and_cut_to_two_lines() -> None:
    lines = render_parameters(SCHEMA, "engine.generation").splitlines()
    start = lines.index('  long: str = "x"') + 1
    description = lines[start : start + 2]
    assert all(len(line) <= WIDTH and line.startswith("      ") for line in description)
    assert description[1].endswith(" ...")
    assert lines[start + 2].startswith("  ") and not lines[start + 2].startswith("      ")


def test_section_descriptions_drop_rest_double_backticks() -> None:
    assert "  Native `generate` keywords." in render_parameters(SCHEMA, "engine.generation")


def test_only_the_chosen_section_is_shown() -> None:
    text = render_parameters(SCHEMA, "engine")
    assert "batch_size" in text and "num_beams" not in text


def test_an_unknown_section_lists_the_sections() -> None:
    with pytest.raises(UsageError) as raised:
        render_parameters(SCHEMA, "engine.generaton")
    message = str(raised.value)
    assert "no section 'engine.generaton' in the engine schema" in message
    assert "(did you mean 'engine.generation'?)" in message
    assert message.endswith("its sections: engine, engine.generation")


def test_an_empty_section_says_so() -> None:
    empty = EngineSchema("e", "lib", "1", {"e.x": Section("e.x", "", "lib.X", True, {})})
    assert render_parameters(empty).splitlines()[1] == "  (no parameters)"


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("One. Two.", "One."),
        ("Use e.g. this one. Next.", "Use e.g. this one."),
        ("Try e.g. 0.2 here. 1 means off.", "Try e.g. 0.2 here. 1 means off."),
        ("Ends in seconds. generation goes on.", "Ends in seconds. generation goes on."),
        ("A list: x. - `a`: first", "A list: x."),
        ("", ""),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


def test_the_shipped_transformers_schema_renders_within_the_width() -> None:
    from llem.rules.schema import load_schema_resource

    text = render_parameters(load_schema_resource("llem_transformers:schema.json"))
    assert "  num_beams: int = 1" in text
    assert max(len(line) for line in text.splitlines()) <= WIDTH
