"""Configurations whose figures are too noisy to compare, from the study summary's rows: a
headline metric whose coefficient of variation over cycles is above :data:`HIGH_CV`, or fewer
than :data:`MIN_CYCLES` completed cycles (the 95 % t-interval of 2 cycles spans ±12.7 standard
errors, of 3 cycles ±4.3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llem.results.headline import HEADLINE_METRICS
from llem.study.intervals import t_quantile

HIGH_CV = 0.10
MIN_CYCLES = 3
ADVICE = "run more cycles (execution.cycles) on a quieter machine"


def noise_warnings(rows: Sequence[dict[str, Any]]) -> list[str]:
    """One line per number of cycles below :data:`MIN_CYCLES`, then one per noisy
    configuration."""
    return _few_cycles(rows) + [line for row in rows for line in _high_cv(row)]


def _few_cycles(rows: Sequence[dict[str, Any]]) -> list[str]:
    by_count: dict[int, list[str]] = {}
    for row in rows:
        if 0 < row["cycles_ok"] < MIN_CYCLES:
            by_count.setdefault(row["cycles_ok"], []).append(str(row["config_id"]))
    return [_few(n, ids, len(ids) == len(rows)) for n, ids in sorted(by_count.items())]


def _few(n: int, ids: list[str], every: bool) -> str:
    who = "every configuration" if every else ", ".join(ids)
    if n == 1:
        return (
            f"{who}: n=1 completed cycle, so no interval: how much the figures vary is unknown; "
            f"run {MIN_CYCLES} or more cycles (execution.cycles)"
        )
    t = t_quantile(0.975, n - 1)
    return (
        f"{who}: n={n} completed cycles, so each 95 % interval spans ±{t:.1f} standard errors "
        f"(very wide); run {MIN_CYCLES} or more cycles (execution.cycles)"
    )


def _high_cv(row: dict[str, Any]) -> list[str]:
    noisy = [
        (metric.label, row[f"{metric.stem}_cv"], row[f"{metric.stem}_n"])
        for metric in HEADLINE_METRICS
        if (row.get(f"{metric.stem}_cv") or 0.0) > HIGH_CV
    ]
    if not noisy:
        return []
    figures = ", ".join(f"{label} {cv:.0%} (n={n})" for label, cv, n in noisy)
    name = f"{row['config_id']} ({row['label']})" if row.get("label") else str(row["config_id"])
    return [
        f"{name}: figures vary across cycles, CV {figures}, above {HIGH_CV:.0%}: its 95 % "
        f"intervals are wide and differences from other configurations may be noise; {ADVICE}"
    ]
