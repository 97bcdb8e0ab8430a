"""Dormant rules to a fixpoint: idempotent, order-independent, convergent or refused; the
canonical hash of a view."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llem.rules.fixpoint import FixpointError, canonical_hash, normalise
from llem.rules.model import Outcome, Rule, Severity
from llem.rules.predicates import MISSING, lookup
from tests.rules.factories import build_rule

S = "t.sampling"
G = "t.generation"


def make_rule(
    rule_id: str, fields: dict[str, Any], normalised: dict[str, Any], severity: Severity = "dormant"
) -> Rule:
    outcome: Outcome = "normalise" if severity == "dormant" else "raise"
    return build_rule(
        rule_id,
        fields,
        severity=severity,
        outcome=outcome,
        normalised=normalised,
        engine="t",
        native_type="GenerationConfig",
    )


GREEDY = make_rule(
    "greedy_ignores_sampling",
    {f"{S}.do_sample": False},
    {f"{S}.temperature": 1.0, f"{S}.top_k": None},
)
TOP_P = make_rule("top_p_one_is_off", {f"{S}.top_p": {">=": 1}}, {f"{S}.top_p": None})
ONE_BEAM = make_rule(
    "one_beam_ignores_length_penalty", {f"{G}.num_beams": 1}, {f"{G}.length_penalty": 1.0}
)
ZERO_TEMPERATURE = make_rule(
    "zero_temperature_is_greedy", {f"{S}.temperature": {"==": 0}}, {f"{S}.do_sample": False}
)
RULES = (GREEDY, TOP_P, ONE_BEAM, ZERO_TEMPERATURE)


def optional(keys: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=keys)


numbers = st.one_of(st.none(), st.booleans(), st.integers(-2, 4), st.sampled_from([0.0, 0.5, 1.0]))
VIEWS = st.fixed_dictionaries(
    {
        "t": optional(
            {
                "sampling": optional(
                    {
                        "do_sample": st.one_of(st.none(), st.booleans(), st.just(0)),
                        "temperature": numbers,
                        "top_k": numbers,
                        "top_p": numbers,
                    }
                ),
                "generation": optional({"num_beams": numbers, "length_penalty": numbers}),
            }
        )
    },
    optional={"task": st.just({"max_output_tokens": 64})},
)


@settings(max_examples=300, deadline=None)
@given(VIEWS)
def test_normalising_is_idempotent(view: dict[str, Any]) -> None:
    once, fired = normalise(view, RULES)
    twice, _ = normalise(once, RULES)
    assert twice == once
    assert [rule.id for rule in fired] == sorted(rule.id for rule in fired)


@settings(max_examples=300, deadline=None)
@given(VIEWS, st.permutations(RULES))
def test_normalising_does_not_depend_on_rule_order(view: dict[str, Any], order: list[Rule]) -> None:
    assert normalise(view, order) == normalise(view, RULES)


@settings(max_examples=200, deadline=None)
@given(VIEWS)
def test_the_result_is_a_fixpoint_and_the_input_is_untouched(view: dict[str, Any]) -> None:
    before = copy.deepcopy(view)
    result, _ = normalise(view, RULES)
    assert view == before
    for rule in RULES:
        if rule.matches(result):
            assert all(holds(result, path, value) for path, value in rule.normalised.items())


def holds(view: dict[str, Any], path: str, value: Any) -> bool:
    """``path`` already has ``value`` (``None``: unset or missing), of the same type."""
    current = lookup(view, path)
    if value is None:
        return current is None or current is MISSING
    return type(current) is type(value) and current == value


def test_a_normalised_value_can_make_another_rule_fire() -> None:
    view = {"t": {"sampling": {"do_sample": True, "temperature": 0, "top_k": 50}}}
    result, fired = normalise(view, RULES)
    assert result == {"t": {"sampling": {"do_sample": False, "temperature": 1.0, "top_k": None}}}
    assert [rule.id for rule in fired] == ["greedy_ignores_sampling", "zero_temperature_is_greedy"]


def test_a_rewrite_that_only_changes_the_type_is_applied() -> None:
    result, _ = normalise({"t": {"sampling": {"do_sample": False, "temperature": 1}}}, RULES)
    assert type(result["t"]["sampling"]["temperature"]) is float


def test_non_dormant_rules_are_ignored() -> None:
    error = make_rule("an_error", {f"{S}.top_p": {">=": 1}}, {f"{S}.top_p": 0.5}, "error")
    view = {"t": {"sampling": {"top_p": 1.5}}}
    result, fired = normalise(view, [error])
    assert (result, fired) == (view, ())


def test_unsetting_a_missing_key_changes_nothing() -> None:
    view = {"t": {"sampling": {"do_sample": False, "temperature": 1.0}}}
    result, fired = normalise(view, RULES)
    assert result == view
    assert [rule.id for rule in fired] == ["greedy_ignores_sampling"]


def test_rules_that_rewrite_each_other_forever_are_refused_by_name() -> None:
    up = make_rule("flip_up", {"a.x": 1}, {"a.x": 2})
    down = make_rule("flip_down", {"a.x": 2}, {"a.x": 1})
    with pytest.raises(
        FixpointError, match=r"do not converge, still rewriting: flip_down, flip_up$"
    ):
        normalise({"a": {"x": 1}}, [up, down])


def test_rules_that_disagree_about_a_value_are_refused_by_name() -> None:
    one = make_rule("set_one", {"a.flag": True}, {"a.x": 1})
    two = make_rule("set_two", {"a.flag": True}, {"a.x": 2})
    with pytest.raises(
        FixpointError, match=r"set_one and set_two set a\.x to different values \(1 vs 2\)"
    ):
        normalise({"a": {"flag": True}}, [two, one])
    assert normalise({"a": {"flag": False}}, [one, two])[1] == ()


def test_the_hash_ignores_unset_values_and_key_order() -> None:
    view = {"b": {"y": 2, "x": 1}, "a": 1}
    same = {"a": 1, "c": None, "b": {"x": 1, "y": 2, "z": None, "empty": {"n": None}}}
    assert canonical_hash(view) == canonical_hash(same)
    assert len(canonical_hash(view)) == 64


@pytest.mark.parametrize(
    "other",
    [
        {"a": 2, "b": {"x": 1, "y": 2}},
        {"a": 1, "b": {"x": 1, "y": 2, "z": 0}},
        {"a": 1, "b": {"x": 1, "y": [2]}},
        {"a": 1.5, "b": {"x": 1, "y": 2}},
        {"a": "1", "b": {"x": 1, "y": 2}},
    ],
)
def test_the_hash_differs_when_a_set_value_differs(other: dict[str, Any]) -> None:
    assert canonical_hash({"a": 1, "b": {"x": 1, "y": 2}}) != canonical_hash(other)


def test_the_hash_of_a_normalised_view_merges_runs_that_are_the_same() -> None:
    greedy_warm = {"t": {"sampling": {"do_sample": False, "temperature": 0.3, "top_k": 5}}}
    greedy_cold = {"t": {"sampling": {"do_sample": False, "temperature": 0.9}}}
    sampled = {"t": {"sampling": {"do_sample": True, "temperature": 0.9}}}
    hashes = [canonical_hash(normalise(v, RULES)[0]) for v in (greedy_warm, greedy_cold, sampled)]
    assert hashes[0] == hashes[1] != hashes[2]
