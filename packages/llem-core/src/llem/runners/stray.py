"""Lines on an event channel that are no event (something else wrote there) are kept: appended
to the experiment's log, or written to the host's stderr when it has none."""

from __future__ import annotations

import sys
from collections.abc import Callable


def stray_output(log_file: str | None) -> Callable[[str], None]:
    def keep(line: str) -> None:
        if log_file is None:
            print(line, file=sys.stderr)
            return
        with open(log_file, "a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(line + "\n")

    return keep
