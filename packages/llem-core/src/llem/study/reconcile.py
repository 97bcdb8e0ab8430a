"""Bring a manifest back in line with the disk after the host stopped without saying so
(``kill -9``, a power cut) or was interrupted as a run finished: a run marked running either wrote
its result or must run again, and a parseable ``result.json`` is never thrown away."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import attrs

from llem.results.files import RESULT_FILE
from llem.study.manifest import Manifest, RunRecord


def reconcile(manifest: Manifest, study_dir: Path) -> Manifest:
    """Runs marked running, and pending runs whose folder holds a readable result (an interrupt
    that landed after the experiment wrote it), settled from what is on disk."""
    for run in manifest.runs:
        if run.status in ("running", "pending"):
            settled = settle(run, study_dir / run.dir / RESULT_FILE)
            if settled.status != run.status:
                manifest = manifest.with_run(settled)
    return manifest


def settle(run: RunRecord, result: Path) -> RunRecord:
    """``run`` completed when ``result`` is readable, else pending (to run again)."""
    # The experiment writes result.json atomically, last: if it is there, the run finished.
    if _readable(result):
        finished = datetime.fromtimestamp(result.stat().st_mtime, UTC)
        return attrs.evolve(
            run, status="completed", finished_at=finished.strftime("%Y-%m-%dT%H:%M:%SZ")
        )
    return attrs.evolve(run, status="pending")


def _readable(path: Path) -> bool:
    try:
        json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    return True


def clear_run_dir(study_dir: Path, run: RunRecord) -> None:
    """Make room for a new attempt: a failed attempt's folder is kept aside
    (``<dir>.attempt<N>``), an interrupted one's is removed."""
    directory = study_dir / run.dir
    if not directory.exists():
        return
    if run.status == "failed":
        directory.rename(directory.with_name(f"{directory.name}.attempt{run.attempts}"))
    else:
        shutil.rmtree(directory)
