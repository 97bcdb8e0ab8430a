"""Reading a study folder: its ``manifest.json`` and each run's outcome (the executor writes them;
the format is in docs/results.md). Plain JSON in, small records out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import attrs

from llem.errors import UsageError
from llem.results.files import RESULT_FILE
from llem.study.manifest import MANIFEST_FILE as MANIFEST
from llem.study.manifest_io import manifest_document, read_manifest

RunState = Literal["ok", "failed", "pending"]


@attrs.frozen
class RunOutcome:
    """One run of one configuration: ``result`` when it completed, ``error`` when it failed."""

    run_id: str
    config_id: str
    cycle: int
    state: RunState
    result: dict[str, Any] | None = None
    error: str | None = None


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``; a missing or malformed file is the user's UsageError."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"{path}: not readable as JSON: {error}") from None
    if not isinstance(document, dict):
        raise UsageError(f"{path}: expected a JSON object, found {type(document).__name__}")
    return document


def is_study_dir(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def load_manifest(study_dir: Path) -> dict[str, Any]:
    """The study's manifest as plain data (as written); a folder without one, or a manifest
    that is not an llem study's, is a UsageError."""
    if not study_dir.is_dir():
        raise UsageError(f"{study_dir}: no such study folder")
    if not is_study_dir(study_dir):
        raise UsageError(f"{study_dir}: not a study folder (no {MANIFEST})")
    # The one reader checks the schema; readers of the summary and report take plain data.
    return manifest_document(read_manifest(study_dir))


def _completed(study_dir: Path, run: dict[str, Any]) -> RunOutcome:
    path = study_dir / str(run.get("dir", f"experiments/{run['id']}")) / RESULT_FILE
    base = {"run_id": run["id"], "config_id": run["config_id"], "cycle": int(run["cycle"])}
    try:
        result = read_json(path)
    except UsageError as error:
        return RunOutcome(**base, state="failed", error=f"completed but {error}")
    if result.get("status", "ok") != "ok":
        return RunOutcome(**base, state="failed", error=f"result.json status {result['status']!r}")
    return RunOutcome(**base, state="ok", result=result)


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        code = error.get("exit_code")
        return str(error.get("message", "failed")) + (f" (exit code {code})" if code else "")
    return str(error) if error else "failed (no error recorded)"


def run_outcome(study_dir: Path, run: dict[str, Any]) -> RunOutcome:
    """What became of one manifest run entry."""
    if run.get("status") == "completed":
        return _completed(study_dir, run)
    base = {"run_id": run["id"], "config_id": run["config_id"], "cycle": int(run["cycle"])}
    if run.get("status") == "failed":
        return RunOutcome(**base, state="failed", error=_error_text(run.get("error")))
    return RunOutcome(**base, state="pending")


def run_outcomes(study_dir: Path, manifest: dict[str, Any]) -> list[RunOutcome]:
    """Every run of the manifest, in execution order."""
    return [run_outcome(study_dir, run) for run in manifest.get("runs", [])]
