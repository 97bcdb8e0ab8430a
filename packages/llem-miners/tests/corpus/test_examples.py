"""Example values for mined rules: the positive fires the rule, the negative breaks only its
first field; both checked against llem's own compiled predicates."""

from __future__ import annotations

from typing import Any

import pytest

from llem.rules.predicates import compile_field
from llem_miners.examples import OUTSIDE, examples


def fires(fields: dict[str, Any], kwargs: dict[str, Any]) -> bool:
    return all(compile_field(key, spec).test(kwargs) for key, spec in fields.items())


@pytest.mark.parametrize(
    "fields",
    [
        {"temperature": {"<=": 0}},
        {"top_p": {"<": 0}, "do_sample": True},
        {"mode": {"not_in": ["a", "b"]}},
        {"n": {">": "@beams"}, "beams": {"!=": 1}},
        {"x": {"present": True}, "beams": {"absent": True}},
        {"flag": {"type_is_not": "bool"}},
        {"k": {"type_is": "int", "!=": 1}},
        {"ids": {"==": []}},
        {"size": {"not_divisible_by": 16}},
    ],
)
def test_positive_fires_and_negative_does_not(fields: dict[str, Any]) -> None:
    found = examples(fields)
    assert found is not None
    positive, negative = found
    assert fires(fields, positive)
    assert not fires(fields, negative)
    first = next(iter(fields))
    others = {key: value for key, value in fields.items() if key != first}
    assert fires(others, negative), "only the first field may differ"


def test_thresholds_give_boundary_values_of_the_hinted_type() -> None:
    assert examples({"temperature": {"<=": 0}}, {"temperature": "float"}) == (
        {"temperature": 0.0},
        {"temperature": 1.0},
    )
    assert examples({"top_k": {"<": 0}}) == ({"top_k": -1}, {"top_k": 0})


def test_a_value_outside_a_list_is_the_probe_string() -> None:
    assert examples({"mode": {"not_in": ["a", "b"]}}) == ({"mode": OUTSIDE}, {"mode": "a"})


def test_a_boolean_is_negated() -> None:
    assert examples({"x": {">": 1}, "do_sample": False}) == (
        {"do_sample": False, "x": 2},
        {"do_sample": False, "x": 1},
    )


def test_unsatisfiable_fields_give_none() -> None:
    assert examples({"x": {"<": 0, ">": 5}}) is None
    assert examples({}) is None
