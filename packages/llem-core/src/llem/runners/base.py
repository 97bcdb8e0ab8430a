"""What a runner is: it checks, before anything is created, that it can run an experiment
(``preflight``), then runs a prepared job wherever it runs experiments (``run``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

from llem.config.models import ExperimentConfig
from llem.experiment.events import EventHandler, Failed, Finished
from llem.experiment.job import ExperimentJob
from llem.plugins.registry import Registry
from llem.records import import_string


@attrs.frozen
class RunnerRequest:
    """What a runner factory (``RunnerSpec.factory``) is called with: the loaded plugins, and
    the text after ``NAME:`` in the runner key (``docker:my-image`` gives ``my-image``)."""

    registry: Registry
    argument: str | None = None


class Runner(Protocol):
    def preflight(self, config: ExperimentConfig) -> None:
        """Raise a :class:`llem.errors.LlemError` saying what to do when this runner cannot run
        ``config`` here (an engine runtime not installed, an image missing or stale)."""
        ...

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        """Run ``python -m llem.experiment`` on the job in an isolated process; report events as
        they come; return the last. Nothing it started may outlive it."""
        ...


FollowJob = Callable[[EventHandler], Finished | Failed]
"""Follow a job to its outcome, relaying its events, as :meth:`Runner.run` would have."""


class ReattachingRunner(Runner, Protocol):
    """A runner whose experiments outlive the host (a scheduler's jobs) and that announces
    each with a :class:`~llem.experiment.events.Submitted` event can follow one again."""

    def parallel_runs(self, config: ExperimentConfig) -> int:
        """How many of a study's runs may be in flight at once (each on its own resources)."""
        ...

    def cancel(self, job: str) -> None:
        """End ``job`` (as announced) and return once it has ended."""
        ...

    def attach(self, experiment_dir: str, job: str) -> FollowJob | None:
        """How to follow ``job`` (as announced: ``slurm:1234``), which a host that is gone
        started in ``experiment_dir``; ``None``, touching nothing, when it is no longer queued
        or running (the run then starts again)."""
        ...


def split_runner_key(key: str) -> tuple[str, str | None]:
    name, colon, argument = key.partition(":")
    return name, (argument if colon else None)


def make_runner(key: str, registry: Registry) -> Runner:
    """The runner named by ``key`` (``local``, ``docker``, ``docker:IMAGE``)."""
    name, argument = split_runner_key(key)
    factory = import_string(registry.runners[name].spec.factory)
    runner: Runner = factory(RunnerRequest(registry, argument))
    return runner


def parallel_runs(config: ExperimentConfig, registry: Registry) -> int:
    """How many runs like ``config`` its runner lets a study have in flight (1 unless it says)."""
    runner = make_runner(config.runner, registry)
    return int(runner.parallel_runs(config)) if hasattr(runner, "parallel_runs") else 1


def cancel_job(job: str, runner_key: str, registry: Registry) -> None:
    """End a job a reattaching runner announced (``slurm:1234``), when that runner can."""
    runner = make_runner(runner_key, registry)
    if hasattr(runner, "cancel"):
        runner.cancel(job)
