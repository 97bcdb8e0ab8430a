"""The ``local`` runner: each experiment in a fresh Python process on this machine.

A new process (never a fork of the host) so the experiment starts with no CUDA state and no
inherited threads. It leads its own process group, so a timeout, a hang or Ctrl-C stops
everything it started. Every path out of :meth:`LocalRunner.run` leaves no process behind.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import attrs

from llem.config.converter import make_converter
from llem.config.models import ExperimentConfig
from llem.errors import UsageError
from llem.experiment.codec import write_job
from llem.experiment.events import EventHandler, Failed, Finished
from llem.experiment.job import JOB_FILE, ExperimentJob, JobRunner
from llem.runners.base import RunnerRequest
from llem.runners.event_stream import EventStream
from llem.runners.local.process import ExperimentProcess
from llem.runners.local.spawn import spawn_experiment
from llem.runners.relay import relay_experiment
from llem.runners.stray import stray_output
from llem.runtime_check import require_runtime


class LocalRunner:
    def __init__(self, request: RunnerRequest) -> None:
        if request.argument is not None:
            raise UsageError(f"runner 'local' takes no argument (got 'local:{request.argument}')")
        self._registry = request.registry

    def preflight(self, config: ExperimentConfig) -> None:
        """The engine's runtime must be installed in this Python."""
        require_runtime(self._registry.engine(config.engine))

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        job = attrs.evolve(job, runner=JobRunner("local"))
        job_file = Path(job.experiment_dir) / JOB_FILE
        write_job(job_file, job, make_converter(self._registry))
        experiment = spawn_experiment(job_file, job.log_file)
        return relay_experiment(job, experiment, _event_stream(job, experiment), on_event)


def _event_stream(job: ExperimentJob, experiment: ExperimentProcess) -> EventStream:
    pipe = experiment.process.stdout
    assert pipe is not None  # spawned with stdout=PIPE
    chunks = _chunks(pipe.fileno())
    return EventStream(chunks, job.experiment_dir, stray_output(job.log_file)).start()


def _chunks(fd: int) -> Iterator[bytes]:
    return iter(functools.partial(os.read, fd, 65536), b"")
