"""The Pareto front and the choice of x axis, as pure functions."""

from __future__ import annotations

import pytest

from llem.report.axes import axis_kind, categories
from llem.report.pareto import dominates, pareto_front


def test_front_of_known_points() -> None:
    # (tokens/s, J/token): c and e are dominated; a, b, d trade speed for energy.
    points = [(100.0, 1.0), (200.0, 1.5), (150.0, 1.6), (400.0, 3.0), (300.0, 3.5)]
    assert pareto_front(points) == [0, 1, 3]


def test_one_point_dominating_all_is_the_whole_front() -> None:
    assert pareto_front([(1.0, 5.0), (10.0, 0.5), (5.0, 2.0)]) == [1]


def test_equal_points_are_all_on_the_front_and_empty_input_is_empty() -> None:
    assert pareto_front([(2.0, 2.0), (2.0, 2.0), (1.0, 3.0)]) == [0, 1]
    assert pareto_front([]) == []


def test_dominance_needs_one_strict_improvement() -> None:
    assert dominates((2.0, 1.0), (1.0, 1.0))
    assert dominates((1.0, 0.5), (1.0, 1.0))
    assert not dominates((1.0, 1.0), (1.0, 1.0))
    assert not dominates((2.0, 2.0), (1.0, 1.0))


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ([1, 2, 4, 8, 16], "log2"),
        ([1, 2, 4], "log2"),  # powers of two, however narrow the span
        ([1, 3, 100], "linear"),
        ([0.5, 1.0, 2.0, 8.0], "log2"),
        ([0.1, 0.2], "linear"),
        (["float16", "float32"], "category"),
        ([1, "auto"], "category"),
        ([True, False], "category"),
        ([None, 2, 32], "log2"),
        ([], "category"),
    ],
)
def test_axis_kind(values: list[object], kind: str) -> None:
    assert axis_kind(values) == kind


def test_categories_keep_first_appearance_order() -> None:
    assert categories(["b", "a", None, "b", 3]) == ["b", "a", "3"]
