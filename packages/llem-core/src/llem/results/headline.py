"""The headline metrics of an experiment: where each sits in ``result.json``, and why it is null.

Stems name the metric in summary columns (``<stem>_mean``, ``<stem>_ci95_low``, ...); they are
part of the summary's schema (docs/results.md), so renaming one is a breaking change.
"""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class Metric:
    """``path`` leads to the figure in result.json; ``reason_path`` to why it may be null.
    ``non_negative``: the figure cannot be below 0 (energy, rates, durations, counts), so a report
    clips its interval there; the summary keeps the t-interval as computed."""

    stem: str
    label: str
    unit: str
    path: tuple[str, ...]
    reason_path: tuple[str, ...]
    non_negative: bool = False


HEADLINE_METRICS: tuple[Metric, ...] = (
    Metric("energy_per_output_token_j", "energy / output token (raw)", "J",
           ("energy", "per_output_token_j"), ("energy", "reason"), non_negative=True),
    Metric("adjusted_energy_per_output_token_j", "energy / output token (adjusted)", "J",
           ("energy", "adjusted_per_output_token_j"), ("energy", "adjusted_reason"),
           non_negative=True),
    Metric("output_tokens_per_s", "output tokens / s", "tok/s",
           ("throughput", "output_tokens_per_s"), ("throughput", "reason"), non_negative=True),
    *(
        Metric(f"{kind}_{p}_s", f"{kind.upper()} {p}", "s", ("latency", kind, p),
               ("latency", kind, "reason"), non_negative=True)
        for kind in ("ttft", "itl")
        for p in ("p50", "p99")
    ),
    Metric("flops_per_output_token", "FLOPs / output token", "FLOP",
           ("flops", "per_output_token"), ("flops", "reason"), non_negative=True),
)  # fmt: skip

METRICS_BY_STEM = {metric.stem: metric for metric in HEADLINE_METRICS}


def lookup(document: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in nested mappings, or ``None`` where any step is missing."""
    for key in path:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def metric_value(result: dict[str, Any], metric: Metric) -> float | None:
    """The metric as a float; ``None`` when absent or not a number (booleans are not numbers)."""
    value = lookup(result, metric.path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def null_reason(result: dict[str, Any], metric: Metric) -> str:
    """Why the metric is null in this result, in the result's own words where it has some."""
    reason = lookup(result, metric.reason_path)
    if isinstance(reason, str) and reason:
        return reason
    return f"{'.'.join(metric.path)} is null in result.json"
