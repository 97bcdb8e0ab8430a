"""Result folders named after what they hold and when: ``<name>_<UTC stamp>``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path


def new_stamped_dir(root: Path, name: str) -> Path:
    """A path ``root/<name>_<UTC stamp>`` that does not exist yet (``-2``, ``-3``, ... if taken);
    nothing is created."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate, suffix = root / f"{name}_{stamp}", 1
    while candidate.exists():
        suffix += 1
        candidate = root / f"{name}_{stamp}-{suffix}"
    return candidate
