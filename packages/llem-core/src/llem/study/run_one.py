"""Run one of a study's runs: its configuration, re-read from the manifest, in a fresh process."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import attrs
import cattrs

from llem.config.converter import make_converter
from llem.config.layers import ConfigLayer
from llem.config.resolve import ResolvedExperiment, resolve_layers
from llem.errors import LlemError
from llem.experiment.events import EventHandler, Failed, Finished
from llem.experiment.job import ExperimentJob, RunLimits
from llem.launch import Launch, execute, prepare, reattach
from llem.logs import LogSettings
from llem.plugins.registry import Registry
from llem.study.execution import ExecutionConfig
from llem.study.manifest import ConfigRecord, Manifest, RunError, RunRecord, utc_now

FollowRun = Callable[[EventHandler], RunRecord]


@attrs.frozen
class RunContext:
    study_dir: Path
    study_file: Path
    registry: Registry
    converter: cattrs.Converter
    log_settings: LogSettings
    execution: ExecutionConfig


def resolve_record(
    record: ConfigRecord, registry: Registry, converter: cattrs.Converter
) -> ResolvedExperiment:
    """The configuration exactly as planned (the manifest holds it resolved)."""
    layer = ConfigLayer(record.config, dict(record.provenance))
    return resolve_layers([layer], registry, converter=converter)


def run_once(
    run: RunRecord, record: ConfigRecord, context: RunContext, on_event: EventHandler
) -> RunRecord:
    """Run it and return its record, completed or failed; only an interrupt escapes."""
    started = time.monotonic()
    try:
        outcome = execute(_prepare(run, record, context), context.registry, on_event)
    except LlemError as error:  # the config or the environment, found before the model loaded
        outcome = Failed(str(error), exit_code=error.exit_code)
    return settled_by(run, outcome, time.monotonic() - started)


def left_job(run: RunRecord, record: ConfigRecord, context: RunContext) -> FollowRun | None:
    """How to follow the job a killed host left running for ``run`` (``run.job``), to the same
    record :func:`run_once` returns; ``None`` when there is none still queued or running."""
    if run.job is None:
        return None
    runner_key = str(record.config.get("runner", "local"))
    follow = reattach(context.study_dir / run.dir, run.job, runner_key, context.registry)
    if follow is None:
        return None

    def follow_run(on_event: EventHandler) -> RunRecord:
        assert follow is not None
        started = time.monotonic()
        return settled_by(run, follow(on_event), time.monotonic() - started)

    return follow_run


def settled_by(run: RunRecord, outcome: Finished | Failed, seconds: float) -> RunRecord:
    finished = attrs.evolve(run, finished_at=utc_now(), duration_s=round(seconds, 3))
    if isinstance(outcome, Failed):
        failure = RunError(outcome.message, outcome.exit_code, outcome.log_tail)
        return attrs.evolve(finished, status="failed", error=failure)
    return attrs.evolve(finished, status="completed", error=None)


def _prepare(run: RunRecord, record: ConfigRecord, context: RunContext) -> ExperimentJob:
    launch = Launch(
        resolve_record(record, context.registry, context.converter),
        context.study_file,
        context.log_settings,
        experiment_dir=context.study_dir / run.dir,
        capture_log=True,
        limits=RunLimits(context.execution.timeout_s, context.execution.silence_s),
        base_dirs=dict(record.base_dirs),
    )
    return prepare(launch, context.registry)


def context_for(
    study_dir: Path, manifest: Manifest, registry: Registry, log_settings: LogSettings
) -> RunContext:
    converter = make_converter(registry)
    execution = converter.structure(manifest.execution, ExecutionConfig)
    return RunContext(
        study_dir, Path(manifest.study_file), registry, converter, log_settings, execution
    )
