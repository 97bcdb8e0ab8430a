"""Which physical devices a measurement is of, in words that do not change between the host and
a container on it: GPU UUIDs, or the CPU model and socket count. Cached idle baselines are keyed
by it (a hostname differs inside every container; a device does not)."""

from __future__ import annotations

import os
from pathlib import Path

from llem.energy.base import DeviceIdentity, EnergySampler, MeasurementTarget
from llem.energy.nvml_devices import gpu_uuids


def device_identity(
    sampler: EnergySampler | None, target: MeasurementTarget, root: Path = Path("/")
) -> str:
    if target.device_kind != "cuda":
        return cpu_identity(root)
    uuids = _sampler_ids(sampler, target) or gpu_uuids(None, target.gpu_indices, os.environ)
    if uuids:
        return "gpu:" + ",".join(uuids)
    # Without NVML the ordinals are all there is; they hold on one machine's one view.
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    return f"cuda:{list(target.gpu_indices)} CUDA_VISIBLE_DEVICES={visible}"


def _sampler_ids(sampler: EnergySampler | None, target: MeasurementTarget) -> tuple[str, ...]:
    if isinstance(sampler, DeviceIdentity):
        return sampler.device_ids(target) or ()
    return ()


def cpu_identity(root: Path = Path("/")) -> str:
    """``cpu:<model> x<sockets>`` from ``/proc/cpuinfo`` (the host's, inside a container too)."""
    model, sockets = "unknown", set()
    for line in _cpuinfo_lines(root):
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model", "Hardware") and model == "unknown":
            model = value.strip()
        elif key.strip() == "physical id":
            sockets.add(value.strip())
    return f"cpu:{model} x{max(1, len(sockets))}"


def _cpuinfo_lines(root: Path) -> list[str]:
    try:
        return (root / "proc" / "cpuinfo").read_text(errors="replace").splitlines()
    except OSError:
        return []
