"""Run a pip command, pass each output line on, and fail with the command and its output's tail."""

from __future__ import annotations

import shlex
import subprocess
from collections import deque
from collections.abc import Callable, Sequence

from llem.errors import ImageBuildError

OnLine = Callable[[str], None]
"""Receives each line of progress output (no trailing newline)."""
TAIL_LINES = 30


def run_pip(command: Sequence[str], on_line: OnLine) -> list[str]:
    """Run ``command``; return its output lines. A failure raises :class:`ImageBuildError`."""
    lines: list[str] = []
    try:
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line.rstrip("\n"))
                on_line(lines[-1])
    except OSError as error:
        raise ImageBuildError(f"could not run {shlex.join(command)}: {error}") from error
    if process.returncode != 0:
        raise ImageBuildError(failure_message(command, process.returncode, lines))
    return lines


def failure_message(command: Sequence[str], returncode: int, lines: Sequence[str]) -> str:
    """What failed, how, and the last lines pip wrote."""
    tail = "\n".join(f"  | {line}" for line in deque(lines, maxlen=TAIL_LINES))
    return f"pip failed (exit {returncode}): {shlex.join(command)}\n{tail}"
