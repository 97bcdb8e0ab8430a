"""One host process per study folder at a time (an advisory ``flock``, released even by
``kill -9``)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from llem.errors import UsageError

LOCK_FILE = ".lock"


@contextmanager
def study_lock(study_dir: Path) -> Iterator[None]:
    """Hold the study's lock; a :class:`UsageError` if another process holds it."""
    with open(study_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise UsageError(
                f"{study_dir}: another llem process (pid {holder}) is running this study"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
