"""Which GPUs of the environment snapshot the energy figure covers."""

from __future__ import annotations

from typing import Any

from llem.energy.base import EnergyMeasurement


def measured_uuids(energy: EnergyMeasurement) -> set[str]:
    """UUIDs named in the GPU domains' labels (``"gpu:0 GPU-8fa1..."``)."""
    return {
        part
        for domain in energy.domains
        if domain.domain == "gpu"
        for part in domain.device.split()
        if part.startswith("GPU-")
    }


def measured_gpus(environment: dict[str, Any], energy: EnergyMeasurement) -> list[dict[str, Any]]:
    """The snapshot's entries for the GPUs whose energy was measured."""
    uuids = measured_uuids(energy)
    return [gpu for gpu in environment.get("gpus") or [] if gpu.get("uuid") in uuids]
