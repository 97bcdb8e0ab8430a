"""The ``local`` runner: each experiment in a fresh ``spawn`` child process.

``spawn`` (never ``fork``) so the child starts with no CUDA state and no inherited threads.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import signal
from multiprocessing.context import SpawnProcess
from multiprocessing.queues import Queue
from typing import Any

from llem.runners.base import Event, EventHandler, ExperimentJob, Failed, Finished

POLL_SECONDS = 0.2
STOP_GRACE_SECONDS = 10.0


def _describe_exit(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by signal {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


class LocalRunner:
    """Runs a job in a spawned child and relays its events."""

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        from llem.harness.child import child_main

        context = multiprocessing.get_context("spawn")
        events: Queue[Any] = context.Queue()
        process = context.Process(target=child_main, args=(job, events), name="llem-experiment")
        process.start()
        try:
            return self._relay(process, events, on_event)
        except BaseException:
            self._stop(process)
            raise
        finally:
            process.join(STOP_GRACE_SECONDS)

    def _relay(
        self, process: SpawnProcess, events: Queue[Any], on_event: EventHandler
    ) -> Finished | Failed:
        while True:
            event = self._next_event(process, events)
            if event is None:
                return Failed(
                    f"experiment process died without a result ({_describe_exit(process.exitcode)})"
                )
            on_event(event)
            if isinstance(event, Finished | Failed):
                return event

    def _next_event(self, process: SpawnProcess, events: Queue[Any]) -> Event | None:
        while True:
            try:
                event: Event = events.get(timeout=POLL_SECONDS)
                return event
            except queue_module.Empty:
                if not process.is_alive():
                    return self._drain(events)

    @staticmethod
    def _drain(events: Queue[Any]) -> Event | None:
        try:
            event: Event = events.get(timeout=POLL_SECONDS)
            return event
        except queue_module.Empty:
            return None

    @staticmethod
    def _stop(process: SpawnProcess) -> None:
        if process.is_alive():
            process.terminate()
            process.join(STOP_GRACE_SECONDS)
        if process.is_alive():
            process.kill()
