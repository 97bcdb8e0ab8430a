"""The attrs and stdlib dataclass lifts, the thresholds, and classes no lift reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from llem.records import MineTarget
from llem_miners.candidate import Candidate, MineResult
from llem_miners.gate.probes import template_regex
from llem_miners.lifts import lift_thresholds

KNOBS = "plain_classes:Knobs"
PLAIN = "plain_classes:Plain"


def summary(candidate: Candidate) -> tuple[Any, ...]:
    return (
        candidate.where.method,
        dict(candidate.fields),
        dict(candidate.kwargs_positive),
        dict(candidate.kwargs_negative),
        candidate.message_template,
    )


def test_attrs_validators_are_lifted(lift: Callable[..., MineResult]) -> None:
    result = lift(KNOBS)
    assert [summary(c) for c in result.candidates] == [
        ("Knobs.level", {"level": {"<=": 0}}, {"level": 0}, {"level": 1}, "'level' must be > 0"),
        ("Knobs.kind", {"kind": {"not_in": ["x", "y"]}}, {"kind": "__llem_probe__"},
         {"kind": "x"}, "'kind' must be in ['x', 'y']"),
        ("Knobs.share", {"share": {"<": 0}}, {"share": -1.0}, {"share": 0.0},
         "'share' must be >= 0"),
        ("Knobs.share", {"share": {">": 1}}, {"share": 2.0}, {"share": 1.0},
         "'share' must be <= 1"),
        ("Knobs.width", {"width": {">=": 5}}, {"width": 5}, {"width": 4}, "'width' must be < 5"),
        # instance_of(int) accepts a bool (isinstance(True, int)): the rule spares it.
        ("Knobs.width", {"width": {"type_is_not": ["bool", "int"]}}, {"width": 0.5},
         {"width": True}, "'width' must be <class 'int'>"),
    ]  # fmt: skip
    assert {c.added_by for c in result.candidates} == {"attrs_lift"}


def test_attrs_examples_replay_against_the_class(
    lift: Callable[..., MineResult], build: Callable[..., Exception | None]
) -> None:
    for candidate in lift(KNOBS).candidates:
        raised = build(KNOBS, candidate.kwargs_positive)
        assert raised is not None, candidate
        assert template_regex(candidate.message_template).search(str(raised)), (candidate, raised)
        assert build(KNOBS, candidate.kwargs_negative) is None, candidate


def test_attrs_custom_validator_is_unmined_under_its_alias(
    lift: Callable[..., MineResult], line_of: Callable[[str, str], int]
) -> None:
    [custom] = lift(KNOBS).unmined
    assert (custom.where.method, custom.construct, custom.miner) == (
        "Knobs._hidden",
        "_custom",
        "attrs_lift",
    )
    assert custom.where.line == line_of("plain_classes", "_hidden: int")


def test_stdlib_dataclass_literal_is_not_enforced(
    lift: Callable[..., MineResult], build: Callable[..., Exception | None]
) -> None:
    # What the lift relies on: a plain dataclass builds with a value outside its Literal.
    assert build(PLAIN, {"choice": "z"}) is None
    result = lift(PLAIN)
    assert result.candidates == ()
    assert [(u.where.method, u.construct, u.miner) for u in result.unmined] == [
        ("Plain.choice", "Literal['a', 'b']", "dataclass_lift"),
        ("Plain.__post_init__", "Plain.__post_init__", "dataclass_lift"),
    ]
    assert "does not enforce" in result.unmined[0].reason
    assert "static miner" in result.unmined[1].reason


def test_code_checks_the_target_already_mines_are_not_repeated(
    lift: Callable[..., MineResult],
) -> None:
    result = lift(PLAIN, code=("lift_samples.plain_classes:Plain.__post_init__",))
    assert [u.construct for u in result.unmined] == ["Literal['a', 'b']"]


def test_thresholds_name_every_declared_value() -> None:
    target = MineTarget(
        native_type="T",
        models=("lift_samples.plain_classes:Knobs", "lift_samples.plain_classes:Plain"),
        parameters={"choice": "pick"},
    )
    assert lift_thresholds(target) == {
        "kind": ["x", "y"],
        "level": [0],
        "pick": ["a", "b"],  # declared, unenforced, renamed: still a probe value
        "share": [0, 1],
        "width": [5],
    }


def test_class_no_lift_reads_is_unmined(lift: Callable[..., MineResult]) -> None:
    result = lift("plain_classes:_custom")
    assert result.candidates == ()
    [unmined] = result.unmined
    assert unmined.construct == "lift_samples.plain_classes:_custom"
    assert "not a pydantic" in unmined.reason


def test_unknown_import_string_raises(lift: Callable[..., MineResult]) -> None:
    with pytest.raises(AttributeError):
        lift("plain_classes:Missing")
