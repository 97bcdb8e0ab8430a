"""Numeric probe series -> predicates: each contiguous run of firing probes becomes one bound.

A run at the low end is an upper bound (``<=``/``<``), one at the high end a lower bound
(``>``/``>=``), one in the middle both (one value alone: ``==``); everything but one inner value:
``!=``. Strict or not is chosen by which side of the boundary is a threshold (else a standard
probe value: 0, 1, -1): with ``t`` raising and ``t + ε`` not, the bound is ``<= t``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from llem_miners.dynamic.observe import Probe

STANDARD_ANCHORS = (0, 1, -1)

Run = tuple[int, int]


def firing_runs(points: Sequence[Probe], firing: Collection[str]) -> list[Run]:
    """Index ranges (inclusive) of maximal runs of points whose outcome is in ``firing``."""
    runs: list[Run] = []
    start: int | None = None
    for index, point in enumerate(points):
        if point.outcome in firing and start is None:
            start = index
        elif point.outcome not in firing and start is not None:
            runs.append((start, index - 1))
            start = None
    if start is not None:
        runs.append((start, len(points) - 1))
    return runs


def run_predicates(
    points: Sequence[Probe], runs: Sequence[Run], thresholds: Sequence[Any]
) -> list[tuple[dict[str, Any], Run]]:
    """One predicate per run (a single ``!=`` for two runs around one inner quiet point)."""
    last = len(points) - 1
    if len(runs) == 2 and runs[0][0] == 0 and runs[1][1] == last and runs[1][0] - runs[0][1] == 2:
        return [({"!=": points[runs[0][1] + 1].value}, (0, last))]
    predicates = [(run_predicate(points, run, thresholds), run) for run in runs]
    return [(predicate, run) for predicate, run in predicates if predicate]


def run_predicate(points: Sequence[Probe], run: Run, thresholds: Sequence[Any]) -> dict[str, Any]:
    """The bound(s) that select exactly the points of ``run`` (empty: the run is everything)."""
    start, end = run
    last = len(points) - 1
    if start == end and 0 < start < last:
        return {"==": points[start].value}
    predicate: dict[str, Any] = {}
    if start > 0:
        predicate.update(lower_bound(points[start - 1].value, points[start].value, thresholds))
    if end < last:
        predicate.update(upper_bound(points[end].value, points[end + 1].value, thresholds))
    return predicate


def upper_bound(firing: Any, quiet: Any, thresholds: Sequence[Any]) -> dict[str, Any]:
    """``firing`` is the largest firing value, ``quiet`` the next one up."""
    return _bound(firing, quiet, thresholds, inclusive="<=", strict="<")


def lower_bound(quiet: Any, firing: Any, thresholds: Sequence[Any]) -> dict[str, Any]:
    """``firing`` is the smallest firing value, ``quiet`` the next one down."""
    return _bound(firing, quiet, thresholds, inclusive=">=", strict=">")


def _bound(
    firing: Any, quiet: Any, thresholds: Sequence[Any], *, inclusive: str, strict: str
) -> dict[str, Any]:
    for anchors in (thresholds, STANDARD_ANCHORS):
        if _among(firing, anchors):
            return {inclusive: firing}
        if _among(quiet, anchors):
            return {strict: quiet}
    return {inclusive: firing}


def _among(value: Any, anchors: Sequence[Any]) -> bool:
    return any(
        isinstance(anchor, int | float) and not isinstance(anchor, bool) and anchor == value
        for anchor in anchors
    )
