"""Map the CUDA ordinals an experiment uses to NVML devices, by UUID.

CUDA numbers the GPUs a process sees after ``CUDA_VISIBLE_DEVICES`` (a list of NVML indices, or of
GPU UUIDs or unique UUID prefixes). NVML numbers every GPU on the host in PCI bus order. An integer
entry is only the NVML index when CUDA orders devices by PCI bus too: that holds with
``CUDA_DEVICE_ORDER=PCI_BUS_ID``, or when all GPUs are the same model (CUDA's default
``FASTEST_FIRST`` then keeps PCI order). Otherwise the mapping is unknown and we refuse to guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from llem.energy.nvml_support import NvmlModule, as_text, describe_error


class GpuResolutionError(Exception):
    """A CUDA ordinal cannot be tied to one NVML device; the message says why."""


@attrs.frozen
class ResolvedGpu:
    cuda_index: int
    nvml_index: int
    uuid: str
    name: str
    handle: Any

    @property
    def label(self) -> str:
        return f"gpu:{self.cuda_index} {self.uuid}"


@attrs.frozen
class _HostGpu:
    nvml_index: int
    uuid: str
    name: str
    handle: Any


def resolve_gpus(
    nvml: NvmlModule, cuda_indices: Sequence[int], env: Mapping[str, str]
) -> list[ResolvedGpu]:
    """Resolve each CUDA ordinal to the NVML device it names (inside an NVML session)."""
    try:
        host = _host_gpus(nvml)
    except nvml.NVMLError as error:
        raise GpuResolutionError(f"cannot enumerate GPUs: {describe_error(nvml, error)}") from error
    entries = _visible_entries(env.get("CUDA_VISIBLE_DEVICES"), len(host))
    resolved = []
    for cuda_index in cuda_indices:
        if not 0 <= cuda_index < len(entries):
            raise GpuResolutionError(
                f"gpu:{cuda_index} requested but this process sees {len(entries)} GPU(s) "
                f"(CUDA_VISIBLE_DEVICES={env.get('CUDA_VISIBLE_DEVICES')!r})"
            )
        gpu = _match_entry(entries[cuda_index], host, env)
        resolved.append(ResolvedGpu(cuda_index, gpu.nvml_index, gpu.uuid, gpu.name, gpu.handle))
    return resolved


def _host_gpus(nvml: NvmlModule) -> list[_HostGpu]:
    gpus = []
    for index in range(nvml.nvmlDeviceGetCount()):
        handle = nvml.nvmlDeviceGetHandleByIndex(index)
        uuid = as_text(nvml.nvmlDeviceGetUUID(handle))
        gpus.append(_HostGpu(index, uuid, as_text(nvml.nvmlDeviceGetName(handle)), handle))
    return gpus


def _visible_entries(variable: str | None, host_count: int) -> list[str]:
    """The entries of CUDA_VISIBLE_DEVICES as CUDA reads them (unset: every GPU)."""
    if variable is None:
        return [str(index) for index in range(host_count)]
    entries = []
    for entry in (part.strip() for part in variable.split(",")):
        if not entry or entry.startswith("-"):
            break  # CUDA stops at an empty or negative entry: later ones are hidden
        entries.append(entry)
    return entries


def _match_entry(entry: str, host: list[_HostGpu], env: Mapping[str, str]) -> _HostGpu:
    if entry.isdigit():
        _check_integer_order_is_known(host, env)
        if int(entry) >= len(host):
            raise GpuResolutionError(
                f"CUDA_VISIBLE_DEVICES entry {entry} but NVML sees {len(host)} GPU(s)"
            )
        return host[int(entry)]
    if entry.startswith("MIG-"):
        raise GpuResolutionError(
            f"CUDA_VISIBLE_DEVICES names a MIG instance ({entry}): NVML's energy counter covers "
            "the whole GPU board, not one MIG slice"
        )
    return _match_uuid_prefix(entry, host)


def _match_uuid_prefix(entry: str, host: list[_HostGpu]) -> _HostGpu:
    prefix = entry if entry.startswith("GPU-") else f"GPU-{entry}"
    matches = [gpu for gpu in host if gpu.uuid.startswith(prefix)]
    if len(matches) != 1:
        found = "no GPU" if not matches else f"{len(matches)} GPUs"
        raise GpuResolutionError(f"CUDA_VISIBLE_DEVICES entry {entry!r} matches {found} by UUID")
    return matches[0]


def _check_integer_order_is_known(host: list[_HostGpu], env: Mapping[str, str]) -> None:
    models = sorted({gpu.name for gpu in host})
    if len(models) > 1 and env.get("CUDA_DEVICE_ORDER") != "PCI_BUS_ID":
        raise GpuResolutionError(
            f"this host mixes GPU models ({', '.join(models)}) and CUDA_DEVICE_ORDER is not "
            "PCI_BUS_ID, so CUDA's device numbers need not match NVML's: set "
            "CUDA_DEVICE_ORDER=PCI_BUS_ID or put GPU UUIDs in CUDA_VISIBLE_DEVICES"
        )


def gpu_uuids(
    nvml: NvmlModule | None, cuda_indices: Sequence[int], env: Mapping[str, str]
) -> tuple[str, ...] | None:
    """The UUIDs of the GPUs behind ``cuda_indices`` (``None`` when NVML cannot tell): the same
    inside a container and on its host, whatever the device numbering."""
    from llem.energy.nvml_support import NvmlUnavailableError, nvml_session

    try:
        with nvml_session(nvml) as session:
            return tuple(gpu.uuid for gpu in resolve_gpus(session, cuda_indices, env))
    except (NvmlUnavailableError, GpuResolutionError):
        return None
