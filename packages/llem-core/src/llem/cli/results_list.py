"""``llem results list``: the studies and single experiments in a results folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llem.cli.columns import render_columns
from llem.errors import UsageError
from llem.report.table import number
from llem.results.files import ERROR_FILE, RESULT_FILE
from llem.results.headline import METRICS_BY_STEM, metric_value
from llem.results.model_label import model_label
from llem.study.folder_read import read_json
from llem.study.manifest import MANIFEST_FILE as MANIFEST

STUDY_HEADER = ("study", "status", "configs", "runs ok", "failed", "updated")
EXPERIMENT_HEADER = ("experiment", "engine", "model", "J/out token", "out tok/s")
UNFINISHED_HEADER = ("experiment", "status", "why")
WHY_WIDTH = 70


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


def _unfinished_row(folder: Path) -> list[str]:
    try:
        failure = read_json(folder / ERROR_FILE)
    except UsageError as error:
        return [folder.name, "unreadable", str(error)[:WHY_WIDTH]]
    why = str(failure.get("message", "")).splitlines()[0] if failure.get("message") else ""
    return [folder.name, str(failure.get("status", "failed")), why[:WHY_WIDTH]]


def _kind(folder: Path) -> str:
    if (folder / MANIFEST).is_file():
        return "study"
    if (folder / RESULT_FILE).is_file():
        return "experiment"
    return "unfinished" if (folder / ERROR_FILE).is_file() else "other"


def render_listing(results_dir: Path) -> str:
    """Studies (folders with a manifest), experiments (with a result.json), failed or interrupted
    experiments (an error.json only), and how many other folders were left out."""
    folders: dict[str, list[Path]] = {"study": [], "experiment": [], "unfinished": [], "other": []}
    for folder in sorted(p for p in results_dir.iterdir() if p.is_dir()):
        folders[_kind(folder)].append(folder)
    parts = _section("studies", STUDY_HEADER, [_study_row(p) for p in folders["study"]])
    parts += _section(
        "experiments", EXPERIMENT_HEADER, [_experiment_row(p) for p in folders["experiment"]]
    )
    if folders["unfinished"]:
        rows = [_unfinished_row(p) for p in folders["unfinished"]]
        parts += _section("failed or interrupted", UNFINISHED_HEADER, rows)
    if folders["other"]:
        left_out = len(folders["other"])
        parts += [
            f"({left_out} other folders left out: no manifest.json, result.json or error.json)"
        ]
    return "\n".join(parts)


def _section(title: str, header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [f"{title} ({len(rows)})", render_columns(header, rows) if rows else "  none"]
