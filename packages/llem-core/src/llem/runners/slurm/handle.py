"""A submitted experiment's Slurm job, as :func:`llem.runners.relay.relay_experiment` sees it, and
the tail of its events file (the node appends events there; the host reads them as they come)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

from llem.runners.slurm.accounting import (
    JobState,
    cancel,
    ended_state,
    failure_message,
    query_state,
)

ACCOUNTING_WAIT_S = 30.0
"""How long sacct may take to hold the end of a job squeue no longer shows as live."""
LOST_AFTER_S = 300.0
"""A job neither squeue nor sacct knows for this long is taken as gone (the cluster lost it)."""
STOP_WAIT_S = 30.0
"""After scancel: how long Slurm may take to end the job (its KillWait, then SIGKILL)."""


class SlurmJobHandle:
    def __init__(self, job_id: str, poll_interval_s: float) -> None:
        self.job_id = job_id
        self.poll_interval_s = poll_interval_s
        self.ended = threading.Event()
        """Set once the job is known to have ended: the events tail reads what is left, stops."""
        self._state: JobState | None = None
        self._checked_at = 0.0
        self._known_at = time.monotonic()

    def state(self) -> JobState:
        """Slurm's state, asked at most every ``poll_interval_s``."""
        now = time.monotonic()
        if self._state is None or now - self._checked_at >= self.poll_interval_s:
            self._state, self._checked_at = self._query(now), now
            if not self._state.live:
                self.ended.set()
        return self._state

    def _query(self, now: float) -> JobState:
        state = query_state(self.job_id)
        if state.state != "UNKNOWN":
            self._known_at = now
        elif now - self._known_at > LOST_AFTER_S:
            return JobState(
                "LOST", reason=f"neither squeue nor sacct knew it for {LOST_AFTER_S:.0f} s"
            )
        return state

    def wait_until_started(self) -> JobState:
        """Block while the job is queued; its state once it runs (or ended without running)."""
        while (state := self.state()).pending or state.state == "UNKNOWN":
            time.sleep(self.poll_interval_s)
        return state

    def is_alive(self) -> bool:
        return self.state().live

    def died_message(self) -> str:
        return failure_message(self.job_id, self.final_state())

    def final_state(self, wait_s: float = ACCOUNTING_WAIT_S) -> JobState:
        """The job's end as sacct records it, once it holds it (else as squeue last saw it)."""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            ended = ended_state(self.job_id)
            if not ended.live:
                return ended
            time.sleep(self.poll_interval_s)
        return self.state()

    def finish(self, grace_s: float) -> None:
        if not self._ends_within(grace_s):
            self.stop()
        self.ended.set()

    def stop(self) -> None:
        cancel(self.job_id)
        self._ends_within(STOP_WAIT_S)
        self.ended.set()

    def _ends_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.is_alive():
            if time.monotonic() > deadline:
                return False
            time.sleep(self.poll_interval_s)
        return True


def tail_events(path: Path, ended: threading.Event, poll_s: float) -> Iterator[bytes]:
    """What is appended to ``path`` as it comes; once ``ended`` is set, the rest, then stop."""
    with open(path, "rb") as events:
        while True:
            if chunk := events.read():
                yield chunk
            elif ended.wait(poll_s):
                if rest := events.read():
                    yield rest
                return
