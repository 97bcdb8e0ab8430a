"""The dynamic miner's pieces: probe values, run bounds and message templates."""

from __future__ import annotations

from typing import Any

import pytest

from llem_miners.dynamic import KeywordFacts
from llem_miners.dynamic.observe import Probe
from llem_miners.dynamic.probes import probe_values
from llem_miners.dynamic.regions import firing_runs, run_predicates
from llem_miners.dynamic.template import longest_common_fragment, message_template
from llem_miners.type_text import sample_value, union_members


def test_float_probes_surround_each_threshold() -> None:
    values = probe_values(KeywordFacts("float", 1.0, (0.5,)))
    assert values == (-1.0, 0.0, 0.4999995, 0.5, 0.5000005, 1000.0, "__llem_probe__")


def test_int_probes_and_the_cap_keep_thresholds_first() -> None:
    assert probe_values(KeywordFacts("int", None, (4,)), limit=3) == (3, 4, 5)
    assert probe_values(KeywordFacts("str", None, ("b", "a"))) == (1, "__llem_probe__", "a", "b")


def test_unknown_type_is_inferred_from_thresholds_without_wrong_type() -> None:
    facts = KeywordFacts(None, False, (True, False, "never", 0, 1))
    assert probe_values(facts) == (True, 0, 1, "__llem_probe__", "never")


def _points(outcomes: dict[Any, str]) -> list[Probe]:
    return [Probe(value, outcome) for value, outcome in sorted(outcomes.items())]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("outcomes", "thresholds", "expected"),
    [
        ({-1e-6: "raise", 0.0: "effect", 1e-6: "effect"}, (0,), [{"<": 0.0}]),
        ({-1e-6: "raise", 0.0: "raise", 1e-6: "effect"}, (0,), [{"<=": 0.0}]),
        ({0.5: "effect", 1.0: "effect", 1.000001: "raise"}, (1,), [{">": 1.0}]),
        ({0.5: "effect", 0.999999: "effect", 1.0: "raise"}, (1,), [{">=": 1.0}]),
        ({1: "effect", 2: "raise", 3: "effect"}, (), [{"==": 2}]),
        ({1: "effect", 2: "raise", 3: "raise", 4: "effect"}, (2, 3), [{">=": 2, "<=": 3}]),
        ({0: "raise", 1: "default", 2: "raise"}, (), [{"!=": 1}]),
        ({0: "raise", 1: "raise"}, (), []),
    ],
)
def test_run_bounds(outcomes: dict[Any, str], thresholds: tuple[Any, ...], expected: Any) -> None:
    points = _points(outcomes)
    runs = firing_runs(points, {"raise"})
    assert [predicate for predicate, _ in run_predicates(points, runs, thresholds)] == expected


def test_template_replaces_the_value_and_keeps_the_common_part() -> None:
    messages = ["must be greater than 0, but is -1.", "must be greater than 0, but is 0."]
    assert message_template("n", [-1, 0], messages) == "must be greater than 0, but is {n}."
    messages = ["n out of range: 2 (a)", "n out of range: 3 (b)"]
    assert message_template("n", [2, 3], messages) == "n out of range: {n} ("


def test_template_of_unrelated_messages_is_the_most_frequent() -> None:
    messages = ["division by zero", "negative dimension -1", "negative dimension -2"]
    assert message_template("n", [0, -1, -2], messages) == "negative dimension {n}"


def test_longest_common_fragment() -> None:
    assert longest_common_fragment(["xx shared yy", "shared z", "a shared"]) == "shared"
    assert longest_common_fragment(["abc", "xyz"]) == ""


def test_template_of_unrelated_messages_falls_back_on_the_preferred_one() -> None:
    messages = ["division by zero", "negative dimension -1", "negative dimension -2"]
    values = [0, -1, -2]
    assert message_template("n", values, messages) == "negative dimension {n}"
    assert message_template("n", values, messages, prefer=0) == "division by zero"


@pytest.mark.parametrize(
    ("type_text", "sample"),
    [
        ("list[int]", [1]),
        ("list[list[int]]", [[1]]),
        ("tuple[int, float]", [1, 1.0]),
        ("dict[str, int]", None),
        ("list[Any]", None),
    ],
)
def test_a_sample_value_is_built_from_the_element_types(type_text: str, sample: Any) -> None:
    assert sample_value(type_text) == sample


def test_union_members_split_at_the_top_level() -> None:
    assert union_members("int | list[int | str] | None") == ["int", "list[int | str]"]
    assert probe_values(KeywordFacts(None, None, declared="int | list[int] | None")) == (
        -1, 0, 1, 1000
    )  # fmt: skip
