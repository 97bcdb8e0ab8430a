"""How long a study will take, from the runs of earlier studies with the same configurations.

Each configuration's time is the mean ``duration_s`` of the completed runs, in any study manifest
under the output folder, of a configuration with the same config hash; a configuration never run
takes the mean of those that were. Gaps between experiments and between cycles are added.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs

from llem.study.locate import earlier_studies
from llem.study.plan_model import StudyPlan


@attrs.frozen
class DurationEstimate:
    """``seconds``: the whole study; ``timed_runs``: how many earlier runs it is based on."""

    seconds: float
    timed_runs: int


def estimate_duration(plan: StudyPlan, output_dir: Path) -> float | None:
    """Seconds the study should take; ``None`` until some configuration has a known timing."""
    estimate = estimate_study(plan, output_dir)
    return estimate.seconds if estimate is not None else None


def estimate_study(plan: StudyPlan, output_dir: Path) -> DurationEstimate | None:
    durations = earlier_durations(output_dir)
    known = {
        c.config_hash: durations[c.config_hash] for c in plan.configs if c.config_hash in durations
    }
    if not known:
        return None
    means = {key: statistics.fmean(values) for key, values in known.items()}
    fallback = statistics.fmean(means.values())
    one_cycle = sum(means.get(c.config_hash, fallback) for c in plan.configs)
    execution = plan.execution
    gaps = execution.gap_s * max(plan.n_runs - 1, 0)
    gaps += execution.cycle_gap_s * max(execution.cycles - 1, 0)
    seconds = one_cycle * execution.cycles + gaps
    return DurationEstimate(seconds, sum(len(values) for values in known.values()))


def earlier_durations(output_dir: Path) -> dict[str, list[float]]:
    """``duration_s`` of every completed run under ``output_dir``, by config hash."""
    durations: dict[str, list[float]] = defaultdict(list)
    for _folder, manifest in earlier_studies(output_dir):
        for config_hash, seconds in _completed_runs(manifest):
            durations[config_hash].append(seconds)
    return dict(durations)


def _completed_runs(manifest: dict[str, Any]) -> list[tuple[str, float]]:
    hash_of = {c.get("id"): c.get("config_hash") for c in _records(manifest, "configs")}
    runs = []
    for run in _records(manifest, "runs"):
        config_hash, seconds = hash_of.get(run.get("config_id")), _seconds(run.get("duration_s"))
        if (
            run.get("status") == "completed"
            and isinstance(config_hash, str)
            and seconds is not None
        ):
            runs.append((config_hash, seconds))
    return runs


def _seconds(value: Any) -> float | None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if number else None


def _records(manifest: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = manifest.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
