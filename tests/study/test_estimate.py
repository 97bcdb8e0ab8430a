"""The duration estimate comes from earlier studies' completed runs of the same configurations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llem.study.estimate import estimate_duration, estimate_study
from llem.study.plan_model import StudyPlan

from .conftest import Plan

STUDY = """
task: {model: toy/model}
sweep:
  transformers.batch_size: [1, 2, 4]
execution: {cycles: 2, gap_s: 5, cycle_gap_s: 30}
"""


def write_manifest(folder: Path, configs: dict[str, str], runs: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True)
    manifest = {
        "schema_version": "1",
        "kind": "llem-study",
        "configs": [{"id": cid, "config_hash": digest} for cid, digest in configs.items()],
        "runs": runs,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))


def run(config_id: str, seconds: float | None, status: str = "completed") -> dict[str, Any]:
    return {"id": f"{config_id}-1", "config_id": config_id, "status": status, "duration_s": seconds}


def hashes(study: StudyPlan) -> list[str]:
    return [config.config_hash for config in study.configs]


def test_no_earlier_runs_means_no_estimate(plan: Plan, tmp_path: Path) -> None:
    study = plan(STUDY)
    assert estimate_duration(study, tmp_path / "results") is None
    other = tmp_path / "results" / "other_20260101T000000Z"
    write_manifest(other, {"c001": "not-a-config-of-this-study"}, [run("c001", 10.0)])
    assert estimate_duration(study, tmp_path / "results") is None


def test_known_configs_take_their_mean_and_unknown_ones_the_mean_of_the_known(
    plan: Plan, tmp_path: Path
) -> None:
    study = plan(STUDY)
    first, second, _third = hashes(study)
    results = tmp_path / "results"
    write_manifest(
        results / "a",
        {"c001": first, "c002": second},
        [run("c001", 10.0), run("c001", 20.0), run("c002", 30.0), run("c002", 99.0, "failed")],
    )
    write_manifest(results / "b", {"c009": first}, [run("c009", 15.0), run("c009", None)])
    (results / "broken").mkdir()
    (results / "broken" / "manifest.json").write_text("{not json")
    estimate = estimate_study(study, results)
    assert estimate is not None
    # first: mean(10, 20, 15) = 15; second: 30; third (never run): mean(15, 30) = 22.5
    one_cycle = 15 + 30 + 22.5
    gaps = 5 * (6 - 1) + 30 * (2 - 1)
    assert estimate.seconds == one_cycle * 2 + gaps
    assert estimate.timed_runs == 4
