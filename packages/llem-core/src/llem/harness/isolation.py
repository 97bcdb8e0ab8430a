"""What the experiment process does first: lead its own process group (so the host can stop
everything it starts), die with the host, and dump a traceback on a fatal signal."""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""
HOST_GONE_EXIT_CODE = 1


def lead_own_group() -> int:
    """Make this process the leader of a new process group; return the group id."""
    with contextlib.suppress(OSError):  # already a session or group leader: keep its group
        os.setpgid(0, 0)
    # In a background group a write to the terminal could stop us (SIGTTOU, `stty tostop`).
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    signal.signal(signal.SIGTTIN, signal.SIG_IGN)
    return os.getpgid(0)


def die_with_host(host_pid: int | None) -> None:
    """On Linux, have the kernel SIGKILL this process when the host dies (even by SIGKILL).
    The host may have died before the request took effect: then it is gone already."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if host_pid is not None and os.getppid() != host_pid:
        os._exit(HOST_GONE_EXIT_CODE)


def dump_tracebacks_on_crash() -> None:
    """A segfault (or abort, bus error) writes every thread's Python traceback to stderr,
    which is the experiment's log when it has one."""
    faulthandler.enable(file=sys.stderr, all_threads=True)
