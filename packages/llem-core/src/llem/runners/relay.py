"""Relay an experiment's events to the host until it reports an outcome, dies, or runs past a
limit of its :class:`~llem.runners.watchdog.Watchdog`."""

from __future__ import annotations

import queue as queue_module
from multiprocessing.queues import Queue
from typing import Any

import attrs

from llem.runners.base import EventHandler, Failed, Finished
from llem.runners.exit_reason import died_message
from llem.runners.process_group import ExperimentProcess, GroupLeader
from llem.runners.watchdog import Watchdog

POLL_SECONDS = 0.2


@attrs.define
class Relay:
    experiment: ExperimentProcess
    events: Queue[Any]
    watchdog: Watchdog
    on_event: EventHandler
    reported: bool = False
    """Whether the outcome came from the experiment (not from the runner's watchdog)."""

    def until_outcome(self) -> Finished | Failed:
        """Every event but the last goes to ``on_event``; the last (``Finished``/``Failed``)
        is returned for the runner to pass on once the process is gone."""
        while True:
            message = self._next_message()
            if isinstance(message, Finished | Failed):
                self.reported = True
                return message
            if message is not None:
                self.on_event(message)
            elif not self.experiment.process.is_alive():
                return self._after_death()
            if (reason := self.watchdog.expired()) is not None:
                return Failed(reason)

    def _next_message(self) -> Any:
        """The next event (``GroupLeader`` handled here), or ``None`` after a quiet poll."""
        self.experiment.look_for_group()
        try:
            message = self.events.get(timeout=POLL_SECONDS)
        except queue_module.Empty:
            return None
        self.watchdog.saw_event()
        if isinstance(message, GroupLeader):
            self.experiment.note_group(message.pgid)
            return self._next_message()
        return message

    def _after_death(self) -> Finished | Failed:
        """The process is gone: its last messages may still sit in the pipe."""
        while (message := self._next_message()) is not None:
            if isinstance(message, Finished | Failed):
                self.reported = True
                return message
            self.on_event(message)
        self.experiment.process.join()
        return Failed(died_message(self.experiment.process.exitcode))
