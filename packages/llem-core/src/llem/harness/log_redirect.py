"""Send everything the experiment process writes (our logs, the engine library's prints, native
code writing to fd 1 or 2) to its log file."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def redirect_output(log_file: str) -> None:
    """Point fds 1 and 2 at ``log_file`` (appended to) and reopen ``sys.stdout`` and
    ``sys.stderr`` on them, line-buffered so the log grows as the experiment goes."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = _line_buffered(1)
    sys.stderr = _line_buffered(2)


def _line_buffered(fd: int) -> TextIO:
    return open(  # lives as long as the process
        fd, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False
    )
