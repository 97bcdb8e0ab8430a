"""What the local runner asks of the experiment process before it starts Python: die with the
host (``PR_SET_PDEATHSIG``). Leading its own process group is ``Popen(process_group=0)``."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""
HOST_GONE_EXIT_CODE = 1


def die_with_host(host_pid: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the kernel SIGKILL the child when the host dies (even by
    SIGKILL); the host may have died before it took effect, then the child leaves at once.
    ``None`` off Linux. The C call is bound here, before the fork: after it, in the child, only
    async-signal-safe work happens."""
    if sys.platform != "linux":
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    sigkill = int(signal.SIGKILL)

    def in_child() -> None:
        prctl(PR_SET_PDEATHSIG, sigkill, 0, 0, 0)
        if os.getppid() != host_pid:
            os._exit(HOST_GONE_EXIT_CODE)

    return in_child
