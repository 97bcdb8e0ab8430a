"""Start ``python -m llem.experiment JOB.json --events -`` as a child of the host, leading its
own process group, dying with the host, its events on a pipe and its output in the job's log."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from llem.runners.local.guard import start_group_guard
from llem.runners.local.isolation import die_with_host
from llem.runners.local.process import ExperimentProcess


def experiment_command(job_file: Path) -> list[str]:
    return [sys.executable, "-m", "llem.experiment", str(job_file), "--events", "-"]


def child_environment() -> dict[str, str]:
    """The host's environment, and its ``sys.path`` as ``PYTHONPATH`` so that the child finds
    the same plugins (a path added at run time, as a test does, included)."""
    path = os.pathsep.join(entry for entry in sys.path if entry)
    return {**os.environ, "PYTHONPATH": path}


@contextlib.contextmanager
def _output(log_file: str | None) -> Iterator[int | None]:
    """The child's stderr (and, through the channel, its stdout): the log file, or the host's."""
    if log_file is None:
        yield None
        return
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        yield fd
    finally:
        os.close(fd)


def spawn_experiment(job_file: Path, log_file: str | None) -> ExperimentProcess:
    with _output(log_file) as stderr:
        process = subprocess.Popen(
            experiment_command(job_file),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=child_environment(),
            process_group=0,
            preexec_fn=die_with_host(os.getpid()),
        )
    return ExperimentProcess(process, start_group_guard(process.pid))
