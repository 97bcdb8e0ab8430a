"""What a runner receives (a job) and what it reports back (events, an outcome)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

from llem.config.models import ExperimentConfig
from llem.engine_api import ResolvedModel
from llem.logs import LogSettings
from llem.results.models import ConfigChecks


@attrs.frozen
class RunLimits:
    """How long an experiment may take. ``timeout_s``: wall clock from start to result;
    ``silence_s``: longest stretch with neither an event nor a byte of log output. When either
    runs out the runner kills the experiment's whole process group and reports it failed.
    ``None``: no limit."""

    timeout_s: float | None = None
    silence_s: float | None = None


@attrs.frozen
class ExperimentJob:
    """Everything the experiment process needs; picklable. ``experiment_dir`` exists already;
    ``base_dir`` is where relative dataset paths are resolved."""

    name: str
    config: ExperimentConfig
    model: ResolvedModel
    experiment_dir: str
    base_dir: str
    log_settings: LogSettings = attrs.field(factory=LogSettings)
    checks: ConfigChecks = attrs.field(factory=ConfigChecks)
    log_file: str | None = None
    """When set, the experiment process's stdout and stderr go to this file (a study's
    ``experiment.log``); the runner reads its tail when the experiment fails."""
    limits: RunLimits = attrs.field(factory=RunLimits)


@attrs.frozen
class Phase:
    """The experiment entered a phase (``loading model``, ``warmup``, ``measuring``, ...)."""

    name: str
    detail: str = ""


@attrs.frozen
class Progress:
    done: int
    total: int


@attrs.frozen
class Finished:
    """The experiment wrote its result to ``result_path``."""

    result_path: str


@attrs.frozen
class Failed:
    """The experiment raised: ``message`` for people, ``details`` (a traceback) for the log."""

    message: str
    details: str = ""
    exit_code: int = 1
    log_tail: str = ""
    """The last lines of the experiment's log, when it had a log file."""


Event = Phase | Progress | Finished | Failed
EventHandler = Callable[[Event], None]


class Runner(Protocol):
    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        """Run the job in an isolated process; report events as they come; return the last."""
        ...
