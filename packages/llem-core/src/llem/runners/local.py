"""The ``local`` runner: each experiment in a fresh ``spawn`` child process.

``spawn`` (never ``fork``) so the child starts with no CUDA state and no inherited threads. The
child leads its own process group, so a timeout, a hang or Ctrl-C stops everything it started.
Every path out of :meth:`LocalRunner.run` leaves no process behind.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.queues import Queue
from typing import Any

import attrs

from llem.runners.base import EventHandler, ExperimentJob, Failed, Finished
from llem.runners.log_tail import read_log_tail
from llem.runners.process_group import ExperimentProcess
from llem.runners.relay import Relay
from llem.runners.watchdog import Watchdog

EXIT_GRACE_SECONDS = 10.0
"""How long an experiment that reported may take to exit by itself (engine shutdown)."""


class LocalRunner:
    """Runs a job in a spawned child and relays its events."""

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        from llem.harness.child import child_main

        context = multiprocessing.get_context("spawn")
        events: Queue[Any] = context.Queue()
        process = context.Process(
            target=child_main, args=(job, events, os.getpid()), name="llem-experiment"
        )
        process.start()
        experiment = ExperimentProcess(process)
        try:
            outcome, reported = self._relay(job, experiment, events, on_event)
        except BaseException:
            experiment.stop()
            raise
        finally:
            events.close()
        outcome = _with_log_tail(outcome, job.log_file)
        if reported:
            on_event(outcome)
        return outcome

    @staticmethod
    def _relay(
        job: ExperimentJob,
        experiment: ExperimentProcess,
        events: Queue[Any],
        on_event: EventHandler,
    ) -> tuple[Finished | Failed, bool]:
        """The outcome, and whether the experiment reported it (else the runner decided it)."""
        relay = Relay(experiment, events, Watchdog(job.limits, job.log_file), on_event)
        outcome = relay.until_outcome()
        if relay.reported:
            experiment.finish(EXIT_GRACE_SECONDS)
        else:
            experiment.stop()
        return outcome, relay.reported


def _with_log_tail(outcome: Finished | Failed, log_file: str | None) -> Finished | Failed:
    if isinstance(outcome, Failed) and log_file is not None and not outcome.log_tail:
        return attrs.evolve(outcome, log_tail=read_log_tail(log_file))
    return outcome
