"""``llem config`` without a sub-command: what this machine offers llem, at a glance."""

from __future__ import annotations

import os
import sys

from llem import __version__
from llem.cli.docker_probe import docker_status
from llem.cli.verification_view import verification_summary
from llem.config.user_config import display_path, user_config_path
from llem.energy.base import MeasurementTarget
from llem.engine_library import installed_library
from llem.plugins.host import PluginHost
from llem.records import EngineSpec
from llem.runtime_check import missing_modules

ENV_PREFIX = "LLEM_"
SAMPLER_TARGETS = (
    ("CPU run", MeasurementTarget("cpu")),
    ("GPU run", MeasurementTarget("cuda", (0,))),
)


def render_environment(host: PluginHost) -> str:
    sections = [
        [f"llem {__version__} on Python {sys.version.split()[0]} ({sys.executable})"],
        _engines(host),
        _gpus(),
        _samplers(host),
        ["docker", f"  {docker_status()}"],
        _user_config(),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)


def _engines(host: PluginHost) -> list[str]:
    lines = ["engines"]
    for name, registered in sorted(host.registry.engines.items()):
        lines.append(f"  {name:<14} {_runtime(registered.spec)}")
        lines.append(f"  {'':<14} proven: {verification_summary(registered.spec)}")
    return lines if len(lines) > 1 else ["engines", "  none installed (see `llem plugins`)"]


def _runtime(spec: EngineSpec) -> str:
    missing = missing_modules(spec)
    if missing:
        return f"runtime missing ({', '.join(missing)}): {spec.install_hint or 'see its docs'}"
    installed = installed_library(spec)
    return f"runtime ok ({' '.join(installed) if installed else 'library version unknown'})"


def _gpus() -> list[str]:
    from llem.energy.nvml_inventory import gpu_snapshot

    snapshot = gpu_snapshot()
    if not snapshot.get("gpus"):
        return ["GPUs", f"  none visible: {snapshot.get('gpus_reason', 'NVML lists none')}"]
    return ["GPUs"] + [
        f"  {index}: {gpu.get('name')} ({gpu.get('uuid')})"
        for index, gpu in enumerate(snapshot["gpus"])
    ]


def _samplers(host: PluginHost) -> list[str]:
    from llem.energy.select import probe_sampler

    lines = ["energy samplers (could each measure a run on the CPU / on GPU 0?)"]
    for name, registered in sorted(host.registry.energy_samplers.items()):
        lines.append(f"  {name}")
        for label, target in SAMPLER_TARGETS:
            lines.append(f"    {label:<8} {probe_sampler(registered.spec, target)}")
    return lines


def _user_config() -> list[str]:
    path = user_config_path(os.environ)
    state = "present" if path.exists() else "absent: built-in defaults apply"
    lines = ["user config", f"  {display_path(path)} ({state})"]
    if path.exists():
        lines += [f"    {line}" for line in path.read_text(encoding="utf-8").splitlines()]
    variables = sorted(key for key in os.environ if key.startswith(ENV_PREFIX))
    lines += [f"  {key}={os.environ[key]}" for key in variables]
    return lines
