"""A new study's manifest, from its plan: every configuration and every run, all pending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import cattrs

from llem.launch import Launch
from llem.logs import LogSettings
from llem.study.manifest import ConfigRecord, Manifest, RunRecord
from llem.study.order import order_runs
from llem.study.plan_model import PlannedConfig, StudyPlan

RELATIVE_PATH_KEYS = ("task.model", "task.dataset")
EXPERIMENTS_DIR = "experiments"


def manifest_from_plan(plan: StudyPlan, converter: cattrs.Converter) -> Manifest:
    slots = order_runs(len(plan.configs), plan.execution, plan.design_hash)
    runs = [
        _run(plan.configs[index], cycle, position) for position, (index, cycle) in enumerate(slots)
    ]
    return Manifest(
        study=plan.name,
        study_file=str(Path(plan.study_file).resolve()),
        design_hash=plan.design_hash,
        execution=converter.unstructure(plan.execution),
        varying=list(plan.varying),
        configs=[_config(planned, plan.study_file) for planned in plan.configs],
        runs=runs,
        skipped=[_plain(converter, item) for item in plan.skipped],
        duplicates=[_plain(converter, item) for item in plan.duplicates],
    )


def run_id(config_id: str, cycle: int) -> str:
    return f"{config_id}-{cycle}"


def _run(planned: PlannedConfig, cycle: int, position: int) -> RunRecord:
    identifier = run_id(planned.id, cycle)
    return RunRecord(identifier, planned.id, cycle, position, f"{EXPERIMENTS_DIR}/{identifier}")


def _config(planned: PlannedConfig, study_file: str) -> ConfigRecord:
    resolved = planned.resolved
    launch = Launch(resolved, Path(study_file), LogSettings())
    return ConfigRecord(
        id=planned.id,
        label=planned.label,
        params=dict(planned.params),
        source=planned.source,
        config_hash=planned.config_hash,
        engine=resolved.config.engine,
        config=dict(resolved.view or {}),
        provenance=dict(resolved.provenance),
        base_dirs={key: str(launch.base_dir_for(key)) for key in RELATIVE_PATH_KEYS},
    )


def _plain(converter: cattrs.Converter, item: Any) -> dict[str, Any]:
    document: dict[str, Any] = converter.unstructure(attrs.asdict(item, recurse=False))
    return document
