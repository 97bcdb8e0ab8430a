"""The Pareto front of the energy-throughput trade-off: throughput up, energy per token down."""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]


def dominates(a: Point, b: Point) -> bool:
    """``a`` is at least as fast and as frugal as ``b``, and strictly better in one of the two."""
    return a[0] >= b[0] and a[1] <= b[1] and a != b


def pareto_front(points: Sequence[Point]) -> list[int]:
    """Indices of the points (x: throughput, maximised; y: energy, minimised) that no other point
    dominates, in order of increasing x. Equal points are all on the front."""
    front = [i for i, p in enumerate(points) if not any(dominates(q, p) for q in points)]
    return sorted(front, key=lambda i: (points[i][0], -points[i][1]))
