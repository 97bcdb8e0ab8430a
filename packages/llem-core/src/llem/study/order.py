"""The order a study's runs go in: which configuration, which cycle, one after another."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

from llem.study.execution import ExecutionConfig

Slot = tuple[int, int]
"""(configuration index, cycle number from 1)."""


def order_runs(n_configs: int, execution: ExecutionConfig, design_hash: str) -> list[Slot]:
    """Every (configuration, cycle) pair once, in the order ``execution.order`` names."""
    cycles = range(1, execution.cycles + 1)
    if execution.order == "sequential":
        return [(index, cycle) for index in range(n_configs) for cycle in cycles]
    arrange = _ARRANGERS[execution.order](n_configs, execution, design_hash)
    return [(index, cycle) for cycle in cycles for index in arrange(cycle)]


def _interleave(n: int, _execution: ExecutionConfig, _hash: str) -> Callable[[int], list[int]]:
    return lambda _cycle: list(range(n))


def _reverse(n: int, _execution: ExecutionConfig, _hash: str) -> Callable[[int], list[int]]:
    return lambda cycle: list(range(n)) if cycle % 2 == 1 else list(reversed(range(n)))


def _shuffle(n: int, execution: ExecutionConfig, design_hash: str) -> Callable[[int], list[int]]:
    seed = execution.seed if execution.seed is not None else shuffle_seed(design_hash)

    def arrange(cycle: int) -> list[int]:
        indices = list(range(n))
        random.Random(f"{seed}:{cycle}").shuffle(indices)
        return indices

    return arrange


def _latin(n: int, _execution: ExecutionConfig, _hash: str) -> Callable[[int], list[int]]:
    return lambda cycle: latin_square_row(n, cycle - 1)


_ARRANGERS = {
    "interleave": _interleave,
    "reverse": _reverse,
    "shuffle": _shuffle,
    "latin_square": _latin,
}


def shuffle_seed(design_hash: str) -> int:
    """The default shuffle seed: the same study design always shuffles the same way."""
    return int(hashlib.sha256(design_hash.encode()).hexdigest()[:12], 16)


def latin_square_row(n: int, row: int) -> list[int]:
    """Row ``row`` of a Williams (balanced) Latin square of order ``n``.

    Over ``n`` rows every item takes every position once; for even ``n`` every item also
    directly follows every other item once. For odd ``n`` rows ``n``..``2n-1`` are the first
    ``n`` reversed, which balances the carry-over across ``2n`` rows. Rows repeat beyond that."""
    if n == 0:
        return []
    first = _williams_first_row(n)
    shifted = [(item + row % n) % n for item in first]
    mirrored = n % 2 == 1 and (row // n) % 2 == 1
    return shifted[::-1] if mirrored else shifted


def _williams_first_row(n: int) -> list[int]:
    # 0, 1, n-1, 2, n-2, ...: successive differences cover every non-zero residue once.
    row, low, high = [0], 1, n - 1
    while len(row) < n:
        row.append(low)
        low += 1
        if len(row) < n:
            row.append(high)
            high -= 1
    return row
