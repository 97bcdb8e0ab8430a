"""The experiment's event channel: JSON lines on its standard output or in a file.

With ``-`` the channel takes over file descriptor 1 and points fd 1 at fd 2, so whatever else
writes to standard output (an engine library's prints, native code) lands in the log beside its
stderr and cannot corrupt the event stream.
"""

from __future__ import annotations

import os
import sys
import threading

from llem.experiment.events import Event, encode_event

STDOUT = "-"


class EventChannel:
    """Writes one event per line, whole, from any thread."""

    def __init__(self, fd: int, experiment_dir: str | None = None) -> None:
        self._fd = fd
        self._lock = threading.Lock()
        self.experiment_dir = experiment_dir

    def emit(self, event: Event) -> None:
        line = (encode_event(event, self.experiment_dir) + "\n").encode()
        with self._lock:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view) :]

    def close(self) -> None:
        os.close(self._fd)


def open_channel(target: str) -> EventChannel:
    """``-``: this process's standard output (taken over); anything else: a file, appended to."""
    if target != STDOUT:
        return EventChannel(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644))
    sys.stdout.flush()
    fd = os.dup(1)
    os.dup2(2, 1)
    return EventChannel(fd)
