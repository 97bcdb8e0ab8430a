"""How long what is left of a study should take, from the runs that finished."""

from __future__ import annotations

from statistics import fmean

from llem.study.manifest import Manifest


def study_eta(manifest: Manifest) -> float | None:
    """Seconds: the remaining runs at the mean duration of the finished ones (by configuration
    where known), plus the gaps; ``None`` before any run has finished."""
    durations = [
        run.duration_s
        for run in manifest.runs
        if run.duration_s is not None and run.status != "running"
    ]
    if not durations:
        return None
    overall = fmean(durations)
    by_config: dict[str, list[float]] = {}
    for run in manifest.runs:
        if run.duration_s is not None and run.status == "completed":
            by_config.setdefault(run.config_id, []).append(run.duration_s)
    left = [run for run in manifest.runs if run.status in ("pending", "running")]
    gap = float(manifest.execution.get("gap_s") or 0.0)
    return sum(fmean(by_config.get(run.config_id, [overall])) + gap for run in left)
