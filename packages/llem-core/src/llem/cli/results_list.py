"""``llem results list``: the studies and single experiments in a results folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llem.cli.columns import render_columns
from llem.errors import UsageError
from llem.report.table import number
from llem.results.files import RESULT_FILE
from llem.results.headline import METRICS_BY_STEM, metric_value
from llem.results.model_label import model_label
from llem.study.folder_read import read_json
from llem.study.manifest import MANIFEST_FILE as MANIFEST

STUDY_HEADER = ("study", "status", "configs", "runs ok", "failed", "updated")
EXPERIMENT_HEADER = ("experiment", "engine", "model", "J/out token", "out tok/s")


def _count(runs: list[dict[str, Any]], status: str) -> str:
    return str(sum(run.get("status") == status for run in runs))


def _study_row(folder: Path) -> list[str]:
    try:
        manifest = read_json(folder / MANIFEST)
    except UsageError as error:
        return [folder.name, f"unreadable: {error}", "", "", "", ""]
    runs = manifest.get("runs", [])
    configs = str(len(manifest.get("configs", [])))
    return [folder.name, str(manifest.get("status", "?")), configs, _count(runs, "completed"),
            _count(runs, "failed"), str(manifest.get("updated_at", "?"))]  # fmt: skip


def _experiment_row(folder: Path) -> list[str]:
    try:
        result = json.loads((folder / RESULT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [folder.name, f"unreadable: {error}", "", "", ""]
    energy = metric_value(result, METRICS_BY_STEM["energy_per_output_token_j"])
    speed = metric_value(result, METRICS_BY_STEM["output_tokens_per_s"])
    return [folder.name, str(result.get("engine", "?")), model_label(result), number(energy),
            number(speed)]  # fmt: skip


def render_listing(results_dir: Path) -> str:
    """Studies (folders with a manifest) and experiments (with a result.json, no manifest)."""
    folders = sorted(p for p in results_dir.iterdir() if p.is_dir())
    studies = [_study_row(p) for p in folders if (p / MANIFEST).is_file()]
    experiments = [
        _experiment_row(p)
        for p in folders
        if (p / RESULT_FILE).is_file() and not (p / MANIFEST).is_file()
    ]
    parts = [f"studies ({len(studies)})"]
    parts += [render_columns(STUDY_HEADER, studies)] if studies else ["  none"]
    parts += [f"experiments ({len(experiments)})"]
    parts += [render_columns(EXPERIMENT_HEADER, experiments)] if experiments else ["  none"]
    return "\n".join(parts)
