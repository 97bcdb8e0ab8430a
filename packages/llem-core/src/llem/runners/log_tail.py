"""The end of an experiment's log, for a failure report: read safely, bounded in size."""

from __future__ import annotations

import os

TAIL_LINES = 40
TAIL_BYTES = 8192


def log_size(path: str | None) -> int:
    """Bytes in the log so far; 0 when there is no log (yet)."""
    if path is None:
        return 0
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_log_tail(path: str | None, lines: int = TAIL_LINES, max_bytes: int = TAIL_BYTES) -> str:
    """The last ``lines`` lines of the log, at most ``max_bytes`` of it; ``""`` when there is
    none. A line cut by the byte limit is dropped rather than shown half."""
    if path is None:
        return ""
    try:
        with open(path, "rb") as log:
            start = max(0, log.seek(0, os.SEEK_END) - max_bytes)
            log.seek(start)
            data = log.read(max_bytes)
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    kept = text.splitlines()
    if start > 0 and kept:
        kept = kept[1:]
    return "\n".join(kept[-lines:])
