"""One host process per study folder at a time (an advisory ``flock``, released even by
``kill -9``). The lock file is removed when the holder finishes, so a finished study carries no
stale ``.lock``."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from llem.errors import UsageError

LOCK_FILE = ".lock"


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    return handle.read().strip() or "?"


def _still_the_lock_file(path: Path, handle: IO[str]) -> bool:
    # A holder that finished unlinked the file after we opened it: our flock is then on an
    # orphan inode, and the next process would lock a new file beside us.
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False


def _acquire(study_dir: Path) -> IO[str]:
    path = study_dir / LOCK_FILE
    while True:
        handle = open(path, "a+")  # noqa: SIM115 - held open across the yield
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            handle.close()
            raise UsageError(
                f"{study_dir}: another llem process (pid {holder}) is running this study"
            ) from None
        if _still_the_lock_file(path, handle):
            return handle
        handle.close()


@contextmanager
def study_lock(study_dir: Path) -> Iterator[None]:
    """Hold the study's lock; a :class:`UsageError` if another process holds it."""
    handle = _acquire(study_dir)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        (study_dir / LOCK_FILE).unlink(missing_ok=True)
        handle.close()
