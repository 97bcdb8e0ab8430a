"""Pass-through values against the schema's type text: refused only when no member of the union
can hold them; a member llem cannot check (a library class) lets anything through."""

from __future__ import annotations

from typing import Any

import pytest

from llem.rules.schema import EngineSchema, Parameter, Section
from llem.rules.schema_values import mistyped_parameters, type_problem


@pytest.mark.parametrize(
    ("value", "type_text"),
    [
        (3, "int"),
        (2, "float"),
        (0.5, "float | None"),
        (None, "int | None"),
        ("never", "bool | str"),
        ([[1, 2], [3]], "list[list[int]] | None"),
        ([2, 0.5], "tuple[int, float] | None"),
        ({"a": 1.5}, "dict[str, float]"),
        ({"anything": [1]}, "dict | None"),
        (16, "1 | 8 | 16"),
        ("mp", "'ray' | 'mp' | None"),
        ("whatever", "Any"),
        ({"mode": "x"}, "CompileConfig | None"),
        ("bf16", "torch.dtype | str | None"),
    ],
)
def test_values_the_type_holds_pass(value: Any, type_text: str) -> None:
    assert type_problem(value, type_text) is None


@pytest.mark.parametrize(
    ("value", "type_text", "message"),
    [
        ("three", "int", "expected an integer, got 'three' (a string)"),
        (True, "int", "expected an integer, got true (a boolean)"),
        (2.5, "int | None", "expected an integer or null, got 2.5 (a float)"),
        ("yes", "bool", "expected true or false, got 'yes' (a string)"),
        (1, "str | list[str] | None", "expected a string, a list of strings or null, got 1"),
        ([1, "a"], "list[int]", 'expected a list of integers, got [1, "a"]'),
        ([[1, "x"]], "list[list[int]] | None", "expected a list of lists of integers or null"),
        ([1], "tuple[int, float] | None", "expected a list (int, float) or null, got [1]"),
        ("fast", "'ray' | 'mp'", "expected 'ray' or 'mp', got 'fast' (a string)"),
        (3, "1 | 8 | 16", "expected 1, 8 or 16, got 3 (an integer)"),
        ([1], "dict | None", "expected a mapping or null, got [1]"),
    ],
)
def test_values_the_type_cannot_hold_are_refused(value: Any, type_text: str, message: str) -> None:
    problem = type_problem(value, type_text)
    assert problem is not None and problem.startswith(message)


def test_only_known_and_free_pass_through_keys_are_type_checked() -> None:
    params = {
        "num_beams": Parameter("num_beams", "int", 1),
        "temperature": Parameter("temperature", "float", 1.0, set_in="x.sampling.temperature"),
    }
    section = Section("x.generation", "", "GenerationConfig", True, params)
    schema = EngineSchema("x", "lib", "1", {"x.generation": section})
    view = {"x": {"generation": {"num_beams": "three", "temperature": "hot", "nope": "x"}}}
    assert mistyped_parameters(view, schema) == [
        ("x.generation.num_beams", "expected an integer, got 'three' (a string)")
    ]
