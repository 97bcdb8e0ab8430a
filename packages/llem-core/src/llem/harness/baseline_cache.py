"""Cached idle-power baselines, shared by the experiments of one machine.

One JSON file (``baseline.json`` in ``measurement.baseline.cache_dir``, default llem's user cache
directory) maps a key naming the host, the sampler and the measured devices to the last idle
measurement and the number of experiments that reused it since its last check. Written atomically,
so a crash never leaves half a file; an unreadable file counts as empty.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import cattrs

from llem.results.atomic import write_json_atomic
from llem.results.models import DomainPower

CACHE_FILE = "baseline.json"


@attrs.frozen
class CachedBaseline:
    power_w: float
    domains: tuple[DomainPower, ...]
    duration_s: float
    measured_at: str
    measured_at_epoch: float
    uses_since_check: int = 0


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("llem"))


class BaselineCache:
    """Baselines by key in ``directory / baseline.json``."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / CACHE_FILE
        self._converter = cattrs.Converter()

    def get(self, key: str) -> CachedBaseline | None:
        entry = self._entries().get(key)
        try:
            return None if entry is None else self._converter.structure(entry, CachedBaseline)
        except (cattrs.BaseValidationError, TypeError, ValueError, KeyError):
            return None

    def put(self, key: str, baseline: CachedBaseline) -> None:
        entries = self._entries()
        entries[key] = self._converter.unstructure(baseline)
        write_json_atomic(self.path, entries)

    def _entries(self) -> dict[str, Any]:
        try:
            document = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return document if isinstance(document, dict) else {}
