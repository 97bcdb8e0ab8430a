"""Check, without importing them, that an engine's libraries are installed here."""

from __future__ import annotations

import importlib.util
import sys

from llem.errors import RuntimeMissingError
from llem.records import EngineSpec


def missing_modules(spec: EngineSpec) -> list[str]:
    return [name for name in spec.runtime_modules if importlib.util.find_spec(name) is None]


def require_runtime(spec: EngineSpec) -> None:
    """Raise a clear error naming the install command when the engine cannot run locally."""
    missing = missing_modules(spec)
    if not missing:
        return
    hint = spec.install_hint or f"install the runtime of engine {spec.name!r}"
    raise RuntimeMissingError(
        f"engine {spec.name!r} needs {', '.join(missing)}, not installed in this Python"
        f" ({sys.executable}).\n  Install it with:  {hint}"
    )
