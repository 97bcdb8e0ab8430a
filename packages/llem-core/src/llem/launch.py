"""From a resolved configuration to a finished experiment: checks that need no model, the
experiment folder with ``config.json``, then the runner."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from llem import __version__
from llem.config.converter import make_converter
from llem.config.models import ExperimentConfig
from llem.config.resolve import ResolvedExperiment
from llem.engine_api import ResolvedModel
from llem.errors import ConfigError, LlemError, UsageError
from llem.experiment.events import EventHandler, Failed, Finished
from llem.experiment.job import ExperimentJob, RunLimits
from llem.experiment.prompts import split_prompts
from llem.logs import LogSettings
from llem.model_ref import resolve_model
from llem.plugins.registry import Registry
from llem.preflight.check import check_launch
from llem.results.atomic import write_json_atomic
from llem.results.files import CONFIG_FILE, ERROR_FILE, LOG_FILE, RESULT_FILE
from llem.results.folders import new_stamped_dir
from llem.results.models import SCHEMA_VERSION, ConfigChecks
from llem.rules.rulebook import RuleBook
from llem.runners.base import FollowJob, make_runner

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


def _resolve_model(launch: Launch) -> ResolvedModel:
    task = launch.resolved.config.task
    try:
        return resolve_model(task.model, task.gguf_file, launch.base_dir_for("task.model"))
    except UsageError as error:
        raise ConfigError([f"{launch.where('task.model')}: task.model: {error}"]) from None


def _baseline_cache_dir(config: ExperimentConfig) -> str:
    configured = config.measurement.baseline.cache_dir
    if configured:
        return str(Path(configured).expanduser().resolve())
    import platformdirs

    return platformdirs.user_cache_dir("llem")


def _model_cache_dir() -> str:
    """Weights an engine derives (a GGUF file as safetensors), shared by every run here."""
    import platformdirs

    return str(Path(platformdirs.user_cache_dir("llem")) / "models")


def _job(launch: Launch, registry: Registry, checks: ConfigChecks) -> ExperimentJob:
    """The job, its prompts chosen here on the host, every path absolute."""
    config = launch.resolved.config
    model = _resolve_model(launch)
    prompts = split_prompts(config, registry, launch.base_dir_for("task.dataset"))
    name = config.name or default_name(config.engine, model.location, model.gguf_file)
    directory = launch.experiment_dir or new_stamped_dir(Path(config.output_dir), name)
    return ExperimentJob(
        name,
        config,
        model,
        prompts,
        str(Path(directory).resolve()),
        _baseline_cache_dir(config),
        launch.log_settings,
        checks,
        log_file=str(Path(directory).resolve() / LOG_FILE) if launch.capture_log else None,
        limits=launch.limits,
        model_cache_dir=_model_cache_dir(),
    )


def default_name(engine: str, location: str, gguf_file: str | None) -> str:
    stem = Path(gguf_file).stem if gguf_file else Path(location.rstrip("/")).name
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{engine}_{stem}")


def prepare(launch: Launch, registry: Registry, rulebook: RuleBook | None = None) -> ExperimentJob:
    """Everything that can fail without loading a model, then the folder and config.json.

    The engine's rules, the model and the dataset are checked first, as ``llem config validate``
    checks them (:func:`llem.preflight.check.check_launch`): a config the library would
    reject fails in milliseconds. Then the runner's own checks (an engine runtime installed
    here, an image built and current)."""
    config = launch.resolved.config
    checks = check_launch(launch, registry, rulebook).checks()
    make_runner(config.runner, registry).preflight(config)
    job = _job(launch, registry, checks)
    Path(job.experiment_dir).mkdir(parents=True)
    if job.model_cache_dir:
        Path(job.model_cache_dir).mkdir(parents=True, exist_ok=True)
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
    """Run the job; a failure is also written to ``error.json`` beside ``config.json``, and so
    is an interrupt that lands before the result was written."""
    try:
        outcome = make_runner(job.config.runner, registry).run(job, on_event)
    except LlemError as error:  # e.g. the container could not start: recorded, then reported
        _write_error(Path(job.experiment_dir), Failed(str(error), exit_code=error.exit_code))
        raise
    except KeyboardInterrupt:
        _mark_interrupted(job)
        raise
    if isinstance(outcome, Failed):
        _write_error(Path(job.experiment_dir), outcome)
    return outcome


def reattach(
    experiment_dir: Path, job: str, runner_key: str, registry: Registry
) -> FollowJob | None:
    """How to follow a job an earlier host submitted and left running (``job`` as its runner
    announced it); ``None`` when the runner cannot, or the job has ended (the run starts again).
    A failure is written to ``error.json`` as :func:`execute` writes it."""
    runner = make_runner(runner_key, registry)
    follow: FollowJob | None = (
        runner.attach(str(experiment_dir), job) if hasattr(runner, "attach") else None
    )
    if follow is None:
        return None

    def follow_and_record(on_event: EventHandler) -> Finished | Failed:
        assert follow is not None
        outcome = follow(on_event)
        if isinstance(outcome, Failed):
            _write_error(experiment_dir, outcome)
        return outcome

    return follow_and_record


def _write_error(experiment_dir: Path, failure: Failed, status: str = "failed") -> None:
    document = {"schema_version": SCHEMA_VERSION, "status": status, **attrs.asdict(failure)}
    write_json_atomic(experiment_dir / ERROR_FILE, document)


def _mark_interrupted(job: ExperimentJob) -> None:
    if (Path(job.experiment_dir) / RESULT_FILE).exists():
        return  # it finished just before the interrupt: the result stands
    message = "interrupted (Ctrl-C or SIGTERM) before the experiment finished; nothing measured"
    _write_error(Path(job.experiment_dir), Failed(message, exit_code=130), status="interrupted")
