"""The pieces of the conflict and dormant findings, on hand-made probes and observations:
a pair's outcome, a swept keyword's region, an inert keyword's dormant predicate, and findings
kept once."""

from __future__ import annotations

from typing import Any

import pytest

from llem_miners.dynamic import KeywordFacts
from llem_miners.dynamic.conflicts import new_warnings, pair_outcome, region
from llem_miners.dynamic.dormant import inert_predicate
from llem_miners.dynamic.findings import Finding, Gap
from llem_miners.dynamic.mine import _distinct
from llem_miners.dynamic.observe import Probe
from llem_miners.dynamic.series import Series
from llem_miners.replay import Observation

QUIET = Observation(effect={"a": 1})


def _raised(message: str, kind: str = "ValueError") -> Observation:
    return Observation(raised=f"{kind}: {message}")


def _warned(*texts: str) -> Observation:
    return Observation(warnings=texts, effect={"a": 1})


@pytest.mark.parametrize(
    ("paired", "alone", "expected"),
    [
        (_raised("x with y"), (QUIET, QUIET), "raise"),
        (_raised("x with y"), (_raised("x bad"), QUIET), "raise"),
        (_raised("x bad"), (_raised("x bad"), QUIET), "same"),
        (_raised("y bad"), (QUIET, _raised("y bad")), "same"),
        # The exception class is not part of the message: the same text is the same error.
        (_raised("x bad", "TypeError"), (_raised("x bad"), QUIET), "same"),
        (_warned("x ignored with y"), (QUIET, QUIET), "warn"),
        (_warned("x ignored with y"), (_raised("x bad"), QUIET), "warn"),  # valid or not
        (_warned("x ignored with y"), (_warned("x ignored with y"), QUIET), "quiet"),
        (_warned("y high"), (QUIET, _warned("y high")), "quiet"),
        (QUIET, (QUIET, QUIET), "quiet"),
        (Observation(effect={"a": 2}), (_raised("x bad"), QUIET), "quiet"),
    ],
)
def test_pair_outcome(paired: Observation, alone: tuple[Observation, ...], expected: str) -> None:
    assert pair_outcome(paired, *alone) == expected


def test_new_warnings_keep_the_pairs_own_in_order() -> None:
    paired = _warned("b", "old", "a")
    assert new_warnings(paired, _warned("old"), QUIET) == ["b", "a"]
    assert new_warnings(paired, _warned("a", "b", "old")) == []


def _series(facts: KeywordFacts, outcomes: list[tuple[Any, str]], keyword: str = "k") -> Series:
    probes = tuple(Probe(value, outcome) for value, outcome in outcomes)  # type: ignore[arg-type]
    return Series(keyword, facts, probes)


def _points(outcomes: list[tuple[Any, str]]) -> list[Probe]:
    return [Probe(value, outcome) for value, outcome in outcomes]  # type: ignore[arg-type]


INT_NO_DEFAULT = KeywordFacts("int", None)
INT_DEFAULT_1 = KeywordFacts("int", 1, (1,))


@pytest.mark.parametrize(
    ("facts", "points", "outcome", "expected"),
    [
        # Every swept value shows it: the keyword set at all.
        (INT_NO_DEFAULT, [(-1, "raise"), (0, "raise"), (1, "raise")], "raise", {"present": True}),
        (INT_DEFAULT_1, [(0, "warn"), (1, "warn"), (2, "warn")], "warn", {"!=": 1}),
        # A numeric run: one bound, strict at a threshold on the quiet side.
        (
            INT_DEFAULT_1,
            [(-1, "quiet"), (0, "quiet"), (1, "quiet"), (2, "warn"), (1000, "warn")],
            "warn",
            {">": 1},
        ),
        (INT_DEFAULT_1, [(0, "raise"), (1, "quiet"), (2, "raise")], "raise", {"!=": 1}),
        # Two runs cannot be one predicate.
        (
            INT_NO_DEFAULT,
            [(-1, "raise"), (0, "quiet"), (1, "raise"), (2, "quiet"), (1000, "raise")],
            "raise",
            None,
        ),
        # A value that raises alone with the same message: left out of a raise region...
        (
            INT_NO_DEFAULT,
            [(-1, "same"), (0, "same"), (1, "raise"), (1000, "raise")],
            "raise",
            {"present": True},
        ),
        # ... and no warning in a warn region.
        (
            INT_NO_DEFAULT,
            [(-1, "same"), (0, "same"), (1, "warn"), (1000, "warn")],
            "warn",
            {">=": 1},
        ),
        (KeywordFacts("bool", False), [(False, "quiet"), (True, "raise")], "raise", True),
        (
            KeywordFacts("str", "a", ("a", "b", "c")),
            [("a", "quiet"), ("b", "raise"), ("c", "quiet")],
            "raise",
            "b",
        ),
        (
            KeywordFacts("str", "a", ("a", "b", "c")),
            [("a", "quiet"), ("b", "warn"), ("c", "warn")],
            "warn",
            {"in": ["b", "c"]},
        ),
        # Nothing shows the outcome (another one does not count).
        (INT_NO_DEFAULT, [(0, "quiet"), (1, "warn")], "raise", None),
        (INT_NO_DEFAULT, [(0, "same"), (1, "same")], "raise", None),
    ],
)
def test_region(
    facts: KeywordFacts, points: list[tuple[Any, str]], outcome: str, expected: Any
) -> None:
    series = _series(facts, [])
    assert region(series, _points(points), outcome) == expected


