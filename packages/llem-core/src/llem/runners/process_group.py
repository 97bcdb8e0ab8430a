"""The experiment process and everything it started (engine workers, helpers): one process
group, which the child creates and leads, stopped as one."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from multiprocessing.context import SpawnProcess

import attrs

from llem.runners.group_members import live_members

STOP_GRACE_SECONDS = 3.0
"""Between SIGTERM and SIGKILL."""
SWEEP_SECONDS = 5.0
"""How long to wait for a killed group's last members to be gone."""


@attrs.frozen
class GroupLeader:
    """The child's first message: it leads process group ``pgid`` (its own pid)."""

    pgid: int


@attrs.define
class ExperimentProcess:
    """The spawned experiment process; ``group`` is known once it leads its own group."""

    process: SpawnProcess
    group: int | None = None

    def note_group(self, pgid: int) -> None:
        if pgid == self.process.pid:
            self.group = pgid

    def look_for_group(self) -> None:
        """Learn the group by asking the kernel, in case the child's message is slow."""
        pid = self.process.pid
        if self.group is None and pid is not None and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.note_group(os.getpgid(pid))

    def finish(self, grace_s: float) -> None:
        """After the experiment reported: let it exit by itself, else stop it; then make sure
        nothing it started is left."""
        self.process.join(grace_s)
        if self.process.is_alive():
            self.stop()
        self.sweep()

    def stop(self, grace_s: float = STOP_GRACE_SECONDS) -> None:
        """SIGTERM to the whole group, ``grace_s`` to exit, then SIGKILL; join; sweep."""
        self.look_for_group()
        self._signal(signal.SIGTERM)
        try:
            self.process.join(grace_s)
        finally:  # a second Ctrl-C during the grace skips the rest of it
            self._signal(signal.SIGKILL)
            self.process.join(grace_s)
            self.sweep()

    def sweep(self) -> None:
        """SIGKILL what is left of the group and wait (bounded) until it is gone."""
        if self.group is None:
            return
        deadline = time.monotonic() + SWEEP_SECONDS
        while live_members(self.group) and time.monotonic() < deadline:
            _kill_group(self.group, signal.SIGKILL)
            time.sleep(0.05)

    def _signal(self, signum: signal.Signals) -> None:
        if self.group is not None:
            _kill_group(self.group, signum)
        elif self.process.is_alive() and self.process.pid is not None:
            # the child has not made its group yet: only it can have started anything
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signum)


def _kill_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)
