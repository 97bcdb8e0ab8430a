"""Other processes' CPU time during the measured window: the machine's busy time from
``/proc/stat`` (inside a container, the host's) less this experiment's process tree, read at the
window's edges (outside the energy window), and the 1-minute load average."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from llem.results.models import HostLoad

PROC = Path("/proc")
MIN_TICKS_PER_CORE = 50
"""A shorter window is too coarse: /proc counts CPU time in clock ticks (10 ms on most
kernels), and each edge's reading can be a tick off on every core."""
_BUSY = (0, 1, 2, 5, 6)  # user, nice, system, irq, softirq; guest time is inside user
_ALL = slice(0, 8)  # the above with idle, iowait and steal (time another VM took)


@attrs.frozen
class CpuTicks:
    """Clock ticks since boot: the machine's busy and total time (all cores) and this process
    tree's own."""

    busy: int
    total: int
    own: int
    cores: int


@attrs.frozen
class HostReading:
    """One edge of the window; ``cpu`` is ``None`` with ``reason`` where /proc cannot be read."""

    cpu: CpuTicks | None
    load_1m: float | None
    reason: str | None = None


def read_host(proc: Path = PROC, pid: int | None = None) -> HostReading:
    """The machine's and this process tree's CPU ticks now (``pid``: the tree's root)."""
    try:
        busy, total, cores = machine_ticks(proc)
        cpu = CpuTicks(busy, total, tree_ticks(proc, os.getpid() if pid is None else pid), cores)
    except (OSError, ValueError, IndexError) as error:
        return HostReading(None, _load_1m(), f"{proc} not readable ({error})")
    return HostReading(cpu, _load_1m())


def machine_ticks(proc: Path) -> tuple[int, int, int]:
    """Busy and total ticks of all cores, and the number of cores, from ``/proc/stat``."""
    lines = (proc / "stat").read_text().splitlines()
    fields = [int(value) for value in lines[0].split()[1:]]
    cores = sum(line.startswith("cpu") and line[3:4].isdigit() for line in lines)
    return sum(fields[i] for i in _BUSY), sum(fields[_ALL]), cores


def tree_ticks(proc: Path, root: int) -> int:
    """User and system ticks of ``root`` and its living descendants, with those of the children
    each has waited for (so a child that exits inside the window keeps its ticks in the tree)."""
    processes = _processes(proc)
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    tree, frontier = [root], [root]
    while frontier:
        descendants = children.get(frontier.pop(), [])
        tree += descendants
        frontier += descendants
    return sum(processes[pid][1] for pid in tree if pid in processes)


def _processes(proc: Path) -> dict[int, tuple[int, int]]:
    """Every visible process: pid -> (parent pid, utime + stime + cutime + cstime)."""
    processes = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:  # exited since the listing
            continue
        fields = text[text.rindex(")") + 2 :].split()  # the name may hold spaces and parentheses
        processes[int(entry.name)] = (int(fields[1]), sum(map(int, fields[11:15])))
    return processes


def _load_1m() -> float | None:
    getloadavg = getattr(os, "getloadavg", None)
    try:
        return getloadavg()[0] if getloadavg else None
    except OSError:
        return None


def _reason(start: HostReading, end: HostReading) -> str | None:
    reasons = [start.reason or end.reason or ""]
    if start.load_1m is None or end.load_1m is None:
        reasons.append("this system reports no load average")
    return "; ".join(reason for reason in reasons if reason) or None


def _too_short(tick: int) -> str:
    return (
        f"the window is shorter than {MIN_TICKS_PER_CORE / tick:g} s: /proc counts CPU time in "
        f"{1000 / tick:g} ms clock ticks, too coarse to tell other processes' share"
    )


def host_load(start: HostReading, end: HostReading) -> HostLoad:
    """What happened between two readings; other processes' figures ``None`` with the reason
    when either edge could not read /proc or the window is too short for its clock ticks."""
    loads = (start.load_1m, end.load_1m)
    if start.cpu is None or end.cpu is None:
        return HostLoad(None, None, None, None, *loads, _reason(start, end))
    tick = os.sysconf("SC_CLK_TCK")
    total = end.cpu.total - start.cpu.total
    own = end.cpu.own - start.cpu.own
    other = max(0, end.cpu.busy - start.cpu.busy - own)  # ticks are sampled: tiny negatives
    if total < MIN_TICKS_PER_CORE * end.cpu.cores:
        return HostLoad(end.cpu.cores, None, None, own / tick, *loads, _too_short(tick))
    share = other / total
    return HostLoad(end.cpu.cores, other / tick, share, own / tick, *loads, _reason(start, end))
