"""What energy libraries print while they look for devices, kept off the user's stdout.

CodeCarbon imports AMD's ``amdsmi``, which prints that ``libamd_smi.so`` is missing on every
machine without AMD GPUs; Zeus's device discovery does the same. Those lines are not llem's
output (``llem config``, an experiment's event channel): they go to the standard library's debug
log (not structlog's, which commands that log nothing leave unconfigured, printing to stdout)."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator


@contextlib.contextmanager
def prints_to_debug_log(library: str) -> Iterator[None]:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            yield
    finally:
        if printed.getvalue().strip():
            log = logging.getLogger(f"llem.energy.{library}")
            log.debug("%s printed: %s", library, printed.getvalue().strip())
