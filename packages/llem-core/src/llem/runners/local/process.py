"""The experiment process and everything it started (engine workers, helpers, the guard): one
process group, led by the experiment process, stopped as one."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

import attrs

from llem.runners.exit_reason import died_message
from llem.runners.local.group_members import live_members

STOP_GRACE_SECONDS = 3.0
"""Between SIGTERM and SIGKILL."""
SWEEP_SECONDS = 5.0
"""How long to wait for a killed group's last members to be gone."""


@attrs.define
class ExperimentProcess:
    """The experiment process (leader of group ``process.pid``) and its group guard."""

    process: subprocess.Popen[bytes]
    guard: subprocess.Popen[bytes] | None = None

    @property
    def group(self) -> int:
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def died_message(self) -> str:
        return died_message(self.process.wait())

    def finish(self, grace_s: float) -> None:
        """After the experiment reported: let it exit by itself, else stop it; then make sure
        nothing it started is left."""
        if not self._exited_within(grace_s):
            self.stop()
        self.sweep()

    def stop(self, grace_s: float = STOP_GRACE_SECONDS) -> None:
        """SIGTERM to the whole group, ``grace_s`` to exit, then SIGKILL; wait; sweep."""
        _kill_group(self.group, signal.SIGTERM)
        try:
            self._exited_within(grace_s)
        finally:  # a second Ctrl-C during the grace skips the rest of it
            _kill_group(self.group, signal.SIGKILL)
            self._exited_within(grace_s)
            self.sweep()

    def sweep(self) -> None:
        """SIGKILL what is left of the group, wait (bounded) until it is gone, reap the guard."""
        deadline = time.monotonic() + SWEEP_SECONDS
        while live_members(self.group) and time.monotonic() < deadline:
            _kill_group(self.group, signal.SIGKILL)
            time.sleep(0.05)
        if self.guard is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.guard.wait(SWEEP_SECONDS)

    def _exited_within(self, seconds: float) -> bool:
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            return False
        return True


def _kill_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)
