"""The summary as a readable table: one row per configuration, each metric as mean ± half the
95 % interval with its n. Used by the HTML report and by ``llem results show``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llem.results.headline import HEADLINE_METRICS, Metric

DASH = "—"


def number(value: float | None) -> str:
    """Four significant digits; ``—`` for null."""
    if value is None:
        return DASH
    return f"{value:.4g}"


def metric_cell(row: dict[str, Any], metric: Metric, unit: str = "") -> str:
    """``mean ± half-interval [unit] (n=N)``, or ``—`` when the mean is null."""
    mean, n = row.get(f"{metric.stem}_mean"), row.get(f"{metric.stem}_n") or 0
    if mean is None:
        return DASH
    low, high = row.get(f"{metric.stem}_ci95_low"), row.get(f"{metric.stem}_ci95_high")
    spread = f" ± {number((high - low) / 2)}" if low is not None and high is not None else ""
    return f"{number(mean)}{spread}{' ' + unit if unit else ''} (n={n})"


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
