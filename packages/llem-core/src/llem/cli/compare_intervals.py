"""The ratio B/A of two compared figures and what their 95 % intervals allow of it.

A side is a summary-shaped row (``<stem>_mean``, ``_n``, ``_ci95_low``, ``_ci95_high``; a single
experiment is n=1 with no interval). The ratio's range runs from B's interval's low edge over
A's high edge to B's high edge over A's low edge: wider than a 95 % interval of the ratio itself,
so an honest bound. Overlapping intervals mean the difference cannot be told from the noise
between cycles."""

from __future__ import annotations

from typing import Any

from llem.report.table import DASH
from llem.results.headline import Metric

RANGE_HEADER = "B/A by the 95 % intervals"
RANGE_NOTE = (
    f"{RANGE_HEADER}: B's interval over A's, edge to edge; 'overlap': the intervals overlap, so "
    "the difference is not distinguishable from the noise between cycles"
)

Bounds = tuple[float, float]


def ratio(a: dict[str, Any], b: dict[str, Any], metric: Metric) -> str:
    mean_a, mean_b = a.get(f"{metric.stem}_mean"), b.get(f"{metric.stem}_mean")
    if mean_a is None or mean_b is None or mean_a == 0:
        return DASH
    return f"{mean_b / mean_a:.3g}x"


def ratio_range(a: dict[str, Any], b: dict[str, Any], metric: Metric) -> str:
    """``0.907x to 12.3x, overlap: ...`` or ``14.2x to 17.8x, apart``; or why there is none."""
    if ratio(a, b, metric) == DASH:
        return DASH
    bounds_a, bounds_b = _bounds(a, metric), _bounds(b, metric)
    if bounds_a is None or bounds_b is None:
        n_a, n_b = a.get(f"{metric.stem}_n"), b.get(f"{metric.stem}_n")
        return f"no interval: n={n_a} vs n={n_b}"
    verdict = "overlap: not distinguishable from noise" if _overlap(bounds_a, bounds_b) else "apart"
    return f"{_edges(bounds_a, bounds_b)}, {verdict}"


def _bounds(row: dict[str, Any], metric: Metric) -> Bounds | None:
    low, high = row.get(f"{metric.stem}_ci95_low"), row.get(f"{metric.stem}_ci95_high")
    return None if low is None or high is None else (low, high)


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _edges(a: Bounds, b: Bounds) -> str:
    # Headline metrics cannot be negative: a t-interval edge below 0 means "as low as 0".
    low_a, low_b = max(a[0], 0.0), max(b[0], 0.0)
    low = f"{low_b / a[1]:.3g}x" if a[1] > 0 else "0x"
    high = f"{b[1] / low_a:.3g}x" if low_a > 0 else "unbounded (A's interval reaches 0)"
    return f"{low} to {high}"
