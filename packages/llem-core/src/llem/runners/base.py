"""What a runner is: it checks, before anything is created, that it can run an experiment
(``preflight``), then runs a prepared job wherever it runs experiments (``run``)."""

from __future__ import annotations

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


def split_runner_key(key: str) -> tuple[str, str | None]:
    name, colon, argument = key.partition(":")
    return name, (argument if colon else None)


def make_runner(key: str, registry: Registry) -> Runner:
    """The runner named by ``key`` (``local``, ``docker``, ``docker:IMAGE``)."""
    name, argument = split_runner_key(key)
    factory = import_string(registry.runners[name].spec.factory)
    runner: Runner = factory(RunnerRequest(registry, argument))
    return runner
