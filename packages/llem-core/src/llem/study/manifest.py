"""``manifest.json``: a study's plan and the state of every run, rewritten atomically after every
change, so that an interrupted or killed study can be resumed from it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

import attrs

RunStatus = Literal["pending", "running", "completed", "failed"]
StudyStatus = Literal["planned", "running", "completed", "interrupted", "stopped", "failed"]
MANIFEST_FILE = "manifest.json"
MANIFEST_SCHEMA = "1"
MANIFEST_KIND = "llem-study"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.frozen
class RunError:
    message: str
    exit_code: int = 1
    log_tail: str = ""


@attrs.frozen
class RunRecord:
    """One run: configuration ``config_id`` in cycle ``cycle``; ``dir`` is relative to the
    study folder; ``position`` its place in the execution order; ``job`` the scheduler's job
    of its latest attempt (``slurm:1234``), when its runner submits jobs."""

    id: str
    config_id: str
    cycle: int
    position: int
    dir: str
    status: RunStatus = "pending"
    attempts: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    duration_s: float | None = None
    error: RunError | None = None
    job: str | None = None


@attrs.frozen
class ConfigRecord:
    """A planned configuration. ``config`` is the resolved config, YAML-shaped; ``base_dirs``
    holds where relative ``task.model`` and ``task.dataset`` paths are resolved from."""

    id: str
    label: str
    params: dict[str, Any]
    source: str
    config_hash: str
    engine: str
    config: dict[str, Any]
    provenance: dict[str, str]
    base_dirs: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Manifest:
    study: str
    study_file: str
    design_hash: str
    execution: dict[str, Any]
    varying: list[str]
    configs: list[ConfigRecord]
    runs: list[RunRecord]
    skipped: list[dict[str, Any]] = attrs.field(factory=list)
    duplicates: list[dict[str, Any]] = attrs.field(factory=list)
    status: StudyStatus = "planned"
    created_at: str = attrs.field(factory=utc_now)
    updated_at: str = attrs.field(factory=utc_now)
    schema_version: str = MANIFEST_SCHEMA
    kind: str = MANIFEST_KIND

    def config(self, config_id: str) -> ConfigRecord:
        return next(record for record in self.configs if record.id == config_id)

    def count(self, status: RunStatus) -> int:
        return sum(1 for run in self.runs if run.status == status)

    def with_run(self, run: RunRecord) -> Manifest:
        runs = [run if known.id == run.id else known for known in self.runs]
        return attrs.evolve(self, runs=runs, updated_at=utc_now())

    def with_status(self, status: StudyStatus) -> Manifest:
        return attrs.evolve(self, status=status, updated_at=utc_now())
