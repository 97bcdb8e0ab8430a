"""What an experiment process is given: one plain record, the same for every runner.

Prompts are resolved on the host and travel in the job, so the experiment process never reads a
dataset. The paths a runner may have to map (host path → container path) are exactly
``experiment_dir``, ``baseline_cache_dir``, ``model_cache_dir`` and, for a model on disk,
``model.location``.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from llem.config.models import ExperimentConfig
from llem.engine_api import Prompt, ResolvedModel
from llem.logs import LogSettings
from llem.results.models import ConfigChecks

JOB_FORMAT = 1
"""Bumped when a reader of an older job could misread a newer one."""
JOB_FILE = "job.json"


@attrs.frozen
class RunLimits:
    """How long an experiment may take. ``timeout_s``: wall clock from start to result;
    ``silence_s``: longest stretch with neither an event nor a byte of log output. When either
    runs out the runner stops the experiment (and all it started) and reports it failed.
    ``None``: no limit."""

    timeout_s: float | None = None
    silence_s: float | None = None


@attrs.frozen
class JobPrompts:
    """The measured prompts, the warmup prompts (never inside the window) and notes for the
    result's warnings (e.g. warmup prompts reused from the measured set)."""

    measured: tuple[Prompt, ...]
    warmup: tuple[Prompt, ...] = ()
    notes: tuple[str, ...] = ()


@attrs.frozen
class JobRunner:
    """Where the runner started the experiment, recorded in ``environment.json``: the runner's
    name and, in a container, the image (name, id, labels); ``warnings`` about where it ran
    (a node shared with other jobs) go into the result's warnings too."""

    name: str = "local"
    image: str | None = None
    image_id: str | None = None
    image_labels: dict[str, str] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()


@attrs.frozen
class ExperimentJob:
    """Everything the experiment process needs. ``experiment_dir`` exists already; results are
    written there. ``baseline_cache_dir`` holds cached idle baselines (read and written).

    ``log_file`` and ``limits`` are for the runner on the host: where the experiment's output
    goes (a study's ``experiment.log``) and when to stop it."""

    name: str
    config: ExperimentConfig
    model: ResolvedModel
    prompts: JobPrompts
    experiment_dir: str
    baseline_cache_dir: str
    log_settings: LogSettings = attrs.field(factory=LogSettings)
    checks: ConfigChecks = attrs.field(factory=ConfigChecks)
    log_file: str | None = None
    limits: RunLimits = attrs.field(factory=RunLimits)
    runner: JobRunner = attrs.field(factory=JobRunner)
    model_cache_dir: str | None = None
    """Where engines keep forms of the weights they derive (read and written); the engine sees it
    as ``ResolvedModel.cache_dir`` (:meth:`engine_model`)."""
    host_model: ResolvedModel | None = None
    """The model as the host resolved it, when ``model`` was mapped into a container: what
    ``result.json`` records, so results read the same under every runner."""
    format: int = JOB_FORMAT

    @property
    def recorded_model(self) -> ResolvedModel:
        return self.host_model or self.model

    @property
    def engine_model(self) -> ResolvedModel:
        """The model as the engine runner is given it: with the model cache folder."""
        return attrs.evolve(self.model, cache_dir=self.model_cache_dir)

    @property
    def model_on_disk(self) -> bool:
        """Whether ``model.location`` is a path (else a hub id the engine downloads)."""
        return self.model.source != "hub"

    def with_paths(self, mapping: Callable[[str], str]) -> ExperimentJob:
        """The same job with every path passed through ``mapping`` (host → container)."""
        model = self.model
        if self.model_on_disk:
            model = attrs.evolve(model, location=mapping(model.location))
        return attrs.evolve(
            self,
            model=model,
            host_model=self.recorded_model,
            experiment_dir=mapping(self.experiment_dir),
            baseline_cache_dir=mapping(self.baseline_cache_dir),
            model_cache_dir=mapping(self.model_cache_dir) if self.model_cache_dir else None,
        )
