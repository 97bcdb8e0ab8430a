"""The end of an experiment's log, for a failure report: read safely, bounded in size."""

from __future__ import annotations

import os

import attrs

from llem.experiment.events import Failed, Finished

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


def with_log_tail(outcome: Finished | Failed, log_file: str | None) -> Finished | Failed:
    """A failure gets the end of the log, unless it carries one already."""
    if isinstance(outcome, Failed) and log_file is not None and not outcome.log_tail:
        return attrs.evolve(outcome, log_tail=read_log_tail(log_file))
    return outcome
