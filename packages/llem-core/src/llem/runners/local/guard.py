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


def start_group_guard(group: int) -> subprocess.Popen[bytes] | None:
    """Start the guard in process group ``group``, watching this process (Linux only: it waits
    on a pidfd). It is one of the group, so the runner's own kill of the group ends it too.
    ``None`` when it cannot start (the group is already gone)."""
    if not hasattr(os, "pidfd_open"):
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", GUARD_SOURCE, str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            process_group=group,
        )
    except (OSError, subprocess.SubprocessError):
        return None
