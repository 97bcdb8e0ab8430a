"""Every container llem starts carries labels naming the host process that owns it, so that a
container whose host died (even by SIGKILL) is recognised and removed."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

MANAGED = "org.llem.managed"
HOST = "org.llem.host"
OWNER = "org.llem.owner"
"""``<pid>:<start time>`` of the host process: a pid alone may be reused."""
EXPERIMENT = "org.llem.experiment"


def process_identity(pid: int) -> str | None:
    """``<pid>:<start time in clock ticks>`` from ``/proc``; ``None`` when there is no such
    process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the command name may hold spaces and ')'
    return f"{pid}:{fields[19]}"


def container_labels(experiment_dir: str) -> dict[str, str]:
    return {
        MANAGED: "true",
        HOST: socket.gethostname(),
        OWNER: process_identity(os.getpid()) or str(os.getpid()),
        EXPERIMENT: experiment_dir,
    }


def owner_alive(labels: dict[str, str]) -> bool:
    """Whether the host process named by a container's labels still runs (on this host)."""
    owner = labels.get(OWNER, "")
    pid = owner.partition(":")[0]
    if not pid.isdigit():
        return False
    if ":" in owner:
        return process_identity(int(pid)) == owner
    with contextlib.suppress(ProcessLookupError):
        os.kill(int(pid), 0)
        return True
    return False
