"""A metric's 95 % interval as the report draws and prints it: clipped at 0 where the metric
cannot be negative (a t-interval over a few noisy cycles can reach below 0; the figure cannot)."""

from __future__ import annotations

from typing import Any

from llem.results.headline import Metric

Bounds = tuple[float, float]


def raw_interval(row: dict[str, Any], metric: Metric) -> Bounds | None:
    """``(low, high)`` as the summary row holds it, or ``None`` when it has no interval."""
    low, high = row.get(f"{metric.stem}_ci95_low"), row.get(f"{metric.stem}_ci95_high")
    return None if low is None or high is None else (low, high)


def interval(row: dict[str, Any], metric: Metric) -> Bounds | None:
    """The row's interval, each end raised to 0 where the metric cannot be negative."""
    bounds = raw_interval(row, metric)
    if bounds is None or not metric.non_negative:
        return bounds
    return max(bounds[0], 0.0), max(bounds[1], 0.0)
