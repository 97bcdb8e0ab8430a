"""Which processes of a process group are still running (zombies excluded: they are dead and
wait only for whoever reaps them)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def live_members(pgid: int) -> list[int]:
    """Pids in group ``pgid`` that are not zombies. Without ``/proc``, a signal-0 probe (which
    counts a zombie as alive)."""
    if not PROC.is_dir():
        return [pgid] if _group_answers(pgid) else []
    return [pid for pid, group, state in _proc_entries() if group == pgid and state != "Z"]


def _proc_entries() -> list[tuple[int, int, str]]:
    entries = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()  # the command name may hold spaces and ')'
        entries.append((int(entry.name), int(fields[2]), fields[0]))
    return entries


def _group_answers(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
