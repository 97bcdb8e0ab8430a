"""The execution orders: every (configuration, cycle) exactly once, arranged as documented."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from llem.study.execution import ExecutionConfig
from llem.study.order import latin_square_row, order_runs


def _order(n: int, order: str, cycles: int, seed: int | None = None) -> list[tuple[int, int]]:
    execution = ExecutionConfig(cycles=cycles, order=order, seed=seed)  # type: ignore[arg-type]
    return order_runs(n, execution, "0123456789abcdef")


ORDERS = ["sequential", "interleave", "shuffle", "reverse", "latin_square"]


@pytest.mark.parametrize("order", ORDERS)
def test_every_run_once(order: str) -> None:
    slots = _order(5, order, 3)
    assert sorted(slots) == [(i, c) for i in range(5) for c in (1, 2, 3)]


def test_sequential_keeps_cycles_together() -> None:
    assert _order(2, "sequential", 2) == [(0, 1), (0, 2), (1, 1), (1, 2)]


def test_interleave_goes_cycle_by_cycle() -> None:
    assert _order(2, "interleave", 2) == [(0, 1), (1, 1), (0, 2), (1, 2)]


def test_reverse_alternates() -> None:
    assert [i for i, _ in _order(3, "reverse", 2)] == [0, 1, 2, 2, 1, 0]


def test_shuffle_is_seeded_by_the_design_hash_and_differs_per_cycle() -> None:
    first, again = _order(8, "shuffle", 3), _order(8, "shuffle", 3)
    assert first == again
    cycles = [[i for i, c in first if c == k] for k in (1, 2, 3)]
    assert len({tuple(cycle) for cycle in cycles}) > 1
    other = order_runs(8, ExecutionConfig(cycles=3, order="shuffle"), "fedcba9876543210")
    assert other != first


def test_shuffle_seed_overrides_the_hash() -> None:
    assert _order(8, "shuffle", 2, seed=7) == _order(8, "shuffle", 2, seed=7)
    assert _order(8, "shuffle", 2, seed=7) != _order(8, "shuffle", 2, seed=8)


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_latin_square_every_position_once(n: int) -> None:
    rows = [latin_square_row(n, k) for k in range(n)]
    for row in rows:
        assert sorted(row) == list(range(n))
    for position in range(n):
        assert sorted(row[position] for row in rows) == list(range(n))


@pytest.mark.parametrize("n", [2, 4, 6])
def test_latin_square_balances_carry_over_for_even_n(n: int) -> None:
    pairs = Counter(pair for k in range(n) for pair in itertools.pairwise(latin_square_row(n, k)))
    assert set(pairs.values()) == {1}
    assert len(pairs) == n * (n - 1)


@pytest.mark.parametrize("n", [3, 5])
def test_latin_square_balances_carry_over_over_2n_rows_for_odd_n(n: int) -> None:
    rows = [latin_square_row(n, k) for k in range(2 * n)]
    pairs = Counter(pair for row in rows for pair in itertools.pairwise(row))
    assert set(pairs.values()) == {2}
    assert len(pairs) == n * (n - 1)
