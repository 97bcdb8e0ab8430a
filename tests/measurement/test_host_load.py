"""Other processes' CPU time over the window, read from /proc: real busy processes inside and
outside this process tree, and a /proc laid out by hand."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from llem.engine_api import ProgressCallback, Prompt, RequestOutput
from llem.harness.host_load import host_load, machine_ticks, read_host, tree_ticks
from llem.harness.window import measure_window
from tests.measurement.scripted import FakeClock, ScriptedRunner, prompts

linux_only = pytest.mark.skipif(not Path("/proc/stat").is_file(), reason="needs Linux /proc")

CPU_SECONDS = 1.2
SPIN = (
    "import sys, time\n"
    f"while time.process_time() < {CPU_SECONDS}: pass\n"
    "open(sys.argv[1], 'w').close()\n"
    "time.sleep(float(sys.argv[2]))\n"
)
"""Burn CPU_SECONDS of CPU time (not wall time: the machine may be shared), write the marker
file, then sleep for argv[2] seconds."""

DETACH = (
    "import subprocess, sys\n"
    "subprocess.Popen([sys.executable, '-c', sys.argv[1], *sys.argv[2:]], start_new_session=True)\n"
)
"""Start argv[1] as a grandchild and exit: the spinner leaves this test's process tree."""


def _wait_for(marker: Path, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not marker.exists():
        assert time.monotonic() < deadline, "the spinning process never finished"
        time.sleep(0.05)


@linux_only
def test_a_busy_process_outside_the_tree_is_other_load(tmp_path: Path) -> None:
    marker = tmp_path / "spun"
    before = read_host()
    subprocess.run([sys.executable, "-c", DETACH, SPIN, str(marker), "0"], check=True)
    _wait_for(marker)
    time.sleep(0.1)  # let the spinner exit; its ticks stay in /proc/stat
    load = host_load(before, read_host())
    assert load.other_cpu_core_seconds is not None and load.other_cpu_core_seconds > 0.5
    assert load.own_cpu_core_seconds is not None and load.own_cpu_core_seconds < 0.5
    assert load.other_cpu_share is not None and 0 < load.other_cpu_share <= 1
    assert load.cores is not None and load.cores >= 1 and load.reason is None
    assert load.load_average_1m_start is not None and load.load_average_1m_end is not None


@linux_only
def test_a_living_child_and_a_reaped_child_are_this_experiments_own(tmp_path: Path) -> None:
    before = read_host()
    living = subprocess.Popen([sys.executable, "-c", SPIN, str(tmp_path / "living"), "60"])
    try:
        _wait_for(tmp_path / "living")
        alive = host_load(before, read_host())
    finally:
        living.kill()
        living.wait()
    subprocess.run([sys.executable, "-c", SPIN, str(tmp_path / "reaped"), "0"], check=True)
    reaped = host_load(before, read_host())
    assert alive.own_cpu_core_seconds is not None and alive.own_cpu_core_seconds >= 0.9
    assert reaped.own_cpu_core_seconds is not None and reaped.own_cpu_core_seconds >= 1.9


class SpinningRunner(ScriptedRunner):
    """Generates by burning CPU in this process."""

    def generate(
        self, prompts: Sequence[Prompt], on_progress: ProgressCallback
    ) -> list[RequestOutput]:
        started = time.process_time()
        while time.process_time() - started < 0.5:
            pass
        return super().generate(prompts, on_progress)


@linux_only
def test_the_window_records_the_host_load() -> None:
    runner = SpinningRunner(FakeClock(), [1.0])
    window = measure_window(runner, prompts(2), None, "no sampler", lambda count: None)
    assert window.host_load.own_cpu_core_seconds is not None
    assert window.host_load.own_cpu_core_seconds >= 0.4
    assert window.host_load.cores == machine_ticks(Path("/proc"))[2]


def test_without_proc_the_cpu_figures_are_null_with_the_reason(tmp_path: Path) -> None:
    start = read_host(tmp_path / "no-proc")
    load = host_load(start, read_host(tmp_path / "no-proc"))
    assert start.cpu is None
    assert (load.cores, load.other_cpu_core_seconds, load.other_cpu_share) == (None, None, None)
    assert load.own_cpu_core_seconds is None
    assert load.reason is not None and f"{tmp_path / 'no-proc'} not readable" in load.reason


def _proc(root: Path, busy: int, idle: int, processes: dict[int, tuple[str, int, int]]) -> Path:
    """A /proc with two cores; ``processes``: pid -> (name, parent pid, ticks)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "stat").write_text(
        f"cpu  {busy} 0 0 {idle} 0 0 0 7 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\n"
        "cpu1 1 0 0 1 0 0 0 0 0 0\nintr 1 2 3\nctxt 99\n"
    )
    for pid, (name, ppid, ticks) in processes.items():
        (root / str(pid)).mkdir(exist_ok=True)
        times = f"{ticks - 3} 1 1 1"  # utime stime cutime cstime
        (root / str(pid) / "stat").write_text(
            f"{pid} ({name}) S {ppid} 1 1 0 -1 4194560 0 0 0 0 {times} 20 0 1 0 5 0 0\n"
        )
    (root / "self").mkdir(exist_ok=True)  # not a pid: skipped
    return root


def test_ticks_are_read_from_a_proc_laid_out_by_hand(tmp_path: Path) -> None:
    tree = {10: ("llem", 1, 100), 11: ("py (worker) 1", 10, 50), 12: ("x", 11, 5)}
    proc = _proc(tmp_path, 500, 1000, tree | {1: ("init", 0, 40), 20: ("other", 1, 300)})
    assert machine_ticks(proc) == (500, 1507, 2)  # total counts steal (7), busy does not
    assert tree_ticks(proc, 10) == 155
    assert tree_ticks(proc, 11) == 55


def test_other_load_is_the_machines_busy_time_less_the_trees(tmp_path: Path) -> None:
    tick = os.sysconf("SC_CLK_TCK")
    start = read_host(_proc(tmp_path / "a", 500, 1000, {10: ("llem", 1, 100)}), pid=10)
    later = {10: ("llem", 1, 100 + tick)}  # the tree used 1 s, the machine 3 s busy, 1 s idle
    end = read_host(_proc(tmp_path / "b", 500 + 3 * tick, 1000 + tick, later), pid=10)
    load = host_load(start, end)
    assert load.own_cpu_core_seconds == pytest.approx(1.0)
    assert load.other_cpu_core_seconds == pytest.approx(2.0)
    assert load.other_cpu_share == pytest.approx(0.5)  # 2 of 4 core-seconds


def test_a_window_of_fewer_than_50_ticks_per_core_has_no_share(tmp_path: Path) -> None:
    start = read_host(_proc(tmp_path / "a", 500, 1000, {10: ("llem", 1, 100)}), pid=10)
    short = read_host(_proc(tmp_path / "b", 549, 1050, {10: ("llem", 1, 100)}), pid=10)
    enough = read_host(_proc(tmp_path / "c", 550, 1050, {10: ("llem", 1, 100)}), pid=10)
    load = host_load(start, short)  # 99 ticks over 2 cores
    assert load.other_cpu_share is None and load.other_cpu_core_seconds is None
    assert load.reason is not None and "/proc counts CPU time in" in load.reason
    assert load.cores == 2 and load.own_cpu_core_seconds == 0
    assert host_load(start, enough).other_cpu_share == pytest.approx(0.5)
