"""A tiny guard process inside the experiment's process group that SIGKILLs the whole group when
the host dies. ``PR_SET_PDEATHSIG`` takes down the experiment process alone; what it started
(an engine's worker processes, holding GPU memory) would live on as orphans."""

from __future__ import annotations

import os
import subprocess
import sys

GUARD_SOURCE = """
import os, select, signal, sys
try:
    host = os.pidfd_open(int(sys.argv[1]))
except ProcessLookupError:
    pass
else:
    select.select([host], [], [])
os.killpg(0, signal.SIGKILL)
"""

_guard: subprocess.Popen[bytes] | None = None
"""Kept referenced for the life of the process."""


def start_group_guard(host_pid: int | None) -> subprocess.Popen[bytes] | None:
    """Start the guard (Linux only: it waits on a pidfd). It is one of the group, so the host's
    own kill of the group ends it too."""
    global _guard
    if host_pid is None or not hasattr(os, "pidfd_open"):
        return None
    _guard = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", GUARD_SOURCE, str(host_pid)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return _guard
