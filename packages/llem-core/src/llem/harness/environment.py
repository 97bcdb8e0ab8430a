"""A JSON-ready snapshot of where an experiment ran: host, OS, Python, packages, GPUs.

Each piece is read on its own and missing facts are ``None``, so a snapshot never fails.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from llem.energy.nvml_inventory import gpu_snapshot
from llem.energy.nvml_support import NvmlModule


def snapshot(
    engine_versions: dict[str, str],
    *,
    nvml: NvmlModule | None = None,
    env: Mapping[str, str] | None = None,
    root: Path = Path("/"),
    gpus: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Describe this process's environment. ``engine_versions`` come from the engine runner;
    ``gpus``: the GPU section when the energy sampler described its devices (else read through
    ``nvml``); ``nvml`` and ``root`` (where /proc and /.dockerenv are looked up) are injectable."""
    environ = os.environ if env is None else env
    return {
        "timestamp": datetime.now(UTC).isoformat(),
        "os": os_info(),
        "python": python_info(),
        "cpu": cpu_info(root),
        "memory_total_bytes": memory_total_bytes(root),
        "llem_packages": llem_package_versions(),
        "engine_versions": dict(engine_versions),
        "cuda_visible_devices": environ.get("CUDA_VISIBLE_DEVICES"),
        "cuda_device_order": environ.get("CUDA_DEVICE_ORDER"),
        **(gpu_snapshot(nvml) if gpus is None else gpus),
        "container": container_hint(root),
    }


def os_info() -> dict[str, str]:
    return {
        "platform": platform.platform(),
        "system": platform.system(),
        "kernel": platform.release(),
        "kernel_version": platform.version(),
        "machine": platform.machine(),
    }


def python_info() -> dict[str, str]:
    return {
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
    }


def cpu_info(root: Path) -> dict[str, Any]:
    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "model": _cpu_model(root) or platform.processor() or None,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(affinity(0)) if affinity else None,  # cgroup/taskset/Slurm limits
    }


def _cpu_model(root: Path) -> str | None:
    for line in _read_lines(root / "proc" / "cpuinfo"):
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model", "Hardware"):
            return value.strip()
    return None


def memory_total_bytes(root: Path) -> int | None:
    for line in _read_lines(root / "proc" / "meminfo"):
        if line.startswith("MemTotal:"):
            kibibytes = line.split()[1]
            return int(kibibytes) * 1024
    return None


def llem_package_versions() -> dict[str, str]:
    """Every installed distribution whose name starts with ``llem``."""
    versions = {}
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"] or ""
        if name.lower().startswith("llem"):
            versions[name] = distribution.version
    return dict(sorted(versions.items()))


def container_hint(root: Path) -> str | None:
    """``docker`` or ``podman`` when their marker file exists, else ``None`` (a hint, not proof)."""
    if (root / ".dockerenv").exists():
        return "docker"
    if (root / "run" / ".containerenv").exists():
        return "podman"
    return None


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()
    except OSError:
        return []
