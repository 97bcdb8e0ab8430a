"""Why an experiment process ended without a result, in words."""

from __future__ import annotations

import signal

OOM_HINT = " — the kernel's out-of-memory killer does this when memory runs out"


def describe_exit(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = str(-exitcode)
    hint = OOM_HINT if -exitcode == signal.SIGKILL else ""
    return f"killed by signal {name}{hint}"


def died_message(exitcode: int | None) -> str:
    return f"experiment process died without a result ({describe_exit(exitcode)})"
