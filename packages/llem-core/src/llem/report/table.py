"""The summary as a readable table: one row per configuration, each metric as mean ± half the
95 % interval with its n. Used by the HTML report and by ``llem results show``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llem.report.interval import interval, raw_interval
from llem.results.headline import HEADLINE_METRICS, Metric

DASH = "—"


def number(value: float | None) -> str:
    """Four significant digits; ``—`` for null."""
    if value is None:
        return DASH
    return f"{value:.4g}"


def spread(row: dict[str, Any], metric: Metric) -> str:
    """`` ± half-interval``; ``+above/-below`` where clipping at 0 made the interval lopsided."""
    raw, shown = raw_interval(row, metric), interval(row, metric)
    if raw is None or shown is None:
        return ""
    if raw == shown:
        return f" ± {number((raw[1] - raw[0]) / 2)}"
    mean = row[f"{metric.stem}_mean"]
    return f" +{number(shown[1] - mean)}/-{number(mean - shown[0])}"


def metric_cell(row: dict[str, Any], metric: Metric, unit: str = "") -> str:
    """``mean ± half-interval [unit] (n=N)``, or ``—`` when the mean is null. The interval stops
    at 0 for a metric that cannot be negative: ``mean +above/-below``."""
    mean, n = row.get(f"{metric.stem}_mean"), row.get(f"{metric.stem}_n") or 0
    if mean is None:
        return DASH
    return f"{number(mean)}{spread(row, metric)}{' ' + unit if unit else ''} (n={n})"


def table_header(params: Sequence[str]) -> list[str]:
    names = [f"{m.label} [{m.unit}]" for m in HEADLINE_METRICS]
    return ["config", *params, "engine", "ok", "failed", *names]


def table_rows(rows: Sequence[dict[str, Any]], params: Sequence[str]) -> list[list[str]]:
    return [
        [str(row["config_id"]), *(DASH if row.get(p) is None else str(row[p]) for p in params),
         str(row.get("engine")), str(row["cycles_ok"]), str(row["cycles_failed"]),
         *(metric_cell(row, metric) for metric in HEADLINE_METRICS)]
        for row in rows
    ]  # fmt: skip