@pytest.mark.parametrize(
    ("facts", "outcomes", "expected"),
    [
        # num_return_sequences: -1, 0 and the default 1 ignored while greedy, 1000 raises.
        (
            KeywordFacts("int", 1),
            [(-1, "ignore"), (0, "ignore"), (1, "default"), (1000, "raise")],
            {"<=": 1},
        ),
        # A warned value is not a raise: it is in the dormant region.
        (
            KeywordFacts("int", None),
            [(-1, "raise"), (0, "raise"), (1, "warn"), (1000, "ignore")],
            {">=": 1},
        ),
        # Nothing raised: set at all (present, or not the default).
        (KeywordFacts("int", None), [(-1, "ignore"), (1, "ignore")], {"present": True}),
        (KeywordFacts("float", 1.0), [(0.0, "ignore"), (1.0, "default")], {"!=": 1.0}),
        # Only a wrong type raised: no numeric value did.
        (
            KeywordFacts("int", None),
            [(1, "ignore"), (1000, "ignore"), ("__llem_probe__", "raise")],
            {"present": True},
        ),
        # Two quiet runs make no one region: set at all.
        (
            KeywordFacts("int", 1),
            [(-1, "ignore"), (0, "raise"), (1, "default"), (1000, "raise")],
            {"!=": 1},
        ),
        # Booleans are not numbers here.
        (KeywordFacts("bool", None), [(False, "ignore"), (True, "raise")], {"present": True}),
    ],
)
def test_inert_predicate(
    facts: KeywordFacts, outcomes: list[tuple[Any, str]], expected: Any
) -> None:
    assert inert_predicate(_series(facts, outcomes)) == expected


def _finding(fields: dict[str, Any], outcome: str = "raise", **changes: Any) -> Finding:
    keyword = next(iter(fields))
    values: dict[str, Any] = {
        "keyword": keyword,
        "outcome": outcome,
        "fields": fields,
        "template": "t",
        "description": "d",
        "observed": ({keyword: 1}, {}),
    }
    return Finding(**{**values, **changes})


def test_distinct_keeps_the_first_of_each_finding_and_every_gap() -> None:
    first = _finding({"x": {"present": True}, "y": {">": 1}}, "warn", dormant=True)
    twin = _finding(
        {"x": {"present": True}, "y": {">": 1}},
        "warn",
        dormant=True,
        template="other",
        observed=({"x": -1, "y": 2}, {"x": -1}),
    )
    not_dormant = _finding({"x": {"present": True}, "y": {">": 1}}, "warn")
    raising = _finding({"x": {"present": True}, "y": {">": 1}}, "raise")
    other_fields = _finding({"x": {"present": True}, "y": {">=": 1}}, "warn", dormant=True)
    gap, same_gap = Gap("x", "why"), Gap("x", "why")
    outputs: list[Finding | Gap] = [
        first, gap, twin, not_dormant, raising, other_fields, same_gap, first
    ]  # fmt: skip
    kept = _distinct(outputs)
    assert kept == [first, gap, not_dormant, raising, other_fields, same_gap]
    assert kept[0] is first  # the first found wins, with its own examples
    assert _distinct([]) == []


def test_distinct_tells_values_of_another_type_apart() -> None:
    ints = _finding({"x": 1, "y": 2})
    floats = _finding({"x": 1.0, "y": 2})
    flags = _finding({"x": True, "y": 2})
    assert _distinct([ints, floats, flags, _finding({"x": 1, "y": 2})]) == [ints, floats, flags]
