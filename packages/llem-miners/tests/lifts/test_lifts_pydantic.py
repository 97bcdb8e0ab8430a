"""The pydantic lift on synthetic models: exact candidates, and each one's examples replayed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from llem_miners.candidate import Candidate, MineResult
from llem_miners.gate.probes import template_regex

pytest.importorskip("pydantic")

SAMPLER = "pydantic_models:Sampler"
STRICT = "pydantic_models:StrictCounts"
CACHE = "pydantic_models:CacheLike"
FILE = "lift_samples/pydantic_models.py"


def summary(candidate: Candidate) -> tuple[Any, ...]:
    return (
        candidate.where.method,
        dict(candidate.fields),
        dict(candidate.kwargs_positive),
        dict(candidate.kwargs_negative),
        candidate.message_template,
    )


def test_model_bounds_and_literals_are_lifted(lift: Callable[..., MineResult]) -> None:
    result = lift(SAMPLER)
    assert [summary(c) for c in result.candidates] == [
        ("Sampler.size", {"size": {"<=": 0}}, {"size": 0}, {"size": 1},
         "Input should be greater than 0"),
        ("Sampler.ratio", {"ratio": {"<=": 0}}, {"ratio": 0.0}, {"ratio": 1.0},
         "Input should be greater than 0"),
        ("Sampler.ratio", {"ratio": {">": 1}}, {"ratio": 2.0}, {"ratio": 1.0},
         "Input should be less than or equal to 1"),
        ("Sampler.limit", {"limit": {">=": 100}}, {"limit": 100}, {"limit": 99},
         "Input should be less than 100"),
        ("Sampler.step", {"step": {"not_divisible_by": 8}}, {"step": 9}, {"step": 8},
         "Input should be a multiple of 8"),
        ("Sampler.mode", {"mode": {"not_in": ["fast", "slow"]}}, {"mode": "__llem_probe__"},
         {"mode": "fast"}, "Input should be 'fast' or 'slow'"),
        # Lax pydantic accepts True for the Literal's 1: the rule must not fire on it.
        ("Sampler.flag", {"flag": {"not_in": [1, 2, True]}}, {"flag": "__llem_probe__"},
         {"flag": 1}, "Input should be 1 or 2"),
        ("Sampler.floor", {"floor": {"<": -1}}, {"floor": -2}, {"floor": -1},
         "Input should be greater than or equal to -1"),
    ]  # fmt: skip
    assert {
        (c.severity, c.expected_outcome, c.added_by, c.native_type) for c in result.candidates
    } == {("error", "raise", "pydantic_lift", "T")}


def test_candidates_point_at_the_field_definitions(
    lift: Callable[..., MineResult], line_of: Callable[[str, str], int]
) -> None:
    result = lift(SAMPLER)
    size = result.candidates[0].where
    assert (size.file, size.line) == (FILE, line_of("pydantic_models", "size: int"))
    mode = next(c for c in result.candidates if c.where.method == "Sampler.mode").where
    assert mode.line == line_of("pydantic_models", "mode: Mode")


def test_untranslatable_constructs_are_unmined(
    lift: Callable[..., MineResult], line_of: Callable[[str, str], int]
) -> None:
    unmined = lift(SAMPLER).unmined
    assert [(u.where.method, u.construct, u.miner) for u in unmined] == [
        ("Sampler.tags", "MinLen(min_length=1)", "pydantic_lift"),
        ("Sampler.either", "Union[int, Literal['auto']]", "pydantic_lift"),
        ("Sampler._even", "Sampler._even", "pydantic_lift"),
    ]
    assert "length" in unmined[0].reason
    assert "static miner" in unmined[2].reason
    assert unmined[2].where.line == line_of("pydantic_models", '@field_validator("size")')


@pytest.mark.parametrize("model", [SAMPLER, STRICT, CACHE])
def test_examples_replay_against_the_class(
    model: str,
    lift: Callable[..., MineResult],
    build: Callable[..., Exception | None],
) -> None:
    candidates = lift(model).candidates
    assert candidates
    for candidate in candidates:
        raised = build(model, candidate.kwargs_positive)
        assert raised is not None, candidate
        assert template_regex(candidate.message_template).search(str(raised)), (candidate, raised)
        assert build(model, candidate.kwargs_negative) is None, candidate


def test_strict_mode_adds_type_rules(lift: Callable[..., MineResult]) -> None:
    assert [summary(c) for c in lift(STRICT).candidates] == [
        ("StrictCounts.count", {"count": {"type_is_not": "int"}}, {"count": 0.5}, {"count": 2},
         "Input should be a valid integer"),
        ("StrictCounts.scale", {"scale": {"type_is_not": "number"}},
         {"scale": "__llem_probe__"}, {"scale": 2.0}, "Input should be a valid number"),
    ]  # fmt: skip


def test_lax_mode_has_no_type_rules(lift: Callable[..., MineResult]) -> None:
    ops = {op for c in lift(SAMPLER).candidates for spec in c.fields.values() for op in spec}
    assert not ops & {"type_is", "type_is_not"}


def test_pydantic_dataclass_is_a_dataclass_lift(lift: Callable[..., MineResult]) -> None:
    result = lift(CACHE)
    assert [summary(c) for c in result.candidates] == [
        ("CacheLike.block", {"block": {"<=": 0}}, {"block": 0}, {"block": 1},
         "Input should be greater than 0"),
        ("CacheLike.dtype", {"dtype": {"not_in": ["auto", "fp8"]}}, {"dtype": "__llem_probe__"},
         {"dtype": "auto"}, "Input should be 'auto' or 'fp8'"),
    ]  # fmt: skip
    assert {c.added_by for c in result.candidates} == {"dataclass_lift"}
    assert not any("derived" in c.fields for c in result.candidates)  # init=False: no keyword


def test_skip_validation_field_is_unmined(
    lift: Callable[..., MineResult], build: Callable[..., Exception | None]
) -> None:
    assert build(CACHE, {"unchecked": 0}) is None  # pydantic really skips it
    [unchecked] = lift(CACHE).unmined
    assert (unchecked.where.method, unchecked.construct) == ("CacheLike.unchecked", "Gt(gt=0)")
    assert "SkipValidation" in unchecked.reason


def test_parameters_rename_keywords(lift: Callable[..., MineResult]) -> None:
    result = lift(CACHE, parameters={"dtype": "kv_cache_dtype"})
    dtype = result.candidates[1]
    assert dict(dtype.fields) == {"kv_cache_dtype": {"not_in": ["auto", "fp8"]}}
    assert dict(dtype.kwargs_negative) == {"kv_cache_dtype": "auto"}
