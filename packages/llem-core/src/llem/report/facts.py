"""What a report says about a study besides its numbers: counts, failures, skipped configurations,
the energy boundary measured, why metrics are null, and what was measured on what."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from llem.report.setup_facts import run_records, setup_rows
from llem.results.headline import HEADLINE_METRICS, metric_value, null_reason
from llem.study.folder_read import RunOutcome, load_manifest, run_outcomes


@attrs.frozen
class StudyFacts:
    """``null_reasons``: per metric stem, each reason it was null and in how many runs;
    ``energy_boundaries``: each distinct ``sampler — boundary`` and how many runs measured it;
    ``setup``: ``(what, text)`` for the model, hardware, engines, llem and workload."""

    name: str
    design_hash: str
    status: str
    updated_at: str
    runs_ok: int
    runs_failed: int
    runs_pending: int
    failed: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, tuple[str, ...]], ...]
    duplicates: tuple[tuple[str, str], ...]
    energy_boundaries: dict[str, int]
    null_reasons: dict[str, dict[str, int]]
    setup: tuple[tuple[str, str], ...] = ()


def _boundary(result: dict[str, Any]) -> str:
    measurement = (result.get("energy") or {}).get("measurement") or {}
    sampler, method = measurement.get("sampler", "?"), measurement.get("method", "?")
    return f"{sampler} ({method}) — {measurement.get('boundary', 'boundary not recorded')}"


def _null_reasons(results: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    reasons: dict[str, dict[str, int]] = {}
    for metric in HEADLINE_METRICS:
        counts = Counter(null_reason(r, metric) for r in results if metric_value(r, metric) is None)
        if counts:
            reasons[metric.stem] = dict(counts)
    return reasons


def _skipped(manifest: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (str(s.get("label", "")), tuple(map(str, s.get("reasons", []))))
        for s in manifest.get("skipped", [])
    )


def facts_from(manifest: dict[str, Any], outcomes: list[RunOutcome]) -> StudyFacts:
    results = [o.result for o in outcomes if o.result is not None]
    return StudyFacts(
        name=str(manifest.get("study", "?")),
        design_hash=str(manifest.get("design_hash", "?")),
        status=str(manifest.get("status", "?")),
        updated_at=str(manifest.get("updated_at", "?")),
        runs_ok=sum(o.state == "ok" for o in outcomes),
        runs_failed=sum(o.state == "failed" for o in outcomes),
        runs_pending=sum(o.state == "pending" for o in outcomes),
        failed=tuple((o.run_id, o.error or "") for o in outcomes if o.state == "failed"),
        skipped=_skipped(manifest),
        duplicates=tuple(
            (str(d.get("label", "")), str(d.get("same_as", "")))
            for d in manifest.get("duplicates", [])
        ),
        energy_boundaries=dict(Counter(_boundary(r) for r in results)),
        null_reasons=_null_reasons(results),
    )


def study_facts(study_dir: Path) -> StudyFacts:
    manifest = load_manifest(study_dir)
    outcomes = run_outcomes(study_dir, manifest)
    setup = setup_rows(run_records(study_dir, manifest, outcomes), manifest)
    return attrs.evolve(facts_from(manifest, outcomes), setup=setup)
