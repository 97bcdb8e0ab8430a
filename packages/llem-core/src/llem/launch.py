"""From a resolved configuration to a finished experiment: checks that need no model, the
experiment folder with ``config.json``, then the runner."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from llem import __version__
from llem.config.converter import make_converter
from llem.config.resolve import ResolvedExperiment
from llem.errors import ConfigError, UsageError
from llem.logs import LogSettings
from llem.model_ref import resolve_model
from llem.plugins.registry import Registry
from llem.records import import_string
from llem.results.atomic import write_json_atomic
from llem.results.files import CONFIG_FILE, ERROR_FILE, LOG_FILE
from llem.results.folders import new_stamped_dir
from llem.results.models import SCHEMA_VERSION, ConfigChecks
from llem.rules.rulebook import RuleBook
from llem.rules.validate import validate_experiment
from llem.runners.base import EventHandler, ExperimentJob, Failed, Finished, RunLimits, Runner
from llem.runtime_check import require_runtime

_FILE_ORIGIN = re.compile(r"^(?P<file>.+):\d+:\d+$")


@attrs.frozen
class Launch:
    """What :func:`prepare` needs. A study also fixes the experiment's folder, captures its
    output in ``experiment.log`` (``capture_log``), sets its limits, and names where relative
    paths were resolved when it was planned (``base_dirs``, by config path)."""

    resolved: ResolvedExperiment
    config_file: Path | None
    log_settings: LogSettings
    experiment_dir: Path | None = None
    capture_log: bool = False
    limits: RunLimits = attrs.field(factory=RunLimits)
    base_dirs: dict[str, str] = attrs.field(factory=dict)

    def base_dir_for(self, key: str) -> Path:
        """Relative paths count from the folder of the file the value came from."""
        if key in self.base_dirs:
            return Path(self.base_dirs[key])
        match = _FILE_ORIGIN.match(self.resolved.provenance.get(key, ""))
        if match and Path(match["file"]).is_file():
            return Path(match["file"]).parent.resolve()
        return Path.cwd()

    def where(self, key: str) -> str:
        return self.resolved.provenance.get(key, "default")


def _check_dataset(launch: Launch, registry: Registry) -> None:
    dataset = launch.resolved.config.task.dataset
    if dataset in registry.datasets or (launch.base_dir_for("task.dataset") / dataset).is_file():
        return
    known = ", ".join(sorted(registry.datasets))
    raise ConfigError(
        [
            f"{launch.where('task.dataset')}: task.dataset: {dataset!r} is neither a dataset name"
            f" ({known}) nor an existing JSONL file"
        ]
    )


def _resolve_model(launch: Launch, checks: ConfigChecks) -> ExperimentJob:
    task = launch.resolved.config.task
    try:
        model = resolve_model(task.model, task.gguf_file, launch.base_dir_for("task.model"))
    except UsageError as error:
        raise ConfigError([f"{launch.where('task.model')}: task.model: {error}"]) from None
    name = launch.resolved.config.name or default_name(
        launch.resolved.config.engine, model.location, model.gguf_file
    )
    directory = launch.experiment_dir or new_stamped_dir(
        Path(launch.resolved.config.output_dir), name
    )
    return ExperimentJob(
        name,
        launch.resolved.config,
        model,
        str(directory),
        str(launch.base_dir_for("task.dataset")),
        launch.log_settings,
        checks,
        log_file=str(directory / LOG_FILE) if launch.capture_log else None,
        limits=launch.limits,
    )


def default_name(engine: str, location: str, gguf_file: str | None) -> str:
    stem = Path(gguf_file).stem if gguf_file else Path(location.rstrip("/")).name
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{engine}_{stem}")


def prepare(launch: Launch, registry: Registry, rulebook: RuleBook | None = None) -> ExperimentJob:
    """Everything that can fail without loading a model, then the folder and config.json.

    The engine's rules run first: a config the library would reject fails in milliseconds."""
    config = launch.resolved.config
    rules = (rulebook or RuleBook(registry)).for_engine(config.engine)
    checks = validate_experiment(launch.resolved, make_converter(registry), rules).checks()
    require_runtime(registry.engine(config.engine))
    _check_dataset(launch, registry)
    job = _resolve_model(launch, checks)
    Path(job.experiment_dir).mkdir(parents=True)
    write_json_atomic(
        Path(job.experiment_dir) / CONFIG_FILE, _config_document(job, launch, registry)
    )
    return job


def _config_document(job: ExperimentJob, launch: Launch, registry: Registry) -> dict[str, object]:
    converter = make_converter(registry)
    return {
        "schema_version": SCHEMA_VERSION,
        "llem_version": __version__,
        "experiment": job.name,
        "config": converter.unstructure(job.config),
        "provenance": dict(sorted(launch.resolved.provenance.items())),
        "resolved_model": converter.unstructure(job.model),
        "config_checks": converter.unstructure(job.checks),
    }


def execute(job: ExperimentJob, registry: Registry, on_event: EventHandler) -> Finished | Failed:
    """Run the job; a failure is also written to ``error.json`` beside ``config.json``."""
    spec = registry.runners[job.config.runner.partition(":")[0]].spec
    runner: Runner = import_string(spec.factory)()
    outcome = runner.run(job, on_event)
    if isinstance(outcome, Failed):
        document = {"schema_version": SCHEMA_VERSION, "status": "failed", **attrs.asdict(outcome)}
        write_json_atomic(Path(job.experiment_dir) / ERROR_FILE, document)
    return outcome
