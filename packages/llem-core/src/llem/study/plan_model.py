"""What planning a study produces: the configurations to run, those skipped and collapsed."""

from __future__ import annotations

from typing import Any

import attrs

from llem.config.resolve import ResolvedExperiment
from llem.results.models import ConfigChecks
from llem.study.execution import ExecutionConfig


@attrs.frozen
class PlannedConfig:
    """One configuration the study runs (every cycle of it).

    ``id``: ``c001``, ``c002``, ... in plan order; ``label``: the varying values in words
    (``transformers.batch_size=4 transformers.dtype=float16``); ``params``: the value of every
    varying path in this configuration (``None`` where the path does not apply, e.g. another
    engine's key); ``source``: where it came from (``sweep``, ``experiments[2]``);
    ``config_hash``: the effective-config hash it was de-duplicated by."""

    id: str
    label: str
    params: dict[str, Any]
    source: str
    config_hash: str
    resolved: ResolvedExperiment
    checks: ConfigChecks = attrs.field(factory=ConfigChecks)


@attrs.frozen
class SkippedConfig:
    """An expanded configuration that failed validation; ``reasons`` name file, line and key."""

    label: str
    params: dict[str, Any]
    source: str
    reasons: tuple[str, ...]


@attrs.frozen
class DuplicateConfig:
    """An expanded configuration that runs identically to ``same_as`` (a config id)."""

    label: str
    params: dict[str, Any]
    source: str
    same_as: str


@attrs.frozen
class StudyPlan:
    """``varying``: the dotted paths whose value differs between configurations, in the order
    the study file names them (``engine`` first when several engines run); ``design_hash``: a
    hash of the configurations' hashes in plan order, the cycle count and the order."""

    name: str
    study_file: str
    output_dir: str
    execution: ExecutionConfig
    configs: tuple[PlannedConfig, ...]
    skipped: tuple[SkippedConfig, ...]
    duplicates: tuple[DuplicateConfig, ...]
    varying: tuple[str, ...]
    design_hash: str

    @property
    def n_runs(self) -> int:
        return len(self.configs) * self.execution.cycles
