"""The two limits on a running experiment: total wall-clock time, and silence (no event and no
new byte of log output)."""

from __future__ import annotations

import time

import attrs

from llem.experiment.job import RunLimits
from llem.runners.log_tail import log_size


def timeout_message(seconds: float) -> str:
    return f"timed out after {seconds:g} s (execution.timeout_s)"


def silence_message(seconds: float) -> str:
    return (
        f"no output or progress for {seconds:g} s (execution.silence_s); the experiment looked hung"
    )


@attrs.define
class Watchdog:
    """Call :meth:`saw_event` for every event and :meth:`expired` on every poll."""

    limits: RunLimits
    log_file: str | None = None
    started: float = attrs.field(factory=time.monotonic)
    last_activity: float = attrs.field(factory=time.monotonic)
    last_log_size: int = 0

    def saw_event(self) -> None:
        self.last_activity = time.monotonic()

    def expired(self) -> str | None:
        """Why the experiment must be stopped now, or ``None`` while it is within its limits."""
        now = time.monotonic()
        self._note_log_growth(now)
        timeout, silence = self.limits.timeout_s, self.limits.silence_s
        if timeout is not None and now - self.started >= timeout:
            return timeout_message(timeout)
        if silence is not None and now - self.last_activity >= silence:
            return silence_message(silence)
        return None

    def _note_log_growth(self, now: float) -> None:
        size = log_size(self.log_file)
        if size != self.last_log_size:
            self.last_log_size = size
            self.last_activity = now
