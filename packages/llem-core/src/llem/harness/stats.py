"""Percentiles and summary statistics of latency samples, without numpy."""

from __future__ import annotations

import math
from collections.abc import Sequence

from llem.results.metric_records import LatencyStats


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0 to 100) by linear interpolation between closest ranks.

    Same as numpy's default (``method="linear"``) and ``statistics.quantiles(method="inclusive")``:
    the value at fractional rank ``(n - 1) * q / 100`` of the sorted values. Raises ``ValueError``
    for no values or ``q`` outside [0, 100].
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be in [0, 100], got {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    below = math.floor(rank)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (rank - below)


def latency_stats(values: Sequence[float], *, empty_reason: str = "no samples") -> LatencyStats:
    """Summarise ``values``; ``empty_reason`` explains an empty sample."""
    if not values:
        return LatencyStats(0, None, None, None, None, None, None, None, reason=empty_reason)
    return LatencyStats(
        n=len(values),
        mean=math.fsum(values) / len(values),
        min=min(values),
        max=max(values),
        p50=percentile(values, 50),
        p90=percentile(values, 90),
        p95=percentile(values, 95),
        p99=percentile(values, 99),
    )
