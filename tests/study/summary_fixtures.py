"""Synthetic study folders that follow the executor's manifest format exactly, holding result.json
files made from a real echo-engine result (tests/report/data/echo_result.json) with chosen
headline figures. Shared by tests/study/test_summary.py and tests/report/."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ECHO_RESULT = Path(__file__).parents[1] / "report" / "data" / "echo_result.json"
MEASURED = {"sampler": "nvml", "method": "counter", "boundary": "GPU 0 board (NVML counter)"}


def _set(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        document = document[key]
    document[path[-1]] = value


def echo_result(figures: dict[str, float | None]) -> dict[str, Any]:
    """The echo result with each headline stem in ``figures`` set (None: null with a reason)."""
    from llem.results.headline import METRICS_BY_STEM

    result: dict[str, Any] = copy.deepcopy(json.loads(ECHO_RESULT.read_text()))
    for stem, value in figures.items():
        metric = METRICS_BY_STEM[stem]
        _set(result, metric.path, value)
        _set(result, metric.reason_path, None if value is not None else f"no {stem} here")
    if figures.get("energy_per_output_token_j") is not None:
        result["energy"]["measurement"].update(MEASURED)
    return result


class StudyBuilder:
    """Collects configurations and runs, then writes manifest.json and each run's files."""

    def __init__(self, root: Path, varying: list[str], name: str = "toy-study") -> None:
        self.root, self.varying, self.name = root, varying, name
        self.configs: list[dict[str, Any]] = []
        self.runs: list[dict[str, Any]] = []
        self.results: dict[str, dict[str, Any]] = {}
        self.skipped: list[dict[str, Any]] = []

    def config(self, config_id: str, params: dict[str, Any], engine: str = "echo") -> None:
        label = " ".join(f"{k}={v}" for k, v in params.items() if k != "engine")
        self.configs.append(
            {"id": config_id, "label": label, "params": {"engine": engine, **params},
             "source": "sweep", "config_hash": f"hash-{config_id}", "engine": engine,
             "config": {"engine": engine}, "provenance": {}}
        )  # fmt: skip

    def run(self, config_id: str, cycle: int, status: str = "completed", **figures: Any) -> None:
        run_id = f"{config_id}-{cycle}"
        error = None
        if status == "failed":
            error = {"message": figures.pop("message", "boom"), "exit_code": 1, "log_tail": "x"}
        self.runs.append(
            {"id": run_id, "config_id": config_id, "cycle": cycle, "position": len(self.runs),
             "status": status, "dir": f"experiments/{run_id}", "attempts": 1,
             "started_at": "2026-12-02T01:00:00Z", "finished_at": "2026-12-02T01:00:05Z",
             "duration_s": 5.0, "error": error}
        )  # fmt: skip
        if status == "completed":
            self.results[run_id] = echo_result(figures)

    def skip(self, label: str, reason: str) -> None:
        self.skipped.append({"label": label, "params": {}, "source": "sweep", "reasons": [reason]})

    def manifest(self, status: str) -> dict[str, Any]:
        return {
            "schema_version": "1", "kind": "llem-study", "study": self.name,
            "study_file": str(self.root / "study.yaml"), "design_hash": "3f2a9c0d1e2b4a5c",
            "created_at": "2026-12-02T01:00:00Z", "updated_at": "2026-12-02T01:10:00Z",
            "status": status, "execution": {"cycles": 2, "order": "interleave", "seed": None},
            "varying": self.varying, "configs": self.configs, "skipped": self.skipped,
            "duplicates": [], "runs": self.runs,
        }  # fmt: skip

    def write(self, status: str = "completed") -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "manifest.json").write_text(json.dumps(self.manifest(status), indent=2))
        for run_id, result in self.results.items():
            folder = self.root / "experiments" / run_id
            folder.mkdir(parents=True)
            (folder / "result.json").write_text(json.dumps(result, indent=1))
        return self.root
