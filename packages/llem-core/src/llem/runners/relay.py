"""Relay an experiment's events to the host until it reports an outcome, dies, or runs past a
limit of its :class:`~llem.runners.watchdog.Watchdog`. Shared by every runner: what differs
between them is the :class:`ExperimentHandle` (a process, a container)."""

from __future__ import annotations

from typing import Protocol

import attrs

from llem.experiment.events import EventHandler, Failed, Finished
from llem.experiment.job import ExperimentJob
from llem.runners.event_stream import END, EventStream
from llem.runners.log_tail import with_log_tail
from llem.runners.watchdog import Watchdog

POLL_SECONDS = 0.2
DRAIN_SECONDS = 2.0
"""After the experiment is gone: how long its last events may take to arrive."""
EXIT_GRACE_SECONDS = 10.0
"""How long an experiment that reported may take to exit by itself (engine shutdown)."""
READER_JOIN_SECONDS = 2.0


class ExperimentHandle(Protocol):
    def is_alive(self) -> bool: ...

    def died_message(self) -> str:
        """Why it ended without reporting (``experiment process died ... (exit code 1)``)."""
        ...

    def finish(self, grace_s: float) -> None:
        """After it reported: let it exit by itself within ``grace_s``, then remove all of it."""
        ...

    def stop(self) -> None:
        """Stop it now and remove all of it (a limit ran out, Ctrl-C, it went silent)."""
        ...


def relay_experiment(
    job: ExperimentJob, handle: ExperimentHandle, stream: EventStream, on_event: EventHandler
) -> Finished | Failed:
    """Relay until the outcome; every path out leaves nothing of the experiment running. The
    outcome goes to ``on_event`` too when the experiment reported it itself."""
    relay = Relay(handle, stream, Watchdog(job.limits, job.log_file), on_event)
    try:
        outcome = relay.until_outcome()
        if relay.reported:
            handle.finish(EXIT_GRACE_SECONDS)
        else:
            handle.stop()
    except BaseException:
        handle.stop()
        raise
    finally:
        stream.join(READER_JOIN_SECONDS)
    outcome = with_log_tail(outcome, job.log_file)
    if relay.reported:
        on_event(outcome)
    return outcome


@attrs.define
class Relay:
    handle: ExperimentHandle
    stream: EventStream
    watchdog: Watchdog
    on_event: EventHandler
    reported: bool = False
    """Whether the outcome came from the experiment (not from the runner's watchdog)."""

    def until_outcome(self) -> Finished | Failed:
        """Every event but the last goes to ``on_event``; the last (``Finished``/``Failed``)
        is returned for the runner to pass on once the experiment is gone."""
        closed = False
        while True:
            message = self.stream.get(POLL_SECONDS)
            if isinstance(message, Finished | Failed):
                self.reported = True
                return message
            closed = closed or message is END
            if message is not None and message is not END:
                self.watchdog.saw_event()
                self.on_event(message)  # type: ignore[arg-type]
            elif not self.handle.is_alive():
                return self._after_end(closed)
            if (reason := self.watchdog.expired()) is not None:
                return Failed(reason)

    def _after_end(self, closed: bool) -> Finished | Failed:
        """The experiment is gone: unless its channel closed, its last events may still come."""
        while not closed and (message := self.stream.get(DRAIN_SECONDS)) is not None:
            if message is END:
                break
            if isinstance(message, Finished | Failed):
                self.reported = True
                return message
            self.on_event(message)  # type: ignore[arg-type]
        return Failed(self.handle.died_message())
